/*
 * app_content.c: the office's signed content on the kiosk (app.h, struct
 * app_content; the bundle format is content/pack.h, the download
 * net/content_fetch.h).
 *
 * - A job asks the receiver for the bundle right after start, then every
 *   15 minutes (the UI clock's timer: nothing runs in between), and when
 *   staff tap "Check for new content". If-None-Match makes an unchanged
 *   bundle one small 304.
 * - A newer bundle is verified, checked and unpacked by the job into
 *   data/content/v<N> (whole or not at all); the app switches to it at
 *   the next attract screen, never under a visitor, and writes
 *   data/content/state (running N) atomically. The previous version's
 *   folder is kept; older ones are removed.
 * - At start the kiosk takes kiosk.json from the config folder and the
 *   content from the newest good v<N> (else the config folder's own). A
 *   version that fails the kiosk's checks then is marked bad (state: bad
 *   N) and the one before it is used; why is kept in the state's refused
 *   line, which staff mode and `kioskctl content status` show.
 */
#include "app.h"

#include "content/pack.h"
#include "net/content_fetch.h"

#include <curl/curl.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FETCH_EVERY_MS (15 * 60 * 1000)

struct content_job {
	struct job job;
	struct content_fetch_opts o;
	char url[2048], token[PATH_MAX], ca[PATH_MAX], pk[64], dir[PATH_MAX], assets[PATH_MAX];
	struct content_fetch_out out;
};

static void state_dir(const struct app *app, char *out, size_t n)
{
	snprintf(out, n, "%s/content", app->data_dir);
}

/* "v12" -> 12; anything else (".new-v12-99", "state", "v1x") -> 0. */
static long version_of(const char *name)
{
	if (name[0] != 'v' || name[1] < '1' || name[1] > '9')
		return 0;
	char *end;
	long v = strtol(name + 1, &end, 10);
	return *end ? 0 : v;
}

/* The v<N> folders under dir, newest first, into vs (at most max). */
static size_t list_versions(const char *dir, long *vs, size_t max)
{
	DIR *dp = opendir(dir);
	size_t n = 0;
	if (!dp)
		return 0;
	struct dirent *e;
	while ((e = readdir(dp)) && n < max) {
		long v = version_of(e->d_name);
		if (v > 0)
			vs[n++] = v;
	}
	closedir(dp);
	for (size_t i = 1; i < n; i++)	/* insertion sort, descending */
		for (size_t j = i; j > 0 && vs[j] > vs[j - 1]; j--) {
			long t = vs[j];
			vs[j] = vs[j - 1];
			vs[j - 1] = t;
		}
	return n;
}

/* Keeps the running version and the newest one below it; removes older
 * ones, and the hidden folders of an unpacking cut short. Under the lock:
 * a fetch unpacks into such a hidden folder while it holds it. */
static void prune(const char *dir, long running)
{
	int lock = content_state_lock(dir);
	if (lock < 0)
		return;	/* kept for the next switch */
	long vs[64];
	size_t n = list_versions(dir, vs, 64);
	bool kept_previous = false;
	char path[PATH_MAX];
	for (size_t i = 0; i < n; i++) {
		if (vs[i] >= running)
			continue;
		if (!kept_previous) {
			kept_previous = true;
			continue;
		}
		snprintf(path, sizeof path, "%s/v%ld", dir, vs[i]);
		pack_rmtree(path);
	}
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp)))
		if (!strncmp(e->d_name, ".new-v", 6)) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			pack_rmtree(path);
		}
	if (dp)
		closedir(dp);
	content_state_unlock(lock);
}

/* Writes the app's part of the state over what is on disk now, under the
 * lock: the app owns running and bad (and refused, when it marks a version
 * bad); a fetch or a USB install owns staged, etag and fetched and may
 * have changed them since the app read the file (a stick's version staged
 * during the switch stays staged). The app's copy becomes the merge. */
static void write_state(struct app *app)
{
	struct content_state *st = &app->cfetch.st, disk;
	char dir[PATH_MAX];
	state_dir(app, dir, sizeof dir);
	int lock = content_state_lock(dir);
	content_state_read(dir, &disk);
	if (disk.bad != st->bad)
		snprintf(disk.refused, sizeof disk.refused, "%s", st->refused);
	disk.running = st->running;
	disk.bad = st->bad;
	if (disk.staged <= disk.running || disk.staged == disk.bad)
		disk.staged = 0;
	if (content_state_write(dir, &disk) != 0)
		fprintf(stderr, "carekiosk: cannot write %s/state: %s\n", dir, strerror(errno));
	*st = disk;
	content_state_unlock(lock);
}

/* The first problem of a list, without the folder's path, for staff. */
static void first_problem(const struct diag_list *d, const char *dir, char *out, size_t n)
{
	const char *m = d->n ? d->msgs[0] : "a problem";
	size_t k = strlen(dir);
	if (!strncmp(m, dir, k) && m[k] == '/')
		m += k + 1;
	snprintf(out, n, "%s", m);
}

int app_content_load(struct app *app, const char *config_dir, const char *asset_dir,
		     struct diag_list *diag, struct diag_list *skipped)
{
	struct app_content *c = &app->cfetch;
	char dir[PATH_MAX], vdir[PATH_MAX + 32];
	state_dir(app, dir, sizeof dir);
	content_state_read(dir, &c->st);
	long vs[64];
	size_t nv = list_versions(dir, vs, 64);
	/* kiosk.json first, when there is office content to load (else it is
	 * read once, by bundle_load): its problems are the kiosk's, not a
	 * bundle's, and without a key the office's content is not used. */
	bool kiosk_bad = false;
	if (nv) {
		struct config cfg;
		struct diag_list kd = {0};
		config_load(&cfg, config_dir, &kd);
		kiosk_bad = diag_count(&kd) != 0;
		if (kiosk_bad || ((!cfg.content_public_key || !*cfg.content_public_key) &&
				  !cfg.content_allow_usb_unsigned))
			nv = 0;
		config_free(&cfg);
		diag_free(&kd);
	}
	long was = c->st.running;
	for (size_t i = 0; i < nv; i++) {
		if (vs[i] == c->st.bad)
			continue;
		snprintf(vdir, sizeof vdir, "%s/v%ld", dir, vs[i]);
		struct diag_list d = {0};
		size_t n = bundle_load_dirs(&app->content, config_dir, vdir, asset_dir, &d, skipped);
		if (!n) {
			diag_free(&d);
			c->running = c->st.running = vs[i];
			if (c->st.staged <= vs[i])
				c->st.staged = 0;
			prune(dir, vs[i]);
			if (c->st.running != was || c->st.bad == vs[i])
				write_state(app);
			fprintf(stderr, "carekiosk: content version %ld from the office (%s)\n", vs[i],
				vdir);
			return 0;
		}
		char why[CONTENT_WHY_LEN - 80];
		first_problem(&d, vdir, why, sizeof why);
		diag_print(&d, stderr);
		diag_free(&d);
		bundle_free(&app->content);
		snprintf(c->st.refused, sizeof c->st.refused,
			 "version %ld could not be used at start: %s", vs[i], why);
		fprintf(stderr, "carekiosk: content %s; the kiosk goes back to the one before\n",
			c->st.refused);
		c->st.bad = vs[i];
		if (c->st.staged == vs[i])
			c->st.staged = 0;
		write_state(app);
	}
	c->running = 0;
	if (c->st.running && !kiosk_bad) {	/* no key now, or no version good */
		c->st.running = 0;
		write_state(app);
	}
	return (int)bundle_load(&app->content, config_dir, asset_dir, diag, skipped);
}

bool app_content_waiting(const struct app *app)
{
	const struct app_content *c = &app->cfetch;
	return c->st.staged > c->running && c->st.staged != c->st.bad;
}

size_t app_content_switch(struct app *app)
{
	struct app_content *c = &app->cfetch;
	if (!app_content_waiting(app))
		return app_reload_dir(app, app->content.config_dir, NULL, 0);
	char dir[PATH_MAX], vdir[PATH_MAX + 32], why[CONTENT_WHY_LEN - 80];
	state_dir(app, dir, sizeof dir);
	long v = c->st.staged;
	snprintf(vdir, sizeof vdir, "%s/v%ld", dir, v);
	size_t n = app_reload_dir(app, vdir, why, sizeof why);
	c->st.staged = 0;
	if (n) {
		c->st.bad = v;
		snprintf(c->st.refused, sizeof c->st.refused, "version %ld could not be used: %s", v,
			 why);
	} else {
		c->running = c->st.running = v;
		fprintf(stderr, "carekiosk: now showing content version %ld from the office\n", v);
	}
	write_state(app);	/* the switch: atomic (write, fsync, rename) */
	if (!n)
		prune(dir, v);
	return n;
}

void app_content_reread(struct app *app)
{
	char dir[PATH_MAX];
	state_dir(app, dir, sizeof dir);
	content_state_read(dir, &app->cfetch.st);
	if (app_content_waiting(app))
		app->reload_waiting = true;
}

/* ---- The fetch job ---- */

static bool stop_asked(void *ctx)
{
	return job_should_stop(ctx);
}

static void fetch_run(struct job *j)
{
	struct content_job *x = (struct content_job *)j;
	x->o.abandon = stop_asked;
	x->o.abandon_ctx = j;
	content_fetch(&x->o, &x->out);
}

static void fetch_done(struct job *j, void *owner, void *ctx)
{
	struct content_job *x = (struct content_job *)j;
	struct app *app = ctx;
	struct app_content *c = owner;
	char dir[PATH_MAX];
	c->job = NULL;
	c->last = x->out.result;
	c->asked = true;
	snprintf(c->why, sizeof c->why, "%s", x->out.why);
	c->next_at = (app_now_ms(app) + FETCH_EVERY_MS) | 1;
	state_dir(app, dir, sizeof dir);
	long bad = c->st.bad;
	content_state_read(dir, &c->st);
	c->st.bad = bad;
	if (x->out.result == CONTENT_STAGED) {
		fprintf(stderr, "carekiosk: content version %ld from the office is ready; it shows "
				"from the next attract screen\n", x->out.version);
		app->reload_waiting = true;	/* taken in at the attract screen */
	} else if (x->out.result == CONTENT_REFUSED) {
		fprintf(stderr, "carekiosk: content from the office refused: %s\n", x->out.why);
	}
}

static void fetch_free(struct job *j)
{
	free(j);
}

/* path as given when absolute, else under base. */
static void resolve(const char *base, const char *path, char *out, size_t n)
{
	if (!path || !*path || path[0] == '/')
		snprintf(out, n, "%s", path ? path : "");
	else
		snprintf(out, n, "%s/%s", base, path);
}

bool app_content_fetch_now(struct app *app)
{
	struct app_content *c = &app->cfetch;
	const struct config *cfg = &app->content.cfg;
	if (c->job || !c->set_up)
		return c->job != NULL;
	struct content_job *x = calloc(1, sizeof *x);
	if (!x)
		return false;
	if (*cfg->content_url)
		snprintf(x->url, sizeof x->url, "%s", cfg->content_url);
	else if (!content_fetch_url(cfg->upload_url, x->url, sizeof x->url))
		x->url[0] = '\0';
	resolve(cfg->dir, cfg->upload_token_file, x->token, sizeof x->token);
	resolve(cfg->dir, cfg->upload_ca_file, x->ca, sizeof x->ca);
	snprintf(x->pk, sizeof x->pk, "%s", cfg->content_public_key);
	state_dir(app, x->dir, sizeof x->dir);
	snprintf(x->assets, sizeof x->assets, "%s", app->asset_dir);
	x->o = (struct content_fetch_opts){
		.url = x->url, .token_file = x->token, .ca_file = x->ca,
		.user_agent = "carekiosk/" KIOSK_VERSION, .public_key = x->pk,
		.dir = x->dir, .asset_dir = x->assets,
	};
	x->job.run = fetch_run;
	x->job.done = fetch_done;
	x->job.free = fetch_free;
	if (job_start(app->jobs, &x->job, c) != JOB_OK) {
		c->next_at = (app_now_ms(app) + FETCH_EVERY_MS) | 1;	/* try again later */
		return false;
	}
	c->job = x;
	return true;
}

void app_content_open(struct app *app)
{
	struct app_content *c = &app->cfetch;
	const struct config *cfg = &app->content.cfg;
	c->set_up = cfg->content_public_key && *cfg->content_public_key &&
		    ((cfg->content_url && *cfg->content_url) || (cfg->upload_url && *cfg->upload_url));
	if (!c->set_up)
		return;
	/* The job's curl needs it, uploader or not; once, on this thread. */
	c->curl = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	c->set_up = c->curl;
	c->next_at = app_now_ms(app) | 1;	/* right after start */
}

void app_content_tick(struct app *app)
{
	struct app_content *c = &app->cfetch;
	uint64_t now = app_now_ms(app);
	if (c->set_up && !c->job && c->next_at && now >= c->next_at)
		app_content_fetch_now(app);
}

uint64_t app_content_deadline(const struct app *app)
{
	const struct app_content *c = &app->cfetch;
	return c->set_up && !c->job ? c->next_at : 0;
}

bool app_content_busy(const struct app *app)
{
	return app->cfetch.job != NULL;
}

void app_content_close(struct app *app)
{
	/* After the job queue has drained: no job is inside curl now. */
	if (app->cfetch.curl)
		curl_global_cleanup();
	app->cfetch.curl = false;
}
