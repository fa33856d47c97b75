/*
 * printer: sending bytes to a receipt printer, and doing it off the UI thread.
 *
 * A target is a string from the kiosk config:
 *   "file:/path/slip.bin"  append the bytes to a file (tests, debugging)
 *   "/dev/usb/lp0"         any path starting "/dev/": a USB (usblp) or serial
 *                          printer device
 *   "tcp:host:9100"        a network printer's raw port ("tcp:[::1]:9100" for
 *                          IPv6 literals; the port defaults to 9100)
 *
 * Before a device or network printer gets the job it is asked for its paper
 * sensor status (ESC/POS real-time command DLE EOT 4). A printer that answers
 * "paper end" gets nothing and the job fails with PRINTER_NO_PAPER; one that
 * does not answer within half a second is assumed fine (many cannot answer).
 * Nothing blocks for ever: TCP connects time out after 3 s, and a printer that
 * accepts no data for 10 s fails with PRINTER_TIMEOUT (usually paper out or
 * cover open on printers that cannot report it).
 *
 * The job takes an exclusive flock() on the file or device, so two slips never
 * interleave; a second job meanwhile fails with PRINTER_BUSY.
 */
#ifndef KIOSK_PRINTER_H
#define KIOSK_PRINTER_H

#include <stddef.h>

#include "job/job.h"
#include "print/escpos.h"

enum printer_err {
	PRINTER_OK = 0,
	PRINTER_NO_TARGET, /* no printer configured, or the target is not understood */
	PRINTER_OPEN,      /* device or file missing (unplugged), or no permission */
	PRINTER_CONNECT,   /* network printer: unknown host, refused, unreachable */
	PRINTER_WRITE,     /* the device or connection failed while sending */
	PRINTER_TIMEOUT,   /* the printer stopped taking data, or connect timed out */
	PRINTER_NO_PAPER,  /* the printer reported its paper roll empty */
	PRINTER_BUSY,      /* another job is printing on this target */
	PRINTER_NOMEM,     /* could not allocate or start the print thread */
};

/* Short English for logs and the staff screen, never NULL. Visitor-facing
 * wording belongs in the strings file, keyed by the enum. */
const char *printer_strerror(enum printer_err e);

/* Sends len bytes to target and returns when they are handed over (or on the
 * first error). Blocks for up to about 15 s in the worst case: call it from
 * a job (print_job_new) or a command-line tool, never the UI
 * loop. Thread-safe; buf is only read. */
enum printer_err printer_send(const char *target, const void *buf, size_t len);

/*
 * A print job for the app's job queue (job/job.h): on the job's thread it
 * sends the bytes to target; err holds how it went once the job is done.
 * The caller sets job.done (and may set job.keeps_awake), then starts it
 * with job_start(), which owns it from then on.
 *
 * Ownership: the bytes in *buf always move: on return *buf is empty ({0})
 * whatever the result. target is copied. buf->err must be ESCPOS_OK (a
 * buffer whose building failed would print a partial slip). Returns
 * PRINTER_OK with *out set, or PRINTER_NO_TARGET (bad target string) or
 * PRINTER_NOMEM with *out NULL.
 */
struct print_job {
	struct job job;		/* first */
	char *target;
	struct escpos_buf buf;
	enum printer_err err;	/* the result, once run has returned */
};
enum printer_err print_job_new(const char *target, struct escpos_buf *buf, struct print_job **out);

#endif
