// SPDX-License-Identifier: GPL-2.0
/*
 * libksecdd: the ioctls of /dev/ksecdd as C calls.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libksecdd.h"

struct ksecdd {
	int fd;
};

struct ksecdd *ksecdd_open(void)
{
	struct ksecdd *dev = malloc(sizeof(*dev));

	if (!dev)
		return NULL;
	dev->fd = open("/dev/ksecdd", O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		free(dev);
		return NULL;
	}
	return dev;
}

void ksecdd_close(struct ksecdd *dev)
{
	if (dev) {
		close(dev->fd);
		free(dev);
	}
}

int ksecdd_abi_version(struct ksecdd *dev, uint32_t *version)
{
	struct ksecdd_ioc_version arg = { .size = sizeof(arg) };

	if (ioctl(dev->fd, KSECDD_IOC_VERSION, &arg))
		return -1;
	*version = arg.abi_version;
	return 0;
}

int ksecdd_packages(struct ksecdd *dev, struct ksecdd_package_info *info,
		    uint32_t *count, uint32_t *status)
{
	struct ksecdd_ioc_packages arg = {
		.size = sizeof(arg),
		.count = *count,
		.packages = (uintptr_t)info,
	};

	if (ioctl(dev->fd, KSECDD_IOC_PACKAGES, &arg))
		return -1;
	*count = arg.count;
	*status = arg.status;
	return 0;
}

int ksecdd_import(struct ksecdd *dev, const char *package, const void *blob,
		  size_t len, int32_t keyring, struct ksecdd_handle *handle,
		  uint32_t *status)
{
	struct ksecdd_ioc_import arg = {
		.size = sizeof(arg),
		.blob = (uintptr_t)blob,
		.blob_len = len,
		.keyring = keyring,
	};

	if (strlen(package) >= sizeof(arg.package) || len > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	strcpy(arg.package, package);
	if (ioctl(dev->fd, KSECDD_IOC_IMPORT, &arg))
		return -1;
	*handle = arg.handle;
	*status = arg.status;
	return 0;
}

/* Exports into a buffer of the size the kernel asks for; the caller frees. */
int ksecdd_export(struct ksecdd *dev, const struct ksecdd_handle *handle,
		  uint32_t flags, void **blob, size_t *len, uint32_t *status)
{
	struct ksecdd_ioc_export arg = {
		.size = sizeof(arg),
		.handle = *handle,
		.flags = flags,
	};
	void *buf = NULL, *bigger;

	for (;;) {
		if (ioctl(dev->fd, KSECDD_IOC_EXPORT, &arg))
			goto fail;
		if (arg.status != KSECDD_SEC_E_BUFFER_TOO_SMALL)
			break;
		bigger = realloc(buf, arg.blob_len);
		if (!bigger)
			goto fail;
		buf = bigger;
		arg.blob = (uintptr_t)buf;
	}
	*status = arg.status;
	*blob = arg.status ? NULL : buf;
	*len = arg.status ? 0 : arg.blob_len;
	if (arg.status)
		free(buf);
	return 0;
fail:
	free(buf);
	return -1;
}

int ksecdd_delete(struct ksecdd *dev, const struct ksecdd_handle *handle,
		  uint32_t *status)
{
	struct ksecdd_ioc_delete arg = {
		.size = sizeof(arg),
		.handle = *handle,
	};

	if (ioctl(dev->fd, KSECDD_IOC_DELETE, &arg))
		return -1;
	*status = arg.status;
	return 0;
}

/* On SEC_E_BUFFER_TOO_SMALL, *len is the length the answer needs. */
int ksecdd_query(struct ksecdd *dev, const struct ksecdd_handle *handle,
		 uint32_t attribute, void *buf, size_t *len, uint32_t *status)
{
	struct ksecdd_ioc_query arg = {
		.size = sizeof(arg),
		.handle = *handle,
		.attribute = attribute,
		.buf_len = *len > UINT32_MAX ? UINT32_MAX : *len,
		.buf = (uintptr_t)buf,
	};

	if (ioctl(dev->fd, KSECDD_IOC_QUERY, &arg))
		return -1;
	*len = arg.buf_len;
	*status = arg.status;
	return 0;
}

int ksecdd_message(struct ksecdd *dev, enum ksecdd_message_op op,
		   const struct ksecdd_handle *handle, uint32_t *qop,
		   uint32_t seqno, struct ksecdd_ioc_buffer *buffers,
		   uint32_t count, uint32_t *status)
{
	static const unsigned long cmds[] = {
		[KSECDD_SIGN] = KSECDD_IOC_SIGN,
		[KSECDD_VERIFY] = KSECDD_IOC_VERIFY,
		[KSECDD_ENCRYPT] = KSECDD_IOC_ENCRYPT,
		[KSECDD_DECRYPT] = KSECDD_IOC_DECRYPT,
	};
	struct ksecdd_ioc_message arg = {
		.size = sizeof(arg),
		.handle = *handle,
		.qop = qop ? *qop : 0,
		.seqno = seqno,
		.count = count,
		.buffers = (uintptr_t)buffers,
	};

	if ((unsigned int)op >= sizeof(cmds) / sizeof(cmds[0])) {
		errno = EINVAL;
		return -1;
	}
	if (ioctl(dev->fd, cmds[op], &arg))
		return -1;
	if (qop)
		*qop = arg.qop;
	*status = arg.status;
	return 0;
}

/* A handle as ksecctl prints it: "<serial>:<tag in hex>". */
int ksecdd_parse_handle(const char *text, struct ksecdd_handle *handle)
{
	char *end;

	errno = 0;
	handle->serial = strtoull(text, &end, 10);
	if (errno || end == text || *end != ':')
		goto bad;
	text = end + 1;
	handle->tag = strtoull(text, &end, 16);
	if (errno || end == text || *end)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
