#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ksecctl from the shell, as root and as an unprivileged user: output,
# exit codes and the status names in its messages.  Prints TAP.

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

# expect STATUS PATTERN NAME CMD...: CMD exits STATUS, output matches
expect() {
	want=$1 pattern=$2 name=$3
	shift 3
	out=$("$@" 2>&1)
	got=$?
	echo "$out" | sed 's/^/# /'
	[ "$got" = "$want" ] && echo "$out" | grep -q -- "$pattern"
	ok $? "$name"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/ctx" <<DESC
package = Kerberos
role = acceptor
flags = 0x1001e
expiry = +3600
client = bob@EXAMPLE.COM
uid = $(id -u)
gid = $(id -g)
enctype = 17
key = 00112233445566778899aabbccddeeff
DESC

echo "TAP version 13"
echo "1..20"
expect 0 "^Kerberos .*caps 0x73bb7" "packages" ksecctl packages
expect 0 '"name": "NTLM"' "packages --json" ksecctl --json packages
expect 2 "usage:" "no command" ksecctl
expect 2 "a handle is SERIAL:TAG" "bad handle" ksecctl query nonsense names
expect 1 "line 2: unknown name 'colour'" "build names the bad line" \
	sh -c 'printf "package = NTLM\ncolour = blue\n" | ksecctl build'
ksecctl build "$tmp/ctx" >"$tmp/raw"
ok $? "build"

if [ "$(id -u)" != 0 ]; then
	expect 1 "SEC_E_NOT_OWNER (0x80090306)" "raw import refused" \
		ksecctl import "$tmp/raw"
	for i in 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		echo "ok $i # SKIP raw import needs CAP_SYS_ADMIN"
	done
	exit $((failed != 0))
fi

h=$(ksecctl import "$tmp/raw")
ok $? "import prints a handle ($h)"
expect 0 "^bob@EXAMPLE.COM$" "query names" ksecctl query "$h" names
expect 0 '"flags": "0x1001e"' "query --json flags" ksecctl --json query "$h" flags
ksecctl list | grep -q "^${h%%:*} Kerberos:"
ok $? "list shows the context"
keyctl show @s | grep -Eq "(^| )${h%%:*} .*\.ksecdd: Kerberos:"
ok $? "keyctl show @s shows the context"
ksecctl export --delete-old "$h" >"$tmp/sealed" && [ -s "$tmp/sealed" ]
ok $? "export --delete-old"
expect 1 "SEC_E_INVALID_HANDLE (0x80090301): no such context" \
	"the exported context is gone" ksecctl delete "$h"

# Messages between the acceptor and an initiator of the same keys.
acc=$(ksecctl import "$tmp/raw")
sed 's/^role = acceptor/role = initiator/' "$tmp/ctx" | ksecctl build |
	ksecctl import >"$tmp/ini"
ok $? "import an initiator"
ini=$(cat "$tmp/ini")
echo "hello from the initiator" >"$tmp/msg"
ksecctl sign "$ini" "$tmp/msg" >"$tmp/mic" && [ "$(wc -c <"$tmp/mic")" = 28 ]
ok $? "sign writes a 28-byte MIC"
expect 0 "" "verify" ksecctl verify "$acc" "$tmp/mic" "$tmp/msg"
expect 1 "SEC_E_OUT_OF_SEQUENCE (0x80090310)" "replayed MIC refused" \
	ksecctl verify "$acc" "$tmp/mic" "$tmp/msg"
ksecctl encrypt "$acc" "$tmp/msg" >"$tmp/wrap" &&
	! grep -q "hello" "$tmp/wrap"
ok $? "encrypt hides the message"
ksecctl decrypt "$ini" "$tmp/wrap" | cmp -s - "$tmp/msg"
ok $? "decrypt gives it back"
ksecctl encrypt --no-encrypt "$acc" "$tmp/msg" >"$tmp/wrapi"
expect 0 "signed, not encrypted" "decrypt a signed-only message" \
	ksecctl decrypt "$ini" "$tmp/wrapi"
ksecctl delete "$acc" && ksecctl delete "$ini"
exit $((failed != 0))
