/*
 * courses_parse() on random and mutated buffers: it must never crash, leak
 * or read past the buffer (run under ASan: buffers are allocated to their
 * exact length with no terminating NUL), and whatever it accepts must be
 * valid.
 *
 *   test_print_courses_fuzz ITERATIONS [SEED.csv]   (FUZZ_SEED=n to vary)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/courses.h"
#include "content/programmes.h"

static const char *const seeds[] = {
	"title,programme,date,start,end,venue,postcode,url,eligibility\n"
	"Step into Care,step-into-care,01/12/2026,09:30,14:30,\"Hall, Room 2\",LS9 7HA,"
	"https://wecare.example.org/c/1,\"Say \"\"hi\"\"\nline two\"\n",
	"\xef\xbb\xbfURL,Venue,TITLE,Date,Start,Programme\r\n"
	"https://a.example.org/x,Caf\xc3\xa9,T,2027-02-16,10:00:00,PA academy\r\n\r\n,,,,,\r\n",
	"title,programme,date,start,venue,url\r\"T\"x,sbwa,31/02/2026,25:00,V,htp:/x\r",
	"title,programme,date,start,venue,url\n\"never closed,sbwa,1/1/2030,9:00,V,"
	"https://a.b.c/\n",
};

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static unsigned char any_byte(void)
{
	static const char meta[] = ",\"\r\n \t/:-0123456789abcdefhpst\xc3\xa9\xef\xbb\xbf";
	switch (below(8)) {
	case 0: return (unsigned char)rnd();
	case 1: return (unsigned char)(0x80 + below(0x80));
	default: return (unsigned char)meta[below(sizeof meta - 1)];
	}
}

/* Returns a malloc'd buffer of exactly *len bytes (at least 1 allocated). */
static unsigned char *make_input(const unsigned char *seed, size_t seed_len, size_t *len)
{
	size_t cap = seed_len * 2 + 600, n;
	unsigned char *b = malloc(cap);
	if (!b)
		return NULL;
	if (below(4) == 0 || !seed_len) { /* pure noise */
		n = below(512);
		for (size_t i = 0; i < n; i++)
			b[i] = any_byte();
	} else {
		memcpy(b, seed, seed_len);
		n = seed_len;
		for (size_t k = 1 + below(8); k > 0; k--) {
			size_t at = below(n + 1);
			switch (below(6)) {
			case 0: /* overwrite */
				if (at < n)
					b[at] = any_byte();
				break;
			case 1: /* insert */
				if (n < cap) {
					memmove(b + at + 1, b + at, n - at);
					b[at] = any_byte();
					n++;
				}
				break;
			case 2: { /* delete a run */
				size_t run = below(n - at + 1);
				memmove(b + at, b + at + run, n - at - run);
				n -= run;
				break;
			}
			case 3: { /* duplicate a run */
				size_t run = below(n - at + 1);
				if (n + run <= cap) {
					memmove(b + at + run, b + at, n - at);
					n += run;
				}
				break;
			}
			case 4: /* truncate */ n = at; break;
			default: /* drop a NUL in, sometimes */
				if (at < n && below(4) == 0)
					b[at] = 0;
				break;
			}
		}
	}
	/* Exact size, so ASan sees any read past the end. */
	unsigned char *exact = malloc(n ? n : 1);
	if (exact)
		memcpy(exact, b, n);
	free(b);
	*len = n;
	return exact;
}

static const char *check(const struct course_list *l, const struct diag_list *d)
{
	static const char *const ids[] = {"step-into-care", "sbwa", "apprenticeship", "pa-academy",
					  "info-session"};
	for (size_t i = 0; i < l->n; i++) {
		const struct course *c = &l->v[i];
		int known = 0;
		if (!c->title || !c->programme || !c->venue || !c->postcode || !c->url ||
		    !c->eligibility)
			return "NULL string in a course";
		if (!*c->title || !*c->venue || strncmp(c->url, "http", 4) != 0)
			return "required field empty or bad url";
		for (size_t k = 0; k < 5; k++)
			known |= strcmp(c->programme, ids[k]) == 0;
		if (!known)
			return "unknown programme id";
		if (c->year < 2000 || c->year > 2099 || c->month < 1 || c->month > 12 ||
		    c->day < 1 || c->day > 31)
			return "bad date";
		if (c->start_min < 0 || c->start_min >= 1440 ||
		    (c->end_min != -1 && (c->end_min <= c->start_min || c->end_min >= 1440)))
			return "bad time";
		if (c->line < 1)
			return "bad line";
	}
	for (size_t i = 0; i < d->n; i++)
		if (!d->msgs[i] || strncmp(d->msgs[i], "fuzz.csv:", 9) != 0)
			return "bad diagnostic";
	return NULL;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	if (!f)
		return NULL;
	b = malloc(1 << 20);
	if (b)
		*len = fread(b, 1, 1 << 20, f);
	fclose(f);
	return b;
}

int main(int argc, char **argv)
{
	static const char *const days[7] = {"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"};
	static const char *const months[12] = {"1", "2", "3", "4",  "5",  "6",
					       "7", "8", "9", "10", "11", "12"};
	long iterations = argc > 1 ? atol(argv[1]) : 2000;
	size_t file_len = 0, courses = 0, msgs = 0;
	unsigned char *file = argc > 2 ? read_file(argv[2], &file_len) : NULL;
	const char *env = getenv("FUZZ_SEED");
	rng_state = env ? (strtoull(env, NULL, 0) << 1) | 1 : 0x9E3779B97F4A7C15ULL;
	size_t nseeds = sizeof seeds / sizeof seeds[0];

	/* The programmes rows may name: programmes.json beside the CSV. */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", argc > 2 ? argv[2] : "kiosk-config/courses.csv");
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	struct programmes progs;
	if (programmes_load(&progs, dir, NULL) != 0) {
		fprintf(stderr, "no programmes.json in %s\n", dir);
		return 2;
	}
	for (long it = 0; it < iterations; it++) {
		size_t pick = below(nseeds + (file ? 1 : 0)), seed_len, len;
		const unsigned char *seed;
		if (pick < nseeds) {
			seed = (const unsigned char *)seeds[pick];
			seed_len = strlen(seeds[pick]);
		} else {
			seed = file;
			seed_len = file_len;
		}
		unsigned char *buf = make_input(seed, seed_len, &len);
		if (!buf)
			return 2;
		struct course_list l = {0};
		struct diag_list d = {0};
		int n = courses_parse("fuzz.csv", (const char *)buf, len, &progs, &l, &d);
		const char *bad = n < 0              ? "parse failed"
				  : (size_t)n != l.n ? "count"
						     : check(&l, &d);
		if (bad) {
			fprintf(stderr, "iteration %ld: %s; input (%zu bytes):\n", it, bad, len);
			fwrite(buf, 1, len, stderr);
			return 1;
		}
		size_t idx[8];
		courses_upcoming(&l, 2027, 1, 1, idx, 8);
		for (size_t i = 0; i < l.n; i++) {
			char when[64];
			courses_format_when(&l.v[i], days, months, when, sizeof when);
		}
		courses += l.n;
		msgs += d.n;
		courses_free(&l);
		diag_free(&d);
		free(buf);
	}
	free(file);
	programmes_free(&progs);
	printf("%ld buffers: %zu courses accepted, %zu messages\n", iterations, courses, msgs);
	return 0;
}
