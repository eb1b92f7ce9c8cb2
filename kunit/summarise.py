#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the rig's raw output into one verdict.

Reads, for each guest run, the result channel (sections written by
kunit/qemu/guest-init) and the serial console; and the static checks
recorded by kunit/check.  Writes every test with its suite and verdict,
and the kernel reports found on each console counted by kind, to a JSON
file; prints a table of suites and ends with the line
"N passed, N failed".

usage: summarise.py OUT.json STATIC.jsonl [RUN:RESULTS:CONSOLE]...

A run with an empty CONSOLE is the host's: its sections are read, there
is no console to scan.
"""

import json
import re
import sys

# First match wins, so a line is counted once, under its most specific kind.
REPORT_KINDS = [
    ("kasan", re.compile(r"BUG: KASAN:")),
    ("kfence", re.compile(r"BUG: KFENCE:")),
    ("ubsan", re.compile(r"UBSAN:")),
    ("lockdep", re.compile(
        r"WARNING: (possible circular locking|possible recursive locking|"
        r"inconsistent lock state|suspicious RCU usage|held lock freed|"
        r"bad unlock balance|lock held when returning|"
        r"possible irq lock inversion|.*-safe -> .*-unsafe lock order)|"
        r"INFO: possible irq lock inversion|"
        r"BUG: sleeping function called|BUG: (spinlock|rwlock) ")),
    ("oops", re.compile(r"Oops: |general protection fault|"
                        r"BUG: kernel NULL pointer|BUG: unable to handle")),
    ("panic", re.compile(r"Kernel panic - not syncing")),
    ("warning", re.compile(r"WARNING: CPU: \d+ PID: \d+")),
    ("bug", re.compile(r"kernel BUG at |BUG: ")),
]

RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)")


def kmemleak_leaks(lines):
    """Objects kmemleak reports, less those the kernel allocated while
    booting (under start_kernel(), before any module could load): the
    test kernel's ACPI keeps early caches that kmemleak cannot see
    referenced.  Every other object counts, whoever allocated it."""
    objects = []
    for line in lines:
        if "unreferenced object" in line:
            objects.append([])
        elif objects:
            objects[-1].append(line)
    return sum(1 for o in objects if not any("start_kernel+" in l for l in o))


def console_reports(path):
    counts = {kind: 0 for kind, _ in REPORT_KINDS}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return counts
    for line in lines:
        for kind, pattern in REPORT_KINDS:
            if pattern.search(line):
                counts[kind] += 1
                break
    return counts


def verdict_of(okness, directive):
    if directive and directive.upper().startswith("SKIP"):
        return "skip"
    return "pass" if okness == "ok" else "fail"


def parse_tap(lines, indent):
    """Results and plan at one indentation level of a (K)TAP document."""
    tests, plan = [], None
    for line in lines:
        m = PLAN.match(line)
        if m and len(m.group(1)) == indent and plan is None:
            plan = int(m.group(2))
            continue
        m = RESULT.match(line)
        if m and len(m.group(1)) == indent:
            tests.append((m.group(4), verdict_of(m.group(2), m.group(5))))
    return tests, plan


def with_missing(tests, plan, what):
    """Tests a plan promised but that never reported crashed: failures."""
    if plan is not None:
        for i in range(len(tests), plan):
            tests.append((f"{what} #{i + 1} (no result)", "fail"))
    return tests


def read_sections(path):
    sections, done, current = [], False, None
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return sections, done
    for line in lines:
        if line.startswith("#ksecdd section "):
            kind, _, name = line[len("#ksecdd section "):].partition(" ")
            current = {"kind": kind, "name": name, "lines": [], "exit": None}
            sections.append(current)
        elif line.startswith("#ksecdd exit ") and current:
            current["exit"] = int(line.split()[2])
        elif line.strip() == "#ksecdd done":
            done = True
        elif current is not None:
            current["lines"].append(line)
    return sections, done


def guest_tests(run, results, console):
    tests = []

    def add(suite, name, verdict):
        tests.append({"run": run, "suite": suite, "name": name,
                      "verdict": verdict})

    sections, done = read_sections(results)
    leaks = 0
    for sec in sections:
        kind, name, lines = sec["kind"], sec["name"], sec["lines"]
        if kind == "step":
            add("guest", name, "pass" if sec["exit"] == 0 else "fail")
        elif kind == "kunit":
            cases, plan = parse_tap(lines, 4)
            for case, verdict in with_missing(cases, plan, name):
                add(name, case, verdict)
            if plan is None:
                add(name, "ktap", "fail")
        elif kind == "tap":
            cases, plan = parse_tap(lines, 0)
            cases = with_missing(cases, plan, name)
            for case, verdict in cases:
                add(name, case, verdict)
            failed = any(v == "fail" for _, v in cases)
            if plan is None or (sec["exit"] != 0 and not failed):
                add(name, f"exit status {sec['exit']}", "fail")
        elif kind == "kmemleak":
            leaks = kmemleak_leaks(lines)
            add("guest", "kmemleak", "pass" if leaks == 0 else "fail")
    if not console:
        # host tests: no kernel, no console, and nothing to run to its end
        return tests, None
    add("guest", "guest ran to its end", "pass" if done else "fail")

    reports = console_reports(console)
    add("guest", "no kernel reports on the console",
        "pass" if sum(reports.values()) == 0 else "fail")
    # kmemleak's own list, not the console's count of it, says what leaked
    reports["kmemleak"] = leaks
    return tests, reports


def main(argv):
    out, static = argv[1], argv[2]
    tests, reports = [], {}
    with open(static) as f:
        tests += [json.loads(line) for line in f if line.strip()]
    for spec in argv[3:]:
        run, results, console = spec.split(":")
        t, r = guest_tests(run, results, console)
        tests += t
        if r is not None:
            reports[run] = r

    passed = sum(1 for t in tests if t["verdict"] == "pass")
    failed = sum(1 for t in tests if t["verdict"] == "fail")
    skipped = sum(1 for t in tests if t["verdict"] == "skip")
    with open(out, "w") as f:
        json.dump({"tests": tests, "reports": reports, "passed": passed,
                   "failed": failed, "skipped": skipped}, f, indent=1)

    suites = {}
    for t in tests:
        key = (t["run"], t["suite"])
        s = suites.setdefault(key, {"pass": 0, "fail": 0, "skip": 0})
        s[t["verdict"]] += 1
    for (run, suite), s in suites.items():
        mark = "FAIL" if s["fail"] else "ok  "
        print(f"{mark} {run:<15} {suite:<28} pass {s['pass']:>3}  "
              f"fail {s['fail']:>3}  skip {s['skip']:>3}")
    for t in tests:
        if t["verdict"] == "fail":
            print(f"FAILED: {t['run']} / {t['suite']} / {t['name']}")
    for run, r in reports.items():
        found = ", ".join(f"{k} {n}" for k, n in r.items() if n)
        print(f"kernel reports ({run}): {found or 'none'}")
    print(f"results: {out}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
