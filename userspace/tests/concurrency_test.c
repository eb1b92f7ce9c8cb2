// SPDX-License-Identifier: GPL-2.0
/*
 * Threads racing on the same contexts through /dev/ksecdd and keyctl, in
 * the guest as root and as nobody, for KSECDD_STRESS_SECONDS (default 10).
 *
 * As root, the trusted daemon, the threads import Kerberos acceptor and
 * initiator pairs on behalf of a user of their own (fsuid CTX_USER, into
 * a keyring that user owns, so the keys are that user's and charged to
 * its quota, and nothing else in the guest touches its count), and use,
 * export (with and without DELETE_OLD, re-importing the sealed copy),
 * delete, revoke, invalidate and time out the same contexts from other
 * threads.  Each result must be one the race allows: a context that died
 * under a call gives SEC_E_INVALID_HANDLE or SEC_E_CONTEXT_EXPIRED, a
 * copy restarted or behind gives SEC_E_OUT_OF_SEQUENCE, never anything
 * else, and a message that decrypts is the one encrypted.  At the end
 * everything is deleted and the user's keys and quota in /proc/key-users
 * are back where they started.
 *
 * nobody may not import raw contexts: its threads race refused imports
 * and calls on handles that name nothing, and its own key count must not
 * grow.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sys/fsuid.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

#define THREADS		6
#define SLOTS		12
/* The user root imports for; no other test uses it. */
#define CTX_USER	4545

enum op {
	OP_IMPORT, OP_QUERY, OP_SIGN, OP_VERIFY, OP_ENCRYPT, OP_DECRYPT,
	OP_EXPORT, OP_REIMPORT, OP_DELETE, OP_REVOKE, OP_INVALIDATE,
	OP_TIMEOUT, NOPS,
};

static const char * const op_names[NOPS] = {
	"import", "query", "sign", "verify", "encrypt", "decrypt", "export",
	"reimport", "delete", "revoke", "invalidate", "timeout",
};

/* An acceptor (0) and its initiator (1), or 0 serials when empty. */
struct slot {
	pthread_mutex_t lock;
	struct ksecdd_handle h[2];
};

struct shared {
	int fd;
	long ring;
	double deadline;
	u64 seed;
	u8 *blob[2];
	size_t len[2];
	struct slot slots[SLOTS];
};

struct worker {
	pthread_t thread;
	struct shared *sh;
	u64 rng;
	unsigned long ops[NOPS];
	unsigned long status[NOPS][KT_OTHER + 1];
	unsigned long bad, corrupted;
	char first_bad[160];
};

static u64 rnd(struct worker *w)
{
	u64 z = (w->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The statuses the race allows each kind of operation. */
static u32 allowed(enum op op)
{
	static const u32 use[] = {
		SEC_E_OK, SEC_E_INVALID_HANDLE, SEC_E_CONTEXT_EXPIRED,
	};
	static const u32 import[] = {
		SEC_E_OK, SEC_E_INSUFFICIENT_MEMORY,
	};
	u32 set = kt_set(use, ARRAY_SIZE(use));

	/*
	 * nobody's imports are refused; its random handles name nothing, or
	 * by chance another user's key
	 */
	if (geteuid())
		return 1u << kt_slot(op == OP_IMPORT ? SEC_E_NOT_OWNER :
				     SEC_E_INVALID_HANDLE) |
		       1u << kt_slot(SEC_E_NOT_OWNER);
	switch (op) {
	case OP_IMPORT:
	case OP_REIMPORT:
		return kt_set(import, ARRAY_SIZE(import));
	case OP_VERIFY:
	case OP_DECRYPT:
		/* a copy restarted or left behind replays numbers */
		return set | 1u << kt_slot(SEC_E_OUT_OF_SEQUENCE);
	default:
		return set;
	}
}

/* keyctl on a key that died under us: it is dead, expired or gone. */
static u32 keyctl_status(long ret)
{
	if (!ret)
		return SEC_E_OK;
	switch (errno) {
	case EKEYREVOKED:
	case ENOKEY:
		return SEC_E_INVALID_HANDLE;
	case EKEYEXPIRED:
		return SEC_E_CONTEXT_EXPIRED;
	case EACCES:
		return SEC_E_NOT_OWNER;
	}
	return 0x10000 | errno;
}

static void record(struct worker *w, enum op kind, u32 status)
{
	w->ops[kind]++;
	w->status[kind][kt_slot(status)]++;
	if (kt_allowed(allowed(kind), status))
		return;
	if (!w->bad++)
		snprintf(w->first_bad, sizeof(w->first_bad), "%s: 0x%08x",
			 op_names[kind], status);
}

static int same(struct ksecdd_handle a, struct ksecdd_handle b)
{
	return a.serial == b.serial && a.tag == b.tag;
}

static struct ksecdd_handle get(struct slot *s, int role)
{
	struct ksecdd_handle h;

	pthread_mutex_lock(&s->lock);
	h = s->h[role];
	pthread_mutex_unlock(&s->lock);
	return h;
}

/* Put @nh where @old was; returns 0 if the slot had moved on. */
static int swap(struct slot *s, int role, struct ksecdd_handle old,
		struct ksecdd_handle nh)
{
	int ok;

	pthread_mutex_lock(&s->lock);
	ok = same(s->h[role], old);
	if (ok)
		s->h[role] = nh;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

/* A context found dead or expired leaves its slot and its keyring. */
static void retire(struct worker *w, struct slot *s, int role,
		   struct ksecdd_handle h, u32 status)
{
	static const struct ksecdd_handle none;

	if (status != SEC_E_INVALID_HANDLE && status != SEC_E_CONTEXT_EXPIRED)
		return;
	if (swap(s, role, h, none) && status == SEC_E_CONTEXT_EXPIRED)
		kt_keyctl(KEYCTL_UNLINK, h.serial, w->sh->ring, 0, 0);
}

/* A slot with a context missing gets a new pair. */
static void do_import(struct worker *w, struct slot *s)
{
	struct shared *sh = w->sh;
	struct ksecdd_handle h[2], old[2];
	u32 st[2];
	int i, won;

	pthread_mutex_lock(&s->lock);
	old[0] = s->h[0];
	old[1] = s->h[1];
	pthread_mutex_unlock(&s->lock);
	if (old[0].serial && old[1].serial)
		return;
	for (i = 0; i < 2; i++) {
		st[i] = kt_import(sh->fd, sh->blob[i], sh->len[i], sh->ring,
				  &h[i]);
		record(w, OP_IMPORT, st[i]);
	}
	pthread_mutex_lock(&s->lock);
	won = !st[0] && !st[1] && same(s->h[0], old[0]) &&
	      same(s->h[1], old[1]);
	if (won) {
		s->h[0] = h[0];
		s->h[1] = h[1];
	}
	pthread_mutex_unlock(&s->lock);
	for (i = 0; i < 2; i++) {
		if (!won && !st[i])
			kt_delete(sh->fd, h[i]);	/* lost, or half failed */
		else if (won && old[i].serial)
			kt_delete(sh->fd, old[i]);	/* the old pair's half */
	}
}

static void do_query(struct worker *w, struct slot *s, int role)
{
	static const u32 attrs[] = {
		SECPKG_ATTR_SIZES, SECPKG_ATTR_NAMES, SECPKG_ATTR_LIFESPAN,
		SECPKG_ATTR_KEY_INFO, SECPKG_ATTR_SESSION_KEY,
		SECPKG_ATTR_PACKAGE_INFO, SECPKG_ATTR_FLAGS,
	};
	struct ksecdd_handle h = get(s, role);
	u8 buf[256];
	u32 len = sizeof(buf), st;

	st = kt_query(w->sh->fd, h, attrs[rnd(w) % ARRAY_SIZE(attrs)], buf,
		      &len);
	record(w, OP_QUERY, st);
	retire(w, s, role, h, st);
}

/*
 * One side signs, the other verifies; or one encrypts and the other
 * decrypts, and what comes out must be what went in.
 */
static void do_message(struct worker *w, struct slot *s, int role, int seal)
{
	struct ksecdd_handle a = get(s, role), b = get(s, !role);
	struct ksecdd_ioc_buffer buf[2];
	u8 tok[128], msg[64], orig[64];
	unsigned long cmd[2] = { KSECDD_IOC_SIGN, KSECDD_IOC_VERIFY };
	u32 qop = 0, st;
	int tk = seal ? 0 : 1;

	if (seal) {
		cmd[0] = KSECDD_IOC_ENCRYPT;
		cmd[1] = KSECDD_IOC_DECRYPT;
		qop = rnd(w) & 1 ? SECQOP_WRAP_NO_ENCRYPT : 0;
	}
	snprintf((char *)orig, sizeof(orig), "thread %p, message %llu",
		 (void *)w, (unsigned long long)rnd(w));
	memcpy(msg, orig, sizeof(msg));
	buf[tk] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, sizeof(tok),
					      (uintptr_t)tok };
	buf[!tk] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, sizeof(msg),
					       (uintptr_t)msg };
	st = kt_message(w->sh->fd, cmd[0], a, &qop, buf, 2);
	record(w, seal ? OP_ENCRYPT : OP_SIGN, st);
	retire(w, s, role, a, st);
	if (st != SEC_E_OK)
		return;
	st = kt_message(w->sh->fd, cmd[1], b, &qop, buf, 2);
	record(w, seal ? OP_DECRYPT : OP_VERIFY, st);
	retire(w, s, !role, b, st);
	if (st == SEC_E_OK && (buf[!tk].len != sizeof(msg) ||
			       memcmp(msg, orig, sizeof(msg))))
		w->corrupted++;
}

/*
 * Export a context and import the sealed copy in its place; without
 * DELETE_OLD the original is deleted once the copy took over.
 */
static void do_export(struct worker *w, struct slot *s, int role)
{
	static const u32 flags[] = {
		0, EXPORT_RESET_NEW, EXPORT_DELETE_OLD,
		EXPORT_DELETE_OLD | EXPORT_RESET_NEW,
	};
	struct ksecdd_handle h = get(s, role), nh;
	u32 fl = flags[rnd(w) % ARRAY_SIZE(flags)], len, st;
	u8 blob[2048];

	len = sizeof(blob);
	st = kt_export(w->sh->fd, h, fl, blob, &len);
	record(w, OP_EXPORT, st);
	retire(w, s, role, h, st);
	if (st != SEC_E_OK)
		return;
	if (fl & EXPORT_DELETE_OLD)
		retire(w, s, role, h, SEC_E_INVALID_HANDLE);
	st = kt_import(w->sh->fd, blob, len, w->sh->ring, &nh);
	record(w, OP_REIMPORT, st);
	if (st != SEC_E_OK)
		return;
	if (!swap(s, role, fl & EXPORT_DELETE_OLD ? (struct ksecdd_handle){} :
		  h, nh))
		kt_delete(w->sh->fd, nh);
	else if (!(fl & EXPORT_DELETE_OLD))
		kt_delete(w->sh->fd, h);
}

static void do_delete(struct worker *w, struct slot *s, int role)
{
	struct ksecdd_handle h = get(s, role);
	u32 st = kt_delete(w->sh->fd, h);

	record(w, OP_DELETE, st);
	retire(w, s, role, h, st == SEC_E_OK ? SEC_E_INVALID_HANDLE : st);
}

/* keyctl on the context's key: revoke, invalidate, or a short timeout. */
static void do_keyctl(struct worker *w, struct slot *s, int role, enum op op)
{
	struct ksecdd_handle h = get(s, role);
	long ret;

	if (!h.serial)
		return;
	if (op == OP_REVOKE)
		ret = kt_keyctl(KEYCTL_REVOKE, h.serial, 0, 0, 0);
	else if (op == OP_INVALIDATE)
		ret = kt_keyctl(KEYCTL_INVALIDATE, h.serial, 0, 0, 0);
	else
		ret = kt_keyctl(KEYCTL_SET_TIMEOUT, h.serial, 1, 0, 0);
	record(w, op, keyctl_status(ret));
	if (op == OP_TIMEOUT)
		return;
	retire(w, s, role, h, SEC_E_INVALID_HANDLE);
	/* a revoked key stays linked, and charged, until unlinked */
	if (op == OP_REVOKE)
		kt_keyctl(KEYCTL_UNLINK, h.serial, w->sh->ring, 0, 0);
}

/* One operation on a random slot, weighted towards use. */
static void step(struct worker *w)
{
	struct slot *s = &w->sh->slots[rnd(w) % SLOTS];
	int role = rnd(w) & 1;
	u32 pick = rnd(w) % 100;

	if (pick < 10)
		do_import(w, s);
	else if (pick < 30)
		do_query(w, s, role);
	else if (pick < 50)
		do_message(w, s, role, 0);
	else if (pick < 70)
		do_message(w, s, role, 1);
	else if (pick < 82)
		do_export(w, s, role);
	else if (pick < 92)
		do_delete(w, s, role);
	else if (pick < 96)
		do_keyctl(w, s, role, OP_REVOKE);
	else if (pick < 99)
		do_keyctl(w, s, role, OP_INVALIDATE);
	else
		do_keyctl(w, s, role, OP_TIMEOUT);
}

/*
 * nobody's step: a raw import (refused), calls on handles that name
 * nothing, keyctl on serials that are not its own, the package list.
 */
static void step_unprivileged(struct worker *w)
{
	struct shared *sh = w->sh;
	struct ksecdd_handle h = { rnd(w) & 0x7fffffff, rnd(w) };
	struct ksecdd_ioc_buffer b[2] = {
		{ SECBUFFER_DATA, 8, (uintptr_t)&h },
		{ SECBUFFER_TOKEN, 0, 0 },
	};
	u8 buf[64];
	u32 len = sizeof(buf);

	switch (rnd(w) % 6) {
	case 0:
		record(w, OP_IMPORT, kt_import(sh->fd, sh->blob[0], sh->len[0],
					       0, NULL));
		break;
	case 1:
		record(w, OP_QUERY, kt_query(sh->fd, h, SECPKG_ATTR_FLAGS, buf,
					     &len));
		break;
	case 2:
		record(w, OP_SIGN, kt_message(sh->fd, KSECDD_IOC_SIGN, h, NULL,
					      b, 2));
		break;
	case 3:
		record(w, OP_DELETE, kt_delete(sh->fd, h));
		break;
	case 4:
		record(w, OP_EXPORT, kt_export(sh->fd, h, 0, buf, &len));
		break;
	default:
		record(w, OP_REVOKE, keyctl_status(kt_keyctl(KEYCTL_REVOKE,
							     h.serial, 0, 0,
							     0)));
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;

	/* credentials are per thread at the syscall level */
	if (!geteuid())
		setfsuid(CTX_USER);
	while (now() < w->sh->deadline) {
		if (geteuid())
			step_unprivileged(w);
		else
			step(w);
	}
	return NULL;
}

/*
 * The user's key quota while root's threads race: the default (20000
 * bytes) holds two Kerberos contexts, the slots twenty-four and their
 * copies in flight.
 */
#define MAXBYTES	"/proc/sys/kernel/keys/maxbytes"
#define RACE_MAXBYTES	"1000000\n"

FIXTURE(race) {
	struct shared sh;
	struct worker w[THREADS];
	struct kt_key_user before;
	u32 uid;
	char maxbytes[32];
};

FIXTURE_SETUP(race)
{
	struct shared *sh = &self->sh;
	int i;

	sh->fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, sh->fd);
	sh->seed = kt_env("KSECDD_STRESS_SEED", time(NULL) ^ getpid() << 16);
	for (i = 0; i < 2; i++) {
		sh->blob[i] = kt_raw_blob(CTX_USER, i ? KSECDD_ROLE_INITIATOR :
					  KSECDD_ROLE_ACCEPTOR,
					  KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
					  0x42, &sh->len[i]);
		ASSERT_NE(NULL, sh->blob[i]);
	}
	for (i = 0; i < SLOTS; i++)
		pthread_mutex_init(&sh->slots[i].lock, NULL);
	ASSERT_LE(0, kt_keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0));
	/* root's contexts are the user's, counted from nothing */
	self->uid = geteuid() ? geteuid() : CTX_USER;
	ASSERT_EQ(0, kt_key_user(self->uid, &self->before));
	if (geteuid())
		return;
	ASSERT_EQ(0, kt_sysctl(MAXBYTES, RACE_MAXBYTES, self->maxbytes,
			       sizeof(self->maxbytes)));
	/* a keyring the user owns, which root possesses through its session */
	sh->ring = syscall(__NR_add_key, "keyring", "ksecdd-concurrency", NULL,
			   0, KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, sh->ring);
	ASSERT_EQ(0, kt_keyctl(KEYCTL_SETPERM, sh->ring, 0x3f3f0000, 0, 0));
	ASSERT_EQ(0, kt_keyctl(KEYCTL_CHOWN, sh->ring, CTX_USER, CTX_USER, 0));
}

FIXTURE_TEARDOWN(race)
{
	int i;

	for (i = 0; i < 2; i++)
		free(self->sh.blob[i]);
	close(self->sh.fd);
	if (self->maxbytes[0])
		EXPECT_EQ(0, kt_sysctl(MAXBYTES, self->maxbytes, NULL, 0));
}

static void report(struct __test_metadata *_metadata,
		   const struct worker *workers, u64 seed, double secs)
{
	unsigned long ops[NOPS] = { 0 }, tally[NOPS][KT_OTHER + 1] = { { 0 } };
	unsigned long total = 0, corrupted = 0;
	char buf[400];
	int i, op, k;

	for (i = 0; i < THREADS; i++) {
		const struct worker *w = &workers[i];

		for (op = 0; op < NOPS; op++) {
			ops[op] += w->ops[op];
			for (k = 0; k <= KT_OTHER; k++)
				tally[op][k] += w->status[op][k];
		}
		corrupted += w->corrupted;
		if (w->bad)
			TH_LOG("thread %d: %lu results the race does not allow, first %s",
			       i, w->bad, w->first_bad);
		EXPECT_EQ(0, w->bad);
	}
	for (op = 0; op < NOPS; op++) {
		total += ops[op];
		if (!ops[op])
			continue;
		kt_format(buf, sizeof(buf), tally[op]);
		kt_note("concurrency: %-10s %7lu: %s", op_names[op], ops[op],
			buf);
	}
	kt_note("concurrency: %lu operations as uid %u, %d threads, %.1f s, seed %llu",
		total, geteuid(), THREADS, secs, (unsigned long long)seed);
	kt_note("concurrency: %.1f thread-seconds, %.0f ops/s, %lu plaintexts corrupted",
		THREADS * secs, secs > 0 ? total / secs : 0, corrupted);
	EXPECT_EQ(0, corrupted);
	/*
	 * The quota holds every slot and its copies in flight: imports it
	 * refuses are dead contexts the collector has not reaped yet, each
	 * still a key in maxkeys.  When ->destroy took a grace period per
	 * key, nine imports in ten were refused; without, about a third on
	 * TCG, depending on how fast the threads run.
	 */
	if (!geteuid())
		EXPECT_GT(ops[OP_IMPORT] / 4 * 3,
			  tally[OP_IMPORT][kt_slot(SEC_E_INSUFFICIENT_MEMORY)]);
}

/*
 * Delete every context left, then drop the keyring with whatever died
 * in it (revoked, expired, deleted but not yet collected).
 */
static void clean_up(struct __test_metadata *_metadata, struct shared *sh)
{
	u32 st;
	int i, r;

	for (i = 0; i < SLOTS; i++) {
		for (r = 0; r < 2; r++) {
			if (!sh->slots[i].h[r].serial)
				continue;
			st = kt_delete(sh->fd, sh->slots[i].h[r]);
			EXPECT_TRUE(st == SEC_E_OK ||
				    st == SEC_E_INVALID_HANDLE ||
				    st == SEC_E_CONTEXT_EXPIRED);
		}
	}
	if (!sh->ring)
		return;
	EXPECT_EQ(0, kt_keyctl(KEYCTL_CLEAR, sh->ring, 0, 0, 0));
	setfsuid(0);
	EXPECT_EQ(0, kt_keyctl(KEYCTL_UNLINK, sh->ring,
			       KEY_SPEC_SESSION_KEYRING, 0, 0));
}

/*
 * Wait up to @secs for the user's keys to come back: the collector
 * frees unlinked keys in its own time.  nobody's count may also fall,
 * as earlier programs' keys are collected; it must not rise.
 */
static int keys_back(u32 uid, const struct kt_key_user *before, int secs,
		     struct kt_key_user *now)
{
	int i;

	for (i = 0; i < secs * 10; i++) {
		kt_key_user(uid, now);
		if (kt_key_user_eq(now, before))
			return 1;
		if (uid != CTX_USER && now->nkeys <= before->nkeys &&
		    now->qnkeys <= before->qnkeys &&
		    now->qnbytes <= before->qnbytes)
			return 1;
		usleep(100000);
	}
	return 0;
}

TEST_F_TIMEOUT(race, threads, 300)
{
	struct shared *sh = &self->sh;
	double secs = kt_env("KSECDD_STRESS_SECONDS", 10), start;
	struct kt_key_user after;
	int i, back;

	start = now();
	sh->deadline = start + secs;
	for (i = 0; i < THREADS; i++) {
		self->w[i].sh = sh;
		self->w[i].rng = sh->seed + i * 0x1000193;
		ASSERT_EQ(0, pthread_create(&self->w[i].thread, NULL, work,
					    &self->w[i]));
	}
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_join(self->w[i].thread, NULL));
	report(_metadata, self->w, sh->seed, now() - start);
	if (!geteuid())
		setfsuid(CTX_USER);
	clean_up(_metadata, sh);
	start = now();
	back = keys_back(self->uid, &self->before, 60, &after);
	kt_note("concurrency: uid %u keys %lu, quota %lu/%lu before; %lu, %lu/%lu %.1f s after",
		self->uid, self->before.nkeys, self->before.qnkeys,
		self->before.qnbytes, after.nkeys, after.qnkeys, after.qnbytes,
		now() - start);
	EXPECT_TRUE(back);
}

/* The harness's timeout is fixed when built; ours follows the duration. */
static void __attribute__((constructor)) race_timeout(void)
{
	_race_threads_object.timeout = 180 + 2 * kt_env("KSECDD_STRESS_SECONDS", 10);
}

TEST_HARNESS_MAIN
