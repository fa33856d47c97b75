/*
 * staff_usb.c: staff mode's "Update content from USB" (see staff_int.h).
 *
 * Three jobs on the app's queue (job/job.h), never the UI thread:
 *   look    finds the stick (export_find_usb, as Export to USB does), takes
 *           its newest signed bundle (*.ckb, what `carekiosk-receiver
 *           content publish` writes) or, where kiosk.json allows it
 *           (content.allow_usb_unsigned), a plain courses.csv laid over
 *           the running content; installs it with pack_install (verified,
 *           checked, written and fsynced, renamed whole) into the hidden
 *           data/content/.usb/v<N>, where nothing looks; and says what
 *           would change (content/diff.h).
 *   apply   after Install: renames it to data/content/v<N> and marks it
 *           staged in data/content/state (net/content_fetch.h), the way a
 *           fetched bundle waits; the app switches at the attract screen.
 *   drop    after Cancel (or the scene ending first): removes .usb/v<N>.
 * The thread reads the running bundle (app->content): read-only, and the
 * app replaces it only with no job pending. Everything else it has its own
 * copy of.
 */
#include "scenes/scenes.h"

#include "content/check.h"
#include "content/diff.h"
#include "content/pack.h"
#include "content/slurp.h"
#include "net/content_fetch.h"
#include "scenes/staff_int.h"
#include "store/export.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum usb_phase { USB_LOOK, USB_APPLY, USB_DROP };

enum usb_result {
	USB_NO_STICK,
	USB_NOTHING,		/* no bundle, no courses.csv */
	USB_UNSIGNED,		/* only a courses.csv, and unsigned is not allowed */
	USB_REFUSED,		/* why */
	USB_SAME,		/* that version is already here */
	USB_READY,		/* installed in .usb, diff filled: ask */
	USB_INSTALLED,		/* staged */
	USB_FAILED,		/* apply could not: why */
	USB_DROPPED,
};

struct staff_usb {
	struct job job;		/* first (job/job.h) */
	enum usb_phase phase;

	/* Inputs: the thread's own copies. */
	char *usb_dirs, *content_dir, *asset_dir, *public_key, *running_dir;
	bool allow_unsigned;
	const struct bundle *running;	/* app->content: read-only (see above) */
	char *names[19];		/* day names (Sunday first), then months */
	struct content_day today;
	long version;			/* apply / drop: which */

	/* Results. */
	enum usb_result res;
	bool is_signed;
	char why[PACK_WHY_LEN + 64];
	struct content_diff diff;
};

static void usb_free(struct staff_usb *x)
{
	if (!x)
		return;
	free(x->usb_dirs);
	free(x->content_dir);
	free(x->asset_dir);
	free(x->public_key);
	free(x->running_dir);
	for (size_t i = 0; i < 19; i++)
		free(x->names[i]);
	content_diff_free(&x->diff);
	free(x);
}

static void free_job(struct job *j)
{
	usb_free((struct staff_usb *)j);
}

/* The hidden folder a bundle waits in for Install, and its v<N>. */
static void pending_dir(const struct staff_usb *x, long v, char *out, size_t n)
{
	if (v)
		snprintf(out, n, "%s/.usb/v%ld", x->content_dir, v);
	else
		snprintf(out, n, "%s/.usb", x->content_dir);
}

/* The version the kiosk has: running, or waiting to be shown. */
static long have_version(const struct staff_usb *x)
{
	struct content_state st;
	content_state_read(x->content_dir, &st);
	return st.staged > st.running ? st.staged : st.running;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && !strcasecmp(s + a - b, tail);
}

/* The stick's newest bundle (top folder, *.ckb, by version) and its plain
 * courses.csv, either "" when absent. */
static void look_on_stick(const char *stick, char *ckb, char *csv, size_t n)
{
	ckb[0] = csv[0] = '\0';
	DIR *dp = opendir(stick);
	if (!dp)
		return;
	long best = -1;
	struct dirent *e;
	while ((e = readdir(dp))) {
		char path[PATH_MAX];
		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof path, "%s/%s", stick, e->d_name) >= (int)sizeof path)
			continue;
		if (!strcasecmp(e->d_name, "courses.csv")) {
			snprintf(csv, n, "%s", path);
			continue;
		}
		if (!ends_with(e->d_name, ".ckb"))
			continue;
		size_t len = 0;
		unsigned char *buf = (unsigned char *)slurp_file(path, PACK_MAX_BYTES + 4096, &len);
		long v = 0;
		char created[24];
		if (buf && pack_peek(buf, len, &v, created) == PACK_OK && v > best) {
			best = v;
			snprintf(ckb, n, "%s", path);
		} else if (best < 0 && !ckb[0]) {
			snprintf(ckb, n, "%s", path);	/* damaged: pack_open says why */
		}
		free(buf);
	}
	closedir(dp);
}

static void refuse(struct staff_usb *x, enum pack_err e, const char *why)
{
	x->res = e == PACK_SAME ? USB_SAME : USB_REFUSED;
	snprintf(x->why, sizeof x->why, "%s", *why ? why : pack_strerror(e));
}

/* The signed bundle at path: verified against content.public_key. */
static enum pack_err bundle_bytes(struct staff_usb *x, const char *path, unsigned char **buf,
				  size_t *len, unsigned char pk[PACK_PK_BYTES], char *why,
				  size_t whylen)
{
	if (!x->public_key || !*x->public_key || !pack_pk_parse(x->public_key, pk)) {
		snprintf(why, whylen, "no content.public_key in kiosk.json");
		return PACK_NO_KEY;
	}
	*buf = (unsigned char *)slurp_file(path, PACK_MAX_BYTES + 4096, len);
	if (!*buf) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return PACK_IO;
	}
	x->is_signed = true;
	return PACK_OK;
}

/* A plain courses.csv over the running content, packed with a key made
 * for it, so it installs exactly as a bundle does. Its rows are checked
 * first, against the running programmes: the first problem is the why. */
static enum pack_err csv_bytes(struct staff_usb *x, const char *path, long version,
			       unsigned char **buf, size_t *len, unsigned char pk[PACK_PK_BYTES],
			       char *why, size_t whylen)
{
	size_t n = 0;
	char *text = slurp_file(path, PACK_MAX_BYTES, &n);
	if (!text) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return PACK_IO;
	}
	struct diag_list d = {0};
	struct course_list l = {0};
	courses_parse("courses.csv", text, n, &x->running->programmes, &l, &d);
	courses_free(&l);
	enum pack_err e = PACK_OK;
	if (diag_count(&d)) {
		snprintf(why, whylen, "%s%s", d.msgs[0] ? d.msgs[0] : "a problem",
			 d.n > 1 ? " (and more: run kioskctl check)" : "");
		e = PACK_INVALID;
	} else {
		e = pack_build_local(x->running_dir, "courses.csv", text, n, version, pk, buf, len,
				     why, whylen);
	}
	diag_free(&d);
	free(text);
	return e;
}

static void run_look(struct staff_usb *x)
{
	char stick[PATH_MAX], ckb[PATH_MAX], csv[PATH_MAX];
	if (export_find_usb(x->usb_dirs, stick, sizeof stick) != 0) {
		x->res = USB_NO_STICK;
		return;
	}
	look_on_stick(stick, ckb, csv, sizeof ckb);
	if (!ckb[0] && (!csv[0] || !x->allow_unsigned)) {
		x->res = csv[0] ? USB_UNSIGNED : USB_NOTHING;
		return;
	}
	char pend[PATH_MAX], why[PACK_WHY_LEN] = "", dir[PATH_MAX];
	unsigned char pk[PACK_PK_BYTES], *buf = NULL;
	size_t len = 0;
	long have = have_version(x), v = 0;
	enum pack_err e = ckb[0] ? bundle_bytes(x, ckb, &buf, &len, pk, why, sizeof why)
				 : csv_bytes(x, csv, have + 1, &buf, &len, pk, why, sizeof why);
	pending_dir(x, 0, pend, sizeof pend);
	if (!e && ((mkdir(x->content_dir, 0755) != 0 && errno != EEXIST) ||
		   (mkdir(pend, 0755) != 0 && errno != EEXIST))) {
		snprintf(why, sizeof why, "%.200s: %.80s", pend, strerror(errno));
		e = PACK_IO;
	}
	if (!e)
		e = pack_install(buf, len, pk, have, pend, x->asset_dir, dir, &v, why, sizeof why);
	free(buf);
	x->version = v;	/* the bundle's, also when refused ("already has version 3") */
	if (e) {
		refuse(x, e, why);
		return;
	}
	struct bundle next;
	struct diag_list d = {0};
	bundle_load(&next, dir, x->asset_dir, &d, NULL);
	diag_free(&d);
	const char *const *days = (const char *const *)x->names;
	content_diff(x->running, &next, days, days + 7, x->today.y, x->today.m, x->today.d,
		     &x->diff);
	bundle_free(&next);
	x->res = USB_READY;
}

/* Under the state's lock: a fetch from the office may stage a version
 * at the same time (net/content_fetch.h). */
static void run_apply_locked(struct staff_usb *x)
{
	char from[PATH_MAX], to[PATH_MAX];
	pending_dir(x, x->version, from, sizeof from);
	snprintf(to, sizeof to, "%s/v%ld", x->content_dir, x->version);
	struct content_state st;
	content_state_read(x->content_dir, &st);
	if (st.running >= x->version || st.staged >= x->version) {
		snprintf(x->why, sizeof x->why, "version %ld or newer arrived meanwhile",
			 x->version);
		pack_rmtree(from);
		return;
	}
	/* A v<N> of an earlier, unfinished try is replaced whole. */
	if (pack_rmtree(to) != 0 || rename(from, to) != 0 || pack_fsync_dir(x->content_dir) != 0) {
		snprintf(x->why, sizeof x->why, "%.250s: %.100s", to, strerror(errno));
		pack_rmtree(from);
		return;
	}
	st.staged = x->version;
	st.refused[0] = '\0';
	if (content_state_write(x->content_dir, &st) != 0) {
		snprintf(x->why, sizeof x->why, "%s/state: %s", x->content_dir, strerror(errno));
		return;
	}
	x->res = USB_INSTALLED;
}

static void run_apply(struct staff_usb *x)
{
	x->res = USB_FAILED;
	int lock = content_state_lock(x->content_dir);
	if (lock < 0) {
		snprintf(x->why, sizeof x->why, "%s/lock: %s", x->content_dir, strerror(errno));
		return;
	}
	run_apply_locked(x);
	content_state_unlock(lock);
}

static void job_run(struct job *j)
{
	struct staff_usb *x = (struct staff_usb *)j;
	char dir[PATH_MAX];
	switch (x->phase) {
	case USB_LOOK:
		run_look(x);
		break;
	case USB_APPLY:
		run_apply(x);
		break;
	default:
		pending_dir(x, x->version, dir, sizeof dir);
		pack_rmtree(dir);
		x->res = USB_DROPPED;
		break;
	}
}

static void job_done(struct job *j, void *owner, void *ctx);

static char *dup_str(const char *s, bool *oom)
{
	char *d = strdup(s ? s : "");
	if (!d)
		*oom = true;
	return d;
}

static struct staff_usb *usb_new(struct app *app, enum usb_phase phase, long version)
{
	struct staff_usb *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	bool oom = false;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/content", app->data_dir);
	const struct config *c = &app->content.cfg;
	x->phase = phase;
	x->version = version;
	x->content_dir = dup_str(dir, &oom);
	x->usb_dirs = dup_str(c->usb_dirs, &oom);
	x->asset_dir = dup_str(app->asset_dir, &oom);
	x->public_key = dup_str(c->content_public_key, &oom);
	x->running_dir = dup_str(app->content.config_dir, &oom);
	x->allow_unsigned = c->content_allow_usb_unsigned;
	x->running = &app->content;
	const char *days[7], *months[12];
	courses_names(&app->content.str, days, months);
	for (int i = 0; i < 19; i++)
		x->names[i] = dup_str(i < 7 ? days[i] : months[i - 7], &oom);
	staff_day(app_wall_ms(app), &x->today);
	if (oom) {
		usb_free(x);
		return NULL;
	}
	x->job.run = job_run;
	x->job.done = job_done;
	x->job.free = free_job;
	x->job.keeps_awake = phase != USB_DROP;	/* staff are there, waiting for it */
	return x;
}

/* Starts phase; false when it could not (the message is set). */
static bool usb_start(struct app *app, struct staff_state *s, enum usb_phase phase)
{
	struct staff_usb *x = usb_new(app, phase, s->usb_version);
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
	usb_start(app, s, USB_LOOK);
}

void staff_usb_answer(struct app *app, struct staff_state *s, bool install)
{
	if (s->modal != MO_USB_CONFIRM)
		return;
	/* From here the job owns the version: a scene that ends meanwhile lets
	 * it finish alone (Install still installs). */
	if (usb_start(app, s, install ? USB_APPLY : USB_DROP))
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
		struct staff_usb *x = usb_new(app, USB_DROP, s->usb_version);
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
static void confirm_text(struct app *app, struct staff_state *s, const struct staff_usb *x)
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

static void result_text(struct app *app, struct staff_state *s, const struct staff_usb *x)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", x->version);
	const char *const slots[][2] = {{"{n}", num}, {"{why}", x->why}};
	const char *key = x->res == USB_NO_STICK    ? "staff.usb.no_stick"
			  : x->res == USB_NOTHING   ? "staff.usb.nothing"
			  : x->res == USB_UNSIGNED  ? "staff.usb.unsigned"
			  : x->res == USB_SAME	    ? "staff.usb.same"
			  : x->res == USB_INSTALLED ? "staff.usb.done"
			  : x->res == USB_FAILED    ? "staff.usb.failed"
			  : x->res == USB_DROPPED   ? "staff.usb.cancelled"
						    : "staff.usb.refused";
	staff_fill(s->dialog, sizeof s->dialog, app_str(app, key), slots, 2);
}

/* On the UI thread, when the loop wakes after the job ended. */
static void job_done(struct job *j, void *owner, void *ctx)
{
	struct staff_usb *x = (struct staff_usb *)j;
	struct staff_state *s = owner;
	struct app *app = ctx;
	s->usb = NULL;	/* the queue frees it after this */
	memset(&s->dlg_scroll, 0, sizeof s->dlg_scroll);
	if (x->res == USB_READY) {
		s->usb_version = x->version;
		confirm_text(app, s, x);
		s->modal = MO_USB_CONFIRM;
		return;
	}
	s->usb_version = 0;	/* installed, dropped or never there */
	if (x->res == USB_INSTALLED)
		app_content_reread(app);	/* staged: shown from the next attract screen */
	result_text(app, s, x);
	s->modal = MO_MESSAGE;
	staff_refresh(app, s);
}
