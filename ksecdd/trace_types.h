/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_TRACE_TYPES_H
#define _KSECDD_TRACE_TYPES_H

/*
 * The SSPI entry points, as the ksecdd_sspi_call and ksecdd_sspi_result
 * events name them.  EM and EMe are defined by whoever expands the list.
 */
#define KSECDD_SSPI_FNS							\
	EM(KSECDD_FN_IMPORT, "ImportSecurityContextW")			\
	EM(KSECDD_FN_EXPORT, "ExportSecurityContext")			\
	EM(KSECDD_FN_DELETE, "DeleteSecurityContext")			\
	EM(KSECDD_FN_FREE_BUFFER, "FreeContextBuffer")			\
	EM(KSECDD_FN_QUERY_ATTRIBUTES, "QueryContextAttributesW")	\
	EM(KSECDD_FN_QUERY_TOKEN, "QuerySecurityContextToken")		\
	EM(KSECDD_FN_ENUMERATE, "EnumerateSecurityPackagesW")		\
	EM(KSECDD_FN_PACKAGE_INFO, "QuerySecurityPackageInfoW")		\
	EM(KSECDD_FN_SIGN, "MakeSignature")				\
	EM(KSECDD_FN_VERIFY, "VerifySignature")				\
	EM(KSECDD_FN_ENCRYPT, "EncryptMessage")				\
	EM(KSECDD_FN_DECRYPT, "DecryptMessage")				\
	EM(KSECDD_FN_ACQUIRE, "AcquireCredentialsHandleW")		\
	EM(KSECDD_FN_FREE_CREDENTIALS, "FreeCredentialsHandle")		\
	EM(KSECDD_FN_QUERY_CREDENTIALS, "QueryCredentialsAttributesW")	\
	EM(KSECDD_FN_ACCEPT, "AcceptSecurityContext")			\
	EM(KSECDD_FN_INITIALIZE, "InitializeSecurityContextW")		\
	EM(KSECDD_FN_IMPERSONATE, "ImpersonateSecurityContext")		\
	EMe(KSECDD_FN_REVERT, "RevertSecurityContext")

#undef EM
#undef EMe
#define EM(a, b)	a,
#define EMe(a, b)	a
enum ksecdd_sspi_fn { KSECDD_SSPI_FNS };
#undef EM
#undef EMe

#endif /* _KSECDD_TRACE_TYPES_H */
