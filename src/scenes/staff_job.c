/*
 * staff_job.c: staff mode's slow actions, Export to USB and Check content,
 * on a worker thread, so the screen keeps drawing (and answering) while a
 * slow USB stick takes its time over the fsyncs. See staff_int.h.
 *
 * Like slip_job.c, it is a job on the app's queue (job/job.h). The thread
 * works from its own copies (paths, device name, CSV headings, job titles)
 * and its own database connection and stores the result in the job; when
 * the loop wakes, job_done turns it into the same dialog text as ever. A
 * scene that ends first cancels it: the thread finishes alone, the queue
 * frees the job, and its result is dropped.
 */
#include "scenes/scenes.h"

#include "content/check.h"
#include "store/export.h"
#include "content/form.h"
#include "scenes/staff_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct job_role {
	char *id, *title;
};

struct staff_job {
	struct job job;		/* first (job/job.h) */
	enum staff_modal kind;	/* MO_EXPORT_BUSY or MO_CHECK_BUSY */

	/* Inputs: the thread's own copies (NULL where the app had none). */
	char *data_dir, *config_dir, *asset_dir, *usb_dirs, *device;
	char *col[EXPORT_NCOLS];	/* CSV headings */
	char *not_sure;			/* the "not-sure" job's words */
	struct job_role *roles;		/* job titles by id */
	size_t nroles;
	int64_t now_ms;
	char *gate;			/* CAREKIOSK_TEST_EXPORT_GATE, or NULL */

	/* Export: the form content, for job_word(): the app's bundle, which
	 * read-only is safe to share, and is not replaced while a job runs
	 * (app.c reloads only with no job pending). */
	const struct form_content *form;
	struct form_words words;

	/* Results, read by the scene once done is set. */
	enum export_err err;
	struct export_usb_result r;
	size_t problems;
	struct content_check_counts counts;
	struct diag_list diag;
	struct content_day today;	/* the stale checks' */
	struct diag_list stale, langs;
};

static void job_free(struct staff_job *x)
{
	if (!x)
		return;
	free(x->data_dir);
	free(x->config_dir);
	free(x->asset_dir);
	free(x->usb_dirs);
	free(x->device);
	free(x->gate);
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		free(x->col[i]);
	free(x->not_sure);
	for (size_t i = 0; i < x->nroles; i++) {
		free(x->roles[i].id);
		free(x->roles[i].title);
	}
	free(x->roles);
	diag_free(&x->diag);
	diag_free(&x->stale);
	diag_free(&x->langs);
	free(x);
}

static void free_job(struct job *j)
{
	job_free((struct staff_job *)j);	/* j is the start of its staff_job */
}

/* strdup that keeps NULL; *oom set when memory ran out. */
static char *dup_str(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*oom = true;
	return d;
}

/* Export answers in the words the visitor saw: job titles from the copy,
 * option labels from the form content the thread loaded itself. */
static const char *job_word(void *ctx, const char *col, const char *id)
{
	struct staff_job *x = ctx;
	if (!strcmp(col, "roles") && strcmp(id, "not-sure")) {
		for (size_t i = 0; i < x->nroles; i++)
			if (!strcmp(x->roles[i].id, id))
				return x->roles[i].title;
		return NULL;
	}
	return form_answer_words(&x->words, col, id);
}

/* Tests only: a slow stick. CAREKIOSK_TEST_EXPORT_GATE names a FIFO; the
 * export waits (at most 2 minutes) until the test writes a byte into it,
 * so the test decides when it ends, whatever the machine's speed. Opened
 * without blocking, a FIFO with no writer yet polls as "nothing to read"
 * until one writes: the wait is on that, not on a sleep loop. */
static void wait_gate(const char *gate)
{
	if (!gate)
		return;
	int fd = open(gate, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "carekiosk: test gate %s: %s\n", gate, strerror(errno));
		return;
	}
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (poll(&p, 1, 120000) < 0 && errno == EINTR)
		;
	close(fd);
}

static void run_export(struct staff_job *x)
{
	wait_gate(x->gate);
	struct store *st = NULL;
	enum store_err se = store_open(x->data_dir, NULL, &st);
	if (se != STORE_OK) {
		x->err = EXPORT_STORE;
		x->r.store_err = se;
		return;
	}
	x->words = (struct form_words){x->form, NULL, x->not_sure};
	struct export_labels labels = {.word = job_word, .word_ctx = x};
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		labels.col[i] = x->col[i];
	x->err = export_usb(st, x->usb_dirs, x->device, &labels, x->now_ms, &x->r);
	store_close(st);
}

/* On the job's thread. */
static void job_run(struct job *j)
{
	struct staff_job *x = (struct staff_job *)j;
	if (x->kind == MO_EXPORT_BUSY) {
		run_export(x);
	} else {
		/* Problems (counted), what is out of date, then each language's
		 * review and strings shown in English (neither counted). */
		x->problems = content_check_at(x->config_dir, x->asset_dir, &x->diag, &x->counts,
					       &x->langs, &x->stale, &x->today);
	}
}

static void job_done(struct job *j, void *owner, void *ctx);

static const char *find_label(void *ctx, const char *key)
{
	return strtab_find(ctx, key);
}

/* Copies what an export needs from app; false when memory ran out. */
static bool copy_export_inputs(struct app *app, struct staff_job *x)
{
	bool oom = false;
	struct export_labels l;
	export_labels_from(&l, find_label, &app->content.str);
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		x->col[i] = dup_str(l.col[i], &oom);
	x->not_sure = dup_str(strtab_find(&app->content.str, "form.roles.unsure"), &oom);
	x->usb_dirs = dup_str(app->content.cfg.usb_dirs, &oom);
	x->device = dup_str(app->content.cfg.device_name, &oom);
	x->form = &app->content.form;
	x->data_dir = dup_str(app->data_dir, &oom);
	x->roles = app->content.roles.n ? calloc(app->content.roles.n, sizeof *x->roles) : NULL;
	if (app->content.roles.n && !x->roles)
		return false;
	for (size_t i = 0; i < app->content.roles.n; i++) {
		const struct role *r = &app->content.roles.v[i];
		if (!r->id || !r->title)
			continue;
		x->roles[x->nroles].id = dup_str(r->id, &oom);
		x->roles[x->nroles++].title = dup_str(r->title, &oom);
	}
	x->now_ms = app_wall_ms(app);
	const char *g = getenv("CAREKIOSK_TEST_EXPORT_GATE");
	x->gate = g && *g ? dup_str(g, &oom) : NULL;
	return !oom;
}

static struct staff_job *job_new(struct app *app, enum staff_modal kind)
{
	struct staff_job *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->kind = kind;
	bool oom = false;
	/* What runs: the config folder, or the office's data/content/v<N>. */
	x->config_dir = dup_str(app->content.config_dir, &oom);
	x->asset_dir = dup_str(app->asset_dir, &oom);
	staff_day(app_wall_ms(app), &x->today);
	if (oom || (kind == MO_EXPORT_BUSY && !copy_export_inputs(app, x))) {
		job_free(x);
		return NULL;
	}
	x->job.run = job_run;
	x->job.done = job_done;
	x->job.free = free_job;
	x->job.keeps_awake = true;	/* staff are there, waiting for it */
	return x;
}

void staff_job_start(struct app *app, struct staff_state *s, enum staff_modal kind)
{
	staff_job_drop(app, s);
	s->modal = kind;
	s->job_started = app->ui.now;
	s->job_failed = STORE_OK;
	if (kind == MO_EXPORT_BUSY && !app_store(app)) {
		s->job_failed = app->store_err;	/* shown as it always was */
		return;
	}
	struct staff_job *x = job_new(app, kind);
	if (!x) {
		s->job_failed = STORE_NOMEM;
		return;
	}
	/* No thread: the busy dialog shows why at the next update, never a
	 * USB export run on the UI thread. */
	if (job_start(app->jobs, &x->job, s) != JOB_OK) {
		s->job_failed = STORE_NOMEM;
		return;
	}
	s->job = x;
}

void staff_job_drop(struct app *app, struct staff_state *s)
{
	if (s->job)
		job_cancel(app->jobs, &s->job->job);
	s->job = NULL;
}

/* The export's result in words, exactly as staff always saw it. */
static void export_text(struct app *app, struct staff_state *s, enum export_err err,
			const struct export_usb_result *r)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", err ? 0 : r->count);
	const char *const slots[][2] = {
		{"{n}", num}, {"{dir}", err ? "" : r->dir}, {"{file}", err ? "" : r->csv_name},
		{"{json}", err ? "" : r->json_name}, {"{readme}", err ? "" : r->readme_name},
		{"{error}", err == EXPORT_WRITE ? strerror(r->sys_errno)
			    : err == EXPORT_STORE ? store_strerror(r->store_err)
						  : ""},
	};
	const char *key = err == EXPORT_OK && r->sealed ? "staff.export.done_sealed"
			  : err == EXPORT_OK	    ? (r->count == 1 ? "staff.export.done_one"
								     : "staff.export.done")
			  : err == EXPORT_EMPTY	    ? "staff.export.empty"
			  : err == EXPORT_NO_DRIVE  ? "staff.export.no_drive"
			  : err == EXPORT_WRITE	    ? "staff.export.write"
						    : "staff.export.store";
	staff_fill(s->dialog, sizeof s->dialog, app_str(app, key), slots, 6);
	if (err == EXPORT_OK && r->sealed < r->count) {
		size_t len = strlen(s->dialog);
		snprintf(s->dialog + len, sizeof s->dialog - len, "\n%s",
			 app_str(app, "staff.export.unsealed"));
	}
	if (err == EXPORT_OK && r->store_err) {
		size_t len = strlen(s->dialog);
		snprintf(s->dialog + len, sizeof s->dialog - len, "\n%s",
			 app_str(app, "staff.export.not_marked"));
	}
	staff_refresh(app, s);
}

/* Appends "\n" and text to the dialog, when it fits. */
static void dialog_add(struct staff_state *s, const char *text)
{
	size_t len = strlen(s->dialog);
	if (len + 2 < sizeof s->dialog)
		snprintf(s->dialog + len, sizeof s->dialog - len, "\n%s", text ? text : "");
}

static void check_text(struct app *app, struct staff_state *s, size_t n,
		       const struct content_check_counts *c, const struct diag_list *diag,
		       const struct diag_list *stale, const struct diag_list *langs)
{
	char a[16], b[16], d[16], num[16];
	snprintf(a, sizeof a, "%d", c->roles);
	snprintf(b, sizeof b, "%d", c->quiz);
	snprintf(d, sizeof d, "%d", c->courses);
	snprintf(num, sizeof num, "%zu", n);
	const char *const slots[][2] = {{"{roles}", a}, {"{quiz}", b}, {"{courses}", d}, {"{n}", num}};
	staff_fill(s->dialog, sizeof s->dialog,
		   app_str(app, n == 0 ? "staff.check.ok" : n == 1 ? "staff.check.problem"
								   : "staff.check.problems"),
		   slots, 4);
	for (size_t i = 0; diag && i < diag->n; i++)
		dialog_add(s, diag->msgs[i]);
	/* The stale warnings in kioskctl check's words, under their heading. */
	if (stale && stale->n) {
		dialog_add(s, "");
		dialog_add(s, app_str(app, "staff.check.stale"));
	}
	for (size_t i = 0; stale && i < stale->n; i++)
		dialog_add(s, stale->msgs[i]);
	if (langs && langs->n)
		dialog_add(s, "");
	for (size_t i = 0; langs && i < langs->n; i++)
		dialog_add(s, langs->msgs[i]);
	if (s->content.refused[0]) {	/* the office's last bundle, whole */
		char why[CONTENT_WHY_LEN + 128];
		staff_fill1(why, sizeof why, app_str(app, "staff.content.refused"), "{why}",
			    s->content.refused);
		dialog_add(s, "");
		dialog_add(s, why);
	}
}

/* A job that could not start: its message, from s->job_failed. */
static void failed_text(struct app *app, struct staff_state *s)
{
	if (s->modal == MO_EXPORT_BUSY) {
		struct export_usb_result r = {.store_err = s->job_failed};
		export_text(app, s, EXPORT_STORE, &r);
		return;
	}
	/* Out of memory before the check could start: one problem, in words. */
	const struct content_check_counts c = {0};
	const char *msg = store_strerror(s->job_failed);
	const struct diag_list d = {(char **)&msg, 1, 1};
	check_text(app, s, 1, &c, &d, NULL, NULL);
}

/* A job that could not start shows its message at the scene's next update. */
void staff_job_update(struct app *app, struct staff_state *s)
{
	if ((s->modal != MO_EXPORT_BUSY && s->modal != MO_CHECK_BUSY) || s->job)
		return;
	failed_text(app, s);
	s->modal = MO_MESSAGE;
	memset(&s->dlg_scroll, 0, sizeof s->dlg_scroll);
}

/* On the UI thread, when the loop wakes after the job ended. */
static void job_done(struct job *j, void *owner, void *ctx)
{
	struct staff_job *x = (struct staff_job *)j;
	struct staff_state *s = owner;
	struct app *app = ctx;
	s->job = NULL;	/* the queue frees it after this */
	if (x->kind == MO_EXPORT_BUSY)
		export_text(app, s, x->err, &x->r);
	else
		check_text(app, s, x->problems, &x->counts, &x->diag, &x->stale, &x->langs);
	s->modal = MO_MESSAGE;
	memset(&s->dlg_scroll, 0, sizeof s->dlg_scroll);
}
