/*
 * shotdiff: compares two screenshots (PNG) pixel by pixel, for checking
 * that a change to the ui kit leaves the screens as they were.
 *
 * usage: shotdiff [-t TOL] [-m MAX_PERCENT] A.png B.png
 * A pixel differs when any channel differs by more than TOL (default 8,
 * which absorbs anti-aliasing noise). Prints the share of pixels that
 * differ and the box around them; exits 0 if that share is at most
 * MAX_PERCENT (default 0), 1 if more, 2 if an image cannot be read or the
 * sizes differ.
 */
#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>

static SDL_Surface *load(const char *path)
{
	SDL_Surface *s = IMG_Load(path);
	if (!s) {
		fprintf(stderr, "shotdiff: %s: %s\n", path, IMG_GetError());
		return NULL;
	}
	SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
	SDL_FreeSurface(s);
	return c;
}

int main(int argc, char **argv)
{
	int tol = 8, arg = 1;
	double max = 0;
	for (; arg + 1 < argc && argv[arg][0] == '-'; arg += 2) {
		if (argv[arg][1] == 't')
			tol = atoi(argv[arg + 1]);
		else if (argv[arg][1] == 'm')
			max = atof(argv[arg + 1]);
	}
	if (argc - arg != 2) {
		fprintf(stderr, "usage: shotdiff [-t TOL] [-m MAX_PERCENT] A.png B.png\n");
		return 2;
	}
	SDL_Surface *a = load(argv[arg]), *b = load(argv[arg + 1]);
	int rc = 2;
	if (!a || !b)
		goto out;
	if (a->w != b->w || a->h != b->h) {
		fprintf(stderr, "shotdiff: sizes differ: %dx%d, %dx%d\n", a->w, a->h, b->w, b->h);
		goto out;
	}
	long diff = 0;
	int x0 = a->w, y0 = a->h, x1 = -1, y1 = -1;
	for (int y = 0; y < a->h; y++) {
		const Uint8 *pa = (const Uint8 *)a->pixels + y * a->pitch;
		const Uint8 *pb = (const Uint8 *)b->pixels + y * b->pitch;
		for (int x = 0; x < a->w; x++) {
			int d = 0;
			for (int k = 0; k < 4; k++)
				d |= abs(pa[4 * x + k] - pb[4 * x + k]) > tol;
			if (!d)
				continue;
			diff++;
			x0 = x < x0 ? x : x0;
			y0 = y < y0 ? y : y0;
			x1 = x > x1 ? x : x1;
			y1 = y > y1 ? y : y1;
		}
	}
	double pct = 100.0 * (double)diff / ((double)a->w * a->h);
	if (diff)
		printf("%.3f%% of pixels differ, in %d,%d %dx%d\n", pct, x0, y0, x1 - x0 + 1,
		       y1 - y0 + 1);
	else
		printf("same\n");
	rc = pct <= max ? 0 : 1;
out:
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	return rc;
}
