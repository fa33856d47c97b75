/*
 * ui_theme.c: palettes to themes, and the text colour pairs they draw.
 */
#include "ui/ui_theme.h"

#include <math.h>

static struct ui_color color(struct config_rgb c)
{
	return (struct ui_color){c.r, c.g, c.b, 255};
}

struct theme ui_theme_from(const struct config_palette *p)
{
	return (struct theme){
		.bg = color(p->bg),
		.surface = color(p->surface),
		.primary = color(p->primary),
		.on_primary = color(p->on_primary),
		.accent = color(p->accent),
		.on_accent = color(p->on_accent),
		.text = color(p->text),
		.muted = color(p->muted),
		.line = color(p->line),
		.focus = color(p->focus),
		.danger = color(p->danger),
		.scrim = {20, 30, 50, 170},
	};
}

/* sRGB channel to linear light (WCAG 2's relative luminance). */
static double lin(uint8_t v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct ui_color c)
{
	return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double ui_theme_contrast(struct ui_color a, struct ui_color b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

struct ui_color ui_theme_mix(struct ui_color c, struct ui_color b, int n)
{
#define MIX(f) (uint8_t)((c.f + (n - 1) * b.f) / n)
	return (struct ui_color){MIX(r), MIX(g), MIX(b), 255};
#undef MIX
}

struct ui_color ui_theme_over(struct ui_color c, struct ui_color b)
{
#define OVER(f) (uint8_t)((c.f * c.a + b.f * (255 - c.a) + 127) / 255)
	return (struct ui_color){OVER(r), OVER(g), OVER(b), 255};
#undef OVER
}

struct ui_color ui_theme_darker(struct ui_color c)
{
	return (struct ui_color){c.r * 4 / 5, c.g * 4 / 5, c.b * 4 / 5, c.a};
}

size_t ui_theme_pairs(const struct theme *th, struct ui_theme_pair *out, size_t cap)
{
	const struct ui_theme_pair all[] = {
		{"text on background", th->text, th->bg},
		{"text on surface (cards, panels, keys)", th->text, th->surface},
		{"text on line (a pressed card, chip or key; the quiz's chosen answer)", th->text,
		 th->line},
		{"text on the role ladder's tint", th->text,
		 ui_theme_mix(th->primary, th->surface, 5)},
		{"muted on background", th->muted, th->bg},
		{"muted on surface (captions)", th->muted, th->surface},
		{"muted on line (the quiz's 'you chose')", th->muted, th->line},
		{"primary on background (headings)", th->primary, th->bg},
		{"primary on surface (outlined buttons, chips)", th->primary, th->surface},
		{"primary on line (a pressed outlined button or key)", th->primary, th->line},
		{"accent on background", th->accent, th->bg},
		{"accent on surface (course programme names)", th->accent, th->surface},
		{"danger on background (form errors)", th->danger, th->bg},
		{"danger on surface (dialog titles)", th->danger, th->surface},
		{"on_primary on primary (buttons, the top bar)", th->on_primary, th->primary},
		{"on_primary on a pressed primary button", th->on_primary,
		 ui_theme_darker(th->primary)},
		{"on_primary on the bar's quiet buttons", th->on_primary,
		 ui_theme_over(UI_THEME_QUIET, th->primary)},
		{"on_primary on a pressed quiet button", th->on_primary,
		 ui_theme_over(ui_theme_darker(UI_THEME_QUIET), th->primary)},
		{"on_primary on text (a pressed chosen key)", th->on_primary, th->text},
		{"on_primary on danger (the review's missing mark)", th->on_primary, th->danger},
		{"on_accent on accent", th->on_accent, th->accent},
		{"on_accent on a pressed accent button", th->on_accent,
		 ui_theme_darker(th->accent)},
	};
	size_t n = sizeof all / sizeof all[0];
	for (size_t i = 0; i < n && i < cap; i++)
		out[i] = all[i];
	return n;
}
