/*
 * script: drives a headless kiosk from a test script, one step a line.
 *
 *   tap "Label" | tap X Y | longpress X Y MS | drag X1 Y1 X2 Y2
 *   type "text" | key Return|Backspace|Escape|Tab|Left|Right|Up|Down|Delete
 *   wait MS | wait-jobs [MS] | expect "text" | expect-not "text"
 *   expect-scene NAME | screenshot NAME | dump
 *
 * Before every step, a wake-up from another thread (a job handed back,
 * the uploader's status) is taken in and drawn, as the real loop does.
 *
 * Batch mode stops at the first failure and reports "NAME:LINE: what
 * failed" on stderr. Interactive mode (--script -) answers every step with
 * one line on stdout: "ok", "error: ..." or the dump's JSON.
 */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include "app.h"

#include <stdbool.h>
#include <stdio.h>

/* Returns 0 if every step passed, 1 otherwise. */
int script_run(struct app *app, FILE *in, const char *name, bool interactive,
	       const char *shots_dir);

#endif
