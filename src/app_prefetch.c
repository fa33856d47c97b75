/*
 * app_prefetch.c: the pictures of the screens a visitor is likely to open
 * next, rasterised ahead while the kiosk is idle, so a screen's first
 * visit draws as fast as a later one (issue 21: a cold tap rasterised its
 * SVGs on the tap, 28 ms at 1280x800 and 60 ms at 1920x1080).
 *
 * Where a picture goes, and so the size it is rasterised at, only the
 * screen's own layout knows. So the app rehearses the screen: on the UI
 * thread, with a fresh state and a ui of its own, it enters it, draws it
 * once with the platform rehearsing (platform.h, pf_probe_begin: nothing
 * drawn or recorded, text measured but not rendered, the pictures not yet
 * cached noted) and leaves it; while it rehearses the app counts nothing
 * and goes nowhere (app->rehearsing). A job then rasterises the noted
 * pictures on its own thread into plain surfaces, and its done, back on
 * the UI thread, makes them textures in the platform's picture cache.
 *
 * One screen per idle turn of the loop, one job at a time: a tap never
 * waits for more than one rehearsal, and nothing runs once the likely
 * screens' pictures are in (no CPU when idle).
 */
#include "app.h"
#include "platform/platform.h"

#include <stdlib.h>
#include <string.h>

#define WANTS 16

struct pic_job {
	struct job j;
	char *asset_dir;
	size_t n;
	struct pf_picture_want want[WANTS];
	struct pf_pixels *px[WANTS];
};

static void pic_run(struct job *j)
{
	struct pic_job *p = (struct pic_job *)j;
	for (size_t i = 0; i < p->n && !job_should_stop(j); i++)
		p->px[i] = pf_picture_load(p->asset_dir, &p->want[i]);
}

static void pic_done(struct job *j, void *owner, void *ctx)
{
	struct pic_job *p = (struct pic_job *)j;
	struct app *app = ctx;
	(void)owner;
	for (size_t i = 0; i < p->n; i++) {
		pf_picture_adopt(app->pf, &p->want[i], p->px[i]);
		p->px[i] = NULL;
	}
	app->prefetch.job = NULL;
}

static void pic_free(struct job *j)
{
	struct pic_job *p = (struct pic_job *)j;
	for (size_t i = 0; i < p->n; i++)
		pf_pixels_free(p->px[i]);
	free(p->asset_dir);
	free(p);
}

/* The screens a visitor is likely to open from id; visits of the others
 * (a role, a course, staff) need an argument or are rare. */
static size_t likely_next(enum scene_id id, enum scene_id out[4])
{
	switch (id) {
	case SCENE_ATTRACT:
		out[0] = SCENE_HOME;
		return 1;
	case SCENE_HOME:
		out[0] = SCENE_ROLES;
		out[1] = SCENE_QUIZ;
		out[2] = SCENE_FORM;
		out[3] = SCENE_COURSES;
		return 4;
	default:
		return 0;
	}
}

void app_prefetch_screen(struct app *app, enum scene_id shown)
{
	struct app_prefetch *p = &app->prefetch;
	p->n = likely_next(shown, p->next);
	p->at = 0;
}

bool app_prefetch_pending(const struct app *app)
{
	const struct app_prefetch *p = &app->prefetch;
	return p->at < p->n && !p->job && !app->dark;
}

/* Draws scene s once, rehearsing, and returns the pictures it wanted. */
static size_t rehearse(struct app *app, const struct scene *s, struct pf_picture_want *want)
{
	struct ui probe;
	ui_init(&probe, app->pf, &app->ui.th);
	probe.rtl = app->ui.rtl;
	if (speech_available(&app->speech))
		probe.listen.label = app_str(app, "nav.listen");
	if (app_lang_count(app) > 1)
		probe.lang.label = app_str(app, "nav.language");
	void *state = s->state_size ? calloc(1, s->state_size) : NULL;
	if (s->state_size && !state) {
		ui_free(&probe);
		return 0;
	}
	app->rehearsing = true;
	pf_probe_begin(app->pf);
	if (s->enter)
		s->enter(app, state, NULL);
	ui_begin(&probe, app_now_ms(app));
	if (s->draw)
		s->draw(app, state, &probe);
	ui_end(&probe);
	if (s->leave)
		s->leave(app, state);
	size_t n = pf_probe_end(app->pf, want, WANTS);
	app->rehearsing = false;
	if (state) {
		explicit_bzero(state, s->state_size);
		free(state);
	}
	ui_free(&probe);
	return n;
}

void app_prefetch_step(struct app *app)
{
	struct app_prefetch *p = &app->prefetch;
	if (!app_prefetch_pending(app))
		return;
	enum scene_id id = p->next[p->at++];
	struct pic_job *j = calloc(1, sizeof *j);
	if (!j)
		return;
	j->n = rehearse(app, app_scene(id), j->want);
	j->asset_dir = strdup(pf_asset_dir(app->pf));
	if (!j->n || !j->asset_dir) {
		free(j->asset_dir);
		free(j);
		return;
	}
	j->j.run = pic_run;
	j->j.done = pic_done;
	j->j.free = pic_free;
	if (job_start(app->jobs, &j->j, app) == JOB_OK)
		p->job = &j->j;
}

void app_prefetch_close(struct app *app)
{
	job_cancel(app->jobs, app->prefetch.job);
	app->prefetch.job = NULL;
	app->prefetch.n = 0;
}
