/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_BROKER_H
#define _KSECDD_BROKER_H

#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <linux/ksecdd.h>
#include <net/net_namespace.h>

#include <ksecdd/sspi.h>

/* Default of the broker_queue_max module parameter. */
#define KSECDD_BROKER_QUEUE_MAX		256
/* Default of the broker_timeout module parameter, in seconds. */
#define KSECDD_BROKER_TIMEOUT		30

struct ksecdd_broker;

/*
 * One request to the broker and, once ksecdd_broker_call() returns 0, its
 * answer.  The caller owns the request's strings and token; the answer's
 * buffers are the message's, freed by ksecdd_broker_msg_free().
 */
struct ksecdd_broker_msg {
	/* the request */
	u32 op;
	u32 mech;
	u32 cred_use;
	u32 context_req;
	u32 uid;
	u32 gid;
	u64 session;
	const char *principal;
	u32 principal_len;
	const char *target;
	u32 target_len;
	const void *token;
	u32 token_len;
	/* the answer */
	SECURITY_STATUS result;
	u32 attrs;
	s64 expiry;
	u64 answer_session;
	void *out_token;
	u32 out_token_len;
	void *blob;
	u32 blob_len;
	char *name;
	u32 name_len;
};

int ksecdd_broker_call(struct net *net, struct ksecdd_broker_msg *msg);
void ksecdd_broker_release(struct net *net, u64 session);
void ksecdd_broker_msg_free(struct ksecdd_broker_msg *msg);

/* The broker's side, for /dev/ksecdd (and the tests' fake broker). */
struct ksecdd_broker *ksecdd_broker_attach(struct net *net);
void ksecdd_broker_detach(struct ksecdd_broker *broker);
ssize_t ksecdd_broker_read(struct ksecdd_broker *broker, struct iov_iter *to,
			   bool nonblock);
__poll_t ksecdd_broker_poll(struct ksecdd_broker *broker, struct file *file,
			    poll_table *wait);
int ksecdd_broker_answer(struct ksecdd_broker *broker,
			 const struct ksecdd_ioc_broker_answer *answer,
			 const void *token, const void *blob,
			 const char *name);
u32 ksecdd_broker_queue_limit(void);
u32 ksecdd_broker_timeout_ms(void);

/* /dev/ksecdd */
long ksecdd_ioc_broker_attach(struct file *file,
			      struct ksecdd_ioc_broker_attach *arg);
long ksecdd_ioc_broker_answer(struct file *file,
			      const struct ksecdd_ioc_broker_answer *arg);
ssize_t ksecdd_broker_read_iter(struct kiocb *iocb, struct iov_iter *to);
__poll_t ksecdd_broker_file_poll(struct file *file, poll_table *wait);
int ksecdd_broker_file_release(struct inode *inode, struct file *file);

#if IS_ENABLED(CONFIG_KUNIT)
extern unsigned int ksecdd_broker_timeout;
extern unsigned int ksecdd_broker_queue_max;
#endif

#endif /* _KSECDD_BROKER_H */
