/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksecdd-broker: the handshakes of kernel callers, run with MIT krb5's
 * GSS-API.  The GSS-API part (accept and init legs, the mapping of a
 * client principal to a local account, the mapping of GSS/krb5 errors
 * to SECURITY_STATUS, the raw packed context) does not need /dev/ksecdd,
 * so that the host test drives it directly; daemon.c adds the channel.
 */
#ifndef KSECDD_BROKER_H
#define KSECDD_BROKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <gssapi/gssapi.h>

#include <linux/ksecdd.h>

/* The kernel's name for the attribute; userspace headers have none. */
#ifndef __printf
#define BROKER_FORMAT	format
#define __printf(a, b)	__attribute__((BROKER_FORMAT(printf, a, b)))
#endif

/* The Windows values of <ksecdd/sspi.h>, a kernel header. */
#define BROKER_ISC_REQ_DELEGATE		0x00000001
#define BROKER_ISC_REQ_MUTUAL_AUTH	0x00000002
#define BROKER_ISC_REQ_REPLAY_DETECT	0x00000004
#define BROKER_ISC_REQ_SEQUENCE_DETECT	0x00000008
#define BROKER_ISC_REQ_CONFIDENTIALITY	0x00000010
#define BROKER_ISC_REQ_USE_DCE_STYLE	0x00000200
#define BROKER_ISC_REQ_INTEGRITY	0x00010000

#define BROKER_CRED_INBOUND		0x1	/* SECPKG_CRED_INBOUND */
#define BROKER_CRED_OUTBOUND		0x2	/* SECPKG_CRED_OUTBOUND */

/* What an ACQUIRE INBOUND answers: the keys of a keytab do not end. */
#define BROKER_EXPIRY_NEVER		INT64_MAX

/* An explicit mapping: this principal is that account. */
struct broker_map {
	char *principal;
	char *account;
};

struct broker_config {
	char *keytab;			/* NULL: the system's default */
	char *principal;		/* default acceptor, or NULL */
	char *realm;			/* NAME@realm is NAME; or NULL */
	struct broker_map *maps;
	size_t nmaps;
	char **strip_realms;		/* NAME@REALM is NAME for these */
	size_t nstrip;
	bool auth_to_local;		/* then krb5.conf's auth_to_local */
	/* NTLM: on when set; gss-ntlmssp's users and their passwords */
	char *ntlm_user_file;
	char *gss_mech_config;		/* NULL: MIT's /etc/gss/mech{,.d} */
	char **ntlm_domains;		/* DOMAIN\user is user for these */
	size_t nntlm_domains;
	bool allow_root_initiator;
	unsigned int workers;
	unsigned int session_timeout;	/* seconds a session may idle */
	/* seconds a user child may take to answer; 0: session_timeout */
	unsigned int child_timeout;
	char *child_path;		/* the program a user child runs */
};

void broker_config_init(struct broker_config *c);
int broker_config_line(struct broker_config *c, const char *line,
		       char *error, size_t error_len);
int broker_config_load(struct broker_config *c, const char *path,
		       char *error, size_t error_len);
void broker_config_free(struct broker_config *c);
int broker_config_environment(const struct broker_config *c);

/*
 * What a request gets: the answer's fields, and for a failure the
 * message the log shows.  Free with broker_result_free(), which zeroes
 * the blob (it holds the context's keys).
 */
struct broker_result {
	uint32_t status;
	uint32_t attrs;
	int64_t expiry;
	void *token;
	size_t token_len;
	void *blob;
	size_t blob_len;
	char *name;
	char message[512];
};

void broker_result_free(struct broker_result *r);
__printf(3, 4)
void broker_result_fail(struct broker_result *r, uint32_t status,
			const char *fmt, ...);

/* The failures a step of a handshake or an acquire can have. */
enum broker_step {
	BROKER_STEP_ACCEPT,	/* gss_accept_sec_context, acceptor creds */
	BROKER_STEP_INIT,	/* gss_init_sec_context */
	BROKER_STEP_ACQUIRE_IN,	/* keytab */
	BROKER_STEP_ACQUIRE_OUT, /* the user's credentials cache */
};

uint32_t broker_gss_status(enum broker_step step, OM_uint32 major,
			   OM_uint32 minor);
uint32_t broker_krb5_status(enum broker_step step, int32_t code);
int32_t broker_gss_fail(struct broker_result *r, enum broker_step step,
			const char *what, OM_uint32 major, OM_uint32 minor);
const char *broker_status_name(uint32_t status);

/* Identity of the local account a client principal maps to. */
struct broker_identity {
	char account[256];
	uid_t uid;
	gid_t gid;
	uint32_t *groups;
	size_t ngroups;
};

int broker_map_principal(const struct broker_config *c, gss_name_t name,
			 const char *principal, struct broker_identity *id,
			 char *error, size_t error_len);
int broker_map_name(const struct broker_config *c, const char *principal,
		    char *account, size_t len);
int broker_map_ntlm(const struct broker_config *c, const char *name,
		    struct broker_identity *id, char *error,
		    size_t error_len);
int broker_user_groups(const char *account, gid_t gid, uint32_t **groups,
		       size_t *ngroups);

/* One acceptor's handshake, across its legs. */
struct broker_accept;

uint32_t broker_accept_leg(const struct broker_config *c,
			   struct broker_accept **session, uint32_t mech,
			   const char *principal, const void *token,
			   size_t token_len, struct broker_result *r);
void broker_accept_free(struct broker_accept *s);

/*
 * One initiator's handshake in this process, with this process's
 * credentials: what a user child runs.
 */
struct broker_init;

uint32_t broker_init_leg(struct broker_init **session, uint32_t mech,
			 const char *principal, const char *target,
			 uint32_t context_req, const void *token,
			 size_t token_len, struct broker_result *r);
void broker_init_free(struct broker_init *s);
uint32_t broker_acquire_inbound(const struct broker_config *c,
				uint32_t mech, const char *principal,
				struct broker_result *r);
uint32_t broker_acquire_outbound(const char *principal,
				 struct broker_result *r);
OM_uint32 broker_gss_req_flags(uint32_t context_req);

/*
 * A handshake or an acquire as user @uid, in a child process that has
 * dropped to that user before touching any credentials.
 */
struct broker_user;

uint32_t broker_user_init(const struct broker_config *c,
			  struct broker_user **session, uid_t uid, gid_t gid,
			  uint32_t mech, const char *principal,
			  const char *target, uint32_t context_req,
			  const void *token, size_t token_len,
			  struct broker_result *r);
uint32_t broker_user_acquire(const struct broker_config *c, uid_t uid,
			     gid_t gid, const char *principal,
			     struct broker_result *r);
void broker_user_free(struct broker_user *s);
void broker_user_kill_all(void);
int broker_child_main(int fd);

#define BROKER_CHILD_ARG	"--user-child"
#define BROKER_CHILD_FD		3

/* A handshake between its legs (session.c). */
enum broker_session_kind { BROKER_SESSION_ACCEPT, BROKER_SESSION_INIT };

struct broker_session {
	struct broker_session *next;
	uint64_t id;
	enum broker_session_kind kind;
	uint32_t mech;
	uint32_t uid;			/* INIT: the user whose child it is */
	bool busy;			/* a leg of it is being served */
	bool released;			/* RELEASE came while it was busy */
	time_t last;
	struct broker_accept *accept;
	struct broker_user *user;
};

struct broker_session *broker_session_take(uint64_t id,
					   enum broker_session_kind kind,
					   uint32_t mech, uint32_t uid);
struct broker_session *broker_session_new(enum broker_session_kind kind,
					  uint32_t mech, uint32_t uid);
void broker_session_put(struct broker_session *s, bool keep);
void broker_session_release(uint64_t id);
size_t broker_session_sweep(unsigned int timeout, bool all);
size_t broker_session_count(void);

/* Logging: stderr, or syslog after broker_log_syslog(). */
void broker_log_syslog(void);
void broker_log_debug(bool on);
__printf(2, 3)
void broker_log(int priority, const char *fmt, ...);

#endif /* KSECDD_BROKER_H */
