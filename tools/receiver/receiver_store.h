/*
 * receiver_store: where the reference receiver keeps leads, behind a small
 * table of operations so another backend (PostgreSQL, for a fleet of kiosks
 * feeding one database) can sit beside the SQLite one without touching the
 * HTTP side. Owned by tools/receiver.
 *
 * Contract for every backend:
 * - put() is called from many threads at once; the backend serialises as
 *   it needs. Deciding "new, same or different" and inserting is atomic:
 *   two concurrent puts of one id store one row.
 * - STORED is returned only once the row is durable (committed).
 * - "Same" compares the canonical body (receiver_check.h): what the kiosk
 *   sent, keys sorted, no white space.
 * - Errors never carry a lead's content.
 */
#ifndef RECEIVER_STORE_H
#define RECEIVER_STORE_H

#include <stddef.h>

/* One stored lead. Strings are borrowed; optional ones may be NULL. */
struct rlead {
	const char *id;			/* lower-case UUID: the key */
	const char *created_at;		/* when the visitor saved it (kiosk clock) */
	const char *received_at;	/* when this receiver first stored it (UTC) */
	const char *device, *event, *app_version, *content_version, *lang;
	const char *answers;		/* the answers object, canonical JSON */
	const char *body;		/* the whole canonical body */
};

enum rstore_put {
	RSTORE_STORED,		/* new: now stored */
	RSTORE_SAME,		/* this id was stored before with identical content */
	RSTORE_CONFLICT,	/* this id is stored with different content */
	RSTORE_FAILED,		/* could not store; err says why */
};

struct rstore;

struct rstore_ops {
	const char *name;
	/* Stores lead (its received_at is set by the backend). */
	enum rstore_put (*put)(struct rstore *s, const struct rlead *lead, char *err, size_t n);
	/* Calls cb for every lead, oldest received first; a non-zero return
	 * stops and is returned. -1 on a storage error (err filled). */
	int (*each)(struct rstore *s, int (*cb)(void *ctx, const struct rlead *lead), void *ctx,
		    char *err, size_t n);
	void (*close)(struct rstore *s);
};

struct rstore {
	const struct rstore_ops *ops;
};

/* Opens the store named by where: for now a SQLite file path (created with
 * mode 0600). NULL on failure with err filled. */
struct rstore *rstore_open(const char *where, char *err, size_t n);

/* The SQLite backend (receiver_store_sqlite.c). */
struct rstore *rstore_sqlite_open(const char *path, char *err, size_t n);

#endif
