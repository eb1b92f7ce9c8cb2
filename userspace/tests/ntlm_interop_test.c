// SPDX-License-Identifier: GPL-2.0
/*
 * NTLM message protection against gss-ntlmssp, in the guest.
 *
 * On the host, ntlm_peer established gss-ntlmssp contexts (with extended
 * session security and key exchange, gss-ntlmssp's defaults, and without
 * it) and left in the initramfs, under /usr/lib/ksecdd/ntlm/NEG/ROLE/,
 * gss-ntlmssp's export of the side ksecdd holds (ROLE: acceptor or
 * initiator) and a MIC and a Wrap token the other side made.  Here
 * ksecdd imports the export through libksecdd (the guest has no
 * gss-ntlmssp), checks the peer's tokens (tampered ones refused without
 * disturbing the stream, genuine ones accepted once) and makes tokens of
 * its own, which it prints as
 *
 *   # ksecdd-ntlm-token <ess|noess> <acceptor|initiator> <mic|wrap>
 *     <hex message> <hex token>
 *
 * (a wrap token is the 16-byte signature followed by the sealed data, as
 * gss-ntlmssp's gss_wrap() has it) for ntlm_peer to check on the host
 * after the guest ran.  Raw imports need CAP_SYS_ADMIN: as another user
 * everything skips.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "../lib/libksecdd.h"

#define NTLM_DIR	"/usr/lib/ksecdd/ntlm"

#define SEC_E_OK			KSECDD_SEC_E_OK
#define SEC_E_MESSAGE_ALTERED		KSECDD_SEC_E_MESSAGE_ALTERED
#define SEC_E_OUT_OF_SEQUENCE		KSECDD_SEC_E_OUT_OF_SEQUENCE
/* not a status: the ioctl itself failed */
#define NO_STATUS			0xffffffffu

#define SECBUFFER_DATA		KSECDD_SECBUFFER_DATA
#define SECBUFFER_TOKEN		KSECDD_SECBUFFER_TOKEN
#define SECBUFFER_STREAM	KSECDD_SECBUFFER_STREAM

#define SIGNATURE_LEN		16
/* A bit of the checksum, in both signature layouts (bytes 8-11). */
#define CHECKSUM_BYTE		8

enum kind { MIC, WRAP, KINDS };

static const char *const kind_names[KINDS] = { "mic", "wrap" };

/* What ksecdd signs and seals for gss-ntlmssp to check. */
static const char *const ksecdd_messages[KINDS] = {
	"Signed by ksecdd in the guest",
	"Sealed by ksecdd in the guest",
};

struct blob {
	unsigned char *data;
	size_t len;
};

static int load(const char *dir, const char *name, struct blob *b)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	b->data = malloc(65536);
	b->len = b->data ? fread(b->data, 1, 65536, f) : 0;
	fclose(f);
	return b->len ? 0 : -1;
}

static void unload(struct blob *b)
{
	free(b->data);
	b->data = NULL;
}

/* Why the tests of a context cannot run, or NULL. */
static const char *unprepared(const char *dir)
{
	char path[256];

	if (geteuid())
		return "raw import needs CAP_SYS_ADMIN";
	snprintf(path, sizeof(path), "%s/ksecdd.gss", dir);
	if (access(path, R_OK))
		return "no gss-ntlmssp contexts in " NTLM_DIR
		       " (make check prepares them)";
	return NULL;
}

/*
 * gss-ntlmssp's export, through libksecdd, into the module; an acceptor
 * speaks for root, as a server's context speaks for a user.
 */
static int import_export(struct __test_metadata *_metadata,
			 struct ksecdd *dev, const char *dir, bool acceptor,
			 struct ksecdd_handle *h)
{
	const struct ksecdd_lucid_info root = { .has_identity = true };
	struct blob gss = { 0 };
	char error[256] = "";
	uint32_t status;
	void *raw;
	size_t len;
	int ret;

	if (load(dir, "ksecdd.gss", &gss))
		return -1;
	ret = ksecdd_raw_from_ntlmssp(gss.data, gss.len,
				      acceptor ? &root : NULL, &raw, &len,
				      error, sizeof(error));
	unload(&gss);
	if (ret) {
		TH_LOG("%s: %s", dir, error);
		return -1;
	}
	ret = ksecdd_import(dev, "NTLM", raw, len, 0, h, &status);
	explicit_bzero(raw, len);
	free(raw);
	if (ret || status != SEC_E_OK) {
		TH_LOG("import: %s", ret ? strerror(errno) :
		       ksecdd_status_name(status));
		return -1;
	}
	return 0;
}

/*
 * ksecdd receives one token from gss-ntlmssp: VERIFY for a MIC, DECRYPT
 * of the whole Wrap token as a STREAM buffer.  @check flips a bit of the
 * message (of a MIC), of the sealed data (of a wrap), or of the checksum.
 */
enum check { TAMPERED_DATA, TAMPERED_TOKEN, GENUINE };

static uint32_t receive(struct ksecdd *dev, const struct ksecdd_handle *h,
			enum kind kind, const struct blob *msg,
			const struct blob *tok, enum check check,
			bool *plain_ok)
{
	struct ksecdd_ioc_buffer bufs[2];
	unsigned char m[256], t[256];
	uint32_t status, qop = 0;
	int ret;

	*plain_ok = false;
	if (msg->len > sizeof(m) || tok->len > sizeof(t) ||
	    tok->len < SIGNATURE_LEN)
		return NO_STATUS;
	memcpy(m, msg->data, msg->len);
	memcpy(t, tok->data, tok->len);
	if (check == TAMPERED_TOKEN)
		t[CHECKSUM_BYTE] ^= 0x01;
	else if (check == TAMPERED_DATA && kind == MIC)
		m[0] ^= 0x01;
	else if (check == TAMPERED_DATA && tok->len > SIGNATURE_LEN)
		t[SIGNATURE_LEN] ^= 0x01;
	if (kind == MIC) {
		bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, tok->len,
						      (uintptr_t)t };
		bufs[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, msg->len,
						      (uintptr_t)m };
		ret = ksecdd_message(dev, KSECDD_VERIFY, h, &qop, 0, bufs, 2,
				     &status);
		*plain_ok = true;
	} else {
		bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_STREAM,
						      tok->len, (uintptr_t)t };
		bufs[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 0, 0 };
		ret = ksecdd_message(dev, KSECDD_DECRYPT, h, &qop, 0, bufs, 2,
				     &status);
		*plain_ok = !ret && bufs[1].len == msg->len && bufs[1].data &&
			    !memcmp((void *)(uintptr_t)bufs[1].data, msg->data,
				    msg->len);
	}
	return ret ? NO_STATUS : status;
}

FIXTURE(ntlm) {
	char dir[80];
	const char *skip;
	struct ksecdd *dev;
	struct ksecdd_handle h;
	bool imported;
};

FIXTURE_VARIANT(ntlm) {
	const char *neg;
	const char *role;
};

FIXTURE_VARIANT_ADD(ntlm, ess_acceptor) { "ess", "acceptor" };
FIXTURE_VARIANT_ADD(ntlm, ess_initiator) { "ess", "initiator" };
FIXTURE_VARIANT_ADD(ntlm, noess_acceptor) { "noess", "acceptor" };
FIXTURE_VARIANT_ADD(ntlm, noess_initiator) { "noess", "initiator" };

/* Each test gets the context afresh, as gss-ntlmssp exported it. */
FIXTURE_SETUP(ntlm)
{
	snprintf(self->dir, sizeof(self->dir), NTLM_DIR "/%s/%s",
		 variant->neg, variant->role);
	self->skip = unprepared(self->dir);
	if (self->skip)
		return;
	self->dev = ksecdd_open();
	ASSERT_NE(NULL, self->dev) TH_LOG("/dev/ksecdd: %s", strerror(errno));
	ASSERT_EQ(0, import_export(_metadata, self->dev, self->dir,
				   !strcmp(variant->role, "acceptor"),
				   &self->h));
	self->imported = true;
}

FIXTURE_TEARDOWN(ntlm)
{
	uint32_t status;

	if (self->imported)
		ksecdd_delete(self->dev, &self->h, &status);
	ksecdd_close(self->dev);
}

static void load_token(struct __test_metadata *_metadata, const char *dir,
		       enum kind kind, struct blob *msg, struct blob *tok)
{
	char name[16];

	snprintf(name, sizeof(name), "%s.msg", kind_names[kind]);
	ASSERT_EQ(0, load(dir, name, msg));
	snprintf(name, sizeof(name), "%s.tok", kind_names[kind]);
	ASSERT_EQ(0, load(dir, name, tok));
}

/* The peer's genuine tokens before @upto, so that ksecdd is where it is. */
static void catch_up(struct __test_metadata *_metadata, struct ksecdd *dev,
		     const struct ksecdd_handle *h, const char *dir,
		     enum kind upto)
{
	struct blob msg = { 0 }, tok = { 0 };
	bool ok;
	int k;

	for (k = MIC; k < (int)upto; k++) {
		load_token(_metadata, dir, k, &msg, &tok);
		EXPECT_EQ(SEC_E_OK, receive(dev, h, k, &msg, &tok, GENUINE,
					    &ok));
		unload(&msg);
		unload(&tok);
	}
}

/*
 * The peer's token of @kind: tampered twice (refused, and the stream
 * undisturbed), genuine (accepted, with its plaintext), replayed
 * (refused: out of sequence with extended session security; without it
 * the sequence number is under the RC4 stream, which moved on, so the
 * checksum does not verify).
 */
static void peer_token(struct __test_metadata *_metadata, struct ksecdd *dev,
		       const struct ksecdd_handle *h, const char *dir,
		       const char *neg, const char *role, enum kind kind)
{
	struct blob msg = { 0 }, tok = { 0 };
	uint32_t st[4];
	bool ok;
	int i;

	catch_up(_metadata, dev, h, dir, kind);
	load_token(_metadata, dir, kind, &msg, &tok);
	for (i = TAMPERED_DATA; i <= TAMPERED_TOKEN; i++) {
		st[i] = receive(dev, h, kind, &msg, &tok, i, &ok);
		EXPECT_EQ(SEC_E_MESSAGE_ALTERED, st[i])
			TH_LOG("tampered %s: %s", i ? "checksum" : "data",
			       ksecdd_status_name(st[i]));
	}
	st[2] = receive(dev, h, kind, &msg, &tok, GENUINE, &ok);
	EXPECT_EQ(SEC_E_OK, st[2]) TH_LOG("%s", ksecdd_status_name(st[2]));
	EXPECT_TRUE(ok) TH_LOG("the plaintext differs from gss-ntlmssp's");
	st[3] = receive(dev, h, kind, &msg, &tok, GENUINE, &ok);
	EXPECT_EQ(strcmp(neg, "ess") ? SEC_E_MESSAGE_ALTERED :
				       SEC_E_OUT_OF_SEQUENCE, st[3])
		TH_LOG("replay: %s", ksecdd_status_name(st[3]));

	printf("# ntlm %s ksecdd-%s %s from gss-ntlmssp: tampered data "
	       "0x%08x, tampered checksum 0x%08x, genuine 0x%08x, replayed "
	       "0x%08x\n", neg, role, kind_names[kind], st[0], st[1],
	       st[2], st[3]);
	fflush(stdout);
	unload(&msg);
	unload(&tok);
}

TEST_F(ntlm, verify_peer_mic)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	peer_token(_metadata, self->dev, &self->h, self->dir, variant->neg,
		   variant->role, MIC);
}

TEST_F(ntlm, decrypt_peer_wrap)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	peer_token(_metadata, self->dev, &self->h, self->dir, variant->neg,
		   variant->role, WRAP);
}

static void print_hex(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

/*
 * ksecdd makes the token of @kind and prints it for ntlm_peer: the
 * signature of a MIC, or the signature followed by the sealed data.
 */
static void ksecdd_token(struct __test_metadata *_metadata, struct ksecdd *dev,
			 const struct ksecdd_handle *h, const char *neg,
			 const char *role, enum kind kind)
{
	const char *text = ksecdd_messages[kind];
	unsigned char token[64], data[64];
	struct ksecdd_ioc_buffer bufs[2];
	size_t len = strlen(text);
	uint32_t status, qop = 0;

	memcpy(data, text, len);
	bufs[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, sizeof(token),
					      (uintptr_t)token };
	bufs[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, len,
					      (uintptr_t)data };
	ASSERT_EQ(0, ksecdd_message(dev,
				    kind == MIC ? KSECDD_SIGN : KSECDD_ENCRYPT,
				    h, &qop, 0, bufs, 2, &status));
	ASSERT_EQ(SEC_E_OK, status) TH_LOG("%s: %s", kind_names[kind],
					   ksecdd_status_name(status));
	ASSERT_EQ(SIGNATURE_LEN, bufs[0].len);
	ASSERT_EQ(len, bufs[1].len);
	if (kind == WRAP)
		EXPECT_NE(0, memcmp(data, text, len))
			TH_LOG("sealing left the plaintext");

	printf("# ksecdd-ntlm-token %s %s %s ", neg, role, kind_names[kind]);
	print_hex((const unsigned char *)text, len);
	putchar(' ');
	print_hex(token, bufs[0].len);
	if (kind == WRAP)
		print_hex(data, len);
	putchar('\n');
	fflush(stdout);
}

/*
 * After the peer's tokens (without extended session security one stream
 * serves both directions, and the peer's sending moved it), in the order
 * ntlm_peer checks them.
 */
TEST_F(ntlm, sign_seal_for_peer)
{
	enum kind kind;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	catch_up(_metadata, self->dev, &self->h, self->dir, KINDS);
	for (kind = MIC; kind < KINDS; kind++)
		ksecdd_token(_metadata, self->dev, &self->h, variant->neg,
			     variant->role, kind);
}

/* A context SPNEGO negotiated, through ksecctl import-gss. */
TEST(import_gss_spnego_verifies_peer_mic)
{
	const char *dir = NTLM_DIR "/spnego/acceptor";
	struct blob msg = { 0 }, tok = { 0 };
	struct ksecdd_handle h;
	struct ksecdd *dev;
	char line[128] = "";
	const char *skip = unprepared(dir);
	uint32_t status;
	FILE *p;
	bool ok;

	if (skip)
		SKIP(return, "%s", skip);
	p = popen("ksecctl import-gss -u 0 -g 0 " NTLM_DIR
		  "/spnego/acceptor/ksecdd.gss", "r");
	ASSERT_NE(NULL, p);
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	ASSERT_EQ(0, pclose(p));
	line[strcspn(line, "\n")] = '\0';
	ASSERT_EQ(0, ksecdd_parse_handle(line, &h)) TH_LOG("'%s'", line);

	dev = ksecdd_open();
	ASSERT_NE(NULL, dev);
	load_token(_metadata, dir, MIC, &msg, &tok);
	status = receive(dev, &h, MIC, &msg, &tok, GENUINE, &ok);
	EXPECT_EQ(SEC_E_OK, status) TH_LOG("%s", ksecdd_status_name(status));
	printf("# ntlm spnego mic from gss-ntlmssp, context from ksecctl "
	       "import-gss: 0x%08x\n", status);
	fflush(stdout);
	EXPECT_EQ(0, ksecdd_delete(dev, &h, &status));
	EXPECT_EQ(SEC_E_OK, status);
	unload(&msg);
	unload(&tok);
	ksecdd_close(dev);
}

TEST_HARNESS_MAIN
