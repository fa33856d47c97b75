/*
 * Export: CSV quoting, the byte order mark and formula protection, JSON,
 * filters, and the USB export (finding a drive, file names, durability,
 * marking exported).
 */
#include "util.h"

#include "store/export.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BOM "\xEF\xBB\xBF"
#define HEADER                                                                          \
	"id,created_at,clock_synced,event,device,status,first_name,last_name,phone,email,postcode,roles," \
	"availability,drives,benefits,heard_from,contact_time,consent_contact,"          \
	"consent_share,share_partners,include_quiz,quiz_summary,other\r\n"

/* What f wrote, as a string the caller frees. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static char *mem_close(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	return m->buf;
}

static void test_csv_field(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} rows[] = {
		{"", ""},
		{"plain", "plain"},
		{"Zo\xc3\xab Testperson", "Zo\xc3\xab Testperson"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"line\nbreak", "\"line\nbreak\""},
		{"cr\rhere", "\"cr\rhere\""},
		{"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
		{"=1+2", "'=1+2"},
		{"+44 7700 900123", "'+44 7700 900123"},
		{"-5", "'-5"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\tindent", "'\tindent"},
		{"\rstart", "\"'\rstart\""},
		{"a=b", "a=b"},
		{" =spaced", " =spaced"},
		{"'quoted", "'quoted"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct mem m;
		mem_open(&m);
		assert_int_equal(export_csv_field(m.f, rows[i].in), 0);
		char *got = mem_close(&m);
		if (strcmp(got, rows[i].out))
			fail_msg("row %zu: got [%s], want [%s]", i, got, rows[i].out);
		free(got);
	}
	struct mem m;
	mem_open(&m);
	assert_int_equal(export_csv_field(m.f, NULL), 0);
	char *got = mem_close(&m);
	assert_string_equal(got, "");
	free(got);
}

static void test_csv_header(void **state)
{
	(void)state;
	struct mem m;
	mem_open(&m);
	assert_int_equal(export_csv_header(m.f, NULL), 0);
	char *got = mem_close(&m);
	assert_string_equal(got, BOM HEADER);
	free(got);
}

/* A stand-in string table: "export.col.X" -> a label; phone has none. */
static const char *fake_find(void *ctx, const char *key)
{
	static const char *const table[][2] = {
		{"export.col.id", "Lead ID"},
		{"export.col.first_name", "First name"},
		{"export.col.share_partners", "Partners, named"},
		{"export.col.other", "Other answers"},
	};
	(void)ctx;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (!strcmp(key, table[i][0]))
			return table[i][1];
	return NULL;
}

/* Staff read the labels from kiosk-config; a column without one keeps its id. */
static void test_csv_header_labels(void **state)
{
	(void)state;
	struct export_labels l;
	export_labels_from(&l, fake_find, NULL);
	assert_string_equal(export_column_id(0), "id");
	assert_string_equal(export_column_id(EXPORT_NCOLS - 1), "other");
	assert_null(export_column_id(EXPORT_NCOLS));
	struct mem m;
	mem_open(&m);
	assert_int_equal(export_csv_header(m.f, &l), 0);
	char *got = mem_close(&m);
	assert_string_equal(got, BOM "Lead ID,created_at,clock_synced,event,device,status,First name,last_name,"
				     "phone,email,postcode,roles,availability,drives,benefits,"
				     "heard_from,contact_time,consent_contact,consent_share,"
				     "\"Partners, named\",include_quiz,quiz_summary,Other answers\r\n");
	free(got);
}

static const char answers[] =
	"{\"first_name\":\"Zo\xc3\xab\",\"last_name\":\"=HYPERLINK(\\\"http://x\\\")\","
	"\"phone\":\"07700 900123\",\"email\":\"zoe@example.org\",\"postcode\":\"LS1 4AP\","
	"\"roles\":[\"home-care-worker\",\"night-care-worker\"],"
	"\"availability\":{\"days\":[\"mon\",\"tue\"],\"hours\":16},"
	"\"drives\":true,\"benefits\":false,\"heard_from\":\"Job Centre, Leeds\","
	"\"contact_time\":null,\"consent_contact\":true,\"consent_share\":true,"
	"\"share_partners\":[\"Leeds City College\",\"Care Co\"],"
	"\"quiz_summary\":\"Kind, \\\"patient\\\"\\nand calm\",\"shoe_size\":7}";

static struct store_lead sample(void)
{
	return (struct store_lead){
		.id = "0f8e4c52-6f0a-4c1e-9d1b-2a5b8c7d6e5f",
		.created_at = "2026-03-03T10:15:02Z",
		.event = "Leeds Careers Fair 2026-03",
		.device = "kiosk-1",
		.app_version = "0.1.0",
		.content_version = "c0ffee01",
		.lang = "en",
		.answers_json = (char *)answers,
		.status = "queued",
	};
}

static void test_csv_lead(void **state)
{
	(void)state;
	struct store_lead l = sample();
	l.clock = STORE_CLOCK_SYNCED;
	struct mem m;
	mem_open(&m);
	assert_int_equal(export_csv_lead(m.f, &l, NULL), 0);
	char *got = mem_close(&m);
	assert_string_equal(got,
			    "0f8e4c52-6f0a-4c1e-9d1b-2a5b8c7d6e5f,2026-03-03T10:15:02Z,yes,"
			    "Leeds Careers Fair 2026-03,kiosk-1,queued,"
			    "Zo\xc3\xab,\"'=HYPERLINK(\"\"http://x\"\")\",07700 900123,zoe@example.org,"
			    "LS1 4AP,home-care-worker; night-care-worker,"
			    "days: mon; tue; hours: 16,yes,no,\"Job Centre, Leeds\",,yes,yes,"
			    "Leeds City College; Care Co,,"
			    "\"Kind, \"\"patient\"\"\nand calm\",shoe_size: 7\r\n");
	free(got);

	/* No answers at all, and the clock not known: the row still has
	 * every column. */
	l.answers_json = "{}";
	l.clock = STORE_CLOCK_UNKNOWN;
	mem_open(&m);
	assert_int_equal(export_csv_lead(m.f, &l, NULL), 0);
	got = mem_close(&m);
	assert_string_equal(got, "0f8e4c52-6f0a-4c1e-9d1b-2a5b8c7d6e5f,2026-03-03T10:15:02Z,,"
				 "Leeds Careers Fair 2026-03,kiosk-1,queued,,,,,,,,,,,,,,,,,\r\n");
	free(got);
}

static void test_json_lead(void **state)
{
	(void)state;
	struct store_lead l = sample();
	struct mem m;
	mem_open(&m);
	assert_int_equal(export_json_lead(m.f, &l), 0);
	char *got = mem_close(&m);
	cJSON *o = cJSON_Parse(got);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, l.id);
	assert_string_equal(cJSON_GetObjectItem(o, "content_version")->valuestring, "c0ffee01");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "sent_at")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "clock_synced")));
	const cJSON *a = cJSON_GetObjectItem(o, "answers");
	/* JSON keeps the exact text: no formula guard there. */
	assert_string_equal(cJSON_GetObjectItem(a, "last_name")->valuestring,
			    "=HYPERLINK(\"http://x\")");
	assert_string_equal(cJSON_GetObjectItem(a, "first_name")->valuestring, "Zo\xc3\xab");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "drives")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "roles")), 2);
	cJSON_Delete(o);
	free(got);
}

struct fx {
	char *dir, *media, *stick;
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = su_tmpdir(NULL);
	f->media = su_tmpdir(NULL);
	f->st = su_open(f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	su_rmrf(f->dir);
	su_rmrf(f->media);
	if (f->stick) {
		su_rmrf(f->stick);
		free(f->stick);
	}
	free(f->dir);
	free(f->media);
	free(f);
	return 0;
}

static void test_write_filters(void **state)
{
	struct fx *f = *state;
	char id[3][STORE_ID_LEN];
	for (int i = 0; i < 3; i++)
		su_add(f->st, T0 + i * MIN, answers, id[i]);
	assert_int_equal(store_mark_sent(f->st, id[1], T0 + 5 * MIN), STORE_OK);

	static const struct {
		const char *status;
		long want;
	} rows[] = {{NULL, 3}, {"queued", 2}, {"sent", 1}, {"rejected", 0}};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct store_filter flt = {.status = rows[i].status};
		struct export_ids ids = {0};
		struct mem c, j;
		long n = -1;
		mem_open(&c);
		mem_open(&j);
		assert_int_equal(export_write(f->st, &flt, NULL, c.f, j.f, &ids, &n, NULL), EXPORT_OK);
		char *csv = mem_close(&c), *json = mem_close(&j);
		assert_int_equal(n, rows[i].want);
		assert_int_equal((long)ids.n, rows[i].want);
		assert_memory_equal(csv, BOM HEADER, strlen(BOM HEADER));
		cJSON *arr = cJSON_Parse(json);
		assert_true(cJSON_IsArray(arr));
		assert_int_equal(cJSON_GetArraySize(arr), rows[i].want);
		cJSON_Delete(arr);
		free(csv);
		free(json);
		export_ids_free(&ids);
	}
	struct store_filter bad = {.since = "March"};
	struct mem c;
	mem_open(&c);
	assert_int_equal(export_write(f->st, &bad, NULL, c.f, NULL, NULL, NULL, NULL), EXPORT_INVALID);
	free(mem_close(&c));
}

/* A "stick": a folder on another filesystem, linked in as root/rel. */
static void plug_in(struct fx *f, const char *rel)
{
	const char *other = su_other_fs(f->media);
	if (!other)
		skip();	/* no second filesystem to stand in for a drive */
	f->stick = su_tmpdir(other);
	char *link = su_join(f->media, rel);
	char *slash = strrchr(link, '/');
	*slash = '\0';
	mkdir(link, 0700);
	*slash = '/';
	assert_int_equal(symlink(f->stick, link), 0);
	free(link);
}

static void test_find_usb(void **state)
{
	struct fx *f = *state;
	char out[PATH_MAX], want[PATH_MAX];
	/* Empty folders on the same disk (like /media/pi) are not drives. */
	char *pi = su_join(f->media, "pi");
	assert_int_equal(mkdir(pi, 0700), 0);
	char *empty = su_join(pi, "OLDSTICK");
	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_equal(export_find_usb(f->media, out, sizeof out), -1);
	assert_int_equal(export_find_usb("", out, sizeof out), -1);
	assert_int_equal(export_find_usb("/nonexistent-root:", out, sizeof out), -1);
	/* Two levels down, behind a missing root and an empty one. */
	plug_in(f, "pi/STICK");
	char roots[PATH_MAX * 2];
	snprintf(roots, sizeof roots, "/nonexistent-root::%s", f->media);
	assert_int_equal(export_find_usb(roots, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s/pi/STICK", f->media);
	assert_string_equal(out, want);
	assert_int_equal(export_find_usb(f->media, out, 8), -1);	/* too small */
	free(empty);
	free(pi);
}

static void test_usb_export(void **state)
{
	struct fx *f = *state;
	struct export_usb_result r;
	assert_int_equal(export_usb(f->st, f->media, "kiosk 1/hall", NULL, T0, &r), EXPORT_EMPTY);
	su_add(f->st, T0, answers, NULL);
	su_add(f->st, T0 + SEC, "{\"first_name\":\"\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9\"}", NULL);
	assert_int_equal(export_usb(f->st, f->media, "kiosk 1/hall", NULL, T0, &r), EXPORT_NO_DRIVE);
	plug_in(f, "KIOSKSTICK");

	char when[32], want[128];
	time_t t = (time_t)(T0 / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y%m%d-%H%M", &tm);
	for (int k = 1; k <= 2; k++) {
		assert_int_equal(export_usb(f->st, f->media, "kiosk 1/hall", NULL, T0, &r), EXPORT_OK);
		assert_int_equal(r.count, 2);
		assert_int_equal(r.store_err, STORE_OK);
		snprintf(want, sizeof want, k == 1 ? "carekiosk-kiosk-1-hall-%s.csv"
						   : "carekiosk-kiosk-1-hall-%s-2.csv", when);
		assert_string_equal(r.csv_name, want);
		char *path = su_join(r.dir, r.csv_name);
		size_t len;
		char *csv = su_slurp(path, &len);
		assert_memory_equal(csv, BOM HEADER, strlen(BOM HEADER));
		assert_non_null(strstr(csv, "\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9"));
		free(csv);
		free(path);
		path = su_join(r.dir, r.json_name);
		char *json = su_slurp(path, NULL);
		cJSON *arr = cJSON_Parse(json);
		assert_int_equal(cJSON_GetArraySize(arr), 2);
		cJSON_Delete(arr);
		free(json);
		free(path);
		/* The page for the office says plainly the leads are not sealed. */
		path = su_join(r.dir, r.readme_name);
		char *readme = su_slurp(path, NULL);
		assert_non_null(strstr(readme, "WARNING: 2 leads are NOT sealed"));
		assert_null(strstr(readme, "SEALED leads"));
		assert_int_equal(r.sealed, 0);
		free(readme);
		free(path);
	}
	/* Nothing half-written is left, and every lead is marked exported. */
	DIR *d = opendir(f->stick);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			files++;
		else
			assert_true(!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."));
	closedir(d);
	assert_int_equal(files, 8);	/* twice .csv, .json, -README.txt and -counts.csv */
	struct store_counts c;
	assert_int_equal(store_counts(f->st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.exported, 2);
	assert_int_equal(c.queued, 2);	/* still to upload */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_header),
		cmocka_unit_test(test_csv_header_labels),
		cmocka_unit_test(test_csv_lead),
		cmocka_unit_test(test_json_lead),
		cmocka_unit_test_setup_teardown(test_write_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_usb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usb_export, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
