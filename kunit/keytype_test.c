// SPDX-License-Identifier: GPL-2.0
/*
 * The ".ksecdd" key type and the module keyring.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <keys/user-type.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/keytype.h"

#include "suites.h"

#define GOOD_DESC	"Kerberos:0123456789abcdef"

/*
 * key_create_or_update() looks the type up by name before anything else:
 * an unregistered type gives -ENODEV, ours reaches ->preparse, which refuses
 * anyone but ksecdd.
 */
static void keytype_registered_and_refuses_instantiation(struct kunit *test)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(ksecdd_keyring, true),
				   KSECDD_KEY_TYPE_NAME, GOOD_DESC, "x", 1,
				   KEY_POS_ALL, KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_ASSERT_TRUE(test, IS_ERR(ref));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ref), -EPERM);
}

static void keytype_name_is_hidden_from_userspace(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, ksecdd_key_type.name, ".ksecdd");
	/* keyctl.c refuses any type name starting with a dot from userspace */
	KUNIT_EXPECT_EQ(test, ksecdd_key_type.name[0], '.');
	KUNIT_EXPECT_NULL(test, ksecdd_key_type.read);
	KUNIT_EXPECT_NULL(test, ksecdd_key_type.update);
}

static void keytype_vets_description(struct kunit *test)
{
	static const char * const bad[] = {
		"", ":0123456789abcdef", "Kerberos", "Kerberos:",
		"Kerberos:0123456789abcde", "Kerberos:0123456789abcdef0",
		"Kerberos:0123456789ABCDEF", "Kerberos:0123456789abcdeg",
		"Ker beros:0123456789abcdef", "a/b:0123456789abcdef",
		"Kerberos:01234567:9abcdef",
		"ThisPackageNameIsLongerThan32Chars:0123456789abcdef",
		"SeventeenLetters_:0123456789abcdef",
		/* Latin-1 letters, which the kernel's isalnum() accepts */
		"\xc0\xc1:0123456789abcdef", "Kerb\xe9ros:0123456789abcdef",
		"Kerberos:0123456789abcde\xe9",
	};
	static const char * const good[] = {
		GOOD_DESC, "NTLM:ffffffffffffffff", "a:0000000000000000",
		"Pkg_name-2:0123456789abcdef", "SixteenLetters_x:0123456789abcdef",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_key_type.vet_description(bad[i]),
				    -EINVAL, "\"%s\"", bad[i]);
	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_key_type.vet_description(good[i]),
				    0, "\"%s\"", good[i]);
}

static void keyring_properties(struct kunit *test)
{
	struct key *keyring = ksecdd_keyring;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, keyring);
	KUNIT_EXPECT_PTR_EQ(test, keyring->type, &key_type_keyring);
	KUNIT_EXPECT_STREQ(test, keyring->description, ".ksecdd");
	KUNIT_EXPECT_TRUE(test, uid_eq(keyring->uid, GLOBAL_ROOT_UID));
	KUNIT_EXPECT_TRUE(test, test_bit(KEY_FLAG_KEEP, &keyring->flags));
	KUNIT_EXPECT_FALSE(test, test_bit(KEY_FLAG_IN_QUOTA, &keyring->flags));
	KUNIT_EXPECT_EQ(test, key_validate(keyring), 0);
	KUNIT_EXPECT_EQ(test, key_read_state(keyring), KEY_IS_POSITIVE);
}

/* A "user" key cannot be linked into the module keyring by anyone. */
static void keyring_refuses_other_types(struct kunit *test)
{
	struct key *key;
	key_ref_t ref;
	int err;

	ref = key_create_or_update(make_key_ref(ksecdd_keyring, true), "user",
				   "not-a-context", "x", 1, KEY_POS_ALL,
				   KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_ASSERT_TRUE(test, IS_ERR(ref));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ref), -EPERM);

	key = key_alloc(&key_type_user, "not-a-context", GLOBAL_ROOT_UID,
			GLOBAL_ROOT_GID, current_cred(), KEY_POS_ALL,
			KEY_ALLOC_NOT_IN_QUOTA, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	err = key_instantiate_and_link(key, "x", 1, ksecdd_keyring, NULL);
	KUNIT_EXPECT_EQ(test, err, -EPERM);
	key_revoke(key);
	key_put(key);
}

/* The restriction admits our own type: the only way contexts get in. */
static void keyring_admits_own_type(struct kunit *test)
{
	struct key_restriction *restriction = ksecdd_keyring->restrict_link;

	KUNIT_ASSERT_NOT_NULL(test, restriction);
	KUNIT_ASSERT_NOT_NULL(test, restriction->check);
	KUNIT_EXPECT_EQ(test, restriction->check(ksecdd_keyring,
						 &ksecdd_key_type, NULL, NULL),
			0);
	KUNIT_EXPECT_EQ(test, restriction->check(ksecdd_keyring,
						 &key_type_keyring, NULL, NULL),
			-EPERM);
	KUNIT_EXPECT_PTR_EQ(test, restriction->keytype, &ksecdd_key_type);
}

static struct kunit_case ksecdd_keytype_cases[] = {
	KUNIT_CASE(keytype_registered_and_refuses_instantiation),
	KUNIT_CASE(keytype_name_is_hidden_from_userspace),
	KUNIT_CASE(keytype_vets_description),
	KUNIT_CASE(keyring_properties),
	KUNIT_CASE(keyring_refuses_other_types),
	KUNIT_CASE(keyring_admits_own_type),
	{}
};

struct kunit_suite ksecdd_keytype_suite = {
	.name = "ksecdd_keytype",
	.test_cases = ksecdd_keytype_cases,
};

