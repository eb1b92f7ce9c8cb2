// SPDX-License-Identifier: GPL-2.0
/*
 * <ksecdd/sspi.h> against the Windows SDK: constant values and the x64
 * structure sizes that ported code relies on.
 */

#include <kunit/test.h>

#include <ksecdd/sspi.h>

#include "suites.h"

static void sspi_status_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, SEC_E_OK, 0);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_INSUFFICIENT_MEMORY, 0x80090300U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_INVALID_HANDLE, 0x80090301U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_NOT_OWNER, 0x80090306U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_INVALID_TOKEN, 0x80090308U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_UNKNOWN_CREDENTIALS, 0x8009030DU);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_MESSAGE_ALTERED, 0x8009030FU);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_OUT_OF_SEQUENCE, 0x80090310U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_CONTEXT_EXPIRED, 0x80090317U);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_INVALID_PARAMETER, 0x8009035DU);
	KUNIT_EXPECT_EQ(test, (u32)SEC_E_INSUFFICIENT_BUFFERS, 0x8009036BU);
	KUNIT_EXPECT_EQ(test, SEC_I_CONTINUE_NEEDED, 0x00090312);
	KUNIT_EXPECT_EQ(test, SEC_I_CONTEXT_EXPIRED, 0x00090317);
	KUNIT_EXPECT_EQ(test, SEC_E_NOT_SUPPORTED, SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, SEC_E_NO_SPM, SEC_E_INTERNAL_ERROR);
}

static void sspi_success_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, SEC_SUCCESS(SEC_E_OK));
	KUNIT_EXPECT_TRUE(test, SEC_SUCCESS(SEC_I_CONTINUE_NEEDED));
	KUNIT_EXPECT_FALSE(test, SEC_SUCCESS(SEC_E_INTERNAL_ERROR));
	KUNIT_EXPECT_FALSE(test, SEC_SUCCESS(SEC_E_INSUFFICIENT_BUFFERS));
}

static void sspi_buffer_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, SECBUFFER_VERSION, 0);
	KUNIT_EXPECT_EQ(test, SECBUFFER_DATA, 1);
	KUNIT_EXPECT_EQ(test, SECBUFFER_TOKEN, 2);
	KUNIT_EXPECT_EQ(test, SECBUFFER_PADDING, 9);
	KUNIT_EXPECT_EQ(test, SECBUFFER_STREAM, 10);
	KUNIT_EXPECT_EQ(test, SECBUFFER_CHANNEL_BINDINGS, 14);
	KUNIT_EXPECT_EQ(test, SECBUFFER_SESSION_TICKET, 32);
	KUNIT_EXPECT_EQ(test, SECBUFFER_ATTRMASK, 0xF0000000U);
	KUNIT_EXPECT_EQ(test, SECBUFFER_READONLY, 0x80000000U);
	KUNIT_EXPECT_EQ(test, SECBUFFER_READONLY_WITH_CHECKSUM, 0x10000000U);
}

static void sspi_attribute_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_SIZES, 0);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_NAMES, 1);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_LIFESPAN, 2);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_KEY_INFO, 5);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_SESSION_KEY, 9);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_PACKAGE_INFO, 10);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_FLAGS, 14);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_ACCESS_TOKEN, 18);
	KUNIT_EXPECT_EQ(test, SECPKG_ATTR_IS_LOOPBACK, 37);
}

/* The capability words Windows reports, rebuilt from the single bits. */
static void sspi_package_capabilities(struct kunit *test)
{
	u32 ntlm = SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY |
		   SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
		   SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_IMPERSONATION |
		   SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE |
		   SECPKG_FLAG_LOGON;
	u32 kerberos = SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY |
		       SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_DATAGRAM |
		       SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED |
		       SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION |
		       SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE |
		       SECPKG_FLAG_GSS_COMPATIBLE | SECPKG_FLAG_LOGON |
		       SECPKG_FLAG_MUTUAL_AUTH | SECPKG_FLAG_DELEGATION |
		       SECPKG_FLAG_READONLY_WITH_CHECKSUM;

	KUNIT_EXPECT_EQ(test, ntlm, 0x2B37U);
	KUNIT_EXPECT_EQ(test, kerberos, 0x73BBFU);
	KUNIT_EXPECT_EQ(test, SECPKG_FLAG_APPLY_LOOPBACK, 0x02000000U);
	KUNIT_EXPECT_EQ(test, RPC_C_AUTHN_WINNT, 10);
	KUNIT_EXPECT_EQ(test, RPC_C_AUTHN_GSS_KERBEROS, 16);
}

static void sspi_context_flag_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ISC_REQ_CONFIDENTIALITY, 0x10);
	KUNIT_EXPECT_EQ(test, ISC_REQ_ALLOCATE_MEMORY, 0x100);
	KUNIT_EXPECT_EQ(test, ISC_REQ_INTEGRITY, 0x10000);
	KUNIT_EXPECT_EQ(test, ISC_RET_INTEGRITY, 0x10000);
	KUNIT_EXPECT_EQ(test, ISC_REQ_CONFIDENTIALITY_ONLY, 0x40000000);
	KUNIT_EXPECT_EQ(test, ASC_REQ_EXTENDED_ERROR, 0x8000);
	KUNIT_EXPECT_EQ(test, ASC_REQ_INTEGRITY, 0x20000);
	KUNIT_EXPECT_EQ(test, ASC_RET_INTEGRITY, 0x20000);
	KUNIT_EXPECT_EQ(test, ASC_RET_THIRD_LEG_FAILED, 0x4000);
	KUNIT_EXPECT_EQ(test, ASC_REQ_ALLOW_MISSING_BINDINGS, 0x10000000);
}

static void sspi_misc_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, SECPKG_CRED_INBOUND, 1);
	KUNIT_EXPECT_EQ(test, SECPKG_CRED_OUTBOUND, 2);
	KUNIT_EXPECT_EQ(test, SECPKG_CRED_BOTH, 3);
	KUNIT_EXPECT_EQ(test, SECPKG_CRED_RESERVED, 0xF0000000U);
	KUNIT_EXPECT_EQ(test, SECPKG_CONTEXT_EXPORT_RESET_NEW, 1);
	KUNIT_EXPECT_EQ(test, SECPKG_CONTEXT_EXPORT_DELETE_OLD, 2);
	KUNIT_EXPECT_EQ(test, SECPKG_CONTEXT_EXPORT_TO_KERNEL, 4);
	KUNIT_EXPECT_EQ(test, SECQOP_WRAP_NO_ENCRYPT, 0x80000001U);
	KUNIT_EXPECT_EQ(test, SECURITY_NATIVE_DREP, 0x10);
}

/* Sizes on x64 Windows; ported code and the ioctl layer depend on them. */
static void sspi_struct_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(CtxtHandle), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SecBuffer), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SecBufferDesc), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SECURITY_STRING), 16);
	KUNIT_EXPECT_EQ(test, sizeof(TimeStamp), 8);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgInfoW), 32);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_Sizes), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_StreamSizes), 20);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_Lifespan), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_SessionKey), 16);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_KeyInfoW), 32);
	KUNIT_EXPECT_EQ(test, sizeof(SecPkgContext_NegotiationInfoW), 16);
}

static void sspi_handle_macros(struct kunit *test)
{
	CtxtHandle h = { .dwLower = 1, .dwUpper = 2 };

	KUNIT_EXPECT_TRUE(test, SecIsValidHandle(&h));
	SecInvalidateHandle(&h);
	KUNIT_EXPECT_FALSE(test, SecIsValidHandle(&h));
	KUNIT_EXPECT_EQ(test, h.dwLower, (unsigned long)-1);
	KUNIT_EXPECT_EQ(test, h.dwUpper, (unsigned long)-1);
}

static struct kunit_case ksecdd_sspi_cases[] = {
	KUNIT_CASE(sspi_status_values),
	KUNIT_CASE(sspi_success_test),
	KUNIT_CASE(sspi_buffer_values),
	KUNIT_CASE(sspi_attribute_values),
	KUNIT_CASE(sspi_package_capabilities),
	KUNIT_CASE(sspi_context_flag_values),
	KUNIT_CASE(sspi_misc_values),
	KUNIT_CASE(sspi_struct_sizes),
	KUNIT_CASE(sspi_handle_macros),
	{}
};

struct kunit_suite ksecdd_sspi_suite = {
	.name = "ksecdd_sspi_h",
	.test_cases = ksecdd_sspi_cases,
};

