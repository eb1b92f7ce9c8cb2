# SPDX-License-Identifier: GPL-2.0
# Shared by the rig's scripts: where things are.

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KSECDD_BUILD:-$top/build}

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

# The guests (kunit/qemu/guests): their names, in order; those of a kind.
# KSECDD_GUESTS, names separated by spaces, keeps only those (a developer's
# shorter make check; the full one runs them all).
guests_table=$top/kunit/qemu/guests
guest_names() {
	awk -v kind="${1:-}" -v only=" ${KSECDD_GUESTS:-} " \
		'!/^#/ && NF && (kind == "" || $2 == kind) &&
		 (only == "  " || index(only, " " $1 " ")) { print $1 }' \
		"$guests_table"
}

# guest NAME: the facts of a guest's line, without building anything:
# g_name, g_kind, g_series, g_flavour; g_dir, where its modules are built;
# g_checks, the build's checks (W=1; sparse too against Debian's headers,
# the kernels users run); g_kunit, whether ksecdd_kunit.ko is built and
# run (the test kernels have KUnit, Debian's do not).
guest() {
	# shellcheck disable=SC2046
	set -- "$1" $(awk -v name="$1" '!/^#/ && $1 == name' "$guests_table")
	if [ $# != 5 ]; then
		echo "ksecdd: no guest $1 in $guests_table" >&2
		return 1
	fi
	shift
	g_name=$1 g_kind=$2 g_series=$3 g_flavour=$4
	g_dir=$build/$g_name
	case $g_kind in
	test) g_checks="W=1" g_kunit=1 ;;
	debian) g_checks="W=1 C=2" g_kunit=0 ;;
	*)
		echo "ksecdd: guest $g_name: no kind $g_kind" >&2
		return 1
		;;
	esac
}

# guest_kernel: after guest, the kernel's facts: g_kver, its release;
# g_image, what QEMU boots; g_kdir, the tree modules are built against.
# A test kernel is built here if the cache does not hold it.
guest_kernel() {
	case $g_kind in
	test)
		g_kdir=$("$top/kunit/qemu/build-kernel" "$g_series" | tail -n 1) ||
			return 1
		g_kver=$(cat "$g_kdir/include/config/kernel.release")
		g_image=$g_kdir/arch/x86/boot/bzImage
		;;
	debian)
		# the meta package depends on the image of the current release
		g_kver=$(dpkg-query -W -f='${Depends}' "linux-image-$g_flavour" |
			sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
		g_image=/boot/vmlinuz-$g_kver
		g_kdir=/lib/modules/$g_kver/build
		;;
	esac
	[ -n "$g_kver" ] && [ -e "$g_image" ] && [ -d "$g_kdir" ] || {
		echo "ksecdd: guest $g_name: no kernel ${g_kver:-installed}" >&2
		return 1
	}
}

# The releases of the Debian guests' kernels, as DKMS builds for them.
debian_kvers() {
	for n in $(guest_names debian); do
		guest "$n" && guest_kernel && printf '%s\n' "$g_kver"
	done
}

# ksecdd.ko from DKMS's directory $1 into $2, uncompressed (Debian's 6.12
# compresses its modules with xz, and dkms does as the kernel does), for
# the guests' busybox modprobe
unpack_ko() {
	if [ -e "$1/ksecdd.ko.xz" ]; then
		xz -dc "$1/ksecdd.ko.xz" >"$2/ksecdd.ko"
	else
		cp "$1/ksecdd.ko" "$2/"
	fi
}

# Distribution modules a guest on Debian's kernel needs: Debian builds
# part of the crypto ksecdd uses as modules.  libchacha20poly1305 (the
# sealing AEAD) brings what modules.dep says it needs: libchacha and the
# x86 ChaCha and Poly1305 code.  What a kernel has built in (6.12:
# sha512_generic) is left out by kunit/qemu/mkinitramfs.
debian_modules="cts sha512_generic libarc4 aesni-intel libchacha20poly1305"

# guest_initramfs_args: after guest_kernel, the kunit/qemu/mkinitramfs
# arguments for the kernel: its release, and for Debian's kernels the
# distribution modules from its tree.
guest_initramfs_args() {
	printf -- '-k %s' "$g_kver"
	[ "$g_kind" = debian ] || return 0
	printf -- ' -m /lib/modules/%s' "$g_kver"
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
	# gss-ntlmssp where Debian installs it, for the NTLM handshakes; the
	# guest realm's mechanism file names it (kunit/krb5-guest-realm)
	# with what it needs besides its libraries: OpenSSL 3's legacy
	# provider (MD4, RC4) and glibc's UTF-16 converter and its
	# configuration (iconv, for the Unicode of NTLM's hashes); without
	# either its hashes fail ("Crypto routine failure")
	[ -n "$ntlmssp_so" ] || return 0
	printf -- ' -i %s=%s' "$ntlmssp_so" "$ntlmssp_guest_so"
	for p in $ntlmssp_guest_deps; do
		printf -- ' -p %s' "$p"
	done
	return 0
}

# gss-ntlmssp as kunit/deps unpacked it into the cache: its mechanism
# module, in ntlmssp_so.
ntlmssp_guest_so=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
ntlmssp_guest_deps="/usr/lib/x86_64-linux-gnu/ossl-modules/legacy.so
	/usr/lib/x86_64-linux-gnu/gconv/gconv-modules
	/usr/lib/x86_64-linux-gnu/gconv/UTF-16.so"
ntlmssp_so=$(ls -d "${KSECDD_CACHE:-$HOME/.cache/ksecdd}"/gss-ntlmssp-*/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so 2>/dev/null | tail -n 1)

# ntlmssp_env DIR USER PASSWORD: GSS-API with gss-ntlmssp for this shell
# and its children only.  DIR gets a mechanism file naming the cached
# module (MIT reads it instead of /etc/gss/mech and /etc/gss/mech.d, so
# the machine's mechanisms stay as they are) and a user file holding
# the one throwaway account gss-ntlmssp authenticates against.
ntlmssp_env() {
	[ -n "$ntlmssp_so" ] || {
		echo "ksecdd: gss-ntlmssp is not unpacked (kunit/deps)" >&2
		return 1
	}
	mkdir -p "$1"
	printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp_so" \
		>"$1/mech"
	printf 'KSECDD:%s:%s\n' "$2" "$3" >"$1/users"
	export GSS_MECH_CONFIG="$1/mech" NTLM_USER_FILE="$1/users"
}
