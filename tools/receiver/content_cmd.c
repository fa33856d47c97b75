/*
 * content_cmd.c: `carekiosk-receiver content keygen|publish|show`: the
 * office's signed content bundles (src/content/pack.h). The server hands
 * the published file to kiosks at GET /content (content_http.c).
 */
#include "content_cmd.h"

#include "content/check.h"
#include "content/diag.h"
#include "content/pack.h"
#include "content/slurp.h"
#include "paths/paths.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char usage[] =
	"usage: carekiosk-receiver content keygen --out FILE\n"
	"       carekiosk-receiver content publish DIR --key FILE --out FILE\n"
	"                          [--assets DIR] [--version N] [--today YYYY-MM-DD]\n"
	"       carekiosk-receiver content show FILE\n"
	"  keygen   makes the office's content signing key (FILE, mode 0600; never\n"
	"           overwritten) and prints the line for each kiosk's kiosk.json\n"
	"  publish  checks DIR (a kiosk-config folder; its kiosk.json is left out) as\n"
	"           `kioskctl check` does, refuses it with file:line if anything is wrong,\n"
	"           else packs and signs it into FILE with the next version number.\n"
	"           Serve FILE with --content FILE; it can also go on a USB stick.\n"
	"           --assets: the pictures roles name (default DIR/../assets)\n"
	"           Warns (and still publishes) when pay figures are more than 12 months\n"
	"           old or no course session is in the next 30 days (from --today).\n"
	"  show     prints a bundle's version, date and files (unverified)\n";

static int keygen(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "--out")) {
		fputs(usage, stderr);
		return 2;
	}
	char pub[PACK_PK_B64_LEN], kid[PACK_KEY_ID_LEN];
	if (pack_keygen(argv[2], pub, kid) != PACK_OK) {
		fprintf(stderr, "carekiosk-receiver: %s: %s\n", argv[2],
			errno == EEXIST ? "already exists; keygen never overwrites a key"
					: strerror(errno));
		return 1;
	}
	printf("Content key %s written to %s (keep it at the office; anyone holding it can\n"
	       "change what every kiosk shows).\n"
	       "Put this in each kiosk's kiosk.json:\n"
	       "  \"content\": { \"public_key\": \"%s\" }\n",
	       kid, argv[2], pub);
	return 0;
}

/* The version of the bundle already at path, 0 if there is none. -1 if a
 * file is there but is not a bundle (publish will not overwrite it). */
static long previous_version(const char *path)
{
	size_t len = 0;
	unsigned char *buf = (unsigned char *)slurp_file(path, PACK_MAX_BYTES + 4096, &len);
	if (!buf)
		return errno == ENOENT ? 0 : -1;
	long v = 0;
	char created[24];
	if (pack_peek(buf, len, &v, created) != PACK_OK)
		v = -1;
	free(buf);
	return v;
}

struct publish_args {
	const char *dir, *key, *out, *assets;
	long version;
	struct content_day today;
};

static int parse_publish(int argc, char **argv, struct publish_args *a)
{
	if (argc < 2 || argv[1][0] == '-')
		return -1;
	a->dir = argv[1];
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			return -1;
		char *end = NULL;
		if (!strcmp(argv[i], "--key"))
			a->key = argv[i + 1];
		else if (!strcmp(argv[i], "--out"))
			a->out = argv[i + 1];
		else if (!strcmp(argv[i], "--assets"))
			a->assets = argv[i + 1];
		else if (!strcmp(argv[i], "--today") && content_day_parse(argv[i + 1], &a->today))
			;
		else if (!strcmp(argv[i], "--version") &&
			 (a->version = strtol(argv[i + 1], &end, 10)) > 0 && !*end)
			;
		else
			return -1;
	}
	return a->key && a->out ? 0 : -1;
}

/* The same checks as `kioskctl check`; prints each problem. */
static bool check_dir(const struct publish_args *a)
{
	struct paths_places pl;
	struct paths p;
	paths_places_default(&pl);
	if (paths_resolve(&pl, a->dir, a->assets, NULL, &p) != 0)
		return false;
	struct diag_list diag = {0}, langs = {0}, stale = {0};
	struct content_check_counts counts;
	size_t n = content_check_at(a->dir, p.assets, &diag, &counts, &langs, &stale, &a->today);
	diag_print(&diag, stderr);
	diag_free(&diag);
	/* Out of date, not wrong: published, and the office hears about it. */
	diag_print(&stale, stdout);
	diag_free(&stale);
	/* Translations that show English in places: the kiosk runs with them. */
	diag_print(&langs, stdout);
	diag_free(&langs);
	if (n) {
		fprintf(stderr, "carekiosk-receiver: %zu problem(s) in %s: nothing published\n", n,
			a->dir);
		return false;
	}
	printf("checked: %d roles, %d quiz characters, %d courses\n", counts.roles, counts.quiz,
	       counts.courses);
	return true;
}

static int publish(int argc, char **argv)
{
	struct publish_args a = {0};
	content_today(&a.today);
	if (parse_publish(argc, argv, &a)) {
		fputs(usage, stderr);
		return 2;
	}
	long prev = previous_version(a.out);
	if (prev < 0) {
		fprintf(stderr, "carekiosk-receiver: %s is there but is not a content bundle; "
				"choose another --out\n", a.out);
		return 1;
	}
	if (a.version && a.version <= prev) {
		fprintf(stderr, "carekiosk-receiver: --version %ld is not above the published "
				"version %ld: kiosks would refuse it\n", a.version, prev);
		return 1;
	}
	long version = a.version ? a.version : prev + 1;
	if (!check_dir(&a))
		return 1;
	unsigned char sk[PACK_SK_BYTES], pk[PACK_PK_BYTES];
	char why[PACK_WHY_LEN] = "";
	if (pack_key_load(a.key, sk, pk, why, sizeof why) != PACK_OK) {
		fprintf(stderr, "carekiosk-receiver: %s\n", why);
		return 1;
	}
	unsigned char *buf = NULL;
	size_t len = 0;
	enum pack_err e = pack_build(a.dir, version, time(NULL), sk, &buf, &len, why, sizeof why);
	sodium_memzero(sk, sizeof sk);
	int rc = 1;
	if (e)
		fprintf(stderr, "carekiosk-receiver: %s\n", why);
	else if (pack_write_atomic(a.out, buf, len, 0644) != 0)
		fprintf(stderr, "carekiosk-receiver: cannot write %s: %s\n", a.out, strerror(errno));
	else
		rc = 0;
	if (!rc)
		printf("published content version %ld (%zu bytes) to %s\n", version, len, a.out);
	free(buf);
	return rc;
}

static int show(int argc, char **argv)
{
	if (argc != 2) {
		fputs(usage, stderr);
		return 2;
	}
	size_t len = 0;
	unsigned char *buf = (unsigned char *)slurp_file(argv[1], PACK_MAX_BYTES + 4096, &len);
	long v = 0;
	char created[24] = "";
	if (!buf || pack_peek(buf, len, &v, created) != PACK_OK) {
		fprintf(stderr, "carekiosk-receiver: %s: %s\n", argv[1],
			buf ? "not a content bundle" : strerror(errno));
		free(buf);
		return 1;
	}
	printf("version %ld, published %s, %zu bytes\n", v, created, len);
	free(buf);
	return 0;
}

int content_cmd(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "keygen"))
		return keygen(argc - 1, argv + 1);
	if (!strcmp(what, "publish"))
		return publish(argc - 1, argv + 1);
	if (!strcmp(what, "show"))
		return show(argc - 1, argv + 1);
	fputs(usage, strcmp(what, "--help") ? stderr : stdout);
	return strcmp(what, "--help") ? 2 : 0;
}
