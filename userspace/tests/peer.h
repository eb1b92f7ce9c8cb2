/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the interop tests' host peers (krb5_peer with MIT krb5, ntlm_peer
 * with gss-ntlmssp) share: their TAP output, the hex of the guest's
 * result channel, and GSS-API status codes as text.
 */
#ifndef KSECDD_TESTS_PEER_H
#define KSECDD_TESTS_PEER_H

#include <stdbool.h>
#include <stddef.h>

#include <gssapi/gssapi.h>

/* Whether a TAP line said "not ok". */
extern bool tap_failed;

void tap(bool ok, const char *fmt, ...);
unsigned char *unhex(const char *hex, size_t *len);
void gss_status_text(OM_uint32 code, int type, char *buf, size_t len);

#endif /* KSECDD_TESTS_PEER_H */
