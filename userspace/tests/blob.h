/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files the host's peers (krb5_peer, ntlm_peer) prepared for the
 * interop tests in the guest: contexts and tokens, each read whole.
 */
#ifndef KSECDD_TESTS_BLOB_H
#define KSECDD_TESTS_BLOB_H

#include <stdio.h>
#include <stdlib.h>

/* No prepared file is larger: a token of the largest message. */
#define BLOB_MAX	65536

struct blob {
	unsigned char *data;
	size_t len;
};

static inline int load(const char *dir, const char *name, struct blob *b)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	b->data = malloc(BLOB_MAX);
	b->len = b->data ? fread(b->data, 1, BLOB_MAX, f) : 0;
	fclose(f);
	return b->len ? 0 : -1;
}

static inline void unload(struct blob *b)
{
	free(b->data);
	b->data = NULL;
}

#endif /* KSECDD_TESTS_BLOB_H */
