/*
 * form_kb.c: loads and validates kiosk-config/keyboards.json, the
 * on-screen keyboard's layouts and accents (see form.h).
 *
 *   "layouts": { "<id>": [ row, row, ... ] }   1 to 5 rows a layout
 *   row: [ key, key, ... ]                      1 to 12 keys a row
 *   key: "q"  (types itself)  or
 *        { "label": "Shift", "action": "shift", "icon": "shift", "width": 1.5 }
 *        action: char (default) | shift | backspace | layout | done
 *        "text": what a char key types, if not its label (" " for Space)
 *        "to": the layout a layout key shows (left out: the field's own)
 *   "accents": { "e": ["é", "è", ...], "E": ["É", ...] }  1 to 8 each
 */
#include "content/form.h"

#include "content/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 5, MAX_KEYS = 12, MAX_LABEL = 8, MAX_ALTS = 8, MAX_LAYOUTS = 12 };

static const char *const actions[] = {"char", "shift", "backspace", "layout", "done", NULL};
static const char *const needed[] = {"letters", "email", "phone", "postcode", NULL};

struct kctx {
	const struct jdoc *d;
	struct diag_list *diag;
	const char *file;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool key_object(struct kctx *c, const cJSON *it, struct form_kb_key *k)
{
	static const char *const keys[] = {"label", "action", "text", "to", "icon", "width", NULL};
	int line = jdoc_line(c->d, it);
	bool ok = jdoc_known_keys(c->d, it, keys, "key field", c->diag);
	const char *label = jdoc_string(c->d, it, "label", MAX_LABEL * 2, true, c->diag);
	const char *action = jdoc_string(c->d, it, "action", 0, false, c->diag);
	const char *text = jdoc_string(c->d, it, "text", 20, false, c->diag);
	const char *to = jdoc_string(c->d, it, "to", 40, false, c->diag);
	const char *icon = jdoc_string(c->d, it, "icon", 0, false, c->diag);
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(it, "width");
	ok &= label != NULL;
	int a = 0;
	if (action) {
		for (a = 0; actions[a] && strcmp(actions[a], action); a++)
			;
		if (!actions[a]) {
			diag_add(c->diag, c->file, line, "action \"%s\" is not one of char, shift, "
				 "backspace, layout, done", action);
			ok = false;
		}
	}
	if (icon && strcmp(icon, "shift") && strcmp(icon, "backspace")) {
		diag_add(c->diag, c->file, line, "icon \"%s\" is not shift or backspace", icon);
		ok = false;
	}
	if (text && !*text) {
		diag_add(c->diag, c->file, line, "\"text\" is empty: leave it out to type the label");
		ok = false;
	}
	float width = 1;
	if (w && (!cJSON_IsNumber(w) || w->valuedouble < 0.5 || w->valuedouble > 8)) {
		diag_add(c->diag, c->file, jdoc_line(c->d, w), "\"width\" must be a number from 0.5 to 8");
		ok = false;
	} else if (w) {
		width = (float)w->valuedouble;
	}
	if (!ok)
		return false;
	*k = (struct form_kb_key){strdup(label), dup_or_null(text), dup_or_null(to),
				  dup_or_null(icon), (enum form_kb_action)a, width};
	return true;
}

static bool parse_key(struct kctx *c, const cJSON *it, struct form_kb_key *k)
{
	if (cJSON_IsString(it)) {
		size_t n = utf8_chars(it->valuestring);
		if (!n || n > MAX_LABEL) {
			diag_add(c->diag, c->file, jdoc_line(c->d, it),
				 "a key must show 1 to %d characters", MAX_LABEL);
			return false;
		}
		*k = (struct form_kb_key){strdup(it->valuestring), NULL, NULL, NULL, FORM_KB_CHAR, 1};
		return true;
	}
	if (cJSON_IsObject(it))
		return key_object(c, it, k);
	diag_add(c->diag, c->file, jdoc_line(c->d, it), "a key must be \"text\" or { \"label\": ... }");
	return false;
}

static bool parse_layout(struct kctx *c, const cJSON *rows, struct form_kb_layout *l)
{
	int line = jdoc_line(c->d, rows);
	int nrows = cJSON_IsArray(rows) ? cJSON_GetArraySize(rows) : 0;
	if (nrows < 1 || nrows > MAX_ROWS) {
		diag_add(c->diag, c->file, line, "layout \"%s\" must be a list of 1 to %d rows",
			 rows->string, MAX_ROWS);
		return false;
	}
	l->id = strdup(rows->string);
	l->rows = calloc((size_t)nrows, sizeof *l->rows);
	if (!l->id || !l->rows)
		return false;
	bool ok = true, bs = false, done = false;
	const cJSON *row;
	cJSON_ArrayForEach(row, rows) {
		int n = cJSON_IsArray(row) ? cJSON_GetArraySize(row) : 0;
		if (n < 1 || n > MAX_KEYS) {
			diag_add(c->diag, c->file, jdoc_line(c->d, row),
				 "a row must be a list of 1 to %d keys", MAX_KEYS);
			ok = false;
			continue;
		}
		struct form_kb_row *r = &l->rows[l->nrows++];
		r->keys = calloc((size_t)n, sizeof *r->keys);
		if (!r->keys)
			return false;
		const cJSON *it;
		cJSON_ArrayForEach(it, row) {
			struct form_kb_key *k = &r->keys[r->n];
			if (!parse_key(c, it, k)) {
				ok = false;
				continue;
			}
			r->n++;
			bs |= k->action == FORM_KB_BACKSPACE;
			done |= k->action == FORM_KB_DONE;
		}
	}
	if (ok && (!bs || !done)) {
		diag_add(c->diag, c->file, line, "layout \"%s\" needs a backspace key and a done key",
			 l->id);
		ok = false;
	}
	return ok;
}

/* Every "to" must name a layout, and the form's own layouts must exist. */
static bool check_links(struct kctx *c, const cJSON *layouts, const struct form_keyboards *k)
{
	bool ok = true;
	for (size_t i = 0; needed[i]; i++) {
		bool found = false;
		for (size_t l = 0; l < k->nlayouts; l++)
			found |= !strcmp(k->layouts[l].id, needed[i]);
		if (!found) {
			diag_add(c->diag, c->file, jdoc_line(c->d, layouts),
				 "layout \"%s\" is missing (the form uses it)", needed[i]);
			ok = false;
		}
	}
	for (size_t l = 0; l < k->nlayouts; l++)
		for (size_t r = 0; r < k->layouts[l].nrows; r++)
			for (size_t i = 0; i < k->layouts[l].rows[r].n; i++) {
				const char *to = k->layouts[l].rows[r].keys[i].to;
				bool found = !to;
				for (size_t m = 0; to && m < k->nlayouts; m++)
					found |= !strcmp(k->layouts[m].id, to);
				if (!found) {
					diag_add(c->diag, c->file, jdoc_line(c->d, layouts),
						 "layout \"%s\": a key goes to \"%s\", which is not a layout",
						 k->layouts[l].id, to);
					ok = false;
				}
			}
	return ok;
}

static bool parse_accents(struct kctx *c, const cJSON *obj, struct form_keyboards *k)
{
	if (!obj)
		return true;
	if (!cJSON_IsObject(obj)) {
		diag_add(c->diag, c->file, jdoc_line(c->d, obj), "\"accents\" must be { \"e\": [...] }");
		return false;
	}
	k->accents = calloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof *k->accents);
	if (!k->accents)
		return false;
	bool ok = true;
	const cJSON *m;
	cJSON_ArrayForEach(m, obj) {
		if (utf8_chars(m->string) != 1) {
			diag_add(c->diag, c->file, jdoc_line(c->d, m),
				 "accents: \"%s\" must be one letter", m->string);
			ok = false;
			continue;
		}
		const cJSON *arr = jdoc_strings(c->d, obj, m->string, 1, MAX_ALTS, 3, c->diag);
		if (!arr) {
			ok = false;
			continue;
		}
		struct form_kb_accent *a = &k->accents[k->naccents++];
		a->base = strdup(m->string);
		a->alts.v = calloc((size_t)cJSON_GetArraySize(arr), sizeof *a->alts.v);
		const cJSON *it;
		cJSON_ArrayForEach(it, arr) {
			if (a->alts.v)
				a->alts.v[a->alts.n++] = strdup(it->valuestring);
		}
	}
	return ok;
}

/* Reads a parsed document into out; frees the document. */
static int from_doc(struct form_keyboards *out, struct jdoc *d, struct diag_list *diag)
{
	static const char *const top[] = {"_comment", "layouts", "accents", NULL};
	struct kctx c = {d, diag, d->file};
	bool ok = cJSON_IsObject(d->root);
	if (!ok)
		diag_add(diag, d->file, 1, "the file must be one { ... } object");
	const cJSON *layouts = ok ? cJSON_GetObjectItemCaseSensitive(d->root, "layouts") : NULL;
	if (ok) {
		ok &= jdoc_known_keys(d, d->root, top, "field", diag);
		int n = cJSON_IsObject(layouts) ? cJSON_GetArraySize(layouts) : 0;
		if (n < 1 || n > MAX_LAYOUTS) {
			diag_add(diag, d->file, jdoc_line(d, layouts ? layouts : d->root),
				 "\"layouts\" must be { \"letters\": [...], ... } with 1 to %d layouts",
				 MAX_LAYOUTS);
			ok = false;
		}
	}
	if (ok) {
		out->layouts = calloc((size_t)cJSON_GetArraySize(layouts), sizeof *out->layouts);
		const cJSON *m;
		cJSON_ArrayForEach(m, layouts) {
			if (out->layouts)
				ok &= parse_layout(&c, m, &out->layouts[out->nlayouts++]);
		}
		ok = ok && out->layouts && check_links(&c, layouts, out);
		ok &= parse_accents(&c, cJSON_GetObjectItemCaseSensitive(d->root, "accents"), out);
	}
	jdoc_free(d);
	if (!ok) {
		form_keyboards_free(out);
		return -1;
	}
	return 0;
}

int form_keyboards_parse(struct form_keyboards *out, const char *name, const char *text,
			 size_t len, struct diag_list *diag)
{
	memset(out, 0, sizeof *out);
	struct jdoc d;
	if (jdoc_parse(&d, name, text, len, diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	return from_doc(out, &d, diag);
}

int form_keyboards_load(struct form_keyboards *out, const char *config_dir,
			struct diag_list *diag)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/keyboards.json", config_dir);
	memset(out, 0, sizeof *out);
	struct jdoc d;
	if (jdoc_load(&d, path, "keyboards.json", diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	return from_doc(out, &d, diag);
}

void form_keyboards_free(struct form_keyboards *k)
{
	for (size_t l = 0; l < k->nlayouts; l++) {
		struct form_kb_layout *lay = &k->layouts[l];
		for (size_t r = 0; r < lay->nrows; r++) {
			for (size_t i = 0; i < lay->rows[r].n; i++) {
				struct form_kb_key *key = &lay->rows[r].keys[i];
				free(key->label);
				free(key->text);
				free(key->to);
				free(key->icon);
			}
			free(lay->rows[r].keys);
		}
		free(lay->rows);
		free(lay->id);
	}
	free(k->layouts);
	for (size_t a = 0; a < k->naccents; a++) {
		free(k->accents[a].base);
		for (size_t i = 0; i < k->accents[a].alts.n; i++)
			free(k->accents[a].alts.v[i]);
		free(k->accents[a].alts.v);
	}
	free(k->accents);
	memset(k, 0, sizeof *k);
}
