// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ksecdd and the .ksecdd key type as userspace sees them.  Runs in the
 * test guest as root and as an unprivileged user.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/keyctl.h>
#include <linux/ksecdd.h>

#include "kselftest_harness.h"

static long add_key(const char *type, const char *desc, const void *payload,
		    size_t plen, int ringid)
{
	return syscall(SYS_add_key, type, desc, payload, plen, ringid);
}

static long request_key(const char *type, const char *desc, int ringid)
{
	return syscall(SYS_request_key, type, desc, NULL, ringid);
}

static long keyctl_search(int ringid, const char *type, const char *desc)
{
	return syscall(SYS_keyctl, KEYCTL_SEARCH, ringid, type, desc, 0);
}

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open("/dev/ksecdd", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open /dev/ksecdd: %s", strerror(errno));
}

FIXTURE_TEARDOWN(dev)
{
	close(self->fd);
}

TEST(node_is_world_accessible_char_device)
{
	struct stat st;

	ASSERT_EQ(0, stat("/dev/ksecdd", &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666, st.st_mode & 0777);
}

TEST_F(dev, version)
{
	struct ksecdd_ioc_version ver = { .size = sizeof(ver) };

	ASSERT_EQ(0, ioctl(self->fd, KSECDD_IOC_VERSION, &ver));
	EXPECT_EQ(sizeof(ver), ver.size);
	EXPECT_EQ(KSECDD_ABI_VERSION, ver.abi_version);
}

TEST_F(dev, version_short_struct)
{
	struct ksecdd_ioc_version ver = { .size = KSECDD_IOC_VERSION_SIZE_VER0 - 1 };

	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, &ver));
	EXPECT_EQ(EINVAL, errno);
	ver.size = 0;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, &ver));
	EXPECT_EQ(EINVAL, errno);
}

/* A newer caller's longer struct works while the bytes we do not know are 0 */
TEST_F(dev, version_longer_struct_zero_tail)
{
	struct {
		struct ksecdd_ioc_version ver;
		__u64 future[4];
	} arg = { .ver.size = sizeof(arg) };

	ASSERT_EQ(0, ioctl(self->fd, KSECDD_IOC_VERSION, &arg));
	EXPECT_EQ(KSECDD_ABI_VERSION, arg.ver.abi_version);
	EXPECT_EQ(sizeof(arg), arg.ver.size);
	EXPECT_EQ(0, arg.future[0] | arg.future[1] | arg.future[2] |
		  arg.future[3]);
}

TEST_F(dev, version_longer_struct_nonzero_tail)
{
	struct {
		struct ksecdd_ioc_version ver;
		__u64 future[4];
	} arg = { .ver.size = sizeof(arg), .future[3] = 1 };

	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, &arg));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, arg.ver.abi_version);
}

TEST_F(dev, version_huge_size)
{
	struct ksecdd_ioc_version ver = { .size = 0xffffffff };

	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, &ver));
	EXPECT_EQ(E2BIG, errno);
}

TEST_F(dev, version_bad_pointer)
{
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, (void *)-4096L));
	EXPECT_EQ(EFAULT, errno);
}

/* The size field is readable but the rest of the struct is not mapped. */
TEST_F(dev, version_struct_crosses_into_unmapped_page)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u32 *size;

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, munmap(map + page, page));
	size = (__u32 *)(map + page - sizeof(*size));
	*size = sizeof(struct ksecdd_ioc_version);
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_VERSION, size));
	EXPECT_EQ(EFAULT, errno);
	munmap(map, page);
}

TEST_F(dev, unknown_commands)
{
	struct ksecdd_ioc_version ver = { .size = sizeof(ver) };

	EXPECT_EQ(-1, ioctl(self->fd, _IO(KSECDD_IOC_MAGIC, 0x1f)));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(KSECDD_IOC_MAGIC, 0xff,
					    struct ksecdd_ioc_version), &ver));
	EXPECT_EQ(ENOTTY, errno);
	/* the right number with the wrong direction or type byte */
	EXPECT_EQ(-1, ioctl(self->fd, _IOR(KSECDD_IOC_MAGIC, 0x00,
					   struct ksecdd_ioc_version), &ver));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR('k', 0x00,
					    struct ksecdd_ioc_version), &ver));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(dev, not_seekable)
{
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

/* Only ksecdd makes context keys: userspace cannot name the type at all. */
TEST(key_type_refused_to_userspace)
{
	EXPECT_EQ(-1, add_key(".ksecdd", "Kerberos:0123456789abcdef", "x", 1,
			      KEY_SPEC_PROCESS_KEYRING));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, request_key(".ksecdd", "Kerberos:0123456789abcdef",
				  KEY_SPEC_PROCESS_KEYRING));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, keyctl_search(KEY_SPEC_PROCESS_KEYRING, ".ksecdd",
				    "Kerberos:0123456789abcdef"));
	EXPECT_EQ(EPERM, errno);
}

/* The module keyring is root's: root sees it in /proc/keys, others do not. */
TEST(module_keyring_in_proc_keys)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/keys", "re");

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " keyring   .ksecdd:"))
			found = true;
	fclose(f);
	EXPECT_EQ(geteuid() == 0, found);
}

TEST_HARNESS_MAIN
