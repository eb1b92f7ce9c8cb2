/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * /dev/ksecdd: userspace access to ksecdd security contexts.
 *
 * Conventions shared by every ioctl:
 *
 * - Every argument struct starts with a __u32 size that the caller sets to
 *   sizeof() of the struct it was compiled with.  The kernel accepts a
 *   shorter struct from an older caller and a longer one from a newer caller
 *   as long as the bytes it does not know are zero (E2BIG otherwise).  The
 *   command number is matched on its type and number only, so a struct can
 *   grow without a new command.
 * - Only fixed-width types, explicit padding, pointers carried as __u64:
 *   the layout is the same for 32-bit and 64-bit callers.
 * - Reserved fields and unknown flags must be zero (EINVAL otherwise).
 * - When the SSPI operation ran, the ioctl returns 0 and its result is the
 *   SECURITY_STATUS in the struct's status field.  A negative return with
 *   errno is a transport fault only: EFAULT, EINVAL (malformed struct),
 *   E2BIG, ENOTTY (unknown command).
 */
#ifndef _UAPI_LINUX_KSECDD_H
#define _UAPI_LINUX_KSECDD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Version of this ABI, reported by KSECDD_IOC_VERSION. */
#define KSECDD_ABI_VERSION	1

/*
 * ioctl type byte 0xB9: unclaimed in Documentation/userspace-api/ioctl/
 * ioctl-number.rst of Linux 6.1; ksecdd uses numbers 0x00-0x1F.
 */
#define KSECDD_IOC_MAGIC	0xB9

/**
 * struct ksecdd_ioc_version - KSECDD_IOC_VERSION
 * @size:		in: sizeof(struct ksecdd_ioc_version)
 * @abi_version:	out: KSECDD_ABI_VERSION of the running module
 */
struct ksecdd_ioc_version {
	__u32 size;
	__u32 abi_version;
};

#define KSECDD_IOC_VERSION_SIZE_VER0	8

#define KSECDD_IOC_VERSION	_IOWR(KSECDD_IOC_MAGIC, 0x00, struct ksecdd_ioc_version)

#endif /* _UAPI_LINUX_KSECDD_H */
