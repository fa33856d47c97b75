/*
 * roles_parse() on random and mutated buffers: it must never crash, leak
 * or read past the buffer (run under ASan: each buffer is allocated to its
 * exact length, with no terminating NUL), and whatever it accepts must
 * keep every promise roles.h makes.
 *
 *   test_content_roles_fuzz ITERATIONS SEED.json ASSET_DIR  (FUZZ_SEED=n to vary)
 *
 * Built with -DKIOSK_LIBFUZZER it is a libFuzzer target instead.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/roles.h"

/* Checks a parsed role against the schema's promises. NULL if fine. */
static const char *check_role(const struct role *r)
{
	if (!r->file || !r->id || !r->title || !r->summary || !r->image || !r->worker ||
	    !r->day_intro || !r->pay_range || !r->pay_source || !r->pay_as_of)
		return "NULL string in an accepted role";
	if (r->nsteps < 6 || r->nsteps > 8)
		return "steps count";
	for (size_t i = 0; i < r->nsteps; i++)
		if (!r->steps[i].time || !r->steps[i].text || strlen(r->steps[i].time) != 5)
			return "bad step";
	if (r->good.n < 3 || r->good.n > 5 || r->hard.n < 3 || r->hard.n > 5)
		return "good/hard count";
	if (r->ladder.n != r->levels.n || r->ladder.n < 3 || r->ladder.n > 5)
		return "ladder";
	if (r->reflect.n < 3 || r->reflect.n > 4 || r->values.n < 2 || r->values.n > 4)
		return "reflect/values count";
	if (!r->settings || r->settings > 15)
		return "settings";
	const struct role_list *lists[] = {&r->good,   &r->hard,   &r->hours,   &r->contracts,
					   &r->need,   &r->ladder, &r->levels, &r->reflect,
					   &r->values};
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			if (!lists[k]->v[i] || !*lists[k]->v[i])
				return "empty list item";
	return NULL;
}

/* Messages and the id check use this file name: "roles/<seed's name>". */
static char file_name[256] = "roles/home-care-worker.json";
static char again_name[256] = "again/home-care-worker.json";

static const char *run_one(const char *buf, size_t len, const char *assets)
{
	struct roles rs = {0};
	struct diag_list d = {0};
	/* Twice into the same list: the second must be refused as a duplicate
	 * if the first was accepted. */
	int a = roles_parse(&rs, file_name, buf, len, assets, &d);
	int b = roles_parse(&rs, again_name, buf, len, assets, &d);
	const char *bad = NULL;
	if (a < 0 || a > 1 || b != 0)
		bad = "return value";
	else if (rs.n != (size_t)a)
		bad = "count";
	else if (a && (bad = check_role(&rs.v[0])) == NULL && !roles_find(&rs, rs.v[0].id))
		bad = "roles_find";
	else if (!a && diag_count(&d) == 0)
		bad = "refused without a message";
	for (size_t i = 0; !bad && i < d.n; i++)
		if (!d.msgs[i] || (strncmp(d.msgs[i], "roles/", 6) && strncmp(d.msgs[i], "again/", 6)))
			bad = "bad diagnostic";
	roles_free(&rs);
	diag_free(&d);
	return bad;
}

#ifdef KIOSK_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (run_one((const char *)data, size, KIOSK_ASSETS))
		abort();
	return 0;
}
#else

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;	/* xorshift64* */
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
	static const char meta[] = "{}[]:,\"\\ \n\t0123456789.-+eEtrufalsn\xc3\xa3\xa3\xef\xbb\xbf";
	switch (below(6)) {
	case 0: return (unsigned char)rnd();
	case 1: return (unsigned char)(0x80 + below(0x80));
	default: return (unsigned char)meta[below(sizeof meta - 1)];
	}
}

/* JSON-shaped pieces that reach the validator's branches, not just the
 * parser's. */
static const char *const tokens[] = {
	"\"\"", "\"x\"", "[]", "{}", "null", "true", "1.5", "-1", "1e999", "[\"a\"]",
	"\"unknown\": 1,", "\"time\": \"25:99\"", "\"07:00\"", "\"nights\"", "\"kindness\"",
	"\"roles/../x.svg\"", "\"/etc/passwd\"",
	"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
	"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "\\u0000", "\\ud800",
};

/* A malloc'd buffer of exactly *len bytes (at least 1 allocated). */
static char *make_input(const char *seed, size_t seed_len, size_t *len)
{
	size_t cap = seed_len * 2 + 4096, n;
	char *b = malloc(cap);
	if (!b)
		return NULL;
	if (below(5) == 0 || !seed_len) {	/* pure noise */
		n = below(700);
		for (size_t i = 0; i < n; i++)
			b[i] = (char)any_byte();
	} else {
		memcpy(b, seed, seed_len);
		n = seed_len;
		for (size_t k = 1 + below(6); k > 0; k--) {
			size_t at = below(n + 1), run;
			switch (below(7)) {
			case 0:	/* overwrite a byte */
				if (at < n)
					b[at] = (char)any_byte();
				break;
			case 1:	/* insert a byte */
				memmove(b + at + 1, b + at, n - at);
				b[at] = (char)any_byte();
				n++;
				break;
			case 2:	/* delete a run */
				run = below(n - at + 1) % 64;
				memmove(b + at, b + at + run, n - at - run);
				n -= run;
				break;
			case 3: {	/* insert a token */
				const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
				size_t tl = strlen(t);
				if (n + tl < cap) {
					memmove(b + at + tl, b + at, n - at);
					memcpy(b + at, t, tl);
					n += tl;
				}
				break;
			}
			case 4:	/* truncate, rarely */
				if (below(4) == 0)
					n = at;
				break;
			case 5:	/* a NUL in the middle */
				if (at < n && below(3) == 0)
					b[at] = 0;
				break;
			default:	/* replace a quoted string's first char */
				for (size_t i = at; i < n; i++)
					if (b[i] == '"' && i + 1 < n) {
						b[i + 1] = (char)any_byte();
						break;
					}
			}
			if (n + 2 >= cap)
				break;
		}
	}
	char *exact = malloc(n ? n : 1);	/* exact size: ASan sees overreads */
	if (exact)
		memcpy(exact, b, n);
	free(b);
	*len = n;
	return exact;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
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
	if (argc < 4) {
		fprintf(stderr, "usage: %s ITERATIONS SEED.json ASSET_DIR\n", argv[0]);
		return 2;
	}
	long iterations = atol(argv[1]);
	size_t seed_len = 0;
	char *seed = read_file(argv[2], &seed_len);
	if (!seed) {
		fprintf(stderr, "cannot read %s\n", argv[2]);
		return 2;
	}
	const char *base = strrchr(argv[2], '/');
	base = base ? base + 1 : argv[2];
	snprintf(file_name, sizeof file_name, "roles/%s", base);
	snprintf(again_name, sizeof again_name, "again/%s", base);
	const char *env = getenv("FUZZ_SEED");
	rng_state = env ? (strtoull(env, NULL, 0) << 1) | 1 : 0x9E3779B97F4A7C15ULL;
	long accepted = 0;
	if (run_one(seed, seed_len, argv[3])) {
		fprintf(stderr, "the seed itself fails\n");
		return 1;
	}
	for (long it = 0; it < iterations; it++) {
		size_t len;
		char *buf = make_input(seed, seed_len, &len);
		if (!buf)
			return 2;
		const char *bad = run_one(buf, len, argv[3]);
		if (bad) {
			fprintf(stderr, "iteration %ld: %s; input (%zu bytes):\n", it, bad, len);
			fwrite(buf, 1, len, stderr);
			free(buf);
			return 1;
		}
		struct roles rs = {0};
		struct diag_list d = {0};
		accepted += roles_parse(&rs, file_name, buf, len, argv[3], &d);
		roles_free(&rs);
		diag_free(&d);
		free(buf);
	}
	printf("%ld inputs, %ld accepted as valid roles\n", iterations, accepted);
	free(seed);
	return 0;
}
#endif
