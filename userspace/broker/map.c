// SPDX-License-Identifier: GPL-2.0
/*
 * A client principal as a local account: the configuration's explicit
 * mappings and realm rules first, then krb5.conf's auth_to_local rules
 * (gss_localname(), which is krb5_aname_to_localname() for krb5), then
 * the account's uid, gid and groups from NSS.  An NTLM client,
 * DOMAIN\user, has rules of its own: map lines, then ntlm_domain.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "broker.h"
#include "../../ksecdd/packed.h"

static int copy(char *out, size_t len, const char *s, size_t n)
{
	if (!n || n >= len)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* NAME@REALM is NAME when NAME has one component and REALM is listed. */
static int strip_realm(const struct broker_config *c, const char *principal,
		       char *account, size_t len)
{
	const char *at = strrchr(principal, '@');
	size_t i, n;

	if (!at || memchr(principal, '/', at - principal))
		return -1;
	n = at - principal;
	if (c->realm && !strcmp(at + 1, c->realm))
		return copy(account, len, principal, n);
	for (i = 0; i < c->nstrip; i++)
		if (!strcmp(at + 1, c->strip_realms[i]))
			return copy(account, len, principal, n);
	return -1;
}

/**
 * broker_map_name() - the configuration's own mapping of a principal
 * @c: the configuration
 * @principal: "name@REALM", as gss_display_name() shows it
 * @account: receives the account
 * @len: room at @account
 *
 * Return: 0 if a "map" line or a realm rule names the account, -1 if
 * none does.
 */
int broker_map_name(const struct broker_config *c, const char *principal,
		    char *account, size_t len)
{
	size_t i;

	for (i = 0; i < c->nmaps; i++)
		if (!strcmp(c->maps[i].principal, principal))
			return copy(account, len, c->maps[i].account,
				    strlen(c->maps[i].account));
	return strip_realm(c, principal, account, len);
}

static int localname(gss_name_t name, char *account, size_t len)
{
	gss_buffer_desc buf = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	int ret;

	major = gss_localname(&minor, name, GSS_C_NO_OID, &buf);
	if (GSS_ERROR(major))
		return -1;
	ret = memchr(buf.value, '\0', buf.length) ? -1 :
	      copy(account, len, buf.value, buf.length);
	gss_release_buffer(&minor, &buf);
	return ret;
}

/**
 * broker_user_groups() - the groups of an account, its primary one too
 * @account: the account's name
 * @gid: its primary group
 * @groups: receives the groups, to be freed
 * @ngroups: receives their number
 *
 * Return: 0, or -1 with errno ENOMEM or E2BIG (more groups than a
 * packed context holds).
 */
int broker_user_groups(const char *account, gid_t gid, uint32_t **groups,
		       size_t *ngroups)
{
	int n = 32, i;
	gid_t *list = NULL, *bigger;

	for (;;) {
		bigger = realloc(list, n * sizeof(*list));
		if (!bigger) {
			free(list);
			errno = ENOMEM;
			return -1;
		}
		list = bigger;
		if (getgrouplist(account, gid, list, &n) >= 0)
			break;
		if (n > KSECDD_PACKED_GROUPS_MAX) {
			free(list);
			errno = E2BIG;
			return -1;
		}
	}
	/* gid_t and uint32_t are one type on Linux */
	*groups = malloc(n * sizeof(**groups) ?: 1);
	if (!*groups) {
		free(list);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++)
		(*groups)[i] = list[i];
	*ngroups = n;
	free(list);
	return 0;
}

static int lookup(const char *principal, const char *account,
		  struct broker_identity *id, char *error, size_t error_len)
{
	struct passwd pw, *found = NULL;
	char buf[4096];
	int err;

	err = getpwnam_r(account, &pw, buf, sizeof(buf), &found);
	if (!found) {
		snprintf(error, error_len,
			 "principal %s maps to '%s', no local account%s%s",
			 principal, account, err ? ": " : "",
			 err ? strerror(err) : "");
		errno = err == ENOMEM || err == ERANGE ? ENOMEM : ENOENT;
		return -1;
	}
	id->uid = pw.pw_uid;
	id->gid = pw.pw_gid;
	if (broker_user_groups(account, pw.pw_gid, &id->groups,
			       &id->ngroups)) {
		err = errno;
		snprintf(error, error_len, "the groups of '%s': %s", account,
			 err == E2BIG ? "more than a context holds (256)" :
					strerror(err));
		errno = err == ENOMEM ? ENOMEM : EPERM;
		return -1;
	}
	return 0;
}

/*
 * DOMAIN\\user of a listed domain is the account "user" in lower case:
 * NTLM compares domains and user names without case, and local account
 * names are lower case.
 */
static int ntlm_domain_rule(const struct broker_config *c, const char *name,
			    char *account, size_t len)
{
	const char *slash = strchr(name, '\\');
	size_t i, n;

	if (!slash || strchr(slash + 1, '\\'))
		return -1;
	n = slash - name;
	for (i = 0; i < c->nntlm_domains; i++) {
		if (strlen(c->ntlm_domains[i]) != n ||
		    strncasecmp(c->ntlm_domains[i], name, n))
			continue;
		if (copy(account, len, slash + 1, strlen(slash + 1)))
			return -1;
		for (; *account; account++)
			*account = tolower((unsigned char)*account);
		return 0;
	}
	return -1;
}

static int ntlm_account(const struct broker_config *c, const char *name,
			char *account, size_t len)
{
	size_t i;

	for (i = 0; i < c->nmaps; i++)
		if (!strcasecmp(c->maps[i].principal, name))
			return copy(account, len, c->maps[i].account,
				    strlen(c->maps[i].account));
	return ntlm_domain_rule(c, name, account, len);
}

/* The uid, gid and groups of the account @who maps to. */
static int identity(const char *who, struct broker_identity *id, char *error,
		    size_t error_len)
{
	if (lookup(who, id->account, id, error, error_len))
		return -1;
	if (id->uid == (uid_t)-1 || id->gid == (gid_t)-1) {
		snprintf(error, error_len, "account '%s' has id -1",
			 id->account);
		free(id->groups);
		id->groups = NULL;
		errno = EPERM;
		return -1;
	}
	return 0;
}

/**
 * broker_map_ntlm() - the local account of an NTLM client
 * @c: the configuration (map lines, ntlm_domain)
 * @name: the client as gss-ntlmssp names it, DOMAIN\\user
 * @id: receives the account, its uid, gid and groups (@id->groups to be
 *	freed)
 * @error: receives why there is none
 * @error_len: room at @error
 *
 * A "map" line naming @name (in any case) first, then the ntlm_domain
 * rule; krb5.conf's auth_to_local rules are Kerberos's and do not apply.
 *
 * Return: 0, or -1 with errno ENOMEM or another (the logon is refused).
 */
int broker_map_ntlm(const struct broker_config *c, const char *name,
		    struct broker_identity *id, char *error, size_t error_len)
{
	if (ntlm_account(c, name, id->account, sizeof(id->account))) {
		snprintf(error, error_len,
			 "NTLM user %s maps to no local account", name);
		errno = ENOENT;
		return -1;
	}
	return identity(name, id, error, error_len);
}

/**
 * broker_map_principal() - the local account of a client principal
 * @c: the configuration (map lines, realm rules, auth_to_local)
 * @name: the client's name, as the context has it
 * @principal: its display form
 * @id: receives the account, its uid, gid and groups (@id->groups to be
 *	freed)
 * @error: receives why there is none
 * @error_len: room at @error
 *
 * Return: 0, or -1 with errno ENOMEM or another (the logon is refused).
 */
int broker_map_principal(const struct broker_config *c, gss_name_t name,
			 const char *principal, struct broker_identity *id,
			 char *error, size_t error_len)
{
	if (broker_map_name(c, principal, id->account, sizeof(id->account)) &&
	    (!c->auth_to_local ||
	     localname(name, id->account, sizeof(id->account)))) {
		snprintf(error, error_len,
			 "principal %s maps to no local account", principal);
		errno = ENOENT;
		return -1;
	}
	return identity(principal, id, error, error_len);
}
