// SPDX-License-Identifier: GPL-2.0
/*
 * The device side of the broker channel (Documentation/broker.rst): who
 * may attach, one broker per network namespace and per file, and the
 * errors of read(), poll() and KSECDD_IOC_BROKER_ANSWER with no request
 * to answer.  The tests that attach run in a network namespace of their
 * own where the kernel has them, so that they never meet a broker serving
 * the guest; elsewhere they attach in the initial one, and skip if a
 * broker serves it.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

static int attach(int fd, struct ksecdd_ioc_broker_attach *arg)
{
	memset(arg, 0, sizeof(*arg));
	arg->size = sizeof(*arg);
	arg->version = KSECDD_BROKER_VERSION;
	return ioctl(fd, KSECDD_IOC_BROKER_ATTACH, arg);
}

static int answer_id(int fd, __u64 id)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a), .id = id, .result = SEC_E_NO_CREDENTIALS,
	};

	return ioctl(fd, KSECDD_IOC_BROKER_ANSWER, &a);
}

/* Attaching, in a child that is root of a new user namespace. */
static int attach_in_userns(void)
{
	struct ksecdd_ioc_broker_attach arg;
	char map[64];
	uid_t uid = geteuid();
	int wstatus, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) && unshare(CLONE_NEWUSER))
			_exit(100);
		snprintf(map, sizeof(map), "0 %u 1", uid);
		if (kt_write_file("/proc/self/uid_map", map))
			_exit(100);
		fd = open("/dev/ksecdd", O_RDWR);
		if (fd < 0)
			_exit(101);
		if (!attach(fd, &arg))
			_exit(1);
		_exit(errno == EPERM ? 0 : 2);
	}
	if (waitpid(pid, &wstatus, 0) != pid || !WIFEXITED(wstatus))
		return -1;
	return WEXITSTATUS(wstatus);
}

/* CAP_SYS_ADMIN in the initial user namespace, and nothing less. */
TEST(attach_needs_admin)
{
	struct ksecdd_ioc_broker_attach arg;
	int fd, st;

	fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, fd);
	if (geteuid()) {
		EXPECT_EQ(-1, attach(fd, &arg));
		EXPECT_EQ(EPERM, errno);
	}
	close(fd);
	st = attach_in_userns();
	if (st == 100)
		SKIP(return, "no user namespace");
	EXPECT_EQ(0, st);
}

/* A file that did not attach is no broker. */
TEST(not_a_broker)
{
	struct pollfd p;
	char buf[64];
	int fd;

	fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, answer_id(fd, 1));
	EXPECT_EQ(EPERM, errno);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLERR);
	close(fd);
}

FIXTURE(broker) {
	int fd;
	bool netns;
	const char *skip;
	struct ksecdd_ioc_broker_attach arg;
};

/* Each test runs in a process of its own: a new namespace is its own. */
FIXTURE_SETUP(broker)
{
	int ret;

	self->fd = -1;
	if (geteuid()) {
		self->skip = "attaching needs root";
		return;
	}
	self->netns = !unshare(CLONE_NEWNET);
	self->fd = open("/dev/ksecdd", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, self->fd);
	ret = attach(self->fd, &self->arg);
	if (ret && errno == EBUSY && !self->netns) {
		self->skip = "a broker serves the network namespace";
		return;
	}
	ASSERT_EQ(0, ret);
}

FIXTURE_TEARDOWN(broker)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(broker, attached)
{
	if (self->skip)
		SKIP(return, "%s", self->skip);
	EXPECT_LE(1, self->arg.queue_max);
	EXPECT_LE(1000, self->arg.timeout_ms);
}

/* One broker per file and per network namespace. */
TEST_F(broker, busy)
{
	struct ksecdd_ioc_broker_attach arg;
	int other;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	EXPECT_EQ(-1, attach(self->fd, &arg));
	EXPECT_EQ(EBUSY, errno);
	other = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, other);
	EXPECT_EQ(-1, attach(other, &arg));
	EXPECT_EQ(EBUSY, errno);
	/* another namespace has room for one */
	if (self->netns) {
		ASSERT_EQ(0, unshare(CLONE_NEWNET));
		EXPECT_EQ(0, attach(other, &arg));
	}
	close(other);
}

/* Closing detaches: the namespace takes a broker again. */
TEST_F(broker, close_detaches)
{
	struct ksecdd_ioc_broker_attach arg;
	int other;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	close(self->fd);
	other = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, other);
	EXPECT_EQ(0, attach(other, &arg));
	self->fd = other;
}

TEST_F(broker, wrong_version)
{
	struct ksecdd_ioc_broker_attach arg = {
		.size = sizeof(arg), .version = KSECDD_BROKER_VERSION + 1,
	};
	int other;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	other = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, other);
	EXPECT_EQ(-1, ioctl(other, KSECDD_IOC_BROKER_ATTACH, &arg));
	EXPECT_EQ(EPROTO, errno);
	arg.size = 8;
	EXPECT_EQ(-1, ioctl(other, KSECDD_IOC_BROKER_ATTACH, &arg));
	EXPECT_EQ(EINVAL, errno);
	close(other);
}

/* Nothing queued: EAGAIN, no POLLIN, and no request to answer. */
TEST_F(broker, idle)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a), .id = 1, .result = SEC_E_OK,
	};
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	static char buf[KSECDD_BROKER_REQUEST_MAX];

	if (self->skip)
		SKIP(return, "%s", self->skip);
	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, poll(&p, 1, 0));
	EXPECT_EQ(-1, answer_id(self->fd, 1));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, answer_id(self->fd, ~0ULL));
	EXPECT_EQ(ENOENT, errno);
	/* lengths are checked before anything is looked up */
	a.token_len = KSECDD_BROKER_TOKEN_MAX + 1;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_BROKER_ANSWER, &a));
	EXPECT_EQ(EINVAL, errno);
	a.token_len = 0;
	a.reserved1 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_BROKER_ANSWER, &a));
	EXPECT_EQ(EINVAL, errno);
	a.reserved1 = 0;
	a.token_len = 4;
	a.token = 16;	/* unmapped */
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_BROKER_ANSWER, &a));
	EXPECT_EQ(EFAULT, errno);
}

TEST_HARNESS_MAIN
