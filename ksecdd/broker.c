// SPDX-License-Identifier: GPL-2.0
/*
 * The broker channel: the kernel side of ksecdd-broker, ksecdd's LSA.
 *
 * A broker is an open /dev/ksecdd that a task with CAP_SYS_ADMIN in the
 * initial user namespace attached with KSECDD_IOC_BROKER_ATTACH.  It
 * serves the network namespace of the attaching task, which it pins, and
 * it is the only broker there.  Kernel callers (cred.c, handshake.c) hand
 * it requests through ksecdd_broker_call(), which queues the request,
 * wakes the broker's read(), and waits, killably and for at most
 * broker_timeout seconds, for KSECDD_IOC_BROKER_ANSWER to bring the
 * answer.  Requests wait on two lists under the broker's mutex: queue,
 * not yet read, and pending, read and not yet answered; the two together
 * hold at most broker_queue_max requests.
 *
 * No caller ever waits for a broker to appear: without one the call fails
 * at once, and when the broker's file is closed every request queued or
 * pending fails at once with SEC_E_NO_AUTHENTICATING_AUTHORITY.  A request
 * is a counted object: the list it is on holds one reference and its
 * waiting caller another, so an answer racing a timeout or a detach finds
 * either a request still on a list or none.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <kunit/visibility.h>

#include "broker.h"
#include "stats.h"
#include "trace.h"

VISIBLE_IF_KUNIT unsigned int ksecdd_broker_timeout = KSECDD_BROKER_TIMEOUT;
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_timeout);
module_param_named(broker_timeout, ksecdd_broker_timeout, uint, 0644);
MODULE_PARM_DESC(broker_timeout,
		 "seconds a handshake call waits for ksecdd-broker to answer one request (default 30, at least 1)");

VISIBLE_IF_KUNIT unsigned int ksecdd_broker_queue_max = KSECDD_BROKER_QUEUE_MAX;
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_queue_max);
module_param_named(broker_queue_max, ksecdd_broker_queue_max, uint, 0644);
MODULE_PARM_DESC(broker_queue_max,
		 "requests a broker may have unanswered before calls fail with SEC_E_INSUFFICIENT_MEMORY (default 256, at least 1)");

/* req->state, under the broker's mutex */
enum {
	REQ_QUEUED,		/* on broker->queue */
	REQ_PENDING,		/* read, on broker->pending */
	REQ_ANSWERED,		/* off the lists, answer in */
	REQ_DETACHED,		/* off the lists, the broker went */
	REQ_CANCELLED,		/* off the lists, the caller gave up */
};

struct ksecdd_broker_req {
	struct list_head node;
	struct kref ref;
	struct completion done;
	u64 id;
	u32 op;
	int state;
	/* the answer */
	SECURITY_STATUS result;
	u32 attrs;
	s64 expiry;
	u64 session;
	void *token;
	u32 token_len;
	void *blob;
	u32 blob_len;
	char *name;
	u32 name_len;
	/* struct ksecdd_broker_request and its payload, as read() returns */
	size_t size;
	void *data;
};

struct ksecdd_broker {
	struct list_head node;
	struct kref ref;
	struct net *net;
	/* dead, queue, pending, count, next_id and every request's state */
	struct mutex lock;
	bool dead;
	struct list_head queue;
	struct list_head pending;
	u32 count;
	u64 next_id;
	wait_queue_head_t readers;
};

/* The attached brokers, one per network namespace at most. */
static LIST_HEAD(ksecdd_brokers);
static DEFINE_MUTEX(ksecdd_brokers_lock);

/**
 * ksecdd_broker_queue_limit() - requests a broker may have unanswered
 *
 * Return: the broker_queue_max module parameter, at least 1.
 */
u32 ksecdd_broker_queue_limit(void)
{
	return max(READ_ONCE(ksecdd_broker_queue_max), 1U);
}

/**
 * ksecdd_broker_timeout_ms() - how long a caller waits for one answer
 *
 * Return: the broker_timeout module parameter in milliseconds, at least
 * one second.
 */
u32 ksecdd_broker_timeout_ms(void)
{
	return clamp(READ_ONCE(ksecdd_broker_timeout), 1U, 3600U) * MSEC_PER_SEC;
}

static void broker_free(struct kref *ref)
{
	struct ksecdd_broker *broker = container_of(ref, struct ksecdd_broker,
						    ref);

	put_net(broker->net);
	kfree(broker);
}

static void broker_put(struct ksecdd_broker *broker)
{
	kref_put(&broker->ref, broker_free);
}

/* The broker serving @net, with a reference, or NULL. */
static struct ksecdd_broker *broker_get(struct net *net)
{
	struct ksecdd_broker *broker, *found = NULL;

	mutex_lock(&ksecdd_brokers_lock);
	list_for_each_entry(broker, &ksecdd_brokers, node) {
		if (net_eq(broker->net, net)) {
			kref_get(&broker->ref);
			found = broker;
			break;
		}
	}
	mutex_unlock(&ksecdd_brokers_lock);
	return found;
}

static void req_free(struct kref *ref)
{
	struct ksecdd_broker_req *req = container_of(ref,
						     struct ksecdd_broker_req,
						     ref);

	kvfree(req->token);
	/* the established context, session key included */
	kvfree_sensitive(req->blob, req->blob_len);
	kfree(req->name);
	kvfree(req->data);
	kfree(req);
}

static void req_put(struct ksecdd_broker_req *req)
{
	if (req)
		kref_put(&req->ref, req_free);
}

/* Lays out @msg as struct ksecdd_broker_request and its payload. */
static struct ksecdd_broker_req *req_alloc(const struct ksecdd_broker_msg *msg)
{
	struct ksecdd_broker_request *hdr;
	struct ksecdd_broker_req *req;
	size_t size;
	u8 *p;

	size = sizeof(*hdr) + (size_t)msg->principal_len + msg->target_len +
	       msg->token_len;
	if (size > KSECDD_BROKER_REQUEST_MAX)
		return ERR_PTR(-EINVAL);

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);
	req->data = kvzalloc(size, GFP_KERNEL);
	if (!req->data) {
		kfree(req);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&req->ref);
	init_completion(&req->done);
	req->op = msg->op;
	req->size = size;

	hdr = req->data;
	hdr->size = size;
	hdr->op = msg->op;
	hdr->session = msg->session;
	hdr->mech = msg->mech;
	hdr->cred_use = msg->cred_use;
	hdr->context_req = msg->context_req;
	hdr->uid = msg->uid;
	hdr->gid = msg->gid;
	hdr->principal_len = msg->principal_len;
	hdr->target_len = msg->target_len;
	hdr->token_len = msg->token_len;
	p = (u8 *)(hdr + 1);
	if (msg->principal_len)
		memcpy(p, msg->principal, msg->principal_len);
	p += msg->principal_len;
	if (msg->target_len)
		memcpy(p, msg->target, msg->target_len);
	p += msg->target_len;
	if (msg->token_len)
		memcpy(p, msg->token, msg->token_len);
	return req;
}

/*
 * Puts @req on the broker's queue, which takes over the caller's
 * reference (take another to wait for it).  A broker that detached, or
 * whose queue is full, takes nothing.
 */
static int enqueue(struct ksecdd_broker *broker, struct ksecdd_broker_req *req)
{
	int err = 0;

	mutex_lock(&broker->lock);
	if (broker->dead) {
		err = -ENOTCONN;
	} else if (broker->count >= ksecdd_broker_queue_limit()) {
		err = -EBUSY;
	} else {
		req->id = ++broker->next_id;
		((struct ksecdd_broker_request *)req->data)->id = req->id;
		req->state = REQ_QUEUED;
		list_add_tail(&req->node, &broker->queue);
		broker->count++;
	}
	mutex_unlock(&broker->lock);
	if (!err)
		wake_up(&broker->readers);
	return err;
}

/* Takes @req off its list, under broker->lock; the list's reference goes. */
static void unlist(struct ksecdd_broker *broker, struct ksecdd_broker_req *req,
		   int state)
{
	list_del_init(&req->node);
	broker->count--;
	req->state = state;
	kref_put(&req->ref, req_free);
}

/* The answer, moved from the request to the caller's message. */
static void take_answer(struct ksecdd_broker_req *req,
			struct ksecdd_broker_msg *msg)
{
	msg->result = req->result;
	msg->attrs = req->attrs;
	msg->expiry = req->expiry;
	msg->answer_session = req->session;
	msg->out_token = req->token;
	msg->out_token_len = req->token_len;
	msg->blob = req->blob;
	msg->blob_len = req->blob_len;
	msg->name = req->name;
	msg->name_len = req->name_len;
	req->token = NULL;
	req->blob = NULL;
	req->name = NULL;
}

static int wait_answer(struct ksecdd_broker *broker,
		       struct ksecdd_broker_req *req,
		       struct ksecdd_broker_msg *msg)
{
	unsigned long timeout = msecs_to_jiffies(ksecdd_broker_timeout_ms());
	long left;
	int err = 0;

	ksecdd_stats_broker(KSECDD_STAT_BROKER_IN_FLIGHT, 1);
	left = wait_for_completion_killable_timeout(&req->done, timeout);
	ksecdd_stats_broker(KSECDD_STAT_BROKER_IN_FLIGHT, -1);

	mutex_lock(&broker->lock);
	switch (req->state) {
	case REQ_QUEUED:
	case REQ_PENDING:
		/* A late answer finds no request; the broker drops it. */
		unlist(broker, req, REQ_CANCELLED);
		err = left < 0 ? -EINTR : -ETIMEDOUT;
		if (!left)
			ksecdd_stats_broker(KSECDD_STAT_BROKER_TIMED_OUT, 1);
		break;
	case REQ_DETACHED:
		err = -ENOTCONN;
		break;
	default:
		take_answer(req, msg);
		break;
	}
	mutex_unlock(&broker->lock);
	return err;
}

/**
 * ksecdd_broker_call() - ask the broker of a network namespace and wait
 * @net: the namespace whose broker is asked (the credential's)
 * @msg: the request; on success also the answer, whose buffers the caller
 *	frees with ksecdd_broker_msg_free()
 *
 * Never waits for a broker to attach.  The wait for the answer is
 * killable and lasts at most broker_timeout seconds.
 *
 * Context: process context; may sleep.
 * Return: 0 with the broker's SECURITY_STATUS in @msg->result; -ENOTCONN
 * if no broker serves @net or it detached before answering; -ETIMEDOUT;
 * -EINTR if a fatal signal ended the wait; -EBUSY if the broker has
 * broker_queue_max requests unanswered; -ENOMEM; -EINVAL for a request
 * longer than KSECDD_BROKER_REQUEST_MAX.
 */
int ksecdd_broker_call(struct net *net, struct ksecdd_broker_msg *msg)
{
	struct ksecdd_broker *broker;
	struct ksecdd_broker_req *req;
	ktime_t start = ktime_get();
	int err;

	broker = broker_get(net);
	if (!broker) {
		err = -ENOTCONN;
		goto trace;
	}
	req = req_alloc(msg);
	if (IS_ERR(req)) {
		err = PTR_ERR(req);
		goto out;
	}
	/* one reference for the queue, one to wait on */
	kref_get(&req->ref);
	err = enqueue(broker, req);
	if (err)
		kref_put(&req->ref, req_free);
	else
		err = wait_answer(broker, req, msg);
	req_put(req);
out:
	broker_put(broker);
trace:
	ksecdd_stats_broker(KSECDD_STAT_BROKER_REQUESTS, 1);
	trace_ksecdd_broker_request(msg->op, msg->mech, start, err,
				    msg->result);
	return err;
}

/**
 * ksecdd_broker_release() - tell the broker a handshake is abandoned
 * @net: the namespace of the broker that runs the handshake
 * @session: the broker's session, as its answer named it; 0 does nothing
 *
 * Queues a RELEASE, which is not answered, and returns.  Without a broker
 * there is nothing to tell (a new broker has no sessions); a RELEASE that
 * finds the queue full or memory short is dropped, and the broker forgets
 * the session on its own (Documentation/broker.rst).
 *
 * Context: process context; may sleep.
 */
void ksecdd_broker_release(struct net *net, u64 session)
{
	struct ksecdd_broker_msg msg = {
		.op = KSECDD_BROKER_RELEASE,
		.session = session,
	};
	struct ksecdd_broker *broker;
	struct ksecdd_broker_req *req;

	if (!session)
		return;
	broker = broker_get(net);
	if (!broker)
		return;
	req = req_alloc(&msg);
	if (!IS_ERR(req) && enqueue(broker, req))
		req_put(req);
	broker_put(broker);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_release);

/**
 * ksecdd_broker_msg_free() - free the answer ksecdd_broker_call() gave
 * @msg: the message; its answer buffers are freed and cleared
 */
void ksecdd_broker_msg_free(struct ksecdd_broker_msg *msg)
{
	kvfree(msg->out_token);
	kvfree_sensitive(msg->blob, msg->blob_len);
	kfree(msg->name);
	msg->out_token = NULL;
	msg->blob = NULL;
	msg->name = NULL;
	msg->out_token_len = 0;
	msg->blob_len = 0;
	msg->name_len = 0;
}

/**
 * ksecdd_broker_attach() - make the caller the broker of a namespace
 * @net: the namespace; the broker takes a reference to it
 *
 * Return: the broker, to be detached with ksecdd_broker_detach(), or
 * ERR_PTR(-EBUSY) if @net has one, or ERR_PTR(-ENOMEM).
 */
struct ksecdd_broker *ksecdd_broker_attach(struct net *net)
{
	struct ksecdd_broker *broker, *other;

	broker = kzalloc(sizeof(*broker), GFP_KERNEL);
	if (!broker)
		return ERR_PTR(-ENOMEM);
	kref_init(&broker->ref);
	mutex_init(&broker->lock);
	INIT_LIST_HEAD(&broker->queue);
	INIT_LIST_HEAD(&broker->pending);
	init_waitqueue_head(&broker->readers);
	broker->net = get_net(net);

	mutex_lock(&ksecdd_brokers_lock);
	list_for_each_entry(other, &ksecdd_brokers, node) {
		if (net_eq(other->net, net)) {
			mutex_unlock(&ksecdd_brokers_lock);
			broker_put(broker);
			return ERR_PTR(-EBUSY);
		}
	}
	list_add(&broker->node, &ksecdd_brokers);
	mutex_unlock(&ksecdd_brokers_lock);
	return broker;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_attach);

/* Fails every request on @list at once; under broker->lock. */
static void fail_all(struct ksecdd_broker *broker, struct list_head *list)
{
	struct ksecdd_broker_req *req, *next;

	list_for_each_entry_safe(req, next, list, node) {
		complete(&req->done);
		unlist(broker, req, REQ_DETACHED);
	}
}

/**
 * ksecdd_broker_detach() - the broker goes
 * @broker: from ksecdd_broker_attach(); the caller's reference is dropped
 *
 * Later calls find no broker; every request queued or pending fails at
 * once, and a read() blocked on @broker returns 0.
 */
void ksecdd_broker_detach(struct ksecdd_broker *broker)
{
	mutex_lock(&ksecdd_brokers_lock);
	list_del(&broker->node);
	mutex_unlock(&ksecdd_brokers_lock);

	mutex_lock(&broker->lock);
	broker->dead = true;
	fail_all(broker, &broker->queue);
	fail_all(broker, &broker->pending);
	mutex_unlock(&broker->lock);
	wake_up_all(&broker->readers);
	broker_put(broker);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_detach);

/* Whether read() has something to return: a request or end of file. */
static bool readable(struct ksecdd_broker *broker)
{
	return !list_empty_careful(&broker->queue) || READ_ONCE(broker->dead);
}

/*
 * The oldest request not yet read, moved to the pending list so that no
 * other reader takes it, with a reference; NULL at end of file.
 */
static struct ksecdd_broker_req *take_next(struct ksecdd_broker *broker,
					   size_t room, bool nonblock)
{
	struct ksecdd_broker_req *req;
	int err;

	mutex_lock(&broker->lock);
	while (list_empty(&broker->queue)) {
		mutex_unlock(&broker->lock);
		if (READ_ONCE(broker->dead))
			return NULL;
		if (nonblock)
			return ERR_PTR(-EAGAIN);
		err = wait_event_killable(broker->readers, readable(broker));
		if (err)
			return ERR_PTR(err);
		mutex_lock(&broker->lock);
	}
	req = list_first_entry(&broker->queue, struct ksecdd_broker_req, node);
	if (room < req->size) {
		req = ERR_PTR(-EINVAL);
	} else {
		list_move_tail(&req->node, &broker->pending);
		req->state = REQ_PENDING;
		kref_get(&req->ref);
	}
	mutex_unlock(&broker->lock);
	return req;
}

/* A read that faulted: the request goes back to the head of the queue. */
static void requeue(struct ksecdd_broker *broker, struct ksecdd_broker_req *req)
{
	mutex_lock(&broker->lock);
	if (req->state == REQ_PENDING) {
		list_move(&req->node, &broker->queue);
		req->state = REQ_QUEUED;
	}
	mutex_unlock(&broker->lock);
}

/* A RELEASE, once read, is done with: nobody answers or waits for it. */
static void forget_release(struct ksecdd_broker *broker,
			   struct ksecdd_broker_req *req)
{
	mutex_lock(&broker->lock);
	if (req->state == REQ_PENDING)
		unlist(broker, req, REQ_ANSWERED);
	mutex_unlock(&broker->lock);
}

/**
 * ksecdd_broker_read() - hand the broker its next request
 * @broker: the broker
 * @to: where the request goes, whole
 * @nonblock: fail with -EAGAIN instead of waiting for a request
 *
 * The copy to @to is made without the broker's lock held, so that a
 * fault on the destination cannot wait on a handshake call.
 *
 * Return: the request's length; 0 once @broker detached; -EINVAL, the
 * request kept, if @to is shorter than it; -EAGAIN; -ERESTARTSYS (a
 * fatal signal); -EFAULT, the request kept.
 */
ssize_t ksecdd_broker_read(struct ksecdd_broker *broker, struct iov_iter *to,
			   bool nonblock)
{
	struct ksecdd_broker_req *req;
	ssize_t ret;

	req = take_next(broker, iov_iter_count(to), nonblock);
	if (IS_ERR_OR_NULL(req))
		return PTR_ERR_OR_ZERO(req);

	if (copy_to_iter(req->data, req->size, to) != req->size) {
		requeue(broker, req);
		ret = -EFAULT;
	} else {
		if (req->op == KSECDD_BROKER_RELEASE)
			forget_release(broker, req);
		ret = req->size;
	}
	req_put(req);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_read);

/**
 * ksecdd_broker_poll() - whether a request waits to be read
 * @broker: the broker
 * @file: its file, or NULL
 * @wait: the poll table
 *
 * Return: EPOLLIN | EPOLLRDNORM with a request queued, EPOLLHUP once
 * @broker detached, else 0.
 */
__poll_t ksecdd_broker_poll(struct ksecdd_broker *broker, struct file *file,
			    poll_table *wait)
{
	poll_wait(file, &broker->readers, wait);
	if (READ_ONCE(broker->dead))
		return EPOLLHUP;
	return list_empty_careful(&broker->queue) ? 0 : EPOLLIN | EPOLLRDNORM;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_poll);

/* Whether @a is an answer @op can have (lengths are checked already). */
static int answer_fits(u32 op, const struct ksecdd_ioc_broker_answer *a)
{
	bool leg = op == KSECDD_BROKER_ACCEPT || op == KSECDD_BROKER_INIT;
	SECURITY_STATUS result = a->result;

	if (a->name_len && (op != KSECDD_BROKER_ACQUIRE || result != SEC_E_OK))
		return -EINVAL;
	if (result == SEC_E_OK)
		return leg ? (a->blob_len ? 0 : -EINVAL) :
			     (a->blob_len || a->token_len ? -EINVAL : 0);
	if (result == SEC_I_CONTINUE_NEEDED)
		return leg && a->session && a->token_len && !a->blob_len ?
		       0 : -EINVAL;
	/* the other SEC_I_* mean nothing to these callers */
	if (SEC_SUCCESS(result) || a->blob_len)
		return -EINVAL;
	return 0;
}

static void *dup_buf(const void *src, u32 len)
{
	void *p;

	if (!len)
		return NULL;
	p = kvmalloc(len, GFP_KERNEL);
	if (p)
		memcpy(p, src, len);
	return p;
}

/* Copies the answer into @req; -ENOMEM leaves @req as it was. */
static int fill_answer(struct ksecdd_broker_req *req,
		       const struct ksecdd_ioc_broker_answer *a,
		       const void *token, const void *blob, const char *name)
{
	void *t = dup_buf(token, a->token_len);
	void *b = dup_buf(blob, a->blob_len);
	char *n = a->name_len ? kmemdup_nul(name, a->name_len, GFP_KERNEL) :
		  NULL;

	if ((a->token_len && !t) || (a->blob_len && !b) ||
	    (a->name_len && !n)) {
		kvfree(t);
		kvfree_sensitive(b, a->blob_len);
		kfree(n);
		return -ENOMEM;
	}
	req->result = a->result;
	req->attrs = a->attrs;
	req->expiry = a->expiry;
	req->session = a->session;
	req->token = t;
	req->token_len = a->token_len;
	req->blob = b;
	req->blob_len = a->blob_len;
	req->name = n;
	req->name_len = a->name_len;
	return 0;
}

static struct ksecdd_broker_req *find_pending(struct ksecdd_broker *broker,
					      u64 id)
{
	struct ksecdd_broker_req *req;

	list_for_each_entry(req, &broker->pending, node)
		if (req->id == id)
			return req;
	return NULL;
}

/**
 * ksecdd_broker_answer() - the broker answers a request
 * @broker: the broker
 * @a: the answer; its pointers are ignored
 * @token: @a->token_len bytes of token
 * @blob: @a->blob_len bytes of packed context
 * @name: @a->name_len bytes of name, UTF-8 without NUL
 *
 * The buffers are copied; the caller keeps its own.
 *
 * Return: 0 and the waiting caller woken; -ENOENT if no request @a->id
 * waits for an answer; -EINVAL for a length over KSECDD_BROKER_TOKEN_MAX,
 * a name with a NUL, a result other than SEC_E_OK, SEC_I_CONTINUE_NEEDED
 * or a failure, or an answer that does not fit the request's op; -ENOMEM.
 */
int ksecdd_broker_answer(struct ksecdd_broker *broker,
			 const struct ksecdd_ioc_broker_answer *a,
			 const void *token, const void *blob,
			 const char *name)
{
	struct ksecdd_broker_req *req;
	int err;

	if (a->reserved0 || a->reserved1 ||
	    a->token_len > KSECDD_BROKER_TOKEN_MAX ||
	    a->blob_len > KSECDD_BROKER_TOKEN_MAX ||
	    a->name_len > KSECDD_BROKER_TOKEN_MAX ||
	    (a->name_len && memchr(name, '\0', a->name_len)))
		return -EINVAL;

	mutex_lock(&broker->lock);
	req = find_pending(broker, a->id);
	if (!req || req->op == KSECDD_BROKER_RELEASE) {
		err = -ENOENT;
		goto out;
	}
	err = answer_fits(req->op, a);
	if (!err)
		err = fill_answer(req, a, token, blob, name);
	if (!err) {
		complete(&req->done);
		unlist(broker, req, REQ_ANSWERED);
	}
out:
	mutex_unlock(&broker->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_broker_answer);

/* The network namespace a caller acts in; a kernel thread's is init_net. */
static struct net *current_net(void)
{
	return current->nsproxy ? current->nsproxy->net_ns : &init_net;
}

/* The broker an open /dev/ksecdd is, or NULL. */
static struct ksecdd_broker *broker_of(struct file *file)
{
	/* pairs with the release in ksecdd_ioc_broker_attach() */
	return smp_load_acquire(&file->private_data);
}

/**
 * ksecdd_ioc_broker_attach() - KSECDD_IOC_BROKER_ATTACH
 * @file: the open device
 * @arg: struct ksecdd_ioc_broker_attach, read with its size already
 *	checked by the caller
 *
 * Return: 0; -EPERM without CAP_SYS_ADMIN in the initial user namespace;
 * -EBUSY if @file or the caller's network namespace has a broker;
 * -EPROTO for another protocol version; -ENOMEM.
 */
long ksecdd_ioc_broker_attach(struct file *file,
			      struct ksecdd_ioc_broker_attach *arg)
{
	static DEFINE_MUTEX(attach_lock);
	struct ksecdd_broker *broker;
	int err = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (arg->version != KSECDD_BROKER_VERSION)
		return -EPROTO;

	/* one attach at a time, so that a file gets one broker */
	mutex_lock(&attach_lock);
	if (broker_of(file)) {
		err = -EBUSY;
		goto out;
	}
	broker = ksecdd_broker_attach(current_net());
	if (IS_ERR(broker)) {
		err = PTR_ERR(broker);
		goto out;
	}
	/* the broker is whole before read() and answers find it */
	smp_store_release(&file->private_data, broker);
	arg->queue_max = ksecdd_broker_queue_limit();
	arg->timeout_ms = ksecdd_broker_timeout_ms();
out:
	mutex_unlock(&attach_lock);
	return err;
}

/* A user buffer copied in; NULL when @len is 0. */
static void *dup_user(u64 ptr, u32 len)
{
	return len ? vmemdup_user(u64_to_user_ptr(ptr), len) : NULL;
}

/**
 * ksecdd_ioc_broker_answer() - KSECDD_IOC_BROKER_ANSWER
 * @file: the open device
 * @arg: the answer, its size already checked; its pointers are user
 *	addresses
 *
 * Return: as ksecdd_broker_answer(); -EPERM if @file is no broker;
 * -EFAULT.
 */
long ksecdd_ioc_broker_answer(struct file *file,
			      const struct ksecdd_ioc_broker_answer *arg)
{
	struct ksecdd_broker *broker = broker_of(file);
	void *token, *blob, *name;
	int err;

	if (!broker)
		return -EPERM;
	if (arg->token_len > KSECDD_BROKER_TOKEN_MAX ||
	    arg->blob_len > KSECDD_BROKER_TOKEN_MAX ||
	    arg->name_len > KSECDD_BROKER_TOKEN_MAX)
		return -EINVAL;

	token = dup_user(arg->token, arg->token_len);
	if (IS_ERR(token))
		return PTR_ERR(token);
	blob = dup_user(arg->blob, arg->blob_len);
	if (IS_ERR(blob)) {
		err = PTR_ERR(blob);
		goto out_token;
	}
	name = dup_user(arg->name, arg->name_len);
	if (IS_ERR(name)) {
		err = PTR_ERR(name);
		goto out_blob;
	}
	err = ksecdd_broker_answer(broker, arg, token, blob, name);
	kvfree(name);
out_blob:
	kvfree_sensitive(blob, arg->blob_len);
out_token:
	kvfree(token);
	return err;
}

/**
 * ksecdd_broker_read_iter() - read() of /dev/ksecdd: the next request
 * @iocb: the read
 * @to: the reader's buffer
 *
 * Return: as ksecdd_broker_read(); -EPERM on a file that is no broker.
 */
ssize_t ksecdd_broker_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct ksecdd_broker *broker = broker_of(iocb->ki_filp);

	if (!broker)
		return -EPERM;
	return ksecdd_broker_read(broker, to,
				  iocb->ki_flags & IOCB_NOWAIT ||
				  iocb->ki_filp->f_flags & O_NONBLOCK);
}

/**
 * ksecdd_broker_file_poll() - poll() of /dev/ksecdd
 * @file: the open device
 * @wait: the poll table
 *
 * Return: as ksecdd_broker_poll(); EPOLLERR on a file that is no broker.
 */
__poll_t ksecdd_broker_file_poll(struct file *file, poll_table *wait)
{
	struct ksecdd_broker *broker = broker_of(file);

	return broker ? ksecdd_broker_poll(broker, file, wait) : EPOLLERR;
}

/**
 * ksecdd_broker_file_release() - the last close of /dev/ksecdd
 * @inode: its inode
 * @file: the file; a broker detaches
 *
 * Return: 0.
 */
int ksecdd_broker_file_release(struct inode *inode, struct file *file)
{
	struct ksecdd_broker *broker = broker_of(file);

	if (broker)
		ksecdd_broker_detach(broker);
	return 0;
}
