/*
 * lang.c: languages as content (lang.h). Each translated file is read
 * beside its English file and merged into a copy of the English tree,
 * string by string; the merged text then goes through the same parser as
 * the English file, so a language is validated exactly as English is.
 */
#include "content/lang.h"

#include "content/json.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_LANGS = 32, MAX_FILES = 64 };

/* Keys whose value is data, not words: always the English file's (as in
 * tests/content/test_translations.py). */
static const char *const data_keys[] = {
	"id",	  "image", "time",     "role",	   "roles",    "settings", "values",
	"order",  "min",   "max",      "kind",	   "type",     "keyboard", "required",
	"pa_roles", "programme", "programmes_id", "url", "value", "ids", NULL,
};

static bool is_data_key(const char *k)
{
	for (size_t i = 0; k && data_keys[i]; i++)
		if (!strcmp(k, data_keys[i]))
			return true;
	return false;
}

/* Grammar a language may need and English has not: the month after a day
 * number ("3 marca"), courses.month_in_date.1 to .12. */
static bool extra_ok(const char *k)
{
	static const char pre[] = "courses.month_in_date.";
	if (strncmp(k, pre, sizeof pre - 1))
		return false;
	char *end;
	long n = strtol(k + sizeof pre - 1, &end, 10);
	return !*end && n >= 1 && n <= 12;
}

static char *dup_str(const char *s)
{
	return strdup(s ? s : "");
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

/* ---- Placeholders ---- */

struct ph {
	char v[16][24];
	size_t n;
};

static int cmp_ph(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void placeholders(const char *s, struct ph *p)
{
	p->n = 0;
	for (const char *c = s; c && *c && p->n < 16; c++) {
		size_t len = 0;
		if (c[0] == '%' && (c[1] == 'd' || c[1] == 's')) {
			len = 2;
		} else if (c[0] == '{') {
			size_t k = 1;
			while ((c[k] >= 'a' && c[k] <= 'z') || c[k] == '_')
				k++;
			if (k > 1 && c[k] == '}' && k + 1 < sizeof p->v[0])
				len = k + 1;
		}
		if (len) {
			memcpy(p->v[p->n], c, len);
			p->v[p->n++][len] = '\0';
			c += len - 1;
		}
	}
	qsort(p->v, p->n, sizeof p->v[0], cmp_ph);
}

bool lang_same_placeholders(const char *a, const char *b)
{
	struct ph pa, pb;
	placeholders(a, &pa);
	placeholders(b, &pb);
	if (pa.n != pb.n)
		return false;
	for (size_t i = 0; i < pa.n; i++)
		if (strcmp(pa.v[i], pb.v[i]))
			return false;
	return true;
}

/* ---- One translated text against its English one ---- */

struct merge {
	const struct jdoc *tr;	/* the translated file */
	struct diag_list *warn;
};

/* True when tr may stand for en (else a warning says why English shows). */
static bool text_ok(struct merge *m, const cJSON *en, const cJSON *tr, const char *key)
{
	const char *f = m->tr->file;
	int line = jdoc_line(m->tr, tr);
	if (!cJSON_IsString(tr)) {
		diag_add(m->warn, f, line, "\"%s\" is not text in quotes as in English: English shown", key);
		return false;
	}
	if (blank(tr->valuestring) && !blank(en->valuestring)) {
		diag_add(m->warn, f, line, "\"%s\" is empty: English shown", key);
		return false;
	}
	if (!lang_same_placeholders(en->valuestring, tr->valuestring)) {
		diag_add(m->warn, f, line,
			 "\"%s\" has other placeholders than English (\"%s\"): English shown", key,
			 en->valuestring);
		return false;
	}
	return true;
}

static void merge_node(struct merge *m, cJSON *en, const cJSON *tr, const char *key);

static void merge_object(struct merge *m, cJSON *en, const cJSON *tr)
{
	cJSON *e;
	cJSON_ArrayForEach(e, en) {
		if (e->string[0] == '_')
			continue;
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(tr, e->string);
		if (!t)
			diag_add(m->warn, m->tr->file, jdoc_line(m->tr, tr),
				 "\"%s\" is missing: English shown", e->string);
		else
			merge_node(m, e, t, e->string);
	}
	const cJSON *t;
	cJSON_ArrayForEach(t, tr) {
		if (t->string[0] != '_' && !cJSON_GetObjectItemCaseSensitive(en, t->string) &&
		    !extra_ok(t->string))
			diag_add(m->warn, m->tr->file, jdoc_line(m->tr, t),
				 "\"%s\" is not in the English file: not used", t->string);
	}
}

static void merge_node(struct merge *m, cJSON *en, const cJSON *tr, const char *key)
{
	const char *f = m->tr->file;
	if (cJSON_IsObject(en)) {
		if (!cJSON_IsObject(tr))
			diag_add(m->warn, f, jdoc_line(m->tr, tr),
				 "\"%s\" is not a { } group as in English: English shown", key);
		else
			merge_object(m, en, tr);
	} else if (cJSON_IsArray(en)) {
		int n = cJSON_GetArraySize(en);
		if (!cJSON_IsArray(tr) || cJSON_GetArraySize(tr) != n) {
			diag_add(m->warn, f, jdoc_line(m->tr, tr),
				 "\"%s\" must have %d items as in English: English shown", key, n);
			return;
		}
		cJSON *e = en->child;
		for (const cJSON *t = tr->child; e && t; e = e->next, t = t->next)
			merge_node(m, e, t, key);
	} else if (cJSON_IsString(en) && !is_data_key(key)) {
		if (text_ok(m, en, tr, key) && strcmp(en->valuestring, tr->valuestring))
			cJSON_SetValuestring(en, tr->valuestring);
	} else if (!cJSON_Compare(en, tr, true)) {
		diag_add(m->warn, f, jdoc_line(m->tr, tr),
			 "\"%s\" is data and must be as in English: English used", key);
	}
}

/* The English file en_path with the words of tr_path (if it exists) as
 * malloc'd JSON text; *name is the file messages should name. NULL with a
 * problem in diag when the English file cannot be read. */
static char *merged_text(const char *en_path, const char *tr_path, struct diag_list *diag,
			 struct diag_list *warn, size_t *len)
{
	struct jdoc en, tr;
	char *out = NULL;
	if (jdoc_load(&en, en_path, NULL, diag) != 0) {
		jdoc_free(&en);
		return NULL;
	}
	struct stat st;
	if (stat(tr_path, &st) != 0) {
		diag_add(warn, tr_path, 0, "no translation of %s: English shown", en_path);
	} else if (jdoc_load(&tr, tr_path, NULL, warn) == 0) {
		struct merge m = {&tr, warn};
		merge_node(&m, en.root, tr.root, "");
		jdoc_free(&tr);
	} else {
		jdoc_free(&tr);
	}
	out = cJSON_PrintUnformatted(en.root);
	jdoc_free(&en);
	if (!out)
		diag_add(diag, tr_path, 0, "out of memory");
	*len = out ? strlen(out) : 0;
	return out;
}

/* ---- Strings ---- */

static void load_strings(struct lang *l, const struct lang_base *b, const char *ldir,
			 struct diag_list *warn)
{
	char dir[4096], *names[MAX_FILES];
	size_t nn = 0;
	snprintf(dir, sizeof dir, "%s/strings", b->config_dir);
	if (jdoc_list_dir(dir, names, MAX_FILES, &nn) < 0)
		return;	/* the English loader reported it */
	for (size_t i = 0; i < nn; i++) {
		if (!names[i] || !strcmp(names[i], "staff.json")) {
			free(names[i]);
			continue;	/* staff mode stays in the default language's English */
		}
		char en_path[8600], tr_path[8600];
		snprintf(en_path, sizeof en_path, "%s/%s", dir, names[i]);
		snprintf(tr_path, sizeof tr_path, "%s/strings/%s", ldir, names[i]);
		free(names[i]);
		struct jdoc en, tr;
		struct diag_list drop = {0};
		struct stat st;
		if (jdoc_load(&en, en_path, NULL, &drop) != 0 || !cJSON_IsObject(en.root)) {
			jdoc_free(&en);
			diag_free(&drop);
			continue;
		}
		if (stat(tr_path, &st) != 0) {
			diag_add(warn, tr_path, 0, "no translation of %s: English shown", en_path);
		} else if (jdoc_load(&tr, tr_path, NULL, warn) == 0 && cJSON_IsObject(tr.root)) {
			struct merge m = {&tr, warn};
			merge_object(&m, en.root, tr.root);
			const cJSON *t;
			cJSON_ArrayForEach(t, tr.root) {
				const cJSON *e = cJSON_GetObjectItemCaseSensitive(en.root, t->string);
				if (t->string[0] == '_' || !cJSON_IsString(t))
					continue;
				/* merge_object warned for any that is not used. */
				bool use = e ? cJSON_IsString(e) && !blank(t->valuestring) &&
						       lang_same_placeholders(e->valuestring,
									      t->valuestring)
					     : extra_ok(t->string);
				if (use)
					strtab_put(&l->str, t->string, t->valuestring);
			}
			jdoc_free(&tr);
		} else {
			jdoc_free(&tr);
		}
		jdoc_free(&en);
		diag_free(&drop);
	}
}

/* ---- Roles, quiz, form, keyboards ---- */

static void load_roles(struct lang *l, const struct lang_base *b, const char *ldir,
		       struct diag_list *diag, struct diag_list *warn)
{
	char dir[4096], *names[MAX_FILES];
	size_t nn = 0;
	snprintf(dir, sizeof dir, "%s/roles", b->config_dir);
	if (jdoc_list_dir(dir, names, MAX_FILES, &nn) < 0)
		return;
	for (size_t i = 0; i < nn; i++) {
		if (!names[i])
			continue;
		char en_path[8600], tr_path[8600];
		snprintf(en_path, sizeof en_path, "%s/%s", dir, names[i]);
		snprintf(tr_path, sizeof tr_path, "%s/roles/%s", ldir, names[i]);
		free(names[i]);
		size_t len = 0;
		char *text = merged_text(en_path, tr_path, diag, warn, &len);
		if (text)
			roles_parse(&l->roles, tr_path, text, len, b->asset_dir, diag);
		free(text);
	}
}

static void load_quiz(struct lang *l, const struct lang_base *b, const char *ldir,
		      struct diag_list *diag, struct diag_list *warn)
{
	char en_path[8600], tr_path[8600], dir[4096], *names[MAX_FILES];
	size_t len = 0, nn = 0;
	snprintf(en_path, sizeof en_path, "%s/quiz/values.json", b->config_dir);
	snprintf(tr_path, sizeof tr_path, "%s/quiz/values.json", ldir);
	char *text = merged_text(en_path, tr_path, diag, warn, &len);
	int rc = text ? quiz_parse_values(&l->quiz, tr_path, text, len, b->roles, diag) : -1;
	free(text);
	l->nquiz = -1;
	if (rc != 0)
		return;
	snprintf(dir, sizeof dir, "%s/quiz/characters", b->config_dir);
	if (jdoc_list_dir(dir, names, MAX_FILES, &nn) < 0)
		return;
	for (size_t i = 0; i < nn; i++) {
		if (!names[i])
			continue;
		snprintf(en_path, sizeof en_path, "%s/%s", dir, names[i]);
		snprintf(tr_path, sizeof tr_path, "%s/quiz/characters/%s", ldir, names[i]);
		free(names[i]);
		text = merged_text(en_path, tr_path, diag, warn, &len);
		if (text)
			quiz_parse_character(&l->quiz, tr_path, text, len, b->asset_dir, b->roles,
					     diag);
		free(text);
	}
	quiz_finish(&l->quiz, dir, diag);
	l->nquiz = (int)l->quiz.nchars;
}

static void load_form(struct lang *l, const struct lang_base *b, const char *ldir,
		      struct diag_list *diag, struct diag_list *warn)
{
	char en_path[8600], tr_path[8600];
	size_t len = 0;
	snprintf(en_path, sizeof en_path, "%s/form.json", b->config_dir);
	snprintf(tr_path, sizeof tr_path, "%s/form.json", ldir);
	char *text = merged_text(en_path, tr_path, diag, warn, &len);
	if (text && form_parse(&l->form, tr_path, text, len, diag) == 0)
		memcpy(l->form.version, b->form->version, sizeof l->form.version);
	free(text);
}

/* lang/<code>/keyboards.json: its layouts replace the English ones of the
 * same name (and its accents the English accents); the rest stay. */
static void load_keyboards(struct lang *l, const struct lang_base *b, const char *ldir,
			   struct diag_list *diag)
{
	char en_path[8600], tr_path[8600];
	struct stat st;
	snprintf(tr_path, sizeof tr_path, "%s/keyboards.json", ldir);
	if (stat(tr_path, &st) != 0)
		return;
	snprintf(en_path, sizeof en_path, "%s/keyboards.json", b->config_dir);
	struct jdoc en, tr;
	memset(&en, 0, sizeof en);
	memset(&tr, 0, sizeof tr);
	int rc = jdoc_load(&en, en_path, NULL, diag);
	rc = rc || jdoc_load(&tr, tr_path, NULL, diag);
	if (!rc && cJSON_IsObject(en.root) && cJSON_IsObject(tr.root)) {
		cJSON *el = cJSON_GetObjectItemCaseSensitive(en.root, "layouts");
		const cJSON *tl = cJSON_GetObjectItemCaseSensitive(tr.root, "layouts");
		const cJSON *t;
		cJSON_ArrayForEach(t, tl) {
			cJSON *copy = cJSON_Duplicate(t, true);
			if (!copy)
				continue;
			if (cJSON_GetObjectItemCaseSensitive(el, t->string))
				cJSON_ReplaceItemInObjectCaseSensitive(el, t->string, copy);
			else
				cJSON_AddItemToObject(el, t->string, copy);
		}
		const cJSON *ta = cJSON_GetObjectItemCaseSensitive(tr.root, "accents");
		cJSON *copy = ta ? cJSON_Duplicate(ta, true) : NULL;
		if (copy && cJSON_GetObjectItemCaseSensitive(en.root, "accents"))
			cJSON_ReplaceItemInObjectCaseSensitive(en.root, "accents", copy);
		else if (copy)
			cJSON_AddItemToObject(en.root, "accents", copy);
		char *text = cJSON_PrintUnformatted(en.root);
		if (text && form_keyboards_parse(&l->keyboards, tr_path, text, strlen(text), diag) == 0)
			l->own_keyboards = true;
		free(text);
	} else if (!rc) {
		diag_add(diag, tr_path, 1, "keyboards must be one { } group with \"layouts\"");
	}
	jdoc_free(&en);
	jdoc_free(&tr);
}

/* ---- language.json ---- */

static const char *member_str(const struct jdoc *d, const cJSON *obj, const char *key,
			      bool required, struct diag_list *diag)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!m && !required)
		return "";
	if (!cJSON_IsString(m)) {
		diag_add(diag, d->file, jdoc_line(d, m ? m : obj), "\"%s\" must be text in quotes",
			 key);
		return "";
	}
	if (required && blank(m->valuestring))
		diag_add(diag, d->file, jdoc_line(d, m), "\"%s\" must not be empty", key);
	return m->valuestring;
}

static void date_order(const struct jdoc *d, const cJSON *date, char out[3],
		       struct diag_list *diag)
{
	memcpy(out, "dmy", 3);
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(date, "order");
	if (!o)
		return;
	const char *s = cJSON_IsString(o) ? o->valuestring : "";
	char got[3];
	size_t n = 0;
	for (const char *w = s; *w && n < 3;) {
		size_t len = strcspn(w, " ");
		if (len == 3 && !strncmp(w, "day", 3))
			got[n++] = 'd';
		else if (len == 5 && !strncmp(w, "month", 5))
			got[n++] = 'm';
		else if (len == 4 && !strncmp(w, "year", 4))
			got[n++] = 'y';
		w += len + (w[len] == ' ');
	}
	if (n != 3 || got[0] == got[1] || got[1] == got[2] || got[0] == got[2]) {
		diag_add(diag, d->file, jdoc_line(d, o),
			 "date.order must be day, month and year in some order, e.g. \"day month year\"");
		return;
	}
	memcpy(out, got, 3);
}

static void free_info(struct lang_info *i)
{
	free(i->code);
	free(i->name);
	free(i->english_name);
	free(i->script);
	free(i->font_regular);
	free(i->font_bold);
	free(i->voice);
	free(i->review_by);
	free(i->review_date);
	free(i->review_note);
	memset(i, 0, sizeof *i);
}

static int load_info(struct lang_info *in, const char *path, const char *code,
		     struct diag_list *diag)
{
	struct jdoc d;
	size_t before = diag_count(diag);
	if (jdoc_load(&d, path, NULL, diag) != 0 || !cJSON_IsObject(d.root)) {
		if (d.root)
			diag_add(diag, path, 1, "language.json must be one { } group");
		jdoc_free(&d);
		return -1;
	}
	const cJSON *r = d.root;
	static const char *const known[] = {"code",	"name",	 "english_name", "order", "direction",
					    "script",	"fonts",	"line_height", "voice", "date", "review",
					    "_comment", NULL};
	jdoc_known_keys(&d, r, known, "language.json", diag);
	const char *c = member_str(&d, r, "code", true, diag);
	if (strcmp(c, code))
		diag_add(diag, path, jdoc_line(&d, cJSON_GetObjectItemCaseSensitive(r, "code")),
			 "code \"%s\" must be the folder's name, \"%s\"", c, code);
	in->code = dup_str(code);
	in->name = dup_str(member_str(&d, r, "name", true, diag));
	in->english_name = dup_str(member_str(&d, r, "english_name", true, diag));
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(r, "order");
	in->order = cJSON_IsNumber(o) ? o->valueint : 100;
	const char *dir = member_str(&d, r, "direction", true, diag);
	if (strcmp(dir, "ltr") && strcmp(dir, "rtl"))
		diag_add(diag, path, jdoc_line(&d, cJSON_GetObjectItemCaseSensitive(r, "direction")),
			 "direction must be \"ltr\" or \"rtl\"");
	in->rtl = !strcmp(dir, "rtl");
	const char *sc = member_str(&d, r, "script", false, diag);
	if (*sc && (strlen(sc) != 4 || sc[0] < 'A' || sc[0] > 'Z' || sc[1] < 'a' || sc[1] > 'z' ||
		    sc[2] < 'a' || sc[2] > 'z' || sc[3] < 'a' || sc[3] > 'z'))
		diag_add(diag, path, jdoc_line(&d, cJSON_GetObjectItemCaseSensitive(r, "script")),
			 "script must be an ISO 15924 code such as \"Arab\" or \"Latn\"");
	in->script = dup_str(sc);
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(r, "fonts");
	if (!cJSON_IsObject(f)) {
		diag_add(diag, path, jdoc_line(&d, f ? f : r),
			 "\"fonts\" must be { \"regular\": \"file.ttf\", \"bold\": \"file.ttf\" }");
	} else {
		in->font_regular = dup_str(member_str(&d, f, "regular", true, diag));
		in->font_bold = dup_str(member_str(&d, f, "bold", true, diag));
	}
	const cJSON *lh = cJSON_GetObjectItemCaseSensitive(r, "line_height");
	in->line_height = cJSON_IsNumber(lh) ? lh->valuedouble : 1.0;
	if (lh && (!cJSON_IsNumber(lh) || in->line_height < 0.8 || in->line_height > 3.0))
		diag_add(diag, path, jdoc_line(&d, lh), "line_height must be a number from 0.8 to 3");
	in->voice = dup_str(member_str(&d, r, "voice", false, diag));
	date_order(&d, cJSON_GetObjectItemCaseSensitive(r, "date"), in->date_order, diag);
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(r, "review");
	if (!cJSON_IsObject(rv)) {
		diag_add(diag, path, jdoc_line(&d, rv ? rv : r),
			 "\"review\" must say who checked the translation and when: "
			 "{ \"checked_by\": \"\", \"date\": \"\", \"note\": \"...\" } (empty until a person has)");
	} else {
		in->review_by = dup_str(member_str(&d, rv, "checked_by", false, diag));
		in->review_date = dup_str(member_str(&d, rv, "date", false, diag));
		in->review_note = dup_str(member_str(&d, rv, "note", false, diag));
	}
	jdoc_free(&d);
	return diag_count(diag) == before ? 0 : -1;
}

/* courses.date must put day, month and year in language.json's date.order. */
static void check_date_order(const struct lang *l, const struct lang_base *b, const char *path,
			     struct diag_list *warn)
{
	const char *tpl = strtab_find(&l->str, "courses.date");
	tpl = tpl ? tpl : strtab_find(b->str, "courses.date");
	if (!tpl)
		return;
	const char *at[3] = {strstr(tpl, "{day}"), strstr(tpl, "{month}"), strstr(tpl, "{year}")};
	char got[4] = "";
	for (int n = 0; n < 3; n++) {
		int best = -1;
		for (int i = 0; i < 3; i++)
			if (at[i] && !strchr(got, "dmy"[i]) && (best < 0 || at[i] < at[best]))
				best = i;
		if (best < 0)
			return;
		got[n] = "dmy"[best];
	}
	if (memcmp(got, l->info.date_order, 3))
		diag_add(warn, path, 0,
			 "courses.date \"%s\" does not put day, month and year in date.order", tpl);
}

/* ---- All of them ---- */

static void lang_free(struct lang *l)
{
	free_info(&l->info);
	strtab_free(&l->str);
	roles_free(&l->roles);
	quiz_free(&l->quiz);
	form_free(&l->form);
	form_keyboards_free(&l->keyboards);
}

void lang_free_all(struct lang *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		lang_free(&v[i]);
	free(v);
}

static int by_order(const void *a, const void *b)
{
	const struct lang_info *x = &((const struct lang *)a)->info;
	const struct lang_info *y = &((const struct lang *)b)->info;
	return x->order != y->order ? (x->order > y->order) - (x->order < y->order)
				    : strcmp(x->code, y->code);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return n >= 2 && n <= 10;
}

/* The folders under lang/, sorted (names malloc'd). */
static size_t list_langs(const char *dir, char **names, size_t max)
{
	DIR *dp = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (dp && n < max && (e = readdir(dp))) {
		char p[4400];
		struct stat st;
		snprintf(p, sizeof p, "%s/%s/language.json", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(p, &st) == 0)
			names[n++] = strdup(e->d_name);
	}
	if (dp)
		closedir(dp);
	qsort(names, n, sizeof *names, by_name);
	return n;
}

size_t lang_load_all(struct lang **out, const struct lang_base *b, struct diag_list *diag,
		     struct diag_list *warn)
{
	char dir[4096], *names[MAX_LANGS];
	snprintf(dir, sizeof dir, "%s/lang", b->config_dir);
	size_t nn = list_langs(dir, names, MAX_LANGS), n = 0;
	*out = calloc(nn + 1, sizeof **out);
	bool have_base = false;
	for (size_t i = 0; i < nn; i++)
		have_base = have_base || (names[i] && !strcmp(names[i], LANG_BASE));
	if (nn && !have_base)
		diag_add(diag, dir, 0, "no %s/language.json: the name, fonts and voice of the "
				       "files at the top of the config folder (English)", LANG_BASE);
	for (size_t i = 0; *out && i < nn; i++) {
		char ldir[4400], path[4500];
		struct lang *l = &(*out)[n];
		if (!names[i] || !code_ok(names[i])) {
			if (names[i])
				diag_add(diag, dir, 0, "folder \"%s\": a language code is 2 to 10 "
						       "lowercase letters (pl, ur, pt-br)", names[i]);
			free(names[i]);
			continue;
		}
		snprintf(ldir, sizeof ldir, "%s/%s", dir, names[i]);
		snprintf(path, sizeof path, "%s/language.json", ldir);
		if (load_info(&l->info, path, names[i], diag) != 0) {
			lang_free(l);
			free(names[i]);
			continue;
		}
		l->base = !strcmp(names[i], LANG_BASE);
		free(names[i]);
		if (!l->base) {
			load_strings(l, b, ldir, warn);
			load_roles(l, b, ldir, diag, warn);
			load_quiz(l, b, ldir, diag, warn);
			load_form(l, b, ldir, diag, warn);
			load_keyboards(l, b, ldir, diag);
			check_date_order(l, b, path, warn);
		}
		n++;
	}
	if (*out && n == 0) {
		/* No lang/ folder: the top-level files alone, in English. */
		struct lang *l = &(*out)[0];
		l->base = true;
		l->info = (struct lang_info){.code = dup_str(LANG_BASE), .name = dup_str(LANG_BASE),
					     .english_name = dup_str(LANG_BASE), .line_height = 1.0,
					     .voice = dup_str(""), .date_order = {'d', 'm', 'y'}};
		n = 1;
	}
	if (*out)
		qsort(*out, n, sizeof **out, by_order);
	return n;
}

int lang_find(const struct lang *v, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(v[i].info.code, code))
			return (int)i;
	return -1;
}
