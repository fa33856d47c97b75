/*
 * receiver_office_leads.c: "Leads to call": the filter form, the unlock box
 * while sealed leads are unread, one row per lead (newest first) with its
 * call status form; and the POST that sets a call status.
 */
#include "receiver_office_list.h"

#include "receiver_check.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void choice(struct obuf *b, const char *name, const char *label, const struct oset *set,
		   const char *const *ids, const char *const *labels, size_t n, const char *cur)
{
	ob_printf(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">"
		     "<option value=\"\">All</option>", name, label, name, name);
	for (size_t i = 0; i < n; i++) {
		const char *id = set ? set->v[i] : ids[i];
		ob_put(b, "<option value=\"");
		oh_esc(b, id);
		ob_put(b, !strcmp(id, cur) ? "\" selected>" : "\">");
		oh_esc(b, set ? id : labels[i]);
		ob_put(b, "</option>");
	}
	ob_put(b, "</select></div>");
}

static void date_in(struct obuf *b, const char *name, const char *label, const char *cur)
{
	ob_printf(b, "<div><label for=\"f-%s\">%s</label><input type=\"date\" id=\"f-%s\" "
		     "name=\"%s\" value=\"", name, label, name, name);
	oh_esc(b, cur);
	ob_put(b, "\"></div>");
}

static void filters(struct obuf *b, const struct olist *l, const struct ofilter *f)
{
	ob_put(b, "<form class=\"filters\" method=\"get\" action=\"/office/\">");
	choice(b, "event", "Event", &l->events, NULL, NULL, l->events.n, f->event);
	choice(b, "kiosk", "Kiosk", &l->kiosks, NULL, NULL, l->kiosks.n, f->kiosk);
	choice(b, "programme", "Programme", &l->programmes, NULL, NULL, l->programmes.n,
	       f->programme);
	choice(b, "role", "Role", &l->roles, NULL, NULL, l->roles.n, f->role);
	date_in(b, "from", "From", f->from);
	date_in(b, "to", "To", f->to);
	choice(b, "status", "Call status", NULL, ocall_ids, ocall_labels, OCALL_COUNT, f->status);
	ob_put(b, "<div><button>Show</button></div><div><a href=\"/office/\">Clear</a></div>"
		  "</form>");
}

static void td(struct obuf *b, const char *head, const char *v)
{
	ob_printf(b, "<td data-h=\"%s\">", head);
	oh_esc(b, v);
	ob_put(b, "</td>");
}

static void call_form(struct obuf *b, const struct osession *s, const struct orow *r,
		      const char *query)
{
	ob_put(b, "<form class=\"call\" method=\"post\" action=\"/office/call\">"
		  "<input type=\"hidden\" name=\"csrf\" value=\"");
	oh_esc(b, s->csrf);
	ob_put(b, "\"><input type=\"hidden\" name=\"id\" value=\"");
	oh_esc(b, r->id);
	ob_put(b, "\"><input type=\"hidden\" name=\"q\" value=\"");
	oh_esc(b, query);
	ob_put(b, "\"><select name=\"status\" aria-label=\"Call status\">");
	for (int i = 0; i < OCALL_COUNT; i++) {
		ob_printf(b, "<option value=\"%s\"%s>%s</option>", ocall_ids[i],
			  !strcmp(ocall_ids[i], r->status ? r->status : "new") ? " selected" : "",
			  ocall_labels[i]);
	}
	ob_put(b, "</select><input type=\"text\" name=\"note\" maxlength=\"200\" "
		  "aria-label=\"Note\" placeholder=\"Note\" value=\"");
	oh_esc(b, r->note);
	ob_put(b, "\"><button>Save</button></form>");
}

static void row(struct obuf *b, const struct osession *s, const struct orow *r,
		const char *query)
{
	char *v[OCOL_COUNT];
	ocols(r, v);
	char when[20] = "";
	if (r->created_at)
		snprintf(when, sizeof when, "%.10s %.5s", r->created_at,
			 strlen(r->created_at) > 11 ? r->created_at + 11 : "");
	ob_printf(b, "<tr class=\"st-%s\">", r->status ? r->status : "new");
	ob_put(b, "<td data-h=\"Left details\">");
	oh_esc(b, when);
	/* A Raspberry Pi has no real-time clock: say when its time was a guess. */
	if (r->clock_synced == 0)
		ob_put(b, "<div class=\"meta clock-unsynced\">Kiosk clock not set from the internet:"
			  " the time may be wrong</div>");
	ob_put(b, "</td>");
	ob_put(b, "<td data-h=\"Name\">");
	if (r->deleted)
		ob_put(b, "<em>Details deleted at the visitor's request</em>");
	else if (r->sealed)
		ob_put(b, "<em>Sealed: unlock to read</em>");
	else {
		ob_put(b, "<strong>");
		oh_esc(b, v[1]);
		ob_put(b, " ");
		oh_esc(b, v[2]);
		ob_put(b, "</strong>");
	}
	ob_put(b, "</td><td data-h=\"Phone\">");
	if (v[3] && *v[3]) {
		ob_put(b, "<a href=\"tel:");
		for (const char *p = v[3]; *p; p++)
			if ((*p >= '0' && *p <= '9') || *p == '+')
				ob_putn(b, p, 1);
		ob_put(b, "\">");
		oh_esc(b, v[3]);
		ob_put(b, "</a>");
	}
	ob_put(b, "</td>");
	td(b, "Email", v[4]);
	td(b, "Postcode", v[5]);
	td(b, "Roles", v[6]);
	td(b, "Availability", v[7]);
	td(b, "Best time to call", v[8]);
	td(b, "Share with partners", v[9]);
	ob_put(b, "<td data-h=\"From\">");
	oh_esc(b, v[10]);
	ob_put(b, "<div class=\"meta\">");
	oh_esc(b, v[11]);
	if (v[12]) {
		ob_put(b, " &middot; ");
		oh_esc(b, v[12]);
	}
	ob_put(b, "</div></td><td data-h=\"Call\">");
	if (!r->deleted)
		call_form(b, s, r, query);
	else
		oh_esc(b, ocall_label("deleted"));
	if (r->set_by) {
		ob_put(b, "<div class=\"meta\">");
		oh_esc(b, ocall_label(r->status));
		ob_put(b, " by ");
		oh_esc(b, r->set_by);
		ob_put(b, ", ");
		oh_esc(b, r->set_at);
		ob_put(b, "</div>");
	}
	ob_put(b, "</td></tr>\n");
	ocols_free(v);
}

static void unlock_box(struct obuf *b, const struct osession *s, const struct olist *l)
{
	ob_printf(b, "<form class=\"box warn\" method=\"post\" action=\"/office/unlock\">"
		     "<p>%ld lead%s here %s sealed. Type the office key's passphrase to read them "
		     "during this session.</p><input type=\"hidden\" name=\"csrf\" value=\"",
		  l->sealed, l->sealed == 1 ? "" : "s", l->sealed == 1 ? "is" : "are");
	oh_esc(b, s->csrf);
	ob_put(b, "\"><label for=\"passphrase\">Passphrase</label><input type=\"password\" "
		  "id=\"passphrase\" name=\"passphrase\" autocomplete=\"off\" required>"
		  "<p><button>Unlock</button></p></form>");
}

enum MHD_Result office_leads_page(struct office *o, struct MHD_Connection *c,
				  struct osession *s, const char *notice)
{
	struct ofilter f;
	struct olist l;
	struct obuf b = {0}, q = {0};
	char err[300];
	ofilter_read(c, &f);
	ofilter_query(&f, &q);
	int rc = olist_load(o, s, &f, &l, err, sizeof err);
	oh_head(&b, "Leads to call", s);
	if (rc) {
		fprintf(stderr, "carekiosk-receiver: office leads: %s\n", err);
		ob_put(&b, "<p class=\"err\">The leads cannot be read now: the database did not "
			   "answer. Try again in a minute.</p>");
	}
	if (notice) {
		ob_put(&b, "<p class=\"err\">");
		oh_esc(&b, notice);
		ob_put(&b, "</p>");
	}
	if (l.sealed)
		unlock_box(&b, s, &l);
	filters(&b, &l, &f);
	ob_printf(&b, "<p class=\"actions\">%zu of %ld lead%s. <a href=\"/office/export.csv%s",
		  l.n, l.total, l.total == 1 ? "" : "s", q.len ? "?" : "");
	oh_esc(&b, q.p);
	ob_printf(&b, "\">Download CSV</a><a href=\"/office/export.xlsx%s", q.len ? "?" : "");
	oh_esc(&b, q.p);
	ob_put(&b, "\">Download Excel (XLSX)</a></p>");
	ob_put(&b, "<table><thead><tr><th>Left details</th><th>Name</th><th>Phone</th>"
		   "<th>Email</th><th>Postcode</th><th>Roles</th><th>Availability</th>"
		   "<th>Best time to call</th><th>Share with partners</th><th>From</th>"
		   "<th>Call</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < l.n; i++)
		row(&b, s, &l.v[i], q.p ? q.p : "");
	ob_put(&b, "</tbody></table>");
	oh_tail(&b);
	char *ids = olist_ids(&l);
	if (l.n)
		office_audit(o, s, "view", ids);
	free(ids);
	olist_free(&l);
	ob_wipe(&q);
	return office_send(c, rc ? 503 : 200, "text/html; charset=utf-8", &b, NULL, NULL, NULL);
}

/* Only what ofilter_query() writes may go back into a Location. */
static bool query_ok(const char *q)
{
	return strspn(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%&=") ==
	       strlen(q);
}

enum MHD_Result office_call_post(struct office *o, struct MHD_Connection *c,
				 struct osession *s, const char *body, size_t len)
{
	char id[40], status[20], note[801] = "", q[1200] = "", err[300], loc[1300];
	if (!office_form(body, len, "id", id, sizeof id) || !rcheck_uuid(id) ||
	    !office_form(body, len, "status", status, sizeof status) || !ocall_label(status) ||
	    (office_form_has(body, len, "note") && !office_form(body, len, "note", note, sizeof note)) ||
	    (office_form_has(body, len, "q") &&
	     (!office_form(body, len, "q", q, sizeof q) || !query_ok(q)))) {
		struct obuf b = {0};
		ob_put(&b, "Refused: the form is not complete or too long.\n");
		return office_send(c, 400, "text/plain; charset=utf-8", &b, NULL, NULL, NULL);
	}
	bool del = !strcmp(status, "deleted");
	struct rcall call = {id, status, del || !*note ? NULL : note, s->user, NULL};
	int rc = o->store->ops->call_put(o->store, &call, err, sizeof err);
	int gone = rc || !del ? 0 : o->store->ops->lead_forget(o->store, id, err, sizeof err);
	explicit_bzero(note, sizeof note);
	if (rc || gone < 0) {
		fprintf(stderr, "carekiosk-receiver: office call status of %s: %s\n", id, err);
		struct obuf b = {0};
		ob_put(&b, "The database did not answer: nothing was changed. Go back and try again.\n");
		return office_send(c, 503, "text/plain; charset=utf-8", &b, NULL, NULL, NULL);
	}
	office_audit(o, s, del ? "delete" : "change", id);
	snprintf(loc, sizeof loc, "/office/%s%s", *q ? "?" : "", q);
	return office_redirect(c, loc, NULL);
}
