/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_BUFFER_H
#define _KSECDD_BUFFER_H

#include <linux/types.h>

void *ksecdd_buffer_alloc(size_t size);
int ksecdd_buffer_free(void *buf);
void ksecdd_buffer_exit(void);

#endif /* _KSECDD_BUFFER_H */
