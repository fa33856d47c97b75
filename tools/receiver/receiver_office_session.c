/*
 * receiver_office_session.c: office sessions, in this process's memory only
 * (a restart signs everyone out, and no session id or key reaches the
 * database). Every function here runs with the office's mutex held.
 */
#include "receiver_office.h"

#include "store/seal.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

void office_random(char hex[OFFICE_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, OFFICE_TOKEN_LEN, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void office_session_end(struct osession *s)
{
	seal_office_free(s->key);	/* wipes the secret key */
	sodium_memzero(s, sizeof *s);
}

/* Ends the sessions idle for longer than the limit, wiping their keys, so
 * an unlocked key does not outlive its session by more than one request. */
static void sweep(struct office *o, time_t now)
{
	if (!o->idle_s)
		return;
	for (int i = 0; i < OFFICE_SESSIONS; i++)
		if (o->s[i].used && now - o->s[i].last > o->idle_s) {
			office_audit(o, &o->s[i], o->s[i].key ? "expired-key-wiped" : "expired",
				     NULL);
			office_session_end(&o->s[i]);
		}
}

void office_sessions_sweep(struct office *o)
{
	sweep(o, time(NULL));
}

struct osession *office_session_new(struct office *o, const char *user)
{
	time_t now = time(NULL);
	sweep(o, now);
	struct osession *s = NULL;
	for (int i = 0; i < OFFICE_SESSIONS; i++)
		if (!o->s[i].used && !s)
			s = &o->s[i];
	if (!s) {
		/* Full: the longest idle session makes way. */
		s = &o->s[0];
		for (int i = 1; i < OFFICE_SESSIONS; i++)
			if (o->s[i].last < s->last)
				s = &o->s[i];
		office_session_end(s);
	}
	s->used = true;
	office_random(s->id);
	office_random(s->csrf);
	snprintf(s->user, sizeof s->user, "%s", user);
	s->last = now;
	return s;
}

struct osession *office_session_get(struct office *o, struct MHD_Connection *c)
{
	time_t now = time(NULL);
	sweep(o, now);
	const char *id = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ck_session");
	if (!id || strlen(id) != OFFICE_TOKEN_LEN - 1)
		return NULL;
	struct osession *found = NULL;
	for (int i = 0; i < OFFICE_SESSIONS; i++)
		if (o->s[i].used && !sodium_memcmp(o->s[i].id, id, OFFICE_TOKEN_LEN - 1))
			found = &o->s[i];
	if (found)
		found->last = now;
	return found;
}

bool office_csrf_ok(const struct osession *s, const char *got)
{
	return got && strlen(got) == OFFICE_TOKEN_LEN - 1 &&
	       !sodium_memcmp(s->csrf, got, OFFICE_TOKEN_LEN - 1);
}

void office_cookie(const struct office *o, const char *name, const char *value, char *out,
		   size_t n)
{
	snprintf(out, n, "%s=%s; Path=/office; HttpOnly; SameSite=Strict%s%s", name, value,
		 o->tls ? "; Secure" : "", *value ? "" : "; Max-Age=0");
}
