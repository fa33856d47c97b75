/*
 * fields_uk.c: UK phone numbers and postcodes.
 */
#include "store/fields.h"

#include <stdbool.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* National numbers are exactly this many digits, the leading 0 included. */
#define PHONE_DIGITS 11

/* How a national number is grouped for reading back, by its start. The
 * first matching row wins; 'x' matches any digit. Group sizes add to 11. */
static const struct {
	const char *prefix;
	int groups[3];
} phone_groups[] = {
	{ "07", { 5, 6, 0 } },		/* 07700 900123 */
	{ "02", { 3, 4, 4 } },		/* 020 7946 0000 */
	{ "011", { 4, 3, 4 } },		/* 0113 496 0000 */
	{ "01x1", { 4, 3, 4 } },	/* 0161 496 0000 */
	{ "03", { 4, 3, 4 } },		/* 0300 123 4567 */
	{ "01", { 5, 6, 0 } },		/* 01632 960000 */
};

static bool prefix_matches(const char *num, const char *prefix)
{
	for (; *prefix; prefix++, num++)
		if (*prefix != 'x' && *prefix != *num)
			return false;
	return true;
}

static void phone_format(const char *nat, char *out)
{
	for (size_t i = 0; i < sizeof phone_groups / sizeof phone_groups[0]; i++) {
		if (!prefix_matches(nat, phone_groups[i].prefix))
			continue;
		for (int g = 0; g < 3 && phone_groups[i].groups[g]; g++) {
			if (g)
				*out++ = ' ';
			memcpy(out, nat, (size_t)phone_groups[i].groups[g]);
			out += phone_groups[i].groups[g];
			nat += phone_groups[i].groups[g];
		}
		break;
	}
	*out = '\0';
}

/*
 * Reduces in to its digits and a leading '+'. Spaces, hyphens and brackets
 * are what people put in numbers; anything else is a mistake to point out.
 * Keeps at most cap digits in d but counts them all in *nd.
 */
static enum fields_err phone_digits(const char *in, char *d, size_t cap,
				    size_t *nd, bool *plus)
{
	*nd = 0;
	*plus = false;
	for (; *in; in++) {
		char c = *in;
		if (c == ' ' || c == '\t' || c == '-' || c == '(' || c == ')')
			continue;
		if (c == '+' && !*plus && *nd == 0) {
			*plus = true;
		} else if (is_digit(c)) {
			if (*nd < cap)
				d[*nd] = c;
			(*nd)++;
		} else {
			return FIELDS_PHONE_BAD_CHAR;
		}
	}
	return FIELDS_OK;
}

enum fields_err fields_phone(const char *in, char *out, size_t outlen)
{
	char d[24], nat[sizeof d + 1];
	size_t nd, skip;
	bool plus;
	enum fields_err err;

	if (!in || !out || outlen == 0)
		return FIELDS_NOSPACE;
	out[0] = '\0';
	if ((err = phone_digits(in, d, sizeof d, &nd, &plus)))
		return err;
	if (!plus && nd == 0)
		return FIELDS_PHONE_EMPTY;

	/* Find where the national digits after the leading 0 begin. */
	if (plus) {
		if (nd < 2 || d[0] != '4' || d[1] != '4')
			return FIELDS_PHONE_NOT_UK;
		skip = 2;
	} else if (nd >= 2 && d[0] == '0' && d[1] == '0') {
		if (nd < 4 || d[2] != '4' || d[3] != '4')
			return FIELDS_PHONE_NOT_UK;
		skip = 4;
	} else if (d[0] == '0') {
		skip = 1;
	} else {
		return FIELDS_PHONE_NOT_UK;
	}
	/* "+44 (0)113 ...": the 0 in brackets is the trunk prefix again. */
	if (skip > 1 && nd > skip && d[skip] == '0')
		skip++;

	size_t n = nd - skip + 1;	/* national length, with its 0 */
	size_t kept = nd < sizeof d ? nd : sizeof d;
	nat[0] = '0';
	memcpy(nat + 1, d + skip, kept > skip ? kept - skip : 0);
	nat[kept > skip ? kept - skip + 1 : 1] = '\0';

	if (n >= 2 && !strchr("1237", nat[1]))
		return FIELDS_PHONE_TYPE;
	if (n < PHONE_DIGITS)
		return FIELDS_PHONE_SHORT;
	if (n > PHONE_DIGITS)
		return FIELDS_PHONE_LONG;
	char pretty[PHONE_DIGITS + 3];	/* up to two spaces and the NUL */
	phone_format(nat, pretty);
	if (strlen(pretty) >= outlen)
		return FIELDS_NOSPACE;
	strcpy(out, pretty);
	return FIELDS_OK;
}

/* Outward codes, 'A' a letter and '9' a digit. The inward code is always
 * 9AA. */
static const char *const outward_shapes[] = {
	"A9", "A99", "AA9", "AA99", "A9A", "AA9A",
};

static bool shape_matches(const char *s, const char *shape, size_t n)
{
	if (strlen(shape) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'A' ? !is_letter(s[i]) : !is_digit(s[i]))
			return false;
	return true;
}

static bool postcode_ok(const char *pc, size_t n)
{
	if (n == 6 && !memcmp(pc, "GIR0AA", 6))
		return true;	/* the one historic exception (Girobank) */
	if (n < 5 || n > 7 || !shape_matches(pc + n - 3, "9AA", 3))
		return false;
	for (size_t i = 0; i < sizeof outward_shapes / sizeof outward_shapes[0]; i++)
		if (shape_matches(pc, outward_shapes[i], n - 3))
			return true;
	return false;
}

enum fields_err fields_postcode(const char *in, char *out, size_t outlen)
{
	char pc[8];
	size_t n = 0;

	if (!in || !out || outlen == 0)
		return FIELDS_NOSPACE;
	out[0] = '\0';
	for (; *in; in++) {
		char c = *in;
		if (c == ' ' || c == '\t')
			continue;
		if (!is_letter(c) && !is_digit(c))
			return FIELDS_POSTCODE_BAD_CHAR;
		if (n < sizeof pc)
			pc[n] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
		n++;
	}
	if (n == 0)
		return FIELDS_POSTCODE_EMPTY;
	if (!postcode_ok(pc, n))
		return FIELDS_POSTCODE_SHAPE;
	if (outlen < n + 2)
		return FIELDS_NOSPACE;
	memcpy(out, pc, n - 3);
	out[n - 3] = ' ';
	memcpy(out + n - 2, pc + n - 3, 3);
	out[n + 1] = '\0';
	return FIELDS_OK;
}
