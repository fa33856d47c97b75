/*
 * bench-floor: the least an SDL program can do to show what the kiosk's
 * screens show, so tools/bench can give every figure as a ratio to it,
 * measured in the same run on the same (noisy) machine. It does what the
 * kiosk does at its barest: the software renderer with the same hints,
 * a fill, one cached texture (a line of text rendered once) and a present.
 *
 * usage: bench-floor [--headless] [--size WxH] [--fade] [--frames N] FONT.ttf
 *   window (default): draws once and sleeps in SDL_WaitEvent; --fade redraws
 *     the whole frame at 20 Hz while the line fades, on the attract screen's
 *     rhythm (0.8 s fade out and in every 5 s), until killed
 *   --headless --frames N: times N frames on an off-screen surface and prints
 *     "floor_frame_ms p50 X p99 Y"
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct floor {
	SDL_Renderer *r;
	SDL_Texture *text;
	int w, h, tw, th;
};

static void draw(struct floor *f, Uint8 alpha)
{
	SDL_SetRenderDrawColor(f->r, 0xFF, 0xF6, 0xE9, 0xFF);
	SDL_RenderClear(f->r);
	SDL_SetTextureAlphaMod(f->text, alpha);
	SDL_Rect dst = {(f->w - f->tw) / 2, (f->h - f->th) / 2, f->tw, f->th};
	SDL_RenderCopy(f->r, f->text, NULL, &dst);
	SDL_RenderPresent(f->r);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int time_frames(struct floor *f, int n)
{
	double *ms = calloc((size_t)n, sizeof *ms);
	if (!ms)
		return 1;
	Uint64 hz = SDL_GetPerformanceFrequency();
	for (int i = 0; i < n; i++) {
		Uint64 t0 = SDL_GetPerformanceCounter();
		draw(f, (Uint8)(255 - i % 64));
		ms[i] = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)hz;
	}
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	printf("floor_frame_ms p50 %.2f p99 %.2f\n", ms[n / 2], ms[n * 99 / 100]);
	free(ms);
	return 0;
}

/* The attract screen's rhythm: shown 4.2 s, then 0.8 s fading. */
static void run_window(struct floor *f, bool fade)
{
	draw(f, 255);
	for (;;) {
		SDL_Event e;
		Uint32 t = SDL_GetTicks() % 5000;
		bool fading = fade && t >= 4200;
		int got = fading ? SDL_WaitEventTimeout(&e, 50)
		    : fade ? SDL_WaitEventTimeout(&e, (int)(4200 - t)) : SDL_WaitEvent(&e);
		if (got && e.type == SDL_QUIT)
			return;
		if (fading || (got && e.type == SDL_WINDOWEVENT))
			draw(f, (Uint8)(fading ? 255 - (t - 4200) * 255 / 800 : 255));
	}
}

int main(int argc, char **argv)
{
	bool headless = false, fade = false;
	int frames = 200;
	const char *font = NULL;
	struct floor f = {.w = 1280, .h = 800};
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--headless"))
			headless = true;
		else if (!strcmp(argv[i], "--fade"))
			fade = true;
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			sscanf(argv[++i], "%dx%d", &f.w, &f.h);
		else if (!strcmp(argv[i], "--frames") && i + 1 < argc)
			frames = atoi(argv[++i]);
		else
			font = argv[i];
	}
	if (!font || frames < 1 || f.w < 1 || f.h < 1) {
		fprintf(stderr, "usage: bench-floor [--headless] [--size WxH] [--fade] [--frames N] "
				"FONT.ttf\n");
		return 2;
	}
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	/* As the kiosk does (src/platform/platform.c): no session bus is
	 * autolaunched for SDL's D-Bus features when none is running. */
	setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
	if (SDL_Init(headless ? 0 : SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "bench-floor: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Window *win = NULL;
	SDL_Surface *target = NULL;
	if (headless) {
		target = SDL_CreateRGBSurfaceWithFormat(0, f.w, f.h, 32, SDL_PIXELFORMAT_ARGB8888);
		f.r = target ? SDL_CreateSoftwareRenderer(target) : NULL;
	} else {
		win = SDL_CreateWindow("bench-floor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
				       f.w, f.h, SDL_WINDOW_SHOWN);
		f.r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
	}
	TTF_Font *tf = TTF_OpenFont(font, f.h / 16);
	SDL_Color ink = {0x1D, 0x3B, 0x53, 0xFF};
	SDL_Surface *s = tf ? TTF_RenderUTF8_Blended(tf, "Could you care?", ink) : NULL;
	f.text = f.r && s ? SDL_CreateTextureFromSurface(f.r, s) : NULL;
	if (!f.text) {
		fprintf(stderr, "bench-floor: %s\n", SDL_GetError());
		return 1;
	}
	f.tw = s->w;
	f.th = s->h;
	SDL_FreeSurface(s);
	SDL_SetTextureBlendMode(f.text, SDL_BLENDMODE_BLEND);
	int rc = 0;
	if (headless)
		rc = time_frames(&f, frames);
	else
		run_window(&f, fade);
	SDL_DestroyTexture(f.text);
	SDL_DestroyRenderer(f.r);
	if (target)
		SDL_FreeSurface(target);
	if (win)
		SDL_DestroyWindow(win);
	TTF_CloseFont(tf);
	TTF_Quit();
	SDL_Quit();
	return rc;
}
