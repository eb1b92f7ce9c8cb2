// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for ksecdd.  They live in a module of their own, loaded after
 * ksecdd, and run from this module's init rather than from KUnit's module
 * notifier, so that the "filter" parameter can pick which suites run:
 *
 *	modprobe ksecdd_kunit filter=ksecdd_status
 */

#include <linux/glob.h>
#include <linux/module.h>
#include <kunit/test.h>
#include <ksecdd/ksecdd.h>

#include "suites.h"

static char *filter = "*";
module_param(filter, charp, 0444);
MODULE_PARM_DESC(filter, "glob naming the suites to run (default: all)");

static struct kunit_suite *ksecdd_kunit_suites[] = {
	&ksecdd_status_suite,
	&ksecdd_sspi_suite,
	&ksecdd_sspi_calls_suite,
	&ksecdd_keytype_suite,
	&ksecdd_import_suite,
	&ksecdd_context_suite,
	&ksecdd_krb5_kdf_suite,
	&ksecdd_krb5_wrap_suite,
	&ksecdd_ntlm_suite,
	&ksecdd_faults_suite,
	&ksecdd_seal_suite,
	&ksecdd_handshake_suite,
};

static struct kunit_suite *ksecdd_kunit_selected[ARRAY_SIZE(ksecdd_kunit_suites)];
static int ksecdd_kunit_nr_selected;

static int __init ksecdd_kunit_init(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ksecdd_kunit_suites); i++)
		if (glob_match(filter, ksecdd_kunit_suites[i]->name))
			ksecdd_kunit_selected[ksecdd_kunit_nr_selected++] =
				ksecdd_kunit_suites[i];

	return __kunit_test_suites_init(ksecdd_kunit_selected,
					ksecdd_kunit_nr_selected);
}

static void __exit ksecdd_kunit_exit(void)
{
	__kunit_test_suites_exit(ksecdd_kunit_selected,
				 ksecdd_kunit_nr_selected);
}

module_init(ksecdd_kunit_init);
module_exit(ksecdd_kunit_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for ksecdd");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(KSECDD_NS);
