/*
 * slip_job: printing a slip for a screen (slip_job.h).
 */
#include "scenes/slip_job.h"

#include "print/printer.h"

#include <stdio.h>
#include <stdlib.h>

void slip_job_drop(struct slip_job *j)
{
	if (j->x)
		job_cancel(j->q, &j->x->job);
	j->x = NULL;
}

static const char *fail_key(int err)
{
	switch (err) {
	case PRINTER_NO_PAPER:
	case PRINTER_TIMEOUT:
		return "course.print.no_paper";
	case PRINTER_OPEN:
	case PRINTER_CONNECT:
	case PRINTER_WRITE:
	case PRINTER_NO_TARGET:
		return "course.print.unplugged";
	case PRINTER_BUSY:
		return "course.print.busy";
	default:
		return "course.print.failed";
	}
}

static void failed(struct slip_job *j, const char *what, const char *why, int err)
{
	fprintf(stderr, "carekiosk: printing failed (%s): %s\n", what, why);
	j->st = SLIP_FAILED;
	j->fail_key = fail_key(err);
	j->fail_open = true;
}

bool slip_job_printer(const struct app *app)
{
	return app->content.cfg.printer && *app->content.cfg.printer;
}

/* On the UI thread, when the print job is handed back (job.h). */
static void print_done(struct job *job, void *owner, void *ctx)
{
	struct print_job *pj = (struct print_job *)job;
	struct slip_job *j = owner;
	j->x = NULL;	/* the queue frees it after this */
	if (pj->err == PRINTER_OK) {
		j->st = SLIP_DONE;
		app_count(ctx, "course.slip", j->programme);
	} else
		failed(j, pj->target, printer_strerror(pj->err), pj->err);
}

void slip_job_start(struct app *app, struct slip_job *j, const struct slip *sl)
{
	const struct escpos_opts o = {app->content.cfg.printer_paper_mm, app->content.cfg.printer_native_qr};
	struct escpos_buf b = {0};
	enum escpos_err e = escpos_slip(&b, sl, &o);
	if (e != ESCPOS_OK) {
		escpos_buf_free(&b);
		failed(j, "slip", escpos_strerror(e), -1);
		return;
	}
	struct print_job *pj = NULL;
	enum printer_err pe = print_job_new(app->content.cfg.printer, &b, &pj);
	if (pe != PRINTER_OK) {
		failed(j, "start", printer_strerror(pe), pe);
		return;
	}
	pj->job.done = print_done;
	slip_job_drop(j);	/* an earlier job, if any */
	enum job_err je = job_start(app->jobs, &pj->job, j);
	if (je != JOB_OK) {
		failed(j, "start", job_strerror(je), PRINTER_NOMEM);
		return;
	}
	j->q = app->jobs;
	j->x = pj;
	j->st = SLIP_PRINTING;
}

int slip_job_area(struct app *app, struct slip_job *j, struct ui *ui, struct ui_rect r, bool draw,
		  bool *print)
{
	if (print)
		*print = false;
	if (!slip_job_printer(app))
		return 0;
	const char *msg = j->st == SLIP_PRINTING ? app_str(app, "course.printing")
			  : j->st == SLIP_DONE	   ? app_str(app, "course.printed")
						   : NULL;
	return ui_action_area(ui, r, app_str(app, "course.print"), "print", msg, draw, print);
}

bool slip_job_dialog(struct app *app, struct slip_job *j, struct ui *ui)
{
	if (j->st != SLIP_FAILED || !j->fail_open)
		return false;
	const struct ui_dialog d = {
		.title = app_str(app, j->fail_key),
		.button = {app_str(app, "course.print_again"), app_str(app, "course.print_ok")},
		.style = {UI_STYLE_ACCENT, UI_STYLE_SECONDARY},
		.alert = true,
		.name = {"print-again", "print-ok"},
	};
	int answer = ui_dialog(ui, &d);
	if (answer)
		j->fail_open = false;
	return answer == 1;
}
