// SPDX-License-Identifier: GPL-2.0
/*
 * The context ioctls of /dev/ksecdd, run in the guest as root and as an
 * unprivileged user.  Raw blobs are built with the module's own codec.
 *
 * Root plays the trusted daemon: it imports raw blobs, also on behalf of
 * another user (with that user's fsuid, so the key is the user's), and
 * forked children that drop to those users check what each may do.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <linux/ksecdd.h>

#include "kselftest_harness.h"

#include "../../ksecdd/packed.h"
#include "ksecdd_test.h"

static long keyctl(int op, unsigned long a, unsigned long b,
		   unsigned long c)
{
	return syscall(__NR_keyctl, op, a, b, c, 0);
}

/* A raw Kerberos acceptor context for @uid, as a daemon would build it. */
static u8 *raw_blob(u32 uid, size_t *len)
{
	static const char client[] = "alice@EXAMPLE.COM";
	struct ksecdd_packed_ctx p = { 0 };
	u8 *blob;

	p.package = KSECDD_PACKAGE_KERBEROS;
	p.role = KSECDD_ROLE_ACCEPTOR;
	p.flags = 0x1001e;
	p.start = time(NULL) - 10;
	p.expiry = time(NULL) + 3600;
	p.client_name = client;
	p.client_name_len = strlen(client);
	p.has_identity = true;
	p.uid = uid;
	p.gid = uid;
	p.krb5.enctype = KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96;
	memset(p.krb5.key, 0x42, sizeof(p.krb5.key));
	*len = ksecdd_packed_len(&p);
	blob = malloc(*len);
	if (blob && ksecdd_packed_encode(&p, blob, *len)) {
		free(blob);
		return NULL;
	}
	return blob;
}

static int import(int fd, const void *blob, size_t len, const char *pkg,
		  struct ksecdd_handle *h, unsigned int *status)
{
	struct ksecdd_ioc_import arg = {
		.size = sizeof(arg),
		.blob = (uintptr_t)blob,
		.blob_len = len,
	};
	int ret;

	strncpy(arg.package, pkg, sizeof(arg.package) - 1);
	ret = ioctl(fd, KSECDD_IOC_IMPORT, &arg);
	*status = arg.status;
	if (h)
		*h = arg.handle;
	return ret;
}

static unsigned int del(int fd, struct ksecdd_handle h)
{
	struct ksecdd_ioc_delete arg = { .size = sizeof(arg), .handle = h };

	if (ioctl(fd, KSECDD_IOC_DELETE, &arg))
		return 0xffffffff;
	return arg.status;
}

static unsigned int query(int fd, struct ksecdd_handle h, unsigned int attr,
			  void *buf, unsigned int *len)
{
	struct ksecdd_ioc_query arg = {
		.size = sizeof(arg), .handle = h, .attribute = attr,
		.buf_len = *len, .buf = (uintptr_t)buf,
	};

	if (ioctl(fd, KSECDD_IOC_QUERY, &arg))
		return 0xffffffff;
	*len = arg.buf_len;
	return arg.status;
}

static unsigned int export(int fd, struct ksecdd_handle h, unsigned int flags,
			   void *buf, unsigned int *len)
{
	struct ksecdd_ioc_export arg = {
		.size = sizeof(arg), .handle = h, .flags = flags,
		.blob_len = *len, .blob = (uintptr_t)buf,
	};

	if (ioctl(fd, KSECDD_IOC_EXPORT, &arg))
		return 0xffffffff;
	*len = arg.blob_len;
	return arg.status;
}

FIXTURE(dev) {
	int fd;
	u8 *blob;
	size_t len;
};

FIXTURE_SETUP(dev)
{
	self->fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, self->fd);
	self->blob = raw_blob(getuid(), &self->len);
	ASSERT_NE(NULL, self->blob);
	/* our own session keyring, not shared with other tests' children */
	ASSERT_LE(0, keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0));
}

FIXTURE_TEARDOWN(dev)
{
	free(self->blob);
	close(self->fd);
}

TEST_F(dev, packages)
{
	struct ksecdd_package_info info[4];
	struct ksecdd_ioc_packages arg = {
		.size = sizeof(arg), .count = 1, .packages = (uintptr_t)info,
	};

	ASSERT_EQ(0, ioctl(self->fd, KSECDD_IOC_PACKAGES, &arg));
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, arg.status);
	EXPECT_EQ(3, arg.count);
	arg.count = 4;
	ASSERT_EQ(0, ioctl(self->fd, KSECDD_IOC_PACKAGES, &arg));
	EXPECT_EQ(SEC_E_OK, arg.status);
	EXPECT_STREQ("Kerberos", info[0].name);
	EXPECT_EQ(0x73bb7, info[0].capabilities);
	EXPECT_EQ(16, info[0].rpcid);
	EXPECT_STREQ("NTLM", info[1].name);
	EXPECT_EQ(2888, info[1].max_token);
	EXPECT_STREQ("Negotiate", info[2].name);
	EXPECT_EQ(0x3bb3, info[2].capabilities);
	EXPECT_EQ(9, info[2].rpcid);
	EXPECT_EQ(48256, info[2].max_token);
	arg.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_PACKAGES, &arg));
	EXPECT_EQ(EINVAL, errno);
}

/* Only a privileged daemon may bring a raw blob. */
TEST_F(dev, raw_import_needs_admin)
{
	struct ksecdd_handle h;
	unsigned int status;

	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	if (geteuid()) {
		EXPECT_EQ(SEC_E_NOT_OWNER, status);
		return;
	}
	ASSERT_EQ(SEC_E_OK, status);
	EXPECT_NE(0, h.serial);
	EXPECT_EQ(SEC_E_OK, del(self->fd, h));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
}

TEST_F(dev, import_statuses)
{
	struct ksecdd_handle h;
	unsigned int status;

	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Negotiate", &h,
			    &status));
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, status);
	ASSERT_EQ(0, import(self->fd, self->blob, 70000, "Kerberos", &h,
			    &status));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, status);
	EXPECT_EQ(-1, import(self->fd, (void *)8, 100, "Kerberos", &h,
			     &status));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(dev, round_trip)
{
	struct ksecdd_handle h, h2;
	unsigned int status, len, flags;
	struct ksecdd_attr_sizes sizes;
	struct ksecdd_attr_lifespan life;
	struct ksecdd_attr_key_info key_info;
	struct ksecdd_package_info pkg;
	u8 key[64], blob[4096];
	char name[64];

	if (geteuid())
		SKIP(return, "raw import needs CAP_SYS_ADMIN");
	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	ASSERT_EQ(SEC_E_OK, status);

	len = sizeof(sizes);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_SIZES, &sizes,
				  &len));
	EXPECT_EQ(28, sizes.max_signature);
	EXPECT_EQ(60, sizes.security_trailer);
	len = sizeof(name);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_NAMES, name,
				  &len));
	EXPECT_STREQ("alice@EXAMPLE.COM", name);
	len = 4;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, query(self->fd, h,
						SECPKG_ATTR_NAMES, name,
						&len));
	EXPECT_EQ(18, len);
	len = sizeof(life);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_LIFESPAN, &life,
				  &len));
	EXPECT_LT(life.start, life.expiry);
	len = sizeof(key_info);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_KEY_INFO,
				  &key_info, &len));
	EXPECT_STREQ("aes256-cts-hmac-sha1-96", key_info.encrypt_name);
	len = sizeof(pkg);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_PACKAGE_INFO, &pkg,
				  &len));
	EXPECT_STREQ("Kerberos", pkg.name);
	len = sizeof(flags);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_FLAGS, &flags,
				  &len));
	EXPECT_EQ(0x1001e, flags);
	len = sizeof(key);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_SESSION_KEY, key,
				  &len));
	EXPECT_EQ(32, len);
	EXPECT_EQ(0x42, key[31]);
	len = sizeof(name);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, query(self->fd, h, 4, name,
						    &len));

	/* too small a buffer: the needed length, and the context lives on */
	len = 16;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL,
		  export(self->fd, h, EXPORT_DELETE_OLD, blob, &len));
	EXPECT_LT(100, len);
	len = sizeof(blob);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION,
		  export(self->fd, h, EXPORT_TO_KERNEL, blob, &len));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, export(self->fd, h, 8, blob, &len));
	len = sizeof(blob);
	ASSERT_EQ(SEC_E_OK, export(self->fd, h, EXPORT_DELETE_OLD, blob,
				   &len));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
	ASSERT_EQ(0, import(self->fd, blob, len, "Kerberos", &h2, &status));
	ASSERT_EQ(SEC_E_OK, status);
	EXPECT_EQ(SEC_E_OK, del(self->fd, h2));
}

#define SEAL_KEY_PARAM	"/sys/module/ksecdd/parameters/seal_key"

/* The seal_key parameter, read into @val, or set to @val; 0 or -1. */
static int seal_key(char *val, size_t size, int set)
{
	int fd = open(SEAL_KEY_PARAM, set ? O_WRONLY : O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = set ? write(fd, val, strlen(val)) : read(fd, val, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	if (!set)
		val[n] = '\0';
	return 0;
}

/*
 * An export into too small a buffer learns the length before anything
 * is sealed.  With seal_key naming a key this host does not hold, no
 * blob can be sealed at all: the probe still answers the length, and
 * only the export proper fails.  Neither consumes the context.
 */
TEST_F(dev, export_probe_seals_nothing)
{
	struct ksecdd_handle h;
	unsigned int status, len, probed, flags;
	char saved[64];
	u8 blob[4096];

	if (geteuid())
		SKIP(return, "raw import and seal_key need root");
	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	ASSERT_EQ(SEC_E_OK, status);
	probed = 16;
	ASSERT_EQ(SEC_E_BUFFER_TOO_SMALL,
		  export(self->fd, h, EXPORT_DELETE_OLD, blob, &probed));

	ASSERT_EQ(0, seal_key(saved, sizeof(saved), 0));
	ASSERT_EQ(0, seal_key("not-provisioned", 0, 1));
	len = 16;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL,
		  export(self->fd, h, EXPORT_DELETE_OLD, blob, &len));
	EXPECT_EQ(probed, len);
	len = sizeof(blob);
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  export(self->fd, h, EXPORT_DELETE_OLD, blob, &len));
	ASSERT_EQ(0, seal_key(saved, 0, 1));

	/* the context lives on; a buffer of the probed length takes it */
	len = sizeof(flags);
	EXPECT_EQ(SEC_E_OK, query(self->fd, h, SECPKG_ATTR_FLAGS, &flags,
				  &len));
	len = probed;
	EXPECT_EQ(SEC_E_OK, export(self->fd, h, EXPORT_DELETE_OLD, blob,
				   &len));
	EXPECT_EQ(probed, len);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
}

TEST_F(dev, keyctl_acts_on_contexts)
{
	struct ksecdd_handle h;
	unsigned int status, len, flags;
	char desc[256];

	if (geteuid())
		SKIP(return, "raw import needs CAP_SYS_ADMIN");
	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	ASSERT_EQ(SEC_E_OK, status);
	ASSERT_LT(0, keyctl(KEYCTL_DESCRIBE, h.serial, (unsigned long)desc,
			    sizeof(desc)));
	EXPECT_NE(NULL, strstr(desc, ".ksecdd;"));
	EXPECT_NE(NULL, strstr(desc, ";Kerberos:"));
	EXPECT_EQ(0, keyctl(KEYCTL_REVOKE, h.serial, 0, 0));
	len = sizeof(flags);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, query(self->fd, h, SECPKG_ATTR_FLAGS,
					      &flags, &len));

	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	EXPECT_EQ(0, keyctl(KEYCTL_SET_TIMEOUT, h.serial, 1, 0));
	sleep(2);
	EXPECT_EQ(SEC_E_CONTEXT_EXPIRED, query(self->fd, h, SECPKG_ATTR_FLAGS,
					       &flags, &len));

	ASSERT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &h,
			    &status));
	EXPECT_EQ(0, keyctl(KEYCTL_INVALIDATE, h.serial, 0, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
}

static unsigned int message(int fd, unsigned long cmd, struct ksecdd_handle h,
			    unsigned int *qop, struct ksecdd_ioc_buffer *b,
			    unsigned int count)
{
	struct ksecdd_ioc_message arg = {
		.size = sizeof(arg), .handle = h, .qop = qop ? *qop : 0,
		.count = count, .buffers = (uintptr_t)b,
	};

	if (ioctl(fd, cmd, &arg))
		return 0xffffffff;
	if (qop)
		*qop = arg.qop;
	return arg.status;
}

/* The acceptor of raw_blob() and its initiator, numbering from 0. */
static void import_pair(struct __test_metadata *_metadata, int fd,
			struct ksecdd_handle *acc, struct ksecdd_handle *ini)
{
	struct ksecdd_packed_ctx p;
	unsigned int status;
	size_t len;
	u8 *blob = raw_blob(getuid(), &len), *blob2 = malloc(len);

	ASSERT_NE(NULL, blob);
	ASSERT_NE(NULL, blob2);
	ASSERT_EQ(0, import(fd, blob, len, "Kerberos", acc, &status));
	ASSERT_EQ(SEC_E_OK, status);
	ASSERT_EQ(0, ksecdd_packed_decode(blob, len, &p));
	p.role = KSECDD_ROLE_INITIATOR;
	ASSERT_EQ(0, ksecdd_packed_encode(&p, blob2, len));
	ASSERT_EQ(0, import(fd, blob2, len, "Kerberos", ini, &status));
	ASSERT_EQ(SEC_E_OK, status);
	free(blob2);
	free(blob);
}

TEST_F(dev, messages)
{
	char msg[100] = "a message through the ioctls", orig[100];
	struct ksecdd_ioc_message arg = { .size = sizeof(arg) };
	struct ksecdd_ioc_buffer b[2];
	u8 tok[128], stream[256];
	struct ksecdd_handle acc, ini;
	unsigned int qop = 0;

	ASSERT_EQ(0, ioctl(self->fd, KSECDD_IOC_SIGN, &arg));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, arg.status);
	arg.count = 9;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_ENCRYPT, &arg));
	EXPECT_EQ(EINVAL, errno);
	if (geteuid())
		SKIP(return, "raw import needs CAP_SYS_ADMIN");
	import_pair(_metadata, self->fd, &acc, &ini);
	memcpy(orig, msg, sizeof(msg));

	/* a MIC, verified once */
	b[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 100, (uintptr_t)msg };
	b[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, 128, (uintptr_t)tok };
	ASSERT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_SIGN, ini, NULL, b, 2));
	EXPECT_EQ(28, b[1].len);
	EXPECT_EQ((uintptr_t)tok, b[1].data);
	EXPECT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_VERIFY, acc, &qop,
				    b, 2));
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE,
		  message(self->fd, KSECDD_IOC_VERIFY, acc, &qop, b, 2));

	/* confidential, TOKEN and DATA; the data is encrypted in place */
	b[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, 128, (uintptr_t)tok };
	b[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 100, (uintptr_t)msg };
	ASSERT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_ENCRYPT, acc, NULL,
				    b, 2));
	EXPECT_EQ(60, b[0].len);
	EXPECT_NE(0, memcmp(msg, orig, 100));
	msg[5] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED,
		  message(self->fd, KSECDD_IOC_DECRYPT, ini, &qop, b, 2));
	msg[5] ^= 1;
	ASSERT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_DECRYPT, ini, &qop,
				    b, 2));
	EXPECT_EQ(0, qop);
	EXPECT_EQ(0, memcmp(msg, orig, 100));

	/* integrity only, received in a STREAM: DATA points into it */
	b[0].len = 128;
	qop = SECQOP_WRAP_NO_ENCRYPT;
	ASSERT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_ENCRYPT, ini, &qop,
				    b, 2));
	ASSERT_EQ(28, b[0].len);
	memcpy(stream, tok, 28);
	memcpy(stream + 28, msg, 100);
	b[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_STREAM, 128,
					   (uintptr_t)stream };
	b[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 0, 0 };
	ASSERT_EQ(SEC_E_OK, message(self->fd, KSECDD_IOC_DECRYPT, acc, &qop,
				    b, 2));
	EXPECT_EQ(SECQOP_WRAP_NO_ENCRYPT, qop);
	/* rotated by the checksum's length: the data is where it lies */
	EXPECT_EQ((uintptr_t)(stream + 28), b[1].data);
	EXPECT_EQ(100, b[1].len);
	EXPECT_EQ(0, memcmp(stream + 28, orig, 100));

	/* faults and limits of the transport */
	b[0] = (struct ksecdd_ioc_buffer){ SECBUFFER_TOKEN, 128, 8 };
	b[1] = (struct ksecdd_ioc_buffer){ SECBUFFER_DATA, 100, (uintptr_t)msg };
	EXPECT_EQ(0xffffffff, message(self->fd, KSECDD_IOC_SIGN, ini, NULL,
				      b, 2));
	EXPECT_EQ(EFAULT, errno);
	b[0].data = (uintptr_t)tok;
	b[1].len = (1 << 20) - 127;
	EXPECT_EQ(0xffffffff, message(self->fd, KSECDD_IOC_SIGN, ini, NULL,
				      b, 2));
	EXPECT_EQ(E2BIG, errno);
	b[0].len = 20;
	b[1].len = 100;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL,
		  message(self->fd, KSECDD_IOC_SIGN, ini, NULL, b, 2));
	EXPECT_EQ(20, b[0].len);
	EXPECT_EQ(SEC_E_OK, del(self->fd, acc));
	EXPECT_EQ(SEC_E_OK, del(self->fd, ini));
}

TEST_F(dev, bad_structs)
{
	struct {
		struct ksecdd_ioc_delete arg;
		u8 tail[8];
	} big = { .arg = { .size = sizeof(big) } };
	struct ksecdd_ioc_delete arg = { .size = 8 };

	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_DELETE, &arg));
	EXPECT_EQ(EINVAL, errno);
	big.tail[7] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_DELETE, &big));
	EXPECT_EQ(E2BIG, errno);
	big.tail[7] = 0;
	EXPECT_EQ(0, ioctl(self->fd, KSECDD_IOC_DELETE, &big));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, big.arg.status);
	EXPECT_EQ(-1, ioctl(self->fd, KSECDD_IOC_QUERY, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/*
 * A child that becomes @uid for good: its own session keyring, where the
 * daemon (still root) imports a context for the user with the user's fsuid,
 * so the user owns the key and pays for it.
 */
static int become_user_with_context(int fd, u32 uid, struct ksecdd_handle *h)
{
	unsigned int status;
	size_t len;
	u8 *blob = raw_blob(uid, &len);

	if (!blob)
		return -1;
	if (keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0) < 0)
		return -2;
	/* the session keyring is root's: let the user in through it */
	if (keyctl(KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING, 0x3f3f0000, 0))
		return -3;
	if (keyctl(KEYCTL_CHOWN, KEY_SPEC_SESSION_KEYRING, uid, uid))
		return -4;
	setfsuid(uid);
	setfsgid(uid);
	if (import(fd, blob, len, "Kerberos", h, &status))
		return -5;
	free(blob);
	if (status != SEC_E_OK)
		return status;
	return setresgid(uid, uid, uid) || setresuid(uid, uid, uid) ? -6 : 0;
}

/* One user cannot see, use, export or delete another user's context. */
TEST_F(dev, users_are_isolated)
{
	int pipefd[2], ctl[2], wstatus;
	char c;
	struct ksecdd_handle ha, hb;
	unsigned int len, flags;
	u8 buf[4096];
	pid_t pid;

	if (geteuid())
		SKIP(return, "needs root to import for two users");
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ctl));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* user A: make a context, hand its handle over, wait */
		struct { int err; struct ksecdd_handle h; } a;

		close(ctl[1]);
		a.err = become_user_with_context(self->fd, USER_A, &a.h);
		if (write(pipefd[1], &a, sizeof(a)) != sizeof(a))
			_exit(2);
		/* B may not signal A: A leaves when B closes the pipe */
		_exit(read(ctl[0], &c, 1) == 0 ? 0 : 3);
	}
	close(pipefd[1]);
	close(ctl[0]);
	{
		struct { int err; struct ksecdd_handle h; } a;

		ASSERT_EQ(sizeof(a), read(pipefd[0], &a, sizeof(a)));
		ASSERT_EQ(0, a.err);
		ha = a.h;
	}

	ASSERT_EQ(0, become_user_with_context(self->fd, USER_B, &hb));
	/* B uses its own context, not even its session key */
	len = sizeof(flags);
	EXPECT_EQ(SEC_E_OK, query(self->fd, hb, SECPKG_ATTR_FLAGS, &flags,
				  &len));
	len = sizeof(buf);
	EXPECT_EQ(SEC_E_NOT_OWNER, query(self->fd, hb,
					 SECPKG_ATTR_SESSION_KEY, buf, &len));
	/* B and A's context */
	len = sizeof(flags);
	EXPECT_EQ(SEC_E_NOT_OWNER, query(self->fd, ha, SECPKG_ATTR_FLAGS,
					 &flags, &len));
	len = sizeof(buf);
	EXPECT_EQ(SEC_E_NOT_OWNER, export(self->fd, ha, 0, buf, &len));
	EXPECT_EQ(SEC_E_NOT_OWNER, del(self->fd, ha));
	EXPECT_GT(0, keyctl(KEYCTL_DESCRIBE, ha.serial, (unsigned long)buf,
			    sizeof(buf)));
	EXPECT_EQ(EACCES, errno);
	/* a sealed blob of B's imports for B; raw blobs are not for B */
	len = sizeof(buf);
	EXPECT_EQ(SEC_E_OK, export(self->fd, hb, EXPORT_DELETE_OLD, buf,
				   &len));
	EXPECT_EQ(0, import(self->fd, buf, len, "Kerberos", &hb, &flags));
	EXPECT_EQ(SEC_E_OK, flags);
	EXPECT_EQ(SEC_E_OK, del(self->fd, hb));
	EXPECT_EQ(0, import(self->fd, self->blob, self->len, "Kerberos", &hb,
			    &flags));
	EXPECT_EQ(SEC_E_NOT_OWNER, flags);
	close(ctl[1]);
	ASSERT_EQ(pid, waitpid(pid, &wstatus, 0));
	EXPECT_EQ(0, wstatus);
}

static unsigned int sign(int fd, struct ksecdd_handle h)
{
	u8 msg[32] = { 0 }, tok[128];
	struct ksecdd_ioc_buffer b[2] = {
		{ SECBUFFER_DATA, sizeof(msg), (uintptr_t)msg },
		{ SECBUFFER_TOKEN, sizeof(tok), (uintptr_t)tok },
	};

	return message(fd, KSECDD_IOC_SIGN, h, NULL, b, 2);
}

/*
 * A child signs on @h through @fd as nobody, in the session keyring it
 * inherited or, with @own_session, in one of its own; 0 if the status is
 * @expect.
 */
static int sign_as_nobody(int fd, struct ksecdd_handle h, int own_session,
			  unsigned int expect)
{
	int wstatus;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(2);
		if (own_session &&
		    keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0) < 0)
			_exit(3);
		_exit(sign(fd, h) == expect ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &wstatus, 0) != pid)
		return -1;
	return wstatus;
}

#define PERM_POS_ALL	0x3f000000
#define PERM_OWNER_ALL	0x3f3f0000
#define PERM_NO_SEARCH	0x37370000

/*
 * A message ioctl finds its context without searching the caller's
 * keyrings when the key's permissions let the caller in without
 * possession; whatever way it is found, the outcome is what the key's
 * state, its permissions now and the caller's credentials now make it:
 * one descriptor, used by root, by nobody with root's session keyring
 * (possession) and without it, through permission changes, expiry,
 * revocation, invalidation and deletion.
 */
TEST_F(dev, message_lookup_follows_key)
{
	struct ksecdd_handle acc, ini;
	int fd2;

	if (geteuid())
		SKIP(return, "raw import needs CAP_SYS_ADMIN");
	import_pair(_metadata, self->fd, &acc, &ini);
	EXPECT_EQ(SEC_E_OK, sign(self->fd, ini));
	/* handles are not bound to the descriptor that imported them */
	fd2 = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(SEC_E_OK, sign(fd2, ini));
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(SEC_E_OK, sign(self->fd, ini));

	/* others: refused, unless they possess the key and it lets them */
	EXPECT_EQ(0, sign_as_nobody(self->fd, ini, 1, SEC_E_NOT_OWNER));
	EXPECT_EQ(0, sign_as_nobody(self->fd, ini, 0, SEC_E_OK));
	ASSERT_EQ(0, keyctl(KEYCTL_SETPERM, ini.serial, PERM_POS_ALL, 0));
	EXPECT_EQ(SEC_E_OK, sign(self->fd, ini));
	EXPECT_EQ(0, sign_as_nobody(self->fd, ini, 0, SEC_E_OK));
	EXPECT_EQ(0, sign_as_nobody(self->fd, ini, 1, SEC_E_NOT_OWNER));

	/* a permission taken away counts from the next message on */
	ASSERT_EQ(0, keyctl(KEYCTL_SETPERM, ini.serial, PERM_NO_SEARCH, 0));
	EXPECT_EQ(SEC_E_NOT_OWNER, sign(self->fd, ini));
	ASSERT_EQ(0, keyctl(KEYCTL_SETPERM, ini.serial, PERM_OWNER_ALL, 0));
	EXPECT_EQ(SEC_E_OK, sign(self->fd, ini));

	EXPECT_EQ(0, keyctl(KEYCTL_SET_TIMEOUT, ini.serial, 1, 0));
	sleep(2);
	EXPECT_EQ(SEC_E_CONTEXT_EXPIRED, sign(self->fd, ini));
	EXPECT_EQ(SEC_E_OK, sign(self->fd, acc));
	EXPECT_EQ(0, keyctl(KEYCTL_REVOKE, acc.serial, 0, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, sign(self->fd, acc));

	import_pair(_metadata, self->fd, &acc, &ini);
	EXPECT_EQ(SEC_E_OK, sign(self->fd, ini));
	EXPECT_EQ(SEC_E_OK, sign(self->fd, acc));
	EXPECT_EQ(0, keyctl(KEYCTL_INVALIDATE, ini.serial, 0, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, sign(self->fd, ini));
	EXPECT_EQ(SEC_E_OK, del(self->fd, acc));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, sign(self->fd, acc));
}

/* The key quota of the importing user bounds what it may hold. */
TEST_F(dev, quota_exhaustion)
{
	struct ksecdd_handle *h = calloc(400, sizeof(*h));
	unsigned int status = SEC_E_OK;
	size_t len;
	u8 *blob;
	int n, i;

	if (geteuid())
		SKIP(return, "needs root to import for another user");
	ASSERT_NE(NULL, h);
	blob = raw_blob(USER_A, &len);
	ASSERT_EQ(0, keyctl(KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING,
			    0x3f3f0000, 0));
	setfsuid(USER_A);
	for (n = 0; n < 400; n++) {
		ASSERT_EQ(0, import(self->fd, blob, len, "Kerberos", &h[n],
				    &status));
		if (status != SEC_E_OK)
			break;
	}
	EXPECT_EQ(SEC_E_INSUFFICIENT_MEMORY, status);
	EXPECT_LT(0, n);
	EXPECT_GT(400, n);
	TH_LOG("the key quota of uid %d held %d contexts", USER_A, n);
	for (i = 0; i < n; i++)
		EXPECT_EQ(SEC_E_OK, del(self->fd, h[i]));
	setfsuid(0);
	free(blob);
	free(h);
}

static void *hammer(void *arg)
{
	struct ksecdd_ioc_packages pkg = { .size = sizeof(pkg) };
	int fd = *(int *)arg, i;

	for (i = 0; i < 20000; i++)
		if (ioctl(fd, KSECDD_IOC_PACKAGES, &pkg) && errno == EBADF)
			break;
	return NULL;
}

/* Closing the descriptor under a thread that uses it is harmless. */
TEST_F(dev, close_while_in_use)
{
	pthread_t thread;
	int fd = open("/dev/ksecdd", O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pthread_create(&thread, NULL, hammer, &fd));
	usleep(1000);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, pthread_join(thread, NULL));
}

/* An open descriptor pins the module. */
TEST_F(dev, unload_refused_while_open)
{
	if (geteuid())
		SKIP(return, "needs root to unload modules");
	EXPECT_EQ(-1, syscall(__NR_delete_module, "ksecdd", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
}

/*
 * Every command with a struct too short for its first version, with a
 * longer one whose extra bytes are not zero, and at a bad address.
 */
TEST_F(dev, every_ioctl_bad_structs)
{
	static const unsigned long cmds[] = {
		KSECDD_IOC_VERSION, KSECDD_IOC_PACKAGES, KSECDD_IOC_IMPORT,
		KSECDD_IOC_EXPORT, KSECDD_IOC_DELETE, KSECDD_IOC_QUERY,
		KSECDD_IOC_SIGN, KSECDD_IOC_VERIFY, KSECDD_IOC_ENCRYPT,
		KSECDD_IOC_DECRYPT,
	};
	u32 buf[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(buf, 0, sizeof(buf));
		buf[0] = 4;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], buf));
		EXPECT_EQ(EINVAL, errno);
		buf[0] = sizeof(buf);
		buf[255] = 1;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], buf));
		EXPECT_EQ(E2BIG, errno);
		buf[0] = 1 << 20;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], buf));
		EXPECT_EQ(E2BIG, errno);
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], NULL));
		EXPECT_EQ(EFAULT, errno);
		/* and a zero-extended struct is accepted: no fault */
		buf[0] = sizeof(buf);
		buf[255] = 0;
		EXPECT_EQ(0, ioctl(self->fd, cmds[i], buf));
	}
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(KSECDD_IOC_MAGIC, 0x1f, u32),
			    buf));
	EXPECT_EQ(ENOTTY, errno);
}

/* A serial naming a key of another type is no handle. */
TEST_F(dev, other_key_types_refused)
{
	struct ksecdd_handle h = { 0, 0 };
	unsigned int len = 4, flags;
	long serial;

	serial = syscall(__NR_add_key, "user", "not-a-context", "x", 1,
			 KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, serial);
	h.serial = serial;
	EXPECT_EQ(SEC_E_INVALID_HANDLE, query(self->fd, h, SECPKG_ATTR_FLAGS,
					      &flags, &len));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
	h.serial = KEY_SPEC_SESSION_KEYRING;
	EXPECT_EQ(SEC_E_INVALID_HANDLE, del(self->fd, h));
}

TEST_HARNESS_MAIN
