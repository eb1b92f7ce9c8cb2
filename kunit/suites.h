/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_KUNIT_SUITES_H
#define _KSECDD_KUNIT_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite ksecdd_status_suite;
extern struct kunit_suite ksecdd_sspi_suite;
extern struct kunit_suite ksecdd_sspi_calls_suite;
extern struct kunit_suite ksecdd_keytype_suite;
extern struct kunit_suite ksecdd_import_suite;
extern struct kunit_suite ksecdd_context_suite;
extern struct kunit_suite ksecdd_krb5_kdf_suite;
extern struct kunit_suite ksecdd_krb5_wrap_suite;
extern struct kunit_suite ksecdd_ntlm_suite;
extern struct kunit_suite ksecdd_faults_suite;
extern struct kunit_suite ksecdd_seal_suite;
extern struct kunit_suite ksecdd_handshake_suite;

#endif /* _KSECDD_KUNIT_SUITES_H */
