/* escpos: exact bytes of commands, text wrapping, raster images, slips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "print/escpos.h"

#define B(...) ((const unsigned char[]){__VA_ARGS__}), sizeof((const unsigned char[]){__VA_ARGS__})

static void expect_bytes(const struct escpos_buf *b, const unsigned char *want, size_t n)
{
	assert_int_equal(b->err, ESCPOS_OK);
	if (b->len != n || memcmp(b->data, want, n) != 0) {
		print_error("got %zu bytes:", b->len);
		for (size_t i = 0; i < b->len; i++)
			print_error(" %02X", b->data[i]);
		print_error("\nwant %zu bytes:", n);
		for (size_t i = 0; i < n; i++)
			print_error(" %02X", want[i]);
		print_error("\n");
		fail();
	}
}

static enum escpos_err c_init(struct escpos_buf *b)
{
	return escpos_init(b);
}
static enum escpos_err c_page(struct escpos_buf *b)
{
	return escpos_codepage(b, 19);
}
static enum escpos_err c_centre(struct escpos_buf *b)
{
	return escpos_align(b, ESCPOS_CENTRE);
}
static enum escpos_err c_bold(struct escpos_buf *b)
{
	return escpos_bold(b, 1);
}
static enum escpos_err c_unbold(struct escpos_buf *b)
{
	return escpos_bold(b, 0);
}
static enum escpos_err c_fontb(struct escpos_buf *b)
{
	return escpos_font(b, 1);
}
static enum escpos_err c_tall(struct escpos_buf *b)
{
	return escpos_size(b, 1, 2);
}
static enum escpos_err c_big(struct escpos_buf *b)
{
	return escpos_size(b, 2, 2);
}
static enum escpos_err c_feed(struct escpos_buf *b)
{
	return escpos_feed(b, 3);
}
static enum escpos_err c_cut(struct escpos_buf *b)
{
	return escpos_cut(b, 1);
}
static enum escpos_err c_fullcut(struct escpos_buf *b)
{
	return escpos_cut(b, 0);
}
static enum escpos_err c_raster(struct escpos_buf *b)
{
	static const unsigned char bits[] = {0xA5, 0x0F};
	return escpos_raster(b, bits, 1, 2);
}
static enum escpos_err c_native(struct escpos_buf *b)
{
	return escpos_qr_native(b, "hi", 4);
}

static void test_commands(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		enum escpos_err (*fn)(struct escpos_buf *);
		unsigned char want[48];
		size_t n;
	} cases[] = {
		{"init", c_init, {0x1B, 0x40}, 2},
		{"codepage", c_page, {0x1B, 0x74, 19}, 3},
		{"centre", c_centre, {0x1B, 0x61, 1}, 3},
		{"bold", c_bold, {0x1B, 0x45, 1}, 3},
		{"unbold", c_unbold, {0x1B, 0x45, 0}, 3},
		{"font b", c_fontb, {0x1B, 0x4D, 1}, 3},
		{"tall", c_tall, {0x1D, 0x21, 0x01}, 3},
		{"big", c_big, {0x1D, 0x21, 0x11}, 3},
		{"feed", c_feed, {0x1B, 0x64, 3}, 3},
		{"cut", c_cut, {0x1D, 0x56, 1}, 3},
		{"full cut", c_fullcut, {0x1D, 0x56, 0}, 3},
		/* GS v 0, m=0, xL xH = 1 byte, yL yH = 2 rows, then the rows. */
		{"raster", c_raster, {0x1D, 0x76, 0x30, 0, 1, 0, 2, 0, 0xA5, 0x0F}, 10},
		{"native qr",
		 c_native,
		 {0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0,        /* model 2 */
		  0x1D, 0x28, 0x6B, 3, 0, 49, 67, 4,            /* module 4 dots */
		  0x1D, 0x28, 0x6B, 3, 0, 49, 69, 49,           /* ECC M */
		  0x1D, 0x28, 0x6B, 5, 0, 49, 80, 48, 'h', 'i', /* store */
		  0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48},          /* print */
		 43},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct escpos_buf b = {0};
		print_message("%s\n", cases[i].name);
		assert_int_equal(cases[i].fn(&b), ESCPOS_OK);
		expect_bytes(&b, cases[i].want, cases[i].n);
		escpos_buf_free(&b);
	}
}

static void test_bad_args_are_sticky(void **state)
{
	(void)state;
	struct escpos_buf b = {0};
	assert_int_equal(escpos_init(&b), ESCPOS_OK);
	assert_int_equal(escpos_size(&b, 0, 1), ESCPOS_BAD_ARG);
	assert_int_equal(escpos_init(&b), ESCPOS_BAD_ARG); /* no-op now */
	assert_int_equal(b.len, 2);
	escpos_buf_free(&b);

	static const unsigned char px[1] = {0};
	const struct {
		int w, h;
		enum escpos_err want;
	} raster[] = {{0, 1, ESCPOS_BAD_ARG},
		      {256, 1, ESCPOS_BAD_ARG},
		      {1, 0, ESCPOS_BAD_ARG},
		      {1, 2304, ESCPOS_TOO_BIG}};
	for (size_t i = 0; i < sizeof raster / sizeof raster[0]; i++) {
		struct escpos_buf r = {0};
		assert_int_equal(escpos_raster(&r, px, raster[i].w, raster[i].h), raster[i].want);
		assert_int_equal(r.len, 0);
		escpos_buf_free(&r);
	}
	struct escpos_buf r = {0};
	assert_int_equal(escpos_feed(&r, 256), ESCPOS_BAD_ARG);
	escpos_buf_free(&r);
	assert_int_equal(escpos_text(&r, "x", 0), ESCPOS_BAD_ARG);
	escpos_buf_free(&r);
	assert_int_equal(escpos_qr_native(&r, "x", 17), ESCPOS_BAD_ARG);
	escpos_buf_free(&r);
	assert_int_equal(escpos_init(NULL), ESCPOS_BAD_ARG);
}

static void test_text_wrap(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int cols;
		const char *want;
	} cases[] = {
		{"hello world", 5, "hello\nworld\n"},
		{"hello world", 11, "hello world\n"},
		{"hello world", 10, "hello\nworld\n"},
		{"a b c", 3, "a b\nc\n"},
		{"abcdefgh", 3, "abc\ndef\ngh\n"},
		{"ab abcdefg", 4, "ab\nabcd\nefg\n"},
		{"one two three", 7, "one two\nthree\n"},
		{"  lots   of   space  ", 20, "lots of space\n"},
		{"", 10, "\n"},
		{"x\ny", 10, "x\ny\n"},
		{"x\n", 10, "x\n"},
		{"x\n\ny", 10, "x\n\ny\n"},
		{"Caf\xc3\xa9 \xc2\xa3"
		 "5",
		 32,
		 "Caf\x82 \x9c"
		 "5\n"},
		{"Nguy\xe1\xbb\x85n Thi", 6, "Nguyen\nThi\n"},
		{"https://wecare.example.org/x", 10, "https://we\ncare.examp\nle.org/x\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct escpos_buf b = {0};
		assert_int_equal(escpos_text(&b, cases[i].in, cases[i].cols), ESCPOS_OK);
		size_t n = strlen(cases[i].want);
		if (b.len != n || memcmp(b.data, cases[i].want, n) != 0)
			fail_msg("case %zu: \"%s\" at %d: got \"%.*s\"", i, cases[i].in,
				 cases[i].cols, (int)b.len, b.data);
		escpos_buf_free(&b);
	}
}

static void test_qr_raster_exact(void **state)
{
	(void)state;
	/* A 1x1 "symbol", 1 dot a module, on 16-dot paper: side 9, left 3, so
	 * the dark module sits at x = 3 + 4 = 7, row 4. */
	unsigned char one = 1;
	struct qr q1 = {1, &one};
	unsigned char want1[8 + 9 * 2] = {0x1D, 0x76, 0x30, 0, 2, 0, 9, 0};
	want1[8 + 4 * 2] = 0x01;
	struct escpos_buf b = {0};
	assert_int_equal(escpos_qr_raster(&b, &q1, 1, 16), ESCPOS_OK);
	expect_bytes(&b, want1, sizeof want1);
	escpos_buf_free(&b);

	/* 2x2 diagonal, 2 dots a module, 24-dot paper: side 20, left 2, quiet
	 * zone 8 dots: modules at x 10-11 (rows 8-9) and 12-13 (rows 10-11). */
	unsigned char diag[4] = {1, 0, 0, 1};
	struct qr q2 = {2, diag};
	unsigned char want2[8 + 20 * 3] = {0x1D, 0x76, 0x30, 0, 3, 0, 20, 0};
	want2[8 + 8 * 3 + 1] = want2[8 + 9 * 3 + 1] = 0x30;
	want2[8 + 10 * 3 + 1] = want2[8 + 11 * 3 + 1] = 0x0C;
	assert_int_equal(escpos_qr_raster(&b, &q2, 2, 24), ESCPOS_OK);
	expect_bytes(&b, want2, sizeof want2);
	escpos_buf_free(&b);

	assert_int_equal(escpos_qr_raster(&b, &q2, 3, 24), ESCPOS_TOO_BIG); /* 30 > 24 */
	escpos_buf_free(&b);
	assert_int_equal(escpos_qr_raster(&b, &q2, 1, 20), ESCPOS_BAD_ARG); /* not /8 */
	escpos_buf_free(&b);
}

static void test_geometry(void **state)
{
	(void)state;
	static const struct {
		int mm, dots, cols_a, cols_b;
	} paper[] = {{58, 384, 32, 42}, {80, 576, 48, 64}, {70, 0, 0, 0}};
	for (size_t i = 0; i < sizeof paper / sizeof paper[0]; i++) {
		assert_int_equal(escpos_paper_dots(paper[i].mm), paper[i].dots);
		assert_int_equal(escpos_cols(paper[i].mm, 0), paper[i].cols_a);
		assert_int_equal(escpos_cols(paper[i].mm, 1), paper[i].cols_b);
	}
	static const struct {
		int size, mm, want;
	} mod[] = {{21, 58, 6},  {37, 58, 6},  {41, 58, 6},  {49, 58, 6},  {57, 58, 5},
		   {77, 58, 4},  {113, 58, 3}, {117, 58, 3}, {121, 58, 0}, {177, 58, 0},
		   {177, 80, 3}, {97, 80, 5},  {21, 70, 0}};
	for (size_t i = 0; i < sizeof mod / sizeof mod[0]; i++)
		assert_int_equal(escpos_qr_module_dots(mod[i].size, mod[i].mm), mod[i].want);
}

static int bytes_at(const struct escpos_buf *b, size_t off, const void *want, size_t n)
{
	return off + n <= b->len && memcmp(b->data + off, want, n) == 0;
}

static int contains(const struct escpos_buf *b, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, needle, n) == 0)
			return 1;
	return 0;
}

static void test_slip(void **state)
{
	(void)state;
	const struct slip s = {
		.title = "Step into Care",
		.when = "Tuesday 1 December 2026, 09:30-14:30",
		.venue = "Caf\xc3\xa9 Mosaic, LS8 5PL",
		.url = "https://wecare.example.org/courses/sic-2026-12",
		.bring_heading = "What to bring",
		.bring = "Photo ID\nA pen",
		.footer = "See you there",
	};
	static const struct {
		int mm, native;
		unsigned char raster_wb;
	} cases[] = {{58, 0, 48}, {80, 0, 72}, {58, 1, 0}, {80, 1, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct escpos_buf b = {0};
		const struct escpos_opts o = {cases[i].mm, cases[i].native};
		assert_int_equal(escpos_slip(&b, &s, &o), ESCPOS_OK);
		assert_true(bytes_at(&b, 0, B(0x1B, 0x40, 0x1B, 0x74, 19)));
		assert_true(bytes_at(&b, b.len - 6, B(0x1B, 0x64, 4, 0x1D, 0x56, 1)));
		assert_true(contains(&b, "Step into Care\n", 15));
		assert_true(contains(&b, "Caf\x82 Mosaic, LS8 5PL\n", 21));
		assert_true(contains(&b, "Photo ID\nA pen\n", 15));
		if (cases[i].native) {
			assert_true(contains(&b, B(0x1D, 0x28, 0x6B)));
			assert_false(contains(&b, B(0x1D, 0x76, 0x30)));
		} else {
			assert_true(contains(&b, B(0x1D, 0x76, 0x30, 0, cases[i].raster_wb, 0)));
		}
		escpos_buf_free(&b);
	}

	struct escpos_buf b = {0};
	struct slip bad = s;
	struct escpos_opts o = {58, 0};
	bad.title = NULL;
	assert_int_equal(escpos_slip(&b, &bad, &o), ESCPOS_BAD_ARG);
	escpos_buf_free(&b);
	o.paper_mm = 70;
	assert_int_equal(escpos_slip(&b, &s, &o), ESCPOS_BAD_ARG);
	escpos_buf_free(&b);

	/* Optional parts left out: still a valid slip. */
	const struct slip minimal = {.title = "T", .url = "https://a.example.org/"};
	o.paper_mm = 58;
	assert_int_equal(escpos_slip(&b, &minimal, &o), ESCPOS_OK);
	escpos_buf_free(&b);

	/* A link too long for a QR code on 58 mm paper. */
	char *longurl = malloc(1500);
	assert_non_null(longurl);
	memset(longurl, 'a', 1499);
	memcpy(longurl, "https://", 8);
	longurl[1499] = '\0';
	struct slip lng = s;
	lng.url = longurl;
	assert_int_equal(escpos_slip(&b, &lng, &o), ESCPOS_TOO_BIG);
	escpos_buf_free(&b);
	free(longurl);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = ESCPOS_OK; e <= ESCPOS_QR; e++)
		assert_true(strlen(escpos_strerror((enum escpos_err)e)) > 3);
	assert_non_null(escpos_strerror((enum escpos_err)42));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_bad_args_are_sticky),
		cmocka_unit_test(test_text_wrap),
		cmocka_unit_test(test_qr_raster_exact),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_slip),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
