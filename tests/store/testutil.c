#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = tu_join(base && *base ? base : "/tmp", "store-test-XXXXXX");
	assert_non_null(mkdtemp(path));
	return path;
}

char *tu_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

void tu_rmrf(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0700);	/* tests may have taken permissions away */
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *sub = tu_join(path, e->d_name);
			tu_rmrf(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

struct store *tu_open(const char *dir, const struct store_opts *opts)
{
	struct store *st = NULL;
	enum store_err err = store_open(dir, opts, &st);
	if (err)
		fail_msg("store_open(%s): %s", dir, store_strerror(err));
	return st;
}

void tu_add(struct store *st, int64_t now, const char *event, char *id)
{
	const struct store_lead_in in = {
		.event = event,
		.device = "kiosk-test-01",
		.app_version = "0.1.0",
		.content_version = "2026.03",
		.lang = "en",
		.answers_json = "{\"name\":\"Zo\xc3\xab Testperson\",\"phone\":\"07700 900123\"}",
	};
	char buf[STORE_ID_LEN];
	enum store_err err = store_add_lead(st, &in, now, id ? id : buf);
	if (err)
		fail_msg("store_add_lead: %s", store_strerror(err));
}

int tu_setup(void **state)
{
	struct tu_fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	f->dir = tu_tmpdir();
	if (store_open(f->dir, NULL, &f->st) != STORE_OK) {
		tu_rmrf(f->dir);
		free(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int tu_teardown(void **state)
{
	struct tu_fixture *f = *state;
	store_close(f->st);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}
