/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_CHARDEV_H
#define _KSECDD_CHARDEV_H

int ksecdd_chardev_init(void);
void ksecdd_chardev_exit(void);

#endif /* _KSECDD_CHARDEV_H */
