// SPDX-License-Identifier: GPL-2.0
/*
 * The one file that instantiates ksecdd's trace events (trace.h).
 */

#define CREATE_TRACE_POINTS
#include "trace.h"
