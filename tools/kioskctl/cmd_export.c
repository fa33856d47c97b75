/*
 * kioskctl export: leads as CSV (for Excel) or JSON, to a file or stdout,
 * with filters. Reads through a read-only connection, so the running
 * kiosk is never held up; --mark-exported then opens it for writing to
 * record the export, as staff mode's "Export to USB" does.
 */
#include "kioskctl.h"

#include "store/export.h"
#include "kctl_store.h"
#include "kctl_words.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kioskctl export [--format csv|json] [--out FILE] [--since YYYY-MM-DD]\n"
		"                       [--event TAG] [--status queued|sent|rejected|all]\n"
		"                       [--mark-exported] [--config DIR] [--data DIR]\n"
		"Writes the leads as CSV (UTF-8, opens in Excel; the default) or JSON, to FILE or\n"
		"to the screen. --since keeps leads created on or after that (UTC) date, --event\n"
		"those with that event tag, --status those in that state (default all).\n"
		"--mark-exported records the export on the kiosk, like Export to USB does.\n"
		"The file holds personal data: keep it safe and delete it when done.\n");
}

struct opts {
	enum export_format format;
	const char *out;
	struct store_filter filter;
	bool mark;
};

/* Returns 0, or 2 after printing what is wrong. */
static int parse(struct kctl *k, struct opts *o)
{
	for (int i = 1; i < k->argc; i++) {
		const char *a = k->argv[i], *v = i + 1 < k->argc ? k->argv[i + 1] : NULL;
		if (!strcmp(a, "--mark-exported")) {
			o->mark = true;
			continue;
		}
		if (!v) {
			fprintf(stderr, "kioskctl export: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--format") && (!strcmp(v, "csv") || !strcmp(v, "json"))) {
			o->format = !strcmp(v, "csv") ? EXPORT_CSV : EXPORT_JSON;
		} else if (!strcmp(a, "--out")) {
			o->out = v;
		} else if (!strcmp(a, "--since") && store_date_ok(v)) {
			o->filter.since = v;
		} else if (!strcmp(a, "--event")) {
			o->filter.event = v;
		} else if (!strcmp(a, "--status") &&
			   (!strcmp(v, "queued") || !strcmp(v, "sent") || !strcmp(v, "rejected") ||
			    !strcmp(v, "all"))) {
			o->filter.status = strcmp(v, "all") ? v : NULL;
		} else {
			fprintf(stderr, "kioskctl export: cannot use %s \"%s\" (see --help)\n", a, v);
			return 2;
		}
	}
	return 0;
}

/* Renames tmp over the final file once it is safely on disk. */
static int finish_file(FILE *f, const char *tmp, const char *final)
{
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, final) != 0)
		return -1;
	return 0;
}

static int mark(struct kctl *k, const struct export_ids *ids)
{
	struct store *st = kctl_open_store(k, true);
	if (!st)
		return 1;
	const char **p = malloc((ids->n ? ids->n : 1) * sizeof *p);
	enum store_err err = STORE_NOMEM;
	if (p) {
		for (size_t i = 0; i < ids->n; i++)
			p[i] = ids->id[i];
		err = store_mark_exported(st, p, ids->n, kctl_now_ms());
	}
	free(p);
	store_close(st);
	if (err) {
		fprintf(stderr, "kioskctl export: the file is written, but the leads could not be "
				"marked exported: %s\n", store_strerror(err));
		return 1;
	}
	return 0;
}

static int run(struct kctl *k, const struct opts *o, struct store *st, struct export_ids *ids)
{
	char tmp[PATH_MAX] = "";
	FILE *f = stdout;
	long n = 0;
	enum store_err serr;
	if (o->out) {
		if (snprintf(tmp, sizeof tmp, "%s.part-XXXXXX", o->out) >= (int)sizeof tmp) {
			fprintf(stderr, "kioskctl export: %s: name too long\n", o->out);
			return 1;
		}
		int fd = mkstemp(tmp);
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "kioskctl export: cannot write %s: %s\n", o->out, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			return 1;
		}
	}
	struct kctl_words words = {0};
	struct export_labels labels = {0};
	if (o->format == EXPORT_CSV)
		kctl_words_load(k, &words, &labels, "export");
	enum export_err err = export_write(st, &o->filter, &labels,
					   o->format == EXPORT_CSV ? f : NULL,
					   o->format == EXPORT_JSON ? f : NULL, ids, &n, &serr);
	kctl_words_free(&words);
	if (!err && o->out && finish_file(f, tmp, o->out) != 0)
		err = EXPORT_WRITE;
	else if (err && o->out)
		fclose(f);
	if (err) {
		if (o->out)
			unlink(tmp);
		fprintf(stderr, "kioskctl export: %s%s%s\n", export_strerror(err),
			err == EXPORT_STORE ? ": " : "", err == EXPORT_STORE ? store_strerror(serr) : "");
		return 1;
	}
	if (o->out)
		printf("wrote %ld lead%s to %s\n", n, n == 1 ? "" : "s", o->out);
	return o->mark ? mark(k, ids) : 0;
}

int cmd_export(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	struct opts o = {.format = EXPORT_CSV};
	int rc = parse(k, &o);
	if (rc) {
		usage(stderr);
		return rc;
	}
	struct store *st = kctl_open_store(k, false);
	if (!st)
		return 1;
	struct export_ids ids = {0};
	rc = run(k, &o, st, &ids);
	store_close(st);
	export_ids_free(&ids);
	return rc;
}
