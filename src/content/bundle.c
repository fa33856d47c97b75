/*
 * bundle.c: the one content loader (bundle.h).
 */
#include "content/bundle.h"
#include "content/slurp.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct bundle;
static uint64_t stamp_of(const struct bundle *b);

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

size_t bundle_load(struct bundle *b, const char *config_dir, const char *asset_dir,
		   struct diag_list *diag, struct diag_list *skipped)
{
	return bundle_load_dirs(b, config_dir, config_dir, asset_dir, diag, skipped);
}

size_t bundle_load_dirs(struct bundle *b, const char *kiosk_dir, const char *config_dir,
			const char *asset_dir, struct diag_list *diag, struct diag_list *skipped)
{
	memset(b, 0, sizeof *b);
	size_t before = diag_count(diag);
	char path[4096];
	b->config_dir = dup_or_empty(config_dir);
	b->kiosk_dir = dup_or_empty(kiosk_dir);
	b->asset_dir = dup_or_empty(asset_dir);
	/* The stamp first: a file saved while we read shows as a change. */
	b->stamp = stamp_of(b);
	slurp_memo_begin();

	config_load(&b->cfg, kiosk_dir, diag);
	snprintf(path, sizeof path, "%s/strings", config_dir);
	strtab_load_dir(&b->str, path, diag);
	b->nroles = roles_load(&b->roles, config_dir, asset_dir, diag);
	b->nquiz = quiz_load(&b->quiz, config_dir, asset_dir, &b->roles, diag);
	bool form_ok = form_load(&b->form, config_dir, diag) == 0;
	memcpy(b->version, b->form.version, sizeof b->version);
	form_keyboards_load(&b->keyboards, config_dir, diag);
	if (programmes_load(&b->programmes, config_dir, diag) == 0)
		programmes_check(&b->programmes, form_ok ? &b->form : NULL, &b->roles, &b->str,
				 diag);

	const struct lang_base lb = {config_dir, asset_dir, &b->str, &b->roles, &b->form};
	b->nlangs = lang_load_all(&b->langs, &lb, diag, &b->warn);
	if (!b->langs)
		diag_add(diag, config_dir, 0, "out of memory for the languages");
	b->deflang = b->langs ? lang_find(b->langs, b->nlangs, b->cfg.language) : 0;
	if (b->deflang < 0) {
		snprintf(path, sizeof path, "%s/kiosk.json", kiosk_dir);
		diag_add(diag, path, 0, "language \"%s\" has no folder lang/%s/ with a language.json",
			 b->cfg.language ? b->cfg.language : "", b->cfg.language ? b->cfg.language : "");
		b->deflang = 0;
	}

	struct diag_list drop = {0};
	programmes_apply_old_urls(&b->programmes, &b->cfg, skipped ? skipped : &drop);
	snprintf(path, sizeof path, "%s/courses.csv", config_dir);
	b->ncourses = courses_load(path, &b->programmes, &b->courses, skipped ? skipped : &drop);
	diag_free(&drop);
	slurp_memo_end();
	return diag_count(diag) - before;
}

void bundle_free(struct bundle *b)
{
	config_free(&b->cfg);
	strtab_free(&b->str);
	roles_free(&b->roles);
	quiz_free(&b->quiz);
	form_free(&b->form);
	form_keyboards_free(&b->keyboards);
	programmes_free(&b->programmes);
	courses_free(&b->courses);
	lang_free_all(b->langs, b->nlangs);
	diag_free(&b->warn);
	free(b->config_dir);
	free(b->kiosk_dir);
	free(b->asset_dir);
	memset(b, 0, sizeof *b);
}

const char *bundle_str(const struct bundle *b, const char *key)
{
	return strtab_get(&b->str, key);
}

const char *bundle_str_find(const struct bundle *b, const char *key)
{
	return strtab_find(&b->str, key);
}

const struct lang *bundle_lang(const struct bundle *b, int i)
{
	if (!b->langs)
		return NULL;
	return &b->langs[i >= 0 && (size_t)i < b->nlangs ? i : b->deflang];
}

static const struct lang *own(const struct bundle *b, int i)
{
	const struct lang *l = bundle_lang(b, i);
	return l && !l->base ? l : NULL;
}

const char *bundle_lang_str(const struct bundle *b, int i, const char *key)
{
	const struct lang *l = own(b, i);
	const char *v = l ? strtab_find(&l->str, key) : NULL;
	return v ? v : strtab_get(&b->str, key);
}

const struct roles *bundle_lang_roles(const struct bundle *b, int i)
{
	const struct lang *l = own(b, i);
	return l ? &l->roles : &b->roles;
}

const struct quiz *bundle_lang_quiz(const struct bundle *b, int i, int *nquiz)
{
	const struct lang *l = own(b, i);
	if (nquiz)
		*nquiz = l ? l->nquiz : b->nquiz;
	return l ? &l->quiz : &b->quiz;
}

const struct form_content *bundle_lang_form(const struct bundle *b, int i)
{
	const struct lang *l = own(b, i);
	return l ? &l->form : &b->form;
}

const struct form_keyboards *bundle_lang_keyboards(const struct bundle *b, int i)
{
	const struct lang *l = own(b, i);
	return l && l->own_keyboards ? &l->keyboards : &b->keyboards;
}

/* ---- Change detection: names, sizes and times, never contents ---- */

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ u[i]) * 1099511628211ull;
	return h;
}

/* Order-independent: each entry's hash is summed, so readdir's order does
 * not matter. */
static uint64_t walk(const char *dir, const char *rel, int depth)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	DIR *dp = depth <= 4 ? opendir(path) : NULL;
	if (!dp)
		return 0;
	uint64_t sum = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096], full[8192];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(full, sizeof full, "%s/%s", dir, sub);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			sum += walk(dir, sub, depth + 1);
			continue;
		}
		uint64_t h = mix(14695981039346656037ull, sub, strlen(sub) + 1);
		int64_t v[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
				(int64_t)st.st_mtim.tv_nsec};
		sum += mix(h, v, sizeof v);
	}
	closedir(dp);
	return sum;
}

/* The content folder's files, and kiosk.json when it lives elsewhere. */
static uint64_t stamp_of(const struct bundle *b)
{
	uint64_t sum = walk(b->config_dir, "", 0);
	if (strcmp(b->kiosk_dir, b->config_dir) != 0) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof path, "%s/kiosk.json", b->kiosk_dir);
		if (stat(path, &st) == 0) {
			int64_t v[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
					(int64_t)st.st_mtim.tv_nsec};
			sum += mix(14695981039346656037ull, v, sizeof v);
		}
	}
	return sum;
}

bool bundle_changed(const struct bundle *b)
{
	return stamp_of(b) != b->stamp;
}
