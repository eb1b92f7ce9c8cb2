// SPDX-License-Identifier: GPL-2.0
/*
 * Raw packed contexts from a text description, for privileged daemons
 * that finish a handshake in userspace.  The description is one
 * "name = value" per line ('#' starts a comment); ksecctl(8) documents
 * the names.  The blob is encoded by the module's own codec, so what is
 * built here is what the kernel decodes.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libksecdd.h"
#include "internal.h"

struct desc {
	struct ksecdd_packed_ctx ctx;
	char client[KSECDD_PACKED_NAME_MAX + 1];
	char server[KSECDD_PACKED_NAME_MAX + 1];
	bool has_package, has_send_initial, has_recv_initial;
	char *error;
	size_t error_len;
	int line;
};

static int fail(struct desc *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(d->error, d->error_len, "line %d: ", d->line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < d->error_len)
		vsnprintf(d->error + n, d->error_len - n, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static int number(struct desc *d, const char *v, uint64_t max, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(v, &end, 0);
	if (errno || end == v || *end || *v == '-' || *out > max)
		return fail(d, "'%s' is not a number up to %llu", v,
			    (unsigned long long)max);
	return 0;
}

static int hex(struct desc *d, const char *v, u8 *out, size_t len)
{
	size_t i;

	if (strlen(v) != 2 * len)
		return fail(d, "expected %zu hex digits", 2 * len);
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)v[2 * i]) ||
		    !isxdigit((unsigned char)v[2 * i + 1]) ||
		    sscanf(v + 2 * i, "%2hhx", &out[i]) != 1)
			return fail(d, "'%s' is not hex", v);
	return 0;
}

static int time_value(struct desc *d, const char *v, s64 *out)
{
	uint64_t n;

	if (!strcmp(v, "never")) {
		*out = KSECDD_PACKED_NEVER;
		return 0;
	}
	if (!strcmp(v, "now")) {
		*out = time(NULL);
		return 0;
	}
	if (*v == '+') {
		if (number(d, v + 1, INT32_MAX, &n))
			return -1;
		*out = time(NULL) + n;
		return 0;
	}
	if (number(d, v, INT64_MAX, &n))
		return -1;
	*out = n;
	return 0;
}

static int groups(struct desc *d, const char *v)
{
	struct ksecdd_packed_ctx *c = &d->ctx;
	char *copy = strdup(v), *tok, *save;
	uint64_t n;
	int err = 0;

	if (!copy)
		return fail(d, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		if (c->ngroups == KSECDD_PACKED_GROUPS_MAX) {
			err = fail(d, "more than %d groups",
				   KSECDD_PACKED_GROUPS_MAX);
			break;
		}
		err = number(d, tok, UINT32_MAX - 1, &n);
		if (!err)
			c->groups[c->ngroups++] = n;
	}
	free(copy);
	c->has_identity = true;
	return err;
}

static int name_value(struct desc *d, char *buf, const char **name,
		      u32 *len, const char *v)
{
	size_t n = strlen(v);

	if (n > KSECDD_PACKED_NAME_MAX)
		return fail(d, "name longer than %d bytes",
			    KSECDD_PACKED_NAME_MAX);
	memcpy(buf, v, n + 1);
	*name = buf;
	*len = n;
	return 0;
}

static int common(struct desc *d, const char *k, const char *v)
{
	struct ksecdd_packed_ctx *c = &d->ctx;
	uint64_t n;
	int id;

	if (!strcmp(k, "package")) {
		id = ksecdd_packed_package_id(v);
		if (id < 0)
			return fail(d, "no package '%s'", v);
		c->package = id;
		d->has_package = true;
	} else if (!strcmp(k, "role")) {
		if (!strcmp(v, "initiator"))
			c->role = KSECDD_ROLE_INITIATOR;
		else if (!strcmp(v, "acceptor"))
			c->role = KSECDD_ROLE_ACCEPTOR;
		else
			return fail(d, "role is initiator or acceptor");
	} else if (!strcmp(k, "flags")) {
		if (number(d, v, UINT32_MAX, &n))
			return -1;
		c->flags = n;
	} else if (!strcmp(k, "start")) {
		return time_value(d, v, &c->start);
	} else if (!strcmp(k, "expiry")) {
		return time_value(d, v, &c->expiry);
	} else if (!strcmp(k, "client")) {
		return name_value(d, d->client, &c->client_name,
				  &c->client_name_len, v);
	} else if (!strcmp(k, "server")) {
		return name_value(d, d->server, &c->server_name,
				  &c->server_name_len, v);
	} else if (!strcmp(k, "uid") || !strcmp(k, "gid")) {
		if (number(d, v, UINT32_MAX - 1, &n))
			return -1;
		*(k[0] == 'u' ? &c->uid : &c->gid) = n;
		c->has_identity = true;
	} else if (!strcmp(k, "groups")) {
		return groups(d, v);
	} else {
		return 1;
	}
	return 0;
}

static int krb5(struct desc *d, const char *k, const char *v)
{
	struct ksecdd_packed_krb5 *c = &d->ctx.krb5;
	uint64_t n;
	size_t len;

	if (!strcmp(k, "enctype")) {
		if (number(d, v, UINT32_MAX, &n))
			return -1;
		c->enctype = n;
		return 0;
	}
	len = ksecdd_krb5_key_len(c->enctype);
	if (!strcmp(k, "key") || !strcmp(k, "acceptor-subkey")) {
		if (!len)
			return fail(d, "set enctype (17-20) before keys");
		if (k[0] == 'a')
			c->flags |= KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
		return hex(d, v, k[0] == 'k' ? c->key : c->acceptor_subkey,
			   len);
	}
	if (strcmp(k, "send-seq") && strcmp(k, "send-seq-initial") &&
	    strcmp(k, "recv-seq") && strcmp(k, "recv-seq-initial"))
		return 1;
	if (number(d, v, UINT64_MAX, &n))
		return -1;
	if (!strcmp(k, "send-seq")) {
		c->send_seq = n;
	} else if (!strcmp(k, "recv-seq")) {
		c->recv_seq = n;
	} else if (k[0] == 's') {
		c->send_seq_initial = n;
		d->has_send_initial = true;
	} else {
		c->recv_seq_initial = n;
		d->has_recv_initial = true;
	}
	return 0;
}

static int ntlm(struct desc *d, const char *k, const char *v)
{
	struct ksecdd_packed_ntlm *c = &d->ctx.ntlm;
	static const struct { const char *name; size_t off; } keys[] = {
		{ "session-key", offsetof(struct ksecdd_packed_ntlm,
					  session_key) },
		{ "client-sign-key", offsetof(struct ksecdd_packed_ntlm,
					      client.sign_key) },
		{ "client-seal-key", offsetof(struct ksecdd_packed_ntlm,
					      client.seal_key) },
		{ "server-sign-key", offsetof(struct ksecdd_packed_ntlm,
					      server.sign_key) },
		{ "server-seal-key", offsetof(struct ksecdd_packed_ntlm,
					      server.seal_key) },
	};
	uint64_t n;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(k, keys[i].name))
			return hex(d, v, (u8 *)c + keys[i].off,
				   KSECDD_NTLM_KEY_LEN);
	if (strcmp(k, "negotiate-flags") && strcmp(k, "client-seq") &&
	    strcmp(k, "server-seq"))
		return 1;
	if (number(d, v, UINT32_MAX, &n))
		return -1;
	if (k[0] == 'n')
		c->negotiate_flags = n;
	else
		*(k[0] == 'c' ? &c->client.seq : &c->server.seq) = n;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int line(struct desc *d, char *text)
{
	char *eq, *k, *v;
	int ret;

	text[strcspn(text, "#")] = '\0';
	text = trim(text);
	if (!*text)
		return 0;
	eq = strchr(text, '=');
	if (!eq)
		return fail(d, "expected name = value");
	*eq = '\0';
	k = trim(text);
	v = trim(eq + 1);
	ret = common(d, k, v);
	if (ret <= 0)
		return ret;
	if (!d->has_package)
		return fail(d, "'%s' before package", k);
	ret = d->ctx.package == KSECDD_PACKAGE_KERBEROS ? krb5(d, k, v) :
							  ntlm(d, k, v);
	return ret > 0 ? fail(d, "unknown name '%s'", k) : ret;
}

/*
 * The one place raw blobs are encoded, for descriptions and for lucid
 * contexts alike (lucid.c).  Return: 0, or -1 with errno EINVAL (the
 * codec refused the context) or ENOMEM.
 */
int ksecdd_raw_encode(const struct ksecdd_packed_ctx *ctx, void **blob,
		      size_t *len)
{
	size_t n = ksecdd_packed_len(ctx);
	void *buf = malloc(n);

	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	if (ksecdd_packed_encode(ctx, buf, n)) {
		explicit_bzero(buf, n);
		free(buf);
		errno = EINVAL;
		return -1;
	}
	*blob = buf;
	*len = n;
	return 0;
}

/**
 * ksecdd_raw_from_text() - build a raw packed context from a description
 * @text: the description
 * @blob: receives the blob, to be freed with free()
 * @len: receives its length
 * @error: receives a message naming the line at fault
 * @error_len: room at @error
 *
 * Return: 0, or -1 with errno EINVAL (and @error set) or ENOMEM.
 */
int ksecdd_raw_from_text(const char *text, void **blob, size_t *len,
			 char *error, size_t error_len)
{
	struct desc *d = calloc(1, sizeof(*d));
	char *copy = strdup(text), *cur, *next;
	int ret = -1;

	if (!d || !copy) {
		errno = ENOMEM;
		goto out;
	}
	d->error = error;
	d->error_len = error_len;
	d->ctx.expiry = KSECDD_PACKED_NEVER;
	for (cur = copy; cur; cur = next) {
		next = strchr(cur, '\n');
		if (next)
			*next++ = '\0';
		d->line++;
		if (line(d, cur))
			goto out;
	}
	if (!d->has_package) {
		fail(d, "no package");
		goto out;
	}
	if (d->ctx.package == KSECDD_PACKAGE_KERBEROS) {
		if (!d->has_send_initial)
			d->ctx.krb5.send_seq_initial = d->ctx.krb5.send_seq;
		if (!d->has_recv_initial)
			d->ctx.krb5.recv_seq_initial = d->ctx.krb5.recv_seq;
	}
	if (ksecdd_raw_encode(&d->ctx, blob, len)) {
		if (errno == EINVAL) {
			d->line = 0;
			fail(d, "not a valid context (names, times, enctype, groups)");
		}
		goto out;
	}
	ret = 0;
out:
	/* the description and the decoded context both hold key material */
	if (copy)
		explicit_bzero(copy, strlen(text));
	free(copy);
	if (d)
		explicit_bzero(d, sizeof(*d));
	free(d);
	return ret;
}
