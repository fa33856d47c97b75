/*
 * receiver_office_export.c: the filtered leads as CSV (the receiver's
 * Excel-safe cells, receiver_csv.c) or XLSX (libxlsxwriter). A list with
 * leads still sealed is not exported: the page asks to unlock first. The
 * XLSX is written to an anonymous in-memory file (memfd), and
 * libxlsxwriter's working files go to /dev/shm where there is one, so the
 * personal data stays off the disk.
 */
#define _GNU_SOURCE
#include "receiver_office_list.h"

#include "receiver_check.h"

#include <sodium.h>
#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int csv(const struct olist *l, struct obuf *out)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (!f)
		return -1;
	fputs("\xEF\xBB\xBF", f);	/* a BOM: Excel then reads UTF-8 */
	for (int i = 0; i < OCOL_COUNT; i++)
		rcheck_csv_cell(f, ocol_names[i], false, i == 0);
	fputs("\r\n", f);
	for (size_t r = 0; r < l->n; r++) {
		char *v[OCOL_COUNT];
		ocols(&l->v[r], v);
		for (int i = 0; i < OCOL_COUNT; i++)
			rcheck_csv_cell(f, v[i], true, i == 0);
		fputs("\r\n", f);
		ocols_free(v);
	}
	int rc = fclose(f) ? -1 : 0;
	if (!rc)
		ob_putn(out, p, n);
	if (p) {
		sodium_memzero(p, n);
		free(p);
	}
	return rc || out->nomem ? -1 : 0;
}

static int xlsx(const struct olist *l, struct obuf *out)
{
	int fd = memfd_create("carekiosk-export", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct stat st;
	lxw_workbook_options opt = {.tmpdir = stat("/dev/shm", &st) == 0 ? "/dev/shm" : NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "Leads") : NULL;
	int rc = -1;
	if (ws) {
		lxw_format *bold = workbook_add_format(wb);
		format_set_bold(bold);
		for (int i = 0; i < OCOL_COUNT; i++)
			worksheet_write_string(ws, 0, (lxw_col_t)i, ocol_names[i], bold);
		for (size_t r = 0; r < l->n; r++) {
			char *v[OCOL_COUNT];
			ocols(&l->v[r], v);
			/* Strings, never formulas: a name starting with = stays text. */
			for (int i = 0; i < OCOL_COUNT; i++)
				if (v[i])
					worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)i,
							       v[i], NULL);
			ocols_free(v);
		}
		worksheet_set_column(ws, 0, OCOL_COUNT - 1, 18, NULL);
	}
	if (wb && workbook_close(wb) == LXW_NO_ERROR && ws) {
		off_t size = lseek(fd, 0, SEEK_END);
		char buf[8192];
		ssize_t k;
		lseek(fd, 0, SEEK_SET);
		while (size > 0 && (k = read(fd, buf, sizeof buf)) > 0)
			ob_putn(out, buf, (size_t)k);
		sodium_memzero(buf, sizeof buf);
		rc = size > 0 && out->len == (size_t)size && !out->nomem ? 0 : -1;
	}
	close(fd);
	return rc;
}

enum MHD_Result office_export(struct office *o, struct MHD_Connection *c, struct osession *s,
			      bool as_xlsx)
{
	struct ofilter f;
	struct olist l;
	struct obuf b = {0};
	char err[300];
	ofilter_read(c, &f);
	int rc = olist_load(o, s, &f, &l, err, sizeof err);
	if (rc)
		fprintf(stderr, "carekiosk-receiver: office export: %s\n", err);
	if (rc || l.sealed) {
		olist_free(&l);
		oh_head(&b, "Export", s);
		ob_put(&b, rc ? "<p class=\"err\">The leads cannot be read now. Try again in a "
				"minute.</p>"
			      : "<p class=\"err\">Some of these leads are sealed. Unlock them on the "
				"<a href=\"/office/\">leads page</a> first, then export.</p>");
		oh_tail(&b);
		return office_send(c, rc ? 503 : 409, "text/html; charset=utf-8", &b, NULL, NULL,
				   NULL);
	}
	rc = as_xlsx ? xlsx(&l, &b) : csv(&l, &b);
	char *ids = olist_ids(&l);
	if (!rc)
		office_audit(o, s, as_xlsx ? "export-xlsx" : "export-csv", ids);
	free(ids);
	olist_free(&l);
	if (rc) {
		ob_wipe(&b);
		fprintf(stderr, "carekiosk-receiver: office export: cannot make the %s file\n",
			as_xlsx ? "XLSX" : "CSV");
		ob_put(&b, "The file could not be made. Try again.\n");
		return office_send(c, 500, "text/plain; charset=utf-8", &b, NULL, NULL, NULL);
	}
	return office_send(c, 200,
			   as_xlsx ? "application/vnd.openxmlformats-officedocument."
				     "spreadsheetml.sheet"
				   : "text/csv; charset=utf-8",
			   &b, NULL, NULL, as_xlsx ? "leads.xlsx" : "leads.csv");
}
