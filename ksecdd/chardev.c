// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ksecdd, the device userspace reaches ksecdd through.
 *
 * The node is world-accessible; each ioctl (ioctl.c) checks what its
 * caller may do.  The device pins the module while it is open.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "chardev.h"
#include "ioctl.h"

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
