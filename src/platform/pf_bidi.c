/*
 * pf_bidi.c: bidi runs with GNU FriBidi (rules P2 to L1 of UAX #9, then L2
 * on whole runs) and the choice of font for each character.
 */
#include "platform/pf_bidi.h"

#include <assert.h>
#include <fribidi.h>

uint32_t pf_utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[(*i)++];
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (!extra || *i + (size_t)extra > len)
		return c;
	for (int k = 0; k < extra; k++)
		if ((u[*i + (size_t)k] & 0xC0) != 0x80)
			return c;
	c &= 0x3Fu >> extra;
	for (int k = 0; k < extra; k++)
		c = (c << 6) | (u[(*i)++] & 0x3F);
	return c;
}

/* Characters either font draws: they join the run beside them, so a space
 * or a comma between two Urdu words does not cut the shaping in two. */
static bool is_common(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
	return c == 0xA0 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* Characters Noto Sans draws: Latin, Greek, Cyrillic, their punctuation,
 * currency signs and symbols. Everything else wants the script font. */
static bool in_noto_sans(uint32_t c)
{
	return c < 0x0590 || (c >= 0x1D00 && c <= 0x1FFF) || (c >= 0x2000 && c <= 0x2BFF) ||
	       (c >= 0xA640 && c <= 0xA7FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

/* 0: Noto Sans, 1: script font, 2: common (decided by its neighbours). */
static uint8_t font_class(uint32_t c)
{
	return is_common(c) ? 2 : in_noto_sans(c) ? 0 : 1;
}

/* A common character takes the class of the nearest other character at its
 * level, before it if there is one, else after it; Noto Sans if none, or
 * if the script font does not draw it. */
static void settle_common(const FriBidiChar *cp, const FriBidiLevel *lv, uint8_t *cls, size_t n,
			  pf_covers_fn covers, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		if (cls[i] != 2)
			continue;
		uint8_t k = 2;
		for (size_t j = i; j-- > 0 && lv[j] == lv[i];)
			if (cls[j] != 2) {
				k = cls[j];
				break;
			}
		for (size_t j = i + 1; k == 2 && j < n && lv[j] == lv[i]; j++)
			if (cls[j] != 2)
				k = cls[j];
		if (k == 1 && covers && !covers(ctx, cp[i]))
			k = 0;
		cls[i] = k == 2 ? 0 : k;
	}
}

static void reverse_runs(struct pf_run *r, size_t a, size_t b)
{
	while (a + 1 < b) {
		struct pf_run t = r[a];
		r[a++] = r[--b];
		r[b] = t;
	}
}

/* Rule L2 on runs: from the highest level down to the lowest odd one,
 * reverse every stretch of runs at that level or above. */
static void reorder(struct pf_run *r, size_t n)
{
	uint8_t hi = 0, lo_odd = 255;
	for (size_t i = 0; i < n; i++) {
		if (r[i].level > hi)
			hi = r[i].level;
		if ((r[i].level & 1) && r[i].level < lo_odd)
			lo_odd = r[i].level;
	}
	for (int lev = hi; lev >= lo_odd && lev > 0; lev--)
		for (size_t i = 0; i < n;) {
			if (r[i].level < lev) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < n && r[j].level >= lev)
				j++;
			reverse_runs(r, i, j);
			i = j;
		}
}

bool pf_bidi_has_rtl(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		FriBidiCharType t = fribidi_get_bidi_type(pf_utf8_next(s, len, &i));
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
			return true;
	}
	return false;
}

size_t pf_bidi_runs(const char *s, size_t len, bool rtl, pf_covers_fn covers, void *ctx,
		    struct pf_run *runs, size_t max)
{
	static_assert(PF_BIDI_MAX < 65536, "levels index");
	FriBidiChar cp[PF_BIDI_MAX];
	FriBidiCharType types[PF_BIDI_MAX];
	FriBidiBracketType brackets[PF_BIDI_MAX];
	FriBidiLevel lv[PF_BIDI_MAX];
	uint8_t cls[PF_BIDI_MAX];
	size_t at[PF_BIDI_MAX + 1];
	size_t n = 0, i = 0;
	if (!len || !max)
		return 0;
	while (i < len && n < PF_BIDI_MAX) {
		at[n] = i;
		cp[n] = pf_utf8_next(s, len, &i);
		cls[n] = font_class(cp[n]);
		n++;
	}
	at[n] = i;
	fribidi_get_bidi_types(cp, (FriBidiStrIndex)n, types);
	fribidi_get_bracket_types(cp, (FriBidiStrIndex)n, types, brackets);
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
	if (!fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n, &base, lv))
		for (size_t k = 0; k < n; k++)
			lv[k] = rtl;
	settle_common(cp, lv, cls, n, covers, ctx);
	size_t nr = 0;
	for (size_t k = 0; k < n; k++) {
		bool join = nr && runs[nr - 1].level == lv[k] && runs[nr - 1].script == (cls[k] == 1);
		if (join || nr == max) {
			runs[nr - 1].len = at[k + 1] - runs[nr - 1].off;
			continue;
		}
		runs[nr++] = (struct pf_run){at[k], at[k + 1] - at[k], lv[k], cls[k] == 1};
	}
	/* Past PF_BIDI_MAX code points: the rest joins the last run. */
	runs[nr - 1].len = len - runs[nr - 1].off;
	reorder(runs, nr);
	return nr;
}
