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
#define KEY_BOOT "staff.pin_lock_boot"	/* "<boot id> <boot ms the lock ends>" */

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
	char boot_id[PIN_BOOT_ID_MAX];	/* the boot boot_until counts in; "" = none */
	int64_t boot_until;
};

static enum store_err read_counters(struct store *st, struct counters *c)
{
	char *hash = NULL, *boot = NULL;
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
	err = store_kv_get(st, KEY_BOOT, &boot);
	if (err && err != STORE_NOTFOUND)
		return err;
	long long ms;
	if (boot && sscanf(boot, "%39s %lld", c->boot_id, &ms) == 2)
		c->boot_until = (int64_t)ms;
	else
		c->boot_id[0] = '\0';
	free(boot);
	return STORE_OK;
}

/* Judges the counters at t. Within the boot the lock was measured in, the
 * boot clock says how much is left, whatever the wall clock did; otherwise
 * the wall clock does, and a lock that ends further away than its own
 * length means it went back: then it ends one length from now. Either way
 * the counters are brought in line (true is returned: the caller stores
 * them): the wall end moves to where the lock really ends, so the
 * countdown staff see is the one that holds, and a lock first seen in
 * this boot is measured on its clock from then on. */
static bool judge(struct counters *c, const struct pin_time *t, struct pin_status *out)
{
	bool moved = false;
	memset(out, 0, sizeof *out);
	out->set = c->set;
	out->lockouts = (int)(c->lockouts > 1000 ? 1000 : c->lockouts);
	int64_t len = pin_lock_ms(out->lockouts - 1);
	bool same_boot = t->boot_id[0] && !strcmp(c->boot_id, t->boot_id);
	int64_t left = !c->until ? 0 : same_boot ? c->boot_until - t->boot_ms : c->until - t->wall_ms;
	left = left < 0 ? 0 : left > len ? len : left;
	if (!left) {
		int64_t left_try = PIN_TRIES - c->fails;
		out->tries_left = (int)(left_try < 1 ? 1 : left_try);
		if (c->until > t->wall_ms) {	/* over by the boot clock */
			c->until = t->wall_ms;
			moved = true;
		}
		return moved;
	}
	out->locked_until_ms = t->wall_ms + left;
	if (out->locked_until_ms - c->until > 1000 || c->until - out->locked_until_ms > 1000) {
		c->until = out->locked_until_ms;
		moved = true;
	}
	if (t->boot_id[0] && (!same_boot || c->boot_until != t->boot_ms + left)) {
		snprintf(c->boot_id, sizeof c->boot_id, "%s", t->boot_id);
		c->boot_until = t->boot_ms + left;
		moved = true;
	}
	return moved;
}

/* Writes the counters in one transaction. */
static enum store_err write_counters(struct store *st, const struct counters *c)
{
	char boot[PIN_BOOT_ID_MAX + 32];
	snprintf(boot, sizeof boot, "%s %lld", c->boot_id, (long long)c->boot_until);
	enum store_err err;
	if ((err = store_db_begin(st)))
		return err;
	if ((err = kv_put_int(st, KEY_FAILS, c->fails)) ||
	    (err = kv_put_int(st, KEY_LOCKOUTS, c->lockouts)) ||
	    (err = kv_put_int(st, KEY_UNTIL, c->until)) ||
	    (err = store_kv_set(st, KEY_BOOT, c->until && c->boot_id[0] ? boot : NULL)) ||
	    (err = store_db_commit(st)))
		store_db_rollback(st);
	return err;
}

/* Reads and judges the counters; what judge() moved is stored (not on a
 * read-only connection: kioskctl only looks). */
static enum store_err read_judged(struct store *st, struct counters *c, const struct pin_time *t,
				  struct pin_status *out)
{
	enum store_err err = read_counters(st, c);
	if (err) {
		memset(out, 0, sizeof *out);
		return err;
	}
	if (judge(c, t, out) && !st->read_only)
		err = write_counters(st, c);
	return err;
}

enum store_err pin_status_at(struct store *st, const struct pin_time *t, struct pin_status *out)
{
	struct counters c;
	if (!st || !t || !out)
		return STORE_INVALID;
	return read_judged(st, &c, t, out);
}

enum store_err pin_status(struct store *st, int64_t now_ms, struct pin_status *out)
{
	return pin_status_at(st, &(struct pin_time){.wall_ms = now_ms}, out);
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
static enum store_err count_wrong(struct store *st, struct counters *c, const struct pin_time *t)
{
	c->fails++;
	if (c->fails >= PIN_TRIES) {
		int64_t len = pin_lock_ms((int)c->lockouts);
		c->until = t->wall_ms + len;
		snprintf(c->boot_id, sizeof c->boot_id, "%s", t->boot_id);
		c->boot_until = t->boot_ms + len;
		c->lockouts++;
		c->fails = 0;
	}
	return write_counters(st, c);
}

enum pin_err pin_check_at(struct store *st, const char *pin, const struct pin_time *t,
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
	if (!st || !pin || !t) {
		*serr = STORE_INVALID;
		return PIN_STORE;
	}
	if ((*serr = read_judged(st, &c, t, out)))
		return PIN_STORE;
	if (!out->set)
		return PIN_NOT_SET;
	if (out->locked_until_ms)
		return PIN_LOCKED;
	if (sodium_init() < 0)
		return PIN_NOMEM;
	if (verify(st, pin, serr)) {
		if ((*serr = write_counters(st, &(struct counters){0})))
			return PIN_STORE;
		judge(&(struct counters){.set = true}, t, out);
		return PIN_OK;
	}
	if (*serr)
		return PIN_STORE;
	ret = pin_format_ok(pin) ? PIN_WRONG : PIN_BAD_FORMAT;
	if ((*serr = count_wrong(st, &c, t)))
		return PIN_STORE;
	judge(&c, t, out);
	return out->locked_until_ms ? PIN_LOCKED : ret;
}

enum pin_err pin_check(struct store *st, const char *pin, int64_t now_ms,
		       struct pin_status *out, enum store_err *serr)
{
	return pin_check_at(st, pin, &(struct pin_time){.wall_ms = now_ms}, out, serr);
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
	    (*serr = kv_put_int(st, KEY_UNTIL, 0)) || (*serr = store_kv_set(st, KEY_BOOT, NULL)) ||
	    (*serr = store_db_commit(st))) {
		store_db_rollback(st);
		return PIN_STORE;
	}
	return PIN_OK;
}
