/*
 * app.c: the context, scene switching, idle reset and the main loop.
 *
 * The loop blocks in pf_wait_event() until input arrives or the next
 * deadline (an idle timer, an animation frame) is due, and draws only
 * when something changed: an idle kiosk uses no CPU.
 */
#include "app.h"
#include "platform/platform.h"
#include "ui/ui_pf.h"
#include "ui/ui_theme.h"

#include "store/pin.h"
#include "scenes/scenes.h"
#include "sys/backlight.h"
#include "sys/watchdog.h"

#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SPEECH_POLL_MS 200	/* while reading aloud: feed and reap the child */
#define APP_DRAIN_MS 3000	/* at exit: how long running jobs get to give up */
#define REPORT_FLUSH_MS 60000	/* counts wait at most this long in memory */
#define RELOAD_QUIET_MS 1000	/* new content waits for the attract screen to be untouched */

static const struct scene *const scenes[SCENE_COUNT] = {
	[SCENE_ATTRACT] = &scene_attract,
	[SCENE_HOME] = &scene_home,
	[SCENE_ROLES] = &scene_roles,
	[SCENE_ROLE] = &scene_role,
	[SCENE_QUIZ] = &scene_quiz,
	[SCENE_QUIZ_RESULT] = &scene_quiz_result,
	[SCENE_FORM] = &scene_form,
	[SCENE_THANKS] = &scene_thanks,
	[SCENE_COURSES] = &scene_courses,
	[SCENE_COURSE] = &scene_course,
	[SCENE_STAFF] = &scene_staff,
};

void app_set_access(struct app *app, bool larger_text, bool contrast)
{
	if (larger_text == app->larger_text && contrast == app->high_contrast)
		return;
	if (larger_text && !app->larger_text)
		app_count_once(app, "visit.larger_text", NULL);
	if (contrast && !app->high_contrast)
		app_count_once(app, "visit.high_contrast", NULL);
	app->larger_text = larger_text;
	app->high_contrast = contrast;
	const struct config *c = &app->content.cfg;
	struct theme th = ui_theme_from(contrast ? &c->high_contrast : &c->theme);
	th.m.text_scale = larger_text ? 1.35f : 1.0f;
	ui_set_theme(&app->ui, &th);
	pf_forget_text(app->pf);	/* lines measured at the old sizes */
	app->ui.dirty = true;
}

struct store *app_store(struct app *app)
{
	if (app->store)
		return app->store;
	struct store_opts so = {0};
	const char *max_pages = getenv("CAREKIOSK_TEST_MAX_PAGES");
	if (max_pages)
		so.max_page_count = atol(max_pages);	/* tests: simulate a full disk */
	so.office_public_key = app->content.cfg.office_public_key;	/* "" = unsealed */
	enum store_err was = app->store_err;
	app->store_err = store_open(app->data_dir, &so, &app->store);
	if (app->store_err == STORE_OK && was != STORE_OK)	/* it failed before */
		fprintf(stderr, "carekiosk: opened the leads database in %s\n", app->data_dir);
	else if (app->store_err != was)
		fprintf(stderr, "carekiosk: cannot open the leads database in %s: %s\n", app->data_dir,
			store_strerror(app->store_err));
	return app->store;
}

/* Retention: deletes sent leads older than retention_days (queued and
 * refused ones are never purged). Runs at start and at every visit reset,
 * so a kiosk left running for weeks still forgets what it has sent. */
static void purge_sent(struct app *app)
{
	if (!app->store || app->content.cfg.retention_days <= 0)
		return;
	/* Not on a clock that went back (app_clock.c says so in the log). */
	if (app_clock_behind(app, NULL))
		return;
	long purged = 0;
	enum store_err e = store_purge_sent(app->store, app->content.cfg.retention_days,
					    pf_wall_ms(app->pf), &purged);
	if (e != STORE_OK)
		fprintf(stderr, "carekiosk: could not purge sent leads: %s\n", store_strerror(e));
	/* The counts go after the same time as the leads they counted. */
	e = store_tally_purge(app->store, app->content.cfg.retention_days, pf_wall_ms(app->pf), NULL);
	if (e != STORE_OK)
		fprintf(stderr, "carekiosk: could not purge old counts: %s\n", store_strerror(e));
}

char *app_event_tag(struct app *app, char *out, size_t n)
{
	char *kv = NULL;
	if (app_store(app) && store_kv_get(app->store, "event.tag", &kv) == STORE_OK)
		snprintf(out, n, "%s", kv);
	else
		snprintf(out, n, "%s", app->content.cfg.event_tag ? app->content.cfg.event_tag : "");
	free(kv);
	return out;
}

void app_count(struct app *app, const char *name, const char *item)
{
	if (app->rehearsing)
		return;
	report_count(&app->report, app_wall_ms(app), pf_now_ms(app->pf), name, item);
}

void app_count_once(struct app *app, const char *name, const char *item)
{
	if (app->rehearsing)
		return;
	report_count_once(&app->report, app_wall_ms(app), pf_now_ms(app->pf), name, item);
}

/* Counts what entering a screen means (a visit begun, a preview opened, a
 * form started), so the scenes need not. */
static void count_scene(struct app *app, enum scene_id from, enum scene_id to, const char *arg)
{
	if (from == SCENE_ATTRACT && to == SCENE_HOME) {
		char tag[REPORT_EVENT_MAX];
		report_new_visit(&app->report);
		report_set_event(&app->report, app_event_tag(app, tag, sizeof tag));
		app_count(app, "visit.start", NULL);
		/* Its language (chosen on the attract screen, or the kiosk's);
		 * one chosen later counts too (app_lang_row). */
		const struct lang_info *in = app_lang_info(app, app_lang(app));
		app_count_once(app, "visit.lang", in ? in->code : NULL);
	} else if (to == SCENE_ROLE && arg && from != SCENE_ROLE) {
		app_count(app, "role.preview", arg);
		app_count_once(app, "visit.preview", NULL);
	} else if (to == SCENE_FORM) {
		app_count(app, "form.start", NULL);
		app_count_once(app, "visit.form", NULL);
	}
}

void app_lead_saved(struct app *app)
{
	uploader_wake(app->uploader);	/* NULL-safe: no uploader, nothing to do */
}

int64_t app_wall_ms(const struct app *app)
{
	return pf_wall_ms(app->pf);
}

void app_pin_time(const struct app *app, struct pin_time *t)
{
	memset(t, 0, sizeof *t);
	t->wall_ms = app_wall_ms(app);
	if (pf_headless(app->pf)) {
		/* The virtual clock never jumps; each run is its own "boot". */
		t->boot_ms = (int64_t)pf_now_ms(app->pf);
		snprintf(t->boot_id, sizeof t->boot_id, "headless-%ld", (long)getpid());
		return;
	}
	struct timespec ts;
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f && clock_gettime(CLOCK_BOOTTIME, &ts) == 0 && fgets(t->boot_id, sizeof t->boot_id, f)) {
		t->boot_id[strcspn(t->boot_id, "\n")] = '\0';
		t->boot_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	} else {
		t->boot_id[0] = '\0';	/* no boot clock: the wall clock alone */
	}
	if (f)
		fclose(f);
}

uint64_t app_now_ms(const struct app *app)
{
	return pf_now_ms(app->pf);
}

bool app_headless(const struct app *app)
{
	return pf_headless(app->pf);
}

void app_set_text_style(struct app *app, const struct pf_text_style *st)
{
	char err[512];
	if (!ui_set_text_style(&app->ui, st, err, sizeof err))
		fprintf(stderr, "carekiosk: %s\n", err);
}

void app_wake(struct pf *pf)
{
	pf_wake(pf);
}


/* A bad row of courses.csv is skipped, not fatal: the log (journalctl)
 * names each one as file:line, once per load. */
static void report_skipped(const struct bundle *b, struct diag_list *skipped)
{
	if (diag_count(skipped)) {
		diag_print(skipped, stderr);
		fprintf(stderr, "carekiosk: %zu problem(s) in %s/courses.csv; those rows are not shown\n",
			diag_count(skipped), b->config_dir);
	}
}

static int load_content(struct app *app, const struct app_opts *opts)
{
	struct diag_list diag = {0}, skipped = {0};
	size_t n = (size_t)app_content_load(app, opts->config_dir, opts->asset_dir, &diag, &skipped);
	if (n) {
		diag_print(&diag, stderr);
		fprintf(stderr, "carekiosk: %zu problem(s) in %s; fix them and start again\n", n,
			opts->config_dir);
	} else {
		report_skipped(&app->content, &skipped);
	}
	diag_free(&diag);
	diag_free(&skipped);
	if (!n && !app_lang_build(app)) {
		fprintf(stderr, "carekiosk: out of memory for the keyboards\n");
		return 1;
	}
	return n ? 2 : 0;
}

size_t app_reload_content(struct app *app)
{
	return app_content_switch(app);
}

size_t app_reload_dir(struct app *app, const char *content_dir, char *why, size_t whylen)
{
	struct bundle next;
	struct diag_list diag = {0}, skipped = {0};
	size_t n = bundle_load_dirs(&next, app->content.kiosk_dir, content_dir,
				    app->content.asset_dir, &diag, &skipped);
	if (n) {
		diag_print(&diag, stderr);
		fprintf(stderr, "carekiosk: %s changed, but %zu problem(s) stop it being used; "
				"the kiosk keeps showing the content it had\n",
			content_dir, n);
		if (why) {
			const char *m = diag.n ? diag.msgs[0] : "a problem";
			size_t k = strlen(content_dir);
			snprintf(why, whylen, "%s", !strncmp(m, content_dir, k) && m[k] == '/'
							    ? m + k + 1 : m);
		}
			/* Tried once per change: not again until a file changes. */
		if (!strcmp(content_dir, app->content.config_dir))
			app->content.stamp = next.stamp;
		bundle_free(&next);
	} else {
		report_skipped(&next, &skipped);
		app_lang_free(app);
		bundle_free(&app->content);
		app->content = next;
		if (!app_lang_build(app))
			fprintf(stderr, "carekiosk: out of memory for the keyboards\n");
		app->lang_applied = false;
		app_lang_default(app);
		fprintf(stderr, "carekiosk: content reloaded (version %s)\n", app->content.version);
	}
	app->content_problems = n;
	diag_free(&diag);
	diag_free(&skipped);
	return n;
}

/* Runs on the uploader's and the jobs' threads: only pf_wake() may be
 * called from there. */
static void wake_ui(void *ctx)
{
	pf_wake(ctx);
}

static bool open_jobs(struct app *app)
{
	const struct job_queue_opts jo = {.wake = wake_ui, .wake_ctx = app->pf, .done_ctx = app};
	enum job_err e = job_queue_open(&jo, &app->jobs);
	if (e != JOB_OK)
		fprintf(stderr, "carekiosk: %s\n", job_strerror(e));
	return e == JOB_OK;
}

/* Uploads run on their own thread with their own database connection
 * (src/net/uploader.h). Headless runs (tests, the demo) upload only when
 * a URL is configured; otherwise the thread runs even without a URL, so
 * staff mode can show why nothing is uploaded. */
static void start_uploader(struct app *app)
{
	if (!app->start_uploader)
		return;
	struct uploader_opts uo = {
		.data_dir = app->data_dir,
		.url = app->content.cfg.upload_url,
		.token_file = app->content.cfg.upload_token_file,
		.ca_file = app->content.cfg.upload_ca_file,
		.base_dir = app->content.kiosk_dir,
		.app_version = KIOSK_VERSION,
		.device_name = app->content.cfg.device_name,
		.content_version = app->content.version,
		.notify = wake_ui,
		.ctx = app->pf,
	};
	if (uploader_start(&uo, &app->uploader) != 0)
		fprintf(stderr, "carekiosk: cannot start the upload thread; leads stay queued\n");
}


static void set_dark(struct app *app, bool dark);

/* What the first screen does not need waits until it is up (exec to first
 * frame is what a visitor sees of a restart): the leads database (SQLite's
 * open, migrations and fsync), the clock's first read, the purge, the
 * upload thread and curl's start for the content fetch. The queue still
 * opens before anyone can type, so a broken disk shows on the first form.
 * A failure is not fatal: the kiosk still informs, says so, and tries
 * again when the database is next needed (app_store). */
static void open_after_first_frame(struct app *app)
{
	app->opened = true;
	app_store(app);
	app_clock_open(app);	/* before the purge: has the clock gone back? */
	purge_sent(app);
	start_uploader(app);
	app_content_open(app);
}

int app_open(struct app *app, const struct app_opts *opts)
{
	memset(app, 0, sizeof *app);
	app->asset_dir = strdup(opts->asset_dir);
	app->data_dir = strdup(opts->data_dir);
	int rc = load_content(app, opts);
	if (rc)
		return rc;
	struct pf_opts po = {
		.width = opts->width ? opts->width : app->content.cfg.width,
		.height = opts->height ? opts->height : app->content.cfg.height,
		.fullscreen = !opts->windowed && !opts->headless && app->content.cfg.fullscreen,
		.rotation = opts->headless ? 0 : app->content.cfg.rotation,
		.headless = opts->headless,
		.renderer = (enum pf_renderer)app->content.cfg.renderer,
		.asset_dir = opts->asset_dir,
		.wall_start_ms = opts->wall_start_ms,
	};
	if (opts->headless && (!po.width || !po.height)) {
		po.width = 1280;
		po.height = 800;
	}
	char err[256];
	enum pf_err e = pf_open(&po, &app->pf, err, sizeof err);
	if (e != PF_OK) {
		fprintf(stderr, "carekiosk: %s\n", err);
		return e == PF_NO_DISPLAY ? 3 : 1;
	}
	if (!open_jobs(app) || !report_open(&app->report, app->data_dir))
		return 1;
	app->start_uploader = !opts->headless || app->content.cfg.upload_url[0];
	struct theme th = ui_theme_from(&app->content.cfg.theme);
	ui_init(&app->ui, app->pf, &th);
	set_dark(app, false);	/* lit, though a kiosk stopped in the dark left it off */
	/* The default language: its direction and read-aloud voice (without
	 * the program, or a voice, the Listen button is hidden). */
	app_lang_default(app);
	app->last_input = pf_now_ms(app->pf);
	app->scene_id = SCENE_COUNT;
	app_goto(app, SCENE_ATTRACT, NULL);
	return 0;
}


static void leave_scene(struct app *app)
{
	if (app->scene && app->scene->leave)
		app->scene->leave(app, app->state);
	if (app->state && app->scene) {
		/* A visitor's answers may be in here: wipe before freeing. */
		explicit_bzero(app->state, app->scene->state_size);
		free(app->state);
	}
	app->state = NULL;
	app->scene = NULL;
}

void app_close(struct app *app)
{
	/* First, jobs still running are told to give up and waited for: one
	 * inside curl or OpenSSL when uploader_stop's curl_global_cleanup
	 * (or exit) tears them down would crash the kiosk. A job that will
	 * not end in time is left (job_queue_close lets go of it). */
	app_prefetch_close(app);
	bool drained = !app->jobs || job_queue_drain(app->jobs, APP_DRAIN_MS);
	if (!drained)
		fprintf(stderr, "carekiosk: a background job was still running at exit\n");
	report_close(&app->report, app->store ? app->store : app_store(app), drained);
	app_clock_close(app);
	app_content_close(app);
	/* Then the uploader: its notify uses app->pf, and a request in
	 * flight is abandoned (the lead stays queued). */
	uploader_stop(app->uploader);
	app->uploader = NULL;
	speech_close(&app->speech);
	if (app->pf && getenv("CAREKIOSK_FRAME_STATS")) {	/* for tools/bench */
		char line[512];
		pf_stats_format(app->pf, line, sizeof line, false);
		fprintf(stderr, "%s\n", line);
	}
	leave_scene(app);
	job_queue_close(app->jobs);	/* before pf: a job's wake-up uses it */
	app->jobs = NULL;
	if (app->pf) {
		if (app->dark)
			set_dark(app, false);	/* the console's login prompt shows */
		ui_free(&app->ui);
		pf_close(app->pf);
	}
	explicit_bzero(&app->visit, sizeof app->visit);
	if (app->store)
		store_close(app->store);
	app_lang_free(app);
	bundle_free(&app->content);
	free(app->asset_dir);
	free(app->data_dir);
	memset(app, 0, sizeof *app);
}

const struct scene *app_scene(enum scene_id id)
{
	return scenes[id];
}

void app_goto(struct app *app, enum scene_id id, const char *arg)
{
	if (app->rehearsing)
		return;
	app->has_pending = true;
	app->pending = id;
	snprintf(app->pending_arg, sizeof app->pending_arg, "%s", arg ? arg : "");
	app->ui.dirty = true;
}

void app_update_soon(struct app *app)
{
	if (app->rehearsing)
		return;
	app->update_at = 1;	/* due at any time */
	app->ui.dirty = true;
}

/* The scene's update, if it is due (or forced: a wake-up). Never from
 * inside draw. */
static void update_scene(struct app *app, bool force)
{
	uint64_t now = pf_now_ms(app->pf);
	if (!app->scene || !app->scene->update) {
		app->update_at = 0;
		return;
	}
	if (!force && (!app->update_at || now < app->update_at))
		return;
	app->update_at = app->scene->update(app, app->state, now);
	app->ui.dirty = true;
}

/* Content that waits (changed while a job ran, or a new office version) is
 * taken in on the attract screen once no job runs and nobody has touched
 * it for RELOAD_QUIET_MS: entering the screen again would drop a touch
 * under way. */
static void reload_if_quiet(struct app *app)
{
	if (app->reload_waiting && app->scene_id == SCENE_ATTRACT && !app->has_pending &&
	    pf_now_ms(app->pf) - app->last_input >= RELOAD_QUIET_MS &&
	    !job_queue_pending(app->jobs)) {
		app->reload_waiting = false;
		app_goto(app, SCENE_ATTRACT, NULL);	/* the switch reloads */
	}
}

/* Another thread woke the loop: hand finished jobs back, then let the
 * screen look again at what it shows. */
static void take_wake(struct app *app)
{
	if (!pf_take_wake(app->pf))
		return;
	job_queue_poll(app->jobs);
	reload_if_quiet(app);
	update_scene(app, true);
	app->ui.dirty = true;
}

bool app_wait_jobs(struct app *app, int timeout_ms)
{
	/* The kiosk sits idle meanwhile, as a visitor reading the screen
	 * leaves it: the likely next screens' pictures are made then too. */
	bool idle;
	do {
		app_prefetch_step(app);
		idle = job_queue_wait_idle(app->jobs, timeout_ms);
		take_wake(app);
	} while (idle && app_prefetch_pending(app));
	return idle;
}

static void switch_scene(struct app *app)
{
	enum scene_id id = app->pending;
	char arg[sizeof app->pending_arg];
	memcpy(arg, app->pending_arg, sizeof arg);
	app->has_pending = false;
	speech_stop(&app->speech);	/* it was reading the screen that goes */
	leave_scene(app);
	ui_reset_input(&app->ui);
	if (app->scene_id != SCENE_COUNT)
		count_scene(app, app->scene_id, id, arg[0] ? arg : NULL);
	/* Staff may have edited courses.csv while the kiosk ran: the attract
	 * screen, where no scene holds anything of the bundle, takes it in. */
	if (id == SCENE_ATTRACT && (bundle_changed(&app->content) || app_content_waiting(app))) {
		app->reload_waiting = job_queue_pending(app->jobs);
		if (!app->reload_waiting)
			app_reload_content(app);
	}
	if (id == SCENE_STAFF || id == SCENE_ATTRACT) {
		app_lang_default(app);	/* staff mode is in the kiosk's language */
		app_set_access(app, false, false);
	}
	app->lang_picker = false;
	app->scene_id = id;
	app->scene = scenes[id];
	pf_stats_screen(app->pf, (int)id);
	app_prefetch_screen(app, id);
	app->state = app->scene->state_size ? calloc(1, app->scene->state_size) : NULL;
	if (app->scene->enter)
		app->scene->enter(app, app->state, arg[0] ? arg : NULL);
	app->update_at = 1;	/* its first update before its first frame */
}

void app_reset_visit(struct app *app)
{
	speech_stop(&app->speech);
	explicit_bzero(&app->visit, sizeof app->visit);
	purge_sent(app);	/* a kiosk may run for weeks without a restart */
	if (!report_flush(&app->report, app->jobs))
		fprintf(stderr, "carekiosk: could not start writing the counts (kept for later)\n");
	pf_forget_text(app->pf);	/* rendered names and answers go too */
	app->idle_warning = false;
	app_lang_default(app);	/* the next visitor starts in the kiosk's language */
	app_goto(app, SCENE_ATTRACT, NULL);
}

static bool is_input(const struct pf_event *ev)
{
	return ev->type == PF_EV_DOWN || ev->type == PF_EV_UP || ev->type == PF_EV_MOVE ||
	       ev->type == PF_EV_KEY || ev->type == PF_EV_TEXT;
}

/* True if the screen is out of hours now (screen.off_hours, local time). */
static bool off_hours(const struct app *app)
{
	int from, to;
	if (!app->content.cfg.screen_off_hours ||
	    !config_parse_hours(app->content.cfg.screen_off_hours, &from, &to))
		return false;
	time_t t = (time_t)(pf_wall_ms(app->pf) / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return false;
	int m = tm.tm_hour * 60 + tm.tm_min;
	return from < to ? m >= from && m < to : m >= from || m < to;
}

/* The backlights out of hours are switched with the screen going dark:
 * screen.backlight_dir, or the kernel's folder on a real display (a
 * headless run touches it only when told where). Only with off_hours set,
 * so a kiosk that never goes dark never writes to sysfs. */
static void set_dark(struct app *app, bool dark)
{
	app->dark = dark;
	app->ui.dirty = true;
	const char *dir = app->content.cfg.screen_backlight_dir;
	if (!dir || !*dir)
		dir = pf_headless(app->pf) ? "" : "/sys/class/backlight";
	if (app->content.cfg.screen_off_hours && *app->content.cfg.screen_off_hours)
		backlight_set(dir, !dark);
}

/* A dark screen: any touch or key lights it, and that touch (down, moves,
 * up) or key does nothing else, so no button under the finger is pressed. */
static bool wakes_screen(struct app *app, const struct pf_event *ev)
{
	if (app->dark) {
		set_dark(app, false);
		app->swallow_up = ev->type == PF_EV_DOWN;
		return true;
	}
	if (app->swallow_up) {
		if (ev->type == PF_EV_UP)
			app->swallow_up = false;
		return ev->type == PF_EV_UP || ev->type == PF_EV_MOVE;
	}
	return false;
}

void app_event(struct app *app, const struct pf_event *ev)
{
	uint64_t now = pf_now_ms(app->pf);
	if (ev->type == PF_EV_QUIT) {
		app->quit = true;
		return;
	}
	if (ev->type == PF_EV_EXPOSE || ev->type == PF_EV_WAKE) {
		app->ui.dirty = true;
		return;
	}
	if (!is_input(ev))
		return;
	pf_stats_input(app->pf);
	app->last_input = now;
	if (wakes_screen(app, ev))
		return;
	const struct ui_event e = ui_event_from(ev);
	if (ui_input(&app->ui, &e, now))
		return;
	if (app->idle_warning)
		return;	/* only the dialog's button answers */
	if (app->scene && app->scene->key && app->scene->key(app, app->state, &e)) {
		app->ui.dirty = true;
		return;
	}
	if (ev->type == PF_EV_KEY && ev->key == PF_KEY_ESCAPE && app->scene_id != SCENE_ATTRACT)
		app_goto(app, SCENE_HOME, NULL);
}

static uint64_t idle_ms(const struct app *app)
{
	return (uint64_t)app->content.cfg.idle_timeout_s * 1000;
}

static uint64_t warn_ms(const struct app *app)
{
	return (uint64_t)app->content.cfg.idle_warning_s * 1000;
}

void app_tick(struct app *app)
{
	take_wake(app);
	update_scene(app, false);
	app_clock_tick(app);
	app_content_tick(app);
	uint64_t now = pf_now_ms(app->pf);
	/* Staff waiting for an export are there, even without a tap. */
	if (job_queue_keeps_awake(app->jobs) && !app->idle_warning)
		app->last_input = now;
	if (speech_busy(&app->speech) && speech_poll(&app->speech)) {
		app->ui.dirty = true;	/* Listen looks ready again */
		if (!app->idle_warning)
			app->last_input = now;	/* listening is not being away */
	}
	/* Frames and ticks the screen asked for are due on every screen. */
	if (app->ui.next_tick && now >= app->ui.next_tick)
		app->ui.dirty = true;
	if (app->ui.next_frame && now >= app->ui.next_frame && !pf_headless(app->pf))
		app->ui.dirty = true;
	if (app->scene_id == SCENE_ATTRACT) {
		app->idle_warning = false;	/* the attract screen never times out */
		reload_if_quiet(app);
		/* Out of hours, an attract screen nobody touched for the idle
		 * time goes dark; in hours it lights again. */
		bool dark = off_hours(app) && now - app->last_input >= idle_ms(app);
		if (dark != app->dark)
			set_dark(app, dark);
		return;
	}
	if (!app->idle_warning && now - app->last_input >= idle_ms(app)) {
		app->idle_warning = true;
		app->warn_started = now;
		app->ui.dirty = true;
	}
	if (report_due(&app->report, now, REPORT_FLUSH_MS))
		report_flush(&app->report, app->jobs);
	if (app->idle_warning && now - app->warn_started >= warn_ms(app)) {
		if (app->scene_id != SCENE_STAFF)	/* a visit given up, and where */
			app_count(app, "idle.reset", app->scene ? app->scene->name : NULL);
		app_reset_visit(app);
	}
}

uint64_t app_next_deadline(const struct app *app)
{
	uint64_t d = 0;
#define EARLIER(t) do { uint64_t t_ = (t); if (t_ && (!d || t_ < d)) d = t_; } while (0)
	if (app->scene_id != SCENE_ATTRACT) {
		if (app->idle_warning) {
			/* Once a second for the countdown, then the reset. */
			uint64_t into = pf_now_ms(app->pf) - app->warn_started;
			EARLIER(app->warn_started + (into / 1000 + 1) * 1000);
			EARLIER(app->warn_started + warn_ms(app));
		} else {
			EARLIER(app->last_input + idle_ms(app));
		}
	}
	/* Out of hours the attract screen looks at the clock once a minute. */
	if (app->scene_id == SCENE_ATTRACT && app->content.cfg.screen_off_hours &&
	    *app->content.cfg.screen_off_hours)
		EARLIER(pf_now_ms(app->pf) / 60000 * 60000 + 60000);
	if (app->scene_id == SCENE_ATTRACT && app->reload_waiting &&
	    app->last_input + RELOAD_QUIET_MS > pf_now_ms(app->pf))
		EARLIER(app->last_input + RELOAD_QUIET_MS);	/* else a job's end wakes it */
	if (app->dark)
		return d;	/* nothing drawn, nothing animates */
	EARLIER(app->ui.next_tick);
	EARLIER(app->update_at);
	EARLIER(app_clock_deadline(app));
	EARLIER(app_content_deadline(app));
	/* Reading aloud: feed and reap the child a few times a second. */
	if (speech_busy(&app->speech))
		EARLIER(pf_now_ms(app->pf) + SPEECH_POLL_MS);
	if (!pf_headless(app->pf))
		EARLIER(app->ui.next_frame);
#undef EARLIER
	return d;
}

static void draw_idle_dialog(struct app *app, struct ui *ui)
{
	uint64_t now = pf_now_ms(app->pf);
	uint64_t left_ms = app->warn_started + warn_ms(app) - now;
	int secs = (int)((left_ms + 999) / 1000);
	char msg[256];
	snprintf(msg, sizeof msg, app_str(app, secs == 1 ? "idle.countdown_one" : "idle.countdown"),
		 secs);
	const struct ui_dialog d = {
		.title = app_str(app, "idle.title"),
		.text = msg,
		.button = {app_str(app, "idle.stay")},
		.style = {UI_STYLE_PRIMARY},
		.name = {"still-here"},
	};
	if (ui_dialog(ui, &d)) {
		app->idle_warning = false;
		app->last_input = now;
	}
}

/* The Listen button, on every visitor screen (not attract or staff). */
static const char *listen_label(const struct app *app)
{
	if (!speech_available(&app->speech) || app->scene_id == SCENE_ATTRACT ||
	    app->scene_id == SCENE_STAFF)
		return NULL;
	return app_str(app, "nav.listen");
}

/* The language button, on every visitor top bar when there are languages
 * to choose from. */
static const char *lang_label(const struct app *app)
{
	if (app_lang_count(app) < 2 || app->scene_id == SCENE_ATTRACT ||
	    app->scene_id == SCENE_STAFF)
		return NULL;
	return app_str(app, "nav.language");
}

/* After a drawn frame, whose tree is now complete: Listen reads it (only
 * a dialog, if one is up) or stops the reading; a tap on anything else
 * stops it too, as the screen is about to change. */
static void read_aloud(struct app *app)
{
	struct ui *ui = &app->ui;
	bool tapped = ui->listen.tapped;
	ui->listen.tapped = false;
	if (!tapped) {
		if (ui->acted && speech_speaking(&app->speech)) {
			speech_stop(&app->speech);
			ui->dirty = true;
		}
		return;
	}
	ui->dirty = true;	/* the button shows whether it speaks */
	if (speech_speaking(&app->speech)) {
		speech_stop(&app->speech);
		return;
	}
	app_count_once(app, "visit.read_aloud", NULL);
	char *text = ui_read_aloud(ui);
	if (text && *text) {
		enum speech_err e = speech_say(&app->speech, text);
		if (e != SPEECH_OK)	/* never the text itself */
			fprintf(stderr, "carekiosk: cannot read aloud: %s\n", speech_strerror(e));
	}
	if (text)
		explicit_bzero(text, strlen(text));
	free(text);
}

void app_frame(struct app *app)
{
	uint64_t t0 = pf_perf_us();
	/* A frame can switch scenes or change state drawn earlier in it;
	 * draw again until it settles (bounded, in case of a loop). */
	for (int pass = 0; pass < 4; pass++) {
		if (app->has_pending)
			switch_scene(app);
		update_scene(app, false);
		struct ui *ui = &app->ui;
		ui_begin(ui, pf_now_ms(app->pf));
		ui->listen.label = listen_label(app);
		ui->listen.speaking = speech_speaking(&app->speech);
		ui->lang.label = lang_label(app);
		if (app->dark) {
			int w, h;
			pf_size(app->pf, &w, &h);
			pf_fill_rect(app->pf, (struct pf_rect){0, 0, w, h}, (struct pf_color){0, 0, 0, 255});
		} else if (app->scene && app->scene->draw) {
			app->scene->draw(app, app->state, ui);
		}
		if (app->lang_picker && !app->dark)
			app_lang_picker(app, ui);
		if (app->idle_warning && app->scene_id != SCENE_ATTRACT)
			draw_idle_dialog(app, ui);
		ui_end(ui);
		if (ui->lang.tapped) {
			ui->lang.tapped = false;
			app->lang_picker = true;
			ui->dirty = true;
		}
		read_aloud(app);
		if (!app->has_pending && !ui->dirty)
			break;
	}
	pf_present(app->pf);	/* only the last pass is seen */
	pf_stats_frame(app->pf, t0);
	if (!app->opened)
		open_after_first_frame(app);
}

void app_frame_if_dirty(struct app *app)
{
	if (app->ui.dirty || app->has_pending)
		app_frame(app);
}

int app_run(struct app *app)
{
	struct watchdog wd;
	watchdog_init(&wd);
	app_frame(app);
	watchdog_ready(&wd, pf_now_ms(app->pf));	/* systemd: the first frame is up */
	while (!app->quit) {
		uint64_t now = pf_now_ms(app->pf);
		uint64_t d = app_next_deadline(app), beat = watchdog_deadline(&wd);
		if (beat && (!d || beat < d))
			d = beat;
		int timeout = -1;
		if (d)
			timeout = d <= now ? 0 : (int)(d - now > 3600000 ? 3600000 : d - now);
		/* Idle work first, when nothing else is waiting (app_prefetch.c). */
		bool rehearse = app_prefetch_pending(app);
		struct pf_event ev;
		if (pf_wait_event(app->pf, rehearse ? 0 : timeout, &ev))
			app_event(app, &ev);
		else if (rehearse)
			app_prefetch_step(app);
		app_tick(app);
		app_frame_if_dirty(app);
		/* Only a loop that gets here is alive: a hang anywhere above
		 * stops the heartbeats and systemd restarts the kiosk. */
		watchdog_beat(&wd, pf_now_ms(app->pf));
	}
	watchdog_stopping(&wd);
	return 0;
}
