// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_bench: the in-kernel half of `make bench`.
 *
 * Writing a benchmark's name to /sys/kernel/debug/ksecdd_bench/run runs
 * it in the writer's context (root, whose CAP_SYS_ADMIN raw imports
 * need) and appends its rows to .../results, one line each:
 *
 *   ksecdd-bench row ITEM NAME KSECDD-RATE REFERENCE-RATE RATIO
 *   ksecdd-bench value ITEM NAME VALUE UNIT
 *
 * Rates are operations per second; RATIO is the median over the rounds
 * of the ksecdd rate over the reference rate.  kunit/bench-report turns
 * the lines into the table.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <ksecdd/ksecdd.h>

#include "bench.h"

#define RESULTS_MAX	(64 * 1024)

unsigned int bench_rounds = 7;
module_param_named(rounds, bench_rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds per pair, the median is kept (odd)");

unsigned int bench_slice_ms = 200;
module_param_named(slice_ms, bench_slice_ms, uint, 0444);
MODULE_PARM_DESC(slice_ms, "milliseconds each side of a pair runs per round");

char *bench_krb5_dir = "/usr/lib/ksecdd/krb5";
module_param_named(krb5_dir, bench_krb5_dir, charp, 0444);
MODULE_PARM_DESC(krb5_dir, "where krb5_peer's contexts are, ENCTYPE/acceptor.ksdc");

unsigned int bench_scale_count = 1000000;
module_param_named(scale, bench_scale_count, uint, 0444);
MODULE_PARM_DESC(scale, "contexts the scale benchmark imports, in tenths");

static DEFINE_MUTEX(bench_lock);
static char *results;
static size_t results_len;
static struct dentry *bench_dir;

/**
 * bench_print() - append a line to the results
 * @fmt: printf format
 *
 * Called with bench_lock held, from a benchmark; a full buffer drops the
 * line, which the report then misses.
 */
void bench_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	results_len += vscnprintf(results + results_len,
				  RESULTS_MAX - results_len, fmt, ap);
	va_end(ap);
}

static const struct {
	const char *name;
	int (*run)(void);
} benches[] = {
	{ "keys", bench_keys },
	{ "lookup", bench_lookup },
	{ "message", bench_message },
	{ "msgparts", bench_msgparts },
	{ "sunrpc", bench_sunrpc },
	{ "memory", bench_memory },
	{ "scale", bench_scale },
};

static int run_bench(const char *name)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(benches); i++) {
		if (strcmp(name, benches[i].name))
			continue;
		pr_info("%s: running\n", name);
		err = benches[i].run();
		if (err)
			bench_print("ksecdd-bench error %s %d\n", name, err);
		pr_info("%s: done (%d)\n", name, err);
		return err;
	}
	return -EINVAL;
}

static ssize_t run_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	char name[16];
	int err;

	if (count >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, buf, count))
		return -EFAULT;
	name[count] = '\0';

	if (mutex_lock_interruptible(&bench_lock))
		return -EINTR;
	err = run_bench(strim(name));
	mutex_unlock(&bench_lock);
	return err ?: count;
}

static ssize_t results_read(struct file *file, char __user *buf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret;

	if (mutex_lock_interruptible(&bench_lock))
		return -EINTR;
	ret = simple_read_from_buffer(buf, count, ppos, results, results_len);
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.llseek = noop_llseek,
};

static const struct file_operations results_fops = {
	.owner = THIS_MODULE,
	.read = results_read,
	.llseek = default_llseek,
};

static int __init bench_init(void)
{
	if (bench_rounds < 1 || bench_slice_ms < 1)
		return -EINVAL;
	results = kvzalloc(RESULTS_MAX, GFP_KERNEL);
	if (!results)
		return -ENOMEM;
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("run", 0200, bench_dir, NULL, &run_fops);
	debugfs_create_file("results", 0400, bench_dir, NULL, &results_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	debugfs_remove(bench_dir);
	kvfree(results);
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_DESCRIPTION("ksecdd benchmarks against the primitives underneath");
MODULE_IMPORT_NS(KSECDD_NS);
MODULE_LICENSE("GPL");
