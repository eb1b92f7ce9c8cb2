/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the guest tests that hammer /dev/ksecdd: status
 * names and tallies, the ioctls as calls, raw blobs from the module's
 * codec, and the key counts /proc/keys and /proc/key-users show.
 */
#ifndef KSECDD_TEST_H
#define KSECDD_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <linux/ksecdd.h>

#include "../../ksecdd/packed.h"

/*
 * The Windows names the tests use, for the values <linux/ksecdd.h>
 * defines; the tests copy none of them.
 */
#define SEC_E_OK			KSECDD_SEC_E_OK
#define SEC_E_INSUFFICIENT_MEMORY	KSECDD_SEC_E_INSUFFICIENT_MEMORY
#define SEC_E_INVALID_HANDLE		KSECDD_SEC_E_INVALID_HANDLE
#define SEC_E_UNSUPPORTED_FUNCTION	KSECDD_SEC_E_UNSUPPORTED_FUNCTION
#define SEC_E_INTERNAL_ERROR		KSECDD_SEC_E_INTERNAL_ERROR
#define SEC_E_SECPKG_NOT_FOUND		KSECDD_SEC_E_SECPKG_NOT_FOUND
#define SEC_E_NOT_OWNER			KSECDD_SEC_E_NOT_OWNER
#define SEC_E_INVALID_TOKEN		KSECDD_SEC_E_INVALID_TOKEN
#define SEC_E_CANNOT_PACK		KSECDD_SEC_E_CANNOT_PACK
#define SEC_E_QOP_NOT_SUPPORTED		KSECDD_SEC_E_QOP_NOT_SUPPORTED
#define SEC_E_NO_IMPERSONATION		KSECDD_SEC_E_NO_IMPERSONATION
#define SEC_E_UNKNOWN_CREDENTIALS	KSECDD_SEC_E_UNKNOWN_CREDENTIALS
#define SEC_E_NO_CREDENTIALS		KSECDD_SEC_E_NO_CREDENTIALS
#define SEC_E_MESSAGE_ALTERED		KSECDD_SEC_E_MESSAGE_ALTERED
#define SEC_E_OUT_OF_SEQUENCE		KSECDD_SEC_E_OUT_OF_SEQUENCE
#define SEC_E_CONTEXT_EXPIRED		KSECDD_SEC_E_CONTEXT_EXPIRED
#define SEC_E_BUFFER_TOO_SMALL		KSECDD_SEC_E_BUFFER_TOO_SMALL
#define SEC_E_INVALID_PARAMETER		KSECDD_SEC_E_INVALID_PARAMETER
/* not a status: the ioctl itself failed */
#define IOCTL_FAILED			0xffffffffu

#define SECBUFFER_EMPTY			KSECDD_SECBUFFER_EMPTY
#define SECBUFFER_DATA			KSECDD_SECBUFFER_DATA
#define SECBUFFER_TOKEN			KSECDD_SECBUFFER_TOKEN
#define SECBUFFER_PADDING		KSECDD_SECBUFFER_PADDING
#define SECBUFFER_STREAM		KSECDD_SECBUFFER_STREAM
#define SECBUFFER_READONLY		KSECDD_SECBUFFER_READONLY
#define SECBUFFER_READONLY_WITH_CHECKSUM KSECDD_SECBUFFER_READONLY_WITH_CHECKSUM
#define SECQOP_WRAP_NO_ENCRYPT		KSECDD_SECQOP_WRAP_NO_ENCRYPT

#define SECPKG_ATTR_SIZES		KSECDD_SECPKG_ATTR_SIZES
#define SECPKG_ATTR_NAMES		KSECDD_SECPKG_ATTR_NAMES
#define SECPKG_ATTR_LIFESPAN		KSECDD_SECPKG_ATTR_LIFESPAN
#define SECPKG_ATTR_KEY_INFO		KSECDD_SECPKG_ATTR_KEY_INFO
#define SECPKG_ATTR_SESSION_KEY		KSECDD_SECPKG_ATTR_SESSION_KEY
#define SECPKG_ATTR_PACKAGE_INFO	KSECDD_SECPKG_ATTR_PACKAGE_INFO
#define SECPKG_ATTR_FLAGS		KSECDD_SECPKG_ATTR_FLAGS

#define EXPORT_RESET_NEW		KSECDD_SECPKG_CONTEXT_EXPORT_RESET_NEW
#define EXPORT_DELETE_OLD		KSECDD_SECPKG_CONTEXT_EXPORT_DELETE_OLD
#define EXPORT_TO_KERNEL		KSECDD_SECPKG_CONTEXT_EXPORT_TO_KERNEL

/* The users root imports for, as in ioctl_test. */
#define USER_A	4242
#define USER_B	4343

static inline long kt_keyctl(int op, unsigned long a, unsigned long b,
			     unsigned long c, unsigned long d)
{
	return syscall(__NR_keyctl, op, a, b, c, d);
}

/* A TAP comment, flushed: the harness leaves its children with _exit(). */
#define kt_note(fmt, ...) do {						\
	printf("# " fmt "\n", ##__VA_ARGS__);				\
	fflush(stdout);							\
} while (0)

/* An unsigned number from the environment, or @def. */
static inline unsigned long kt_env(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoul(s, &end, 0);
	return errno || *end ? def : v;
}

/* Every status the module may return, in the order tallies print. */
static const struct {
	u32 status;
	const char *name;
} kt_statuses[] = {
	{ SEC_E_OK, "OK" },
	{ SEC_E_INSUFFICIENT_MEMORY, "INSUFFICIENT_MEMORY" },
	{ SEC_E_INVALID_HANDLE, "INVALID_HANDLE" },
	{ SEC_E_UNSUPPORTED_FUNCTION, "UNSUPPORTED_FUNCTION" },
	{ SEC_E_INTERNAL_ERROR, "INTERNAL_ERROR" },
	{ SEC_E_SECPKG_NOT_FOUND, "SECPKG_NOT_FOUND" },
	{ SEC_E_NOT_OWNER, "NOT_OWNER" },
	{ SEC_E_INVALID_TOKEN, "INVALID_TOKEN" },
	{ SEC_E_CANNOT_PACK, "CANNOT_PACK" },
	{ SEC_E_QOP_NOT_SUPPORTED, "QOP_NOT_SUPPORTED" },
	{ SEC_E_UNKNOWN_CREDENTIALS, "UNKNOWN_CREDENTIALS" },
	{ SEC_E_NO_CREDENTIALS, "NO_CREDENTIALS" },
	{ SEC_E_MESSAGE_ALTERED, "MESSAGE_ALTERED" },
	{ SEC_E_OUT_OF_SEQUENCE, "OUT_OF_SEQUENCE" },
	{ SEC_E_CONTEXT_EXPIRED, "CONTEXT_EXPIRED" },
	{ SEC_E_BUFFER_TOO_SMALL, "BUFFER_TOO_SMALL" },
	{ SEC_E_INVALID_PARAMETER, "INVALID_PARAMETER" },
};

#define KT_NSTATUS	ARRAY_SIZE(kt_statuses)
/* tally slots: the statuses, then one for any other value */
#define KT_OTHER	KT_NSTATUS

/* A status's tally slot, which is also its bit in a set of statuses. */
static inline unsigned int kt_slot(u32 status)
{
	unsigned int i;

	for (i = 0; i < KT_NSTATUS; i++)
		if (kt_statuses[i].status == status)
			return i;
	return KT_OTHER;
}

static inline const char *kt_name(unsigned int slot)
{
	return slot < KT_NSTATUS ? kt_statuses[slot].name : "other";
}

/* A set of statuses, as a mask of their slots. */
static inline u32 kt_set(const u32 *statuses, unsigned int n)
{
	u32 set = 0;

	while (n--)
		set |= 1u << kt_slot(statuses[n]);
	return set & ((1u << KT_NSTATUS) - 1);
}

static inline int kt_allowed(u32 set, u32 status)
{
	unsigned int slot = kt_slot(status);

	return slot < KT_NSTATUS && (set & (1u << slot));
}

/* "OK 12, INVALID_HANDLE 3" for the nonzero slots of @tally. */
static inline void kt_format(char *buf, size_t size, const unsigned long *tally)
{
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i <= KT_OTHER && n < size; i++) {
		if (!tally[i])
			continue;
		n += snprintf(buf + n, size - n, "%s%s %lu", n ? ", " : "",
			      kt_name(i), tally[i]);
	}
	if (!n)
		snprintf(buf, size, "none");
}

/* Encodes @p into a new raw blob and frees @p; NULL on failure. */
static inline u8 *kt_encode(struct ksecdd_packed_ctx *p, size_t *len)
{
	u8 *blob;

	*len = ksecdd_packed_len(p);
	blob = malloc(*len);
	if (blob && ksecdd_packed_encode(p, blob, *len)) {
		free(blob);
		blob = NULL;
	}
	free(p);
	return blob;
}

/*
 * A raw Kerberos context for @uid, as a daemon would build it: the
 * acceptor of ioctl_test, or its initiator, with the key all @key.
 */
static inline u8 *kt_raw_blob(u32 uid, u8 role, u32 enctype, u8 key,
			      size_t *len)
{
	static const char client[] = "alice@EXAMPLE.COM";
	static const char server[] = "cifs/srv.example.com@EXAMPLE.COM";
	struct ksecdd_packed_ctx *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->package = KSECDD_PACKAGE_KERBEROS;
	p->role = role;
	p->flags = 0x1001e;
	p->start = time(NULL) - 10;
	p->expiry = time(NULL) + 3600;
	p->client_name = client;
	p->client_name_len = strlen(client);
	p->server_name = server;
	p->server_name_len = strlen(server);
	p->has_identity = role == KSECDD_ROLE_ACCEPTOR;
	p->uid = uid;
	p->gid = uid;
	p->krb5.enctype = enctype;
	memset(p->krb5.key, key, ksecdd_krb5_key_len(enctype));
	return kt_encode(p, len);
}

static inline u32 kt_import(int fd, const void *blob, size_t len,
			    __s32 keyring, struct ksecdd_handle *h)
{
	struct ksecdd_ioc_import arg = {
		.size = sizeof(arg), .blob = (uintptr_t)blob,
		.blob_len = len, .keyring = keyring,
	};

	strcpy(arg.package, "Kerberos");
	if (ioctl(fd, KSECDD_IOC_IMPORT, &arg))
		return IOCTL_FAILED;
	if (h)
		*h = arg.handle;
	return arg.status;
}

static inline u32 kt_delete(int fd, struct ksecdd_handle h)
{
	struct ksecdd_ioc_delete arg = { .size = sizeof(arg), .handle = h };

	if (ioctl(fd, KSECDD_IOC_DELETE, &arg))
		return IOCTL_FAILED;
	return arg.status;
}

static inline u32 kt_query(int fd, struct ksecdd_handle h, u32 attr,
			   void *buf, u32 *len)
{
	struct ksecdd_ioc_query arg = {
		.size = sizeof(arg), .handle = h, .attribute = attr,
		.buf_len = *len, .buf = (uintptr_t)buf,
	};

	if (ioctl(fd, KSECDD_IOC_QUERY, &arg))
		return IOCTL_FAILED;
	*len = arg.buf_len;
	return arg.status;
}

static inline u32 kt_export(int fd, struct ksecdd_handle h, u32 flags,
			    void *buf, u32 *len)
{
	struct ksecdd_ioc_export arg = {
		.size = sizeof(arg), .handle = h, .flags = flags,
		.blob_len = *len, .blob = (uintptr_t)buf,
	};

	if (ioctl(fd, KSECDD_IOC_EXPORT, &arg))
		return IOCTL_FAILED;
	*len = arg.blob_len;
	return arg.status;
}

static inline u32 kt_message(int fd, unsigned long cmd, struct ksecdd_handle h,
			     u32 *qop, struct ksecdd_ioc_buffer *b, u32 count)
{
	struct ksecdd_ioc_message arg = {
		.size = sizeof(arg), .handle = h, .qop = qop ? *qop : 0,
		.count = count, .buffers = (uintptr_t)b,
	};

	if (ioctl(fd, cmd, &arg))
		return IOCTL_FAILED;
	if (qop)
		*qop = arg.qop;
	return arg.status;
}

/*
 * @uid's line of /proc/key-users: keys, and keys and bytes charged to
 * its quota.  A user with no line holds nothing: all zero.
 */
struct kt_key_user {
	unsigned long nkeys, qnkeys, qnbytes;
};

static inline int kt_key_user(u32 uid, struct kt_key_user *ku)
{
	FILE *f = fopen("/proc/key-users", "r");
	unsigned long u, usage, nikeys, maxkeys, maxbytes;
	char line[256];

	memset(ku, 0, sizeof(*ku));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lu: %lu %lu/%lu %lu/%lu %lu/%lu", &u, &usage,
			   &ku->nkeys, &nikeys, &ku->qnkeys, &maxkeys,
			   &ku->qnbytes, &maxbytes) == 8 && u == uid)
			break;
		memset(ku, 0, sizeof(*ku));
	}
	fclose(f);
	return 0;
}

static inline int kt_key_user_eq(const struct kt_key_user *a,
				 const struct kt_key_user *b)
{
	return a->nkeys == b->nkeys && a->qnkeys == b->qnkeys &&
	       a->qnbytes == b->qnbytes;
}

/* @serial's line in /proc/keys as kt_proc_keys() read it, and its length. */
static inline const char *kt_key_line(const char *keys, long serial,
				      size_t *len)
{
	char pat[16];
	const char *p, *eol;

	snprintf(pat, sizeof(pat), "\n%08lx ", serial);
	p = strstr(keys, pat);
	if (!p)
		return NULL;
	p++;
	eol = strchr(p, '\n');
	*len = eol ? (size_t)(eol - p) : strlen(p);
	return p;
}

static inline int kt_is_context(const char *line, size_t len)
{
	return line && memmem(line, len, " .ksecdd ", 9);
}

/*
 * Whether /proc/keys shows @serial as a key that still holds a
 * context: of our type, neither revoked nor invalidated, and described
 * with its time left rather than as deleted or expired.
 */
static inline int kt_live_in(const char *keys, long serial)
{
	size_t len;
	const char *p = kt_key_line(keys, serial, &len);

	/* "%08x %c%c%c%c%c%c%c ...": R is the 2nd flag, i the 7th */
	if (!kt_is_context(p, len) || len < 17 || p[10] == 'R' ||
	    p[15] == 'i')
		return 0;
	return memmem(p, len, "expires in", 10) || memmem(p, len, "no expiry", 9);
}

/* /proc/keys read whole, with a newline in front, for kt_live_in(). */
static inline char *kt_proc_keys(void)
{
	size_t len = 1, size = 65536;
	char *buf = malloc(size);
	FILE *f = fopen("/proc/keys", "r");
	size_t n;

	if (!buf || !f) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	buf[0] = '\n';
	while ((n = fread(buf + len, 1, size - len - 1, f)) > 0) {
		len += n;
		if (size - len < 4096) {
			char *more = realloc(buf, size * 2);

			if (!more)
				break;
			buf = more;
			size *= 2;
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/*
 * Writes @val to the sysctl file @path, first reading what it held into
 * @old (@size bytes) if @old is not NULL.
 */
static inline int kt_sysctl(const char *path, const char *val, char *old,
			    size_t size)
{
	FILE *f = fopen(path, "r+");
	int err = 0;

	if (!f)
		return -1;
	if (old && !fgets(old, size, f))
		err = -1;
	if (!err && (fseek(f, 0, SEEK_SET) || fputs(val, f) < 0))
		err = -1;
	if (fclose(f))
		err = -1;
	return err;
}

/* Writes @text to @path (a /proc or /sys file) in one write(). */
static inline int kt_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

#endif /* KSECDD_TEST_H */
