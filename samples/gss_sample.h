/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MIT krb5's gss-sample protocol (src/appl/gss-sample/ in MIT's source),
 * spoken by the ksecdd samples over kernel sockets.
 *
 * A token on the wire is one flag byte, a 4-byte big-endian length and
 * the bytes.  A flag byte of 0 is the old (-v1) framing: that byte is
 * the length's high byte and only three more follow.  A session: the
 * client sends an empty TOKEN_NOOP | TOKEN_CONTEXT_NEXT (plain TOKEN_NOOP:
 * no authentication), then TOKEN_CONTEXT tokens while the handshake goes
 * on, each answered by the server's TOKEN_CONTEXT when it has one; then
 * TOKEN_DATA messages (TOKEN_WRAPPED: gss_wrap()ed, TOKEN_ENCRYPTED: with
 * confidentiality, TOKEN_SEND_MIC: answer with a MIC of the plaintext,
 * else with an empty TOKEN_NOOP); an empty TOKEN_NOOP ends the session.
 *
 * Static inline helpers shared by ksecdd_sample_server.ko and
 * ksecdd_sample_client.ko.
 */
#ifndef _KSECDD_GSS_SAMPLE_H
#define _KSECDD_GSS_SAMPLE_H

#include <linux/bits.h>
#include <linux/net.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <linux/unaligned.h>
#include <ksecdd/sspi.h>

#define TOKEN_NOOP		BIT(0)
#define TOKEN_CONTEXT		BIT(1)
#define TOKEN_DATA		BIT(2)
#define TOKEN_MIC		BIT(3)
#define TOKEN_CONTEXT_NEXT	BIT(4)
#define TOKEN_WRAPPED		BIT(5)
#define TOKEN_ENCRYPTED		BIT(6)
#define TOKEN_SEND_MIC		BIT(7)

/* Larger than any handshake token or message the samples take. */
#define GSS_SAMPLE_TOKEN_MAX	(64 * 1024)

struct gss_sample_token {
	u8 flags;
	u32 len;
	u8 *data;	/* kmalloc()ed */
};

static inline int gss_sample_recv_all(struct socket *sock, void *buf,
				      size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_WAITALL };
	int ret;

	while (iov.iov_len) {
		ret = kernel_recvmsg(sock, &msg, &iov, 1, iov.iov_len,
				     MSG_WAITALL);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ECONNRESET;
		iov.iov_base += ret;
		iov.iov_len -= ret;
	}
	return 0;
}

static inline int gss_sample_send_all(struct socket *sock, const void *buf,
				      size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret;

	while (iov.iov_len) {
		ret = kernel_sendmsg(sock, &msg, &iov, 1, iov.iov_len);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ECONNRESET;
		iov.iov_base += ret;
		iov.iov_len -= ret;
	}
	return 0;
}

/**
 * gss_sample_recv() - receive one token
 * @sock: the connection
 * @tok: filled in; free @tok->data with kfree()
 *
 * Return: 0, -EMSGSIZE for a token over GSS_SAMPLE_TOKEN_MAX, or the
 * socket's error (-EAGAIN when its receive timeout expired).
 */
static inline int gss_sample_recv(struct socket *sock,
				  struct gss_sample_token *tok)
{
	u8 hdr[5];
	int ret;

	tok->data = NULL;
	ret = gss_sample_recv_all(sock, hdr, 1);
	if (ret)
		return ret;
	tok->flags = hdr[0];
	/* the -v1 framing: the flag byte was the length's high byte */
	if (tok->flags)
		ret = gss_sample_recv_all(sock, hdr + 1, 4);
	else
		ret = gss_sample_recv_all(sock, hdr + 2, 3);
	if (ret)
		return ret;
	tok->len = tok->flags ? get_unaligned_be32(hdr + 1) :
				get_unaligned_be32(hdr + 1) & 0xffffff;
	if (tok->len > GSS_SAMPLE_TOKEN_MAX)
		return -EMSGSIZE;
	tok->data = kmalloc(tok->len ? tok->len : 1, GFP_KERNEL);
	if (!tok->data)
		return -ENOMEM;
	ret = gss_sample_recv_all(sock, tok->data, tok->len);
	if (ret) {
		kfree(tok->data);
		tok->data = NULL;
	}
	return ret;
}

/**
 * gss_sample_send() - send one token, @len bytes from @data
 * @sock: the connection
 * @flags: TOKEN_* (never 0: the samples speak the current framing)
 * @data: the bytes, or NULL when @len is 0
 * @len: their number
 *
 * Return: 0 or the socket's error.
 */
static inline int gss_sample_send(struct socket *sock, u8 flags,
				  const void *data, u32 len)
{
	u8 hdr[5];
	int ret;

	hdr[0] = flags;
	put_unaligned_be32(len, hdr + 1);
	ret = gss_sample_send_all(sock, hdr, sizeof(hdr));
	if (ret || !len)
		return ret;
	return gss_sample_send_all(sock, data, len);
}

/* The statuses a handshake can end with, by name, for the log. */
static inline const char *gss_sample_status_name(SECURITY_STATUS status)
{
	static const struct {
		SECURITY_STATUS status;
		const char *name;
	} names[] = {
#define N(s) { s, #s }
		N(SEC_E_OK), N(SEC_I_CONTINUE_NEEDED),
		N(SEC_E_INSUFFICIENT_MEMORY), N(SEC_E_INVALID_HANDLE),
		N(SEC_E_UNSUPPORTED_FUNCTION), N(SEC_E_TARGET_UNKNOWN),
		N(SEC_E_INTERNAL_ERROR), N(SEC_E_SECPKG_NOT_FOUND),
		N(SEC_E_NOT_OWNER), N(SEC_E_INVALID_TOKEN),
		N(SEC_E_QOP_NOT_SUPPORTED), N(SEC_E_NO_IMPERSONATION),
		N(SEC_E_LOGON_DENIED), N(SEC_E_UNKNOWN_CREDENTIALS),
		N(SEC_E_NO_CREDENTIALS), N(SEC_E_MESSAGE_ALTERED),
		N(SEC_E_OUT_OF_SEQUENCE),
		N(SEC_E_NO_AUTHENTICATING_AUTHORITY),
		N(SEC_E_CONTEXT_EXPIRED), N(SEC_E_BUFFER_TOO_SMALL),
		N(SEC_E_WRONG_PRINCIPAL), N(SEC_E_TIME_SKEW),
		N(SEC_E_INVALID_PARAMETER), N(SEC_E_INCOMPLETE_MESSAGE),
		N(SEC_E_DECRYPT_FAILURE), N(SEC_E_MUTUAL_AUTH_FAILED),
#undef N
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].status == status)
			return names[i].name;
	return "unknown status";
}

/* The Kerberos encryption types, by number, for the log. */
static inline const char *gss_sample_enctype_name(u32 enctype)
{
	switch (enctype) {
	case 17: return "aes128-cts-hmac-sha1-96";
	case 18: return "aes256-cts-hmac-sha1-96";
	case 19: return "aes128-cts-hmac-sha256-128";
	case 20: return "aes256-cts-hmac-sha384-192";
	case 0x6801: return "RC4, NTLM";	/* CALG_RC4 */
	}
	return "unknown";
}

/*
 * A NUL-terminated UTF-16 string from SSPI (sUserName), as UTF-8 in
 * @out, truncated to @size - 1 bytes.
 */
static inline void gss_sample_utf8(const SEC_WCHAR *in, char *out,
				   size_t size)
{
	size_t n = 0;
	int len;

	while (in && in[n])
		n++;
	len = utf16s_to_utf8s((const wchar_t *)in, n, UTF16_HOST_ENDIAN,
			      out, size - 1);
	out[len < 0 ? 0 : len] = '\0';
}

/*
 * A SECURITY_STRING for the ASCII string @s, in @buf of @size UTF-16
 * units.  Return: false if @s does not fit.
 */
static inline bool gss_sample_string(const char *s, SEC_WCHAR *buf,
				     size_t size, PSECURITY_STRING str)
{
	int len = utf8s_to_utf16s(s, strlen(s), UTF16_HOST_ENDIAN,
				  (wchar_t *)buf, size);

	if (len < 0 || len >= size)
		return false;
	buf[len] = 0;
	str->Buffer = buf;
	str->Length = len * sizeof(SEC_WCHAR);
	str->MaximumLength = (len + 1) * sizeof(SEC_WCHAR);
	return true;
}

#endif /* _KSECDD_GSS_SAMPLE_H */
