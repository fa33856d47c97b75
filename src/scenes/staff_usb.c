/*
 * staff_usb.c: staff mode's "Update content from USB" (see staff_int.h):
 * the dialogs' words around net/content_usb.h's jobs, which find the
 * stick, install its content out of sight and stage it after Install.
 */
#include "scenes/scenes.h"

#include "content/courses.h"
#include "net/content_usb.h"
#include "scenes/staff_int.h"
#include "store/export.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void job_done(struct job *j, void *owner, void *ctx);

static struct content_usb *usb_new(struct app *app, enum content_usb_phase phase, long version)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/content", app->data_dir);
	const struct config *c = &app->content.cfg;
	struct content_usb_opts o = {
		.usb_dirs = c->usb_dirs, .content_dir = dir, .asset_dir = app->asset_dir,
		.public_key = c->content_public_key, .running_dir = app->content.config_dir,
		.allow_unsigned = c->content_allow_usb_unsigned, .running = &app->content,
	};
	courses_names(&app->content.str, o.days, o.months);
	staff_day(app_wall_ms(app), &o.today);
	struct content_usb *x = content_usb_new(phase, version, &o);
	if (x)
		x->job.done = job_done;
	return x;
}

/* Starts phase; false when it could not (the message is set). */
static bool usb_start(struct app *app, struct staff_state *s, enum content_usb_phase phase)
{
	struct content_usb *x = usb_new(app, phase, s->usb_version);
	if (!x || job_start(app->jobs, &x->job, s) != JOB_OK) {
		staff_fill1(s->dialog, sizeof s->dialog, app_str(app, "staff.usb.failed"), "{why}",
			    store_strerror(STORE_NOMEM));
		s->modal = MO_MESSAGE;
		return false;
	}
	s->usb = x;
	s->modal = MO_USB_BUSY;
	s->job_started = app->ui.now;
	return true;
}

void staff_usb_start(struct app *app, struct staff_state *s)
{
	staff_usb_drop(app, s);
	s->usb_version = 0;
	usb_start(app, s, CONTENT_USB_LOOK);
}

void staff_usb_answer(struct app *app, struct staff_state *s, bool install)
{
	if (s->modal != MO_USB_CONFIRM)
		return;
	/* From here the job owns the version: a scene that ends meanwhile lets
	 * it finish alone (Install still installs). */
	if (usb_start(app, s, install ? CONTENT_USB_APPLY : CONTENT_USB_DROP))
		s->usb_version = 0;
}

void staff_usb_drop(struct app *app, struct staff_state *s)
{
	if (s->usb)
		job_cancel(app->jobs, &s->usb->job);
	s->usb = NULL;
	/* A bundle waiting for an answer nobody will give: removed by a job
	 * of its own, whose result nobody waits for. */
	if (s->usb_version) {
		struct content_usb *x = usb_new(app, CONTENT_USB_DROP, s->usb_version);
		if (x && job_start(app->jobs, &x->job, NULL) == JOB_OK)
			job_cancel(app->jobs, &x->job);
		s->usb_version = 0;
	}
}

/* "a, b and 2 more" of at most three. */
static void list_text(struct app *app, const struct diff_list *l, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && i < 3; i++)
		k += (size_t)snprintf(out + k, k < n ? n - k : 0, "%s%s", i ? ", " : "", l->v[i]);
	if (l->n > 3 && k < n) {
		char num[24], more[64];
		snprintf(num, sizeof num, "%zu", l->n - 3);
		staff_fill1(more, sizeof more, app_str(app, "staff.usb.more"), "{n}", num);
		snprintf(out + k, n - k, ", %s", more);
	}
}

static void add_line(struct staff_state *s, const char *text)
{
	size_t len = strlen(s->dialog);
	if (len + 2 < sizeof s->dialog)
		snprintf(s->dialog + len, sizeof s->dialog - len, "%s%s", len ? "\n" : "", text);
}

/* Sessions: the count, then up to three of them. */
static void sessions_text(struct app *app, struct staff_state *s, const char *key,
			  const struct diff_list *l, char sign)
{
	if (!l->n)
		return;
	char num[24], line[1100];
	snprintf(num, sizeof num, "%zu", l->n);
	staff_fill1(line, sizeof line, app_str(app, key), "{n}", num);
	add_line(s, line);
	for (size_t i = 0; i < l->n && i < 3; i++) {
		snprintf(line, sizeof line, "%c %s", sign, l->v[i]);
		add_line(s, line);
	}
	if (l->n > 3) {
		snprintf(num, sizeof num, "%zu", l->n - 3);
		staff_fill1(line, sizeof line, app_str(app, "staff.usb.more"), "{n}", num);
		add_line(s, line);
	}
}

static void roles_text(struct app *app, struct staff_state *s, const char *key,
		       const struct diff_list *l)
{
	if (!l->n)
		return;
	char list[600], line[800];
	list_text(app, l, list, sizeof list);
	staff_fill1(line, sizeof line, app_str(app, key), "{list}", list);
	add_line(s, line);
}

/* The confirm dialog's words: what it is, then what changes. */
static void confirm_text(struct app *app, struct staff_state *s, const struct content_usb *x)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", x->version);
	s->dialog[0] = '\0';
	staff_fill1(s->dialog, sizeof s->dialog,
		    app_str(app, x->is_signed ? "staff.usb.signed" : "staff.usb.unsigned_ok"), "{n}",
		    num);
	add_line(s, "");
	const struct content_diff *d = &x->diff;
	sessions_text(app, s, "staff.usb.added", &d->added, '+');
	sessions_text(app, s, "staff.usb.removed", &d->removed, '-');
	roles_text(app, s, "staff.usb.roles_added", &d->roles_added);
	roles_text(app, s, "staff.usb.roles_removed", &d->roles_removed);
	roles_text(app, s, "staff.usb.roles_changed", &d->roles_changed);
	if (content_diff_empty(d))
		add_line(s, app_str(app, "staff.usb.no_change"));
}

static void result_text(struct app *app, struct staff_state *s, const struct content_usb *x)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", x->version);
	const char *const slots[][2] = {{"{n}", num}, {"{why}", x->why}};
	const char *key = x->res == CONTENT_USB_NO_STICK    ? "staff.usb.no_stick"
			  : x->res == CONTENT_USB_NOTHING   ? "staff.usb.nothing"
			  : x->res == CONTENT_USB_UNSIGNED  ? "staff.usb.unsigned"
			  : x->res == CONTENT_USB_SAME	    ? "staff.usb.same"
			  : x->res == CONTENT_USB_INSTALLED ? "staff.usb.done"
			  : x->res == CONTENT_USB_FAILED    ? "staff.usb.failed"
			  : x->res == CONTENT_USB_DROPPED   ? "staff.usb.cancelled"
						    : "staff.usb.refused";
	staff_fill(s->dialog, sizeof s->dialog, app_str(app, key), slots, 2);
}

/* On the UI thread, when the loop wakes after the job ended. */
static void job_done(struct job *j, void *owner, void *ctx)
{
	struct content_usb *x = (struct content_usb *)j;
	struct staff_state *s = owner;
	struct app *app = ctx;
	s->usb = NULL;	/* the queue frees it after this */
	memset(&s->dlg_scroll, 0, sizeof s->dlg_scroll);
	if (x->res == CONTENT_USB_READY) {
		s->usb_version = x->version;
		confirm_text(app, s, x);
		s->modal = MO_USB_CONFIRM;
		return;
	}
	s->usb_version = 0;	/* installed, dropped or never there */
	if (x->res == CONTENT_USB_INSTALLED)
		app_content_reread(app);	/* staged: shown from the next attract screen */
	result_text(app, s, x);
	s->modal = MO_MESSAGE;
	staff_refresh(app, s);
}
