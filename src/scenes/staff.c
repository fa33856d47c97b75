/*
 * staff: staff mode, opened by a 3-second press in the attract screen's
 * top-left corner. First a PIN pad (src/store/pin.h: hashed PIN, lockout
 * that survives a restart); then one screen with what staff need at an
 * event: leads today / this event / to upload / uploaded / refused, the
 * upload status in words, whether the upload server can be reached
 * (net/reach.c, checked on a thread every minute while the screen shows),
 * free space, versions, and the actions: set the
 * event tag, Upload now, Export to USB, Check content, Back to start and
 * Exit kiosk. Staff mode times out like any screen (the app's idle reset).
 *
 * The event tag typed here is kept in the leads database (kv "event.tag")
 * and replaces kiosk.json's event_tag for every new lead.
 * Slow actions (export, content check) run on a worker thread
 * (staff_job.c) under a "working" dialog that keeps drawing, so a slow USB
 * stick never freezes the screen.
 */
#include "scenes/scenes.h"

#include "content/check.h"
#include "content/form.h"
#include "store/pin.h"
#include "net/reach.h"
#include "scenes/staff_int.h"
#include "ui/ui_theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#define PROBE_EVERY_MS 60000	/* how often the dashboard checks the network */

void staff_fill(char *out, size_t n, const char *tpl, const char *const (*slots)[2],
		size_t nslots)
{
	size_t k = 0;
	for (const char *p = tpl; *p && k + 1 < n;) {
		size_t s = 0;
		while (s < nslots && strncmp(p, slots[s][0], strlen(slots[s][0])) != 0)
			s++;
		if (s == nslots) {
			out[k++] = *p++;
			continue;
		}
		p += strlen(slots[s][0]);
		int w = snprintf(out + k, n - k, "%s", slots[s][1]);
		k = w < 0 || (size_t)w >= n - k ? n - 1 : k + (size_t)w;
	}
	out[k] = '\0';
}

void staff_fill1(char *out, size_t n, const char *tpl, const char *slot, const char *val)
{
	const char *const s[][2] = {{slot, val}};
	staff_fill(out, n, tpl, s, 1);
}

/* "10:42" today, "03/03 10:42" another day (local time). */
static void when_text(int64_t ms, int64_t now_ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000), now = (time_t)(now_ms / 1000);
	struct tm a, b;
	localtime_r(&t, &a);
	localtime_r(&now, &b);
	bool today = a.tm_year == b.tm_year && a.tm_yday == b.tm_yday;
	if (!strftime(out, n, today ? "%H:%M" : "%d/%m %H:%M", &a))
		out[0] = '\0';
}

void staff_day(int64_t ms, struct content_day *out)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	*out = (struct content_day){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* How many stale-figure warnings the running content has today: a walk
 * over the loaded roles and courses, no file opened. */
static size_t stale_count(struct app *app)
{
	struct content_day today;
	struct diag_list d = {0};
	staff_day(app_wall_ms(app), &today);
	size_t n = content_stale(&app->content, &today, &d);
	diag_free(&d);
	return n;
}

/* Re-reads everything the dashboard shows (cheap: one query, two kv). */
void staff_refresh(struct app *app, struct staff_state *s)
{
	app_event_tag(app, s->tag, sizeof s->tag);
	memset(&s->counts, 0, sizeof s->counts);
	if (app->store)
		store_counts(app->store, s->tag[0] ? s->tag : NULL, app_wall_ms(app), &s->counts);
	store_sealing(app->store, s->key_id);

	struct uploader_status us = {.state = UPLOADER_NOT_SET_UP};
	if (app->uploader)
		uploader_get_status(app->uploader, &us);
	char *v = NULL;
	if (!us.last_success_ms && app->store &&
	    store_kv_get(app->store, "upload.last_success_ms", &v) == STORE_OK)
		us.last_success_ms = atoll(v);
	free(v);
	v = NULL;
	if (!us.last_error[0] && app->store &&
	    store_kv_get(app->store, "upload.last_error", &v) == STORE_OK)
		snprintf(us.last_error, sizeof us.last_error, "%s", v);
	free(v);
	s->up = us;

	s->stale = stale_count(app);
	const struct app_content *c = &app->cfetch;
	s->content = (struct staff_content){
		.set_up = c->set_up, .busy = app_content_busy(app), .waiting = app_content_waiting(app),
		.asked = c->asked, .running = c->running, .staged = c->st.staged, .last = c->last,
	};
	snprintf(s->content.why, sizeof s->content.why, "%s", c->why);
	snprintf(s->content.refused, sizeof s->content.refused, "%s", c->st.refused);

	struct statvfs vfs;
	s->free_bytes = statvfs(app->data_dir, &vfs) == 0
				? (unsigned long long)vfs.f_bavail * vfs.f_frsize : 0;
}

static void upload_text(struct app *app, const struct staff_state *s, char *out, size_t n)
{
	char when[32] = "";
	if (s->up.last_success_ms)
		when_text(s->up.last_success_ms, app_wall_ms(app), when, sizeof when);
	const char *key;
	switch (s->up.state) {
	case UPLOADER_SENDING:
		key = "staff.up.sending";
		break;
	case UPLOADER_OFFLINE:
		key = when[0] ? "staff.up.offline_since" : "staff.up.offline";
		break;
	case UPLOADER_REFUSED:
		key = "staff.up.refused";
		break;
	case UPLOADER_IDLE:
		key = when[0] ? "staff.up.online" : "staff.up.ready";
		break;
	default:
		key = "staff.up.not_set_up";
		break;
	}
	staff_fill1(out, n, app_str(app, key), "{time}", when);
}

static void size_text(struct app *app, unsigned long long bytes, char *out, size_t n)
{
	char num[32];
	double gb = (double)bytes / 1e9;
	if (gb >= 1) {
		snprintf(num, sizeof num, "%.1f", gb);
		staff_fill1(out, n, app_str(app, "staff.gb"), "{n}", num);
	} else {
		snprintf(num, sizeof num, "%llu", bytes / 1000000);
		staff_fill1(out, n, app_str(app, "staff.mb"), "{n}", num);
	}
}

static int info_line(struct ui *ui, const char *text, int x, int y, int w, struct ui_color c)
{
	int h = ui_text_height(ui, text, w, UI_FONT_BODY, UI_REGULAR);
	ui_label(ui, text, (struct ui_rect){x, y, w, h}, UI_FONT_BODY, UI_REGULAR, c,
		 UI_ALIGN_LEFT);
	return h + ui_size(ui, UI_SIZE_LINE_GAP);
}

/* The reachability line's string key, or NULL when there is none to show
 * (uploads not set up: the upload line already says so). */
static const char *net_key(const struct staff_state *s)
{
	if (s->up.state == UPLOADER_NOT_SET_UP)
		return NULL;
	switch (s->net) {
	case NET_CHECKING: return "staff.net.checking";
	case NET_REACHABLE: return "staff.net.ok";
	case NET_UNREACHABLE: return "staff.net.down";
	case NET_UNTRUSTED: return "staff.net.untrusted";
	default: return NULL;
	}
}

/* On the UI thread, when the check is handed back (job/job.h). */
static void probe_done(struct job *j, void *owner, void *ctx)
{
	struct staff_state *s = owner;
	struct app *app = ctx;
	enum reach_answer r = ((struct reach_job *)j)->answer;
	s->probe = NULL;	/* the queue frees it after this */
	s->net = r == REACH_OK ? NET_REACHABLE : r == REACH_UNTRUSTED ? NET_UNTRUSTED
								 : NET_UNREACHABLE;
	s->probed_at = app_now_ms(app) | 1;
}

/* Starts a reachability check when none ran for a minute; its answer
 * comes back through probe_done when the loop wakes. */
static void probe_start(struct app *app, struct staff_state *s, uint64_t now)
{
	const char *url = app->content.cfg.upload_url;
	if (s->probe || !url || !*url || (s->probed_at && now - s->probed_at < PROBE_EVERY_MS))
		return;
	/* upload.ca_file is relative to the config folder, as for the uploader. */
	char ca[1024] = "";
	const char *cf = app->content.cfg.upload_ca_file;
	if (cf && *cf)
		snprintf(ca, sizeof ca, "%s%s%s", cf[0] == '/' ? "" : app->content.cfg.dir ? app->content.cfg.dir : ".",
			 cf[0] == '/' ? "" : "/", cf);
	const struct reach_opts o = {.url = url, .ca_file = ca};
	struct reach_job *r = reach_job_new(&o);
	if (r)
		r->job.done = probe_done;
	if (!r || job_start(app->jobs, &r->job, s) != JOB_OK) {
		s->probed_at = now | 1;	/* try again in a minute */
		return;
	}
	s->probe = r;
	if (s->net == NET_UNKNOWN)
		s->net = NET_CHECKING;
}

/* What the office's content is doing, in one line (NULL: nothing to say):
 * asking, waiting for the attract screen, refused, offline, unchanged. */
static const char *content_status(struct app *app, const struct staff_state *s, char *out,
				  size_t n, bool *bad)
{
	const struct staff_content *c = &s->content;
	char num[24];
	snprintf(num, sizeof num, "%ld", c->staged);
	*bad = false;
	if (c->busy)
		snprintf(out, n, "%s", app_str(app, "staff.content.asking"));
	else if (c->waiting)
		staff_fill1(out, n, app_str(app, "staff.content.waiting"), "{n}", num);
	else if ((*bad = c->refused[0] != '\0'))
		staff_fill1(out, n, app_str(app, "staff.content.refused"), "{why}", c->refused);
	else if ((*bad = c->asked && c->last == CONTENT_OFFLINE))
		staff_fill1(out, n, app_str(app, "staff.content.offline"), "{why}", c->why);
	else if (c->asked && c->last == CONTENT_UNCHANGED)
		snprintf(out, n, "%s", app_str(app, "staff.content.unchanged"));
	else
		return NULL;
	return out;
}

/* The office's content status, under the versions line. A reason too
 * long for the room left is shortened: Check content's dialog gives it
 * whole, with "Check for new content" (staff_dlg.c). */
static int content_lines(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r)
{
	const struct staff_content *c = &s->content;
	char line[512];
	int y = r.y;
	bool bad;
	const char *st = content_status(app, s, line, sizeof line, &bad);
	if (!st)
		return y - r.y;
	int left = r.y + r.h - y;
	if (bad && c->refused[0] && ui_text_height(ui, st, r.w, UI_FONT_BODY, UI_REGULAR) > left)
		st = app_str(app, "staff.content.refused_short");
	/* No room at all (800x480 with every warning up): Content says it. */
	if (ui_text_height(ui, st, r.w, UI_FONT_BODY, UI_REGULAR) > left)
		return 0;
	y += info_line(ui, st, r.x, y, r.w, bad ? ui->th.danger : ui->th.muted);
	return y - r.y;
}

/* The left card: counts, then the status lines. */
static void draw_info(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r)
{
	ui_panel(ui, r, ui->th.surface);
	int pad = ui->sz.in, gap = ui->sz.gap_small;
	const long counts[] = {s->counts.today, s->counts.event, s->counts.queued, s->counts.sent,
			       s->counts.rejected};
	static const char *const keys[] = {"staff.count.today", "staff.count.event",
					   "staff.count.queued", "staff.count.sent",
					   "staff.count.rejected"};
	enum { N = sizeof counts / sizeof counts[0] };
	char cnum[N][24];
	const char *nums[N], *labels[N];
	for (int i = 0; i < N; i++) {
		snprintf(cnum[i], sizeof cnum[i], "%ld", counts[i]);
		nums[i] = cnum[i];
		labels[i] = app_str(app, keys[i]);
	}
	int ch = ui_stat_row(ui, ui_inset(r, pad, pad), nums, labels, N, gap);

	char line[512], part[128];
	int x = r.x + pad, w = r.w - 2 * pad, y = r.y + pad + ch + ui->sz.gap;
	if (s->tag[0])
		staff_fill1(line, sizeof line, app_str(app, "staff.event"), "{tag}", s->tag);
	else
		snprintf(line, sizeof line, "%s", app_str(app, "staff.event.none"));
	y += info_line(ui, line, x, y, w, ui->th.text);
	int64_t newest = 0;
	if (app_clock_behind(app, &newest)) {
		char a[32], b[32];
		staff_time_text(app_wall_ms(app), a, sizeof a);
		staff_time_text(newest, b, sizeof b);
		const char *const t[][2] = {{"{time}", a}, {"{newest}", b}};
		staff_fill(line, sizeof line, app_str(app, "staff.clock.behind"), t, 2);
		y += info_line(ui, line, x, y, w, ui->th.danger);
	}
	upload_text(app, s, line, sizeof line);
	bool bad = s->up.state == UPLOADER_OFFLINE || s->up.state == UPLOADER_REFUSED;
	y += info_line(ui, line, x, y, w, bad ? ui->th.danger : ui->th.text);
	/* Offline and the server out of reach: the reachability line below says
	 * why, with what to do, in place of the uploader's last error. */
	bool same = s->up.state == UPLOADER_OFFLINE && s->net == NET_UNREACHABLE;
	if (s->up.last_error[0] && !same) {
		staff_fill1(line, sizeof line, app_str(app, "staff.up.last_error"), "{error}",
			    s->up.last_error);
		y += info_line(ui, line, x, y, w, ui->th.muted);
	}
	const char *net = net_key(s);
	if (net)
		y += info_line(ui, app_str(app, net), x, y, w,
			       s->net >= NET_UNREACHABLE ? ui->th.danger : ui->th.text);
	size_text(app, s->free_bytes, part, sizeof part);
	bool low = s->free_bytes < 200ull * 1000 * 1000;
	staff_fill1(line, sizeof line, app_str(app, low ? "staff.disk.low" : "staff.disk"), "{size}",
		    part);
	y += info_line(ui, line, x, y, w, low ? ui->th.danger : ui->th.text);
	if (s->key_id[0])
		staff_fill1(line, sizeof line, app_str(app, "staff.sealed"), "{key}", s->key_id);
	else
		snprintf(line, sizeof line, "%s", app_str(app, "staff.unsealed"));
	y += info_line(ui, line, x, y, w, s->key_id[0] ? ui->th.text : ui->th.danger);
	char num[24];
	snprintf(num, sizeof num, "%ld", s->content.running);
	const char *const v[][2] = {{"{app}", KIOSK_VERSION}, {"{content}", s->content_ver},
				    {"{n}", num}};
	char ver[256];
	staff_fill(ver, sizeof ver,
		   app_str(app, s->content.running ? "staff.versions.office" : "staff.versions"), v,
		   3);
	/* Out-of-date content, above the versions when both fit (at 800x480
	 * with a long upload status they may not; Check content lists it). */
	if (s->stale) {
		snprintf(part, sizeof part, "%zu", s->stale);
		staff_fill1(line, sizeof line,
			    app_str(app, s->stale == 1 ? "staff.stale.one" : "staff.stale.many"),
			    "{n}", part);
		int need = ui_text_height(ui, line, w, UI_FONT_BODY, UI_REGULAR) +
			   ui_text_height(ui, ver, w, UI_FONT_BODY, UI_REGULAR) + ui_size(ui, UI_SIZE_LINE_GAP);
		if (y + need <= r.y + r.h - pad)
			y += info_line(ui, line, x, y, w, ui->th.danger);
	}
	y += info_line(ui, ver, x, y, w, ui->th.muted);
	y += content_lines(app, s, ui, (struct ui_rect){x, y, w, r.y + r.h - y});
	if (s->note[0])
		info_line(ui, s->note, x, y, w, ui->th.primary);
}

static void do_upload(struct app *app, struct staff_state *s)
{
	if (app->uploader) {
		uploader_wake(app->uploader);
		snprintf(s->note, sizeof s->note, "%s", app_str(app, "staff.upload.woken"));
		s->probed_at = 0;	/* and look at the network again */
		app_update_soon(app);
	}
	/* Not set up: the status line above already says so and what to do. */
}

static void draw_actions(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r)
{
	enum { TAG, UPLOAD, EXPORT, CONTENT, WIFI, START, EXIT, N };
	const struct ui_button_spec b[N] = {
		{app_str(app, "staff.act.tag"), "staff-tag", UI_STYLE_PRIMARY},
		{app_str(app, "staff.act.upload"), "staff-upload", UI_STYLE_PRIMARY},
		{app_str(app, "staff.act.export"), "staff-export", UI_STYLE_PRIMARY},
		{app_str(app, "staff.act.content_menu"), "staff-content-menu", UI_STYLE_PRIMARY},
		{app_str(app, "staff.act.wifi"), "staff-wifi", UI_STYLE_SECONDARY},
		{app_str(app, "staff.act.start"), "staff-start", UI_STYLE_SECONDARY},
		{app_str(app, "staff.act.exit"), "staff-exit", UI_STYLE_ACCENT},
	};
	int hit = ui_button_column(ui, r, b, N, ui->sz.gap_small);
	if (hit >= 0)
		s->note[0] = '\0';
	switch (hit) {
	case TAG: staff_tag_open(app, s); break;
	case UPLOAD: do_upload(app, s); break;
	case EXPORT: staff_job_start(app, s, MO_EXPORT_BUSY); break;
	case CONTENT: s->modal = MO_CONTENT; break;	/* Check content, or Update from USB */
	case WIFI: staff_wifi_open(app, s); break;
	case START: app_goto(app, SCENE_ATTRACT, NULL); break;
	case EXIT: s->modal = MO_EXIT; break;
	default: break;
	}
}

static void draw_main(struct app *app, struct staff_state *s, struct ui *ui)
{
	if (s->modal == MO_TAG) {
		staff_tag_draw(app, s, ui);
		return;
	}
	if (s->modal == MO_REPORT) {
		staff_report_draw(app, s, ui);
		return;
	}
	struct ui_rect area;
	/* Today at this event: in the bar, where the column of actions has
	 * no room for an eighth button a finger can hit at 800x480. */
	const struct ui_bar bar = {.title = app_str(app, "staff.main.title"),
				   .next = app_str(app, "staff.act.report"),
				   .next_name = "staff-report"};
	if (ui_topbar(ui, &bar, &area) == UI_BAR_NEXT && s->modal == MO_NONE) {
		s->modal = MO_REPORT;
		app_update_soon(app);
	}
	int pad = ui->sz.in;
	int aw = area.w * 36 / 100;
	struct ui_rect info = {area.x + pad, area.y + pad, area.w - aw - 3 * pad, area.h - 2 * pad};
	struct ui_rect acts = {info.x + info.w + pad, info.y, aw, info.h};
	draw_info(app, s, ui, info);
	draw_actions(app, s, ui, acts);
	if (s->modal != MO_NONE)
		staff_draw_modal(app, s, ui);
}

/* What the dashboard shows is read here, outside drawing: on entering it,
 * on every wake-up (the uploader's status, a job handed back), after an
 * action (app_update_soon) and once a minute. */
static uint64_t update(struct app *app, void *state, uint64_t now)
{
	struct staff_state *s = state;
	if (s->mode == MODE_WIFI)
		return staff_wifi_update(app, s, now);
	if (s->mode != MODE_MAIN)
		return 0;
	staff_job_update(app, s);
	if (s->modal == MO_EXPORT_BUSY || s->modal == MO_CHECK_BUSY || s->modal == MO_USB_BUSY) {
		/* The busy dialog's clock: the next whole second of the job. */
		uint64_t into = now > s->job_started ? now - s->job_started : 0;
		return s->job_started + (into / 1000 + 1) * 1000;
	}
	staff_refresh(app, s);
	if (s->modal == MO_REPORT)
		staff_report_refresh(app, s);
	probe_start(app, s, now);
	return now + PROBE_EVERY_MS;
}

static void enter(struct app *app, void *state, const char *arg)
{
	(void)arg;
	struct staff_state *s = state;
	snprintf(s->content_ver, sizeof s->content_ver, "%s", app->content.version);
	if (!s->content_ver[0])
		snprintf(s->content_ver, sizeof s->content_ver, "%s", "-");
	staff_pin_enter(app, s);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct staff_state *s = state;
	if (s->mode == MODE_MAIN)
		draw_main(app, s, ui);
	else if (s->mode == MODE_WIFI)
		staff_wifi_draw(app, s, ui);
	else
		staff_pin_draw(app, s, ui);
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	struct staff_state *s = state;
	if (s->mode == MODE_PIN && staff_pin_key(app, s, ev))
		return true;
	if (s->mode == MODE_MAIN && s->modal == MO_TAG && staff_tag_key(app, s, ev))
		return true;
	if (s->mode == MODE_WIFI && staff_wifi_key(app, s, ev))
		return true;
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE && s->mode == MODE_WIFI) {
		s->mode = MODE_MAIN;
		staff_wifi_leave(app, s);
		app_update_soon(app);
		return true;
	}
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE) {
		if (s->modal == MO_USB_CONFIRM)
			staff_usb_answer(app, s, false);	/* as Cancel */
		else if (s->modal != MO_NONE && s->modal != MO_EXPORT_BUSY &&
			 s->modal != MO_CHECK_BUSY && s->modal != MO_USB_BUSY)
			s->modal = MO_NONE;
		else if (s->modal == MO_NONE)
			app_goto(app, SCENE_ATTRACT, NULL);
		return true;
	}
	return false;
}

static void leave(struct app *app, void *state)
{
	struct staff_state *s = state;
	if (s->probe)
		job_cancel(app->jobs, &s->probe->job);
	s->probe = NULL;
	staff_job_drop(app, s);
	staff_usb_drop(app, s);
	staff_wifi_leave(app, s);
}

const struct scene scene_staff = {
	.name = "staff",
	.state_size = sizeof(struct staff_state),
	.enter = enter,
	.leave = leave,
	.key = key,
	.draw = draw,
	.update = update,
};
