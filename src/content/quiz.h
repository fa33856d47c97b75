/*
 * quiz: the scenario quiz ("what would you do?"), from kiosk-config/quiz/
 * (see kiosk-config/quiz/README.md for the schema):
 *   values.json            the values, their words and the roles that suit them
 *   characters/<id>.json   a care worker, their scenes, questions and answers
 *
 * quiz_load() (quiz.c) reads and quiz_parse.c validates everything, reporting each problem as
 * "file:line: message" (missing or unknown field, text too long for its box
 * at 800x480, too few scenes or questions, weights naming unknown values,
 * unknown role ids, pictures not found); a character with problems is left
 * out. quiz_profile() turns one visitor's answers into a values profile and
 * suggested roles. Pure functions, no SDL.
 *
 * Ownership: struct quiz owns every string; free it with quiz_free(). A
 * struct quiz_profile points into the quiz it was computed from.
 */
#ifndef KIOSK_QUIZ_H
#define KIOSK_QUIZ_H

#include "content/diag.h"
#include "content/roles.h"

#include <stddef.h>

enum {
	QUIZ_MAX_VALUES = 8,
	QUIZ_MAX_SCENES = 8,
	QUIZ_MAX_ANSWERS = 24,	/* QUIZ_MAX_SCENES * QUIZ_MAX_QUESTIONS */
	QUIZ_MAX_LINES = 4,	/* narration lines in a scene */
	QUIZ_MAX_QUESTIONS = 3,	/* questions in a scene */
	QUIZ_MAX_OPTIONS = 4,
	QUIZ_MAX_WEIGHT = 3,
	QUIZ_STRONG = 2,	/* strongest values named on the result */
	QUIZ_MAX_SUGGEST = 3,	/* suggested roles */
};

struct quiz_value {
	char *id, *name, *high, *grow;
	char **roles;			/* role ids that suit this value */
	size_t nroles;
};

struct quiz_option {
	char *text, *feedback;
	unsigned char weight[QUIZ_MAX_VALUES];	/* points, by value index */
};

struct quiz_question {
	char *text;
	struct quiz_option opt[QUIZ_MAX_OPTIONS];
	size_t nopt;
};

struct quiz_scene {
	char *id, *image;
	char *line[QUIZ_MAX_LINES];	/* narration */
	size_t nlines;
	struct quiz_question q[QUIZ_MAX_QUESTIONS];
	size_t nq;
};

struct quiz_character {
	char *file;			/* for messages */
	char *id, *name, *role, *line, *image;
	int order;
	struct quiz_scene *scenes;
	size_t nscenes;
	size_t nquestions;		/* over all scenes */
	/* The most points each value can reach with this character: the
	 * sum over questions of the best weight any option gives it. */
	int max[QUIZ_MAX_VALUES];
};

struct quiz {
	struct quiz_value values[QUIZ_MAX_VALUES];	/* as in values.json */
	size_t nvalues;
	char *intro, *closing;
	struct quiz_character *chars;	/* sorted by order, then id */
	size_t nchars;
};

/* Loads config_dir/quiz/values.json and every config_dir/quiz/characters/
 * *.json; pictures are checked under asset_dir/images/. Role ids are
 * checked against roles (NULL: not checked). Returns the number of
 * characters loaded (problems in diag), or -1 if values.json or the
 * characters folder cannot be used. Always leaves *q ready for quiz_free. */
int quiz_load(struct quiz *q, const char *config_dir, const char *asset_dir,
	      const struct roles *roles, struct diag_list *diag);
/* quiz_load() then quiz_free(): for the kiosk's and kioskctl's start-up
 * checks. Returns the number of characters or -1, like quiz_load(). */
int quiz_check(const char *config_dir, const char *asset_dir, const struct roles *roles,
	       struct diag_list *diag);

/* The same steps on one file's text (tests, fuzzing). quiz_parse_values()
 * must come first (characters are checked against its values); it returns
 * 0 or -1. quiz_parse_character() appends and returns 1, or 0 when the
 * file has problems. quiz_finish() checks the whole (enough characters). */
int quiz_parse_values(struct quiz *q, const char *name, const char *text, size_t len,
		      const struct roles *roles, struct diag_list *diag);
int quiz_parse_character(struct quiz *q, const char *name, const char *text, size_t len,
			 const char *asset_dir, const struct roles *roles, struct diag_list *diag);
void quiz_finish(const struct quiz *q, const char *dir, struct diag_list *diag);

const struct quiz_character *quiz_find(const struct quiz *q, const char *id);
/* Index of a value id, or -1. */
int quiz_value_index(const struct quiz *q, const char *id);
/* The question with flat index k (0 .. nquestions-1) and its scene. */
const struct quiz_question *quiz_question_at(const struct quiz_character *c, size_t k,
					     size_t *scene);
/* Frees one character's strings (quiz_free does this for each). */
void quiz_character_free(struct quiz_character *c);
void quiz_free(struct quiz *q);

/* One visitor's result. Scores are each value's points as a share of the
 * most this character allows, 0..100 (rounded), so every value is judged
 * on the same scale whichever character was played. Ranking uses the
 * exact shares; ties go to the value listed first in values.json. */
struct quiz_profile {
	int total[QUIZ_MAX_VALUES];	/* points earned */
	int score[QUIZ_MAX_VALUES];	/* 0..100 */
	size_t nvalues;
	int strong[QUIZ_STRONG];	/* value indexes, strongest first */
	int weak;			/* lowest of the rest */
	/* 2-3 role ids: up to two from the strongest values' "roles" lists
	 * (ids both lists share first, then taking the lists' items in turn),
	 * then the character's own role; if that was already chosen, one
	 * more from the lists. Pointers into the quiz. */
	const char *roles[QUIZ_MAX_SUGGEST];
	size_t nroles;
};

/* Computes the profile for character c from answers[k] = the option
 * chosen for flat question k. Returns 0, or -1 if n is not c's number of
 * questions or an answer is not one of its question's options. */
int quiz_profile(const struct quiz *q, const struct quiz_character *c, const int *answers,
		 size_t n, struct quiz_profile *out);

#endif
