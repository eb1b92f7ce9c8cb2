#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The trace events and counters of Documentation/observability.rst, from
# the shell: a context pair signs and verifies, a replayed MIC and a
# forged one are refused, the contexts are revoked and invalidated; each
# step leaves its events, and the counters move by what it did.  As an unprivileged user only the counters are readable.  TAP.

n=0 failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

stats=/sys/class/misc/ksecdd/stats
tracing=/sys/kernel/tracing
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# counter FILE SCOPE NAME: a counter as FILE, a copy of $stats, has it
counter() {
	awk -v s="$2" -v c="$3" '$1 == s && $2 == c { print $3 }' "$1"
}
# delta SCOPE NAME WANT: the counter moved by WANT since $tmp/before
delta() {
	cat "$stats" >"$tmp/after"
	b=$(counter "$tmp/before" "$1" "$2")
	a=$(counter "$tmp/after" "$1" "$2")
	echo "# $1 $2: $b -> $a, want +$3"
	[ -n "$a" ] && [ -n "$b" ] && [ $((a - b)) = "$3" ]
	ok $? "$1 $2 +$3"
}
# event PATTERN NAME: the trace has a line matching PATTERN
event() {
	grep -E "$1" "$tracing/trace" | sed 's/^/# /' | grep -q .
	ok $? "$2"
}

echo "TAP version 13"
echo "1..19"
head -n 1 "$stats" | grep -q '^Kerberos imports [0-9][0-9]*$'
ok $? "$stats is readable as $(id -un)"
ksecctl --json stats | grep -q '"NTLM": {"imports": [0-9]*, "live"'
ok $? "ksecctl --json stats"

if [ "$(id -u)" != 0 ]; then
	for i in $(seq 3 19); do
		echo "ok $i # SKIP the events and contexts need root"
	done
	exit $((failed != 0))
fi
grep -q " $tracing tracefs " /proc/mounts || mount -t tracefs nodev $tracing
if [ ! -d $tracing/events/ksecdd ]; then
	for i in $(seq 3 19); do
		echo "ok $i # SKIP no $tracing/events/ksecdd"
	done
	exit $((failed != 0))
fi

cat >"$tmp/ctx" <<DESC
package = Kerberos
role = acceptor
flags = 0x1001e
expiry = +3600
client = bob@EXAMPLE.COM
uid = 0
gid = 0
enctype = 18
key = 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
DESC
ksecctl build "$tmp/ctx" >"$tmp/acc.raw" &&
	sed 's/^role = acceptor/role = initiator/' "$tmp/ctx" |
	ksecctl build >"$tmp/ini.raw"
ok $? "build an acceptor and an initiator"

cat "$stats" >"$tmp/before"
echo >"$tracing/trace"
echo 1 >"$tracing/events/ksecdd/enable"
acc=$(ksecctl import "$tmp/acc.raw")
ini=$(ksecctl import "$tmp/ini.raw")
echo "hello" >"$tmp/msg"
ksecctl sign "$ini" "$tmp/msg" >"$tmp/mic"
ksecctl verify "$acc" "$tmp/mic" "$tmp/msg"
ok $? "sign and verify"
! ksecctl verify "$acc" "$tmp/mic" "$tmp/msg" 2>/dev/null
ok $? "the replayed MIC is refused"
ksecctl sign "$ini" "$tmp/msg" >"$tmp/mic2"
# the last byte of the checksum, flipped
size=$(wc -c <"$tmp/mic2")
head -c $((size - 1)) "$tmp/mic2" >"$tmp/forged"
last=$(tail -c 1 "$tmp/mic2" | od -An -tu1 | tr -d ' ')
# shellcheck disable=SC2059
printf "$(printf '\\%03o' $((last ^ 1)))" >>"$tmp/forged"
! ksecctl verify "$acc" "$tmp/forged" "$tmp/msg" 2>/dev/null
ok $? "the forged MIC is refused"
echo 0 >"$tracing/events/ksecdd/enable"

s=${acc%%:*}
event "ksecdd_context_import: serial=$s package=Kerberos role=acceptor\$" \
	"ksecdd_context_import of the acceptor"
event "ksecdd_out_of_sequence: serial=$s package=Kerberos seq=0 next=1\$" \
	"ksecdd_out_of_sequence: the replay's number and the one expected"
event "ksecdd_message_altered: serial=$s package=Kerberos seq=1 next=1\$" \
	"ksecdd_message_altered: the forgery's number"
delta Kerberos imports 2
delta Kerberos live 2
delta Kerberos signed 2
delta Kerberos verified 1
delta refused SEC_E_OUT_OF_SEQUENCE 1
delta refused SEC_E_MESSAGE_ALTERED 1

# the keyring's events: revoke, the collector, delete
cat "$stats" >"$tmp/before"
echo >"$tracing/trace"
echo 1 >"$tracing/events/ksecdd/enable"
keyctl revoke "$s"
ok $? "keyctl revoke the acceptor"
keyctl invalidate "${ini%%:*}"
ok $? "keyctl invalidate the initiator"
i=0
while ! grep -q "ksecdd_context_collect: serial=${ini%%:*} " \
	"$tracing/trace" && [ $i -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done
echo 0 >"$tracing/events/ksecdd/enable"
event "ksecdd_context_revoke: serial=$s package=Kerberos" \
	"ksecdd_context_revoke"
event "ksecdd_context_collect: serial=${ini%%:*} package=Kerberos" \
	"ksecdd_context_collect of the invalidated initiator"
exit $((failed != 0))
