/*
 * report: the kiosk's anonymous counts (issue 18), kept in memory as they
 * happen and written to the database's tally table (store.h, "Anonymous
 * counts") in batches on a job thread, so a tap never waits for a disk.
 *
 * A count is a name ("visit.start", "role.preview", ...) and an item (a
 * role id, a step, "" for none), under the event tag and the UTC hour it
 * happened in. Nothing else is kept: no lead id, no answer, no finer time.
 * The names the kiosk counts, and what each means, are listed in README.md
 * ("Counting visits"); adding one is one report_count() call.
 *
 * Threads: a struct report belongs to the UI thread. report_flush() hands a
 * copy of the batch to a job (job/job.h) that opens its own database
 * connection; what it could not write comes back to the batch when the job
 * is handed back. report_close() writes what is left through the caller's
 * connection, at exit.
 */
#ifndef KIOSK_REPORT_H
#define KIOSK_REPORT_H

#include "job/job.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_EVENT_MAX 64	/* bytes of an event tag kept, NUL included */
#define REPORT_ONCE_MAX 32	/* distinct once-per-visit counts in a visit */

struct report_row {
	char event[REPORT_EVENT_MAX];
	char hour[STORE_TALLY_HOUR_LEN];
	char name[STORE_TALLY_NAME_MAX + 1];
	char item[STORE_TALLY_ITEM_MAX + 1];
	long n;
};

struct report_flush_job;

struct report {
	char *data_dir;		/* where leads.db is, for the flush job */
	char event[REPORT_EVENT_MAX];	/* the tag counts go under now */
	struct report_row *rows;	/* not yet handed to a flush */
	size_t nrows, cap;
	char once[REPORT_ONCE_MAX][STORE_TALLY_NAME_MAX + STORE_TALLY_ITEM_MAX + 2];
	size_t nonce;
	struct report_flush_job *flushing;	/* in flight, or NULL */
	uint64_t since_ms;	/* when the oldest row in rows was counted (UI clock) */
};

/* Empty report writing to <data_dir>/leads.db. false: out of memory. */
bool report_open(struct report *r, const char *data_dir);

/* The event tag later counts go under (NULL = ""); cut to fit. */
void report_set_event(struct report *r, const char *event);

/* One more of name (<= STORE_TALLY_NAME_MAX bytes) for item (NULL = "",
 * cut to STORE_TALLY_ITEM_MAX), now (wall_ms: unix ms, only its hour is
 * kept; now_ms: the UI clock, for report_due). In memory only. */
void report_count(struct report *r, int64_t wall_ms, uint64_t now_ms, const char *name,
		  const char *item);
/* The same, but at most once per visit for this name and item (a visit
 * that used read-aloud, that opened any preview). */
void report_count_once(struct report *r, int64_t wall_ms, uint64_t now_ms, const char *name,
		       const char *item);
/* A new visit: once-per-visit counts may count again. */
void report_new_visit(struct report *r);

/* True when rows have waited at least max_age_ms (and none is in flight). */
bool report_due(const struct report *r, uint64_t now_ms, uint64_t max_age_ms);
/* Starts a job writing the batch (nothing to do, or one already in
 * flight: returns true at once). false when it could not start; the rows
 * stay for the next try. */
bool report_flush(struct report *r, struct job_queue *q);

/* Adds the counts not yet in the database for event (all events if NULL)
 * whose hour starts with prefix (e.g. a date "2026-03-03"; NULL or "" =
 * any) to cb, as store_tally_foreach would. For the staff screen. */
void report_foreach_pending(const struct report *r, const char *event, const char *prefix,
			    void (*cb)(void *ctx, const struct store_tally *row), void *ctx);

/* At exit, after job_queue_drain() (drained: what it returned) and before
 * job_queue_close(): writes what is left (the batch, and a flush that
 * failed) through st (NULL: it is lost, and said so on stderr), and frees
 * everything but the flush job, which the queue frees. */
void report_close(struct report *r, struct store *st, bool drained);

#endif
