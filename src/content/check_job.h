/*
 * check_job: content_check_at() (content/check.h) as a job on the app's
 * queue (job/job.h), so a slow SD card never freezes the screen while
 * staff mode's Check content reads every file.
 *
 * Ownership: check_job_new() copies its folders; the job owns them and
 * its results, and job.free frees it all. The caller sets job.done, starts
 * it with job_start() and reads the results there.
 */
#ifndef KIOSK_CHECK_JOB_H
#define KIOSK_CHECK_JOB_H

#include "content/check.h"
#include "content/diag.h"
#include "job/job.h"

struct check_job {
	struct job job;		/* first (job/job.h) */
	char *config_dir, *asset_dir;
	struct content_day today;	/* the stale checks' */

	/* Results: problems (counted), what is out of date, and each
	 * language's review and strings shown in English (neither counted). */
	size_t problems;
	struct content_check_counts counts;
	struct diag_list diag, stale, langs;
};

/* A check of config_dir (pictures under asset_dir) as of today, with
 * job.run, job.free and keeps_awake set; NULL when memory ran out. */
struct check_job *check_job_new(const char *config_dir, const char *asset_dir,
				const struct content_day *today);

#endif
