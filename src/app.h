/*
 * app: the one context that owns the kiosk's state, the scene machine and
 * the main loop. Scenes receive it explicitly; nothing is global.
 *
 * Threads: the app is touched only on the UI thread. Other threads (the
 * uploader, the printer) reach it only through app_wake().
 *
 * Scenes see the platform only through the app (time, wake-ups): app.h
 * forward-declares struct pf, and scenes cannot include platform.h.
 */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include "content/config.h"
#include "content/programmes.h"
#include "content/roles.h"
#include "speech/speech.h"
#include "store/store.h"
#include "content/strtab.h"
#include "job/job.h"
#include "ui/ui.h"
#include "net/uploader.h"
#include "report/report.h"

#include <stdbool.h>
#include <stdint.h>

struct pf;
struct pf_event;

enum scene_id {
	SCENE_ATTRACT,
	SCENE_HOME,
	SCENE_ROLES,
	SCENE_ROLE,
	SCENE_QUIZ,
	SCENE_QUIZ_RESULT,
	SCENE_FORM,
	SCENE_THANKS,
	SCENE_COURSES,
	SCENE_COURSE,
	SCENE_STAFF,
	SCENE_COUNT,
};

struct app;

/* A screen. The app allocates state_size zeroed bytes on enter and wipes
 * and frees them after leave, so a scene's state never outlives it. */
struct scene {
	const char *name;	/* as in `expect-scene` and `dump` */
	size_t state_size;
	void (*enter)(struct app *app, void *state, const char *arg);
	void (*leave)(struct app *app, void *state);
	/* A key the ui did not use; return true if handled. */
	bool (*key)(struct app *app, void *state, const struct ui_event *ev);
	/* Lays out and draws the screen; handles activations. No I/O here:
	 * what the screen reads (a count, a check) belongs in update. */
	void (*draw)(struct app *app, void *state, struct ui *ui);
	/* Outside drawing: after enter, whenever another thread woke the loop
	 * (a job handed back, the uploader's status moved), when the scene
	 * asked with app_update_soon(), and at the time it last returned.
	 * Returns when it wants to be called next (0 = only for those). */
	uint64_t (*update)(struct app *app, void *state, uint64_t now);
};

/* What one visitor has done this visit; wiped on idle reset, when the
 * visitor goes home from the thank-you screen, and at exit. */
struct visit {
	char role_id[64];	/* the role a form should pre-select */
	bool quiz_done;		/* a quiz was finished this visit */
	char quiz_summary[1024];/* short text the form may attach, with consent */
	char programme[32];	/* routing result for the thank-you screen */
	/* The last finished quiz, from the quiz screen to quiz-result: the
	 * profile only, never the answers (src/scenes/quiz.c fills it). */
	struct visit_quiz {
		char character[32];		/* character id */
		unsigned char nvalues;		/* as in quiz/values.json */
		unsigned char score[8];		/* 0..100 per value, in file order */
		signed char strong[2], weak;	/* value indexes */
		unsigned char nroles;
		char roles[3][64];		/* suggested role ids */
	} quiz;
};

struct app {
	struct config cfg;
	struct strtab str;
	struct pf *pf;
	struct ui ui;
	char *asset_dir;
	char *data_dir;

	const struct scene *scene;
	enum scene_id scene_id;
	void *state;
	bool has_pending;
	enum scene_id pending;
	char pending_arg[128];

	uint64_t last_input;
	bool idle_warning;
	uint64_t warn_started;

	struct visit visit;
	bool quit;
	/* screen.off_hours: the screen is dark (black, nothing drawn) while
	 * nobody uses it out of hours; the touch that wakes it presses
	 * nothing, up to its release (swallow_up). */
	bool dark, swallow_up;

	/* The leads queue (NULL if it could not be opened: the form then
	 * says so and staff see why). Opened at start in data_dir, and again
	 * by app_store() whenever it is needed until that works. */
	struct store *store;
	enum store_err store_err;
	/* Role previews, loaded and validated at start. */
	struct roles roles;
	/* programmes.json, loaded and validated at start (course-dates pages
	 * from an old kiosk.json's courses.url_* applied). */
	struct programmes programmes;
	/* The upload thread (NULL when not set up or headless without a URL).
	 * Scenes call app_lead_saved() after committing a lead. */
	struct uploader *uploader;
	/* Work on other threads (job/job.h): printing, the reachability
	 * check, staff export and check. Their results come back through
	 * job_queue_poll() when the loop wakes; scenes start jobs with
	 * job_start(app->jobs, ...) and cancel theirs in leave(). */
	struct job_queue *jobs;
	uint64_t update_at;	/* when the scene's update is due (0 = not) */
	/* Read-aloud (kiosk.json read_aloud.command): the Listen button on
	 * visitor screens. Stopped on every scene change and at exit. */
	struct speech speech;

	/* Anonymous counts (report/report.h): app_count() and friends. */
	struct report report;

	/* Frame times for the benchmark (CAREKIOSK_FRAME_STATS=1). */
	uint32_t *frame_us;
	size_t nframes, frames_cap;
};

struct app_opts {
	const char *config_dir;
	const char *data_dir;
	const char *asset_dir;
	int width, height;	/* 0 = from config */
	bool windowed;
	bool headless;
	int64_t wall_start_ms;
};

/* Loads config and strings and opens the display. Exit codes for main:
 * 0 ok, 2 bad config or content (printed to stderr), 3 no display. */
int app_open(struct app *app, const struct app_opts *opts);
void app_close(struct app *app);

/* The UI text for a key in kiosk-config/strings/. */
const char *app_str(const struct app *app, const char *key);
/* The event tag new leads carry: staff mode's (kv "event.tag") if set,
 * else kiosk.json's. Written into out (always terminated); returns out. */
char *app_event_tag(struct app *app, char *out, size_t n);
/* The leads queue, opened now if it could not be before (a disk full or a
 * data folder missing at start is no reason to refuse every lead until a
 * restart); NULL, with app->store_err saying why, if it still cannot. */
struct store *app_store(struct app *app);
/* Counts one name/item under the event tag and hour (report/report.h;
 * the names are listed in README.md, "Counting visits"). Memory only: a
 * tap never waits. app_count_once: at most once per visit. */
void app_count(struct app *app, const char *name, const char *item);
void app_count_once(struct app *app, const char *name, const char *item);
/* Tells the uploader a new lead is waiting. */
void app_lead_saved(struct app *app);
/* Unix ms now: real, or the virtual clock headless (--today). */
int64_t app_wall_ms(const struct app *app);
/* Now for the staff PIN's lockout (store/pin.h): the wall clock and the
 * boot clock (CLOCK_BOOTTIME and this boot's id; headless, the virtual
 * clock, a "boot" per run), so a lock holds when the wall clock jumps. */
struct pin_time;
void app_pin_time(const struct app *app, struct pin_time *t);
/* Milliseconds since start on the UI's clock (virtual headless). */
uint64_t app_now_ms(const struct app *app);
/* True when running without a display (tests, the demo). */
bool app_headless(const struct app *app);
/* The visit's language's text style (platform.h's struct pf_text_style:
 * direction, script, font files, line height), set by the app when the
 * language changes; NULL = the default (left to right, Noto Sans). A
 * missing font is logged (stderr) and Noto Sans used for it. */
struct pf_text_style;
void app_set_text_style(struct app *app, const struct pf_text_style *st);
/* Any thread: wakes the UI loop. pf is app->pf (a thread keeps that, not
 * the app). */
void app_wake(struct pf *pf);

/* Runs the scene's update before the next frame (something it shows
 * changed: a saved tag, a PIN accepted). */
void app_update_soon(struct app *app);
/* Test driver: waits (real time, at most timeout_ms) until no job is
 * running, then hands their results back. True if none is left running. */
bool app_wait_jobs(struct app *app, int timeout_ms);

/* Switches scene after the current frame; arg is passed to enter(). */
void app_goto(struct app *app, enum scene_id id, const char *arg);
/* Forgets the visitor: wipes what they entered and returns to attract. */
void app_reset_visit(struct app *app);

/* One input event (from the display or a script). */
void app_event(struct app *app, const struct pf_event *ev);
/* Fires timers due now (idle warning and reset, held presses). */
void app_tick(struct app *app);
/* Draws if anything changed; applies scene switches. */
void app_frame_if_dirty(struct app *app);
void app_frame(struct app *app);
/* Earliest time something must happen (0 = nothing). Headless ignores
 * pure animation frames. */
uint64_t app_next_deadline(const struct app *app);

/* Runs the interactive kiosk until quit. Returns the exit code. */
int app_run(struct app *app);

#endif
