// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ksecdd, the device userspace reaches ksecdd through.
 *
 * The node is world-accessible; each ioctl (ioctl.c) checks what its
 * caller may do.  The device pins the module while it is open.  An open
 * file that attached as the broker (broker.c) reads requests, polls for
 * them, and detaches when it is closed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "broker.h"
#include "chardev.h"
#include "ioctl.h"
#include "stats.h"

/* private_data is the broker, once the file attached as one. */
static int ksecdd_open(struct inode *inode, struct file *file)
{
	/* misc_open() left the miscdevice there */
	file->private_data = NULL;
	return nonseekable_open(inode, file);
}

static const struct file_operations ksecdd_fops = {
	.owner		= THIS_MODULE,
	.open		= ksecdd_open,
	.release	= ksecdd_broker_file_release,
	.read_iter	= ksecdd_broker_read_iter,
	.poll		= ksecdd_broker_file_poll,
	.unlocked_ioctl	= ksecdd_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice ksecdd_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ksecdd",
	.fops	= &ksecdd_fops,
	.mode	= 0666,
	.groups	= ksecdd_stats_groups,
};

int __init ksecdd_chardev_init(void)
{
	return misc_register(&ksecdd_miscdev);
}

void ksecdd_chardev_exit(void)
{
	misc_deregister(&ksecdd_miscdev);
}
