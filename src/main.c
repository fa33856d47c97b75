/*
 * carekiosk: a touchscreen kiosk that helps people find out about care work.
 */
#include "app.h"
#include "paths/paths.h"
#include "script.h"
#include "store/seal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: carekiosk [options]\n"
	"  --config DIR       settings and content\n"
	"  --data DIR         where leads and state are kept\n"
	"  --assets DIR       fonts and pictures\n"
	"  --windowed WxH     a window of that size instead of fullscreen\n"
	"  --headless         no display: off-screen drawing and a virtual clock\n"
	"  --script FILE      run test steps from FILE ('-' = stdin, answered line by line)\n"
	"  --screenshots DIR  where `screenshot NAME` writes NAME.png\n"
	"  --today YYYY-MM-DD the date the virtual clock starts on (headless)\n"
	"  --version          print the version\n"
	"  --help             this text\n"
	"Exit codes: 0 ok (also Exit kiosk in staff mode), 1 a script step failed,\n"
	"2 bad config or content, 3 no display.\n";

struct args {
	const char *config, *data, *assets, *script, *shots, *today;
	int w, h;
	bool windowed, headless;
};

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void help(void)
{
	struct paths_places pl;
	paths_places_default(&pl);
	fputs(usage, stdout);
	paths_help(stdout, &pl);
}

static int parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			help();
			exit(0);
		} else if (!strcmp(o, "--version")) {
			printf("carekiosk %s\n", KIOSK_VERSION);
			exit(0);
		} else if (!strcmp(o, "--headless")) {
			a->headless = true;
			takes = false;
		} else if (!v) {
			fprintf(stderr, "carekiosk: %s needs a value\n%s", o, usage);
			return 2;
		} else if (!strcmp(o, "--config")) {
			a->config = v;
		} else if (!strcmp(o, "--data")) {
			a->data = v;
		} else if (!strcmp(o, "--assets")) {
			a->assets = v;
		} else if (!strcmp(o, "--script")) {
			a->script = v;
		} else if (!strcmp(o, "--screenshots")) {
			a->shots = v;
		} else if (!strcmp(o, "--today")) {
			a->today = v;
		} else if (!strcmp(o, "--windowed")) {
			if (sscanf(v, "%dx%d", &a->w, &a->h) != 2 || a->w < 320 || a->h < 240 ||
			    a->w > 8192 || a->h > 8192) {
				fprintf(stderr, "carekiosk: --windowed wants WIDTHxHEIGHT, like 1280x800\n");
				return 2;
			}
			a->windowed = true;
		} else {
			fprintf(stderr, "carekiosk: unknown option %s\n%s", o, usage);
			return 2;
		}
		i += takes;
	}
	return 0;
}

/* Midday UTC on the given date, in unix ms; 0 if it is not a date. */
static int64_t parse_today(const char *s)
{
	int y, m, d;
	char extra;
	if (sscanf(s, "%d-%d-%d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	return t == (time_t)-1 ? 0 : (int64_t)t * 1000;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	/* A visitor's answers are in this process's memory while they type:
	 * never in a core file. */
	seal_no_core_dumps();
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;

	struct paths_places places;
	struct paths p;
	paths_places_default(&places);
	if (paths_resolve(&places, a.config, a.assets, a.data, &p) != 0) {
		fprintf(stderr, "carekiosk: a folder name is too long\n");
		return 2;
	}
	if (!is_dir(p.config)) {
		fprintf(stderr, "carekiosk: config folder %s not found (use --config DIR; "
				"--help lists where it looks)\n", p.config);
		return 2;
	}
	int64_t today = 0;
	if (a.today && !(today = parse_today(a.today))) {
		fprintf(stderr, "carekiosk: --today wants a date like 2026-03-03\n");
		return 2;
	}
	if (a.script && !a.headless)
		a.headless = true;	/* scripts always run on the virtual clock */

	struct app app;
	struct app_opts opts = {
		.config_dir = p.config,
		.data_dir = p.data,
		.asset_dir = p.assets,
		.width = a.w,
		.height = a.h,
		.windowed = a.windowed,
		.headless = a.headless,
		.wall_start_ms = today,
	};
	rc = app_open(&app, &opts);
	if (rc == 3)
		fprintf(stderr, "carekiosk: no display found (no X11, Wayland or console graphics); "
				"run with --headless to test without one\n");
	if (rc) {
		app_close(&app);
		return rc;
	}
	if (a.script) {
		FILE *in = strcmp(a.script, "-") ? fopen(a.script, "r") : stdin;
		if (!in) {
			fprintf(stderr, "carekiosk: cannot read script %s: %s\n", a.script, strerror(errno));
			app_close(&app);
			return 2;
		}
		rc = script_run(&app, in, a.script, !strcmp(a.script, "-"), a.shots);
		if (in != stdin)
			fclose(in);
	} else if (a.headless) {
		fprintf(stderr, "carekiosk: --headless without --script has nothing to do\n");
		rc = 2;
	} else {
		rc = app_run(&app);
	}
	app_close(&app);
	return rc;
}
