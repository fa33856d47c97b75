/*
 * The default folders (src/paths): the search order of paths.h, table-driven,
 * over a made-up tree of installed, system, source and working-directory
 * folders in a temporary directory.
 */
#include "paths/paths.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	CWD_CONFIG = 1 << 0,	/* ./kiosk-config exists */
	SYS_CONFIG = 1 << 1,	/* /etc/carekiosk exists */
	SYS_DATA = 1 << 2,	/* /var/lib/carekiosk exists */
	INSTALLED = 1 << 3,
};

static const struct row {
	const char *what;
	int have;
	const char *config, *assets, *data;	/* flags given, or NULL */
	const char *want_config, *want_assets, *want_data;	/* relative to the tree */
} rows[] = {
	{"build tree, bare", 0, NULL, NULL, NULL,
	 "src/kiosk-config", "src/assets", "xdg"},
	{"build tree, ./kiosk-config first", CWD_CONFIG, NULL, NULL, NULL,
	 "cwd/kiosk-config", "cwd/assets", "xdg"},
	{"build tree ignores /etc and /var/lib", SYS_CONFIG | SYS_DATA, NULL, NULL, NULL,
	 "src/kiosk-config", "src/assets", "xdg"},
	{"installed, nothing else: the pristine copy", INSTALLED, NULL, NULL, NULL,
	 "share/kiosk-config", "share/assets", "xdg"},
	{"installed, /etc/carekiosk before the pristine copy", INSTALLED | SYS_CONFIG, NULL, NULL,
	 NULL, "etc/carekiosk", "share/assets", "xdg"},
	{"installed, ./kiosk-config before /etc", INSTALLED | SYS_CONFIG | CWD_CONFIG, NULL, NULL,
	 NULL, "cwd/kiosk-config", "cwd/assets", "xdg"},
	{"installed, /var/lib/carekiosk when it exists", INSTALLED | SYS_DATA, NULL, NULL, NULL,
	 "share/kiosk-config", "share/assets", "var/lib/carekiosk"},
	{"flags win", INSTALLED | SYS_CONFIG | SYS_DATA | CWD_CONFIG, "/x/conf", "/x/art", "/x/d",
	 "/x/conf", "/x/art", "/x/d"},
	{"--config only: assets beside it, else installed", INSTALLED, "/x/conf", NULL, NULL,
	 "/x/conf", "share/assets", "xdg"},
};

static char top[PATH_MAX / 2];	/* short enough that every path below fits */

static void mk(const char *rel)
{
	char p[PATH_MAX * 2];
	snprintf(p, sizeof p, "%s/%s", top, rel);
	char *s = p + strlen(top) + 1;
	for (char *q = strchr(s, '/'); q; q = strchr(q + 1, '/')) {
		*q = '\0';
		mkdir(p, 0755);
		*q = '/';
	}
	struct stat st;
	assert_true(mkdir(p, 0755) == 0 || (stat(p, &st) == 0 && S_ISDIR(st.st_mode)));
}

static void rmtree_rel(const char *rel)
{
	char cmd[PATH_MAX * 2];
	snprintf(cmd, sizeof cmd, "rm -rf '%s/%s'", top, rel);
	assert_int_equal(system(cmd), 0);
}

static void expect_path(const char *got, const char *want, const char *what)
{
	char full[PATH_MAX * 2];
	if (want[0] == '/')
		snprintf(full, sizeof full, "%s", want);
	else if (!strcmp(want, "cwd/kiosk-config"))
		snprintf(full, sizeof full, "kiosk-config");
	else
		snprintf(full, sizeof full, "%s/%s", top, want);
	/* "x/kiosk-config/../assets" and "x/assets" are the same folder. */
	char *g = realpath(got, NULL), *w = realpath(full, NULL);
	bool same = g && w ? !strcmp(g, w) : !strcmp(got, full);
	free(g);
	free(w);
	if (!same)
		fail_msg("%s: got %s, want %s", what, got, full);
}

static void fill(struct paths_places *pl, int have)
{
	memset(pl, 0, sizeof *pl);
	pl->installed = have & INSTALLED;
	if (pl->installed)
		snprintf(pl->share, sizeof pl->share, "%s/share", top);
	snprintf(pl->system_config, sizeof pl->system_config, "%s/etc/carekiosk", top);
	snprintf(pl->system_data, sizeof pl->system_data, "%s/var/lib/carekiosk", top);
	snprintf(pl->source, sizeof pl->source, "%s/src", top);
	snprintf(pl->user_data, sizeof pl->user_data, "%s/xdg", top);
}

static void test_search_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		rmtree_rel("etc");
		rmtree_rel("var");
		rmtree_rel("cwd/kiosk-config");
		rmtree_rel("cwd/assets");
		if (r->have & SYS_CONFIG)
			mk("etc/carekiosk");
		if (r->have & SYS_DATA)
			mk("var/lib/carekiosk");
		if (r->have & CWD_CONFIG) {
			mk("cwd/kiosk-config");
			mk("cwd/assets");
		}
		struct paths_places pl;
		struct paths p;
		fill(&pl, r->have);
		assert_int_equal(paths_resolve(&pl, r->config, r->assets, r->data, &p), 0);
		expect_path(p.config, r->want_config, r->what);
		expect_path(p.assets, r->want_assets, r->what);
		expect_path(p.data, r->want_data, r->what);
	}
}

/* The help names this binary's real folders. */
static void test_help(void **state)
{
	(void)state;
	for (int installed = 0; installed < 2; installed++) {
		struct paths_places pl;
		fill(&pl, installed ? INSTALLED : 0);
		char *buf = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&buf, &n);
		assert_non_null(f);
		paths_help(f, &pl);
		fclose(f);
		assert_non_null(strstr(buf, installed ? pl.share : pl.source));
		assert_non_null(strstr(buf, pl.system_config));
		free(buf);
	}
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(top, sizeof top, "%s/paths-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(top))
		return 1;
	const char *tree[] = {"src/kiosk-config", "src/assets", "share/kiosk-config",
			      "share/assets", "xdg", "cwd"};
	for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
		mk(tree[i]);
	char cwd[PATH_MAX * 2];
	snprintf(cwd, sizeof cwd, "%s/cwd", top);
	if (chdir(cwd) != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_order),
		cmocka_unit_test(test_help),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (chdir("/") == 0)
		rmtree_rel("");
	return rc;
}
