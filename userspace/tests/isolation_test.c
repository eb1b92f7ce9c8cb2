// SPDX-License-Identifier: GPL-2.0
/*
 * One user against another's contexts, in the guest as root (as nobody
 * it skips: only root can import for two users).  ioctl_test's
 * users_are_isolated checks one query, export, delete and describe; this
 * tries everything: every attribute, every export flag, each message
 * call, every keyctl that names a key, raw imports, and the sealed blob
 * the owner exported.  Each must be refused, leave the caller's buffers
 * and the owner's context as they were, and tell the other user no more
 * than the key permissions already do: a handle's tag never changes the
 * answer.  Where the answer for a live context differs from the one for
 * a handle naming nothing, a comment line says how.
 *
 * Root imports for user A (USER_A) with A's fsuid into A's session
 * keyring, as a daemon does; A exports one context sealed, and grants
 * others search permission on three more contexts, read permission on
 * two of them, write permission on one; the test process then becomes
 * user B (USER_B, no capabilities).
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

/* What A hands B: its contexts in every state, its keyring, a blob. */
struct owner {
	int err;
	long ring;
	struct ksecdd_handle live, peer, revoked, expired, deleted;
	/* shared with others: to search; to search and read; and to write */
	struct ksecdd_handle shared, readable, writable;
	/* a handle that names nothing: a serial nobody holds */
	struct ksecdd_handle none;
	u32 sealed_len;
	u8 sealed[2048];
};

static u32 import_for(int fd, u32 uid, u8 role, struct ksecdd_handle *h)
{
	size_t len;
	u8 *blob = kt_raw_blob(uid, role, KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
			       0x42, &len);
	u32 st = blob ? kt_import(fd, blob, len, 0, h) : IOCTL_FAILED;

	free(blob);
	return st;
}

/* Key permissions: A's own, and what others get on the shared ones. */
#define PERM_OWNER	0x3f3f0000
#define PERM_OTH_READ	0x02
#define PERM_OTH_WRITE	0x04
#define PERM_OTH_SEARCH	0x08

/*
 * A context of A's that others may use (search) and, with @more, read or
 * write.  The read one is an initiator's, which carries no identity: only
 * the blob's binding stands between another user and its import.
 */
static u32 share(int fd, struct ksecdd_handle *h, u32 more)
{
	u8 role = more ? KSECDD_ROLE_INITIATOR : KSECDD_ROLE_ACCEPTOR;

	if (import_for(fd, USER_A, role, h))
		return 1;
	return kt_keyctl(KEYCTL_SETPERM, h->serial,
			 PERM_OWNER | PERM_OTH_SEARCH | more, 0, 0) ? 1 : 0;
}

/*
 * In A's child: the contexts, made by root with A's fsuid in a session
 * keyring A owns, then A for good, exporting one context sealed.
 */
static int make_owner(int fd, struct owner *o)
{
	struct ksecdd_handle h;
	struct kt_key_user ku;
	int i;

	if (kt_keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) < 0 ||
	    kt_keyctl(KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING, 0x3f3f0000, 0,
		      0) ||
	    kt_keyctl(KEYCTL_CHOWN, KEY_SPEC_SESSION_KEYRING, USER_A, USER_A,
		      0))
		return 1;
	o->ring = kt_keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0,
			    0, 0);
	/*
	 * The previous case's contexts of A's are charged until the
	 * collector reaps them: wait until A holds only this keyring.
	 */
	for (i = 0; i < 600; i++) {
		kt_key_user(USER_A, &ku);
		if (ku.nkeys <= 1)
			break;
		usleep(100000);
	}
	setfsuid(USER_A);
	setfsgid(USER_A);
	if (import_for(fd, USER_A, KSECDD_ROLE_ACCEPTOR, &o->live) ||
	    import_for(fd, USER_A, KSECDD_ROLE_INITIATOR, &o->peer))
		return 2;
	/* revoked and deleted at once, which gives their charge back */
	for (i = 0; i < 3; i++)
		if (import_for(fd, USER_A, KSECDD_ROLE_ACCEPTOR, &h))
			return 3;
		else if (i == 0 && kt_keyctl(KEYCTL_REVOKE, h.serial, 0, 0, 0))
			return 4;
		else if (i == 0)
			o->revoked = h;
		else if (i == 1 && kt_delete(fd, h))
			return 4;
		else if (i == 1)
			o->deleted = h;
		else
			o->expired = h;
	if (kt_keyctl(KEYCTL_SET_TIMEOUT, o->expired.serial, 1, 0, 0))
		return 4;
	if (share(fd, &o->shared, 0) ||
	    share(fd, &o->readable, PERM_OTH_READ) ||
	    share(fd, &o->writable, PERM_OTH_READ | PERM_OTH_WRITE))
		return 7;
	if (setgroups(0, NULL) || setresgid(USER_A, USER_A, USER_A) ||
	    setresuid(USER_A, USER_A, USER_A))
		return 5;
	o->sealed_len = sizeof(o->sealed);
	if (kt_export(fd, o->live, 0, o->sealed, &o->sealed_len))
		return 6;
	sleep(2);	/* the timed-out context expires */
	return 0;
}

/* What B hands A: a blob B exported from A's readable context. */
struct from_b {
	u32 len;
	u8 blob[2048];
};

/* The uid of @serial's owner, from keyctl describe; -1 if none. */
static long key_uid(long serial)
{
	char desc[256];
	char *p;

	if (kt_keyctl(KEYCTL_DESCRIBE, serial, (unsigned long)desc,
		      sizeof(desc), 0) < 0)
		return -1;
	p = strchr(desc, ';');
	return p ? strtol(p + 1, NULL, 10) : -1;
}

/*
 * B exported A's readable context: the blob is A's, not B's.  A imports
 * it as itself and owns the copy.
 */
static int owner_takes_blob(int fd, const struct from_b *m)
{
	struct ksecdd_handle h;
	u32 flags, len = sizeof(flags);

	if (m->len > sizeof(m->blob) || kt_import(fd, m->blob, m->len, 0, &h))
		return 13;
	if (key_uid(h.serial) != USER_A ||
	    kt_query(fd, h, SECPKG_ATTR_FLAGS, &flags, &len) ||
	    flags != 0x1001e)
		return 14;
	return kt_delete(fd, h) ? 15 : 0;
}

/* A's shared contexts outlived what B tried; B may have deleted one. */
static int shared_intact(int fd, const struct owner *o)
{
	u32 flags, len = sizeof(flags), st;

	if (kt_query(fd, o->shared, SECPKG_ATTR_FLAGS, &flags, &len) ||
	    flags != 0x1001e)
		return 16;
	len = sizeof(flags);
	if (kt_query(fd, o->readable, SECPKG_ATTR_FLAGS, &flags, &len) ||
	    flags != 0x1001e)
		return 17;
	if (kt_delete(fd, o->shared) || kt_delete(fd, o->readable))
		return 18;
	st = kt_delete(fd, o->writable);
	return st && st != SEC_E_INVALID_HANDLE ? 19 : 0;
}

/*
 * A, once B is done: its context answers as before, and B's attempts
 * took no message number (a MIC made now verifies in sequence).
 */
static int owner_intact(int fd, const struct owner *o,
			const struct from_b *m)
{
	struct ksecdd_ioc_buffer b[2];
	u8 msg[32] = "after B", tok[64];
	u32 flags, len = sizeof(flags), qop = 0;
	int err;

	if (kt_query(fd, o->live, SECPKG_ATTR_FLAGS, &flags, &len) ||
	    flags != 0x1001e)
		return 10;
	b[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, sizeof(msg),
					   (uintptr_t)msg };
	b[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, sizeof(tok),
					   (uintptr_t)tok };
	if (kt_message(fd, KSECDD_IOC_SIGN, o->peer, NULL, b, 2) ||
	    kt_message(fd, KSECDD_IOC_VERIFY, o->live, &qop, b, 2))
		return 11;
	if (kt_delete(fd, o->live) || kt_delete(fd, o->peer))
		return 12;
	err = shared_intact(fd, o);
	if (!err && m->len)
		err = owner_takes_blob(fd, m);
	return err;
}

/*
 * A's child: set up, report, wait for B to finish (and perhaps hand
 * over a blob), check, clean up.
 */
static void owner(int fd, int out, int done)
{
	struct owner o = { 0 };
	struct from_b m = { 0 };
	ssize_t n;

	o.err = make_owner(fd, &o);
	if (write(out, &o, sizeof(o)) != sizeof(o))
		_exit(20);
	/* B may not signal A: A goes on when B closes the pipe */
	n = read(done, &m, sizeof(m));
	if ((n != 0 && n != sizeof(m)) || (n && read(done, &m, 1) != 0))
		_exit(21);
	_exit(o.err ? o.err : owner_intact(fd, &o, &m));
}

/* B, for good: no capabilities, a session keyring of its own. */
static int become_b(void)
{
	if (setgroups(0, NULL) || setresgid(USER_B, USER_B, USER_B) ||
	    setresuid(USER_B, USER_B, USER_B))
		return -1;
	return kt_keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) < 0 ? -1 : 0;
}

/*
 * A holds more contexts than the default key quota does (it holds two
 * Kerberos contexts, Documentation/keys.rst): maxbytes is raised, and a
 * child that stays root puts it back once the test closes its pipe,
 * however the test ends.
 */
#define MAXBYTES	"/proc/sys/kernel/keys/maxbytes"

static pid_t raise_quota(int *to_keeper)
{
	char old[32], c;
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	if (kt_sysctl(MAXBYTES, "200000\n", old, sizeof(old)))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		_exit(kt_sysctl(MAXBYTES, old, NULL, 0) ? 1 : 0);
	}
	close(p[0]);
	if (pid < 0)
		kt_sysctl(MAXBYTES, old, NULL, 0);
	*to_keeper = p[1];
	return pid;
}

FIXTURE(iso) {
	int fd, to_a, pid, to_keeper, keeper;
	struct owner o;
};

FIXTURE_SETUP(iso)
{
	int pipefd[2], ctl[2];

	self->pid = -1;
	self->keeper = -1;
	self->fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, self->fd);
	if (geteuid())
		SKIP(return, "needs root to import for two users");
	self->keeper = raise_quota(&self->to_keeper);
	ASSERT_LT(0, self->keeper);
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ctl));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		close(ctl[1]);
		owner(self->fd, pipefd[1], ctl[0]);
	}
	close(pipefd[1]);
	close(ctl[0]);
	self->to_a = ctl[1];
	ASSERT_EQ(sizeof(self->o), read(pipefd[0], &self->o, sizeof(self->o)));
	close(pipefd[0]);
	ASSERT_EQ(0, self->o.err);
	self->o.none = self->o.live;
	do
		self->o.none.serial ^= 0x40000000 >> (rand() % 8);
	while (kt_keyctl(KEYCTL_DESCRIBE, self->o.none.serial, 0, 0, 0) != -1 ||
	       errno != ENOKEY);
	ASSERT_EQ(0, become_b());
}

FIXTURE_TEARDOWN(iso)
{
	int wstatus;

	close(self->fd);
	if (self->pid > 0) {
		close(self->to_a);
		EXPECT_EQ(self->pid, waitpid(self->pid, &wstatus, 0));
		/* A's exit code names the check of owner_intact() that failed */
		EXPECT_EQ(0, wstatus);
	}
	if (self->keeper > 0) {
		close(self->to_keeper);
		EXPECT_EQ(self->keeper, waitpid(self->keeper, &wstatus, 0));
		EXPECT_EQ(0, wstatus);
	}
}

/* The handles B tries: A's context in each state, and one naming nothing. */
enum which { LIVE, WRONG_TAG, REVOKED, EXPIRED, DELETED, NONE, NWHICH };

static const char * const which_names[NWHICH] = {
	"live", "live with another tag", "revoked", "expired", "deleted",
	"nothing",
};

static struct ksecdd_handle pick(const struct owner *o, enum which w)
{
	struct ksecdd_handle h[NWHICH] = {
		o->live, o->live, o->revoked, o->expired, o->deleted, o->none,
	};

	h[WRONG_TAG].tag ^= 1;
	return h[w];
}

enum call { QUERY, EXPORT, DELETE, MESSAGE };

/*
 * One call on @h; -1 if B's buffers changed (a refused call writes
 * nothing back).  @arg is the attribute, the export flags or the
 * message command.
 */
static u32 call(int fd, enum call c, unsigned long arg, struct ksecdd_handle h,
		int *wrote)
{
	u8 buf[512], tok[128], msg[64];
	struct ksecdd_ioc_buffer b[2] = {
		{ SECBUFFER_TOKEN, sizeof(tok), (uintptr_t)tok },
		{ SECBUFFER_DATA, sizeof(msg), (uintptr_t)msg },
	};
	u32 len = sizeof(buf), qop = 0, st;
	unsigned int i;

	memset(buf, 0xa5, sizeof(buf));
	memset(tok, 0xa5, sizeof(tok));
	memset(msg, 0xa5, sizeof(msg));
	if (c == QUERY)
		st = kt_query(fd, h, arg, buf, &len);
	else if (c == EXPORT)
		st = kt_export(fd, h, arg, buf, &len);
	else if (c == DELETE)
		st = kt_delete(fd, h);
	else
		st = kt_message(fd, arg, h, &qop, b, 2);
	*wrote = len != sizeof(buf) || qop || b[0].len != sizeof(tok) ||
		 b[1].len != sizeof(msg);
	for (i = 0; i < sizeof(buf); i++)
		*wrote |= buf[i] != 0xa5 || (i < sizeof(tok) && tok[i] != 0xa5) ||
			  (i < sizeof(msg) && msg[i] != 0xa5);
	return st;
}

/*
 * @c on each handle: never SEC_E_OK, nothing written back, and the tag
 * makes no difference.  Returns the statuses for the summary.
 */
static void probe(struct __test_metadata *_metadata, int fd,
		  const struct owner *o, const char *what, enum call c,
		  unsigned long arg)
{
	u32 st[NWHICH];
	int w, wrote;

	for (w = 0; w < NWHICH; w++) {
		st[w] = call(fd, c, arg, pick(o, w), &wrote);
		EXPECT_NE(SEC_E_OK, st[w]);
		EXPECT_NE(IOCTL_FAILED, st[w]);
		EXPECT_EQ(0, wrote);
		if (st[w] == SEC_E_OK || wrote)
			TH_LOG("%s on A's %s context: 0x%08x, wrote %d", what,
			       which_names[w], st[w], wrote);
	}
	EXPECT_EQ(st[LIVE], st[WRONG_TAG]);
	kt_note("isolation: %-18s live %s, tag %s, revoked %s, expired %s, deleted %s, none %s",
		what, kt_name(kt_slot(st[LIVE])),
		kt_name(kt_slot(st[WRONG_TAG])), kt_name(kt_slot(st[REVOKED])),
		kt_name(kt_slot(st[EXPIRED])), kt_name(kt_slot(st[DELETED])),
		kt_name(kt_slot(st[NONE])));
}

/* Every attribute, every export flag, delete and the message calls. */
TEST_F(iso, calls_on_another_users_contexts)
{
	static const struct {
		const char *what;
		enum call c;
		unsigned long arg;
	} calls[] = {
		{ "query sizes", QUERY, SECPKG_ATTR_SIZES },
		{ "query names", QUERY, SECPKG_ATTR_NAMES },
		{ "query lifespan", QUERY, SECPKG_ATTR_LIFESPAN },
		{ "query key info", QUERY, SECPKG_ATTR_KEY_INFO },
		{ "query session key", QUERY, SECPKG_ATTR_SESSION_KEY },
		{ "query package info", QUERY, SECPKG_ATTR_PACKAGE_INFO },
		{ "query flags", QUERY, SECPKG_ATTR_FLAGS },
		{ "query attribute 4", QUERY, 4 },
		{ "query attribute 99", QUERY, 99 },
		{ "export", EXPORT, 0 },
		{ "export RESET_NEW", EXPORT, EXPORT_RESET_NEW },
		{ "export DELETE_OLD", EXPORT, EXPORT_DELETE_OLD },
		{ "export both", EXPORT, EXPORT_RESET_NEW | EXPORT_DELETE_OLD },
		{ "export TO_KERNEL", EXPORT, EXPORT_TO_KERNEL },
		{ "export flag 8", EXPORT, 8 },
		{ "delete", DELETE, 0 },
		{ "sign", MESSAGE, KSECDD_IOC_SIGN },
		{ "verify", MESSAGE, KSECDD_IOC_VERIFY },
		{ "encrypt", MESSAGE, KSECDD_IOC_ENCRYPT },
		{ "decrypt", MESSAGE, KSECDD_IOC_DECRYPT },
	};
	unsigned int i;

	/* the setup skipped: the harness runs the body all the same */
	if (self->pid <= 0)
		return;

	for (i = 0; i < ARRAY_SIZE(calls); i++)
		probe(_metadata, self->fd, &self->o, calls[i].what, calls[i].c,
		      calls[i].arg);
}

/*
 * Search permission lets B use A's context, not copy or delete it: an
 * export takes read permission, DELETE_OLD write permission too.  What B
 * may export is bound to A, who owns the context: B cannot import it,
 * A can, and owns the copy.
 */
TEST_F(iso, export_takes_read_and_binds_to_owner)
{
	static const u32 flags[] = {
		0, EXPORT_RESET_NEW, EXPORT_DELETE_OLD,
		EXPORT_RESET_NEW | EXPORT_DELETE_OLD,
	};
	struct ksecdd_handle h;
	struct from_b m = { 0 };
	u8 blob[2048];
	u32 attr, len;
	unsigned int i;
	int wrote;
	char buf[64];

	/* the setup skipped: the harness runs the body all the same */
	if (self->pid <= 0)
		return;

	/* search: B uses the context, and may export it in no way */
	len = sizeof(attr);
	EXPECT_EQ(SEC_E_OK, kt_query(self->fd, self->o.shared,
				     SECPKG_ATTR_FLAGS, &attr, &len));
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		EXPECT_EQ(SEC_E_NOT_OWNER, call(self->fd, EXPORT, flags[i],
						self->o.shared, &wrote));
		EXPECT_EQ(0, wrote);
	}
	kt_note("isolation: export with search only: NOT_OWNER, any flags");

	/* search and read: B exports, but not with DELETE_OLD */
	m.len = 16;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, kt_export(self->fd, self->o.readable,
						    0, m.blob, &m.len));
	EXPECT_LT(16, m.len);
	m.len = sizeof(m.blob);
	ASSERT_EQ(SEC_E_OK, kt_export(self->fd, self->o.readable, 0, m.blob,
				      &m.len));
	/* the blob is A's: B's import is refused */
	EXPECT_EQ(SEC_E_NOT_OWNER, kt_import(self->fd, m.blob, m.len, 0, &h));
	/* read permission reads nothing through keyctl: no ->read */
	EXPECT_EQ(-1, kt_keyctl(KEYCTL_READ, self->o.readable.serial,
				(unsigned long)buf, sizeof(buf), 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(SEC_E_NOT_OWNER, call(self->fd, EXPORT, EXPORT_DELETE_OLD,
					self->o.readable, &wrote));
	EXPECT_EQ(0, wrote);
	kt_note("isolation: export with read: OK, %u bytes, bound to A", m.len);
	kt_note("isolation: B's import of it, and DELETE_OLD: NOT_OWNER");

	/* and write: DELETE_OLD takes the context away */
	len = sizeof(blob);
	EXPECT_EQ(SEC_E_OK, kt_export(self->fd, self->o.writable,
				      EXPORT_DELETE_OLD, blob, &len));
	len = sizeof(attr);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, kt_query(self->fd, self->o.writable,
						 SECPKG_ATTR_FLAGS, &attr,
						 &len));
	kt_note("isolation: export DELETE_OLD with read and write: OK, context gone");

	/* hand the blob to A, who imports it in owner_takes_blob() */
	EXPECT_EQ(sizeof(m), write(self->to_a, &m, sizeof(m)));
}

/* keyctl on A's keys and keyring: refused, whatever the key's state. */
static long key_op(const struct owner *o, int op, long serial)
{
	char buf[256];

	switch (op) {
	case KEYCTL_DESCRIBE:
	case KEYCTL_READ:
	case KEYCTL_GET_SECURITY:
		return kt_keyctl(op, serial, (unsigned long)buf, sizeof(buf), 0);
	case KEYCTL_SETPERM:
		return kt_keyctl(op, serial, 0x3f3f3f3f, 0, 0);
	case KEYCTL_CHOWN:
		return kt_keyctl(op, serial, USER_B, USER_B, 0);
	case KEYCTL_SET_TIMEOUT:
		return kt_keyctl(op, serial, 100000, 0, 0);
	case KEYCTL_LINK:
		return kt_keyctl(op, serial, KEY_SPEC_SESSION_KEYRING, 0, 0);
	case KEYCTL_UNLINK:
		return kt_keyctl(op, serial, o->ring, 0, 0);
	case KEYCTL_UPDATE:
		return kt_keyctl(op, serial, (unsigned long)"x", 1, 0);
	}
	return kt_keyctl(op, serial, 0, 0, 0);	/* revoke, invalidate */
}

TEST_F(iso, keyctl_on_another_users_keys)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = {
		{ "describe", KEYCTL_DESCRIBE }, { "read", KEYCTL_READ },
		{ "get_security", KEYCTL_GET_SECURITY },
		{ "setperm", KEYCTL_SETPERM }, { "chown", KEYCTL_CHOWN },
		{ "set_timeout", KEYCTL_SET_TIMEOUT }, { "link", KEYCTL_LINK },
		{ "unlink", KEYCTL_UNLINK }, { "update", KEYCTL_UPDATE },
		/* last: they would end the context if allowed */
		{ "invalidate", KEYCTL_INVALIDATE }, { "revoke", KEYCTL_REVOKE },
	};
	char line[256];
	unsigned int i;
	size_t n;
	long ret;
	int w;

	/* the setup skipped: the harness runs the body all the same */
	if (self->pid <= 0)
		return;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		n = snprintf(line, sizeof(line), "isolation: keyctl %-12s",
			     ops[i].name);
		for (w = 0; w < NWHICH; w++) {
			if (w == WRONG_TAG)
				continue;	/* the same key */
			ret = key_op(&self->o, ops[i].op, pick(&self->o, w).serial);
			EXPECT_EQ(-1, ret);
			n += snprintf(line + n, sizeof(line) - n, " %s %s%s",
				      which_names[w], ret < 0 ? "" : "OK ",
				      ret < 0 ? strerrorname_np(errno) : "");
		}
		ret = key_op(&self->o, ops[i].op, self->o.ring);
		EXPECT_EQ(-1, ret);
		snprintf(line + n, sizeof(line) - n, ", A's keyring %s",
			 ret < 0 ? strerrorname_np(errno) : "OK");
		kt_note("%s", line);
	}
	EXPECT_EQ(-1, kt_keyctl(KEYCTL_CLEAR, self->o.ring, 0, 0, 0));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, kt_keyctl(KEYCTL_SEARCH, self->o.ring,
				(unsigned long)".ksecdd",
				(unsigned long)"Kerberos:0000000000000001", 0));
}

/*
 * Raw blobs are a daemon's to bring, whatever identity they carry;
 * A's sealed blob is A's, into B's keyring or A's; and the sealed
 * blob B holds does not carry the key in the clear.
 */
TEST_F(iso, imports_for_another_user)
{
	static const u8 key[32] = {
		0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
		0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
		0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
		0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
	};
	const u32 uids[] = { USER_A, USER_B, 0 };
	struct ksecdd_handle h;
	unsigned int i, r;
	size_t len;
	u8 *blob;

	/* the setup skipped: the harness runs the body all the same */
	if (self->pid <= 0)
		return;

	for (i = 0; i < ARRAY_SIZE(uids); i++) {
		for (r = 0; r < 2; r++) {
			blob = kt_raw_blob(uids[i], r,
					   KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
					   0x42, &len);
			ASSERT_NE(NULL, blob);
			EXPECT_EQ(SEC_E_NOT_OWNER,
				  kt_import(self->fd, blob, len, 0, &h));
			EXPECT_EQ(SEC_E_NOT_OWNER,
				  kt_import(self->fd, blob, len, self->o.ring,
					    &h));
			free(blob);
		}
	}
	EXPECT_EQ(SEC_E_NOT_OWNER, kt_import(self->fd, self->o.sealed,
					     self->o.sealed_len, 0, &h));
	EXPECT_EQ(SEC_E_NOT_OWNER, kt_import(self->fd, self->o.sealed,
					     self->o.sealed_len, self->o.ring,
					     &h));
	EXPECT_EQ(NULL, memmem(self->o.sealed, self->o.sealed_len, key, 16));
	kt_note("isolation: B imported raw blobs for A, B, root: NOT_OWNER");
	kt_note("isolation: B imported A's sealed blob (%u bytes): NOT_OWNER",
		self->o.sealed_len);
}

TEST_HARNESS_MAIN
