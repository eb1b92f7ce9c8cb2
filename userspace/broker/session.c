// SPDX-License-Identifier: GPL-2.0
/*
 * The handshakes between their legs: a table of sessions under random
 * 64-bit ids.  A leg takes its session (busy, so that no other leg or
 * sweep touches it) and puts it back, kept if the handshake goes on;
 * a RELEASE of a busy session marks it, and the leg that holds it frees
 * it when it is done; sessions idle longer than the timeout are swept.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>

#include "broker.h"

static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static struct broker_session *sessions;

static void session_free(struct broker_session *s)
{
	broker_accept_free(s->accept);
	broker_user_free(s->user);
	free(s);
}

static struct broker_session *find_locked(uint64_t id)
{
	struct broker_session *s;

	for (s = sessions; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

static void unlink_locked(struct broker_session *s)
{
	struct broker_session **p;

	for (p = &sessions; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			return;
		}
}

/**
 * broker_session_take() - the session a leg continues, marked busy
 * @id: the session
 * @kind: what the leg is
 * @mech: its mechanism
 * @uid: its user (INIT)
 *
 * Return: the session, or NULL if it is unknown, busy, or of another
 * kind, mechanism or (INIT) user: an INIT leg never reaches the child
 * of another user.
 */
struct broker_session *broker_session_take(uint64_t id,
					   enum broker_session_kind kind,
					   uint32_t mech, uint32_t uid)
{
	struct broker_session *s;

	pthread_mutex_lock(&sessions_lock);
	s = find_locked(id);
	if (s && (s->busy || s->kind != kind || s->mech != mech ||
		  (kind == BROKER_SESSION_INIT && s->uid != uid)))
		s = NULL;
	if (s)
		s->busy = true;
	pthread_mutex_unlock(&sessions_lock);
	return s;
}

/**
 * broker_session_new() - a busy session for a handshake that continues
 * @kind: what it is
 * @mech: its mechanism
 * @uid: its user
 *
 * Return: the session, with a random id that no other has and is not
 * 0, or NULL without memory or randomness.
 */
struct broker_session *broker_session_new(enum broker_session_kind kind,
					  uint32_t mech, uint32_t uid)
{
	struct broker_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->kind = kind;
	s->mech = mech;
	s->uid = uid;
	s->busy = true;
	pthread_mutex_lock(&sessions_lock);
	do {
		if (getrandom(&s->id, sizeof(s->id), 0) != sizeof(s->id)) {
			pthread_mutex_unlock(&sessions_lock);
			free(s);
			return NULL;
		}
	} while (!s->id || find_locked(s->id));
	s->next = sessions;
	sessions = s;
	pthread_mutex_unlock(&sessions_lock);
	return s;
}

/**
 * broker_session_put() - the end of a leg
 * @s: the session the leg held
 * @keep: whether the handshake goes on
 *
 * A session not kept, or released while the leg ran, is freed with its
 * handshake.
 */
void broker_session_put(struct broker_session *s, bool keep)
{
	pthread_mutex_lock(&sessions_lock);
	s->busy = false;
	s->last = time(NULL);
	if (keep && !s->released) {
		pthread_mutex_unlock(&sessions_lock);
		return;
	}
	unlink_locked(s);
	pthread_mutex_unlock(&sessions_lock);
	session_free(s);
}

/**
 * broker_session_release() - RELEASE: the kernel no longer needs @id
 * @id: the session; unknown ones are ignored
 */
void broker_session_release(uint64_t id)
{
	struct broker_session *s;

	pthread_mutex_lock(&sessions_lock);
	s = find_locked(id);
	if (s && s->busy) {
		s->released = true;
		s = NULL;
	} else if (s) {
		unlink_locked(s);
	}
	pthread_mutex_unlock(&sessions_lock);
	if (s) {
		broker_log(LOG_DEBUG, "session %016llx released",
			   (unsigned long long)id);
		session_free(s);
	}
}

/**
 * broker_session_sweep() - drop sessions idle too long
 * @timeout: seconds a session may idle
 * @all: drop every session that is not busy (at exit)
 *
 * Return: how many were dropped.
 */
size_t broker_session_sweep(unsigned int timeout, bool all)
{
	struct broker_session *s, **p, *dead = NULL;
	time_t now = time(NULL);
	size_t n = 0;

	pthread_mutex_lock(&sessions_lock);
	for (p = &sessions; (s = *p);) {
		if (!s->busy && (all || now - s->last > (time_t)timeout)) {
			*p = s->next;
			s->next = dead;
			dead = s;
		} else {
			p = &s->next;
		}
	}
	pthread_mutex_unlock(&sessions_lock);
	while ((s = dead)) {
		dead = s->next;
		if (!all)
			broker_log(LOG_NOTICE, "session %016llx idle for more "
				   "than %u s: dropped",
				   (unsigned long long)s->id, timeout);
		session_free(s);
		n++;
	}
	return n;
}

/**
 * broker_session_count() - sessions in the table
 *
 * Return: their number, busy ones included.
 */
size_t broker_session_count(void)
{
	struct broker_session *s;
	size_t n = 0;

	pthread_mutex_lock(&sessions_lock);
	for (s = sessions; s; s = s->next)
		n++;
	pthread_mutex_unlock(&sessions_lock);
	return n;
}
