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
		"$top/Kbuild" "$top/ksecdd" "$top/include" "$1/"
	mkdir -p "$1/kunit"
	rsync -a "$top/kunit/Kbuild" "$top/kunit/"*.[ch] "$1/kunit/"
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
