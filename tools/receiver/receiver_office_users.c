/*
 * receiver_office_users.c: the office's users: `carekiosk-receiver user add
 * NAME` (the password read from stdin, stored only as libsodium's
 * crypto_pwhash_str, Argon2id), signing in, and the lockout: every fifth
 * wrong password in a row locks the account, for 1, 5, 15, then 60 minutes
 * (as the kiosk's staff PIN). The count and the lock are in the database,
 * so a restart does not lift them.
 */
#include "receiver_office.h"

#include "receiver_tokens.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS_MIN 10
#define PASS_MAX 256
#define TRIES 5

static const int lock_minutes[] = {1, 5, 15, 60};

static long long lock_for(int failures)
{
	int k = failures / TRIES - 1, n = (int)(sizeof lock_minutes / sizeof lock_minutes[0]);
	return 60LL * lock_minutes[k < n ? k : n - 1];
}

int office_sign_in(struct office *o, const char *name, const char *pass, char *msg, size_t n)
{
	char err[300];
	struct ruser u = {0};
	int found = rtoken_name_ok(name) ? o->store->ops->user_get(o->store, name, &u, err, sizeof err)
					 : 0;
	long long now = (long long)time(NULL);
	if (found < 0) {
		fprintf(stderr, "carekiosk-receiver: office sign-in: %s\n", err);
		snprintf(msg, n, "The database cannot be reached. Try again in a minute.");
		return -1;
	}
	if (found && u.locked_until > now) {
		long long m = (u.locked_until - now + 59) / 60;
		snprintf(msg, n, "This account is locked after too many wrong passwords. Try again in "
				 "%lld minute%s.", m, m == 1 ? "" : "s");
		return -1;
	}
	bool ok = found && crypto_pwhash_str_verify(u.hash, pass, strlen(pass)) == 0;
	sodium_memzero(u.hash, sizeof u.hash);
	if (!found) {
		snprintf(msg, n, "Wrong name or password.");
		return -1;
	}
	int failures = ok ? 0 : u.failures + 1;
	long long until = !ok && failures % TRIES == 0 ? now + lock_for(failures) : 0;
	if ((failures != u.failures || until) &&
	    o->store->ops->user_set_lock(o->store, name, failures, until, err, sizeof err)) {
		fprintf(stderr, "carekiosk-receiver: office sign-in: %s\n", err);
		snprintf(msg, n, "The database cannot be reached. Try again in a minute.");
		return -1;
	}
	if (ok)
		return 0;
	if (until)
		snprintf(msg, n, "Wrong password. The account is now locked for %lld minute%s.",
			 (until - now) / 60, until - now == 60 ? "" : "s");
	else
		snprintf(msg, n, "Wrong name or password.");
	return -1;
}

void office_audit(struct office *o, const struct osession *s, const char *action,
		  const char *ids)
{
	char err[300];
	if (o->store->ops->audit_add(o->store, s->user, action, ids, err, sizeof err))
		fprintf(stderr, "carekiosk-receiver: office audit (%s): %s\n", action, err);
}

static const char usage[] =
	"usage: carekiosk-receiver user add NAME --db FILE|URI\n"
	"  an account for the office page (NAME: A-Z a-z 0-9 . _ -, up to 64). The password\n"
	"  (at least 10 characters) is read from the first line of stdin; only its Argon2id\n"
	"  hash is stored.\n";

static int add(const char *name, const char *db)
{
	char pass[PASS_MAX + 2], hash[crypto_pwhash_STRBYTES], err[300];
	if (!fgets(pass, sizeof pass, stdin)) {
		fprintf(stderr, "carekiosk-receiver: give the password on stdin\n");
		return 2;
	}
	pass[strcspn(pass, "\r\n")] = '\0';
	size_t len = strlen(pass);
	int rc = 1;
	if (len < PASS_MIN || len > PASS_MAX) {
		fprintf(stderr, "carekiosk-receiver: a password is %d to %d characters\n", PASS_MIN,
			PASS_MAX);
		rc = 2;
		goto out;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pass, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE)) {
		fprintf(stderr, "carekiosk-receiver: out of memory hashing the password\n");
		goto out;
	}
	struct rstore *s = rstore_open(db, NULL, err, sizeof err);
	if (!s) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		goto out;
	}
	int r = s->ops->user_add(s, name, hash, err, sizeof err);
	if (r == 0) {
		fprintf(stderr, "carekiosk-receiver: %s can now sign in to the office page\n", name);
		rc = 0;
	} else if (r == 1) {
		fprintf(stderr, "carekiosk-receiver: there is a user called %s already\n", name);
	} else {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
	}
	s->ops->close(s);
out:
	sodium_memzero(pass, sizeof pass);
	return rc;
}

int office_user_cmd(int argc, char **argv)
{
	if (argc != 5 || strcmp(argv[1], "add") || strcmp(argv[3], "--db")) {
		fprintf(stderr, "%s", usage);
		return 2;
	}
	if (!rtoken_name_ok(argv[2])) {
		fprintf(stderr, "carekiosk-receiver: a user name is 1 to 64 of A-Z a-z 0-9 . _ -\n");
		return 2;
	}
	return add(argv[2], argv[4]);
}
