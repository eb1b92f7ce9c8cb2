// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ksecdd and its ioctls.
 *
 * The node is world-accessible; each ioctl checks what its caller may do.
 * Arguments are extensible structs led by their size (see
 * include/uapi/linux/ksecdd.h), so commands are matched on direction, type
 * and number, not on the size encoded in the command.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/ksecdd.h>

#include "chardev.h"

#define KSECDD_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* No argument struct is anywhere near this; larger sizes are garbage. */
#define KSECDD_IOC_SIZE_MAX	PAGE_SIZE

/*
 * Copy in an ioctl struct whose first member is its __u32 size.  The size is
 * read once and written back over the copy, so a caller changing it between
 * the two reads gains nothing.
 */
static int ksecdd_copy_struct_in(void *dst, size_t ksize,
				 const void __user *src, size_t minsize,
				 u32 *usize)
{
	u32 size;
	int err;

	if (get_user(size, (const u32 __user *)src))
		return -EFAULT;
	if (size < minsize)
		return -EINVAL;
	if (size > KSECDD_IOC_SIZE_MAX)
		return -E2BIG;

	err = copy_struct_from_user(dst, ksize, src, size);
	if (err)
		return err;
	*(u32 *)dst = size;
	*usize = size;
	return 0;
}

static int ksecdd_copy_struct_out(void __user *dst, const void *src,
				  size_t ksize, u32 usize)
{
	if (copy_to_user(dst, src, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}

static long ksecdd_ioc_version(void __user *uarg)
{
	struct ksecdd_ioc_version ver;
	u32 usize;
	int err;

	err = ksecdd_copy_struct_in(&ver, sizeof(ver), uarg,
				    KSECDD_IOC_VERSION_SIZE_VER0, &usize);
	if (err)
		return err;

	ver.abi_version = KSECDD_ABI_VERSION;
	return ksecdd_copy_struct_out(uarg, &ver, sizeof(ver), usize);
}

static long ksecdd_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (KSECDD_IOC_BASE(cmd)) {
	case KSECDD_IOC_BASE(KSECDD_IOC_VERSION):
		return ksecdd_ioc_version(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ksecdd_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.llseek		= no_llseek,
	.unlocked_ioctl	= ksecdd_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice ksecdd_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ksecdd",
	.fops	= &ksecdd_fops,
	.mode	= 0666,
};

int __init ksecdd_chardev_init(void)
{
	return misc_register(&ksecdd_miscdev);
}

void ksecdd_chardev_exit(void)
{
	misc_deregister(&ksecdd_miscdev);
}
