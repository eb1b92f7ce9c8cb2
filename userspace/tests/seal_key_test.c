// SPDX-License-Identifier: GPL-2.0
/*
 * Who may choose what "sealed" means, in the guest as root (as nobody it
 * skips: the knobs are root's).  Provisioning a key in .ksecdd_seal and
 * writing the seal_key parameter need CAP_SYS_ADMIN, not uid 0: a root
 * process that dropped every capability (a service with an empty
 * CapabilityBoundingSet, a container without CAP_SYS_ADMIN) is refused
 * both, and one that kept only CAP_SYS_ADMIN may do both.  Names are
 * ASCII: a Latin-1 name is refused even to full root.
 *
 * Each case runs in a child that sets its capabilities with capset(2)
 * and stays uid 0; the parent, with all of root's capabilities, tidies
 * up whatever a child provisioned or selected.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

#define PARAMS		"/sys/module/ksecdd/parameters/"
#define SEAL_KEY	PARAMS "seal_key"

static long seal_keyring(void)
{
	char buf[32] = "";
	int fd = open(PARAMS "seal_keyring", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Writes @name to seal_key: 0 or the errno of the write. */
static int select_key(const char *name)
{
	int fd = open(SEAL_KEY, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = write(fd, name, strlen(name));
	err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

/* Adds a 32-byte logon key ksecdd:@name to the sealing keyring. */
static long provision(const char *name)
{
	char desc[64];
	unsigned char key[32];

	memset(key, 0x5a, sizeof(key));
	snprintf(desc, sizeof(desc), "ksecdd:%s", name);
	return syscall(__NR_add_key, "logon", desc, key, sizeof(key),
		       seal_keyring());
}

/* Only those of our capabilities in @mask, effective and permitted. */
static int keep_caps(__u64 mask)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int i;

	if (syscall(__NR_capget, &hdr, data))
		return -1;
	for (i = 0; i < 2; i++) {
		data[i].permitted &= mask >> (32 * i);
		data[i].effective = data[i].permitted;
		data[i].inheritable = 0;
	}
	return syscall(__NR_capset, &hdr, data);
}

/* In a child with @caps: what provisioning @name and selecting it give. */
struct attempt {
	long serial;
	int add_errno;
	int select_errno;
};

static int try_as(__u64 caps, const char *name, struct attempt *a)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		struct attempt r = { 0 };

		close(fds[0]);
		if (keep_caps(caps) || getuid() || geteuid())
			_exit(2);
		r.serial = provision(name);
		r.add_errno = r.serial < 0 ? errno : 0;
		r.select_errno = select_key(name);
		_exit(write(fds[1], &r, sizeof(r)) == sizeof(r) ? 0 : 3);
	}
	close(fds[1]);
	if (read(fds[0], a, sizeof(*a)) != sizeof(*a))
		a->serial = -2;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The parent puts back what a child may have changed. */
static void tidy(long serial)
{
	select_key("");
	if (serial > 0) {
		kt_keyctl(KEYCTL_UNLINK, serial, seal_keyring(), 0, 0);
		kt_keyctl(KEYCTL_INVALIDATE, serial, 0, 0, 0);
	}
}

FIXTURE(seal_key) {
	int root;
};

/* The harness runs a test whose setup skipped: each test checks root. */
FIXTURE_SETUP(seal_key)
{
	self->root = !geteuid() && seal_keyring() > 0;
}

FIXTURE_TEARDOWN(seal_key)
{
	if (self->root)
		select_key("");
}

/* Root with no capability at all: uid 0 is not enough for either knob. */
TEST_F(seal_key, refused_without_capabilities)
{
	struct attempt a;

	if (!self->root)
		SKIP(return, "needs root and the module loaded");
	ASSERT_EQ(0, try_as(0, "capless", &a));
	EXPECT_EQ(-1, a.serial);
	EXPECT_EQ(EPERM, a.add_errno);
	EXPECT_EQ(EPERM, a.select_errno);
	tidy(a.serial);
	kt_note("uid 0 without capabilities: add_key %s, seal_key write %s",
		strerror(a.add_errno), strerror(a.select_errno));
}

/* Every capability but CAP_SYS_ADMIN: still refused. */
TEST_F(seal_key, refused_without_cap_sys_admin)
{
	struct attempt a;

	if (!self->root)
		SKIP(return, "needs root and the module loaded");
	ASSERT_EQ(0, try_as(~(1ULL << CAP_SYS_ADMIN), "nosysadmin", &a));
	EXPECT_EQ(-1, a.serial);
	EXPECT_EQ(EPERM, a.add_errno);
	EXPECT_EQ(EPERM, a.select_errno);
	tidy(a.serial);
}

/* CAP_SYS_ADMIN alone is what both need. */
TEST_F(seal_key, allowed_with_cap_sys_admin)
{
	struct attempt a;

	if (!self->root)
		SKIP(return, "needs root and the module loaded");
	ASSERT_EQ(0, try_as(1ULL << CAP_SYS_ADMIN, "sysadmin", &a));
	EXPECT_LT(0, a.serial);
	EXPECT_EQ(0, a.add_errno);
	EXPECT_EQ(0, a.select_errno);
	tidy(a.serial);
}

/* Key names are ASCII: Latin-1 letters are refused, whoever asks. */
TEST_F(seal_key, latin1_name_refused)
{
	if (!self->root)
		SKIP(return, "needs root and the module loaded");
	EXPECT_EQ(EINVAL, select_key("\xc0\xc1"));
	EXPECT_EQ(EINVAL, select_key("caf\xe9"));
	EXPECT_EQ(EINVAL, select_key("bad/name"));
	EXPECT_EQ(0, select_key("ascii-name.1"));
	EXPECT_EQ(0, select_key(""));
}

TEST_HARNESS_MAIN
