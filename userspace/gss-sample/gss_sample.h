/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client side of MIT krb5's gss-sample protocol (src/appl/gss-sample/
 * in MIT's source; samples/gss_sample.h says how a session goes), shared
 * by the userspace programs that talk to ksecdd_sample_server.ko or to
 * MIT's gss-server: gss_replay and handshake_bench.
 *
 * A token on the wire: one flag byte, a 4-byte big-endian length, the
 * bytes.
 */
#ifndef KSECDD_USER_GSS_SAMPLE_H
#define KSECDD_USER_GSS_SAMPLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <gssapi/gssapi.h>

/* gss-sample's flags (src/appl/gss-sample/gss-misc.h in MIT's source) */
#define TOKEN_NOOP		0x01
#define TOKEN_CONTEXT		0x02
#define TOKEN_DATA		0x04
#define TOKEN_MIC		0x08
#define TOKEN_CONTEXT_NEXT	0x10
#define TOKEN_WRAPPED		0x20
#define TOKEN_ENCRYPTED		0x40
#define TOKEN_SEND_MIC		0x80

/* Larger than any token the programs take from a server. */
#define GSS_SAMPLE_TOKEN_MAX	(1024u * 1024)

int gss_sample_write_all(int fd, const void *buf, size_t len);
int gss_sample_read_all(int fd, void *buf, size_t len);
int gss_sample_send_token(int fd, uint8_t flags, const void *data,
			  size_t len);
int gss_sample_recv_token(int fd, uint8_t *flags, gss_buffer_t tok);
int gss_sample_connect(const char *addr, const char *port);
void gss_sample_perror(FILE *f, const char *prefix, OM_uint32 major,
		       OM_uint32 minor);

#endif /* KSECDD_USER_GSS_SAMPLE_H */
