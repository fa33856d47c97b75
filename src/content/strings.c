#include "strings.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int strings_load(struct strings *s, const char *path, const char *name, struct diag_list *diag)
{
	memset(s, 0, sizeof *s);
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
	size_t n = (size_t)cJSON_GetArraySize(d.root);
	/* keys and values interleaved in one array, then split: simpler to
	 * sort pairs by building an index. */
	char **pairs = calloc(n ? n * 2 : 2, sizeof *pairs);
	if (!pairs) {
		rc = -1;
		goto out;
	}
	size_t k = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, d.root) {
		if (m->string[0] == '_')
			continue;
		if (!cJSON_IsString(m)) {
			diag_add(diag, d.file, jdoc_line(&d, m), "\"%s\" must be text in quotes", m->string);
			rc = -1;
			continue;
		}
		pairs[k * 2] = strdup(m->string);
		pairs[k * 2 + 1] = strdup(m->valuestring);
		k++;
	}
	/* Sort pairs by key (each pair is two adjacent pointers). */
	qsort(pairs, k, 2 * sizeof *pairs, cmp_keys);
	s->keys = calloc(k ? k : 1, sizeof *s->keys);
	s->vals = calloc(k ? k : 1, sizeof *s->vals);
	for (size_t i = 0; i < k && s->keys && s->vals; i++) {
		s->keys[i] = pairs[i * 2];
		s->vals[i] = pairs[i * 2 + 1];
	}
	s->n = k;
	free(pairs);
out:
	jdoc_free(&d);
	return rc;
}

const char *strings_find(const struct strings *s, const char *key)
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

const char *strings_get(const struct strings *s, const char *key)
{
	const char *v = strings_find(s, key);
	return v ? v : key;
}

void strings_free(struct strings *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		free(s->vals[i]);
	}
	free(s->keys);
	free(s->vals);
	memset(s, 0, sizeof *s);
}
