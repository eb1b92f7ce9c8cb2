// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file: "key = value" lines, '#' starts a comment.
 * ksecdd-broker(8) documents the keys.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "broker.h"

void broker_config_init(struct broker_config *c)
{
	memset(c, 0, sizeof(*c));
	c->auth_to_local = true;
	c->workers = 4;
	c->session_timeout = 60;
}

void broker_config_free(struct broker_config *c)
{
	size_t i;

	free(c->keytab);
	free(c->principal);
	free(c->realm);
	for (i = 0; i < c->nmaps; i++) {
		free(c->maps[i].principal);
		free(c->maps[i].account);
	}
	free(c->maps);
	for (i = 0; i < c->nstrip; i++)
		free(c->strip_realms[i]);
	free(c->strip_realms);
	free(c->ntlm_user_file);
	free(c->gss_mech_config);
	for (i = 0; i < c->nntlm_domains; i++)
		free(c->ntlm_domains[i]);
	free(c->ntlm_domains);
	free(c->child_path);
	broker_config_init(c);
}

static int fail(char *error, size_t len, const char *fmt, const char *arg)
{
	snprintf(error, len, fmt, arg);
	errno = EINVAL;
	return -1;
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

static int set_string(char **field, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

static int boolean(const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
	    !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int number(const char *v, unsigned int min, unsigned int max,
		  unsigned int *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

/* "map = PRINCIPAL ACCOUNT" */
static int add_map(struct broker_config *c, char *v, char *error,
		   size_t len)
{
	struct broker_map *maps;
	char *account = v + strcspn(v, " \t");

	if (!*account)
		return fail(error, len, "map: '%s' is not PRINCIPAL ACCOUNT",
			    v);
	*account++ = '\0';
	account = trim(account);
	if (!*account || strpbrk(account, " \t"))
		return fail(error, len, "map: '%s' is not PRINCIPAL ACCOUNT",
			    v);
	maps = realloc(c->maps, (c->nmaps + 1) * sizeof(*maps));
	if (!maps)
		return -1;
	c->maps = maps;
	maps[c->nmaps].principal = strdup(v);
	maps[c->nmaps].account = strdup(account);
	if (!maps[c->nmaps].principal || !maps[c->nmaps].account) {
		free(maps[c->nmaps].principal);
		free(maps[c->nmaps].account);
		return -1;
	}
	c->nmaps++;
	return 0;
}

static int add_word(char ***words, size_t *n, const char *v)
{
	char **list = realloc(*words, (*n + 1) * sizeof(*list));

	if (!list)
		return -1;
	*words = list;
	list[*n] = strdup(v);
	if (!list[*n])
		return -1;
	(*n)++;
	return 0;
}

/* Files the broker hands to MIT and gss-ntlmssp: absolute paths only. */
static int set_path(char **field, const char *k, const char *v, char *error,
		    size_t len)
{
	if (*v != '/')
		return fail(error, len, "%s: not an absolute path", k);
	return set_string(field, v);
}

static int setting(struct broker_config *c, const char *k, char *v,
		   char *error, size_t len)
{
	if (!strcmp(k, "keytab"))
		return set_string(&c->keytab, v);
	if (!strcmp(k, "principal"))
		return set_string(&c->principal, v);
	if (!strcmp(k, "realm"))
		return set_string(&c->realm, v);
	if (!strcmp(k, "map"))
		return add_map(c, v, error, len);
	if (!strcmp(k, "strip_realm"))
		return add_word(&c->strip_realms, &c->nstrip, v);
	if (!strcmp(k, "ntlm_user_file"))
		return set_path(&c->ntlm_user_file, k, v, error, len);
	if (!strcmp(k, "gss_mech_config"))
		return set_path(&c->gss_mech_config, k, v, error, len);
	if (!strcmp(k, "ntlm_domain"))
		return strpbrk(v, "\\ \t") ?
		       fail(error, len, "ntlm_domain: '%s' is not one name",
			    v) :
		       add_word(&c->ntlm_domains, &c->nntlm_domains, v);
	if (!strcmp(k, "auth_to_local"))
		return boolean(v, &c->auth_to_local) ?
		       fail(error, len, "auth_to_local: '%s' is not yes or no",
			    v) : 0;
	if (!strcmp(k, "allow_root_initiator"))
		return boolean(v, &c->allow_root_initiator) ?
		       fail(error, len,
			    "allow_root_initiator: '%s' is not yes or no",
			    v) : 0;
	if (!strcmp(k, "workers"))
		return number(v, 1, 256, &c->workers) ?
		       fail(error, len, "workers: '%s' is not 1 to 256", v) :
		       0;
	if (!strcmp(k, "session_timeout"))
		return number(v, 1, 86400, &c->session_timeout) ?
		       fail(error, len,
			    "session_timeout: '%s' is not 1 to 86400 seconds",
			    v) : 0;
	return fail(error, len, "unknown key '%s'", k);
}

/**
 * broker_config_line() - apply one line of the configuration file
 * @c: the configuration
 * @line: "key = value", a comment or a blank line
 * @error: receives what is wrong with the line
 * @error_len: room at @error
 *
 * Return: 0, or -1 with errno EINVAL (@error set) or ENOMEM.
 */
int broker_config_line(struct broker_config *c, const char *line,
		       char *error, size_t error_len)
{
	char *copy = strdup(line), *k, *v, *eq;
	int ret;

	if (!copy)
		return -1;
	copy[strcspn(copy, "#\n")] = '\0';
	k = trim(copy);
	ret = 0;
	if (*k) {
		eq = strchr(k, '=');
		if (!eq) {
			ret = fail(error, error_len, "'%s' is not key = value",
				   k);
		} else {
			*eq = '\0';
			v = trim(eq + 1);
			k = trim(k);
			ret = *v ? setting(c, k, v, error, error_len) :
				   fail(error, error_len, "%s: no value", k);
		}
	}
	free(copy);
	return ret;
}

/**
 * broker_config_load() - read a configuration file
 * @c: the configuration, initialised; lines apply in order
 * @path: the file
 * @error: receives "file:line: what is wrong"
 * @error_len: room at @error
 *
 * Return: 0, or -1 with errno (ENOENT for a missing file).
 */
int broker_config_load(struct broker_config *c, const char *path,
		       char *error, size_t error_len)
{
	char *line = NULL, why[256];
	size_t cap = 0;
	int n = 0, ret = 0, err;
	FILE *f = fopen(path, "re");

	if (!f) {
		err = errno;
		snprintf(error, error_len, "%s: %s", path, strerror(err));
		errno = err;
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		n++;
		if (broker_config_line(c, line, why, sizeof(why))) {
			err = errno;
			snprintf(error, error_len, "%s:%d: %s", path, n,
				 err == EINVAL ? why : strerror(err));
			errno = err;
			ret = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return ret;
}

/*
 * Where MIT's GSS-API finds its mechanisms and gss-ntlmssp its users
 * comes from the configuration alone, never from whatever environment
 * started the broker: without gss_mech_config MIT reads /etc/gss/mech
 * and /etc/gss/mech.d, without ntlm_user_file no NTLM user is known.
 */
static int set_or_unset(const char *name, const char *value)
{
	return value ? setenv(name, value, 1) : unsetenv(name);
}

/**
 * broker_config_environment() - the environment MIT and gss-ntlmssp read
 * @c: the configuration
 *
 * Call before any GSS-API call, while the process has one thread.
 *
 * Return: 0, or -1 with errno.
 */
int broker_config_environment(const struct broker_config *c)
{
	if (set_or_unset("GSS_MECH_CONFIG", c->gss_mech_config) ||
	    set_or_unset("NTLM_USER_FILE", c->ntlm_user_file))
		return -1;
	return 0;
}
