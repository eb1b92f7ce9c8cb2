// SPDX-License-Identifier: GPL-2.0
/*
 * Root of a user namespace against ksecdd.  Every privilege ksecdd asks
 * for is a capability in the initial user namespace, so a process that
 * made a namespace of its own, and holds every capability there, gets
 * nothing it did not have before: no raw import, no identity of its
 * choosing, no sealing key provisioned, no say in which key seals
 * exports.  Run by root, the namespace maps uid 0 to 0, so that only the
 * capabilities differ from root's; run by nobody, it maps nobody to 0.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

#define SEAL_PARAMS	"/sys/module/ksecdd/parameters/"

/* The contents of a module parameter's file, at most @size - 1 bytes. */
static int read_param(const char *name, char *buf, size_t size)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SEAL_PARAMS "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Become root of a new user namespace, mapped to who we were. */
static int enter_userns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (kt_write_file("/proc/self/uid_map", map) ||
	    kt_write_file("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", gid);
	return kt_write_file("/proc/self/gid_map", map);
}

/*
 * Run @fn in a child that is root of a new user namespace; its exit
 * status: 0 when @fn passed, 1 to 99 for the check that failed,
 * 100 when the namespace could not be made.
 */
static int in_userns(int (*fn)(uid_t outer))
{
	uid_t outer = geteuid();
	int wstatus;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (enter_userns())
			_exit(100);
		_exit(fn(outer));
	}
	if (waitpid(pid, &wstatus, 0) != pid || !WIFEXITED(wstatus))
		return -1;
	return WEXITSTATUS(wstatus);
}

/* A raw blob is refused, for the caller's own identity and for another. */
static int raw_import(uid_t outer)
{
	struct kt_key_user before, after;
	struct ksecdd_handle h;
	u32 uids[] = { outer, USER_A }, i;
	int fd;

	fd = open("/dev/ksecdd", O_RDWR);
	if (fd < 0)
		return 1;
	/*
	 * The import goes to the session keyring: have it made before
	 * counting.  /proc/key-users names the caller as the namespace sees
	 * it: 0.
	 */
	if (kt_keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 1, 0,
		      0) < 0 || kt_key_user(0, &before))
		return 2;
	for (i = 0; i < ARRAY_SIZE(uids); i++) {
		size_t len;
		u8 *blob = kt_raw_blob(uids[i], KSECDD_ROLE_ACCEPTOR,
				       KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
				       0x42, &len);
		u32 st = blob ? kt_import(fd, blob, len, 0, &h) : IOCTL_FAILED;

		free(blob);
		if (st != SEC_E_NOT_OWNER) {
			kt_note("raw import for %u: 0x%08x", uids[i], st);
			return 3;
		}
	}
	/* nothing was charged to the caller */
	if (kt_key_user(0, &after) || !kt_key_user_eq(&before, &after))
		return 4;
	close(fd);
	return 0;
}

/* The keyring of sealing keys takes nothing from the namespace's root. */
static int provision(uid_t outer)
{
	char buf[32];
	long ring;
	u8 key[32];

	if (read_param("seal_keyring", buf, sizeof(buf)))
		return 1;
	ring = strtol(buf, NULL, 10);
	memset(key, 0x42, sizeof(key));
	if (syscall(__NR_add_key, "logon", "ksecdd:userns", key, sizeof(key),
		    ring) != -1) {
		kt_note("a sealing key provisioned from a user namespace");
		return 2;
	}
	return errno == EACCES || errno == EPERM ? 0 : 3;
}

/*
 * Nor may it choose the key that seals exports: it writes back the name
 * already there, so that a failure changes nothing for later tests.
 */
static int select_key(uid_t outer)
{
	char name[64];

	if (read_param("seal_key", name, sizeof(name)))
		return 1;
	if (!kt_write_file(SEAL_PARAMS "seal_key", name)) {
		kt_note("seal_key written from a user namespace");
		return 2;
	}
	return 0;
}

static void check(struct __test_metadata *_metadata, int (*fn)(uid_t))
{
	int st = in_userns(fn);

	if (st == 100)
		SKIP(return, "no user namespaces here");
	/* the child's exit status names the check that failed */
	EXPECT_EQ(0, st);
}

TEST(raw_import_refused)
{
	check(_metadata, raw_import);
}

TEST(provisioning_refused)
{
	check(_metadata, provision);
}

TEST(seal_key_selection_refused)
{
	check(_metadata, select_key);
}

TEST_HARNESS_MAIN
