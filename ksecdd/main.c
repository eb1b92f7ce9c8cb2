// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd: the Windows kernel-mode SSPI for Linux kernel code.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "buffer.h"
#include "chardev.h"
#include "context.h"
#include "cred.h"
#include "impersonate.h"
#include "keytype.h"
#include "krb5_crypto.h"
#include "seal.h"

static int __init ksecdd_init(void)
{
	int err;

	err = ksecdd_krb5_crypto_check();
	if (err)
		return err;

	err = ksecdd_context_wq_init();
	if (err)
		return err;

	err = ksecdd_keytype_init();
	if (err)
		goto err_wq_exit;

	err = ksecdd_cred_init();
	if (err)
		goto err_keytype_exit;

	err = ksecdd_seal_init();
	if (err)
		goto err_cred_exit;

	err = ksecdd_chardev_init();
	if (err)
		goto err_seal_exit;

	pr_info("loaded\n");
	return 0;

err_seal_exit:
	ksecdd_seal_exit();
err_cred_exit:
	ksecdd_cred_exit();
err_keytype_exit:
	ksecdd_keytype_exit();
err_wq_exit:
	ksecdd_context_wq_exit();
	return err;
}

static void __exit ksecdd_exit(void)
{
	ksecdd_chardev_exit();
	ksecdd_impersonate_exit();
	ksecdd_seal_exit();
	ksecdd_buffer_exit();
	/* before the context type: partial contexts put their credentials */
	ksecdd_cred_exit();
	ksecdd_keytype_exit();
	ksecdd_context_wq_exit();
}

module_init(ksecdd_init);
module_exit(ksecdd_exit);

/*
 * The crypto modules behind the transforms Kerberos contexts key at import
 * (cts(cbc(aes)), hmac(sha1), hmac(sha256), hmac(sha384)): the crypto API
 * loads them on demand, the softdep lets initramfs and packaging tools
 * know about them.
 */
MODULE_SOFTDEP("pre: crypto-cts crypto-cbc crypto-aes crypto-hmac crypto-sha1 crypto-sha256 crypto-sha384 crypto-md5");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Windows kernel-mode SSPI (ksecdd) for Linux");
MODULE_AUTHOR("The ksecdd authors");
