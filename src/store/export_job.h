/*
 * export_job: export_usb() (store/export.h) as a job on the app's queue
 * (job/job.h), so the screen keeps drawing, and answering, while a slow
 * USB stick takes its time over the fsyncs. The thread exports through
 * its own database connection (store_open on data_dir: SQLite connections
 * are not shared across threads here). The files it writes hold personal
 * data; nothing is logged.
 *
 * Ownership: export_job_new() copies every string of its options and
 * takes word_ctx (freed with word_free when the job is freed, also when
 * it returns NULL); job.free frees it all. The caller sets job.done,
 * starts it with job_start() and reads err and r there.
 *
 * CAREKIOSK_TEST_EXPORT_GATE (tests only) names a FIFO the export waits on
 * before it starts, standing in for a slow stick.
 */
#ifndef KIOSK_EXPORT_JOB_H
#define KIOSK_EXPORT_JOB_H

#include "job/job.h"
#include "store/export.h"

#include <stdint.h>

struct export_job_opts {
	const char *data_dir;	/* the leads database's folder */
	const char *usb_dirs, *device;	/* config.usb_dirs, config.device_name */
	const char *col[EXPORT_NCOLS];	/* CSV headings (NULL: the column id) */
	/* The words for answers (export_labels.word), on the job's thread. */
	const char *(*word)(void *ctx, const char *col, const char *id);
	void *word_ctx;
	void (*word_free)(void *ctx);
	int64_t now_ms;
};

struct export_job {
	struct job job;		/* first (job/job.h) */
	/* Results, read once job.done runs. */
	enum export_err err;
	struct export_usb_result r;

	/* The thread's own copies (export_job.c). */
	char *data_dir, *usb_dirs, *device, *gate;
	char *col[EXPORT_NCOLS];
	const char *(*word)(void *ctx, const char *col, const char *id);
	void *word_ctx;
	void (*word_free)(void *ctx);
	int64_t now_ms;
};

/* An export with job.run, job.free and keeps_awake set; NULL when memory
 * ran out. */
struct export_job *export_job_new(const struct export_job_opts *o);

#endif
