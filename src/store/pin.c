/*
 * pin.c: the staff PIN hash and its lockout counters, in the kv table.
 * See pin.h for the rules.
 */
#include "store/pin.h"

#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_HASH "staff.pin_hash"
#define KEY_FAILS "staff.pin_fails"
#define KEY_LOCKOUTS "staff.pin_lockouts"
#define KEY_UNTIL "staff.pin_locked_until"

#define MINUTE_MS INT64_C(60000)

static const int64_t lock_minutes[] = {1, 5, 15, 60};
#define NLOCKS ((int)(sizeof lock_minutes / sizeof lock_minutes[0]))

bool pin_format_ok(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
		return false;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return false;
	return true;
}

int64_t pin_lock_ms(int n)
{
	if (n < 0)
		n = 0;
	if (n >= NLOCKS)
		n = NLOCKS - 1;
	return lock_minutes[n] * MINUTE_MS;
}

/* A number from kv; absent or unreadable counts as 0. */
static enum store_err kv_int(struct store *st, const char *key, int64_t *out)
{
	char *v = NULL;
	*out = 0;
	enum store_err err = store_kv_get(st, key, &v);
	if (err == STORE_NOTFOUND)
		return STORE_OK;
	if (err)
		return err;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (end != v && *end == '\0' && n > 0)
		*out = (int64_t)n;
	free(v);
	return STORE_OK;
}

static enum store_err kv_put_int(struct store *st, const char *key, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return store_kv_set(st, key, v ? buf : NULL);
}

/* The raw counters, before any judgement about now. */
struct counters {
	bool set;
	int64_t fails, lockouts, until;
};

static enum store_err read_counters(struct store *st, struct counters *c)
{
	char *hash = NULL;
	memset(c, 0, sizeof *c);
	enum store_err err = store_kv_get(st, KEY_HASH, &hash);
	if (err && err != STORE_NOTFOUND)
		return err;
	c->set = hash && *hash;
	free(hash);
	if ((err = kv_int(st, KEY_FAILS, &c->fails)) ||
	    (err = kv_int(st, KEY_LOCKOUTS, &c->lockouts)) ||
	    (err = kv_int(st, KEY_UNTIL, &c->until)))
		return err;
	return STORE_OK;
}

/* Judges the counters at now. A lock that ends further away than its own
 * length means the clock went back: it then ends one length from now, and
 * c->until is moved there (true is returned: the caller stores it), so the
 * end the screen counts down to is the end that holds. */
static bool judge(struct counters *c, int64_t now_ms, struct pin_status *out)
{
	bool moved = false;
	memset(out, 0, sizeof *out);
	out->set = c->set;
	out->lockouts = (int)(c->lockouts > 1000 ? 1000 : c->lockouts);
	if (c->until > now_ms) {
		int64_t len = pin_lock_ms(out->lockouts - 1);
		if (c->until - now_ms > len) {
			c->until = now_ms + len;
			moved = true;
		}
		out->locked_until_ms = c->until;
		return moved;
	}
	int64_t left = PIN_TRIES - c->fails;
	out->tries_left = (int)(left < 1 ? 1 : left);
	return false;
}

static enum store_err write_counters(struct store *st, int64_t fails, int64_t lockouts,
				     int64_t until);

/* Reads and judges the counters; a lock end moved by judge() is stored
 * (not on a read-only connection: kioskctl only looks). */
static enum store_err read_judged(struct store *st, struct counters *c, int64_t now_ms,
				  struct pin_status *out)
{
	enum store_err err = read_counters(st, c);
	if (err) {
		memset(out, 0, sizeof *out);
		return err;
	}
	if (judge(c, now_ms, out) && !st->read_only)
		err = write_counters(st, c->fails, c->lockouts, c->until);
	return err;
}

enum store_err pin_status(struct store *st, int64_t now_ms, struct pin_status *out)
{
	struct counters c;
	if (!st || !out)
		return STORE_INVALID;
	return read_judged(st, &c, now_ms, out);
}

/* Writes the three counters in one transaction. */
static enum store_err write_counters(struct store *st, int64_t fails, int64_t lockouts,
				     int64_t until)
{
	enum store_err err;
	if ((err = store_db_begin(st)))
		return err;
	if ((err = kv_put_int(st, KEY_FAILS, fails)) ||
	    (err = kv_put_int(st, KEY_LOCKOUTS, lockouts)) ||
	    (err = kv_put_int(st, KEY_UNTIL, until)) || (err = store_db_commit(st)))
		store_db_rollback(st);
	return err;
}

static bool verify(struct store *st, const char *pin, enum store_err *err)
{
	char *hash = NULL;
	bool ok = false;
	*err = store_kv_get(st, KEY_HASH, &hash);
	if (*err == STORE_OK && pin_format_ok(pin))
		ok = crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	free(hash);
	return ok;
}

/* A wrong PIN: one more fail, and a lock on the PIN_TRIES-th. */
static enum store_err count_wrong(struct store *st, struct counters *c, int64_t now_ms)
{
	c->fails++;
	if (c->fails >= PIN_TRIES) {
		c->until = now_ms + pin_lock_ms((int)c->lockouts);
		c->lockouts++;
		c->fails = 0;
	}
	return write_counters(st, c->fails, c->lockouts, c->until);
}

enum pin_err pin_check(struct store *st, const char *pin, int64_t now_ms,
		       struct pin_status *out, enum store_err *serr)
{
	struct pin_status tmp;
	struct counters c;
	enum store_err err;
	enum pin_err ret;

	if (!out)
		out = &tmp;
	memset(out, 0, sizeof *out);
	if (!serr)
		serr = &err;
	*serr = STORE_OK;
	if (!st || !pin) {
		*serr = STORE_INVALID;
		return PIN_STORE;
	}
	if ((*serr = read_judged(st, &c, now_ms, out)))
		return PIN_STORE;
	if (!out->set)
		return PIN_NOT_SET;
	if (out->locked_until_ms)
		return PIN_LOCKED;
	if (sodium_init() < 0)
		return PIN_NOMEM;
	if (verify(st, pin, serr)) {
		if ((*serr = write_counters(st, 0, 0, 0)))
			return PIN_STORE;
		judge(&(struct counters){.set = true}, now_ms, out);
		return PIN_OK;
	}
	if (*serr)
		return PIN_STORE;
	ret = pin_format_ok(pin) ? PIN_WRONG : PIN_BAD_FORMAT;
	if ((*serr = count_wrong(st, &c, now_ms)))
		return PIN_STORE;
	judge(&c, now_ms, out);
	return out->locked_until_ms ? PIN_LOCKED : ret;
}

enum pin_err pin_set(struct store *st, const char *pin, enum store_err *serr)
{
	char hash[crypto_pwhash_STRBYTES];
	enum store_err err;

	if (!serr)
		serr = &err;
	*serr = STORE_OK;
	if (!st) {
		*serr = STORE_INVALID;
		return PIN_STORE;
	}
	if (!pin_format_ok(pin))
		return PIN_BAD_FORMAT;
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0)
		return PIN_NOMEM;
	if ((*serr = store_db_begin(st)))
		return PIN_STORE;
	if ((*serr = store_kv_set(st, KEY_HASH, hash)) ||
	    (*serr = kv_put_int(st, KEY_FAILS, 0)) || (*serr = kv_put_int(st, KEY_LOCKOUTS, 0)) ||
	    (*serr = kv_put_int(st, KEY_UNTIL, 0)) || (*serr = store_db_commit(st))) {
		store_db_rollback(st);
		return PIN_STORE;
	}
	return PIN_OK;
}
