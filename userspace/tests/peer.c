// SPDX-License-Identifier: GPL-2.0
/*
 * The host peers' shared helpers: see peer.h.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer.h"

bool tap_failed;
static int tap_number;

void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	tap_failed |= !ok;
}

unsigned char *unhex(const char *hex, size_t *len)
{
	size_t i, n = strlen(hex);
	unsigned char *out;

	if (n % 2 || !n)
		return NULL;
	out = malloc(n / 2);
	for (i = 0; out && i < n / 2; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1) {
			free(out);
			return NULL;
		}
	*len = n / 2;
	return out;
}

/* Every message of @code, joined by "; ", cut to @len. */
void gss_status_text(OM_uint32 code, int type, char *buf, size_t len)
{
	OM_uint32 minor, more = 0;
	gss_buffer_desc text;
	size_t n = 0;
	int ret;

	buf[0] = '\0';
	do {
		if (GSS_ERROR(gss_display_status(&minor, code, type,
						 GSS_C_NO_OID, &more, &text)))
			break;
		ret = snprintf(buf + n, len - n, "%s%.*s", n ? "; " : "",
			       (int)text.length, (char *)text.value);
		gss_release_buffer(&minor, &text);
		if (ret < 0 || (size_t)ret >= len - n)
			break;
		n += ret;
	} while (more);
}
