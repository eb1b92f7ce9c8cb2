/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_IMPERSONATE_H
#define _KSECDD_IMPERSONATE_H

void ksecdd_impersonate_exit(void);

#endif /* _KSECDD_IMPERSONATE_H */
