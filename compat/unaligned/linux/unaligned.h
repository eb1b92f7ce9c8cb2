/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux 6.12 moved the unaligned access helpers from <asm/unaligned.h> to
 * <linux/unaligned.h>.  compat/Kbuild.include puts this directory on the
 * include path only for kernels without the new header, so that ksecdd
 * includes <linux/unaligned.h> everywhere.
 */
#ifndef _KSECDD_COMPAT_LINUX_UNALIGNED_H
#define _KSECDD_COMPAT_LINUX_UNALIGNED_H

#include <asm/unaligned.h>

#endif /* _KSECDD_COMPAT_LINUX_UNALIGNED_H */
