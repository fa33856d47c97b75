/*
 * kioskctl decrypt: at the office, opens sealed leads from JSON exports
 * (Export to USB, kioskctl export --format json) with the office key and
 * writes the usual CSV (Excel-safe, words as the visitor saw them) or JSON.
 * A lead that does not open (another key, damaged, altered) is named on
 * stderr and left out; every other lead is still written; the exit code is
 * then 1. Leads in the files that were never sealed pass through as they
 * are.
 */
#include "kioskctl.h"

#include "store/export.h"
#include "kctl_words.h"
#include "store/seal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT_FILE_MAX (256L * 1024 * 1024)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kioskctl decrypt --key FILE [--passphrase-file FILE] [--format csv|json]\n"
		"                        [--out FILE] [--config DIR] EXPORT.json...\n"
		"Opens the sealed leads in kiosk exports (the .json files Export to USB writes)\n"
		"with the office key from `kioskctl keygen`, and writes them as CSV (for Excel;\n"
		"the default) or JSON to --out FILE (mode 0600) or the screen. The passphrase is\n"
		"asked at the terminal, or read from the first line of --passphrase-file, or\n"
		"from $CAREKIOSK_KEY_PASSPHRASE. A lead that does not open is named and left\n"
		"out; the others are still written, and the exit code is 1.\n"
		"The output holds personal data: keep it safe and delete it when done.\n");
}

struct opts {
	const char *key, *pass_file, *out;
	bool json;
	const char **files;
	int nfiles;
};

static int parse(struct kctl *k, struct opts *o)
{
	o->files = calloc((size_t)k->argc, sizeof *o->files);
	if (!o->files)
		return 1;
	for (int i = 1; i < k->argc; i++) {
		const char *a = k->argv[i], *v = i + 1 < k->argc ? k->argv[i + 1] : NULL;
		const char **slot = !strcmp(a, "--key")		    ? &o->key
				    : !strcmp(a, "--passphrase-file") ? &o->pass_file
				    : !strcmp(a, "--out")		    ? &o->out
									    : NULL;
		if (!strcmp(a, "--format") && v && (!strcmp(v, "csv") || !strcmp(v, "json"))) {
			o->json = !strcmp(v, "json");
			i++;
		} else if (slot && v) {
			*slot = v;
			i++;
		} else if (a[0] == '-') {
			fprintf(stderr, "kioskctl decrypt: cannot use \"%s\"%s (see --help)\n", a,
				slot || !strcmp(a, "--format") ? " without a right value" : "");
			return 2;
		} else {
			o->files[o->nfiles++] = a;
		}
	}
	if (!o->key || o->nfiles == 0) {
		fprintf(stderr, "kioskctl decrypt: give the office key (--key FILE) and at least one "
				"export file\n");
		return 2;
	}
	return 0;
}

struct run {
	const struct opts *o;
	struct seal_office *key;
	struct export_labels labels;
	FILE *f;
	long written, failed;
};

/* Reads one export file as a cJSON array; NULL after a message. */
static cJSON *read_export(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "kioskctl decrypt: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char *buf = NULL;
	long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (n >= 0 && n <= EXPORT_FILE_MAX && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
		buf[n] = '\0';
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "kioskctl decrypt: %s: cannot read the file\n", path);
		return NULL;
	}
	cJSON *doc = cJSON_Parse(buf);
	if (!cJSON_IsArray(doc)) {
		/* Line of the first problem, counted in the text we parsed. */
		const char *at = cJSON_GetErrorPtr();
		long line = 1;
		for (const char *p = buf; at && p < at && *p; p++)
			line += *p == '\n';
		fprintf(stderr, "kioskctl decrypt: %s:%ld: not a carekiosk JSON export (a list of "
				"leads in [ ])\n", path, doc ? 1 : line);
		cJSON_Delete(doc);
		doc = NULL;
	}
	free(buf);
	return doc;
}

static void lead_failed(struct run *r, const char *path, const char *id, enum seal_err e,
			const char *key_id)
{
	r->failed++;
	if (e == SEAL_WRONG_KEY)
		fprintf(stderr, "kioskctl decrypt: %s: lead %s: sealed to the office key %s, not to "
				"this key (%s); it was left out\n", path, id, key_id,
			seal_office_key_id(r->key));
	else
		fprintf(stderr, "kioskctl decrypt: %s: lead %s: %s; it was left out\n", path, id,
			seal_strerror(e));
}

static int write_lead(struct run *r, struct store_lead *l)
{
	if (r->o->json && fputs(r->written ? ",\n" : "\n", r->f) == EOF)
		return -1;
	int rc = r->o->json ? export_json_lead(r->f, l) : export_csv_lead(r->f, l, &r->labels);
	r->written += rc == 0;
	return rc;
}

static int one_file(struct run *r, const char *path)
{
	cJSON *doc = read_export(path);
	if (!doc) {
		r->failed++;
		return 0;
	}
	int rc = 0;
	const cJSON *item;
	int idx = 0;
	cJSON_ArrayForEach(item, doc) {
		struct store_lead l;
		char why[160];
		idx++;
		if (export_json_lead_parse(item, &l, why, sizeof why) != 0) {
			fprintf(stderr, "kioskctl decrypt: %s: lead %d in the list: %s; it was left out\n",
				path, idx, why);
			r->failed++;
			continue;
		}
		if (l.sealed && !l.answers_json) {
			enum seal_err e = seal_open_lead(r->key, l.key_id, l.id, l.sealed,
							 &l.answers_json);
			if (e) {
				lead_failed(r, path, l.id, e, l.key_id);
				store_lead_clear(&l);
				continue;
			}
		}
		free(l.sealed);
		free(l.key_id);
		l.sealed = l.key_id = NULL;
		rc = write_lead(r, &l);
		store_lead_clear(&l);	/* wipes the answers */
		if (rc)
			break;
	}
	cJSON_Delete(doc);
	return rc;
}

static int load_key(struct run *r)
{
	char msg[400] = "";
	char *pass = sodium_init() >= 0 ? sodium_malloc(SEAL_PASS_MAX + 2) : NULL;
	if (!pass) {
		fprintf(stderr, "kioskctl decrypt: out of memory\n");
		return 1;
	}
	long n = seal_read_passphrase(r->o->pass_file, "Passphrase for the office key: ", false,
				      pass, SEAL_PASS_MAX + 2, msg, sizeof msg);
	enum seal_err e = n < 0 ? SEAL_INVALID
				: seal_office_load(r->o->key, pass, (size_t)n, &r->key, msg, sizeof msg);
	sodium_free(pass);
	if (e) {
		fprintf(stderr, "kioskctl decrypt: %s\n", msg);
		return 1;
	}
	return 0;
}

static int open_out(struct run *r, char *tmp, size_t n)
{
	r->f = stdout;
	if (!r->o->out)
		return 0;
	int fd = -1;
	if (snprintf(tmp, n, "%s.part-XXXXXX", r->o->out) >= (int)n || (fd = mkstemp(tmp)) < 0 ||
	    !(r->f = fdopen(fd, "w"))) {
		fprintf(stderr, "kioskctl decrypt: cannot write %s: %s\n", r->o->out, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return 1;
	}
	return 0;	/* mkstemp made it 0600 */
}

static int close_out(struct run *r, const char *tmp, int rc)
{
	if (r->o->json && fputs(r->written ? "\n]\n" : "]\n", r->f) == EOF)
		rc = -1;
	if (!r->o->out)
		return fflush(stdout) == 0 && rc == 0 ? 0 : -1;
	if (fflush(r->f) != 0 || fsync(fileno(r->f)) != 0)
		rc = -1;
	if (fclose(r->f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, r->o->out) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int cmd_decrypt(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	struct opts o = {0};
	int rc = parse(k, &o);
	if (rc) {
		free(o.files);
		return rc;
	}
	seal_no_core_dumps();
	struct run r = {.o = &o};
	struct kctl_words words = {0};
	char tmp[PATH_MAX];
	if ((rc = load_key(&r)) || (rc = open_out(&r, tmp, sizeof tmp)))
		goto out;
	if (!o.json)
		kctl_words_load(k, &words, &r.labels, "decrypt");
	int wrc = o.json ? (fputs("[", r.f) == EOF ? -1 : 0) : export_csv_header(r.f, &r.labels);
	for (int i = 0; wrc == 0 && i < o.nfiles; i++)
		wrc = one_file(&r, o.files[i]);
	if (close_out(&r, tmp, wrc) != 0) {
		fprintf(stderr, "kioskctl decrypt: cannot write %s\n", o.out ? o.out : "the output");
		rc = 1;
		goto out;
	}
	if (o.out)
		printf("wrote %ld lead%s to %s\n", r.written, r.written == 1 ? "" : "s", o.out);
	if (r.failed) {
		fprintf(stderr, "kioskctl decrypt: %ld lead%s could not be opened (see above)\n",
			r.failed, r.failed == 1 ? "" : "s");
		rc = 1;
	}
out:
	kctl_words_free(&words);
	seal_office_free(r.key);
	free(o.files);
	return rc;
}
