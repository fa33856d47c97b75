/*
 * quiz_parse_values() and quiz_parse_character() on random and mutated
 * buffers: they must never crash, leak or read past the buffer (run under
 * ASan: each buffer is allocated to its exact length, with no NUL), and
 * whatever they accept must keep quiz.h's promises, including a profile
 * for any answers.
 *
 *   test_quiz_fuzz ITERATIONS QUIZ_DIR ASSET_DIR   (FUZZ_SEED=n to vary)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/quiz.h"

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

/* Pieces that reach the validator's branches, not just the parser's. */
static const char *const tokens[] = {
	"\"\"", "{}", "[]", "null", "1.5", "-1", "4", "1e999", "\"kindness\"", "\"compassion\": 3",
	"\"x\": 1,", "\"../x.svg\"", "{\"text\": \"A\", \"values\": {}, \"feedback\": \"\"}",
	"\xc3\xab", "\xa3", "[[[[[[[[[[[[[[[[[[[[", "\\u0000",
};

static unsigned char any_byte(void)
{
	static const char meta[] = "{}[]:,\"\\ \n0123456789.-e";
	return below(3) ? (unsigned char)meta[below(sizeof meta - 1)] : (unsigned char)rnd();
}

/* A mutated copy of seed, malloc'd to exactly *len bytes. */
static char *mutate(const char *seed, size_t seed_len, size_t *len)
{
	size_t cap = seed_len + 4096, n = seed_len;
	char *b = malloc(cap);
	*len = 0;
	if (!b)
		return NULL;
	memcpy(b, seed, seed_len);
	for (size_t k = 1 + below(5); k > 0 && n + 64 < cap; k--) {
		size_t at = below(n + 1), run;
		const char *t;
		switch (below(5)) {
		case 0:
			if (at < n)
				b[at] = (char)any_byte();
			break;
		case 1:
			run = below(n - at + 1) % 48;
			memmove(b + at, b + at + run, n - at - run);
			n -= run;
			break;
		case 2:
			t = tokens[below(sizeof tokens / sizeof tokens[0])];
			memmove(b + at + strlen(t), b + at, n - at);
			memcpy(b + at, t, strlen(t));
			n += strlen(t);
			break;
		case 3:	/* swap a digit: weights, orders */
			for (size_t i = at; i < n; i++)
				if (b[i] >= '0' && b[i] <= '9') {
					b[i] = (char)('0' + below(10));
					break;
				}
			break;
		default:
			if (below(6) == 0)
				n = at;
		}
	}
	char *exact = malloc(n ? n : 1);
	*len = 0;
	if (exact)
		memcpy(exact, b, n);
	free(b);
	*len = n;
	return exact;
}

static const char *check(const struct quiz *q, const struct quiz_character *c)
{
	if (!c->id || !c->name || !c->role || !c->line || !c->image || !c->file)
		return "NULL string in an accepted character";
	if (c->nscenes < 4 || c->nquestions < 12)
		return "counts";
	for (size_t s = 0; s < c->nscenes; s++) {
		const struct quiz_scene *sc = &c->scenes[s];
		if (sc->nlines < 2 || sc->nq < 2 || !sc->image)
			return "scene";
		for (size_t k = 0; k < sc->nq; k++)
			if (sc->q[k].nopt < 2 || !sc->q[k].text)
				return "question";
	}
	int ans[64] = {0};
	for (int round = 0; round < 4; round++) {
		for (size_t k = 0; k < c->nquestions && k < 64; k++)
			ans[k] = (int)below(quiz_question_at(c, k, NULL)->nopt);
		struct quiz_profile p;
		if (c->nquestions > 64 || quiz_profile(q, c, ans, c->nquestions, &p) != 0)
			return "profile refused";
		for (size_t v = 0; v < q->nvalues; v++)
			if (p.score[v] < 0 || p.score[v] > 100)
				return "score out of range";
		if (p.nroles < 2 || p.nroles > 3 || p.strong[0] == p.strong[1] || p.weak < 0)
			return "profile shape";
	}
	return NULL;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = f ? malloc(1 << 20) : NULL;
	if (b)
		*len = fread(b, 1, 1 << 20, f);
	if (f)
		fclose(f);
	return b;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s ITERATIONS QUIZ_DIR ASSET_DIR\n", argv[0]);
		return 2;
	}
	long iters = atol(argv[1]);
	const char *seed_env = getenv("FUZZ_SEED");
	rng_state = seed_env ? strtoull(seed_env, NULL, 10) | 1 : 0x9E3779B97F4A7C15ULL;
	char path[4096];
	size_t vlen = 0, clen = 0;
	snprintf(path, sizeof path, "%s/values.json", argv[2]);
	char *values = read_file(path, &vlen);
	snprintf(path, sizeof path, "%s/characters/jess.json", argv[2]);
	char *jess = read_file(path, &clen);
	if (!values || !jess) {
		fprintf(stderr, "cannot read the seed files in %s\n", argv[2]);
		return 2;
	}
	long accepted = 0;
	for (long i = 0; i < iters; i++) {
		struct quiz q = {0};
		struct diag_list d = {0};
		size_t n = 0;
		bool on_values = below(4) == 0;
		char *buf = mutate(on_values ? values : jess, on_values ? vlen : clen, &n);
		int rv = quiz_parse_values(&q, "values.json", on_values ? buf : values,
					   on_values ? n : vlen, NULL, &d);
		int rc = rv == 0 ? quiz_parse_character(&q, "characters/jess.json", on_values ? jess : buf,
							on_values ? clen : n, argv[3], NULL, &d)
				 : 0;
		const char *bad = NULL;
		if (rc == 1 && (bad = check(&q, &q.chars[0])) == NULL)
			accepted++;
		if (!bad && (rv != 0 || rc != 1) && diag_count(&d) == 0)
			bad = "refused without a message";
		if (bad) {
			fprintf(stderr, "iteration %ld: %s\n", i, bad);
			fwrite(buf, 1, n, stderr);
			return 1;
		}
		free(buf);
		quiz_free(&q);
		diag_free(&d);
	}
	printf("%ld inputs, %ld accepted\n", iters, accepted);
	free(values);
	free(jess);
	return 0;
}
