/*
 * form_send.c: turns the form's answers into the lead's JSON and commits
 * it.
 *
 * The answers object (keys are the export's columns, see export.h):
 *   first_name, last_name, phone, email, postcode   text ("" if not given)
 *   roles          role ids (and "not-sure")
 *   availability   time ids, then the hours id
 *   drives, benefits, heard_from, contact_time      option ids
 *   consent_contact, consent_share, include_quiz    true/false
 *   share_partners the partners named when consent_share was given
 *   quiz_summary   only when include_quiz
 * Ids, not labels, so exports do not change when the wording does.
 *
 * Privacy: cJSON copies every string; before the tree is freed each copy
 * is zeroed, and the JSON text is printed into a buffer we zero too.
 */
#include "scenes/form_int.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX (32 * 1024)

/* ---- The lead ---- */

/* The answers programmes.json's rules can name, as (question, id) pairs. */
static size_t route_answers(const struct app *app, const struct form_state *s,
			    struct programme_answer *a, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < app_roles(app)->n && i < FORM_MAX_ROLES && n < max; i++)
		if (s->role[i])
			a[n++] = (struct programme_answer){"roles", app_roles(app)->v[i].id};
	if (s->role_unsure && n < max)
		a[n++] = (struct programme_answer){"roles", "not-sure"};
	for (size_t i = 0; i < s->c->times.n && n < max; i++)
		if (s->times[i])
			a[n++] = (struct programme_answer){"availability", s->c->times.v[i].id};
	const struct {
		const char *q;
		const struct form_options *o;
		int one;
	} single[] = {{"availability", &s->c->hours, s->hours}, {"drives", &s->c->drives, s->drives},
		      {"benefits", &s->c->benefits, s->benefits},
		      {"heard_from", &s->c->heard_from, s->heard},
		      {"contact_time", &s->c->contact_time, s->ctime}};
	for (size_t i = 0; i < sizeof single / sizeof single[0] && n < max; i++)
		if (single[i].one > 0 && (size_t)single[i].one <= single[i].o->n)
			a[n++] = (struct programme_answer){single[i].q,
							   single[i].o->v[single[i].one - 1].id};
	return n;
}

const char *form_programme(const struct app *app, const struct form_state *s)
{
	struct programme_answer a[FORM_MAX_ROLES + FORM_MAX_OPTS + 8];
	size_t n = route_answers(app, s, a, sizeof a / sizeof a[0]);
	const struct programme *p = programmes_route(&app->content.programmes, a, n);
	return p ? p->id : "";
}

static const char *chosen(const struct form_options *o, int one)
{
	return one > 0 && (size_t)one <= o->n ? o->v[one - 1].id : "";
}

static void add_ids(cJSON *arr, const struct form_options *o, const bool *many, int one)
{
	for (size_t i = 0; i < o->n; i++)
		if (many ? many[i] : one == (int)i + 1)
			cJSON_AddItemToArray(arr, cJSON_CreateString(o->v[i].id));
}

static cJSON *answers(const struct app *app, const struct form_state *s)
{
	cJSON *a = cJSON_CreateObject();
	for (int f = 0; f < FF_COUNT; f++)
		cJSON_AddStringToObject(a, form_field_name(f), s->f[f].text);
	cJSON *roles = cJSON_AddArrayToObject(a, "roles");
	for (size_t i = 0; i < app_roles(app)->n && i < FORM_MAX_ROLES; i++)
		if (s->role[i])
			cJSON_AddItemToArray(roles, cJSON_CreateString(app_roles(app)->v[i].id));
	if (s->role_unsure)
		cJSON_AddItemToArray(roles, cJSON_CreateString("not-sure"));
	cJSON *avail = cJSON_AddArrayToObject(a, "availability");
	add_ids(avail, &s->c->times, s->times, 0);
	add_ids(avail, &s->c->hours, NULL, s->hours);
	cJSON_AddStringToObject(a, "drives", chosen(&s->c->drives, s->drives));
	cJSON_AddStringToObject(a, "benefits", chosen(&s->c->benefits, s->benefits));
	cJSON_AddStringToObject(a, "heard_from", chosen(&s->c->heard_from, s->heard));
	cJSON_AddStringToObject(a, "contact_time", chosen(&s->c->contact_time, s->ctime));
	cJSON_AddBoolToObject(a, "consent_contact", s->consent_contact);
	cJSON_AddBoolToObject(a, "consent_share", s->consent_share);
	if (s->consent_share) {
		cJSON *p = cJSON_AddArrayToObject(a, "share_partners");
		for (size_t i = 0; i < s->c->partners.n; i++)
			cJSON_AddItemToArray(p, cJSON_CreateString(s->c->partners.v[i]));
	}
	bool quiz = app->visit.quiz_done && s->include_quiz;
	cJSON_AddBoolToObject(a, "include_quiz", quiz);
	if (quiz)
		cJSON_AddStringToObject(a, "quiz_summary", app->visit.quiz_summary);
	return a;
}

/* Zeroes every string cJSON copied, then frees the tree. */
static void wipe_json(cJSON *node)
{
	for (cJSON *n = node; n; n = n->next) {
		if (n->valuestring)
			explicit_bzero(n->valuestring, strlen(n->valuestring));
		wipe_json(n->child);
	}
}

/* The event tag (app_event_tag); NULL when there is none. */
static const char *event_tag(struct app *app, char *out, size_t n)
{
	return *app_event_tag(app, out, n) ? out : NULL;
}

bool form_send(struct app *app, struct form_state *s)
{
	s->save_failed = false;
	cJSON *a = answers(app, s);
	char *json = calloc(1, JSON_MAX);
	enum store_err e = STORE_NOMEM;
	if (a && json && cJSON_PrintPreallocated(a, json, JSON_MAX, false)) {
		const struct config *c = &app->content.cfg;
		char tag[256];
		struct store_lead_in in = {
			.event = event_tag(app, tag, sizeof tag),
			.device = c->device_name,
			.app_version = KIOSK_VERSION,
			.content_version = s->c->version[0] ? s->c->version : NULL,
			.lang = app_lang_info(app, app_lang(app))->code,
			.programme = form_programme(app, s),
			.quiz_attached = app->visit.quiz_done && s->include_quiz,
			.clock = app_clock_synced(app),
			.answers_json = json,
		};
		char id[STORE_ID_LEN];
		e = app_store(app) ? store_add_lead(app->store, &in, app_wall_ms(app), id)
				   : app->store_err;
		if (!app->store && e == STORE_OK)
			e = STORE_IO;
	}
	if (json) {
		explicit_bzero(json, JSON_MAX);
		free(json);
	}
	if (a) {
		wipe_json(a);
		cJSON_Delete(a);
	}
	if (e != STORE_OK) {
		/* Staff see why in the log; the visitor's answers never go there. */
		fprintf(stderr, "carekiosk: could not save a lead: %s\n", store_strerror(e));
		s->save_failed = true;
		s->scroll = (struct ui_scroll){0};
		return false;
	}
	snprintf(app->visit.programme, sizeof app->visit.programme, "%s",
		 form_programme(app, s));
	app_lead_saved(app);
	app_count(app, "lead.sent", NULL);
	if (app->visit.quiz_done && s->include_quiz)
		app_count(app, "lead.quiz", app->visit.quiz.character);
	return true;
}
