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

#include "content/bundle.h"
#include "content/config.h"
#include "content/programmes.h"
#include "content/roles.h"
#include "speech/speech.h"
#include "store/store.h"
#include "content/strtab.h"
#include "job/job.h"
#include "ui/ui.h"
#include "net/content_fetch.h"
#include "net/uploader.h"
#include "report/report.h"

#include <stdbool.h>
#include <stdint.h>

struct pf;
struct pf_event;
struct td_job;
struct content_job;
struct td_status;

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
	/* Everything from kiosk-config/, loaded and validated once at start
	 * (content/bundle.h); replaced whole when the attract screen shows
	 * and a file has changed, if the new one has no problems. Scenes read
	 * it here and never open a file. Settings that act at start (display,
	 * upload, read-aloud, theme) take effect at the next start. */
	struct bundle content;
	/* The language on screen (index in content.langs; app_lang.c), and
	 * each language's keyboards as ui_keyboard() takes them (built with
	 * the bundle). lang_picker: the picker dialog is open. */
	int lang;
	bool lang_applied, lang_picker;
	/* The visit's larger text and high contrast (the picker's switches);
	 * off again at the idle reset, the end of a visit and in staff mode. */
	bool larger_text, high_contrast;
	struct app_kb {
		struct ui_kb_set set;
		void *mem;
	} *kb;
	size_t nkb;
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
	/* The upload thread (NULL when not set up or headless without a URL).
	 * Scenes call app_lead_saved() after committing a lead. */
	struct uploader *uploader;
	/* The database, clock, purge, uploader and content fetch are set up
	 * once the first frame is shown (app.c, open_after_first_frame);
	 * start_uploader: whether the upload thread is wanted then. */
	bool opened, start_uploader;
	/* Work on other threads (job/job.h): printing, the reachability
	 * check, staff export and check. Their results come back through
	 * job_queue_poll() when the loop wakes; scenes start jobs with
	 * job_start(app->jobs, ...) and cancel theirs in leave(). */
	struct job_queue *jobs;
	uint64_t update_at;	/* when the scene's update is due (0 = not) */
	size_t content_problems;	/* of the last reload that was refused */
	/* Content changed while a job ran (one may hold a part of it): the
	 * attract screen takes it in when the last job has ended. */
	bool reload_waiting;
	/* Read-aloud (kiosk.json read_aloud.command): the Listen button on
	 * visitor screens. Stopped on every scene change and at exit. */
	struct speech speech;

	/* The clock (app_clock.c): timedated's last answer for new leads,
	 * and the newest wall time seen, to tell a clock that went back. */
	struct app_clock {
		enum store_clock synced;	/* last known; unknown at first */
		struct td_job *job;		/* a read running */
		uint64_t read_at;		/* UI ms of the last answer or try */
		bool tried;			/* read_at is set */
		int64_t newest_ms;		/* newest wall time seen (0 = none) */
		int64_t noted_ms;		/* when it was last written to kv */
		bool said;			/* "went back" is in the log */
	} clock;

	/* The office's signed content (app_content.c): what runs, what waits
	 * (st, data/content/state as last read or written), the fetch job. */
	struct app_content {
		struct content_job *job;	/* a fetch running */
		bool set_up, curl;		/* content.public_key and a URL */
		uint64_t next_at;		/* UI ms of the next fetch (0 = none) */
		long running;			/* the version on screen (0 = config folder) */
		struct content_state st;
		bool asked;			/* a fetch has ended since start */
		enum content_fetch_result last;	/* its result, and why */
		char why[CONTENT_WHY_LEN];
	} cfetch;

	/* Pictures of the likely next screens, rasterised ahead while idle
	 * (app_prefetch.c): the screens still to rehearse, the job running.
	 * rehearsing: a scene is being drawn unseen, so app_count, app_goto
	 * and app_update_soon do nothing. */
	struct app_prefetch {
		enum scene_id next[4];
		size_t n, at;
		struct job *job;
	} prefetch;
	bool rehearsing;

	/* Anonymous counts (report/report.h): app_count() and friends. */
	struct report report;
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

/* The UI text for a key in kiosk-config/strings/, in the language on
 * screen (English where it has none; the key itself if English has none). */
const char *app_str(const struct app *app, const char *key);

/* Languages (app_lang.c). The content a visitor sees, in the language on
 * screen: scenes read roles, quiz, form and keyboards only through these. */
const struct roles *app_roles(const struct app *app);
const struct quiz *app_quiz(const struct app *app, int *nquiz);
const struct form_content *app_form(const struct app *app);
const struct ui_kb_set *app_kbset(const struct app *app);
int app_lang(const struct app *app);
size_t app_lang_count(const struct app *app);
/* Language i's name, direction, voice... (i out of range: the default's). */
const struct lang_info *app_lang_info(const struct app *app, int i);
/* Puts language i on screen: words, direction, read-aloud voice. */
void app_set_lang(struct app *app, int i);
/* Larger text (every font 1.35x, from ui_set_theme) and high contrast
 * (text at 7:1 or more) for this visit; both off: kiosk.json's theme. */
void app_set_access(struct app *app, bool larger_text, bool high_contrast);
/* Back to kiosk.json's language (idle reset, end of visit, staff mode). */
void app_lang_default(struct app *app);
/* A date as the language writes it ("courses.date": weekday, day, month
 * in its in-date form where the language has one, year). */
void app_date(const struct app *app, int y, int m, int d, char *out, size_t n);
/* A course's date and times, "<date>, 09:30-15:00", as the language
 * writes the date. */
void app_course_when(const struct app *app, const struct course *c, char *out, size_t n);
/* The weekday (0 = Sunday) and month (0 = January) names on screen. */
void app_day_names(const struct app *app, const char *days[7], const char *months[12]);
/* A row of buttons, one per language in its own name and script, filling
 * r; true in the frame one is tapped (that language is then on screen).
 * Draws nothing with one language. */
bool app_lang_row(struct app *app, struct ui *ui, struct ui_rect r);
/* The picker dialog the top bar's language button opens (app_frame). */
void app_lang_picker(struct app *app, struct ui *ui);
/* Builds each language's keyboards and sets the default on screen; and
 * frees them. (app.c, with the bundle.) */
bool app_lang_build(struct app *app);
void app_lang_free(struct app *app);
/* Loads the content again and swaps it in if it has no problems; with
 * problems the old bundle stays, they are logged as file:line, and the
 * count is kept in content_problems for staff. Only where no scene holds
 * pointers into the bundle (the attract screen's enter, or staff mode
 * before it returns there). Returns the problems found (0 = swapped). */
size_t app_reload_content(struct app *app);
/* The same from content_dir (kiosk.json stays the config folder's); the
 * first problem, without the folder, into why (may be NULL). */
size_t app_reload_dir(struct app *app, const char *content_dir, char *why, size_t n);
/* The office's content (app_content.c). app_content_load: at start, the
 * bundle from the newest good data/content/v<N>, else the config folder
 * (the problems of the config folder's in diag, as bundle_load). waiting:
 * a newer version is unpacked for the next attract screen; switch takes
 * it in (or reloads the running folder when a file changed), returning
 * the problems (0 = swapped). fetch_now: asks the office now (staff),
 * false if it could not start. busy: a fetch runs. open/tick/deadline/
 * close: for app.c's loop. */
int app_content_load(struct app *app, const char *config_dir, const char *asset_dir,
		     struct diag_list *diag, struct diag_list *skipped);
bool app_content_waiting(const struct app *app);
size_t app_content_switch(struct app *app);
bool app_content_fetch_now(struct app *app);
/* data/content/state was written elsewhere (a USB update staged a
 * version): read it again, and take a new version in at the attract screen. */
void app_content_reread(struct app *app);
bool app_content_busy(const struct app *app);
void app_content_open(struct app *app);
void app_content_tick(struct app *app);
uint64_t app_content_deadline(const struct app *app);
void app_content_close(struct app *app);
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
/* The clock (app_clock.c). app_clock_synced: timedated's last answer
 * (NTPSynchronized), for a new lead; never waits. app_clock_behind: the
 * wall clock is earlier than the newest time the kiosk has recorded (it
 * went back), with that time. app_clock_note: a read of timedated made
 * elsewhere (the staff clock screen). open/tick/close/deadline: for the
 * main loop. */
enum store_clock app_clock_synced(const struct app *app);
bool app_clock_behind(const struct app *app, int64_t *newest_ms);
void app_clock_note(struct app *app, const struct td_status *st);
void app_clock_open(struct app *app);
void app_clock_tick(struct app *app);
void app_clock_close(struct app *app);
uint64_t app_clock_deadline(const struct app *app);
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

/* The scene table's entry for id. */
const struct scene *app_scene(enum scene_id id);
/* Prefetch (app_prefetch.c): screen: a new screen is shown, plan its
 * likely successors; pending: a rehearsal is due (the loop then polls
 * instead of blocking, and calls step when no event came); step: rehearses
 * one screen and starts the job for its pictures; close: at exit. */
void app_prefetch_screen(struct app *app, enum scene_id shown);
bool app_prefetch_pending(const struct app *app);
void app_prefetch_step(struct app *app);
void app_prefetch_close(struct app *app);

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
