// SPDX-License-Identifier: GPL-2.0
/*
 * The client side of MIT krb5's gss-sample protocol (gss_sample.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gss_sample.h"

/* 0, or -1 if the connection failed or closed before all was written */
int gss_sample_write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 0, or -1 if the connection failed or closed before @len bytes came */
int gss_sample_read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int gss_sample_send_token(int fd, uint8_t flags, const void *data,
			  size_t len)
{
	uint8_t hdr[5] = { flags, (uint8_t)(len >> 24), (uint8_t)(len >> 16),
			   (uint8_t)(len >> 8), (uint8_t)len };

	if (gss_sample_write_all(fd, hdr, sizeof(hdr)))
		return -1;
	return len ? gss_sample_write_all(fd, data, len) : 0;
}

/*
 * A token of the current framing, in a buffer the caller frees with
 * free(); -1 at EOF, on error or for a token longer than
 * GSS_SAMPLE_TOKEN_MAX, with @tok left empty.
 *
 * Servers of the protocol (MIT's gss-server, ksecdd_sample_server.ko)
 * write a token's header and its bytes apart, so Nagle holds the bytes
 * back until the header is acknowledged: acknowledge at once (quick ACKs
 * do not stay on, hence every time) rather than after the delayed ACK's
 * 40 ms, which would otherwise be most of a session on loopback.
 */
int gss_sample_recv_token(int fd, uint8_t *flags, gss_buffer_t tok)
{
	uint8_t hdr[5];
	uint32_t len;
	int one = 1;

	tok->value = NULL;
	tok->length = 0;
	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
	if (gss_sample_read_all(fd, hdr, sizeof(hdr)))
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
	*flags = hdr[0];
	len = (uint32_t)hdr[1] << 24 | (uint32_t)hdr[2] << 16 |
	      (uint32_t)hdr[3] << 8 | hdr[4];
	if (len > GSS_SAMPLE_TOKEN_MAX)
		return -1;
	tok->value = malloc(len ? len : 1);
	if (!tok->value || gss_sample_read_all(fd, tok->value, len)) {
		free(tok->value);
		tok->value = NULL;
		return -1;
	}
	tok->length = len;
	return 0;
}

/*
 * A TCP connection to the IPv4 address @addr, port @port (numeric); -1
 * with errno set if there is none.  Nagle is off, as a handshake's small
 * tokens would otherwise wait for the peer's delayed ACK.
 */
int gss_sample_connect(const char *addr, const char *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd, one = 1;

	sin.sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static void display(FILE *f, const char *prefix, OM_uint32 code, int type)
{
	OM_uint32 ctx = 0, minor;
	gss_buffer_desc msg;

	do {
		if (GSS_ERROR(gss_display_status(&minor, code, type,
						 GSS_C_NO_OID, &ctx, &msg)))
			return;
		fprintf(f, "%s: %.*s\n", prefix, (int)msg.length,
			(char *)msg.value);
		gss_release_buffer(&minor, &msg);
	} while (ctx);
}

/* What GSS-API says of @major and @minor, a line each, after @prefix. */
void gss_sample_perror(FILE *f, const char *prefix, OM_uint32 major,
		       OM_uint32 minor)
{
	display(f, prefix, major, GSS_C_GSS_CODE);
	display(f, prefix, minor, GSS_C_MECH_CODE);
}
