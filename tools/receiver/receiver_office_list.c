/*
 * receiver_office_list.c: reading, opening, joining and filtering the leads
 * for the office pages (receiver_office_list.h). Sealed leads are opened
 * here with the session's key, and every copy of their text is wiped when
 * the list is freed.
 */
#include "receiver_office_list.h"

#include "store/seal.h"

#include <cjson/cJSON.h>
#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ocall_ids[OCALL_COUNT] = {"new",	       "called",	 "no-answer",
					    "booked",	       "not-interested", "deleted"};
const char *const ocall_labels[OCALL_COUNT] = {"New",		    "Called",
					       "No answer",	    "Booked on a course",
					       "Not interested",    "Asked to be deleted"};

const char *ocall_label(const char *id)
{
	for (int i = 0; i < OCALL_COUNT; i++)
		if (!strcmp(id ? id : "new", ocall_ids[i]))
			return ocall_labels[i];
	return NULL;
}

static void arg(struct MHD_Connection *c, const char *key, char *out, size_t n)
{
	const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
	out[0] = '\0';
	if (v && strlen(v) < n)
		snprintf(out, n, "%s", v);
}

void ofilter_read(struct MHD_Connection *c, struct ofilter *f)
{
	arg(c, "event", f->event, sizeof f->event);
	arg(c, "kiosk", f->kiosk, sizeof f->kiosk);
	arg(c, "programme", f->programme, sizeof f->programme);
	arg(c, "role", f->role, sizeof f->role);
	arg(c, "from", f->from, sizeof f->from);
	arg(c, "to", f->to, sizeof f->to);
	arg(c, "status", f->status, sizeof f->status);
}

static void enc(struct obuf *b, const char *key, const char *v)
{
	if (!*v)
		return;
	if (b->len)
		ob_put(b, "&");
	ob_put(b, key);
	ob_put(b, "=");
	for (; *v; v++) {
		unsigned char ch = (unsigned char)*v;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    strchr("-._~", ch))
			ob_putn(b, v, 1);
		else
			ob_printf(b, "%%%02X", ch);
	}
}

void ofilter_query(const struct ofilter *f, struct obuf *b)
{
	enc(b, "event", f->event);
	enc(b, "kiosk", f->kiosk);
	enc(b, "programme", f->programme);
	enc(b, "role", f->role);
	enc(b, "from", f->from);
	enc(b, "to", f->to);
	enc(b, "status", f->status);
}

static char *sdup(const char *s, bool *nomem)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*nomem = true;
	return d;
}

static void set_add(struct oset *s, const char *v, bool *nomem)
{
	if (!v || !*v)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return;
	char **p = realloc(s->v, (s->n + 1) * sizeof *p);
	if (!p) {
		*nomem = true;
		return;
	}
	s->v = p;
	if ((s->v[s->n] = sdup(v, nomem)))
		s->n++;
}

static void set_free(struct oset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

struct calls {
	struct rcall *v;
	size_t n;
	bool nomem;
};

static int take_call(void *ctx, const struct rcall *c)
{
	struct calls *k = ctx;
	struct rcall *p = realloc(k->v, (k->n + 1) * sizeof *p);
	if (!p) {
		k->nomem = true;
		return 0;
	}
	k->v = p;
	p[k->n++] = (struct rcall){sdup(c->lead_id, &k->nomem), sdup(c->status, &k->nomem),
				    sdup(c->note, &k->nomem), sdup(c->set_by, &k->nomem),
				    sdup(c->set_at, &k->nomem)};
	return 0;
}

struct load {
	struct olist *l;
	const struct ofilter *f;
	const struct seal_office *key;
	struct calls calls;
};

static struct rcall *call_of(struct load *ld, const char *id)
{
	for (size_t i = 0; i < ld->calls.n; i++)
		if (ld->calls.v[i].lead_id && !strcmp(ld->calls.v[i].lead_id, id))
			return &ld->calls.v[i];
	return NULL;
}

static bool has_role(const cJSON *a, const char *role)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(a, "roles"))
		if (cJSON_IsString(r) && !strcmp(r->valuestring, role))
			return true;
	return false;
}

static bool same(const char *want, const char *have)
{
	return !*want || (have && !strcmp(want, have));
}

static bool wanted(const struct ofilter *f, const struct orow *r)
{
	char day[11] = "";
	if (r->created_at)
		snprintf(day, sizeof day, "%s", r->created_at);
	return same(f->event, r->event) && same(f->kiosk, r->kiosk) &&
	       same(f->programme, r->programme) && same(f->status, r->status ? r->status : "new") &&
	       (!*f->role || (r->a && has_role(r->a, f->role))) &&
	       (!*f->from || strcmp(day, f->from) >= 0) && (!*f->to || strcmp(day, f->to) <= 0);
}

static void row_free(struct orow *r)
{
	free(r->id);
	free(r->created_at);
	free(r->event);
	free(r->kiosk);
	free(r->programme);
	seal_wipe_json(r->a);
	cJSON_Delete(r->a);
	free(r->status);
	seal_wipe_free(r->note);
	free(r->set_by);
	free(r->set_at);
}

static bool grow_rows(struct olist *l)
{
	size_t cap = l->cap ? 2 * l->cap : 64;
	struct orow *p = realloc(l->v, cap * sizeof *p);
	if (!p) {
		l->nomem = true;
		return false;
	}
	l->v = p;
	l->cap = cap;
	return true;
}

static int take_lead(void *ctx, const struct rlead *l)
{
	struct load *ld = ctx;
	struct olist *L = ld->l;
	struct orow r = {0};
	bool *nm = &L->nomem;
	char *owned = NULL;
	const char *text = l->answers;
	L->total++;
	if (l->sealed && ld->key && seal_open_lead(ld->key, l->key_id, l->id, l->sealed, &owned) ==
					    SEAL_OK)
		text = owned;
	r.sealed = l->sealed && !owned;
	r.deleted = !l->sealed && l->body && !strcmp(l->body, "{}");
	r.a = text && !r.deleted ? cJSON_Parse(text) : NULL;
	seal_wipe_free(owned);
	r.id = sdup(l->id, nm);
	r.created_at = sdup(l->created_at, nm);
	r.clock_synced = l->clock_synced;
	r.event = sdup(l->event, nm);
	r.kiosk = sdup(l->kiosk ? l->kiosk : l->device, nm);
	r.programme = sdup(l->programme, nm);
	struct rcall *c = call_of(ld, l->id);
	if (c) {
		r.status = sdup(c->status, nm);
		r.note = sdup(c->note, nm);
		r.set_by = sdup(c->set_by, nm);
		r.set_at = sdup(c->set_at, nm);
	}
	set_add(&L->events, r.event, nm);
	set_add(&L->kiosks, r.kiosk, nm);
	set_add(&L->programmes, r.programme, nm);
	const cJSON *role;
	cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(r.a, "roles"))
		if (cJSON_IsString(role))
			set_add(&L->roles, role->valuestring, nm);
	if (!wanted(ld->f, &r) || (L->n == L->cap && !grow_rows(L))) {
		row_free(&r);
		return 0;
	}
	if (r.sealed)
		L->sealed++;
	L->v[L->n++] = r;
	return 0;
}

/* Newest first (by the kiosk's time), then by id. */
static int newest_first(const void *x, const void *y)
{
	const struct orow *a = x, *b = y;
	int c = strcmp(b->created_at ? b->created_at : "", a->created_at ? a->created_at : "");
	return c ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

int olist_load(struct office *o, const struct osession *s, const struct ofilter *f,
	       struct olist *l, char *err, size_t n)
{
	struct rstore *st = o->store;
	struct load ld = {.l = l, .f = f, .key = s->key};
	*l = (struct olist){0};
	int rc = st->ops->call_each(st, take_call, &ld.calls, err, n);
	if (!rc)
		rc = st->ops->each(st, take_lead, &ld, err, n);
	if (!rc && (l->nomem || ld.calls.nomem)) {
		snprintf(err, n, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; i < ld.calls.n; i++) {
		struct rcall *c = &ld.calls.v[i];
		free((char *)c->lead_id);
		free((char *)c->status);
		seal_wipe_free((char *)c->note);
		free((char *)c->set_by);
		free((char *)c->set_at);
	}
	free(ld.calls.v);
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, newest_first);
	return rc;
}

void olist_free(struct olist *l)
{
	for (size_t i = 0; i < l->n; i++)
		row_free(&l->v[i]);
	free(l->v);
	set_free(&l->events);
	set_free(&l->kiosks);
	set_free(&l->programmes);
	set_free(&l->roles);
	*l = (struct olist){0};
}

const char *const ocol_names[OCOL_COUNT] = {
	"created_at", "first_name", "last_name",    "phone",   "email",  "postcode",
	"roles",      "availability", "contact_time", "consent_share", "event", "kiosk",
	"programme",  "call_status", "call_note",   "call_set_by", "call_set_at", "clock_synced"};

static char *str_of(const cJSON *a, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, key);
	if (cJSON_IsString(v))
		return strdup(v->valuestring);
	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "yes" : "no");
	if (!cJSON_IsArray(v))
		return NULL;
	struct obuf b = {0};
	const cJSON *i;
	cJSON_ArrayForEach(i, v)
		if (cJSON_IsString(i)) {
			if (b.len)
				ob_put(&b, ", ");
			ob_put(&b, i->valuestring);
		}
	if (!b.p || b.nomem) {
		ob_wipe(&b);
		return NULL;
	}
	return b.p;	/* the caller wipes and frees */
}

void ocols(const struct orow *r, char *out[OCOL_COUNT])
{
	static const char *const keys[] = {"first_name", "last_name", "phone", "email",
					    "postcode", "roles", "availability", "contact_time",
					    "consent_share"};
	out[0] = r->created_at ? strdup(r->created_at) : NULL;
	for (int i = 0; i < 9; i++)
		out[1 + i] = r->a ? str_of(r->a, keys[i]) : NULL;
	const char *rest[] = {r->event,	 r->kiosk,  r->programme, r->status ? r->status : "new",
			      r->note,	 r->set_by, r->set_at};
	for (int i = 0; i < 7; i++)
		out[10 + i] = rest[i] ? strdup(rest[i]) : NULL;
	out[17] = r->clock_synced < 0 ? NULL : strdup(r->clock_synced ? "yes" : "no");
}

void ocols_free(char *out[OCOL_COUNT])
{
	for (int i = 0; i < OCOL_COUNT; i++) {
		seal_wipe_free(out[i]);
		out[i] = NULL;
	}
}

char *olist_ids(const struct olist *l)
{
	struct obuf b = {0};
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			ob_put(&b, " ");
		ob_put(&b, l->v[i].id);
	}
	if (b.nomem) {
		ob_wipe(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}
