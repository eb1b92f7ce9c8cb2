// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts as keys, seen from /proc/key-users: what an import charges,
 * that a delete gives all of it back at once, that a revoked context's
 * charge comes back when the collector reaps it (with a short gc_delay),
 * and that an expired context is deleted like any other.
 *
 * Each test charges a user of its own, so that nothing else in the guest
 * moves that user's counts.  Raw imports need root: as nobody the tests
 * skip.  Where a test runs "as the user", root imports one context for
 * the user, exports it sealed and bound to the user, and then becomes the
 * user for good: from there on everything is the user's own doing.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/fsuid.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

#define USER_REVOKE	4646
#define USER_CYCLES	4747
#define USER_FULL	4848
#define USER_EXPIRE	4949
#define USER_CHARGE	5050
#define USER_RECLAIM	5151

#define GC_DELAY	2
/* TCG is slow and the collector shares it with everything else */
#define MARGIN		240

FIXTURE(keys) {
	int fd;
};

FIXTURE_SETUP(keys)
{
	self->fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_LE(0, kt_keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0));
}

FIXTURE_TEARDOWN(keys)
{
	close(self->fd);
}

/* Polls until @uid holds @nkeys keys; returns its counts then. */
static int settle(u32 uid, unsigned long nkeys, int secs,
		  struct kt_key_user *ku)
{
	int i;

	for (i = 0; i < secs * 10; i++) {
		kt_key_user(uid, ku);
		if (ku->nkeys == nkeys)
			return 1;
		usleep(100000);
	}
	return 0;
}

/* Polls until @uid's counts are @want. */
static int back_to(u32 uid, const struct kt_key_user *want, int secs)
{
	struct kt_key_user now;
	int i;

	for (i = 0; i < secs * 10; i++) {
		kt_key_user(uid, &now);
		if (kt_key_user_eq(&now, want))
			return 1;
		usleep(100000);
	}
	return 0;
}

/* A raw Kerberos acceptor for @uid that expires @secs from now. */
static u8 *blob_expiring(u32 uid, long secs, size_t *len)
{
	struct ksecdd_packed_ctx p;
	u8 *raw = kt_raw_blob(uid, KSECDD_ROLE_ACCEPTOR,
			      KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42,
			      len);
	u8 *blob = NULL;

	if (!raw || ksecdd_packed_decode(raw, *len, &p))
		goto out;
	p.expiry = time(NULL) + secs;
	*len = ksecdd_packed_len(&p);
	blob = malloc(*len);
	if (blob && ksecdd_packed_encode(&p, blob, *len)) {
		free(blob);
		blob = NULL;
	}
out:
	free(raw);
	return blob;
}

/*
 * Makes the session keyring @uid's, imports a context for @uid into it,
 * exports it sealed and bound to @uid, and becomes @uid for good.
 * Returns the blob, or NULL.
 */
static u8 *become_user_with_blob(int fd, u32 uid, u32 *len)
{
	struct ksecdd_handle h;
	size_t rlen;
	u8 *raw = kt_raw_blob(uid, KSECDD_ROLE_ACCEPTOR,
			      KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42,
			      &rlen);
	u8 *blob = malloc(4096);

	if (!raw || !blob ||
	    kt_keyctl(KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING, 0x3f3f0000,
		      0, 0) ||
	    kt_keyctl(KEYCTL_CHOWN, KEY_SPEC_SESSION_KEYRING, uid, uid, 0))
		goto fail;
	setfsgid(uid);
	setfsuid(uid);
	if (kt_import(fd, raw, rlen, 0, &h) != SEC_E_OK ||
	    setresuid(-1, uid, -1))
		goto fail;
	*len = 4096;
	if (kt_export(fd, h, EXPORT_DELETE_OLD, blob, len) != SEC_E_OK ||
	    setresuid(0, 0, 0) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		goto fail;
	free(raw);
	return blob;
fail:
	free(raw);
	free(blob);
	return NULL;
}

static u32 import_sealed(int fd, const u8 *blob, u32 len,
			 struct ksecdd_handle *h)
{
	return kt_import(fd, blob, len, 0, h);
}

/*
 * A revoked context's key goes, with all its charge, once gc_delay has
 * passed: the revoke schedules the collector.  The keyring is root's, so
 * that the link the collector drops (whose bytes 6.1 does not give back)
 * is not charged to the user.
 */
TEST_F_TIMEOUT(keys, revoke_gives_quota_back, 600)
{
	struct kt_key_user before, after;
	struct ksecdd_handle h = { 0 };
	char old[32] = "300\n";
	size_t len = 0;
	time_t start;
	u8 *blob;
	int fd;

	if (geteuid())
		SKIP(return, "needs root to set gc_delay and import");
	fd = open("/proc/sys/kernel/keys/gc_delay", O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, old, sizeof(old) - 1));
	ASSERT_EQ(2, pwrite(fd, "2\n", 2, 0));

	blob = kt_raw_blob(USER_REVOKE, KSECDD_ROLE_ACCEPTOR,
			   KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42, &len);
	EXPECT_NE(NULL, blob);
	/* from here on failures only EXPECT: gc_delay must be put back */
	kt_key_user(USER_REVOKE, &before);
	setfsuid(USER_REVOKE);
	EXPECT_EQ(SEC_E_OK, kt_import(self->fd, blob, len, 0, &h));
	setfsuid(0);
	kt_key_user(USER_REVOKE, &after);
	EXPECT_EQ(before.nkeys + 1, after.nkeys);
	EXPECT_EQ(0, kt_keyctl(KEYCTL_REVOKE, h.serial, 0, 0, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, kt_delete(self->fd, h));
	start = time(NULL);
	EXPECT_TRUE(back_to(USER_REVOKE, &before, GC_DELAY + MARGIN));
	kt_key_user(USER_REVOKE, &after);
	kt_note("keys: a revoked context's quota back after %ld s (gc_delay %d s)",
		(long)(time(NULL) - start), GC_DELAY);
	EXPECT_TRUE(kt_key_user_eq(&after, &before)) {
		TH_LOG("uid %d: keys %lu, quota %lu/%lu, want %lu, %lu/%lu",
		       USER_REVOKE, after.nkeys, after.qnkeys, after.qnbytes,
		       before.nkeys, before.qnkeys, before.qnbytes);
	}
	EXPECT_LT(0, pwrite(fd, old, strlen(old), 0));
	close(fd);
	free(blob);
}

/*
 * Import and delete, twenty times, as the user: the user's bytes and keys
 * are what they were, the links in the user's own keyring included.
 */
TEST_F_TIMEOUT(keys, delete_gives_all_quota_back, 600)
{
	struct kt_key_user before, after;
	struct ksecdd_handle h;
	u32 len;
	u8 *blob;
	int i;

	if (geteuid())
		SKIP(return, "needs root to import for a user");
	blob = become_user_with_blob(self->fd, USER_CYCLES, &len);
	ASSERT_NE(NULL, blob);
	/* the user holds its session keyring, once the export's key went */
	ASSERT_TRUE(settle(USER_CYCLES, 1, MARGIN, &before));
	for (i = 0; i < 20; i++) {
		ASSERT_EQ(SEC_E_OK, import_sealed(self->fd, blob, len, &h));
		ASSERT_EQ(SEC_E_OK, kt_delete(self->fd, h));
	}
	/* the bytes at once; the keys as the collector reaps them */
	kt_key_user(USER_CYCLES, &after);
	EXPECT_GE(before.qnbytes + 20 * 64, after.qnbytes);
	EXPECT_TRUE(settle(USER_CYCLES, 1, MARGIN, &after));
	kt_note("keys: uid %d, 20 imports and deletes: %lu keys, %lu/%lu; before %lu, %lu/%lu",
		USER_CYCLES, after.nkeys, after.qnkeys, after.qnbytes,
		before.nkeys, before.qnkeys, before.qnbytes);
	EXPECT_EQ(before.qnkeys, after.qnkeys);
	EXPECT_EQ(before.qnbytes, after.qnbytes);
	free(blob);
}

/* At a full quota, an import right after a delete succeeds. */
TEST_F_TIMEOUT(keys, delete_then_import_at_full_quota, 600)
{
	struct ksecdd_handle h[64];
	u32 len, st = SEC_E_OK;
	int n, i;
	u8 *blob;

	if (geteuid())
		SKIP(return, "needs root to import for a user");
	blob = become_user_with_blob(self->fd, USER_FULL, &len);
	ASSERT_NE(NULL, blob);
	for (n = 0; n < 64; n++) {
		st = import_sealed(self->fd, blob, len, &h[n]);
		if (st != SEC_E_OK)
			break;
	}
	ASSERT_EQ(SEC_E_INSUFFICIENT_MEMORY, st);
	ASSERT_LT(0, n);
	kt_note("keys: uid %d's default quota holds %d Kerberos contexts",
		USER_FULL, n);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(SEC_E_OK, kt_delete(self->fd, h[n - 1]));
		EXPECT_EQ(SEC_E_OK, import_sealed(self->fd, blob, len,
						  &h[n - 1]));
	}
	for (i = 0; i < n; i++)
		EXPECT_EQ(SEC_E_OK, kt_delete(self->fd, h[i]));
	free(blob);
}

/*
 * DeleteSecurityContext() frees whatever its handle names: an expired
 * context too, whether its own end time passed or its key timed out.
 */
TEST_F_TIMEOUT(keys, delete_expired, 600)
{
	struct kt_key_user before, after;
	struct ksecdd_handle h[2];
	u32 flags, flen, st;
	size_t len;
	char *keys;
	int i, r;
	u8 *blob;

	if (geteuid())
		SKIP(return, "needs root to import for a user");
	blob = blob_expiring(USER_EXPIRE, 2, &len);
	ASSERT_NE(NULL, blob);
	kt_key_user(USER_EXPIRE, &before);
	setfsuid(USER_EXPIRE);
	ASSERT_EQ(SEC_E_OK, kt_import(self->fd, blob, len, 0, &h[0]));
	free(blob);
	blob = kt_raw_blob(USER_EXPIRE, KSECDD_ROLE_ACCEPTOR,
			   KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42, &len);
	ASSERT_NE(NULL, blob);
	ASSERT_EQ(SEC_E_OK, kt_import(self->fd, blob, len, 0, &h[1]));
	ASSERT_EQ(0, kt_keyctl(KEYCTL_SET_TIMEOUT, h[1].serial, 1, 0, 0));
	for (r = 0; r < 2; r++) {
		for (i = 0, st = SEC_E_OK; i < 100 && st == SEC_E_OK; i++) {
			flen = sizeof(flags);
			st = kt_query(self->fd, h[r], SECPKG_ATTR_FLAGS, &flags,
				      &flen);
			if (st == SEC_E_OK)
				usleep(100000);
		}
		EXPECT_EQ(SEC_E_CONTEXT_EXPIRED, st);
		EXPECT_EQ(SEC_E_OK, kt_delete(self->fd, h[r]));
		EXPECT_EQ(SEC_E_INVALID_HANDLE, kt_delete(self->fd, h[r]));
	}
	setfsuid(0);
	keys = kt_proc_keys();
	ASSERT_NE(NULL, keys);
	for (r = 0; r < 2; r++) {
		size_t l;

		EXPECT_EQ(NULL, kt_key_line(keys, h[r].serial, &l));
	}
	free(keys);
	EXPECT_TRUE(settle(USER_EXPIRE, before.nkeys, MARGIN, &after));
	EXPECT_TRUE(kt_key_user_eq(&after, &before));
	free(blob);
}

/*
 * What a context is charged: what it costs in kernel memory, not its
 * blob's few hundred bytes.
 */
TEST_F_TIMEOUT(keys, charge, 600)
{
	struct kt_key_user before, after;
	struct ksecdd_handle h;
	size_t len;
	u8 *blob;

	if (geteuid())
		SKIP(return, "needs root to import for a user");
	blob = kt_raw_blob(USER_CHARGE, KSECDD_ROLE_ACCEPTOR,
			   KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42, &len);
	ASSERT_NE(NULL, blob);
	ASSERT_TRUE(settle(USER_CHARGE, 0, MARGIN, &before));
	setfsuid(USER_CHARGE);
	ASSERT_EQ(SEC_E_OK, kt_import(self->fd, blob, len, 0, &h));
	kt_key_user(USER_CHARGE, &after);
	kt_note("keys: a %zu-byte Kerberos blob is charged %lu bytes",
		len, after.qnbytes - before.qnbytes);
	EXPECT_LE(4096, after.qnbytes - before.qnbytes);
	EXPECT_EQ(SEC_E_OK, kt_delete(self->fd, h));
	setfsuid(0);
	free(blob);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define RECLAIM_CONTEXTS	1000

/*
 * The collector reclaims a thousand contexts whose keyring was cleared in
 * bounded time: five seconds, or twice what importing them took if the
 * machine is that slow.  With one grace period per context it took 11 s
 * on Debian's kernel under TCG, against 0.1 s without.  The contexts are
 * a user's of their own, in a keyring of root's; maxkeys and maxbytes are
 * raised for them and put back.
 */
TEST_F_TIMEOUT(keys, reclaim_many, 600)
{
	struct kt_key_user before, after;
	double start, imported, bound;
	char old[32] = "20000\n", oldkeys[32] = "200\n";
	struct ksecdd_handle h;
	size_t len = 0;
	long ring;
	u8 *blob;
	int n;

	if (geteuid())
		SKIP(return, "needs root to import");
	blob = kt_raw_blob(USER_RECLAIM, KSECDD_ROLE_ACCEPTOR,
			   KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 0x42, &len);
	ASSERT_NE(NULL, blob);
	ring = syscall(__NR_add_key, "keyring", "ksecdd-reclaim", NULL, 0,
		       KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, ring);
	ASSERT_TRUE(settle(USER_RECLAIM, 0, MARGIN, &before));
	ASSERT_EQ(0, kt_sysctl("/proc/sys/kernel/keys/maxbytes", "10000000\n",
			       old, sizeof(old)));
	/* from here on failures only EXPECT: the quota must be put back */
	EXPECT_EQ(0, kt_sysctl("/proc/sys/kernel/keys/maxkeys", "2000\n",
			       oldkeys, sizeof(oldkeys)));
	setfsuid(USER_RECLAIM);
	start = now();
	for (n = 0; n < RECLAIM_CONTEXTS; n++)
		if (kt_import(self->fd, blob, len, ring, &h) != SEC_E_OK)
			break;
	imported = now() - start;
	setfsuid(0);
	EXPECT_EQ(RECLAIM_CONTEXTS, n);

	bound = imported * 2 > 5 ? imported * 2 : 5;
	start = now();
	EXPECT_EQ(0, kt_keyctl(KEYCTL_CLEAR, ring, 0, 0, 0));
	EXPECT_TRUE(back_to(USER_RECLAIM, &before, bound + 1));
	kt_key_user(USER_RECLAIM, &after);
	kt_note("keys: %d contexts imported in %.1f s, reclaimed in %.1f s (bound %.0f s)",
		n, imported, now() - start, bound);
	EXPECT_TRUE(kt_key_user_eq(&after, &before));
	EXPECT_GE(bound, now() - start);
	EXPECT_EQ(0, kt_sysctl("/proc/sys/kernel/keys/maxbytes", old, NULL, 0));
	EXPECT_EQ(0, kt_sysctl("/proc/sys/kernel/keys/maxkeys", oldkeys, NULL,
			       0));
	kt_keyctl(KEYCTL_UNLINK, ring, KEY_SPEC_SESSION_KEYRING, 0, 0);
	free(blob);
}

/* A raw NTLM server context for @uid, as the kernel suites build one. */
static u8 *ntlm_blob(u32 uid, size_t *len)
{
	static const char client[] = "alice@EXAMPLE.COM";
	struct ksecdd_packed_ctx *p = calloc(1, sizeof(*p));
	int i;

	if (!p)
		return NULL;
	p->package = KSECDD_PACKAGE_NTLM;
	p->role = KSECDD_ROLE_ACCEPTOR;
	p->flags = 0x1001e;
	p->start = time(NULL) - 10;
	p->expiry = time(NULL) + 3600;
	p->client_name = client;
	p->client_name_len = strlen(client);
	p->has_identity = 1;
	p->uid = uid;
	p->gid = uid;
	p->ntlm.negotiate_flags = 0xe2888235;
	memset(p->ntlm.session_key, 0x55, sizeof(p->ntlm.session_key));
	memset(p->ntlm.client.sign_key, 1, sizeof(p->ntlm.client.sign_key));
	memset(p->ntlm.client.seal_key, 2, sizeof(p->ntlm.client.seal_key));
	memset(p->ntlm.server.sign_key, 3, sizeof(p->ntlm.server.sign_key));
	memset(p->ntlm.server.seal_key, 4, sizeof(p->ntlm.server.seal_key));
	p->ntlm.client.has_rc4 = 1;
	for (i = 0; i < 256; i++)
		p->ntlm.client.rc4.s[i] = 255 - i;
	return kt_encode(p, len);
}

/*
 * The bytes of every slab object in use, from /proc/slabinfo: objects,
 * not pages, so that a partly used slab counts what it holds.
 */
static long slab_bytes(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	unsigned long active, total, size;
	char line[512], name[64];
	long bytes = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lu %lu %lu", name, &active, &total,
			   &size) == 4)
			bytes += active * size;
	if (f)
		fclose(f);
	return f ? bytes : -1;
}

#define COST_CONTEXTS	600
#define COST_FROM	200

/*
 * What a context costs in slab objects, on this kernel (a debug kernel's
 * are larger): the figure behind the charge in Documentation/keys.rst.
 * SLUB counts the free objects of the slabs each CPU allocates from as
 * in use, so the first contexts look dearer than they are: the cost is
 * the growth from the 200th context to the 600th.
 */
TEST_F_TIMEOUT(keys, cost, 300)
{
	static const struct { const char *name; u32 enctype; } kinds[] = {
		{ "Kerberos aes256-sha1", KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96 },
		{ "Kerberos aes256-sha384", 20 },
		{ "NTLM", 0 },
	};
	struct ksecdd_handle *h = calloc(COST_CONTEXTS, sizeof(*h));
	struct kt_key_user before = { 0 }, after;
	unsigned int k;
	long bytes = 0;
	int i, n;

	if (geteuid())
		SKIP(return, "needs root to import");
	ASSERT_NE(NULL, h);
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct ksecdd_ioc_import arg = { .size = sizeof(arg) };
		size_t len;
		u8 *blob;

		blob = kinds[k].enctype ?
		       kt_raw_blob(USER_CHARGE, KSECDD_ROLE_ACCEPTOR,
				   kinds[k].enctype, 0x42, &len) :
		       ntlm_blob(USER_CHARGE, &len);
		ASSERT_NE(NULL, blob);
		strcpy(arg.package, kinds[k].enctype ? "Kerberos" : "NTLM");
		arg.blob = (uintptr_t)blob;
		arg.blob_len = len;
		/* what earlier tests freed has gone by now */
		sleep(2);
		for (n = 0; n < COST_CONTEXTS; n++) {
			if (n == COST_FROM) {
				bytes = slab_bytes();
				kt_key_user(0, &before);
			}
			arg.status = 0;
			if (ioctl(self->fd, KSECDD_IOC_IMPORT, &arg) ||
			    arg.status != SEC_E_OK)
				break;
			h[n] = arg.handle;
		}
		bytes = slab_bytes() - bytes;
		kt_key_user(0, &after);
		EXPECT_EQ(COST_CONTEXTS, n);
		n -= COST_FROM;
		kt_note("keys: %s, %zu-byte blob: %ld bytes of slab and %ld of quota per context",
			kinds[k].name, len, n > 0 ? bytes / n : 0,
			n > 0 ? (long)(after.qnbytes - before.qnbytes) / n : 0);
		n += COST_FROM;
		for (i = 0; i < n; i++)
			EXPECT_EQ(SEC_E_OK, kt_delete(self->fd, h[i]));
		free(blob);
	}
	free(h);
}

TEST_HARNESS_MAIN
