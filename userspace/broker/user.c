// SPDX-License-Identifier: GPL-2.0
/*
 * Initiator handshakes and outbound acquires as the user they are for.
 *
 * Each runs in a child process of its own: the broker forks and execs
 * itself (fork() in a threaded program allows nothing but exec), and the
 * new program drops to the user (supplementary groups, gid, uid, no
 * capabilities, a session keyring of its own) before it touches any
 * credentials, and only then lets MIT krb5 find the user's credentials
 * cache: the default ccache name of krb5.conf for that user, as
 * cifs.upcall does (KEYRING:persistent:%{uid}, KCM:, FILE:/tmp/krb5cc_%{uid}).
 * The broker's own KRB5CCNAME and keytab variables are not passed on.
 * The legs of one handshake go to the same child over a socket pair;
 * the child exits when the handshake is over.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/keyctl.h>

#include "broker.h"
#include "../../ksecdd/packed.h"

#define CHILD_MAGIC	0x6b736362	/* "kscb" */
#define CHILD_INIT	1
#define CHILD_ACQUIRE	2
#define TEXT_MAX	4096

struct child_request {
	uint32_t magic;
	uint32_t op;
	uint32_t uid;
	uint32_t gid;
	uint32_t mech;
	uint32_t context_req;
	uint32_t principal_len;
	uint32_t target_len;
	uint32_t token_len;
};

struct child_reply {
	uint32_t status;
	uint32_t attrs;
	int64_t expiry;
	uint32_t token_len;
	uint32_t blob_len;
	uint32_t name_len;
	uint32_t message_len;
};

struct broker_user {
	pid_t pid;
	int fd;
	struct broker_user *next;	/* every live child, for shutdown */
};

static pthread_mutex_t users_lock = PTHREAD_MUTEX_INITIALIZER;
static struct broker_user *users;

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Reads @len bytes; @timeout_ms < 0 waits for ever. */
static int read_all(int fd, void *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char *p = buf;
	ssize_t n;
	int ret;

	while (len) {
		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret == 0)
			errno = ETIMEDOUT;
		if (ret <= 0)
			return -1;
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EPIPE;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static int write_parts(int fd, const void *head, size_t head_len,
		       const void *a, size_t a_len, const void *b,
		       size_t b_len, const void *c, size_t c_len,
		       const void *d, size_t d_len)
{
	return write_all(fd, head, head_len) || write_all(fd, a, a_len) ||
	       write_all(fd, b, b_len) || write_all(fd, c, c_len) ||
	       write_all(fd, d, d_len) ? -1 : 0;
}

/* -- the child ------------------------------------------------------ */

static int drop_caps(void)
{
	struct __user_cap_header_struct head = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { 0 };

	return syscall(SYS_capset, &head, data);
}

static int have_caps(void)
{
	struct __user_cap_header_struct head = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &head, data))
		return 1;
	return data[0].effective | data[0].permitted | data[1].effective |
	       data[1].permitted;
}

/* The user's groups, or its gid alone for a uid without an account. */
static int user_groups(uid_t uid, gid_t gid, gid_t **list, size_t *n)
{
	struct passwd pw, *found = NULL;
	uint32_t *groups;
	char buf[4096];
	size_t i;

	getpwuid_r(uid, &pw, buf, sizeof(buf), &found);
	if (!found) {
		*list = malloc(sizeof(**list));
		if (!*list)
			return -1;
		(*list)[0] = gid;
		*n = 1;
		return 0;
	}
	if (broker_user_groups(pw.pw_name, gid, &groups, n))
		return -1;
	*list = malloc(*n * sizeof(**list) ?: 1);
	if (!*list) {
		free(groups);
		return -1;
	}
	for (i = 0; i < *n; i++)
		(*list)[i] = groups[i];
	free(groups);
	return 0;
}

static int verify(uid_t uid, gid_t gid, const char **why)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) || ru != uid || eu != uid || su != uid) {
		*why = "the uid did not change";
		return -1;
	}
	if (getresgid(&rg, &eg, &sg) || rg != gid || eg != gid || sg != gid) {
		*why = "the gid did not change";
		return -1;
	}
	if (uid && (!setresuid(0, 0, 0) || !setresgid(0, 0, 0))) {
		*why = "root could be regained";
		return -1;
	}
	if (have_caps()) {
		*why = "capabilities are left";
		return -1;
	}
	return 0;
}

/*
 * Become @uid for good: groups, gid, uid, no capabilities, not
 * dumpable, and a new session keyring, so that nothing of the broker's
 * (root's) session keyring is within reach of KEYRING: caches.
 */
static int become(uid_t uid, gid_t gid, const char **why)
{
	gid_t *groups;
	size_t n;

	*why = "the user's groups";
	if (user_groups(uid, gid, &groups, &n))
		return -1;
	if (setgroups(n, groups)) {
		free(groups);
		*why = "setgroups";
		return -1;
	}
	free(groups);
	if (setresgid(gid, gid, gid)) {
		*why = "setresgid";
		return -1;
	}
	if (setresuid(uid, uid, uid)) {
		*why = "setresuid";
		return -1;
	}
	if (drop_caps()) {
		*why = "capset";
		return -1;
	}
	if (verify(uid, gid, why))
		return -1;
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* a kernel without keyrings has no session keyring to leave */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
		    KEY_SPEC_SESSION_KEYRING, 0) >= 0) {
		*why = "a session keyring of its own";
		return -1;
	}
	return 0;
}

static int reply(int fd, struct broker_result *r)
{
	struct child_reply rep = {
		.status = r->status,
		.attrs = r->attrs,
		.expiry = r->expiry,
		.token_len = r->token_len,
		.blob_len = r->blob_len,
		.name_len = r->name ? strlen(r->name) : 0,
		.message_len = r->status == KSECDD_SEC_E_OK ||
			       r->status == KSECDD_SEC_I_CONTINUE_NEEDED ?
			       0 : strlen(r->message),
	};

	return write_parts(fd, &rep, sizeof(rep), r->token, rep.token_len,
			   r->blob, rep.blob_len, r->name, rep.name_len,
			   r->message, rep.message_len);
}

/* A request and its payload: principal, target, token, NUL-ended. */
static int child_read(int fd, struct child_request *req, char **principal,
		      char **target, void **token)
{
	if (read_all(fd, req, sizeof(*req), -1) || req->magic != CHILD_MAGIC ||
	    req->principal_len > TEXT_MAX || req->target_len > TEXT_MAX ||
	    req->token_len > KSECDD_BROKER_TOKEN_MAX)
		return -1;
	*principal = calloc(1, req->principal_len + 1);
	*target = calloc(1, req->target_len + 1);
	*token = malloc(req->token_len ?: 1);
	if (!*principal || !*target || !*token)
		return -1;
	return read_all(fd, *principal, req->principal_len, -1) ||
	       read_all(fd, *target, req->target_len, -1) ||
	       read_all(fd, *token, req->token_len, -1) ? -1 : 0;
}

/* Serves one handshake (or one acquire); false when it is over. */
static bool child_serve(int fd, struct child_request *req,
			struct broker_init **session)
{
	char *principal = NULL, *target = NULL;
	struct broker_result r = { 0 };
	void *token = NULL;
	bool more = false;

	if (child_read(fd, req, &principal, &target, &token))
		goto out;
	if (req->op == CHILD_ACQUIRE)
		broker_acquire_outbound(principal, &r);
	else
		broker_init_leg(session, req->mech, principal, target,
				req->context_req, token, req->token_len, &r);
	more = !reply(fd, &r) && r.status == KSECDD_SEC_I_CONTINUE_NEEDED;
	broker_result_free(&r);
out:
	free(principal);
	free(target);
	free(token);
	return more;
}

/**
 * broker_child_main() - the user child: drop to the user, then serve
 * @fd: the socket to the broker
 *
 * The first request names the user; the child becomes that user before
 * it reads anything else.
 *
 * Return: the exit status.
 */
int broker_child_main(int fd)
{
	struct broker_init *session = NULL;
	struct child_request req;
	struct broker_result r = { 0 };
	const char *why;

	/* nothing of the broker's but the socket, whatever exec kept */
	syscall(SYS_close_range, fd + 1, ~0U, 0);
	/* peek at the user, then read the request itself as that user */
	if (recv(fd, &req, sizeof(req), MSG_PEEK | MSG_WAITALL) !=
	    sizeof(req) || req.magic != CHILD_MAGIC)
		return 1;
	unsetenv("KRB5CCNAME");
	if (become(req.uid, req.gid, &why)) {
		broker_result_fail(&r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "dropping to uid %u gid %u: %s: %s",
				   req.uid, req.gid, why, strerror(errno));
		reply(fd, &r);
		return 1;
	}
	while (child_serve(fd, &req, &session))
		;
	broker_init_free(session);
	return 0;
}

/* -- the broker's side ---------------------------------------------- */

/* the NTLM user file holds every NTLM user's password */
static const char *const hidden_env[] = {
	"KRB5CCNAME=", "KRB5_CLIENT_KTNAME=", "KRB5_KTNAME=",
	"NTLM_USER_FILE=", NULL,
};

/* The broker's environment without its credentials' names. */
static char **child_env(void)
{
	size_t n = 0, i, j;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0, n = 0; environ[i]; i++) {
		for (j = 0; hidden_env[j]; j++)
			if (!strncmp(environ[i], hidden_env[j],
				     strlen(hidden_env[j])))
				break;
		if (!hidden_env[j])
			env[n++] = environ[i];
	}
	return env;
}

static void track(struct broker_user *u, bool add)
{
	struct broker_user **p;

	pthread_mutex_lock(&users_lock);
	if (add) {
		u->next = users;
		users = u;
	} else {
		for (p = &users; *p; p = &(*p)->next)
			if (*p == u) {
				*p = u->next;
				break;
			}
	}
	pthread_mutex_unlock(&users_lock);
}

static struct broker_user *spawn(const struct broker_config *c,
				 struct broker_result *r)
{
	const char *path = c->child_path ?: "/proc/self/exe";
	char *const argv[] = { (char *)path, BROKER_CHILD_ARG, NULL };
	struct broker_user *u = calloc(1, sizeof(*u));
	char **env = child_env();
	int sv[2];

	if (!u || !env)
		goto nomem;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		goto fail;
	u->pid = fork();
	if (u->pid == 0) {
		/* only async-signal-safe calls until exec */
		if (sv[1] == BROKER_CHILD_FD)
			fcntl(sv[1], F_SETFD, 0);
		else if (dup2(sv[1], BROKER_CHILD_FD) < 0)
			_exit(127);
		/*
		 * Files other threads opened without O_CLOEXEC yet (MIT
		 * sets it after open()) would be the user's to read.
		 */
		syscall(SYS_close_range, BROKER_CHILD_FD + 1, ~0U, 0);
		execve(path, argv, env);
		_exit(127);
	}
	close(sv[1]);
	if (u->pid < 0) {
		close(sv[0]);
		goto fail;
	}
	u->fd = sv[0];
	free(env);
	track(u, true);
	return u;
nomem:
	errno = ENOMEM;
fail:
	broker_result_fail(r, errno == ENOMEM ?
			   KSECDD_SEC_E_INSUFFICIENT_MEMORY :
			   KSECDD_SEC_E_INTERNAL_ERROR,
			   "starting a user child (%s): %s", path,
			   strerror(errno));
	free(env);
	free(u);
	return NULL;
}

/**
 * broker_user_free() - end a user child and its handshake
 * @s: the child, or NULL
 */
void broker_user_free(struct broker_user *s)
{
	if (!s)
		return;
	track(s, false);
	close(s->fd);
	/* a child between legs waits for us; one that is done has exited */
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
	free(s);
}

/**
 * broker_user_kill_all() - kill every user child, at shutdown
 *
 * A worker that waits on one sees the socket close and fails its
 * request; broker_user_free() reaps it.
 */
void broker_user_kill_all(void)
{
	struct broker_user *u;

	pthread_mutex_lock(&users_lock);
	for (u = users; u; u = u->next)
		kill(u->pid, SIGKILL);
	pthread_mutex_unlock(&users_lock);
}

static int read_text(int fd, char **out, size_t len, int timeout)
{
	*out = calloc(1, len + 1);
	return !*out || read_all(fd, *out, len, timeout) ? -1 : 0;
}

static int read_reply(int fd, struct broker_result *r, int timeout)
{
	struct child_reply rep;
	char *message = NULL;

	if (read_all(fd, &rep, sizeof(rep), timeout))
		return -1;
	if (rep.token_len > KSECDD_BROKER_TOKEN_MAX ||
	    rep.blob_len > KSECDD_BROKER_TOKEN_MAX ||
	    rep.name_len > TEXT_MAX || rep.message_len > TEXT_MAX) {
		errno = EPROTO;
		return -1;
	}
	r->status = rep.status;
	r->attrs = rep.attrs;
	r->expiry = rep.expiry;
	r->token_len = rep.token_len;
	r->blob_len = rep.blob_len;
	if (read_text(fd, (char **)&r->token, rep.token_len, timeout) ||
	    read_text(fd, (char **)&r->blob, rep.blob_len, timeout))
		return -1;
	if (rep.name_len && read_text(fd, &r->name, rep.name_len, timeout))
		return -1;
	if (read_text(fd, &message, rep.message_len, timeout)) {
		free(message);
		return -1;
	}
	snprintf(r->message, sizeof(r->message), "%s", message);
	free(message);
	if (!rep.token_len) {
		free(r->token);
		r->token = NULL;
	}
	if (!rep.blob_len) {
		free(r->blob);
		r->blob = NULL;
	}
	return 0;
}

/*
 * The child runs as the user: its blob is checked to be an initiator's
 * with no identity and no owner, which is all a user may make.
 */
static void check_blob(struct broker_result *r)
{
	struct ksecdd_packed_ctx *ctx;

	if (r->status != KSECDD_SEC_E_OK)
		return;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
	} else if (!r->blob ||
		   ksecdd_packed_decode(r->blob, r->blob_len, ctx) ||
		   ctx->role != KSECDD_ROLE_INITIATOR || ctx->has_identity ||
		   ctx->has_owner) {
		broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "the user child's context is not an "
				   "initiator's raw context");
	}
	if (ctx)
		explicit_bzero(ctx, sizeof(*ctx));
	free(ctx);
	if (r->status != KSECDD_SEC_E_OK && r->blob) {
		explicit_bzero(r->blob, r->blob_len);
		free(r->blob);
		r->blob = NULL;
		r->blob_len = 0;
	}
}

static uint32_t exchange(const struct broker_config *c, struct broker_user *u,
			 struct child_request *req, const char *principal,
			 const char *target, const void *token,
			 struct broker_result *r)
{
	unsigned int seconds = c->child_timeout ?: c->session_timeout;
	int timeout = seconds * 1000, err;

	if (write_parts(u->fd, req, sizeof(*req), principal,
			req->principal_len, target, req->target_len, token,
			req->token_len, NULL, 0) ||
	    read_reply(u->fd, r, timeout)) {
		err = errno;
		broker_result_free(r);
		if (err == ETIMEDOUT)
			broker_result_fail(r,
					   KSECDD_SEC_E_NO_AUTHENTICATING_AUTHORITY,
					   "the user child did not answer in %u s",
					   seconds);
		else
			broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
					   "the user child failed: %s",
					   strerror(err));
		return r->status;
	}
	if (req->op == CHILD_INIT)
		check_blob(r);
	return r->status;
}

static bool root_refused(const struct broker_config *c, uid_t uid,
			 struct broker_result *r)
{
	if (uid || c->allow_root_initiator)
		return false;
	broker_result_fail(r, KSECDD_SEC_E_NO_CREDENTIALS,
			   "outbound credentials of root are not used "
			   "(allow_root_initiator = no)");
	return true;
}

static struct child_request request(uint32_t op, uid_t uid, gid_t gid,
				    const char *principal, const char *target,
				    size_t token_len)
{
	return (struct child_request){
		.magic = CHILD_MAGIC,
		.op = op,
		.uid = uid,
		.gid = gid,
		.principal_len = principal ? strlen(principal) : 0,
		.target_len = target ? strlen(target) : 0,
		.token_len = token_len,
	};
}

/**
 * broker_user_init() - one leg of an initiator's handshake as user @uid
 * @c: the configuration (allow_root_initiator, session_timeout)
 * @session: the handshake's child, NULL on the first leg; kept on
 *	SEC_I_CONTINUE_NEEDED, ended and NULL otherwise
 * @uid: the user
 * @gid: its group
 * @mech: KSECDD_BROKER_MECH_*
 * @principal: the user's principal, or NULL for its cache's default
 * @target: the SPN
 * @context_req: ISC_REQ_*
 * @token: the acceptor's token (none on the first leg)
 * @token_len: its length
 * @r: the answer
 *
 * Return: @r->status.
 */
uint32_t broker_user_init(const struct broker_config *c,
			  struct broker_user **session, uid_t uid, gid_t gid,
			  uint32_t mech, const char *principal,
			  const char *target, uint32_t context_req,
			  const void *token, size_t token_len,
			  struct broker_result *r)
{
	struct child_request req = request(CHILD_INIT, uid, gid, principal,
					   target, token_len);
	struct broker_user *u = *session;

	req.mech = mech;
	req.context_req = context_req;
	if (!u) {
		if (root_refused(c, uid, r))
			return r->status;
		u = spawn(c, r);
		if (!u)
			return r->status;
	}
	if (token_len > KSECDD_BROKER_TOKEN_MAX ||
	    req.principal_len > TEXT_MAX || req.target_len > TEXT_MAX)
		broker_result_fail(r, KSECDD_SEC_E_INVALID_PARAMETER,
				   "names or token too long");
	else
		exchange(c, u, &req, principal, target, token, r);
	if (r->status == KSECDD_SEC_I_CONTINUE_NEEDED) {
		*session = u;
		return r->status;
	}
	broker_user_free(u);
	*session = NULL;
	return r->status;
}

/**
 * broker_user_acquire() - user @uid's outbound credentials
 * @c: the configuration
 * @uid: the user
 * @gid: its group
 * @principal: the principal, or NULL for the default cache's
 * @r: the answer: @r->name and @r->expiry
 *
 * Return: @r->status.
 */
uint32_t broker_user_acquire(const struct broker_config *c, uid_t uid,
			     gid_t gid, const char *principal,
			     struct broker_result *r)
{
	struct child_request req = request(CHILD_ACQUIRE, uid, gid, principal,
					   NULL, 0);
	struct broker_user *u;

	if (root_refused(c, uid, r))
		return r->status;
	if (req.principal_len > TEXT_MAX) {
		broker_result_fail(r, KSECDD_SEC_E_INVALID_PARAMETER,
				   "principal too long");
		return r->status;
	}
	u = spawn(c, r);
	if (!u)
		return r->status;
	exchange(c, u, &req, principal, NULL, NULL, r);
	if (r->status == KSECDD_SEC_E_OK && !r->name)
		broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "the user child named no principal");
	broker_user_free(u);
	return r->status;
}
