// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for ksecdd.  They live in a module of their own because
 * suites in a module run before that module's init: here ksecdd is fully
 * up before the first case starts.
 */

#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for ksecdd");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
