// SPDX-License-Identifier: GPL-2.0
/*
 * Sealing: the names sealing keys may have.
 */

#include <kunit/test.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/seal.h"

#include "suites.h"
#include "util.h"

/* One rule for names, ASCII: the kernel's isalnum() takes Latin-1 too. */
static void seal_names_are_ascii(struct kunit *test)
{
	static const char * const bad[] = {
		"\xc0\xc1", "caf\xe9", "\xff", "bad/name", "a:b", "sp ace",
		"a-name-that-is-too-long",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_seal_select(bad[i]), -EINVAL,
				    "\"%s\"", bad[i]);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("Cluster-1.a_b\n"), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("sixteen-letters."), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);

	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("\xc0\xc1", 2, 16,
							  true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("a.b", 3, 16,
							  false));
	KUNIT_EXPECT_TRUE(test, ksecdd_packed_valid_name("a.b", 3, 16, true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("", 0, 16, true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("abc", 3, 2, true));
}

static struct kunit_case ksecdd_seal_cases[] = {
	KUNIT_CASE(seal_names_are_ascii),
	{}
};

struct kunit_suite ksecdd_seal_suite = {
	.name = "ksecdd_seal",
	.test_cases = ksecdd_seal_cases,
};
