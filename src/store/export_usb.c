/*
 * export_usb.c: finding a USB drive and writing the leads onto it safely.
 * See export.h for what counts as a drive and what the files are called.
 */
#include "store/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/*
 * Looks in dir (on device dev) for a writable directory on another device.
 * A directory on the same device (like /media/pi) is looked into once more.
 */
static int scan(const char *dir, dev_t dev, int depth, char *out, size_t n)
{
	struct dirent **ents = NULL;
	int k = scandir(dir, &ents, visible, alphasort);
	int found = -1;
	for (int i = 0; i < k; i++) {
		char path[PATH_MAX];
		struct stat sb;
		int len = snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
		if (found == 0 || len < 0 || (size_t)len >= sizeof path || stat(path, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode))
			continue;
		if (sb.st_dev != dev) {
			if (access(path, W_OK | X_OK) == 0 && (size_t)len < n) {
				memcpy(out, path, (size_t)len + 1);
				found = 0;
			}
		} else if (depth < 2) {
			found = scan(path, sb.st_dev, depth + 1, out, n);
		}
	}
	for (int i = 0; i < k; i++)
		free(ents[i]);
	free(ents);
	return found;
}

int export_find_usb(const char *roots, char *out, size_t n)
{
	if (!roots || !out || n == 0)
		return -1;
	out[0] = '\0';
	for (const char *p = roots; *p;) {
		size_t len = strcspn(p, ":");
		char root[PATH_MAX];
		struct stat sb;
		if (len > 0 && len < sizeof root) {
			memcpy(root, p, len);
			root[len] = '\0';
			if (stat(root, &sb) == 0 && S_ISDIR(sb.st_mode) &&
			    scan(root, sb.st_dev, 1, out, n) == 0)
				return 0;
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return -1;
}

static bool too_long(int len, size_t n)
{
	return len < 0 || (size_t)len >= n;
}

/* "carekiosk-<device>-<YYYYMMDD-HHMM>", with anything a FAT drive or a
 * shell would trip on in the device name made a dash; "-2".. if taken. */
static int pick_name(const char *dir, const char *device, int64_t now_ms, char *base,
		     size_t n)
{
	char dev[41], when[16];
	size_t i = 0;
	for (; device && device[i] && i + 1 < sizeof dev; i++) {
		char c = device[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		dev[i] = ok ? c : '-';
	}
	dev[i] = '\0';
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y%m%d-%H%M", &tm))
		return -1;
	for (int k = 1; k < 100; k++) {
		char path[PATH_MAX];
		struct stat sb;
		int len = k == 1 ? snprintf(base, n, "carekiosk-%s-%s", dev[0] ? dev : "kiosk", when)
				 : snprintf(base, n, "carekiosk-%s-%s-%d", dev[0] ? dev : "kiosk",
					    when, k);
		if (len < 0 || (size_t)len + 6 > n)
			return -1;
		if (too_long(snprintf(path, sizeof path, "%s/%s.json", dir, base), sizeof path))
			return -1;
		if (lstat(path, &sb) == 0)
			continue;
		if (too_long(snprintf(path, sizeof path, "%s/%s.csv", dir, base), sizeof path))
			return -1;
		if (lstat(path, &sb) == 0)
			continue;
		return 0;
	}
	return -1;
}

/* One output file: written under a hidden temporary name, then renamed. */
struct part {
	char tmp[PATH_MAX], final[PATH_MAX];
	FILE *f;
};

static int part_open(struct part *p, const char *dir, const char *base, const char *ext)
{
	if (too_long(snprintf(p->final, sizeof p->final, "%s/%s%s", dir, base, ext),
		     sizeof p->final) ||
	    too_long(snprintf(p->tmp, sizeof p->tmp, "%s/.carekiosk-part-XXXXXX", dir),
		     sizeof p->tmp)) {
		p->tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(p->tmp);
	if (fd < 0) {
		p->tmp[0] = '\0';
		return -1;
	}
	if (!(p->f = fdopen(fd, "w"))) {
		close(fd);
		return -1;
	}
	return 0;
}

/* Flushes, fsyncs and closes; 0 or -1 with errno. */
static int part_close(struct part *p)
{
	int rc = 0;
	if (!p->f)
		return 0;
	if (fflush(p->f) != 0 || fsync(fileno(p->f)) != 0)
		rc = -1;
	int e = errno;
	if (fclose(p->f) != 0 && rc == 0)
		rc = -1;
	else
		errno = e;
	p->f = NULL;
	return rc;
}

static void part_discard(struct part *p)
{
	if (p->f)
		fclose(p->f);
	p->f = NULL;
	if (p->tmp[0])
		unlink(p->tmp);
	p->tmp[0] = '\0';
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* Some drivers refuse fsync on a directory; the files are synced. */
	int rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
	close(fd);
	return rc;
}

/* How many leads are under each key, for the README. */
struct key_tally {
	FILE *f;
	long unsealed;
};

static void tally_key(void *ctx, const char *key_id, long n)
{
	struct key_tally *t = ctx;
	if (!key_id)
		t->unsealed = n;
	else
		fprintf(t->f, "  %ld sealed to the office key %s\n", n, key_id);
}

/* The one page for whoever finds the stick, and for the office. */
static int write_readme(struct store *st, FILE *f, const char *json_name, const char *device,
			long count)
{
	struct key_tally t = {f, 0};
	fprintf(f, "carekiosk export from the kiosk \"%s\": %ld lead%s (expressions of interest)\n"
		   "in %s.\n\n", device && *device ? device : "kiosk", count, count == 1 ? "" : "s",
		json_name);
	if (store_key_counts(st, tally_key, &t) != STORE_OK)
		return -1;
	if (t.unsealed < count)
		fprintf(f, "\nSEALED leads: their answers (name, phone, email, postcode, ...) are\n"
			   "encrypted to the office's key. Nobody can read them without the office\n"
			   "key file and its passphrase: not the kiosk, not whoever finds this stick.\n"
			   "What stays readable: lead id, date and time, kiosk, event tag, app and\n"
			   "content versions, language, upload status, whether quiz results are\n"
			   "attached and the programme the answers route to.\n\n"
			   "At the office, to get the CSV for Excel:\n"
			   "    kioskctl decrypt --key office.key --out leads.csv %s\n"
			   "(it asks for the key's passphrase). Then delete the files from the stick.\n",
			json_name);
	if (t.unsealed > 0)
		fprintf(f, "\nWARNING: %ld lead%s NOT sealed. The files hold names, phone numbers\n"
			   "and emails in plain text that anyone with this stick can read. Keep it\n"
			   "safe, copy the files to the office system, then delete them from the stick.\n"
			   "To seal future leads, set privacy.office_public_key in the kiosk's\n"
			   "kiosk.json (kioskctl keygen makes the key).\n",
			t.unsealed, t.unsealed == 1 ? " is" : "s are");
	return ferror(f) ? -1 : 0;
}

static void unlink_finals(struct part *const *parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		unlink(parts[i]->final);
}

/* Writes the files durably (csv->f NULL: no CSV); on failure removes what
 * it wrote. */
static enum export_err write_files(struct store *st, const struct export_labels *labels,
				   struct part *csv, struct part *json, struct part *readme,
				   struct part *counts, const char *device, struct export_ids *ids,
				   struct export_usb_result *out)
{
	struct part *parts[] = {json, readme, counts, csv};
	size_t np = csv->f ? 4 : 3;
	enum export_err err = export_write(st, NULL, labels, csv->f, json->f, ids, &out->count,
					   &out->store_err);
	if (err == EXPORT_WRITE)
		out->sys_errno = errno;
	if (!err && write_readme(st, readme->f, out->json_name, device, out->count) != 0) {
		out->sys_errno = errno;
		err = EXPORT_WRITE;
	}
	if (!err) {
		int rc = export_tally_csv(counts->f, st, NULL, &out->store_err);
		out->sys_errno = rc == -1 ? errno : 0;
		err = rc == -1 ? EXPORT_WRITE : rc ? EXPORT_STORE : EXPORT_OK;
	}
	for (size_t i = 0; !err && i < np; i++)
		if (part_close(parts[i])) {
			out->sys_errno = errno;
			err = EXPORT_WRITE;
		}
	for (size_t i = 0; !err && i < np; i++)
		if (rename(parts[i]->tmp, parts[i]->final) != 0) {
			out->sys_errno = errno;
			unlink_finals(parts, i);
			err = EXPORT_WRITE;
		}
	if (!err && sync_dir(out->dir) != 0) {
		out->sys_errno = errno;
		unlink_finals(parts, np);
		err = EXPORT_WRITE;
	}
	return err;
}

/* store_mark_exported() wants an array of pointers. */
static enum store_err mark_all(struct store *st, const struct export_ids *ids, int64_t now_ms)
{
	if (ids->n == 0)
		return STORE_OK;
	const char **p = malloc(ids->n * sizeof *p);
	if (!p)
		return STORE_NOMEM;
	for (size_t i = 0; i < ids->n; i++)
		p[i] = ids->id[i];
	enum store_err err = store_mark_exported(st, p, ids->n, now_ms);
	free(p);
	return err;
}

enum export_err export_usb(struct store *st, const char *roots, const char *device,
			   const struct export_labels *labels, int64_t now_ms,
			   struct export_usb_result *out)
{
	struct part csv = {0}, json = {0}, readme = {0}, counts = {0};
	struct export_ids ids = {0};
	struct store_counts c;
	char base[100];
	enum export_err err;

	if (!out)
		return EXPORT_INVALID;
	memset(out, 0, sizeof *out);
	if (!st || !roots)
		return EXPORT_INVALID;
	if ((out->store_err = store_counts(st, NULL, now_ms, &c)))
		return EXPORT_STORE;
	if (c.total == 0)
		return EXPORT_EMPTY;
	if (export_find_usb(roots, out->dir, sizeof out->dir) != 0)
		return EXPORT_NO_DRIVE;
	/* A CSV cannot hold sealed answers: then the JSON alone carries them. */
	out->sealed = c.sealed;
	if (pick_name(out->dir, device, now_ms, base, sizeof base) != 0 ||
	    (c.sealed == 0 && part_open(&csv, out->dir, base, ".csv") != 0) ||
	    part_open(&json, out->dir, base, ".json") != 0 ||
	    part_open(&readme, out->dir, base, "-README.txt") != 0 ||
	    part_open(&counts, out->dir, base, "-counts.csv") != 0) {
		out->sys_errno = errno;
		err = EXPORT_WRITE;
		goto out;
	}
	snprintf(out->json_name, sizeof out->json_name, "%s.json", base);
	if ((err = write_files(st, labels, &csv, &json, &readme, &counts, device, &ids, out))) {
		out->json_name[0] = '\0';
		goto out;
	}
	csv.tmp[0] = json.tmp[0] = readme.tmp[0] = counts.tmp[0] = '\0';	/* renamed */
	if (c.sealed == 0)
		snprintf(out->csv_name, sizeof out->csv_name, "%s.csv", base);
	snprintf(out->readme_name, sizeof out->readme_name, "%s-README.txt", base);
	snprintf(out->counts_name, sizeof out->counts_name, "%s-counts.csv", base);
	/* The files are safe on the drive; a failure to mark them is reported
	 * but does not undo the export (the leads still upload either way). */
	out->store_err = mark_all(st, &ids, now_ms);
out:
	part_discard(&csv);
	part_discard(&json);
	part_discard(&readme);
	part_discard(&counts);
	export_ids_free(&ids);
	return err;
}
