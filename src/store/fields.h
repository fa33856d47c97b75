/*
 * fields: checking and tidying what a visitor types into the expression of
 * interest form, before it goes into a lead.
 *
 * The C code holds no user-facing English. Each check returns an enum
 * fields_err; fields_err_key() turns it into a strings-file key such as
 * "err.phone.short", and the UI shows the text for that key in the
 * visitor's language (kiosk-config/strings/form.json has every key;
 * store_fields checks it).
 *
 * Every function reads a NUL-terminated UTF-8 string `in` and, on
 * FIELDS_OK, writes the normalised value as a NUL-terminated string into
 * out[0..outlen). On any error out is set to "" (when outlen > 0) so a
 * half-checked value can never be stored by mistake. None of them keeps a
 * pointer, allocates or logs. FIELDS_NOSPACE means outlen was too small;
 * FIELDS_BUF_MIN is always enough (the longest valid value is an email).
 */
#ifndef KIOSK_FIELDS_H
#define KIOSK_FIELDS_H

#include <stddef.h>

/* Enough room for any valid normalised value: 254 bytes of email plus NUL. */
#define FIELDS_BUF_MIN 256

/* Limits for names: counted in Unicode code points, not bytes. */
#define FIELDS_NAME_MAX_CHARS 40

enum fields_err {
	FIELDS_OK = 0,
	FIELDS_NOSPACE,		/* out buffer too small: a bug, not the visitor */

	FIELDS_NAME_EMPTY,	/* nothing but spaces (or no letter at all) */
	FIELDS_NAME_TOO_LONG,	/* more than FIELDS_NAME_MAX_CHARS characters */
	FIELDS_NAME_BAD_CHAR,	/* digit, symbol or control character */
	FIELDS_NAME_BAD_UTF8,	/* not valid UTF-8 */

	FIELDS_PHONE_EMPTY,
	FIELDS_PHONE_BAD_CHAR,	/* letters or symbols other than + ( ) - space */
	FIELDS_PHONE_NOT_UK,	/* does not start 0, +44 or 0044 */
	FIELDS_PHONE_SHORT,	/* fewer than 11 digits in national form */
	FIELDS_PHONE_LONG,	/* more than 11 digits in national form */
	FIELDS_PHONE_TYPE,	/* not 01, 02, 03 or 07: premium, freephone, ... */

	FIELDS_EMAIL_EMPTY,
	FIELDS_EMAIL_SPACE,	/* a space inside the address */
	FIELDS_EMAIL_NO_AT,
	FIELDS_EMAIL_TWO_AT,
	FIELDS_EMAIL_NO_NAME,	/* nothing before the @ */
	FIELDS_EMAIL_NO_DOMAIN,	/* nothing after the @ */
	FIELDS_EMAIL_NO_DOT,	/* the domain has no dot */
	FIELDS_EMAIL_BAD_CHAR,	/* a character an address cannot hold */
	FIELDS_EMAIL_DOTS,	/* "..", or a dot first or last in either part */
	FIELDS_EMAIL_TOO_LONG,	/* over 254 characters, or over 64 before the @ */

	FIELDS_POSTCODE_EMPTY,
	FIELDS_POSTCODE_SHAPE,	/* letters and digits, but not a UK shape */
	FIELDS_POSTCODE_BAD_CHAR, /* anything but letters, digits and spaces */

	FIELDS_ERR_COUNT
};

/*
 * A person's name. Trims, and collapses runs of spaces (including no-break
 * and other Unicode spaces) into one ASCII space. Accepts:
 *  - letters: ASCII letters and every code point from U+0080 except C1
 *    controls, format characters, line/paragraph separators, Latin-1 and
 *    general punctuation and symbols, emoji, private use, noncharacters and
 *    the digits of the commonest other scripts (so combining accents pass);
 *  - hyphen (- U+2010 U+2011), apostrophe (' U+2019), full stop, U+00B7
 *    (Catalan l·l), and U+200C/U+200D between two letters (needed to spell
 *    some Persian and Indic names).
 * The text is otherwise kept exactly as typed: no case change and no
 * Unicode normalisation (a decomposed name counts more characters).
 * Errors: FIELDS_NAME_BAD_UTF8, FIELDS_NAME_BAD_CHAR, FIELDS_NAME_EMPTY
 * (also for punctuation without a letter), FIELDS_NAME_TOO_LONG.
 */
enum fields_err fields_name(const char *in, char *out, size_t outlen);

/*
 * A UK phone number, normalised to national form with spaces:
 * "07700 900123", "020 7946 0000", "0113 496 0000", "0161 496 0000",
 * "01632 960000", "0300 123 4567". Spaces, hyphens and brackets are ignored;
 * +44 and 0044 become 0, and a trunk "(0)" after them ("+44 (0)113 ...") is
 * dropped. Must then be 11 digits starting 01, 02, 03 or 07.
 * Errors: FIELDS_PHONE_EMPTY, _BAD_CHAR, _NOT_UK, _TYPE, _SHORT, _LONG
 * (the type is judged before the length, so "0800 123 456" is _TYPE).
 */
enum fields_err fields_phone(const char *in, char *out, size_t outlen);

/*
 * An email address. Trims surrounding whitespace and lower-cases the domain
 * (the part before the @ is kept as typed: some mail systems care). Only
 * ASCII addresses: letters, digits and !#$%&'*+/=?^_`{|}~.- before the @,
 * letters, digits, hyphen and dot after it.
 * Errors, in the order checked: FIELDS_EMAIL_EMPTY, _TOO_LONG, _SPACE,
 * _NO_AT, _TWO_AT, _NO_NAME, _NO_DOMAIN, _BAD_CHAR, _DOTS, _NO_DOT.
 */
enum fields_err fields_email(const char *in, char *out, size_t outlen);

/*
 * A UK postcode in any case and spacing: "ls1 4ap" -> "LS1 4AP",
 * "SW1A1AA" -> "SW1A 1AA". Shapes accepted (A letter, 9 digit): A9 9AA,
 * A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA, and GIR 0AA.
 * Errors: FIELDS_POSTCODE_EMPTY, _BAD_CHAR, _SHAPE.
 */
enum fields_err fields_postcode(const char *in, char *out, size_t outlen);

/* The strings-file key for err, e.g. "err.phone.short"; NULL for FIELDS_OK;
 * "err.internal" for FIELDS_NOSPACE and out-of-range values. The string is
 * static. */
const char *fields_err_key(enum fields_err err);

#endif
