#include "content/strtab.h"

#include "content/json.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_pairs(const void *a, const void *b)
{
	return strcmp(((char *const *)a)[0], ((char *const *)b)[0]);
}

/* Adds key/value (copies), keeping keys and vals unsorted until the end. */
static bool add(struct strtab *s, size_t *cap, const char *k, const char *v)
{
	if (s->n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		char **nk = realloc(s->keys, c * sizeof *nk);
		if (nk)
			s->keys = nk;
		char **nv = realloc(s->vals, c * sizeof *nv);
		if (nv)
			s->vals = nv;
		if (!nk || !nv)
			return false;
		*cap = c;
	}
	s->keys[s->n] = strdup(k);
	s->vals[s->n] = strdup(v);
	s->n++;
	return true;
}

/* Sorts by key (pairs move together). */
static void sort(struct strtab *s)
{
	char **pairs = malloc((s->n ? s->n : 1) * 2 * sizeof *pairs);
	if (!pairs)
		return;
	for (size_t i = 0; i < s->n; i++) {
		pairs[i * 2] = s->keys[i];
		pairs[i * 2 + 1] = s->vals[i];
	}
	qsort(pairs, s->n, 2 * sizeof *pairs, cmp_pairs);
	for (size_t i = 0; i < s->n; i++) {
		s->keys[i] = pairs[i * 2];
		s->vals[i] = pairs[i * 2 + 1];
	}
	free(pairs);
}

static int load_one(struct strtab *s, size_t *cap, const char *path, const char *name,
		    struct diag_list *diag)
{
	struct jdoc d;
	if (jdoc_load(&d, path, name, diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	int rc = 0;
	if (!cJSON_IsObject(d.root)) {
		diag_add(diag, d.file, 1, "strings must be one { \"key\": \"text\" } group");
		rc = -1;
		goto out;
	}
	const cJSON *m;
	cJSON_ArrayForEach(m, d.root) {
		if (m->string[0] == '_')
			continue;
		if (!cJSON_IsString(m)) {
			diag_add(diag, d.file, jdoc_line(&d, m), "\"%s\" must be text in quotes", m->string);
			rc = -1;
			continue;
		}
		for (size_t i = 0; i < s->n; i++) {
			if (strcmp(s->keys[i], m->string) == 0) {
				diag_add(diag, d.file, jdoc_line(&d, m),
					 "\"%s\" is already defined in another strings file", m->string);
				rc = -1;
			}
		}
		if (!add(s, cap, m->string, m->valuestring))
			rc = -1;
	}
out:
	jdoc_free(&d);
	return rc;
}

int strtab_load(struct strtab *s, const char *path, const char *name, struct diag_list *diag)
{
	size_t cap = s->n;	/* arrays are exactly full after a sort */
	int rc = load_one(s, &cap, path, name, diag);
	sort(s);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int strtab_load_dir(struct strtab *s, const char *dir, struct diag_list *diag)
{
	memset(s, 0, sizeof *s);
	DIR *dh = opendir(dir);
	if (!dh) {
		diag_add(diag, dir, 0, "cannot read the strings folder");
		return -1;
	}
	char *names[256];
	size_t nn = 0;
	struct dirent *e;
	while (nn < 256 && (errno = 0, e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		/* Hidden files (a Mac's "._core.json" copies) are not content,
		 * as in roles/ and quiz/ (jdoc_list_dir). */
		if (len > 5 && e->d_name[0] != '.' && strcmp(e->d_name + len - 5, ".json") == 0)
			names[nn++] = strdup(e->d_name);
	}
	/* readdir's NULL is an error, not the end, when errno is set (EOVERFLOW, EIO). */
	int err = nn < 256 ? errno : 0;
	closedir(dh);
	if (err) {
		diag_add(diag, dir, 0, "cannot read the strings folder: %s", strerror(err));
		while (nn)
			free(names[--nn]);
		return -1;
	}
	qsort(names, nn, sizeof *names, cmp_names);
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (names[i] && load_one(s, &cap, path, path, diag) != 0)
			rc = -1;
		free(names[i]);
	}
	sort(s);
	return rc;
}

const char *strtab_find(const struct strtab *s, const char *key)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, s->keys[mid]);
		if (!c)
			return s->vals[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *strtab_get(const struct strtab *s, const char *key)
{
	const char *v = strtab_find(s, key);
	return v ? v : key;
}

int strtab_put(struct strtab *s, const char *key, const char *val)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, s->keys[mid]);
		if (!c) {
			char *v = strdup(val);
			if (!v)
				return -1;
			free(s->vals[mid]);
			s->vals[mid] = v;
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	char **nk = realloc(s->keys, (s->n + 1) * sizeof *nk);
	if (nk)
		s->keys = nk;
	char **nv = realloc(s->vals, (s->n + 1) * sizeof *nv);
	if (nv)
		s->vals = nv;
	char *k = strdup(key), *v = strdup(val);
	if (!nk || !nv || !k || !v) {
		free(k);
		free(v);
		return -1;
	}
	memmove(s->keys + lo + 1, s->keys + lo, (s->n - lo) * sizeof *nk);
	memmove(s->vals + lo + 1, s->vals + lo, (s->n - lo) * sizeof *nv);
	s->keys[lo] = k;
	s->vals[lo] = v;
	s->n++;
	return 0;
}

void strtab_free(struct strtab *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		free(s->vals[i]);
	}
	free(s->keys);
	free(s->vals);
	memset(s, 0, sizeof *s);
}

void strtab_fill(char *out, size_t n, const char *tpl, const char *const (*kv)[2], size_t nkv)
{
	if (!n)
		return;
	size_t o = 0;
	for (const char *p = tpl; *p && o + 1 < n;) {
		size_t i = 0, kl = 0;
		for (; *p == '{' && i < nkv; i++)
			if (!strncmp(p + 1, kv[i][0], kl = strlen(kv[i][0])) && p[1 + kl] == '}')
				break;
		if (*p != '{' || i == nkv) {
			out[o++] = *p++;
			continue;
		}
		o += (size_t)snprintf(out + o, n - o, "%s", kv[i][1]);
		o = o < n ? o : n - 1;
		p += kl + 2;
	}
	out[o] = '\0';
}
