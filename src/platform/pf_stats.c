/*
 * pf_stats.c: frame statistics for tools/bench, kept by the kiosk itself.
 *
 * Every frame's time, and for each screen change the time from the input
 * that caused it to the end of the frame that shows the new screen, apart
 * for a screen's first visit (cold: its pictures and text not yet drawn
 * once) and later ones (warm). Fixed arrays: a sample past the end is
 * dropped, never a reallocation inside a frame.
 */
#include "platform/pf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(uint32_t *v, size_t *n, size_t cap, uint64_t us)
{
	if (*n < cap)
		v[(*n)++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

void pf_stats_input(struct pf *pf)
{
	pf->stats.input_us = pf_perf_us();
}

void pf_stats_screen(struct pf *pf, int id)
{
	struct pf_stats *s = &pf->stats;
	uint64_t bit = id >= 0 && id < 64 ? 1ull << id : 0;
	s->changing = true;
	s->change_cold = !(s->visited & bit);
	s->visited |= bit;
}

void pf_stats_frame(struct pf *pf, uint64_t began_us)
{
	struct pf_stats *s = &pf->stats;
	uint64_t now = pf_perf_us();
	add(s->frame, &s->nframe, PF_STATS_FRAMES, now - began_us);
	if (!s->changing)
		return;
	s->changing = false;
	if (!s->input_us)
		return;	/* not caused by input (a timeout, the start) */
	if (s->change_cold)
		add(s->cold, &s->ncold, PF_STATS_TAPS, now - s->input_us);
	else
		add(s->warm, &s->nwarm, PF_STATS_TAPS, now - s->input_us);
	s->input_us = 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* " NAME N p50_ms X p99_ms Y" (sorts v). */
static int put(char *out, size_t n, const char *name, uint32_t *v, size_t count)
{
	if (!count)
		return snprintf(out, n, " %s 0 p50_ms - p99_ms -", name);
	qsort(v, count, sizeof *v, cmp_u32);
	size_t p99 = count * 99 / 100;
	return snprintf(out, n, " %s %zu p50_ms %.2f p99_ms %.2f", name, count, v[count / 2] / 1000.0,
			v[p99 < count ? p99 : count - 1] / 1000.0);
}

void pf_stats_format(struct pf *pf, char *out, size_t n, bool reset)
{
	struct pf_stats *s = &pf->stats;
	int k = snprintf(out, n, "stats");
	k += put(out + k, n - (size_t)k, "frames", s->frame, s->nframe);
	k += put(out + k, n - (size_t)k, "taps_cold", s->cold, s->ncold);
	k += put(out + k, n - (size_t)k, "taps_warm", s->warm, s->nwarm);
	/* How much of the screen the frames drew again (pf_dl.c's damage). */
	snprintf(out + k, n - (size_t)k, " drawn_pct %.1f",
		 s->shown_px ? 100.0 * (double)s->drawn_px / (double)s->shown_px : 0.0);
	if (reset) {
		s->nframe = s->ncold = s->nwarm = 0;
		s->drawn_px = s->shown_px = 0;
		s->input_us = 0;
	}
}
