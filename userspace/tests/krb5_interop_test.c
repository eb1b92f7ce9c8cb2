// SPDX-License-Identifier: GPL-2.0
/*
 * Kerberos message protection against MIT krb5, in the guest.
 *
 * On the host, krb5_peer established a context per enctype in a
 * throwaway MIT realm (kunit/krb5-realm) and left in the initramfs, under
 * /usr/lib/ksecdd/krb5/<enctype>/, the acceptor as a raw packed context
 * and as a GSS-API token, and tokens its initiator made.  Here ksecdd, as
 * the acceptor, checks MIT's tokens (tampered ones refused without
 * disturbing the sequence window, genuine ones accepted once) and makes
 * tokens of its own, which it prints as
 *
 *   # ksecdd-token <enctype> <mic|wrap|wrapi|wrapsign|dcewrap>
 *     <hex message> <hex token>
 *
 * (wrapsign: a confidential wrap of the message between two
 * READONLY_WITH_CHECKSUM buffers, signed but not sent, which krb5_peer
 * knows as ksecdd_sign_only[]; dcewrap: a confidential wrap made by the
 * acceptor of a DCE-style context, from dce/ under the enctype's
 * directory)
 * for krb5_peer to check with MIT on the host after the guest ran.
 * Raw imports need CAP_SYS_ADMIN: as another user everything skips.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "../lib/libksecdd.h"
#include "blob.h"

#define KRB5_DIR	"/usr/lib/ksecdd/krb5"

/* The SSPI's names for the values <linux/ksecdd.h> defines */
#define SEC_E_OK			KSECDD_SEC_E_OK
#define SEC_E_MESSAGE_ALTERED		KSECDD_SEC_E_MESSAGE_ALTERED
#define SEC_E_OUT_OF_SEQUENCE		KSECDD_SEC_E_OUT_OF_SEQUENCE
#define SECQOP_WRAP_NO_ENCRYPT		KSECDD_SECQOP_WRAP_NO_ENCRYPT
/* not a status: the ioctl itself failed */
#define NO_STATUS			0xffffffffu

#define SECBUFFER_DATA		KSECDD_SECBUFFER_DATA
#define SECBUFFER_TOKEN		KSECDD_SECBUFFER_TOKEN
#define SECBUFFER_PADDING	KSECDD_SECBUFFER_PADDING
#define SECBUFFER_STREAM	KSECDD_SECBUFFER_STREAM
#define SECBUFFER_READONLY_WITH_CHECKSUM \
	KSECDD_SECBUFFER_READONLY_WITH_CHECKSUM

#define TOKEN_MAX		128
#define HEADER_LEN		16	/* RFC 4121 token header */

/*
 * MIT makes the first three kinds; ksecdd all of them, the last on a
 * DCE-style context
 */
enum kind {
	MIC, WRAP, WRAPI, KINDS, WRAPSIGN = KINDS, DCEWRAP, KSECDD_KINDS
};

static const char *const kind_names[KSECDD_KINDS] = {
	"mic", "wrap", "wrapi", "wrapsign", "dcewrap"
};

/* What ksecdd signs and wraps for MIT to check. */
static const char *const ksecdd_messages[KSECDD_KINDS] = {
	"Signed by ksecdd in the guest",
	"Wrapped by ksecdd, confidential",
	"Wrapped by ksecdd with integrity only",
	"Wrapped by ksecdd between sign-only buffers",
	"Wrapped by ksecdd in DCE style",
};

/* The sign-only buffers around the wrapsign message, as krb5_peer has them. */
static const char *const ksecdd_sign_only[2] = {
	"A header signed in the clear", "and a trailer",
};

/* Why the tests of an enctype cannot run, or NULL. */
static const char *unprepared(const char *dir)
{
	char path[256];

	if (geteuid())
		return "raw import needs CAP_SYS_ADMIN";
	snprintf(path, sizeof(path), "%s/acceptor.ksdc", dir);
	if (access(path, R_OK))
		return "no MIT contexts in " KRB5_DIR " (make check prepares them)";
	return NULL;
}

/*
 * ksecdd receives one token from MIT's initiator: VERIFY for a MIC,
 * DECRYPT of the whole token as a STREAM buffer for a wrap.  It works on
 * copies, since DECRYPT decrypts in place.
 */
static uint32_t receive(struct ksecdd *dev, const struct ksecdd_handle *h,
			enum kind kind, const struct blob *msg,
			const struct blob *tok, uint32_t *qop, bool *plain_ok)
{
	struct ksecdd_ioc_buffer bufs[2];
	unsigned char m[256], t[256];
	uint32_t status;
	int ret;

	*plain_ok = false;
	*qop = NO_STATUS;
	if (msg->len > sizeof(m) || tok->len > sizeof(t))
		return NO_STATUS;
	memcpy(m, msg->data, msg->len);
	memcpy(t, tok->data, tok->len);
	if (kind == MIC) {
		bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, tok->len,
						      (uintptr_t)t };
		bufs[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, msg->len,
						      (uintptr_t)m };
		ret = ksecdd_message(dev, KSECDD_VERIFY, h, qop, 0, bufs, 2,
				     &status);
		*plain_ok = true;
	} else {
		bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_STREAM,
						      tok->len, (uintptr_t)t };
		bufs[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 0, 0 };
		ret = ksecdd_message(dev, KSECDD_DECRYPT, h, qop, 0, bufs, 2,
				     &status);
		*plain_ok = !ret && bufs[1].len == msg->len && bufs[1].data &&
			    !memcmp((void *)(uintptr_t)bufs[1].data, msg->data,
				    msg->len);
	}
	return ret ? NO_STATUS : status;
}

/*
 * A bit flipped in the data (the message of a MIC, the plaintext inside
 * an integrity-only wrap, the first byte after the header of a
 * confidential one) or in the token's last byte (checksum or ciphertext).
 */
static void tamper(enum kind kind, struct blob *msg, struct blob *tok,
		   bool in_data)
{
	unsigned char *p;

	if (!in_data) {
		tok->data[tok->len - 1] ^= 0x01;
	} else if (kind == MIC) {
		msg->data[0] ^= 0x01;
	} else {
		p = kind == WRAPI ? memmem(tok->data, tok->len, msg->data,
					   msg->len) : NULL;
		if (p)
			p[msg->len / 2] ^= 0x01;
		else
			tok->data[HEADER_LEN] ^= 0x01;
	}
}

static uint32_t receive_tampered(struct ksecdd *dev,
				 const struct ksecdd_handle *h, enum kind kind,
				 const struct blob *msg, const struct blob *tok,
				 bool in_data)
{
	unsigned char m[256], t[256];
	struct blob bad_msg = { m, msg->len }, bad_tok = { t, tok->len };
	uint32_t qop;
	bool ok;

	if (msg->len > sizeof(m) || tok->len > sizeof(t))
		return NO_STATUS;
	memcpy(m, msg->data, msg->len);
	memcpy(t, tok->data, tok->len);
	tamper(kind, &bad_msg, &bad_tok, in_data);
	return receive(dev, h, kind, &bad_msg, &bad_tok, &qop, &ok);
}

FIXTURE(krb5) {
	char dir[64];
	const char *skip;
	struct ksecdd *dev;
	struct ksecdd_handle h;
	bool imported;
};

FIXTURE_VARIANT(krb5) {
	int enctype;
};

FIXTURE_VARIANT_ADD(krb5, aes128_cts_hmac_sha1_96) { .enctype = 17 };
FIXTURE_VARIANT_ADD(krb5, aes256_cts_hmac_sha1_96) { .enctype = 18 };
FIXTURE_VARIANT_ADD(krb5, aes128_cts_hmac_sha256_128) { .enctype = 19 };
FIXTURE_VARIANT_ADD(krb5, aes256_cts_hmac_sha384_192) { .enctype = 20 };

/* Each test gets the acceptor afresh, its sequence numbers as MIT left them. */
FIXTURE_SETUP(krb5)
{
	struct blob ksdc = { 0 };
	uint32_t status;

	snprintf(self->dir, sizeof(self->dir), KRB5_DIR "/%d",
		 variant->enctype);
	self->skip = unprepared(self->dir);
	if (self->skip)
		return;
	self->dev = ksecdd_open();
	ASSERT_NE(NULL, self->dev) TH_LOG("/dev/ksecdd: %s", strerror(errno));
	ASSERT_EQ(0, load(self->dir, "acceptor.ksdc", &ksdc));
	ASSERT_EQ(0, ksecdd_import(self->dev, "Kerberos", ksdc.data, ksdc.len,
				   0, &self->h, &status));
	unload(&ksdc);
	ASSERT_EQ(SEC_E_OK, status) TH_LOG("import: %s",
					   ksecdd_status_name(status));
	self->imported = true;
}

FIXTURE_TEARDOWN(krb5)
{
	uint32_t status;

	if (self->imported)
		ksecdd_delete(self->dev, &self->h, &status);
	ksecdd_close(self->dev);
}

/* The genuine MIT tokens before @kind, so that the window is where MIT is. */
static void catch_up(struct __test_metadata *_metadata, struct ksecdd *dev,
		     const struct ksecdd_handle *h, const char *dir,
		     enum kind upto)
{
	struct blob msg = { 0 }, tok = { 0 };
	char name[16];
	uint32_t qop;
	bool ok;
	int k;

	for (k = MIC; k < (int)upto; k++) {
		snprintf(name, sizeof(name), "%s.msg", kind_names[k]);
		ASSERT_EQ(0, load(dir, name, &msg));
		snprintf(name, sizeof(name), "%s.tok", kind_names[k]);
		ASSERT_EQ(0, load(dir, name, &tok));
		EXPECT_EQ(SEC_E_OK, receive(dev, h, k, &msg, &tok, &qop, &ok));
		unload(&msg);
		unload(&tok);
	}
}

/*
 * MIT's token of @kind: tampered twice (refused, and the window
 * undisturbed), genuine (accepted, with its plaintext and qop), replayed
 * (refused).
 */
static void mit_token(struct __test_metadata *_metadata, struct ksecdd *dev,
		      const struct ksecdd_handle *h, const char *dir,
		      int enctype, enum kind kind)
{
	struct blob msg = { 0 }, tok = { 0 };
	uint32_t st[4], qop, genuine_qop, want_qop;
	char name[16];
	bool ok;
	int i;

	catch_up(_metadata, dev, h, dir, kind);
	snprintf(name, sizeof(name), "%s.msg", kind_names[kind]);
	ASSERT_EQ(0, load(dir, name, &msg));
	snprintf(name, sizeof(name), "%s.tok", kind_names[kind]);
	ASSERT_EQ(0, load(dir, name, &tok));
	ASSERT_LT(HEADER_LEN, tok.len);

	for (i = 0; i < 2; i++) {
		st[i] = receive_tampered(dev, h, kind, &msg, &tok, i == 0);
		EXPECT_EQ(SEC_E_MESSAGE_ALTERED, st[i])
			TH_LOG("tampered %s: %s", i ? "token" : "data",
			       ksecdd_status_name(st[i]));
	}

	st[2] = receive(dev, h, kind, &msg, &tok, &genuine_qop, &ok);
	EXPECT_EQ(SEC_E_OK, st[2]) TH_LOG("%s", ksecdd_status_name(st[2]));
	EXPECT_TRUE(ok) TH_LOG("the plaintext differs from MIT's");
	want_qop = kind == WRAPI ? SECQOP_WRAP_NO_ENCRYPT : 0;
	if (kind != MIC)
		EXPECT_EQ(want_qop, genuine_qop);

	st[3] = receive(dev, h, kind, &msg, &tok, &qop, &ok);
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, st[3])
		TH_LOG("replay: %s", ksecdd_status_name(st[3]));

	printf("# krb5 %d %s from MIT: tampered data 0x%08x, ", enctype,
	       kind_names[kind], st[0]);
	printf("tampered token 0x%08x, genuine 0x%08x (qop 0x%x), ", st[1],
	       st[2], kind == MIC ? 0 : genuine_qop);
	printf("replayed 0x%08x\n", st[3]);
	fflush(stdout);
	unload(&msg);
	unload(&tok);
}

TEST_F(krb5, verify_mit_mic)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	mit_token(_metadata, self->dev, &self->h, self->dir, variant->enctype,
		  MIC);
}

TEST_F(krb5, decrypt_mit_wrap)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	mit_token(_metadata, self->dev, &self->h, self->dir, variant->enctype,
		  WRAP);
}

TEST_F(krb5, decrypt_mit_wrap_integrity_only)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	mit_token(_metadata, self->dev, &self->h, self->dir, variant->enctype,
		  WRAPI);
}

static void print_hex(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

/*
 * ksecdd makes the token of @kind and prints it for krb5_peer; a wrap on
 * the wire is the TOKEN buffer followed by the DATA buffer.  A wrapsign
 * has READONLY_WITH_CHECKSUM buffers before and after its DATA, which
 * must come out unchanged.
 */
static void ksecdd_token(struct __test_metadata *_metadata, struct ksecdd *dev,
			 const struct ksecdd_handle *h, int enctype,
			 enum kind kind)
{
	const char *text = ksecdd_messages[kind];
	unsigned char token[TOKEN_MAX], data[64], sign[2][32];
	struct ksecdd_ioc_buffer bufs[4];
	uint32_t status, qop = kind == WRAPI ? SECQOP_WRAP_NO_ENCRYPT : 0;
	size_t len = strlen(text), n = kind == MIC ? 2 : 3, d = 1, i;

	memcpy(data, text, len);
	bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, sizeof(token),
					      (uintptr_t)token };
	if (kind == WRAPSIGN) {
		for (i = 0; i < 2; i++) {
			memcpy(sign[i], ksecdd_sign_only[i],
			       strlen(ksecdd_sign_only[i]));
			bufs[1 + 2 * i] = (struct ksecdd_ioc_buffer){
				SECBUFFER_DATA |
				SECBUFFER_READONLY_WITH_CHECKSUM,
				strlen(ksecdd_sign_only[i]),
				(uintptr_t)sign[i] };
		}
		d = 2;
		n = 4;
	} else {
		bufs[2] = (struct ksecdd_ioc_buffer){ SECBUFFER_PADDING, 0, 0 };
	}
	bufs[d] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, len,
					      (uintptr_t)data };
	ASSERT_EQ(0, ksecdd_message(dev,
				    kind == MIC ? KSECDD_SIGN : KSECDD_ENCRYPT,
				    h, &qop, 0, bufs, n, &status));
	ASSERT_EQ(SEC_E_OK, status) TH_LOG("%s: %s", kind_names[kind],
					   ksecdd_status_name(status));
	ASSERT_GE(sizeof(token), bufs[0].len);
	ASSERT_LE(HEADER_LEN, bufs[0].len);
	ASSERT_EQ(len, bufs[d].len);
	if (kind == WRAP || kind == WRAPSIGN || kind == DCEWRAP)
		EXPECT_NE(0, memcmp(data, text, len))
			TH_LOG("the confidential wrap left the plaintext");
	/* [MS-KILE]: one block of filler for DCE style, none otherwise */
	if (kind != MIC && kind != WRAPI)
		EXPECT_EQ(kind == DCEWRAP ? 16 : 0, token[4] << 8 | token[5]);
	for (i = 0; kind == WRAPSIGN && i < 2; i++)
		EXPECT_EQ(0, memcmp(sign[i], ksecdd_sign_only[i],
				    strlen(ksecdd_sign_only[i])))
			TH_LOG("a sign-only buffer changed");

	printf("# ksecdd-token %d %s ", enctype, kind_names[kind]);
	print_hex((const unsigned char *)text, len);
	putchar(' ');
	print_hex(token, bufs[0].len);
	if (kind != MIC)
		print_hex(data, bufs[d].len);
	putchar('\n');
	fflush(stdout);
}

/* In the order krb5_peer checks them, which is their sequence order. */
TEST_F(krb5, sign_encrypt_for_mit)
{
	enum kind kind;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	for (kind = MIC; kind < DCEWRAP; kind++)
		ksecdd_token(_metadata, self->dev, &self->h, variant->enctype,
			     kind);
}

/* The acceptor of a DCE-style context makes a token for MIT too. */
TEST_F(krb5, dce_encrypt_for_mit)
{
	struct ksecdd_handle h;
	struct blob ksdc = { 0 };
	char dir[80];
	uint32_t status;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	snprintf(dir, sizeof(dir), "%s/dce", self->dir);
	ASSERT_EQ(0, load(dir, "acceptor.ksdc", &ksdc));
	ASSERT_EQ(0, ksecdd_import(self->dev, "Kerberos", ksdc.data, ksdc.len,
				   0, &h, &status));
	unload(&ksdc);
	ASSERT_EQ(SEC_E_OK, status) TH_LOG("import: %s",
					   ksecdd_status_name(status));
	ksecdd_token(_metadata, self->dev, &h, variant->enctype, DCEWRAP);
	ksecdd_delete(self->dev, &h, &status);
}

/* The acceptor once more, from MIT's own export, through ksecctl. */
TEST(import_gss_verifies_mit_mic)
{
	const char *dir = KRB5_DIR "/18";
	struct blob msg = { 0 }, tok = { 0 };
	struct ksecdd_handle h;
	struct ksecdd *dev;
	char line[128] = "";
	const char *skip = unprepared(dir);
	uint32_t status, qop;
	FILE *p;
	bool ok;

	if (skip)
		SKIP(return, "%s", skip);
	p = popen("ksecctl import-gss -u 0 -g 0 " KRB5_DIR "/18/acceptor.gss",
		  "r");
	ASSERT_NE(NULL, p);
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	ASSERT_EQ(0, pclose(p));
	line[strcspn(line, "\n")] = '\0';
	ASSERT_EQ(0, ksecdd_parse_handle(line, &h)) TH_LOG("'%s'", line);

	dev = ksecdd_open();
	ASSERT_NE(NULL, dev);
	ASSERT_EQ(0, load(dir, "mic.msg", &msg));
	ASSERT_EQ(0, load(dir, "mic.tok", &tok));
	status = receive(dev, &h, MIC, &msg, &tok, &qop, &ok);
	EXPECT_EQ(SEC_E_OK, status) TH_LOG("%s", ksecdd_status_name(status));
	printf("# krb5 18 mic from MIT, context from ksecctl import-gss: 0x%08x\n",
	       status);
	fflush(stdout);
	EXPECT_EQ(0, ksecdd_delete(dev, &h, &status));
	EXPECT_EQ(SEC_E_OK, status);
	unload(&msg);
	unload(&tok);
	ksecdd_close(dev);
}

TEST_HARNESS_MAIN
