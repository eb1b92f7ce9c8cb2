// SPDX-License-Identifier: GPL-2.0
/*
 * How the SSPI entry points take their arguments: package names as
 * counted strings, compared as Windows compares them, and memory handed
 * back through FreeContextBuffer() from the contexts its kernel-doc names.
 */

#include <linux/completion.h>
#include <linux/timer.h>
#include <kunit/test.h>

#include <ksecdd/sspi.h>

#include "suites.h"

/* QuerySecurityPackageInfoW() of @len UTF-16 units of @units */
static SECURITY_STATUS query(const SEC_WCHAR *units, u16 len)
{
	SECURITY_STRING name = {
		.Length = len * 2, .MaximumLength = len * 2,
		.Buffer = (SEC_WCHAR *)units,
	};
	SecPkgInfoW *info = NULL;
	SECURITY_STATUS st;

	st = QuerySecurityPackageInfoW(&name, &info);
	if (st == SEC_E_OK)
		FreeContextBuffer(info);
	return st;
}

static void sspi_calls_package_names(struct kunit *test)
{
	static const SEC_WCHAR ntlm[] = { 'N', 'T', 'L', 'M' };
	static const SEC_WCHAR lower[] = { 'k', 'e', 'r', 'b', 'e', 'r', 'o',
					   's' };
	static const SEC_WCHAR nul[] = { 'N', 'T', 'L', 'M', 0, 'x' };
	static const SEC_WCHAR lone_low[] = { 'N', 'T', 0xdc00, 'L', 'M' };
	static const SEC_WCHAR lone_high[] = { 'N', 'T', 'L', 'M', 0xd800 };
	static const SEC_WCHAR latin1[] = { 'N', 'T', 'L', 'M', 0xe9 };
	static const SEC_WCHAR trailing_nul[] = { 'N', 'T', 'L', 'M', 0 };

	KUNIT_EXPECT_EQ(test, query(ntlm, ARRAY_SIZE(ntlm)), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, query(lower, ARRAY_SIZE(lower)), SEC_E_OK);
	/* the counted string is the name: nothing inside it is skipped */
	KUNIT_EXPECT_EQ(test, query(nul, ARRAY_SIZE(nul)),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, query(trailing_nul, ARRAY_SIZE(trailing_nul)),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, query(lone_low, ARRAY_SIZE(lone_low)),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, query(lone_high, ARRAY_SIZE(lone_high)),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, query(latin1, ARRAY_SIZE(latin1)),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, query(ntlm, 0), SEC_E_SECPKG_NOT_FOUND);
}

struct softirq_free {
	struct timer_list timer;
	void *buf;
	SECURITY_STATUS status;
	struct completion done;
};

static void free_in_softirq(struct timer_list *t)
{
	struct softirq_free *f = from_timer(f, t, timer);

	f->status = FreeContextBuffer(f->buf);
	complete(&f->done);
}

/*
 * FreeContextBuffer() promises any context but hard interrupt: free from
 * a timer (softirq) a buffer handed out in process context, with another
 * handed out after it.  Lockdep sees the registry's lock taken in both.
 */
static void sspi_calls_free_in_softirq(struct kunit *test)
{
	struct softirq_free f = { .status = SEC_E_INTERNAL_ERROR };
	SecPkgInfoW *info;
	u32 n;

	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&n, &info), SEC_E_OK);
	f.buf = info;
	init_completion(&f.done);
	timer_setup_on_stack(&f.timer, free_in_softirq, 0);
	mod_timer(&f.timer, jiffies + 1);
	wait_for_completion(&f.done);
	del_timer_sync(&f.timer);
	destroy_timer_on_stack(&f.timer);
	KUNIT_EXPECT_EQ(test, f.status, SEC_E_OK);

	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&n, &info), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);
}

static struct kunit_case ksecdd_sspi_calls_cases[] = {
	KUNIT_CASE(sspi_calls_package_names),
	KUNIT_CASE(sspi_calls_free_in_softirq),
	{}
};

struct kunit_suite ksecdd_sspi_calls_suite = {
	.name = "ksecdd_sspi_calls",
	.test_cases = ksecdd_sspi_calls_cases,
};
