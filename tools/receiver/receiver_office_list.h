/*
 * receiver_office_list: the leads the office pages show and export: read
 * from the store, opened with the session's key, joined with their call
 * status and filtered by the page's query (event, kiosk, programme, role,
 * dates, call status). Rows are newest first. Owned by tools/receiver.
 */
#ifndef RECEIVER_OFFICE_LIST_H
#define RECEIVER_OFFICE_LIST_H

#include "receiver_office.h"

struct cJSON;

/* The call statuses, in the order the page offers them. */
#define OCALL_COUNT 6
extern const char *const ocall_ids[OCALL_COUNT];
extern const char *const ocall_labels[OCALL_COUNT];
/* The label of a status id ("new" for NULL); NULL if unknown. */
const char *ocall_label(const char *id);

struct ofilter {
	char event[201], kiosk[65], programme[65], role[65], from[11], to[11], status[20];
};

struct orow {
	char *id, *created_at, *event, *kiosk, *programme;
	int clock_synced;	/* the kiosk's clock was synchronised: 1, 0, -1 not known */
	bool sealed;		/* still sealed: no key for this session, or it did not open */
	bool deleted;		/* the visitor asked to be deleted */
	struct cJSON *a;	/* the answers; NULL when sealed or deleted */
	char *status, *note, *set_by, *set_at;	/* NULL: never set */
};

struct oset {
	char **v;
	size_t n;
};

struct olist {
	struct orow *v;
	size_t n, cap;
	long total, sealed;	/* all leads; those still sealed (in the filter) */
	struct oset events, kiosks, programmes, roles;	/* for the filter's choices */
	bool nomem;
};

/* Reads the filter from the request's query. */
void ofilter_read(struct MHD_Connection *c, struct ofilter *f);
/* The filter as a query string ("event=...&..."), %-encoded, into b. */
void ofilter_query(const struct ofilter *f, struct obuf *b);

/* Fills l. 0, or -1 (err filled: a storage error). */
int olist_load(struct office *o, const struct osession *s, const struct ofilter *f,
	       struct olist *l, char *err, size_t n);
/* Wipes the personal data and frees. */
void olist_free(struct olist *l);

/* The columns of a row as the exports write them. */
#define OCOL_COUNT 18
extern const char *const ocol_names[OCOL_COUNT];
/* The row's cell texts; strings malloc'd (NULL = empty): ocols_free(). */
void ocols(const struct orow *r, char *out[OCOL_COUNT]);
void ocols_free(char *out[OCOL_COUNT]);

/* The ids of l's rows, space-separated, for the audit log (malloc'd). */
char *olist_ids(const struct olist *l);

#endif
