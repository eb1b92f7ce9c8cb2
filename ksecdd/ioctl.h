/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_IOCTL_H
#define _KSECDD_IOCTL_H

#include <linux/fs.h>

long ksecdd_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _KSECDD_IOCTL_H */
