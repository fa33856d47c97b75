/*
 * platform.c: window or headless surface, clock, input, frames, screenshots.
 */
#include "platform/pf_internal.h"

#include <SDL_image.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t pf_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull ^ seed;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

const char *pf_error(void)
{
	return SDL_GetError();
}

static int64_t real_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool on_raspberry_pi(void)
{
	char model[128] = "";
	FILE *f = fopen("/proc/device-tree/model", "r");
	if (!f)
		return false;
	size_t n = fread(model, 1, sizeof model - 1, f);
	fclose(f);
	model[n] = '\0';
	return strstr(model, "Raspberry Pi") != NULL;
}

/* Without a GPU, SDL's default renderer drags in Mesa's llvmpipe (tens of
 * MB, half a second to start); the software path is smaller and faster
 * there. On a Pi the GLES2 renderer is real hardware. */
static bool want_gpu(enum pf_renderer r)
{
	if (r == PF_RENDERER_GPU)
		return true;
	if (r == PF_RENDERER_SOFTWARE)
		return false;
	return on_raspberry_pi();
}

/* A real screen: the desktop's X11 or Wayland, else the console through
 * KMS/DRM (a Pi booted without a desktop). SDL would otherwise fall back
 * to its invisible offscreen driver and the kiosk would run unseen; that
 * and "dummy" are used only when SDL_VIDEODRIVER asks for them by name. */
static bool init_video(char *err, size_t errlen)
{
	const char *forced = getenv("SDL_VIDEODRIVER");
	if (forced && *forced) {
		if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
			return true;
		snprintf(err, errlen, "no display (SDL_VIDEODRIVER=%s): %s", forced, SDL_GetError());
		return false;
	}
	const char *tried[3];
	int n = 0;
	if (getenv("WAYLAND_DISPLAY"))
		tried[n++] = "wayland";
	if (getenv("DISPLAY"))
		tried[n++] = "x11";
	tried[n++] = "kmsdrm";
	char why[256] = "";
	for (int i = 0; i < n; i++) {
		SDL_SetHint(SDL_HINT_VIDEODRIVER, tried[i]);
		if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
			return true;
		snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s: %s", i ? "; " : "",
			 tried[i], SDL_GetError());
	}
	snprintf(err, errlen, "no display (%s)", why);
	return false;
}

static bool open_headless(struct pf *pf, char *err, size_t errlen)
{
	pf->surface = SDL_CreateRGBSurfaceWithFormat(0, pf->w, pf->h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (pf->surface)
		pf->renderer = SDL_CreateSoftwareRenderer(pf->surface);
	if (!pf->renderer) {
		snprintf(err, errlen, "cannot create an off-screen surface: %s", SDL_GetError());
		return false;
	}
	pf->win_w = pf->w;
	pf->win_h = pf->h;
	return true;
}

static bool open_window(struct pf *pf, char *err, size_t errlen)
{
	bool gpu = want_gpu(pf->opts.renderer);
	if (!gpu) {
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	}
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (!init_video(err, errlen))
		return false;
	Uint32 flags = SDL_WINDOW_SHOWN;
	int w = pf->opts.width, h = pf->opts.height;
	if (pf->opts.fullscreen || w <= 0 || h <= 0) {
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
		SDL_DisplayMode dm;
		if (SDL_GetDesktopDisplayMode(0, &dm) == 0 && (w <= 0 || h <= 0)) {
			w = dm.w;
			h = dm.h;
		}
	}
	if (w <= 0 || h <= 0) {
		w = 1280;
		h = 800;
	}
	pf->window = SDL_CreateWindow("carekiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				      flags);
	if (!pf->window) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		return false;
	}
	pf->renderer = SDL_CreateRenderer(pf->window, -1,
					  gpu ? SDL_RENDERER_ACCELERATED : SDL_RENDERER_SOFTWARE);
	if (!pf->renderer && gpu)
		pf->renderer = SDL_CreateRenderer(pf->window, -1, SDL_RENDERER_SOFTWARE);
	if (!pf->renderer) {
		snprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
		return false;
	}
	SDL_GetRendererOutputSize(pf->renderer, &pf->win_w, &pf->win_h);
	bool turned = pf->opts.rotation == 90 || pf->opts.rotation == 270;
	pf->w = turned ? pf->win_h : pf->win_w;
	pf->h = turned ? pf->win_w : pf->win_h;
	if (pf->opts.rotation) {
		pf->rot_target = SDL_CreateTexture(pf->renderer, SDL_PIXELFORMAT_ARGB8888,
						   SDL_TEXTUREACCESS_TARGET, pf->w, pf->h);
		if (!pf->rot_target) {
			snprintf(err, errlen, "cannot rotate the screen: %s", SDL_GetError());
			return false;
		}
	}
	if (pf->opts.fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	pf->wake_event = SDL_RegisterEvents(1);
	SDL_StartTextInput();
	return true;
}

/* Without a session bus (the kiosk started by systemd, not from a desktop
 * login) SDL's libdbus autolaunches one for the X display as SDL starts:
 * it forks dbus-launch, which leaves a dbus-daemon running, 30-150 ms
 * before the first frame, for what only a desktop session offers
 * (screensaver inhibition, IBus or Fcitx input methods; the kiosk has its
 * own keyboard). "disabled:" makes that connect fail at once. The variable
 * goes again once SDL is up, so programs the kiosk starts (read-aloud) get
 * the environment they would have had. True if it was set here. */
static bool no_session_bus_autolaunch(void)
{
	if (getenv("DBUS_SESSION_BUS_ADDRESS"))
		return false;
	return setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0) == 0;
}

enum pf_err pf_open(const struct pf_opts *opts, struct pf **out, char *err, size_t errlen)
{
	enum pf_err rc = PF_FAILED;
	struct pf *pf = calloc(1, sizeof *pf);
	if (!pf) {
		snprintf(err, errlen, "out of memory");
		return PF_FAILED;
	}
	pf->opts = *opts;
	pf->asset_dir = strdup(opts->asset_dir ? opts->asset_dir : "assets");
	pf->w = opts->width > 0 ? opts->width : 1280;
	pf->h = opts->height > 0 ? opts->height : 800;
	pf->wall_start_ms = opts->wall_start_ms ? opts->wall_start_ms : real_wall_ms();

#ifdef __GLIBC__
	/* Pixel buffers (a line's or a picture's surface, a texture) are big,
	 * and the caches drop them. glibc's mmap threshold rises to the largest
	 * block freed, after which such buffers come from the heap, or from a
	 * job thread's arena (a prefetched picture), and stay there once freed;
	 * a fixed threshold keeps each in a mapping of its own, given back when
	 * it is freed (1.5 MB less private memory after a walk). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	bool no_bus = no_session_bus_autolaunch();
	bool up = SDL_Init(opts->headless ? 0 : SDL_INIT_EVENTS) == 0 && TTF_Init() == 0;
	if (!up)
		snprintf(err, errlen, "cannot start SDL: %s", SDL_GetError());
	else if (opts->headless)
		up = open_headless(pf, err, errlen);
	else if (!(up = open_window(pf, err, errlen)))
		rc = pf->window ? PF_FAILED : PF_NO_DISPLAY;
	if (no_bus)
		unsetenv("DBUS_SESSION_BUS_ADDRESS");
	if (!up)
		goto fail;
	SDL_SetRenderDrawBlendMode(pf->renderer, SDL_BLENDMODE_BLEND);
	SDL_RendererInfo info;
	pf->dl_keeps = SDL_GetRendererInfo(pf->renderer, &info) == 0 &&
		       (info.flags & SDL_RENDERER_SOFTWARE);
	/* Tests compare the damage-only frames with whole ones. */
	const char *redraw = getenv("CAREKIOSK_REDRAW");
	if (redraw && !strcmp(redraw, "full"))
		pf->dl_keeps = false;
	if (!pf_text_init(pf, err, errlen)) {
		rc = PF_NO_FONT;
		goto fail;
	}
	*out = pf;
	return PF_OK;
fail:
	pf_close(pf);
	return rc;
}

void pf_close(struct pf *pf)
{
	if (!pf)
		return;
	pf_text_free(pf);
	pf_image_free(pf);
	pf_draw_free(pf);
	pf_dl_free(pf);
	if (pf->rot_target)
		SDL_DestroyTexture(pf->rot_target);
	if (pf->renderer)
		SDL_DestroyRenderer(pf->renderer);
	if (pf->surface)
		SDL_FreeSurface(pf->surface);
	if (pf->window)
		SDL_DestroyWindow(pf->window);
	free(pf->asset_dir);
	free(pf);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

void pf_size(const struct pf *pf, int *w, int *h)
{
	*w = pf->w;
	*h = pf->h;
}

bool pf_headless(const struct pf *pf)
{
	return pf->opts.headless;
}

uint64_t pf_now_ms(const struct pf *pf)
{
	return pf->opts.headless ? pf->virt_ms : SDL_GetTicks64();
}

void pf_advance(struct pf *pf, uint64_t ms)
{
	pf->virt_ms += ms;
}

uint64_t pf_perf_us(void)
{
	return SDL_GetPerformanceCounter() * 1000000 / SDL_GetPerformanceFrequency();
}

int64_t pf_wall_ms(const struct pf *pf)
{
	if (pf->opts.headless)
		return pf->wall_start_ms + (int64_t)pf->virt_ms;
	return real_wall_ms();
}

/* Window pixels to the logical (possibly rotated) coordinates. */
static void to_logical(const struct pf *pf, int sx, int sy, int *x, int *y)
{
	int dx = sx - pf->win_w / 2, dy = sy - pf->win_h / 2;
	switch (pf->opts.rotation) {
	case 90:
		*x = pf->w / 2 + dy;
		*y = pf->h / 2 - dx;
		break;
	case 180:
		*x = pf->w / 2 - dx;
		*y = pf->h / 2 - dy;
		break;
	case 270:
		*x = pf->w / 2 - dy;
		*y = pf->h / 2 + dx;
		break;
	default:
		*x = sx;
		*y = sy;
	}
}

static enum pf_key map_key(SDL_Keycode k)
{
	switch (k) {
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		return PF_KEY_RETURN;
	case SDLK_BACKSPACE:
		return PF_KEY_BACKSPACE;
	case SDLK_DELETE:
		return PF_KEY_DELETE;
	case SDLK_ESCAPE:
	case SDLK_AC_BACK:
		return PF_KEY_ESCAPE;
	case SDLK_TAB:
		return PF_KEY_TAB;
	case SDLK_LEFT:
		return PF_KEY_LEFT;
	case SDLK_RIGHT:
		return PF_KEY_RIGHT;
	case SDLK_UP:
		return PF_KEY_UP;
	case SDLK_DOWN:
		return PF_KEY_DOWN;
	case SDLK_HOME:
		return PF_KEY_HOME;
	case SDLK_END:
		return PF_KEY_END;
	default:
		return PF_KEY_NONE;
	}
}

static bool translate(struct pf *pf, const SDL_Event *e, struct pf_event *ev)
{
	memset(ev, 0, sizeof *ev);
	switch (e->type) {
	case SDL_QUIT:
		ev->type = PF_EV_QUIT;
		return true;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return false;
		ev->type = e->type == SDL_MOUSEBUTTONDOWN ? PF_EV_DOWN : PF_EV_UP;
		to_logical(pf, e->button.x, e->button.y, &ev->x, &ev->y);
		return true;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
			return false;
		ev->type = PF_EV_MOVE;
		to_logical(pf, e->motion.x, e->motion.y, &ev->x, &ev->y);
		return true;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
	case SDL_FINGERMOTION:
		ev->type = e->type == SDL_FINGERDOWN ? PF_EV_DOWN
			   : e->type == SDL_FINGERUP ? PF_EV_UP : PF_EV_MOVE;
		to_logical(pf, (int)(e->tfinger.x * pf->win_w), (int)(e->tfinger.y * pf->win_h),
			   &ev->x, &ev->y);
		return true;
	case SDL_KEYDOWN:
		ev->type = PF_EV_KEY;
		ev->key = map_key(e->key.keysym.sym);
		ev->shift = (e->key.keysym.mod & KMOD_SHIFT) != 0;
		if ((e->key.keysym.mod & KMOD_CTRL) && e->key.keysym.sym == SDLK_q)
			ev->type = PF_EV_QUIT;
		return ev->key != PF_KEY_NONE || ev->type == PF_EV_QUIT;
	case SDL_TEXTINPUT:
		ev->type = PF_EV_TEXT;
		snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
		return true;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
		    e->window.event == SDL_WINDOWEVENT_RESTORED) {
			pf_dl_invalidate(pf);
			ev->type = PF_EV_EXPOSE;
			return true;
		}
		return false;
	default:
		if (e->type == pf->wake_event) {
			ev->type = PF_EV_WAKE;
			return true;
		}
		return false;
	}
}

bool pf_wait_event(struct pf *pf, int timeout_ms, struct pf_event *ev)
{
	SDL_Event e;
	for (;;) {
		int got = timeout_ms < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, timeout_ms);
		if (!got)
			return false;
		if (translate(pf, &e, ev))
			return true;
		/* An event we ignore: drain without blocking, then report a
		 * timeout of zero so the caller re-evaluates its deadlines. */
		timeout_ms = 0;
	}
}

void pf_wake(struct pf *pf)
{
	atomic_store(&pf->woken, true);
	if (pf->opts.headless || !pf->wake_event)
		return;
	SDL_Event e = {0};
	e.type = pf->wake_event;
	SDL_PushEvent(&e);
}

bool pf_take_wake(struct pf *pf)
{
	return atomic_exchange(&pf->woken, false);
}

void pf_begin_frame(struct pf *pf, struct pf_color bg)
{
	pf->tick++;
	pf_dl_begin(pf);
	pf_dl_fill(pf, (SDL_Rect){0, 0, pf->w, pf->h}, (struct pf_color){bg.r, bg.g, bg.b, 255});
}

void pf_end_frame(struct pf *pf)
{
	pf_dl_end(pf);
}

void pf_clip(struct pf *pf, const struct pf_rect *r)
{
	pf->has_clip = r != NULL;
	if (r)
		pf->clip = (SDL_Rect){r->x, r->y, r->w, r->h};
}

bool pf_screenshot(struct pf *pf, const char *path)
{
	pf_present(pf);
	if (pf->surface)
		return IMG_SavePNG(pf->surface, path) == 0;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, pf->win_w, pf->win_h, 32,
							SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return false;
	bool ok = SDL_RenderReadPixels(pf->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
				       s->pitch) == 0 &&
		  IMG_SavePNG(s, path) == 0;
	SDL_FreeSurface(s);
	return ok;
}
