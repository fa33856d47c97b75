/*
 * content_usb: new content from a USB stick on a job's thread (see
 * content_usb.h). Everything the thread reads is its own copy, but for
 * the running bundle, which it only reads.
 */
#include "net/content_usb.h"

#include "content/courses.h"
#include "content/slurp.h"
#include "net/content_fetch.h"
#include "store/export.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void usb_free(struct content_usb *x)
{
	if (!x)
		return;
	free(x->usb_dirs);
	free(x->content_dir);
	free(x->asset_dir);
	free(x->public_key);
	free(x->running_dir);
	for (size_t i = 0; i < sizeof x->names / sizeof x->names[0]; i++)
		free(x->names[i]);
	content_diff_free(&x->diff);
	free(x);
}

static void free_job(struct job *j)
{
	usb_free((struct content_usb *)j);
}

/* The hidden folder a bundle waits in for Install, and its v<N>. */
static void pending_dir(const struct content_usb *x, long v, char *out, size_t n)
{
	if (v)
		snprintf(out, n, "%s/.usb/v%ld", x->content_dir, v);
	else
		snprintf(out, n, "%s/.usb", x->content_dir);
}

/* The version the kiosk has: running, or waiting to be shown. */
static long have_version(const struct content_usb *x)
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

static void refuse(struct content_usb *x, enum pack_err e, const char *why)
{
	x->res = e == PACK_SAME ? CONTENT_USB_SAME : CONTENT_USB_REFUSED;
	snprintf(x->why, sizeof x->why, "%s", *why ? why : pack_strerror(e));
}

/* The signed bundle at path: verified against content.public_key. */
static enum pack_err bundle_bytes(struct content_usb *x, const char *path, unsigned char **buf,
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
static enum pack_err csv_bytes(struct content_usb *x, const char *path, long version,
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

static void run_look(struct content_usb *x)
{
	char stick[PATH_MAX], ckb[PATH_MAX], csv[PATH_MAX];
	if (export_find_usb(x->usb_dirs, stick, sizeof stick) != 0) {
		x->res = CONTENT_USB_NO_STICK;
		return;
	}
	look_on_stick(stick, ckb, csv, sizeof ckb);
	if (!ckb[0] && (!csv[0] || !x->allow_unsigned)) {
		x->res = csv[0] ? CONTENT_USB_UNSIGNED : CONTENT_USB_NOTHING;
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
	x->res = CONTENT_USB_READY;
}

/* Under the state's lock: a fetch from the office may stage a version
 * at the same time (net/content_fetch.h). */
static void run_apply_locked(struct content_usb *x)
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
	x->res = CONTENT_USB_INSTALLED;
}

static void run_apply(struct content_usb *x)
{
	x->res = CONTENT_USB_FAILED;
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
	struct content_usb *x = (struct content_usb *)j;
	char dir[PATH_MAX];
	switch (x->phase) {
	case CONTENT_USB_LOOK:
		run_look(x);
		break;
	case CONTENT_USB_APPLY:
		run_apply(x);
		break;
	default:
		pending_dir(x, x->version, dir, sizeof dir);
		pack_rmtree(dir);
		x->res = CONTENT_USB_DROPPED;
		break;
	}
}

static char *dup_str(const char *s, bool *oom)
{
	char *d = strdup(s ? s : "");
	if (!d)
		*oom = true;
	return d;
}

struct content_usb *content_usb_new(enum content_usb_phase phase, long version,
				    const struct content_usb_opts *o)
{
	struct content_usb *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	bool oom = false;
	x->phase = phase;
	x->version = version;
	x->content_dir = dup_str(o->content_dir, &oom);
	x->usb_dirs = dup_str(o->usb_dirs, &oom);
	x->asset_dir = dup_str(o->asset_dir, &oom);
	x->public_key = dup_str(o->public_key, &oom);
	x->running_dir = dup_str(o->running_dir, &oom);
	x->allow_unsigned = o->allow_unsigned;
	x->running = o->running;
	for (size_t i = 0; i < sizeof x->names / sizeof x->names[0]; i++)
		x->names[i] = dup_str(i < 7 ? o->days[i] : o->months[i - 7], &oom);
	x->today = o->today;
	if (oom) {
		usb_free(x);
		return NULL;
	}
	x->job.run = job_run;
	x->job.free = free_job;
	x->job.keeps_awake = phase != CONTENT_USB_DROP;	/* someone is waiting for it */
	return x;
}
