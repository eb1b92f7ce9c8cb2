// SPDX-License-Identifier: GPL-2.0
/*
 * errno <-> SECURITY_STATUS mapping.
 */

#include <kunit/test.h>
#include <linux/errno.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/status.h"

#include "suites.h"

/* Every row maps both ways and lands back on the same status. */
static void status_table_round_trips(struct kunit *test)
{
	size_t i;

	KUNIT_ASSERT_GT(test, ksecdd_status_table_size, 0);
	for (i = 0; i < ksecdd_status_table_size; i++) {
		SECURITY_STATUS status = ksecdd_status_table[i].status;
		int err = -ksecdd_status_table[i].err;
		int back = ksecdd_status_to_errno(status);

		KUNIT_EXPECT_EQ_MSG(test, ksecdd_status_from_errno(err), status,
				    "row %zu: errno %d", i, err);
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_status_from_errno(back),
				    status, "row %zu: status %#x", i, status);
	}
}

/* The first row of each status names the errno it maps back to. */
static void status_first_row_is_canonical(struct kunit *test)
{
	size_t i, j;

	for (i = 0; i < ksecdd_status_table_size; i++) {
		bool first = true;

		for (j = 0; j < i; j++)
			if (ksecdd_status_table[j].status ==
			    ksecdd_status_table[i].status)
				first = false;
		if (!first)
			continue;
		KUNIT_EXPECT_EQ_MSG(test,
				    ksecdd_status_to_errno(ksecdd_status_table[i].status),
				    -ksecdd_status_table[i].err, "row %zu", i);
	}
}

/* Each errno appears once, or errno -> status would be ambiguous. */
static void status_errnos_unique(struct kunit *test)
{
	size_t i, j;

	for (i = 0; i < ksecdd_status_table_size; i++)
		for (j = i + 1; j < ksecdd_status_table_size; j++)
			KUNIT_EXPECT_NE_MSG(test, ksecdd_status_table[i].err,
					    ksecdd_status_table[j].err,
					    "rows %zu and %zu", i, j);
}

static void status_unknown_errno_is_internal_error(struct kunit *test)
{
	static const int unknown[] = { -EXDEV, -ELOOP, -ESPIPE, -4095, -1000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_status_from_errno(unknown[i]),
				    SEC_E_INTERNAL_ERROR, "errno %d", unknown[i]);
}

static void status_documented_pairs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(0), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-ENOMEM),
			SEC_E_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EDQUOT),
			SEC_E_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno(SEC_E_INSUFFICIENT_MEMORY),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EKEYEXPIRED),
			SEC_E_CONTEXT_EXPIRED);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EKEYREVOKED),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EPERM),
			SEC_E_NOT_OWNER);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EINVAL),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(-EBADMSG),
			SEC_E_MESSAGE_ALTERED);
}

static void status_success_codes_map_to_zero(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno(SEC_E_OK), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno(SEC_I_CONTINUE_NEEDED), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno(SEC_I_CONTEXT_EXPIRED), 0);
}

static void status_unknown_failure_is_eio(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno(SEC_E_CERT_EXPIRED), -EIO);
	KUNIT_EXPECT_EQ(test, ksecdd_status_to_errno((SECURITY_STATUS)0x80091234),
			-EIO);
}

static struct kunit_case ksecdd_status_cases[] = {
	KUNIT_CASE(status_table_round_trips),
	KUNIT_CASE(status_first_row_is_canonical),
	KUNIT_CASE(status_errnos_unique),
	KUNIT_CASE(status_unknown_errno_is_internal_error),
	KUNIT_CASE(status_documented_pairs),
	KUNIT_CASE(status_success_codes_map_to_zero),
	KUNIT_CASE(status_unknown_failure_is_eio),
	{}
};

struct kunit_suite ksecdd_status_suite = {
	.name = "ksecdd_status",
	.test_cases = ksecdd_status_cases,
};

