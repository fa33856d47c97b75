/*
 * check_job: Check content on a job's thread (check_job.h).
 */
#include "content/check_job.h"

#include <stdlib.h>
#include <string.h>

static void check_free(struct job *j)
{
	struct check_job *x = (struct check_job *)j;	/* j is the start of it */
	free(x->config_dir);
	free(x->asset_dir);
	diag_free(&x->diag);
	diag_free(&x->stale);
	diag_free(&x->langs);
	free(x);
}

static void check_run(struct job *j)
{
	struct check_job *x = (struct check_job *)j;
	x->problems = content_check_at(x->config_dir, x->asset_dir, &x->diag, &x->counts,
				       &x->langs, &x->stale, &x->today);
}

struct check_job *check_job_new(const char *config_dir, const char *asset_dir,
				const struct content_day *today)
{
	struct check_job *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->job.run = check_run;
	x->job.free = check_free;
	x->job.keeps_awake = true;	/* staff are there, waiting for it */
	x->config_dir = config_dir ? strdup(config_dir) : NULL;
	x->asset_dir = asset_dir ? strdup(asset_dir) : NULL;
	x->today = *today;
	if ((config_dir && !x->config_dir) || (asset_dir && !x->asset_dir)) {
		check_free(&x->job);
		return NULL;
	}
	return x;
}
