# SPDX-License-Identifier: GPL-2.0
# Shared by the rig's scripts: where things are.

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KSECDD_BUILD:-$top/build}

# The kernel Debian 12 users run: what linux-image-amd64 points at.
debian_kver() {
	dpkg-query -W -f='${Depends}' linux-image-amd64 |
		sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p'
}

# Copy the module sources into a build directory of their own, so that
# builds against different kernels never share objects.
stage_module_sources() {
	mkdir -p "$1"
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		"$top/Kbuild" "$top/ksecdd" "$top/include" "$top/compat" "$1/"
	mkdir -p "$1/kunit"
	rsync -a "$top/kunit/Kbuild" "$top/kunit/"*.[ch] "$1/kunit/"
}

# The samples, beside the module sources they include headers from.
stage_sample_sources() {
	mkdir -p "$1/samples"
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		"$top/samples/" "$1/samples/"
}

# Distribution modules the guest on Debian's kernel needs: Debian builds
# part of the crypto ksecdd uses as modules.  libchacha20poly1305 (the
# sealing AEAD) brings what modules.dep says it needs: libchacha and the
# x86 ChaCha and Poly1305 code.
debian_modules="cts sha512_generic libarc4 aesni-intel libchacha20poly1305"

# mkinitramfs arguments that take those modules from Debian's tree
debian_initramfs_args() {
	kver=$(debian_kver)
	printf -- '-k %s -m /lib/modules/%s' "$kver" "$kver"
	for m in $debian_modules; do
		printf -- ' -x %s' "$m"
	done
}

# MIT krb5 in the guest, for the handshake tests (kunit/qemu/guest-handshake):
# the KDC with its plugins, the credential tools, the unmodified GSS
# sample programs, and the realm kunit/krb5-realm guest made in $1.
# ksecdd-broker joins them where it was built.
mit_programs="/usr/sbin/krb5kdc /usr/bin/kinit /usr/bin/klist /usr/bin/kdestroy
	/usr/bin/kvno /usr/bin/gss-client /usr/bin/gss-server"
handshake_initramfs_args() {
	for p in $mit_programs; do
		printf -- ' -b %s' "$p"
	done
	find /usr/lib/x86_64-linux-gnu/krb5/plugins -name '*.so' |
		while read -r p; do printf -- ' -p %s' "$p"; done
	# the KDC's event loop: libverto opens its backend beside itself
	printf -- ' -p %s' /lib/x86_64-linux-gnu/libverto-libev.so.1
	printf -- ' -r %s/root -b %s/kunit/qemu/guest-handshake' "$1" "$top"
	for b in "$build/userspace/broker/ksecdd-broker" \
		"$build/userspace/krb5-tools/gss_replay"; do
		[ -x "$b" ] && printf -- ' -b %s' "$b"
	done
	return 0
}
