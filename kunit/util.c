// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the context suites.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/key.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/context.h"
#include "../ksecdd/cred.h"
#include "../ksecdd/keytype.h"
#include "util.h"

static int by_pfn(const void *a, const void *b)
{
	unsigned long x = page_to_pfn(*(struct page *const *)a);
	unsigned long y = page_to_pfn(*(struct page *const *)b);

	return x < y ? -1 : x > y;
}

/*
 * Every other page of 2 @n, in the order of their frame numbers: ascending
 * and never adjacent.  With @adjacent, one block of @n pages, a power of
 * two.
 */
void scattered_map(struct kunit *test, struct scattered *s, unsigned int n,
		   bool adjacent)
{
	struct page **all, *block = NULL;
	unsigned int i;

	s->n = n;
	s->adjacent = adjacent;
	s->pages = kunit_kcalloc(test, n, sizeof(*s->pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->pages);
	if (adjacent) {
		KUNIT_ASSERT_TRUE(test, is_power_of_2(n));
		block = alloc_pages(GFP_KERNEL | __GFP_ZERO, ilog2(n));
		KUNIT_ASSERT_NOT_NULL(test, block);
		for (i = 0; i < n; i++)
			s->pages[i] = nth_page(block, i);
	} else {
		all = kunit_kcalloc(test, 2 * n, sizeof(*all), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, all);
		for (i = 0; i < 2 * n; i++) {
			all[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
			KUNIT_ASSERT_NOT_NULL(test, all[i]);
		}
		sort(all, 2 * n, sizeof(*all), by_pfn, NULL);
		for (i = 0; i < n; i++) {
			s->pages[i] = all[2 * i];
			__free_page(all[2 * i + 1]);
		}
		kunit_kfree(test, all);
	}
	s->addr = vmap(s->pages, n, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->addr);
}

void scattered_unmap(struct scattered *s)
{
	unsigned int i;

	vunmap(s->addr);
	if (s->adjacent) {
		__free_pages(s->pages[0], ilog2(s->n));
		return;
	}
	for (i = 0; i < s->n; i++)
		__free_page(s->pages[i]);
}

/* The keyring collector and RCU run at their own pace: wait, generously. */
#define SETTLE_MS	30000

static unsigned long module_keys(void)
{
	return ksecdd_keyring->keys.nr_leaves_on_tree;
}

/* Contexts and credentials handles, each a key of the module keyring. */
static unsigned long live_keys(void)
{
	return ksecdd_context_count() + ksecdd_cred_count();
}

/*
 * Keys of contexts deleted by earlier tests leave the module keyring when
 * the collector gets to them: start counting once only live ones are left.
 */
void leak_baseline(struct leak_baseline *base)
{
	int waited;

	for (waited = 0; waited < SETTLE_MS && module_keys() != live_keys();
	     waited += 20)
		msleep(20);
	base->contexts = ksecdd_context_count();
	base->creds = ksecdd_cred_count();
	base->keys = module_keys();
}

bool wait_for_contexts(int count)
{
	int waited;

	for (waited = 0; waited < SETTLE_MS; waited += 20) {
		if (ksecdd_context_count() == count)
			return true;
		msleep(20);
	}
	return false;
}

/* Deleted contexts free at once; their keys leave at the collector's pace. */
void expect_no_leak(struct kunit *test, const struct leak_baseline *base)
{
	int waited;

	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base->contexts);
	KUNIT_EXPECT_EQ(test, ksecdd_cred_count(), base->creds);
	for (waited = 0; waited < SETTLE_MS && module_keys() != base->keys;
	     waited += 20)
		msleep(20);
	KUNIT_EXPECT_EQ(test, module_keys(), base->keys);
}

static void common_template(struct ksecdd_packed_ctx *p)
{
	static const char client[] = "alice@EXAMPLE.COM";
	static const char server[] = "cifs/srv.example.com@EXAMPLE.COM";
	s64 now = ktime_get_real_seconds();

	memset(p, 0, sizeof(*p));
	p->role = KSECDD_ROLE_ACCEPTOR;
	p->flags = ASC_RET_MUTUAL_AUTH | ASC_RET_REPLAY_DETECT |
		   ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY |
		   ASC_RET_INTEGRITY;
	p->start = now - 60;
	p->expiry = now + 3600;
	p->client_name = client;
	p->client_name_len = sizeof(client) - 1;
	p->server_name = server;
	p->server_name_len = sizeof(server) - 1;
	p->has_identity = true;
	p->uid = TEST_UID;
	p->gid = TEST_UID;
	p->ngroups = 2;
	p->groups[0] = 100;
	p->groups[1] = TEST_UID;
}

void krb5_template(struct ksecdd_packed_ctx *p)
{
	common_template(p);
	p->package = KSECDD_PACKAGE_KERBEROS;
	p->krb5.enctype = KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96;
	p->krb5.flags = KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
	memset(p->krb5.key, 0x11, sizeof(p->krb5.key));
	memset(p->krb5.acceptor_subkey, 0x22, sizeof(p->krb5.acceptor_subkey));
	p->krb5.send_seq_initial = 1000;
	p->krb5.send_seq = 1010;
	p->krb5.recv_seq_initial = 2000;
	p->krb5.recv_seq = 2020;
}

void ntlm_template(struct ksecdd_packed_ctx *p)
{
	unsigned int i;

	common_template(p);
	p->package = KSECDD_PACKAGE_NTLM;
	p->ntlm.negotiate_flags = 0xe2888235;
	memset(p->ntlm.session_key, 0x55, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.client.sign_key, 0x01, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.client.seal_key, 0x02, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.server.sign_key, 0x03, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.server.seal_key, 0x04, KSECDD_NTLM_KEY_LEN);
	p->ntlm.client.seq = 7;
	p->ntlm.server.seq = 9;
	p->ntlm.client.has_rc4 = true;
	for (i = 0; i < 256; i++)
		p->ntlm.client.rc4.s[i] = 255 - i;
	p->ntlm.client.rc4.i = 3;
	p->ntlm.client.rc4.j = 5;
}

u8 *raw_blob(struct kunit *test, const struct ksecdd_packed_ctx *p, u32 *len)
{
	u8 *blob;

	*len = ksecdd_packed_len(p);
	blob = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, blob);
	KUNIT_ASSERT_EQ(test, ksecdd_packed_encode(p, blob, *len), 0);
	return blob;
}

SECURITY_STATUS import_blob(const char *package, void *blob, u32 len,
			    void *token, CtxtHandle *h)
{
	SEC_WCHAR name[KSECDD_PACKED_PACKAGE_LEN];
	SECURITY_STRING str = { .Buffer = name };
	SecBuffer buf = {
		.cbBuffer = len,
		.BufferType = SECBUFFER_TOKEN,
		.pvBuffer = blob,
	};
	size_t i;

	for (i = 0; package[i] && i < ARRAY_SIZE(name); i++)
		name[i] = package[i];
	str.Length = i * sizeof(SEC_WCHAR);
	str.MaximumLength = sizeof(name);
	return ImportSecurityContextW(&str, &buf, token, h);
}

SECURITY_STATUS import_raw(struct kunit *test,
			   const struct ksecdd_packed_ctx *p, CtxtHandle *h)
{
	u32 len;
	u8 *blob = raw_blob(test, p, &len);

	return import_blob(ksecdd_packed_package_name(p->package), blob, len,
			   NULL, h);
}

/* Exports into a test-owned copy; the context buffer is freed at once. */
u8 *export_blob(struct kunit *test, CtxtHandle *h, u32 flags, u32 *len)
{
	SecBuffer buf = { .BufferType = SECBUFFER_EMPTY };
	u8 *copy;

	KUNIT_ASSERT_EQ(test, ExportSecurityContext(h, flags, &buf, NULL),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, buf.BufferType, (u32)SECBUFFER_EMPTY);
	copy = kunit_kmalloc(test, buf.cbBuffer, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, buf.pvBuffer, buf.cbBuffer);
	*len = buf.cbBuffer;
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(buf.pvBuffer), SEC_E_OK);
	return copy;
}

SECURITY_STATUS export_status(CtxtHandle *h, u32 flags)
{
	SecBuffer buf = { .BufferType = SECBUFFER_EMPTY };
	SECURITY_STATUS status;

	status = ExportSecurityContext(h, flags, &buf, NULL);
	if (status == SEC_E_OK)
		FreeContextBuffer(buf.pvBuffer);
	return status;
}

/* Credentials of @uid, in its own group, with @ngroups more groups. */
struct cred *user_cred(struct kunit *test, uid_t uid, u32 ngroups)
{
	kuid_t kuid = make_kuid(&init_user_ns, uid);
	kgid_t kgid = make_kgid(&init_user_ns, uid);
	struct group_info *gi;
	struct cred *new;
	u32 i;

	new = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, new);
	new->uid = kuid;
	new->euid = kuid;
	new->suid = kuid;
	new->fsuid = kuid;
	new->gid = kgid;
	new->egid = kgid;
	new->sgid = kgid;
	new->fsgid = kgid;
	gi = groups_alloc(ngroups);
	KUNIT_ASSERT_NOT_NULL(test, gi);
	for (i = 0; i < ngroups; i++)
		gi->gid[i] = make_kgid(&init_user_ns, 10000 + i);
	groups_sort(gi);
	set_groups(new, gi);
	put_group_info(gi);
	return new;
}

/*
 * Runs the rest of the test as @uid, with every capability when @admin,
 * with none otherwise.  Returns the credentials for revert_creds().
 */
const struct cred *become(struct kunit *test, uid_t uid, bool admin)
{
	struct cred *new = user_cred(test, uid, 0);
	const struct cred *old;

	if (!admin) {
		new->cap_effective = CAP_EMPTY_SET;
		new->cap_permitted = CAP_EMPTY_SET;
	}
	old = override_creds(new);
	put_cred(new);
	return old;
}

/* Hex digits to bytes; returns the byte count in *len. */
void unhex(const char *hex, u8 *out, size_t *len)
{
	size_t n = 0;

	for (; hex[0] && hex[1]; hex += 2)
		if (hex2bin(&out[n], hex, 1) == 0)
			n++;
	*len = n;
}

void expect_hex(struct kunit *test, const u8 *got, size_t len,
		const char *want)
{
	u8 buf[64];
	size_t n;

	KUNIT_ASSERT_LE(test, strlen(want) / 2, sizeof(buf));
	unhex(want, buf, &n);
	KUNIT_ASSERT_EQ(test, len, n);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(got, buf, n), 0, "want %s, got %*phN",
			    want, (int)len, got);
}

/*
 * @n pages holding @n pages' worth of @data, each the DATA buffer of
 * @b[i], as NFS holds a message; the caller frees them with __free_page().
 */
void page_data_buffers(struct kunit *test, struct page **pages, SecBuffer *b,
		       const u8 *data, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		memcpy(page_address(pages[i]), data + i * PAGE_SIZE,
		       PAGE_SIZE);
		b[i] = (SecBuffer){ PAGE_SIZE, SECBUFFER_DATA,
				    page_address(pages[i]) };
	}
}
