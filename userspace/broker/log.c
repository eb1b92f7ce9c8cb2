// SPDX-License-Identifier: GPL-2.0
/*
 * The broker's log: stderr (what systemd's journal takes) or syslog.
 */

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "broker.h"

static bool use_syslog;
static bool debug;

void broker_log_syslog(void)
{
	openlog("ksecdd-broker", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	use_syslog = true;
}

void broker_log_debug(bool on)
{
	debug = on;
}

void broker_log(int priority, const char *fmt, ...)
{
	static const char *const names[] = {
		[LOG_ERR] = "error", [LOG_WARNING] = "warning",
		[LOG_NOTICE] = "notice", [LOG_INFO] = "info",
		[LOG_DEBUG] = "debug",
	};
	char line[2048];
	va_list ap;

	if (priority == LOG_DEBUG && !debug)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (use_syslog) {
		syslog(priority, "%s", line);
		return;
	}
	/* one write per line: threads do not interleave within one */
	fprintf(stderr, "ksecdd-broker: %s: %s\n",
		priority <= LOG_DEBUG && names[priority] ? names[priority] :
							     "error",
		line);
}
