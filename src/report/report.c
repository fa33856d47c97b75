/*
 * report.c: counting in memory, and writing the batch on a job thread
 * (report.h).
 */
#include "report/report.h"
#include "util/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct report_flush_job {
	struct job job;		/* first: the queue sees a struct job */
	char *data_dir;
	struct report_row *rows;
	size_t nrows;
	enum store_err err;	/* set by run */
};

bool report_open(struct report *r, const char *data_dir)
{
	memset(r, 0, sizeof *r);
	r->data_dir = strdup(data_dir ? data_dir : "");
	return r->data_dir != NULL;
}

void report_set_event(struct report *r, const char *event)
{
	snprintf(r->event, sizeof r->event, "%s", event ? event : "");
}

static struct report_row *find_row(struct report *r, const struct report_row *k)
{
	for (size_t i = 0; i < r->nrows; i++) {
		struct report_row *x = &r->rows[i];
		if (!strcmp(x->name, k->name) && !strcmp(x->item, k->item) &&
		    !strcmp(x->hour, k->hour) && !strcmp(x->event, k->event))
			return x;
	}
	return NULL;
}

/* Adds k's n to the batch. false: out of memory (the count is lost). */
static bool add_row(struct report *r, const struct report_row *k, uint64_t now_ms)
{
	struct report_row *x = find_row(r, k);
	if (x) {
		x->n += k->n;
		return true;
	}
	if (!grow(&r->rows, &r->cap, r->nrows, 32))
		return false;
	if (!r->nrows)
		r->since_ms = now_ms;
	r->rows[r->nrows++] = *k;
	return true;
}

void report_count(struct report *r, int64_t wall_ms, uint64_t now_ms, const char *name,
		  const char *item)
{
	struct report_row k = {.n = 1};
	if (!name || strlen(name) > STORE_TALLY_NAME_MAX ||
	    store_tally_hour(wall_ms, k.hour) != STORE_OK)
		return;
	memcpy(k.event, r->event, sizeof k.event);
	snprintf(k.name, sizeof k.name, "%s", name);
	snprintf(k.item, sizeof k.item, "%s", item ? item : "");
	if (!add_row(r, &k, now_ms))
		fprintf(stderr, "carekiosk: out of memory counting %s\n", name);
}

void report_count_once(struct report *r, int64_t wall_ms, uint64_t now_ms, const char *name,
		       const char *item)
{
	char key[sizeof r->once[0]];
	snprintf(key, sizeof key, "%s/%s", name ? name : "", item ? item : "");
	for (size_t i = 0; i < r->nonce; i++)
		if (!strcmp(r->once[i], key))
			return;
	if (r->nonce < REPORT_ONCE_MAX)
		memcpy(r->once[r->nonce++], key, sizeof key);
	report_count(r, wall_ms, now_ms, name, item);
}

void report_new_visit(struct report *r)
{
	r->nonce = 0;
}

bool report_due(const struct report *r, uint64_t now_ms, uint64_t max_age_ms)
{
	return r->nrows && !r->flushing && now_ms - r->since_ms >= max_age_ms;
}

/* rows as the store's borrowed view; NULL out of memory (or none). */
static struct store_tally *as_tally(const struct report_row *rows, size_t n)
{
	struct store_tally *t = n ? calloc(n, sizeof *t) : NULL;
	for (size_t i = 0; t && i < n; i++)
		t[i] = (struct store_tally){rows[i].event, rows[i].hour, rows[i].name,
					    rows[i].item, rows[i].n};
	return t;
}

static enum store_err write_rows(struct store *st, const struct report_row *rows, size_t n)
{
	struct store_tally *t = as_tally(rows, n);
	enum store_err err = !n ? STORE_OK : t ? store_tally_add(st, t, n) : STORE_NOMEM;
	free(t);
	return err;
}

/* On the job's thread: its own connection, one transaction. */
static void flush_run(struct job *job)
{
	struct report_flush_job *j = (struct report_flush_job *)job;
	struct store *st = NULL;
	j->err = store_open(j->data_dir, NULL, &st);
	if (!j->err)
		j->err = write_rows(st, j->rows, j->nrows);
	store_close(st);
}

static void take_back(struct report *r, struct report_flush_job *j)
{
	for (size_t i = 0; i < j->nrows; i++)
		if (!add_row(r, &j->rows[i], r->since_ms))
			break;
}

/* On the UI thread: rows that could not be written go back in the batch. */
static void flush_done(struct job *job, void *owner, void *ctx)
{
	(void)ctx;
	struct report *r = owner;
	struct report_flush_job *j = (struct report_flush_job *)job;
	r->flushing = NULL;	/* the queue frees j after this */
	if (j->err) {
		fprintf(stderr, "carekiosk: could not write the counts (kept for later): %s\n",
			store_strerror(j->err));
		take_back(r, j);
	}
}

static void flush_free(struct job *job)
{
	struct report_flush_job *j = (struct report_flush_job *)job;
	free(j->data_dir);
	free(j->rows);
	free(j);
}

bool report_flush(struct report *r, struct job_queue *q)
{
	if (!r->nrows || r->flushing)
		return true;
	struct report_flush_job *j = calloc(1, sizeof *j);
	if (!j)
		return false;
	j->job.run = flush_run;
	j->job.done = flush_done;
	j->job.free = flush_free;
	j->data_dir = strdup(r->data_dir);
	j->rows = malloc(r->nrows * sizeof *j->rows);
	if (!j->data_dir || !j->rows) {
		flush_free(&j->job);
		return false;
	}
	memcpy(j->rows, r->rows, r->nrows * sizeof *j->rows);
	j->nrows = r->nrows;
	if (job_start(q, &j->job, r) != JOB_OK)	/* it freed j; the rows stay */
		return false;
	r->flushing = j;
	r->nrows = 0;
	return true;
}

void report_foreach_pending(const struct report *r, const char *event, const char *prefix,
			    void (*cb)(void *ctx, const struct store_tally *row), void *ctx)
{
	size_t pl = prefix ? strlen(prefix) : 0;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *x = &r->rows[i];
		if ((event && strcmp(event, x->event)) || strncmp(x->hour, prefix ? prefix : "", pl))
			continue;
		const struct store_tally t = {x->event, x->hour, x->name, x->item, x->n};
		cb(ctx, &t);
	}
}

void report_close(struct report *r, struct store *st, bool drained)
{
	if (r->flushing && drained && r->flushing->err)
		take_back(r, r->flushing);
	r->flushing = NULL;	/* the queue frees it */
	enum store_err err = r->nrows ? st ? write_rows(st, r->rows, r->nrows) : STORE_IO
				      : STORE_OK;
	if (err)
		fprintf(stderr, "carekiosk: %zu counts could not be written at exit: %s\n", r->nrows,
			store_strerror(err));
	free(r->rows);
	free(r->data_dir);
	memset(r, 0, sizeof *r);
}
