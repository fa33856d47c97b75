/*
 * A small, valid quiz for the quiz tests: four values and one character
 * (Zoë, invented) with five scenes of 3, 3, 2, 2 and 2 questions.
 *
 * Every question has the same answers, so profiles are easy to work out:
 *   A  compassion 3              B  dignity 2, courage 1
 *   C  teamwork 1                D  (last question only) no points
 * The most each value can reach: compassion 36, dignity 24, courage 12,
 * teamwork 12. Line numbers are in the comments; tests rely on them.
 */
#ifndef QUIZ_FIXTURE_H
#define QUIZ_FIXTURE_H

#include "content/quiz.h"
#include "content/roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
#define V_COMPASSION "{\"id\": \"compassion\", \"name\": \"Compassion\", \"high\": \"You care.\", " \
	"\"grow\": \"Care grows.\", \"roles\": [\"home-care-worker\", \"night-care-worker\"]}"
#define V_DIGNITY "{\"id\": \"dignity\", \"name\": \"Dignity and respect\", \"high\": \"You respect.\", " \
	"\"grow\": \"Respect grows.\", \"roles\": [\"personal-assistant\", \"support-worker\", " \
	"\"home-care-worker\"]}"
#define V_COURAGE "{\"id\": \"courage\", \"name\": \"Courage to speak up\", \"high\": \"You speak up.\", " \
	"\"grow\": \"Courage grows.\", \"roles\": [\"senior-care-worker\", \"support-worker\"]}"
#define V_TEAMWORK "{\"id\": \"teamwork\", \"name\": \"Teamwork\", \"high\": \"You share.\", " \
	"\"grow\": \"Teams help.\", \"roles\": [\"residential-care-worker\", \"senior-care-worker\"]}"

static const char VALUES[] =
	"{\n"									/* 1 */
	"  \"values\": [\n"							/* 2 */
	"    " V_COMPASSION ",\n"						/* 3 */
	"    " V_DIGNITY ",\n"							/* 4 */
	"    " V_COURAGE ",\n"							/* 5 */
	"    " V_TEAMWORK "\n"							/* 6 */
	"  ],\n"								/* 7 */
	"  \"intro\": \"Here is what your answers say about you.\",\n"		/* 8 */
	"  \"closing\": \"There are no wrong answers.\"\n"			/* 9 */
	"}\n";									/* 10 */

#define FB "\"feedback\": \"Many care workers would do this, because it is kind and it keeps people safe.\""
#define OPT_A "{\"text\": \"Option A.\", \"values\": {\"compassion\": 3}, " FB "}"
#define OPT_B "{\"text\": \"Option B.\", \"values\": {\"dignity\": 2, \"courage\": 1}, " FB "}"
#define OPT_C "{\"text\": \"Option C.\", \"values\": {\"teamwork\": 1}, " FB "}"
#define OPT_D "{\"text\": \"Option D.\", \"values\": {}, " FB "}"
#define Q3 "{\"text\": \"What would you do?\", \"options\": [" OPT_A ", " OPT_B ", " OPT_C "]}"
#define Q4 "{\"text\": \"And now?\", \"options\": [" OPT_A ", " OPT_B ", " OPT_C ", " OPT_D "]}"
#define SCENE(n, qs) "    {\"id\": \"zoe-" #n "\", \"image\": \"quiz/scenes/zoe-" #n ".svg\", " \
	"\"narration\": [\"Zo\xc3\xab visits.\", \"It is morning.\"], \"questions\": [" qs "]}"

static const char CHAR[] =
	"{\n"									/* 1 */
	"  \"id\": \"zoe\",\n"							/* 2 */
	"  \"order\": 1,\n"							/* 3 */
	"  \"name\": \"Zo\xc3\xab\",\n"						/* 4 */
	"  \"role\": \"residential-care-worker\",\n"				/* 5 */
	"  \"line\": \"Zo\xc3\xab Testperson works in a care home.\",\n"	/* 6 */
	"  \"image\": \"quiz/characters/zoe.svg\",\n"				/* 7 */
	"  \"scenes\": [\n"							/* 8 */
	"    {\n"								/* 9 */
	"      \"id\": \"zoe-1\",\n"						/* 10 */
	"      \"image\": \"quiz/scenes/zoe-1.svg\",\n"				/* 11 */
	"      \"narration\": [\"Line one.\", \"Line two.\"],\n"		/* 12 */
	"      \"questions\": [\n"						/* 13 */
	"        {\n"								/* 14 */
	"          \"text\": \"Question one?\",\n"				/* 15 */
	"          \"options\": [\n"						/* 16 */
	"            " OPT_A ",\n"						/* 17 */
	"            " OPT_B ",\n"						/* 18 */
	"            " OPT_C "\n"						/* 19 */
	"          ]\n"								/* 20 */
	"        },\n"								/* 21 */
	"        " Q3 ",\n"							/* 22 */
	"        " Q3 "\n"							/* 23 */
	"      ]\n"								/* 24 */
	"    },\n"								/* 25 */
	SCENE(2, Q3 ", " Q3 ", " Q3) ",\n"					/* 26 */
	SCENE(3, Q3 ", " Q3) ",\n"						/* 27 */
	SCENE(4, Q3 ", " Q3) ",\n"						/* 28 */
	SCENE(5, Q3 ", " Q4) "\n"						/* 29 */
	"  ]\n"									/* 30 */
	"}\n";									/* 31 */
/* clang-format on */

/* Role ids the fixture may name. */
static const char *const ROLE_IDS[] = {"home-care-worker",   "night-care-worker",
				       "personal-assistant", "support-worker",
				       "senior-care-worker", "residential-care-worker"};
#define NROLE_IDS (sizeof ROLE_IDS / sizeof ROLE_IDS[0])

/* A struct roles that only knows ids (enough for roles_find). */
static inline struct roles fixture_roles(struct role *store)
{
	for (size_t i = 0; i < NROLE_IDS; i++)
		store[i] = (struct role){.id = (char *)ROLE_IDS[i]};
	return (struct roles){store, NROLE_IDS};
}

/* The fixture's pictures, made under $TMPDIR: images/quiz/characters/
 * zoe.svg and images/quiz/scenes/zoe-1..5.svg. Returns 0 or -1. */
static const char *const FIXTURE_PICS[] = {
	"quiz/characters/zoe.svg", "quiz/scenes/zoe-1.svg", "quiz/scenes/zoe-2.svg",
	"quiz/scenes/zoe-3.svg",   "quiz/scenes/zoe-4.svg", "quiz/scenes/zoe-5.svg"};
static const char *const FIXTURE_DIRS[] = {"", "/images", "/images/quiz",
					   "/images/quiz/characters", "/images/quiz/scenes"};

static inline int fixture_assets(char *dir, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, n, "%s/quiz-assets-%d", tmp ? tmp : "/tmp", (int)getpid());
	char p[1024];
	for (size_t i = 0; i < sizeof FIXTURE_DIRS / sizeof *FIXTURE_DIRS; i++) {
		snprintf(p, sizeof p, "%s%s", dir, FIXTURE_DIRS[i]);
		mkdir(p, 0700);
	}
	for (size_t i = 0; i < sizeof FIXTURE_PICS / sizeof *FIXTURE_PICS; i++) {
		snprintf(p, sizeof p, "%s/images/%s", dir, FIXTURE_PICS[i]);
		FILE *f = fopen(p, "w");
		if (!f)
			return -1;
		fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>\n", f);
		fclose(f);
	}
	return 0;
}

static inline void fixture_assets_remove(const char *dir)
{
	char p[1024];
	for (size_t i = 0; i < sizeof FIXTURE_PICS / sizeof *FIXTURE_PICS; i++) {
		snprintf(p, sizeof p, "%s/images/%s", dir, FIXTURE_PICS[i]);
		unlink(p);
	}
	for (size_t i = sizeof FIXTURE_DIRS / sizeof *FIXTURE_DIRS; i-- > 0;) {
		snprintf(p, sizeof p, "%s%s", dir, FIXTURE_DIRS[i]);
		rmdir(p);
	}
}

#endif
