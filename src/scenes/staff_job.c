/*
 * staff_job.c: staff mode's slow actions, Export to USB and Check content,
 * as jobs on the app's queue (store/export_job.h, content/check_job.h), so
 * the screen keeps drawing (and answering) while a slow USB stick takes
 * its time over the fsyncs. See staff_int.h. When the loop wakes,
 * its done turns the result into the same dialog text as ever. A scene that ends
 * first cancels it: the thread finishes alone, the queue frees the job,
 * and its result is dropped.
 */
#include "scenes/scenes.h"

#include "content/check_job.h"
#include "content/form.h"
#include "scenes/staff_int.h"
#include "store/export_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void export_done(struct job *j, void *owner, void *ctx);
static void check_done(struct job *j, void *owner, void *ctx);

static const char *find_label(void *ctx, const char *key)
{
	return strtab_find(ctx, key);
}

/* An export with its own copies of what it needs from app. */
static struct job *export_new(struct app *app)
{
	struct export_labels l;
	export_labels_from(&l, find_label, &app->content.str);
	struct export_job_opts o = {
		.data_dir = app->data_dir, .usb_dirs = app->content.cfg.usb_dirs,
		.device = app->content.cfg.device_name, .now_ms = app_wall_ms(app),
		.word = form_words_copy_word, .word_free = form_words_copy_free,
		.word_ctx = form_words_copy(&app->content.form, &app->content.roles,
					    strtab_find(&app->content.str, "form.roles.unsure")),
	};
	if (!o.word_ctx)
		return NULL;
	memcpy(o.col, l.col, sizeof o.col);
	struct export_job *x = export_job_new(&o);
	if (!x)
		return NULL;
	x->job.done = export_done;
	return &x->job;
}

/* What runs: the config folder, or the office's data/content/v<N>. */
static struct job *check_new(struct app *app)
{
	struct content_day today;
	staff_day(app_wall_ms(app), &today);
	struct check_job *x = check_job_new(app->content.config_dir, app->asset_dir, &today);
	if (!x)
		return NULL;
	x->job.done = check_done;
	return &x->job;
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
	struct job *x = kind == MO_EXPORT_BUSY ? export_new(app) : check_new(app);
	if (!x) {
		s->job_failed = STORE_NOMEM;
		return;
	}
	/* No thread: the busy dialog shows why at the next update, never a
	 * USB export run on the UI thread. */
	if (job_start(app->jobs, x, s) != JOB_OK) {
		s->job_failed = STORE_NOMEM;
		return;
	}
	s->job = x;
}

void staff_job_drop(struct app *app, struct staff_state *s)
{
	if (s->job)
		job_cancel(app->jobs, s->job);
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
static void done(struct staff_state *s)
{
	s->job = NULL;	/* the queue frees it after this */
	s->modal = MO_MESSAGE;
	memset(&s->dlg_scroll, 0, sizeof s->dlg_scroll);
}

static void export_done(struct job *j, void *owner, void *ctx)
{
	struct export_job *x = (struct export_job *)j;
	export_text(ctx, owner, x->err, &x->r);
	done(owner);
}

static void check_done(struct job *j, void *owner, void *ctx)
{
	struct check_job *x = (struct check_job *)j;
	check_text(ctx, owner, x->problems, &x->counts, &x->diag, &x->stale, &x->langs);
	done(owner);
}
