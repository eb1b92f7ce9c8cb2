// SPDX-License-Identifier: GPL-2.0
/*
 * Sealing: who may provision and select sealing keys, and the names they
 * may have.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <keys/user-type.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/seal.h"

#include "suites.h"
#include "util.h"

static key_ref_t try_provision(const char *desc, const u8 *key)
{
	return key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				    "logon", desc, key, 32,
				    KEY_POS_ALL | KEY_USR_VIEW,
				    KEY_ALLOC_NOT_IN_QUOTA);
}

/*
 * uid 0 is not enough to decide what "sealed" means: without
 * CAP_SYS_ADMIN neither a key may be provisioned nor one selected.
 */
static void seal_knobs_need_cap_sys_admin(struct kunit *test)
{
	const struct cred *old;
	u8 secret[32] = { 1 };
	key_ref_t ref;

	old = become(test, 0, false);
	ref = try_provision("ksecdd:capless", secret);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ref), -EPERM);
	if (!IS_ERR(ref)) {
		key_invalidate(key_ref_to_ptr(ref));
		key_ref_put(ref);
	}
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("capless"), -EPERM);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);

	/* the same as root with its capabilities */
	old = become(test, 0, true);
	ref = try_provision("ksecdd:admin", secret);
	KUNIT_EXPECT_FALSE(test, IS_ERR(ref));
	if (!IS_ERR(ref)) {
		key_invalidate(key_ref_to_ptr(ref));
		key_ref_put(ref);
	}
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("admin"), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	revert_creds(old);
}

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
	KUNIT_CASE(seal_knobs_need_cap_sys_admin),
	KUNIT_CASE(seal_names_are_ascii),
	{}
};

struct kunit_suite ksecdd_seal_suite = {
	.name = "ksecdd_seal",
	.test_cases = ksecdd_seal_cases,
};
