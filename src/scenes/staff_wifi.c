/*
 * staff_wifi.c: staff mode's Wi-Fi screen (sys/nm.h). The networks in
 * range, strongest first, with their signal and whether they need a
 * password; what the kiosk is connected to, and whether that reaches the
 * internet, needs a sign-in page, or has no internet; and connecting to a
 * network, with its password typed on the on-screen keyboard and shown as
 * dots. NetworkManager is asked on a job's thread: when the screen opens
 * (with a scan), every 10 s while it shows (every 2 s while connecting),
 * and after a connect; the screen never waits for it.
 *
 * The password lives in the field (s->wifi->pass) until Connect, then in
 * the job only; the field is wiped as it is handed over, on Cancel, and
 * when the screen closes. It is never logged or drawn.
 */
#include "scenes/staff_int.h"

#include "sys/nm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_EVERY_MS 10000
#define READ_CONNECTING_MS 2000

struct staff_wifi {
	struct nm_status st;
	bool have;		/* st holds an answer */
	bool rescan;		/* Look again was tapped: scan at the next chance */
	struct nm_job *job;	/* a read running, or NULL */
	struct nm_job *conn;	/* a connect (and read) running, or NULL */
	uint64_t read_at;	/* when the last answer came */
	bool tried;		/* a connect was asked for: a failure is the password's */
	char tried_ssid[NM_SSID_BYTES * 3 + 1];
	char msg[512];		/* a line under the status (a refusal, a hint) */
	bool pass_mode;		/* the password editor for ap */
	bool pass_bad;
	struct nm_ap ap;
	struct ui_field pass;
	struct ui_keyboard kb;
	struct ui_scroll scroll;
};

static void wifi_done(struct job *j, void *owner, void *ctx)
{
	struct staff_state *s = owner;
	struct app *app = ctx;
	struct nm_job *n = (struct nm_job *)j;
	struct staff_wifi *w = s->wifi;
	if (n == w->conn)
		w->conn = NULL;
	else
		w->job = NULL;
	if (!n->connect && w->conn)
		return;	/* read before the connect: its answer is coming */
	w->st = n->st;
	w->have = true;
	w->read_at = app_now_ms(app) | 1;
	if (n->connect && n->connect_err) {
		const char *key = n->connect_err == NM_DENIED ? "staff.wifi.denied"
							      : "staff.wifi.refused";
		staff_fill1(w->msg, sizeof w->msg, app_str(app, key), "{error}", n->connect_why);
		w->tried = false;
	}
	app_update_soon(app);
}

/* Reads the state (and connects first, with ap); NULL ap: only reads. */
static void start(struct app *app, struct staff_state *s, bool scan, const struct nm_ap *ap,
		  const char *psk)
{
	struct staff_wifi *w = s->wifi;
	if (ap ? w->conn != NULL : w->job || w->conn)
		return;
	struct nm_job *n = nm_job_new(scan, ap ? w->st.device : NULL, ap, psk);
	if (n)
		n->job.done = wifi_done;
	if (!n || job_start(app->jobs, &n->job, s) != JOB_OK) {
		w->read_at = app_now_ms(app) | 1;	/* try again later */
		if (ap)
			snprintf(w->msg, sizeof w->msg, "%s", app_str(app, "staff.wifi.no_job"));
		return;
	}
	*(ap ? &w->conn : &w->job) = n;
}

void staff_wifi_open(struct app *app, struct staff_state *s)
{
	if (!s->wifi)
		s->wifi = calloc(1, sizeof *s->wifi);
	if (!s->wifi)
		return;
	s->mode = MODE_WIFI;
	start(app, s, true, NULL, NULL);
	staff_clock_open(app, s);
}

void staff_wifi_leave(struct app *app, struct staff_state *s)
{
	struct staff_wifi *w = s->wifi;
	staff_clock_leave(app, s);
	if (!w)
		return;
	if (w->job)
		job_cancel(app->jobs, &w->job->job);
	if (w->conn)
		job_cancel(app->jobs, &w->conn->job);
	explicit_bzero(w, sizeof *w);
	free(w);
	s->wifi = NULL;
}

uint64_t staff_wifi_update(struct app *app, struct staff_state *s, uint64_t now)
{
	struct staff_wifi *w = s->wifi;
	if (!w)
		return 0;
	uint64_t every = w->have && w->st.wifi == NM_WIFI_CONNECTING ? READ_CONNECTING_MS
								     : READ_EVERY_MS;
	if (!w->job && !w->conn && (w->rescan || !w->read_at || now - w->read_at >= every)) {
		start(app, s, w->rescan, NULL, NULL);
		w->rescan = false;
	}
	uint64_t next = (w->read_at ? w->read_at : now) + every;
	uint64_t tick = staff_clock_update(app, s, now);
	return tick && tick < next ? tick : next;
}

/* The status line and its colour: 0 fine, 1 working, 2 a problem. */
static int status_text(struct app *app, const struct staff_wifi *w, char *out, size_t n)
{
	const char *key;
	int bad = 2;
	if (!w->have) {
		key = "staff.wifi.reading";
		bad = 1;
	} else if (w->st.err == NM_UNAVAILABLE) {
		key = "staff.wifi.no_nm";
	} else if (w->st.err == NM_NO_WIFI) {
		key = "staff.wifi.no_device";
	} else if (w->st.err) {
		key = "staff.wifi.error";
	} else if (w->st.wifi == NM_WIFI_CONNECTED) {
		bad = w->st.online == NM_ONLINE_FULL ? 0 : 2;
		key = w->st.online == NM_ONLINE_FULL	   ? "staff.wifi.online"
		      : w->st.online == NM_ONLINE_PORTAL ? "staff.wifi.portal"
		      : w->st.online == NM_ONLINE_UNKNOWN ? "staff.wifi.connected"
							  : "staff.wifi.no_internet";
		if (w->st.online == NM_ONLINE_UNKNOWN)
			bad = 0;
	} else if (w->st.wifi == NM_WIFI_CONNECTING) {
		key = "staff.wifi.connecting";
		bad = 1;
	} else if (w->st.wifi == NM_WIFI_OFF) {
		key = "staff.wifi.off";
	} else if (w->tried) {
		key = "staff.wifi.failed";
	} else {
		key = "staff.wifi.disconnected";
	}
	const char *ssid = w->st.active_ssid[0] ? w->st.active_ssid : w->tried_ssid;
	const char *const slots[][2] = {{"{network}", ssid}, {"{error}", w->st.why}};
	staff_fill(out, n, app_str(app, key), slots, 2);
	return bad;
}

static void pick(struct app *app, struct staff_state *s, const struct nm_ap *ap)
{
	struct staff_wifi *w = s->wifi;
	w->msg[0] = '\0';
	if (ap->active)
		return;
	if (ap->sec == NM_SEC_WEP || ap->sec == NM_SEC_ENTERPRISE) {
		staff_fill1(w->msg, sizeof w->msg, app_str(app, "staff.wifi.unsupported"),
			    "{network}", ap->ssid);
		return;
	}
	w->ap = *ap;
	snprintf(w->tried_ssid, sizeof w->tried_ssid, "%s", ap->ssid);
	if (ap->sec == NM_SEC_OPEN) {
		w->tried = true;
		start(app, s, false, ap, NULL);
		return;
	}
	if (!ui_kb_find(app_kbset(app), "letters")) {
		snprintf(w->msg, sizeof w->msg, "%s", app_str(app, "staff.tag.no_keyboard"));
		return;
	}
	ui_field_clear(&w->pass);
	ui_keyboard_reset(&w->kb, &w->pass, false);	/* a password: no capital first */
	w->pass_bad = false;
	w->pass_mode = true;
}

static const char *sec_key(enum nm_security sec)
{
	switch (sec) {
	case NM_SEC_OPEN: return "staff.wifi.sec.open";
	case NM_SEC_PSK:
	case NM_SEC_SAE: return "staff.wifi.sec.password";
	default: return "staff.wifi.sec.other";
	}
}

static void draw_list(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r)
{
	struct staff_wifi *w = s->wifi;
	int rh = ui->sz.button_h, gap = ui->sz.gap_small;
	struct ui_rect c = ui_scroll_begin(ui, &w->scroll, r);
	for (size_t i = 0; i < w->st.naps; i++) {
		const struct nm_ap *ap = &w->st.aps[i];
		int y = c.y + (int)i * (rh + gap), bw = c.w * 55 / 100;
		char name[32], info[160], pct[8];
		snprintf(name, sizeof name, "wifi-%zu", i);
		snprintf(pct, sizeof pct, "%d", ap->strength);
		const char *const slots[][2] = {{"{signal}", pct},
						{"{security}", app_str(app, sec_key(ap->sec))}};
		staff_fill(info, sizeof info,
			   app_str(app, ap->active ? "staff.wifi.row_active" : "staff.wifi.row"),
			   slots, 2);
		if (ui_button_named(ui, ap->ssid, name, (struct ui_rect){c.x, y, bw, rh},
				    ap->active ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY, NULL))
			pick(app, s, ap);
		ui_label(ui, info, (struct ui_rect){c.x + bw + gap, y, c.w - bw - gap, rh},
			 UI_FONT_SMALL, UI_REGULAR, ui->th.text, UI_ALIGN_LEFT);
	}
	ui_scroll_end(ui, (int)w->st.naps * (rh + gap));
}

static void connect_now(struct app *app, struct staff_state *s)
{
	struct staff_wifi *w = s->wifi;
	size_t chars = 0;
	for (size_t i = 0; i < w->pass.len; i++)
		chars += ((unsigned char)w->pass.text[i] & 0xC0) != 0x80;
	if (chars < 8 || w->pass.len > NM_PSK_MAX) {
		w->pass_bad = true;
		return;
	}
	w->tried = true;
	w->msg[0] = '\0';
	start(app, s, false, &w->ap, w->pass.text);
	ui_field_clear(&w->pass);
	w->pass_mode = false;
}

static void draw_pass(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct staff_wifi *w = s->wifi;
	char title[256];
	staff_fill1(title, sizeof title, app_str(app, "staff.wifi.pass.title"), "{network}",
		    w->ap.ssid);
	const struct ui_editor e = {
		.title = title, .cancel = app_str(app, "staff.tag.cancel"),
		.hint = app_str(app, w->pass_bad ? "staff.wifi.pass.short" : "staff.wifi.pass.hint"),
		.error = w->pass_bad, .secret = true, .field_name = "wifi_password",
		.done = app_str(app, "staff.wifi.connect"), .done_name = "wifi-connect",
		.set = app_kbset(app), .layout = "letters",	/* a password: no capital first */
	};
	enum ui_editor_hit hit = ui_editor(ui, &e, &w->pass, &w->kb);
	if (hit == UI_EDITOR_CANCEL) {
		ui_field_clear(&w->pass);
		w->pass_mode = false;
	} else if (hit == UI_EDITOR_EDITED) {
		w->pass_bad = false;
	} else if (hit == UI_EDITOR_DONE) {
		connect_now(app, s);
	}
}

void staff_wifi_draw(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct staff_wifi *w = s->wifi;
	if (w->pass_mode) {
		draw_pass(app, s, ui);
		return;
	}
	if (staff_clock_editing(s)) {
		staff_clock_edit_draw(app, s, ui);
		return;
	}
	struct ui_rect a;
	const struct ui_bar bar = {.title = app_str(app, "staff.wifi.title"),
				   .back = app_str(app, "staff.wifi.back")};
	if (ui_topbar(ui, &bar, &a)) {
		s->mode = MODE_MAIN;
		staff_wifi_leave(app, s);
		app_update_soon(app);
		return;
	}
	int pad = ui->sz.in, gap = ui->sz.gap_small, x = a.x + pad, wd = a.w - 2 * pad;
	int y = a.y + pad;
	y += staff_clock_line(app, s, ui, (struct ui_rect){x, y, wd, 0}) + gap;
	char line[512];
	int bad = status_text(app, w, line, sizeof line);
	struct ui_color c = bad == 2 ? ui->th.danger : bad == 1 ? ui->th.muted : ui->th.primary;
	const struct ui_button_spec rescan = {app_str(app, "staff.wifi.rescan"), "wifi-rescan",
					      UI_STYLE_SECONDARY};
	bool tapped;
	y += ui_status_row(ui, (struct ui_rect){x, y, wd, 0}, line, c, &rescan, &tapped) + gap;
	if (tapped) {
		w->msg[0] = '\0';
		w->rescan = true;	/* after a read that may be running */
		app_update_soon(app);
	}
	if (w->msg[0])
		y += ui_label(ui, w->msg, (struct ui_rect){x, y, wd, 0}, UI_FONT_BODY, UI_REGULAR,
			      ui->th.danger, UI_ALIGN_LEFT) + gap;
	if (w->have && !w->st.err && !w->st.naps) {
		ui_label(ui, app_str(app, "staff.wifi.none"), (struct ui_rect){x, y, wd, ui->sz.button_h},
			 UI_FONT_BODY, UI_REGULAR, ui->th.muted, UI_ALIGN_LEFT);
		return;
	}
	draw_list(app, s, ui, (struct ui_rect){x, y, wd, a.y + a.h - pad - y});
}

bool staff_wifi_key(struct app *app, struct staff_state *s, const struct ui_event *ev)
{
	struct staff_wifi *w = s->wifi;
	if (staff_clock_editing(s) && ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE) {
		staff_clock_stop_editing(s);
		return true;
	}
	if (!w->pass_mode)
		return false;
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_RETURN) {
		connect_now(app, s);
		return true;
	}
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE) {
		ui_field_clear(&w->pass);
		w->pass_mode = false;
		return true;
	}
	if (ui_field_key(&w->pass, ev)) {
		w->pass_bad = false;
		return true;
	}
	return false;
}
