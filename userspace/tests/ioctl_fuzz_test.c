// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer for the ioctls of /dev/ksecdd, run in the guest as root
 * and as nobody.  Every call must come back as the ABI promises: 0 with a
 * status the command documents, or -1 with a transport errno (EFAULT,
 * EINVAL, E2BIG, ENOTTY); the kernel's sanitizers watch the rest.
 *
 * Calls mix command numbers (ours and others, every direction and size),
 * structs of random sizes and fields, handles (live, mutated, stale,
 * other keys), pointers (NULL, small, kernel, non-canonical, unmapped,
 * read-only, straddling a mapping's end, valid) and valid blobs mutated
 * by bit flips, truncations and splices.  As root some imports succeed:
 * the live ones form a pool that calls use and that keyctl revokes,
 * invalidates, times out and unlinks under them.  At the end the pool is
 * deleted and our keyrings must hold no more live contexts than before.
 *
 * The broker's two ioctls are fuzzed too, on a file that is a broker
 * (as root some attaches succeed) and on one that is not (the file is
 * reopened now and then, which detaches it).  They return 0 or -1 with
 * the errno broker.rst documents, and never a status.
 *
 * KSECDD_FUZZ_CALLS (default 100000) sets the number of ioctls,
 * KSECDD_FUZZ_SEED the seed (default: from the clock; printed either way).
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "kselftest_harness.h"

#include "ksecdd_test.h"

#define PAGE			4096UL
/* Room for the largest message (1 MiB) with a margin either side. */
#define ARENA_LEN		(2UL << 20)
#define POOL_MAX		48
#define BASES_MAX		24
#define NCMD			(KSECDD_IOC_BASE_NR + 1)
#define KSECDD_IOC_BASE_NR	0x0B
#define NR_ATTACH		0x0A
#define NR_ANSWER		0x0B
/* Commands tallied by number, and one slot for every foreign command. */
#define CMD_FOREIGN		NCMD

/* The command numbers of the ABI, by nr. */
static const unsigned long cmds[NCMD] = {
	KSECDD_IOC_VERSION, KSECDD_IOC_PACKAGES, KSECDD_IOC_IMPORT,
	KSECDD_IOC_EXPORT, KSECDD_IOC_DELETE, KSECDD_IOC_QUERY,
	KSECDD_IOC_SIGN, KSECDD_IOC_VERIFY, KSECDD_IOC_ENCRYPT,
	KSECDD_IOC_DECRYPT, KSECDD_IOC_BROKER_ATTACH, KSECDD_IOC_BROKER_ANSWER,
};

static const char * const cmd_names[NCMD + 1] = {
	"version", "packages", "import", "export", "delete", "query", "sign",
	"verify", "encrypt", "decrypt", "attach", "answer", "foreign",
};

/* A live context of the pool; @peer is its partner's slot, or -1. */
struct ctx {
	struct ksecdd_handle h;
	int peer;
};

struct blob {
	u8 *data;
	size_t len;
	const char *package;
};

struct tally {
	unsigned long calls, ok;
	unsigned long status[KT_OTHER + 1];
	unsigned long err[5];		/* EFAULT EINVAL E2BIG ENOTTY other */
};

struct fuzz {
	int fd;
	u64 rng, seed;
	u8 *rw;			/* the arena, read-write, then a guard page */
	u8 *ro;			/* the same pages, read-only */
	u8 *hole;		/* a page we unmapped */
	long ring;		/* the keyring the pool lives in */
	long user_key;		/* a key of another type */
	long module_ring;	/* the module's keyring, if we can see it */
	struct ctx pool[POOL_MAX];
	int npool, pool_peak;
	struct ksecdd_handle dead[16];	/* handles deleted meanwhile */
	struct blob bases[BASES_MAX];	/* valid blobs, raw and sealed */
	int nbases, nsealed;
	u8 mutant[KSECDD_PACKED_MAX + 256];
	struct tally t[NCMD + 1];
	unsigned long imports_ok, keyctl_ops, unexpected, pairs;
	unsigned long ro_imports;	/* imports answered EFAULT, then undone */
	unsigned long attached, reopened;	/* broker attaches, detaches */
	unsigned long serials_seen;
	long serials[4096];	/* every serial an import handed out */
};

/* splitmix64: small, fast, and the same sequence from the same seed */
static u64 rnd(struct fuzz *f)
{
	u64 z = (f->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u32 below(struct fuzz *f, u32 n)
{
	return n ? rnd(f) % n : 0;
}

static int chance(struct fuzz *f, u32 percent)
{
	return below(f, 100) < percent;
}

static void fill(struct fuzz *f, void *p, size_t len)
{
	u8 *b = p;

	while (len--)
		*b++ = rnd(f);
}

/*
 * The arena is a memfd mapped twice: read-write for us and for valid
 * pointers, and read-only, so that the kernel reads what we wrote there
 * but cannot write back.  Each mapping ends in a PROT_NONE guard page.
 */
static int map_arena(struct fuzz *f)
{
	int mfd = memfd_create("ksecdd-fuzz", 0);
	u8 *p;

	if (mfd < 0 || ftruncate(mfd, ARENA_LEN))
		return -1;
	p = mmap(NULL, 2 * (ARENA_LEN + PAGE) + 2 * PAGE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	f->rw = mmap(p, ARENA_LEN, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_FIXED, mfd, 0);
	f->ro = mmap(p + ARENA_LEN + PAGE, ARENA_LEN, PROT_READ,
		     MAP_SHARED | MAP_FIXED, mfd, 0);
	close(mfd);
	if (f->rw == MAP_FAILED || f->ro == MAP_FAILED)
		return -1;
	f->hole = p + 2 * (ARENA_LEN + PAGE) + PAGE;
	return munmap(f->hole, PAGE);
}

/*
 * A pointer for the kernel to read or write @len bytes at.  Valid ones
 * point into the arena, never at our own state; the rest fault whole or
 * in part.  Kernel addresses: the direct map, the kernel image, the top
 * page; then the non-canonical hole and the last user page.
 */
static u64 pointer(struct fuzz *f, size_t len)
{
	static const u64 bad[] = {
		0xffff888000000000ULL, 0xffffffff81000000ULL,
		0xfffffffffffff000ULL, 0x0000800000000000ULL,
		0x8000000000000000ULL, 0x00007ffffffff000ULL,
	};
	size_t room = len < ARENA_LEN ? ARENA_LEN - len : 0;

	switch (below(f, 20)) {
	case 0:
		return 0;
	case 1:
		return 1 + below(f, 65536);
	case 2:
		return bad[below(f, ARRAY_SIZE(bad))] + below(f, 64);
	case 3:
		return (uintptr_t)f->hole + below(f, PAGE);
	case 4:
		/* runs off the end of the mapping into its guard page */
		return (uintptr_t)f->rw + ARENA_LEN - 1 - below(f, len + 1);
	case 5:
	case 6:
		return (uintptr_t)f->ro + below(f, room + 1);
	}
	return (uintptr_t)f->rw + below(f, room + 1);
}

static int in_rw(const struct fuzz *f, u64 p, size_t len)
{
	return p >= (uintptr_t)f->rw && p + len <= (uintptr_t)f->rw + ARENA_LEN;
}

/* A length: mostly small, sometimes at or past the limits. */
static u32 length(struct fuzz *f)
{
	switch (below(f, 12)) {
	case 0:
		return 0;
	case 1:
		return KSECDD_MESSAGE_BYTES_MAX + below(f, 3) - 1;
	case 2:
		return rnd(f);
	case 3:
		return below(f, 65536);
	}
	return below(f, 512);
}

static int pool_add(struct fuzz *f, struct ksecdd_handle h, int peer)
{
	if (f->npool == POOL_MAX)
		return -1;
	f->pool[f->npool] = (struct ctx){ h, peer };
	if (++f->npool > f->pool_peak)
		f->pool_peak = f->npool;
	if (f->serials_seen < ARRAY_SIZE(f->serials))
		f->serials[f->serials_seen] = h.serial;
	f->serials_seen++;
	return f->npool - 1;
}

/* Forget slot @i: its context is gone or going; keep the handle. */
static void pool_drop(struct fuzz *f, int i)
{
	int j;

	f->dead[below(f, ARRAY_SIZE(f->dead))] = f->pool[i].h;
	f->npool--;
	f->pool[i] = f->pool[f->npool];
	for (j = 0; j < f->npool; j++) {
		if (f->pool[j].peer == i)
			f->pool[j].peer = -1;
		else if (f->pool[j].peer == f->npool)
			f->pool[j].peer = i;
	}
}

static int pool_find(struct fuzz *f, struct ksecdd_handle h)
{
	int i;

	for (i = 0; i < f->npool; i++)
		if (f->pool[i].h.serial == h.serial && f->pool[i].h.tag == h.tag)
			return i;
	return -1;
}

/* A handle: live, live with a bit flipped, dead, or some other number. */
static struct ksecdd_handle handle(struct fuzz *f)
{
	struct ksecdd_handle h = { rnd(f), rnd(f) };
	u32 pick = below(f, 16);

	if (f->npool && pick < 8) {
		h = f->pool[below(f, f->npool)].h;
		if (pick == 6)
			h.tag ^= 1ULL << below(f, 64);
		else if (pick == 7)
			h.serial ^= 1ULL << below(f, 32);
		return h;
	}
	switch (pick) {
	case 8:
	case 9:
		return f->dead[below(f, ARRAY_SIZE(f->dead))];
	case 10:
		h.serial = f->ring;
		break;
	case 11:
		h.serial = f->user_key;
		break;
	case 12:
		h.serial = f->module_ring;
		break;
	case 13:
		h.serial = 0;
		break;
	case 14:
		h.serial = (u64)-1;
		break;
	case 15:
		h.serial = below(f, 0x80000000u);
		break;
	}
	return h;
}

/*
 * An import blob: a valid one, or one mutated: bits flipped, bytes set,
 * truncated, extended, or spliced from two valid blobs.
 */
static size_t mutate(struct fuzz *f, const char **package)
{
	const struct blob *a = &f->bases[below(f, f->nbases)];
	const struct blob *b = &f->bases[below(f, f->nbases)];
	size_t len = a->len, cut, n;
	int rounds = below(f, 4);

	*package = a->package;
	memcpy(f->mutant, a->data, len);
	while (rounds--) {
		switch (below(f, 6)) {
		case 0:
		case 1:
			f->mutant[below(f, len)] ^= 1u << below(f, 8);
			break;
		case 2:
			f->mutant[below(f, len)] = rnd(f);
			break;
		case 3:
			len = below(f, len + 1);
			break;
		case 4:
			n = below(f, 300);
			fill(f, f->mutant + len, n);
			len += n;
			break;
		case 5:
			cut = below(f, len + 1);
			n = below(f, b->len + 1);
			memcpy(f->mutant + cut, b->data + b->len - n, n);
			len = cut + n;
			break;
		}
		if (!len)
			break;
	}
	return len;
}

/*
 * Where the ioctl's struct goes: mostly the arena, sometimes read-only,
 * across the end of the mapping, unmapped or NULL.  @len bytes of @arg
 * are written there (through the read-write view).
 */
static void *place(struct fuzz *f, const void *arg, size_t len)
{
	size_t off;

	switch (below(f, 40)) {
	case 0:
		return NULL;
	case 1:
		return f->hole;
	case 2:
		/* the last bytes fall in the guard page */
		off = ARENA_LEN - len + 1 + below(f, len);
		memcpy(f->rw + off, arg, ARENA_LEN - off);
		return f->rw + off;
	case 3:
	case 4:
		off = below(f, 64) * 8;
		memcpy(f->rw + off, arg, len);
		return f->ro + off;
	}
	off = below(f, 64) * 8;
	memcpy(f->rw + off, arg, len);
	return f->rw + off;
}

/*
 * The struct's size field and what follows the struct: mostly the real
 * size, else an older, a too short, a longer (zero or not beyond what
 * we know) or an absurd one.
 */
static size_t sizes(struct fuzz *f, u8 *arg, size_t ksize, size_t ver0)
{
	u32 size = ksize;

	memset(arg + ksize, 0, PAGE + 64 - ksize);
	switch (below(f, 16)) {
	case 0:
		size = ver0;
		break;
	case 1:
		size = below(f, ver0);
		break;
	case 2:
		size = ksize + below(f, PAGE - ksize + 1);
		if (chance(f, 50))
			arg[ksize + below(f, size - ksize + 1)] = 1;
		break;
	case 3:
		size = PAGE + 1 + below(f, 64);
		break;
	case 4:
		size = rnd(f);
		break;
	}
	memcpy(arg, &size, sizeof(size));
	return size > PAGE + 64 ? PAGE + 64 : (size < ksize ? ksize : size);
}

static const char packages[][KSECDD_NAME_MAX] = {
	"Kerberos", "NTLM", "kerberos", "ntlm", "Negotiate", "",
	"Kerberos\x01", "KERBEROSKERBEROSKERBEROSKERBEROS",
};

static void fuzz_import(struct fuzz *f, struct ksecdd_ioc_import *a)
{
	const char *package;
	size_t len = mutate(f, &package);
	u64 where = pointer(f, len);

	if (where >= (uintptr_t)f->rw && where < (uintptr_t)f->rw + ARENA_LEN)
		memcpy((void *)(uintptr_t)where, f->mutant,
		       (uintptr_t)f->rw + ARENA_LEN - where < len ?
		       (uintptr_t)f->rw + ARENA_LEN - where : len);
	else if (where >= (uintptr_t)f->ro &&
		 where + len <= (uintptr_t)f->ro + ARENA_LEN)
		memcpy(f->rw + (where - (uintptr_t)f->ro), f->mutant, len);
	a->blob = where;
	a->blob_len = chance(f, 90) ? len : length(f);
	if (chance(f, 90))
		strcpy(a->package, package);
	else
		/* the longest fills the field with no NUL */
		memcpy(a->package, packages[below(f, ARRAY_SIZE(packages))],
		       sizeof(a->package));
	if (chance(f, 5))
		fill(f, a->package, sizeof(a->package));
	switch (below(f, 12)) {
	case 0:
		a->keyring = 0;
		break;
	case 1:
		a->keyring = KEY_SPEC_SESSION_KEYRING - below(f, 3);
		break;
	case 2:
		a->keyring = -1 - below(f, 8);
		break;
	case 3:
		a->keyring = f->user_key;
		break;
	case 4:
		a->keyring = f->module_ring;
		break;
	case 5:
		a->keyring = rnd(f);
		break;
	default:
		a->keyring = f->ring;
	}
	fill(f, &a->handle, sizeof(a->handle));
}

static void fuzz_export(struct fuzz *f, struct ksecdd_ioc_export *a)
{
	a->handle = handle(f);
	a->flags = chance(f, 80) ? below(f, 4) : rnd(f);
	a->blob_len = chance(f, 70) ? 400 + below(f, 4000) : length(f);
	a->blob = pointer(f, a->blob_len);
}

static void fuzz_query(struct fuzz *f, struct ksecdd_ioc_query *a)
{
	static const u32 attrs[] = {
		SECPKG_ATTR_SIZES, SECPKG_ATTR_NAMES, SECPKG_ATTR_LIFESPAN,
		SECPKG_ATTR_KEY_INFO, SECPKG_ATTR_SESSION_KEY,
		SECPKG_ATTR_PACKAGE_INFO, SECPKG_ATTR_FLAGS,
	};

	a->handle = handle(f);
	a->attribute = chance(f, 80) ? attrs[below(f, ARRAY_SIZE(attrs))] :
		       chance(f, 50) ? below(f, 40) : rnd(f);
	a->buf_len = chance(f, 70) ? below(f, 160) : length(f);
	a->buf = pointer(f, a->buf_len);
}

/* A context of the pool that has a peer to verify and decrypt with. */
static struct ksecdd_handle paired(struct fuzz *f)
{
	int i;

	for (i = 0; i < f->npool; i++)
		if (f->pool[i].peer >= 0)
			return f->pool[i].h;
	return handle(f);
}

/* Buffer types a message may carry, with and without attribute bits. */
static u32 buffer_type(struct fuzz *f)
{
	static const u32 types[] = {
		SECBUFFER_DATA, SECBUFFER_TOKEN, SECBUFFER_STREAM,
		SECBUFFER_PADDING, SECBUFFER_EMPTY,
	};
	u32 type = types[below(f, ARRAY_SIZE(types))];

	if (chance(f, 10))
		type |= SECBUFFER_READONLY;
	if (chance(f, 5))
		type |= SECBUFFER_READONLY_WITH_CHECKSUM;
	return chance(f, 5) ? (u32)rnd(f) : type;
}

/*
 * A message: usually a layout the call takes (so that some succeed and
 * the token checks run), with random lengths, types and pointers mixed
 * in; the descriptors themselves also go in the arena.
 */
static void fuzz_message(struct fuzz *f, unsigned int nr,
			 struct ksecdd_ioc_message *a)
{
	struct ksecdd_ioc_buffer b[KSECDD_MESSAGE_BUFFERS_MAX + 2];
	int sane = chance(f, 60);
	u32 i, count = sane ? 2 + below(f, 2) : below(f, 11);
	size_t off;

	a->handle = sane && chance(f, 50) ? paired(f) : handle(f);
	a->qop = chance(f, 80) ? 0 : chance(f, 50) ? SECQOP_WRAP_NO_ENCRYPT :
					      (u32)rnd(f);
	a->seqno = rnd(f);
	a->count = count;
	for (i = 0; i < ARRAY_SIZE(b); i++) {
		b[i].type = buffer_type(f);
		b[i].len = sane ? below(f, 200) : length(f);
		b[i].data = chance(f, 85) ?
			(uintptr_t)f->rw + PAGE + below(f, 256 * 1024) :
			pointer(f, b[i].len);
	}
	if (sane) {
		b[0].type = nr == 9 && chance(f, 50) ? SECBUFFER_STREAM :
			    SECBUFFER_TOKEN;
		b[0].len = 16 + below(f, 120);
		b[1].type = SECBUFFER_DATA;
		if (chance(f, 20) && in_rw(f, b[0].data, b[0].len))
			fill(f, (void *)(uintptr_t)b[0].data, b[0].len);
	}
	off = PAGE * 80 + below(f, 64) * 8;
	memcpy(f->rw + off, b, sizeof(b));
	a->buffers = chance(f, 90) ? (uintptr_t)f->rw + off :
		     pointer(f, count * sizeof(b[0]));
}

static void fuzz_attach(struct fuzz *f, struct ksecdd_ioc_broker_attach *a)
{
	fill(f, a, sizeof(*a));
	if (chance(f, 70))
		a->version = KSECDD_BROKER_VERSION;
}

/* Lengths around the limit, pointers of every kind, results of all sorts. */
static u32 answer_len(struct fuzz *f)
{
	if (chance(f, 40))
		return 0;
	if (chance(f, 10))
		return KSECDD_BROKER_TOKEN_MAX + below(f, 3) - 1;
	return chance(f, 90) ? below(f, 256) : rnd(f);
}

static void fuzz_answer(struct fuzz *f, struct ksecdd_ioc_broker_answer *a)
{
	static const u32 results[] = {
		KSECDD_SEC_E_OK, KSECDD_SEC_I_CONTINUE_NEEDED,
		KSECDD_SEC_E_LOGON_DENIED, KSECDD_SEC_E_NO_CREDENTIALS,
		0x00090313,	/* SEC_I_COMPLETE_NEEDED: never an answer */
	};

	fill(f, a, sizeof(*a));
	if (chance(f, 80)) {
		a->reserved0 = 0;
		a->reserved1 = 0;
	}
	if (chance(f, 80))
		a->id = below(f, 64);
	if (chance(f, 80))
		a->result = results[below(f, ARRAY_SIZE(results))];
	a->token_len = answer_len(f);
	a->blob_len = answer_len(f);
	a->name_len = answer_len(f);
	a->token = pointer(f, a->token_len > ARENA_LEN / 2 ? 0 : a->token_len);
	a->blob = pointer(f, a->blob_len > ARENA_LEN / 2 ? 0 : a->blob_len);
	a->name = pointer(f, a->name_len > ARENA_LEN / 2 ? 0 : a->name_len);
}

/* Fill the struct of command @nr; returns its size as we know it. */
static size_t fuzz_args(struct fuzz *f, unsigned int nr, u8 *arg)
{
	switch (nr) {
	case NR_ATTACH:
		fuzz_attach(f, (void *)arg);
		return sizeof(struct ksecdd_ioc_broker_attach);
	case NR_ANSWER:
		fuzz_answer(f, (void *)arg);
		return sizeof(struct ksecdd_ioc_broker_answer);
	case 0:
		fill(f, arg, sizeof(struct ksecdd_ioc_version));
		return sizeof(struct ksecdd_ioc_version);
	case 1: {
		struct ksecdd_ioc_packages *a = (void *)arg;

		a->count = chance(f, 70) ? below(f, 4) : rnd(f);
		a->reserved = chance(f, 90) ? 0 : rnd(f);
		a->packages = pointer(f, a->count > 8 ? 0 :
				      a->count * sizeof(struct ksecdd_package_info));
		return sizeof(*a);
	}
	case 2:
		fuzz_import(f, (void *)arg);
		return sizeof(struct ksecdd_ioc_import);
	case 3:
		fuzz_export(f, (void *)arg);
		return sizeof(struct ksecdd_ioc_export);
	case 4:
		((struct ksecdd_ioc_delete *)arg)->handle = handle(f);
		return sizeof(struct ksecdd_ioc_delete);
	case 5:
		fuzz_query(f, (void *)arg);
		return sizeof(struct ksecdd_ioc_query);
	}
	fuzz_message(f, nr, (void *)arg);
	if (chance(f, 3))
		((struct ksecdd_ioc_message *)arg)->reserved = rnd(f);
	return sizeof(struct ksecdd_ioc_message);
}

static const size_t ver0[NCMD] = {
	KSECDD_IOC_VERSION_SIZE_VER0, KSECDD_IOC_PACKAGES_SIZE_VER0,
	KSECDD_IOC_IMPORT_SIZE_VER0, KSECDD_IOC_EXPORT_SIZE_VER0,
	KSECDD_IOC_DELETE_SIZE_VER0, KSECDD_IOC_QUERY_SIZE_VER0,
	KSECDD_IOC_MESSAGE_SIZE_VER0, KSECDD_IOC_MESSAGE_SIZE_VER0,
	KSECDD_IOC_MESSAGE_SIZE_VER0, KSECDD_IOC_MESSAGE_SIZE_VER0,
	KSECDD_IOC_BROKER_ATTACH_SIZE_VER0, KSECDD_IOC_BROKER_ANSWER_SIZE_VER0,
};

/* The statuses each command documents (userspace-api.rst). */
static u32 allowed(unsigned int nr)
{
	static const u32 common[] = {
		SEC_E_OK, SEC_E_INVALID_HANDLE, SEC_E_NOT_OWNER,
		SEC_E_CONTEXT_EXPIRED, SEC_E_INSUFFICIENT_MEMORY,
	};
	static const u32 import[] = {
		SEC_E_OK, SEC_E_UNKNOWN_CREDENTIALS, SEC_E_NO_CREDENTIALS,
		SEC_E_NOT_OWNER, SEC_E_INSUFFICIENT_MEMORY,
		SEC_E_SECPKG_NOT_FOUND, SEC_E_INVALID_TOKEN,
		SEC_E_MESSAGE_ALTERED, SEC_E_CONTEXT_EXPIRED,
		SEC_E_INVALID_PARAMETER, SEC_E_UNSUPPORTED_FUNCTION,
	};
	static const u32 export[] = {
		SEC_E_UNSUPPORTED_FUNCTION, SEC_E_INVALID_PARAMETER,
		SEC_E_BUFFER_TOO_SMALL, SEC_E_NO_CREDENTIALS, SEC_E_CANNOT_PACK,
	};
	static const u32 query[] = {
		SEC_E_UNSUPPORTED_FUNCTION, SEC_E_BUFFER_TOO_SMALL,
	};
	static const u32 message[] = {
		SEC_E_UNSUPPORTED_FUNCTION, SEC_E_INVALID_PARAMETER,
		SEC_E_BUFFER_TOO_SMALL, SEC_E_INVALID_TOKEN,
		SEC_E_MESSAGE_ALTERED, SEC_E_OUT_OF_SEQUENCE,
		SEC_E_QOP_NOT_SUPPORTED,
	};
	u32 base = kt_set(common, ARRAY_SIZE(common));

	switch (nr) {
	case 1:
		return 1u << kt_slot(SEC_E_OK) |
		       1u << kt_slot(SEC_E_BUFFER_TOO_SMALL);
	case 2:
		return kt_set(import, ARRAY_SIZE(import));
	case 3:
		return base | kt_set(export, ARRAY_SIZE(export));
	case 4:
		return base & ~(1u << kt_slot(SEC_E_INSUFFICIENT_MEMORY));
	case 5:
		return base | kt_set(query, ARRAY_SIZE(query));
	}
	return base | kt_set(message, ARRAY_SIZE(message));
}

static u32 status_of(unsigned int nr, const u8 *arg)
{
	switch (nr) {
	case 1:
		return ((const struct ksecdd_ioc_packages *)arg)->status;
	case 2:
		return ((const struct ksecdd_ioc_import *)arg)->status;
	case 3:
		return ((const struct ksecdd_ioc_export *)arg)->status;
	case 4:
		return ((const struct ksecdd_ioc_delete *)arg)->status;
	case 5:
		return ((const struct ksecdd_ioc_query *)arg)->status;
	}
	return ((const struct ksecdd_ioc_message *)arg)->status;
}

/* Record a call that failed; returns whether the errno is one we allow. */
static int tally_errno(struct tally *t, int err)
{
	static const int known[] = { EFAULT, EINVAL, E2BIG, ENOTTY };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if (err == known[i]) {
			t->err[i]++;
			return 1;
		}
	}
	t->err[4]++;
	return 0;
}

/* Take a context off the pool and out of our keyrings. */
static void forget(struct fuzz *f, int i)
{
	long serial = f->pool[i].h.serial;

	kt_keyctl(KEYCTL_UNLINK, serial, f->ring, 0, 0);
	kt_keyctl(KEYCTL_UNLINK, serial, KEY_SPEC_SESSION_KEYRING, 0, 0);
	pool_drop(f, i);
}

/*
 * What a call changed in the pool: an import adds, a delete (or an
 * export that deletes) removes; a pool handle found dead or expired
 * (revoked, timed out, or deleted by a call whose answer we could not
 * read) leaves.  Every handle-taking struct has its handle at offset 8.
 */
static void track(struct fuzz *f, unsigned int nr, const u8 *arg, u32 status)
{
	const struct ksecdd_ioc_import *imp = (const void *)arg;
	const struct ksecdd_ioc_export *exp = (const void *)arg;
	const struct ksecdd_handle *h = (const void *)(arg + 8);
	int i = nr >= 3 ? pool_find(f, *h) : -1;

	if (i >= 0 && (status == SEC_E_INVALID_HANDLE ||
		       status == SEC_E_CONTEXT_EXPIRED)) {
		forget(f, i);
		return;
	}
	if (status != SEC_E_OK)
		return;
	if (nr == 2) {
		f->imports_ok++;
		if (pool_add(f, imp->handle, -1) < 0)
			kt_delete(f->fd, imp->handle);
	} else if (i >= 0 && (nr == 4 ||
			      (nr == 3 && exp->flags & EXPORT_DELETE_OLD))) {
		pool_drop(f, i);
	}
}

static void judge(struct __test_metadata *_metadata, struct fuzz *f,
		  unsigned int nr, const u8 *where, int ret, int err);

/*
 * After a sign or encrypt that worked, hand its buffers to the context's
 * peer, now and then with a bit flipped: real tokens reach the checks
 * that garbage never passes (OK, MESSAGE_ALTERED, OUT_OF_SEQUENCE).
 */
static void follow_up(struct __test_metadata *_metadata, struct fuzz *f,
		      unsigned int nr, const struct ksecdd_ioc_message *done)
{
	struct ksecdd_ioc_message arg = *done;
	const struct ksecdd_ioc_buffer *b = (void *)(uintptr_t)done->buffers;
	int i = pool_find(f, done->handle), ret;
	u8 *where = f->rw + 8;
	u32 j;

	if (i < 0 || f->pool[i].peer < 0 ||
	    !in_rw(f, done->buffers, done->count * sizeof(*b)))
		return;
	if (chance(f, 30) && done->count) {
		j = below(f, done->count);
		if (b[j].len && in_rw(f, b[j].data, b[j].len))
			((u8 *)(uintptr_t)b[j].data)[below(f, b[j].len)] ^=
				1u << below(f, 8);
	}
	arg.size = sizeof(arg);
	arg.handle = f->pool[f->pool[i].peer].h;
	memcpy(where, &arg, sizeof(arg));
	ret = ioctl(f->fd, cmds[nr + 1], where);
	judge(_metadata, f, nr + 1, where, ret, errno);
}

/*
 * The broker's ioctls: 0, or -1 with an errno broker.rst lists.  Nothing
 * waits for an answer, so no answer is taken.
 */
static void judge_broker(struct __test_metadata *_metadata, struct fuzz *f,
			 unsigned int nr, int ret, int err)
{
	static const int errs[] = {
		EPERM, EBUSY, EPROTO, ENOENT, ENOMEM,
	};
	struct tally *t = &f->t[nr];
	unsigned int i;

	if (!ret) {
		t->ok++;
		if (nr == NR_ATTACH && !geteuid()) {
			f->attached++;
			return;
		}
		f->unexpected++;
		TH_LOG("%s succeeded", cmd_names[nr]);
		return;
	}
	if (ret == -1 && err != ENOTTY && tally_errno(t, err))
		return;
	for (i = 0; ret == -1 && i < ARRAY_SIZE(errs); i++)
		if (err == errs[i])
			return;
	f->unexpected++;
	TH_LOG("%s: returned %d, errno %d", cmd_names[nr], ret, err);
}

/*
 * Judge one call: 0 with a documented status, or -1 with a transport
 * errno.  The struct is read back through the read-write view.
 */
static void judge(struct __test_metadata *_metadata, struct fuzz *f,
		  unsigned int nr, const u8 *where, int ret, int err)
{
	struct tally *t = &f->t[nr];
	const u8 *arg = where;
	u32 status;

	t->calls++;
	if (nr == NR_ATTACH || nr == NR_ANSWER) {
		judge_broker(_metadata, f, nr, ret, err);
		return;
	}
	if (ret && nr == 2 && err == EFAULT && where >= f->ro &&
	    where < f->ro + ARENA_LEN)
		f->ro_imports++;
	if (ret) {
		/* ENOTTY, and only ENOTTY, for a command that is not ours */
		if (ret == -1 && tally_errno(t, err) &&
		    !(nr == CMD_FOREIGN) == !(err == ENOTTY))
			return;
		f->unexpected++;
		TH_LOG("%s: returned %d, errno %d", cmd_names[nr], ret, err);
		return;
	}
	t->ok++;
	if (nr == CMD_FOREIGN) {
		f->unexpected++;
		TH_LOG("a foreign command succeeded");
		return;
	}
	if (where >= f->ro && where < f->ro + ARENA_LEN)
		arg = f->rw + (where - f->ro);
	if (nr == 0) {
		if (((const struct ksecdd_ioc_version *)arg)->abi_version != 1) {
			f->unexpected++;
			TH_LOG("version: ABI %u", ((const u32 *)arg)[1]);
		}
		return;
	}
	status = status_of(nr, arg);
	t->status[kt_slot(status)]++;
	if (!kt_allowed(allowed(nr), status)) {
		f->unexpected++;
		TH_LOG("%s: status 0x%08x", cmd_names[nr], status);
	}
	track(f, nr, arg, status);
	if ((nr == 6 || nr == 8) && status == SEC_E_OK)
		follow_up(_metadata, f, nr, (const void *)arg);
}

/*
 * A command of another driver or none: random type, number, direction
 * and size.  Types the VFS itself handles on any file (0 for FIGETBSZ,
 * 'T' for FIONBIO and friends, 'X' for FIFREEZE and FICLONE, 'f' for
 * the FS_IOC ones, 0x94 for btrfs's clones) are left out: they never
 * reach us, and freezing /dev is no test of ours.
 */
static unsigned long foreign_cmd(struct fuzz *f, unsigned int *nr)
{
	u32 dir = below(f, 4), type, num = below(f, 256);

	do {
		type = chance(f, 60) ? KSECDD_IOC_MAGIC : below(f, 256);
	} while (!type || type == 'T' || type == 'X' || type == 'f' ||
		 type == 0x94);
	*nr = CMD_FOREIGN;
	/* ours, in the right direction, is a command we know */
	if (type == KSECDD_IOC_MAGIC && num < NCMD &&
	    dir == _IOC_DIR(cmds[num]))
		*nr = num;
	return _IOC(dir, type, num, below(f, 1u << _IOC_SIZEBITS));
}

static void one_call(struct __test_metadata *_metadata, struct fuzz *f)
{
	u64 words[(PAGE + 64) / 8];
	u8 *arg = (u8 *)words;
	unsigned int nr = below(f, NCMD);
	unsigned long cmd = cmds[nr];
	size_t ksize, len;
	void *where;
	int ret;

	if (chance(f, 8)) {
		cmd = foreign_cmd(f, &nr);
		if (nr == CMD_FOREIGN)
			nr = below(f, NCMD);	/* still fill some struct */
		else
			cmd = cmds[nr] ^ (chance(f, 50) ? 0 : _IOC_SIZEMASK <<
							       _IOC_SIZESHIFT);
	}
	memset(words, 0, sizeof(words));
	ksize = fuzz_args(f, nr, arg);
	len = sizes(f, arg, ksize, ver0[nr]);
	where = place(f, arg, len);
	ret = ioctl(f->fd, cmd, where);
	if ((cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) !=
	    (cmds[nr] & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)))
		nr = CMD_FOREIGN;
	judge(_metadata, f, nr, where, ret, errno);
}

/* keyctl under the pool's feet: revoke, invalidate, time out, unlink. */
static void keyctl_op(struct fuzz *f)
{
	int i = below(f, f->npool);
	long serial = f->pool[i].h.serial;

	f->keyctl_ops++;
	switch (below(f, 4)) {
	case 0:
		kt_keyctl(KEYCTL_REVOKE, serial, 0, 0, 0);
		break;
	case 1:
		kt_keyctl(KEYCTL_INVALIDATE, serial, 0, 0, 0);
		break;
	case 2:
		/* expires while the fuzzer runs: CONTEXT_EXPIRED from then */
		kt_keyctl(KEYCTL_SET_TIMEOUT, serial, 1 + below(f, 3), 0, 0);
		return;
	case 3:
		kt_keyctl(KEYCTL_UNLINK, serial, f->ring, 0, 0);
		kt_keyctl(KEYCTL_UNLINK, serial, KEY_SPEC_SESSION_KEYRING, 0, 0);
		break;
	}
	pool_drop(f, i);
}

/* RC4 state some messages into a stream: any permutation will do. */
static void rc4_state(struct fuzz *f, struct ksecdd_packed_ntlm_dir *dir)
{
	unsigned int i, j;
	u8 t;

	for (i = 0; i < 256; i++)
		dir->rc4.s[i] = i;
	for (i = 255; i > 0; i--) {
		j = below(f, i + 1);
		t = dir->rc4.s[i];
		dir->rc4.s[i] = dir->rc4.s[j];
		dir->rc4.s[j] = t;
	}
	dir->rc4.i = rnd(f);
	dir->rc4.j = rnd(f);
	dir->has_rc4 = true;
}

/* An NTLM context, RC4 state and all. */
static int ntlm_blob(struct fuzz *f, u8 role, struct blob *b)
{
	struct ksecdd_packed_ctx *p = calloc(1, sizeof(*p));
	int err = -1;

	if (!p)
		return -1;
	p->package = KSECDD_PACKAGE_NTLM;
	p->role = role;
	p->flags = 0x1001e;
	p->start = time(NULL) - 10;
	p->expiry = time(NULL) + 3600;
	p->client_name = "EXAMPLE\\alice";
	p->client_name_len = strlen(p->client_name);
	p->has_identity = role == KSECDD_ROLE_ACCEPTOR;
	p->uid = geteuid();
	p->gid = getegid();
	p->ntlm.negotiate_flags = 0xe2888235;
	fill(f, p->ntlm.session_key, KSECDD_NTLM_KEY_LEN);
	rc4_state(f, &p->ntlm.client);
	b->len = ksecdd_packed_len(p);
	b->data = malloc(b->len);
	b->package = "NTLM";
	if (b->data)
		err = ksecdd_packed_encode(p, b->data, b->len);
	free(p);
	return err;
}

/* The blobs mutations start from: Kerberos of each enctype, both roles. */
static int make_bases(struct fuzz *f)
{
	static const u32 enctypes[] = {
		KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96,
		KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
		KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128,
		KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192,
	};
	unsigned int i, role;

	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		for (role = 0; role < 2; role++) {
			struct blob *b = &f->bases[f->nbases];

			b->data = kt_raw_blob(geteuid(), role, enctypes[i],
					      0x11 * (i + 1), &b->len);
			b->package = "Kerberos";
			if (!b->data)
				return -1;
			f->nbases++;
		}
	}
	for (role = 0; role < 2; role++)
		if (ntlm_blob(f, role, &f->bases[f->nbases++]))
			return -1;
	return 0;
}

static u32 import_as(int fd, const struct blob *b, long ring,
		     struct ksecdd_handle *h)
{
	struct ksecdd_ioc_import arg = {
		.size = sizeof(arg), .blob = (uintptr_t)b->data,
		.blob_len = b->len, .keyring = ring,
	};

	strcpy(arg.package, b->package);
	if (ioctl(fd, KSECDD_IOC_IMPORT, &arg))
		return IOCTL_FAILED;
	*h = arg.handle;
	return arg.status;
}

/*
 * As root: an acceptor and initiator of one key (bases 2 and 3) in the
 * pool, whose messages to each other succeed, unless the pool is full.
 */
static void seed_pair(struct fuzz *f)
{
	struct ksecdd_handle h[2];
	int i, a, b;

	if (geteuid() || f->npool > POOL_MAX - 2)
		return;
	for (i = 0; i < f->npool; i++)
		if (f->pool[i].peer >= 0)
			return;
	if (import_as(f->fd, &f->bases[2], f->ring, &h[0]))
		return;
	if (import_as(f->fd, &f->bases[3], f->ring, &h[1])) {
		kt_delete(f->fd, h[0]);
		return;
	}
	a = pool_add(f, h[0], -1);
	b = pool_add(f, h[1], a);
	f->pool[a].peer = b;
	f->pairs++;
}

/* As root: the pair, and sealed exports of a few contexts to mutate. */
static void seed_pool(struct fuzz *f)
{
	struct ksecdd_handle h;
	u8 buf[8192];
	u32 len;
	int i;

	if (geteuid())
		return;
	for (i = 0; i < 10 && f->nbases < BASES_MAX; i++) {
		const struct blob *raw = &f->bases[i];

		if (import_as(f->fd, raw, f->ring, &h))
			continue;
		len = sizeof(buf);
		if (kt_export(f->fd, h, i & 1 ? EXPORT_RESET_NEW : 0, buf,
			      &len) == SEC_E_OK) {
			struct blob *b = &f->bases[f->nbases];

			b->data = malloc(len);
			if (!b->data)
				break;
			memcpy(b->data, buf, len);
			b->len = len;
			b->package = raw->package;
			f->nbases++;
			f->nsealed++;
		}
		kt_delete(f->fd, h);
	}
	seed_pair(f);
}

static long module_keyring(void);

FIXTURE(fuzz) {
	struct fuzz *f;
	unsigned long calls;
	u64 seed;
};

FIXTURE_SETUP(fuzz)
{
	struct fuzz *f = calloc(1, sizeof(*f));

	ASSERT_NE(NULL, f);
	self->f = f;
	self->calls = kt_env("KSECDD_FUZZ_CALLS", 100000);
	self->seed = kt_env("KSECDD_FUZZ_SEED", time(NULL) ^ getpid() << 16);
	f->rng = self->seed;
	f->seed = self->seed;
	f->fd = open("/dev/ksecdd", O_RDWR);
	ASSERT_LE(0, f->fd);
	ASSERT_EQ(0, map_arena(f));
	ASSERT_EQ(0, make_bases(f));
	/* a session keyring and a keyring of our own, for the pool */
	ASSERT_LE(0, kt_keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0));
	f->ring = syscall(__NR_add_key, "keyring", "ksecdd-fuzz", NULL, 0,
			  KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, f->ring);
	f->user_key = syscall(__NR_add_key, "user", "ksecdd-fuzz-user", "x", 1,
			      KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, f->user_key);
	f->module_ring = module_keyring();
	kt_note("ioctl_fuzz: seed %llu (KSECDD_FUZZ_SEED=%llu repeats it), %lu calls",
		(unsigned long long)self->seed,
		(unsigned long long)self->seed, self->calls);
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->f)
		close(self->f->fd);
	free(self->f);
}

/* The module keyring's serial, which root may view: a keyring no import may use. */
static long module_keyring(void)
{
	char *keys = kt_proc_keys(), *p;
	long serial = 0x7ffffff0;

	p = keys ? strstr(keys, " keyring   .ksecdd: ") : NULL;
	if (p) {
		while (p > keys && p[-1] != '\n')
			p--;
		serial = strtol(p, NULL, 16);
	}
	free(keys);
	return serial;
}

/* The keyrings imports may name and may have linked contexts into. */
static long rings(const struct fuzz *f, int i)
{
	const long r[] = {
		f->ring, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING,
		KEY_SPEC_USER_SESSION_KEYRING,
	};

	return i < (int)ARRAY_SIZE(r) ? r[i] : 0;
}

/*
 * Live contexts linked in our keyrings, from their contents and
 * /proc/keys; with @unlink, also unlink every context key found there
 * (revoked, expired or with a handle we never learnt).
 */
static int live_contexts(const struct fuzz *f, int unlink)
{
	char *keys = kt_proc_keys();
	__s32 serials[512];
	const char *line;
	long n, k;
	int i, live = 0;
	size_t len;

	if (!keys)
		return -1;
	for (i = 0; rings(f, i); i++) {
		n = kt_keyctl(KEYCTL_READ, rings(f, i), (unsigned long)serials,
			      sizeof(serials), 0);
		n = n < 0 ? 0 : n > (long)sizeof(serials) ?
			ARRAY_SIZE(serials) : n / 4;
		for (k = 0; k < n; k++) {
			if (kt_live_in(keys, serials[k]))
				live++;
			line = kt_key_line(keys, serials[k], &len);
			if (unlink && kt_is_context(line, len))
				kt_keyctl(KEYCTL_UNLINK, serials[k], rings(f, i),
					  0, 0);
		}
	}
	free(keys);
	return live;
}

/* Live keys among every serial an import handed out, wherever linked. */
static int live_serials(const struct fuzz *f)
{
	char *keys = kt_proc_keys();
	unsigned long i, n = f->serials_seen;
	int live = 0;

	if (!keys)
		return -1;
	if (n > ARRAY_SIZE(f->serials))
		n = ARRAY_SIZE(f->serials);
	for (i = 0; i < n; i++)
		live += kt_live_in(keys, f->serials[i]);
	free(keys);
	return live;
}

static void report(const struct fuzz *f, double secs)
{
	static const char * const errs[] = {
		"EFAULT", "EINVAL", "E2BIG", "ENOTTY", "other",
	};
	unsigned long calls = 0, e[5] = { 0 };
	char buf[512];
	unsigned int nr, i;
	size_t n;

	for (nr = 0; nr <= NCMD; nr++) {
		const struct tally *t = &f->t[nr];

		calls += t->calls;
		kt_format(buf, sizeof(buf), t->status);
		n = strlen(buf);
		for (i = 0; i < ARRAY_SIZE(errs); i++) {
			e[i] += t->err[i];
			if (t->err[i])
				n += snprintf(buf + n, sizeof(buf) - n,
					      "; %s %lu", errs[i], t->err[i]);
		}
		kt_note("ioctl_fuzz: %-8s %6lu calls, %6lu returned 0: %s",
			cmd_names[nr], t->calls, t->ok, buf);
	}
	kt_note("ioctl_fuzz: %lu calls as uid %u, seed %llu, %.1f s, %.0f calls/s",
		calls, geteuid(), (unsigned long long)f->seed, secs,
		secs > 0 ? calls / secs : 0);
	kt_note("ioctl_fuzz: errno EFAULT %lu, EINVAL %lu, E2BIG %lu, ENOTTY %lu, other %lu",
		e[0], e[1], e[2], e[3], e[4]);
	kt_note("ioctl_fuzz: %lu imports succeeded, pool peak %d, %lu peer pairs",
		f->imports_ok, f->pool_peak, f->pairs);
	kt_note("ioctl_fuzz: %lu keyctl ops, %lu unexpected results",
		f->keyctl_ops, f->unexpected);
	kt_note("ioctl_fuzz: %lu broker attaches, %lu reopens",
		f->attached, f->reopened);
}

/*
 * Delete what is left of the pool, then unlink whatever context keys
 * our keyrings still hold (revoked, expired, or imported by a call whose
 * answer could not be written back).  Returns how many of those were
 * live contexts nobody had a handle for.
 */
static int clean_up(struct __test_metadata *_metadata, struct fuzz *f)
{
	u32 ok = 1u << kt_slot(SEC_E_OK) |
		 1u << kt_slot(SEC_E_INVALID_HANDLE) |
		 1u << kt_slot(SEC_E_CONTEXT_EXPIRED);
	u32 status;

	while (f->npool) {
		status = kt_delete(f->fd, f->pool[0].h);
		if (!kt_allowed(ok, status)) {
			f->unexpected++;
			TH_LOG("deleting the pool: 0x%08x", status);
		}
		forget(f, 0);
	}
	return live_contexts(f, 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to @secs for @f's live contexts to drop to @want. */
static int settle(const struct fuzz *f, int want, int secs)
{
	int live = -1, i;

	for (i = 0; i < secs * 10; i++) {
		live = live_contexts(f, 0) - want;
		live = (live > 0 ? live : 0) + live_serials(f);
		if (!live)
			break;
		usleep(100000);
	}
	return live;
}

/* Closing the device detaches a broker; contexts live in keyrings. */
static void reopen(struct __test_metadata *_metadata, struct fuzz *f)
{
	int fd = open("/dev/ksecdd", O_RDWR);

	ASSERT_LE(0, fd);
	close(f->fd);
	f->fd = fd;
	f->reopened++;
}

TEST_F_TIMEOUT(fuzz, calls, 600)
{
	struct fuzz *f = self->f;
	int before, orphans, left;
	unsigned long i;
	double start;

	before = live_contexts(f, 0);
	ASSERT_LE(0, before);
	seed_pool(f);
	start = now();
	for (i = 0; i < self->calls && f->unexpected < 50; i++) {
		if (f->npool && chance(f, 1))
			keyctl_op(f);
		if (i % 256 == 0)
			seed_pair(f);
		/* a broker's file no more: the broker ioctls on a plain one */
		if (i % 4096 == 4095)
			reopen(_metadata, f);
		one_call(_metadata, f);
	}
	report(f, now() - start);
	EXPECT_EQ(0, f->unexpected);
	orphans = clean_up(_metadata, f);
	/* the collector unlinks deleted and invalidated keys on its own time */
	left = settle(f, before, 60);
	kt_note("ioctl_fuzz: %d live contexts before, %d after deleting the pool",
		before, before + left);
	kt_note("ioctl_fuzz: %d live context keys outside the pool unlinked",
		orphans);
	kt_note("ioctl_fuzz: %lu imports on a read-only struct got EFAULT",
		f->ro_imports);
	EXPECT_EQ(0, left);
}

/*
 * The harness's timeout is fixed when it is built; ours follows the
 * number of calls (about 1500 a second under TCG with KASAN, and
 * generously less).
 */
static void __attribute__((constructor)) fuzz_timeout(void)
{
	_fuzz_calls_object.timeout = 300 + kt_env("KSECDD_FUZZ_CALLS", 100000) / 100;
}

TEST_HARNESS_MAIN
