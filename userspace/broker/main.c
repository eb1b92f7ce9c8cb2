// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd-broker: ksecdd's LSA.  It attaches to /dev/ksecdd, reads the
 * handshake requests of kernel callers and answers each one: ACQUIRE
 * checks credentials exist, ACCEPT and INIT run one leg of a handshake
 * with MIT krb5's GSS-API, RELEASE forgets a handshake.  Requests are
 * served by a pool of worker threads, so one slow KDC exchange stalls
 * no other request; a handshake of several legs keeps its state in a
 * session, named by a random 64-bit id, until it completes, fails, is
 * released, or idles longer than session_timeout.  ksecdd-broker(8)
 * documents the daemon.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"

#define DEFAULT_CONFIG	"/etc/ksecdd/broker.conf"

/* Exit statuses, ksecdd-broker(8) lists them. */
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2
#define EXIT_NODEV	3
#define EXIT_DENIED	4
#define EXIT_BUSY	5
#define EXIT_PROTO	6

struct job {
	struct job *next;
	struct ksecdd_broker_request *req;
};

static struct broker_config config;
static int dev = -1;
/* set once, under queue_lock; read anywhere */
static atomic_bool stopping;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static struct job *queue_head, **queue_tail = &queue_head;

static const char *op_name(uint32_t op)
{
	switch (op) {
	case KSECDD_BROKER_ACQUIRE:
		return "ACQUIRE";
	case KSECDD_BROKER_ACCEPT:
		return "ACCEPT";
	case KSECDD_BROKER_INIT:
		return "INIT";
	case KSECDD_BROKER_RELEASE:
		return "RELEASE";
	}
	return "?";
}

static const char *mech_name(uint32_t mech)
{
	return mech == KSECDD_BROKER_MECH_KERBEROS ? "Kerberos" :
	       mech == KSECDD_BROKER_MECH_NEGOTIATE ? "Negotiate" :
	       mech == KSECDD_BROKER_MECH_NTLM ? "NTLM" : "?";
}

/* -- requests ------------------------------------------------------- */

struct request {
	const struct ksecdd_broker_request *hdr;
	char *principal;	/* NUL-terminated copies */
	char *target;
	const void *token;
};

static int answer(const struct request *q, struct broker_result *r,
		  uint64_t session)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a),
		.id = q->hdr->id,
		.result = r->status,
		.attrs = r->attrs,
		.expiry = r->expiry,
		.session = session,
		.token = (uintptr_t)r->token,
		.token_len = r->token_len,
		.blob = (uintptr_t)r->blob,
		.blob_len = r->blob_len,
		.name = (uintptr_t)r->name,
		.name_len = r->name ? strlen(r->name) : 0,
	};
	int err;

	if (a.token_len > KSECDD_BROKER_TOKEN_MAX ||
	    a.blob_len > KSECDD_BROKER_TOKEN_MAX) {
		broker_result_free(r);
		broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "token or context longer than %d bytes",
				   KSECDD_BROKER_TOKEN_MAX);
		return answer(q, r, 0);
	}
	if (!ioctl(dev, KSECDD_IOC_BROKER_ANSWER, &a))
		return 0;
	err = errno;
	if (err == ENOENT) {
		broker_log(LOG_DEBUG, "request %llu: its caller is gone",
			   (unsigned long long)q->hdr->id);
	} else if (!stopping) {
		broker_log(LOG_ERR, "answering request %llu (%s): %s",
			   (unsigned long long)q->hdr->id,
			   broker_status_name(r->status), strerror(err));
		/* the caller must not wait for its timeout: a bare failure */
		if (err == EINVAL && r->status != KSECDD_SEC_E_INTERNAL_ERROR) {
			broker_result_free(r);
			broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
					   "refused answer");
			answer(q, r, 0);
		}
	}
	errno = err;
	return -1;
}

static void log_failure(const struct request *q, const struct broker_result *r)
{
	const struct ksecdd_broker_request *h = q->hdr;

	if (r->status == KSECDD_SEC_E_OK ||
	    r->status == KSECDD_SEC_I_CONTINUE_NEEDED)
		return;
	char user[24] = "";

	/* the user matters only where its credentials cache is used */
	if (h->cred_use == BROKER_CRED_OUTBOUND)
		snprintf(user, sizeof(user), " uid %u", h->uid);
	broker_log(LOG_WARNING, "%s %s principal %s%s%s%s: %s (0x%08x): %s",
		   op_name(h->op), mech_name(h->mech),
		   *q->principal ? q->principal : "(default)",
		   *q->target ? " target " : "", q->target, user,
		   broker_status_name(r->status), r->status,
		   r->message[0] ? r->message : "no details");
}

static void do_acquire(const struct request *q, struct broker_result *r)
{
	const struct ksecdd_broker_request *h = q->hdr;
	struct broker_result in = { 0 };

	switch (h->cred_use) {
	case BROKER_CRED_INBOUND:
		broker_acquire_inbound(&config, h->mech, q->principal, r);
		return;
	case BROKER_CRED_OUTBOUND:
		broker_user_acquire(&config, h->uid, h->gid, q->principal, r);
		return;
	case BROKER_CRED_INBOUND | BROKER_CRED_OUTBOUND:
		/* the user's principal, and keys for it in the keytab */
		if (broker_user_acquire(&config, h->uid, h->gid, q->principal,
					r))
			return;
		if (broker_acquire_inbound(&config, h->mech, r->name, &in)) {
			broker_result_free(r);
			*r = in;
			return;
		}
		broker_result_free(&in);
		return;
	}
	broker_result_fail(r, KSECDD_SEC_E_INVALID_PARAMETER,
			   "credentials use %u", h->cred_use);
}

/* One leg of ACCEPT or INIT, with its session. */
static void do_leg(const struct request *q, struct broker_result *r)
{
	const struct ksecdd_broker_request *h = q->hdr;
	enum broker_session_kind kind = h->op == KSECDD_BROKER_ACCEPT ?
					BROKER_SESSION_ACCEPT :
					BROKER_SESSION_INIT;
	struct broker_accept *acc = NULL;
	struct broker_user *user = NULL;
	struct broker_session *s = NULL;

	if (h->session) {
		s = broker_session_take(h->session, kind, h->mech, h->uid);
		if (!s) {
			broker_result_fail(r, KSECDD_SEC_E_INVALID_HANDLE,
					   "no session %016llx (it ended or "
					   "idled out)",
					   (unsigned long long)h->session);
			log_failure(q, r);
			answer(q, r, 0);
			return;
		}
		acc = s->accept;
		user = s->user;
	}
	if (kind == BROKER_SESSION_ACCEPT)
		broker_accept_leg(&config, &acc, h->mech, q->principal,
				  q->token, h->token_len, r);
	else
		broker_user_init(&config, &user, h->uid, h->gid, h->mech,
				 q->principal, q->target, h->context_req,
				 q->token, h->token_len, r);
	if (r->status == KSECDD_SEC_I_CONTINUE_NEEDED && !s) {
		s = broker_session_new(kind, h->mech, h->uid);
		if (!s) {
			broker_accept_free(acc);
			broker_user_free(user);
			broker_result_free(r);
			broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
					   "no session");
		}
	}
	if (s) {
		s->accept = acc;
		s->user = user;
	}
	log_failure(q, r);
	if (r->status != KSECDD_SEC_I_CONTINUE_NEEDED) {
		answer(q, r, 0);
		if (s)
			broker_session_put(s, false);
		return;
	}
	/* ENOENT: the caller gave up, and will send no RELEASE */
	broker_session_put(s, !answer(q, r, s->id) && !stopping);
}

static int parse(const struct ksecdd_broker_request *h, struct request *q)
{
	const char *p = (const char *)(h + 1);

	q->hdr = h;
	if (memchr(p, '\0', h->principal_len) ||
	    memchr(p + h->principal_len, '\0', h->target_len))
		return -1;
	q->principal = strndup(p, h->principal_len);
	q->target = strndup(p + h->principal_len, h->target_len);
	q->token = p + h->principal_len + h->target_len;
	return q->principal && q->target ? 0 : -1;
}

static void serve(const struct ksecdd_broker_request *h)
{
	struct broker_result r = { 0 };
	struct request q = { 0 };

	if (parse(h, &q)) {
		broker_result_fail(&r, KSECDD_SEC_E_INVALID_PARAMETER,
				   "a name with a NUL, or out of memory");
		q.principal = q.principal ?: strdup("");
		q.target = q.target ?: strdup("");
		if (q.principal && q.target)
			log_failure(&q, &r);
		answer(&q, &r, 0);
		goto out;
	}
	broker_log(LOG_DEBUG, "request %llu: %s %s session %016llx "
		   "principal '%s' target '%s' token %u bytes uid %u",
		   (unsigned long long)h->id, op_name(h->op),
		   mech_name(h->mech), (unsigned long long)h->session,
		   q.principal, q.target, h->token_len, h->uid);
	switch (h->op) {
	case KSECDD_BROKER_ACQUIRE:
		do_acquire(&q, &r);
		log_failure(&q, &r);
		answer(&q, &r, 0);
		break;
	case KSECDD_BROKER_ACCEPT:
	case KSECDD_BROKER_INIT:
		do_leg(&q, &r);
		break;
	default:
		broker_result_fail(&r, KSECDD_SEC_E_UNSUPPORTED_FUNCTION,
				   "unknown operation %u", h->op);
		log_failure(&q, &r);
		answer(&q, &r, 0);
	}
out:
	broker_result_free(&r);
	free(q.principal);
	free(q.target);
}

/* -- workers -------------------------------------------------------- */

static void enqueue(struct ksecdd_broker_request *req)
{
	struct job *j = malloc(sizeof(*j));

	if (!j) {
		/* the caller's wait is bounded: it times out */
		broker_log(LOG_ERR, "out of memory: request %llu dropped",
			   (unsigned long long)req->id);
		free(req);
		return;
	}
	j->req = req;
	j->next = NULL;
	pthread_mutex_lock(&queue_lock);
	*queue_tail = j;
	queue_tail = &j->next;
	pthread_cond_signal(&queue_cond);
	pthread_mutex_unlock(&queue_lock);
}

static void *worker(void *arg)
{
	struct job *j;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&queue_lock);
		while (!queue_head && !stopping)
			pthread_cond_wait(&queue_cond, &queue_lock);
		j = queue_head;
		if (j) {
			queue_head = j->next;
			if (!queue_head)
				queue_tail = &queue_head;
		}
		pthread_mutex_unlock(&queue_lock);
		if (!j)
			return NULL;
		if (!stopping)
			serve(j->req);
		free(j->req);
		free(j);
	}
}

/* -- the channel ---------------------------------------------------- */

static bool valid(const struct ksecdd_broker_request *h, size_t n)
{
	uint64_t payload;

	if (n < sizeof(*h) || h->size != n)
		return false;
	payload = (uint64_t)h->principal_len + h->target_len + h->token_len;
	return payload == n - sizeof(*h) && !h->reserved[0] &&
	       !h->reserved[1];
}

/* One request from the device: RELEASE at once, the rest to a worker. */
static int read_request(void)
{
	struct ksecdd_broker_request *h = malloc(KSECDD_BROKER_REQUEST_MAX);
	ssize_t n;

	if (!h)
		return 0;	/* read again when memory is back */
	n = read(dev, h, KSECDD_BROKER_REQUEST_MAX);
	if (n < 0) {
		free(h);
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		broker_log(LOG_ERR, "reading /dev/ksecdd: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		free(h);
		broker_log(LOG_ERR, "/dev/ksecdd: the module detached the "
			   "broker");
		return -1;
	}
	if (!valid(h, n)) {
		broker_log(LOG_ERR, "a malformed request of %zd bytes: ignored",
			   n);
		free(h);
		return 0;
	}
	if (h->op == KSECDD_BROKER_RELEASE) {
		broker_session_release(h->session);
		free(h);
		return 0;
	}
	enqueue(h);
	return 0;
}

static int attach(void)
{
	struct ksecdd_ioc_broker_attach a = {
		.size = sizeof(a),
		.version = KSECDD_BROKER_VERSION,
	};

	dev = open("/dev/ksecdd", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		if (errno == ENOENT)
			broker_log(LOG_ERR, "/dev/ksecdd does not exist: is "
				   "the ksecdd module loaded?");
		else
			broker_log(LOG_ERR, "/dev/ksecdd: %s", strerror(errno));
		return errno == ENOENT || errno == ENXIO || errno == ENODEV ?
		       EXIT_NODEV : EXIT_DENIED;
	}
	if (ioctl(dev, KSECDD_IOC_BROKER_ATTACH, &a)) {
		switch (errno) {
		case EPERM:
			broker_log(LOG_ERR, "attaching to /dev/ksecdd: needs "
				   "CAP_SYS_ADMIN in the initial user namespace");
			return EXIT_DENIED;
		case EBUSY:
			broker_log(LOG_ERR, "attaching to /dev/ksecdd: another "
				   "broker is attached in this network namespace");
			return EXIT_BUSY;
		case EPROTO:
			broker_log(LOG_ERR, "attaching to /dev/ksecdd: the "
				   "module does not speak broker protocol %d",
				   KSECDD_BROKER_VERSION);
			return EXIT_PROTO;
		case ENOTTY:
			broker_log(LOG_ERR, "attaching to /dev/ksecdd: the "
				   "module has no broker channel");
			return EXIT_PROTO;
		}
		broker_log(LOG_ERR, "attaching to /dev/ksecdd: %s",
			   strerror(errno));
		return EXIT_RUNTIME;
	}
	broker_log(LOG_INFO, "attached: at most %u requests queued, callers "
		   "wait %u ms for an answer", a.queue_max, a.timeout_ms);
	/* a user child slower than the caller's wait is waited for no more */
	config.child_timeout = a.timeout_ms / 1000 + 1;
	if (config.child_timeout > config.session_timeout)
		config.child_timeout = config.session_timeout;
	return 0;
}

/*
 * Detaches: /dev/null takes the descriptor's place, so that the module
 * fails what is pending and late answers of workers go nowhere.
 */
static void detach(void)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null >= 0) {
		dup3(null, dev, O_CLOEXEC);
		close(null);
	} else {
		close(dev);
	}
}

static int serve_loop(int sigfd)
{
	struct pollfd pfd[2] = {
		{ .fd = dev, .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
	};
	struct signalfd_siginfo si;
	int ret;

	for (;;) {
		ret = poll(pfd, 2, 1000);
		if (ret < 0 && errno != EINTR) {
			broker_log(LOG_ERR, "poll: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		if (pfd[1].revents & POLLIN &&
		    read(sigfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo != SIGHUP) {
				broker_log(LOG_INFO, "signal %u: exiting",
					   si.ssi_signo);
				return 0;
			}
			broker_log(LOG_NOTICE, "SIGHUP: the configuration is "
				   "read at start only; restart to change it");
		}
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			broker_log(LOG_ERR, "/dev/ksecdd hung up");
			return EXIT_RUNTIME;
		}
		if (pfd[0].revents & POLLIN && read_request())
			return EXIT_RUNTIME;
		broker_session_sweep(config.session_timeout, false);
	}
}

static void shutdown_all(pthread_t *threads, unsigned int n)
{
	unsigned int i;

	detach();
	pthread_mutex_lock(&queue_lock);
	stopping = true;
	pthread_cond_broadcast(&queue_cond);
	pthread_mutex_unlock(&queue_lock);
	/* workers waiting on a user child see it die */
	broker_user_kill_all();
	for (i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	broker_session_sweep(0, true);
}

/* -- start ---------------------------------------------------------- */

static int usage(FILE *f, int status)
{
	fprintf(f,
		"usage: ksecdd-broker [-f] [-s] [-d] [-c FILE]\n"
		"  -f, --foreground  do not detach from the terminal\n"
		"  -s, --syslog      log to syslog, not to stderr\n"
		"  -d, --debug       log every request\n"
		"  -c, --config FILE configuration (default %s)\n"
		"  -h, --help        this text\n", DEFAULT_CONFIG);
	return status;
}

static int load_config(const char *path, bool given)
{
	char error[512];

	broker_config_init(&config);
	if (broker_config_load(&config, path ?: DEFAULT_CONFIG, error,
			       sizeof(error))) {
		if (errno != ENOENT || given) {
			broker_log(LOG_ERR, "%s", error);
			return -1;
		}
		broker_log(LOG_INFO, "no %s: the defaults apply",
			   DEFAULT_CONFIG);
		broker_config_free(&config);
	}
	if (broker_config_environment(&config)) {
		broker_log(LOG_ERR, "setting the environment: %s",
			   strerror(errno));
		return -1;
	}
	if (config.ntlm_user_file)
		broker_log(LOG_INFO, "NTLM on: users from %s, mechanisms from %s",
			   config.ntlm_user_file,
			   config.gss_mech_config ?: "/etc/gss/mech{,.d}");
	return 0;
}

static int signals(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	/* blocked before the workers start, so they inherit it */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

static int daemonize(void)
{
	pid_t pid = fork();
	int null;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0 || chdir("/"))
		return -1;
	null = open("/dev/null", O_RDWR);
	if (null < 0)
		return -1;
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "syslog", no_argument, NULL, 's' },
		{ "debug", no_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool foreground = false, use_syslog = false;
	const char *config_path = NULL;
	pthread_t *threads;
	unsigned int n = 0;
	int opt, sigfd, ret;

	/* the program a user child runs: the broker itself, re-executed */
	if (argc == 2 && !strcmp(argv[1], BROKER_CHILD_ARG))
		return broker_child_main(BROKER_CHILD_FD);
	while ((opt = getopt_long(argc, argv, "fsdc:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			foreground = true;
			break;
		case 's':
			use_syslog = true;
			break;
		case 'd':
			broker_log_debug(true);
			break;
		case 'c':
			config_path = optarg;
			break;
		case 'h':
			return usage(stdout, 0);
		default:
			return usage(stderr, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return usage(stderr, EXIT_USAGE);
	if (use_syslog)
		broker_log_syslog();
	if (load_config(config_path, config_path))
		return EXIT_USAGE;
	sigfd = signals();
	if (sigfd < 0) {
		broker_log(LOG_ERR, "signals: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	ret = attach();
	if (ret)
		return ret;
	if (!foreground) {
		if (!use_syslog)
			broker_log_syslog();
		if (daemonize()) {
			broker_log(LOG_ERR, "daemon: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	threads = calloc(config.workers, sizeof(*threads));
	if (!threads) {
		broker_log(LOG_ERR, "out of memory");
		return EXIT_RUNTIME;
	}
	for (n = 0; n < config.workers; n++) {
		errno = pthread_create(&threads[n], NULL, worker, NULL);
		if (errno) {
			broker_log(LOG_ERR, "worker thread: %s",
				   strerror(errno));
			break;
		}
	}
	ret = n ? serve_loop(sigfd) : EXIT_RUNTIME;
	shutdown_all(threads, n);
	free(threads);
	broker_config_free(&config);
	close(sigfd);
	return ret;
}
