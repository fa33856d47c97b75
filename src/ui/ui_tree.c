/*
 * ui_tree.c: the accessibility tree: what is on screen, as data.
 *
 * Scripts and tests find widgets here by their text, and `dump` prints it
 * as one JSON line. Only the layer that takes input is reported: when a
 * dialog is open, the screen under it is not "visible" to a visitor's hand.
 */
#include "ui/ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[UI_ROLE_COUNT] = {
	"button", "label", "text-field", "checkbox", "image", "key", "list-item", "qr", "progress",
};

size_t ui_visible(const struct ui *ui, const struct ui_widget **out, size_t max)
{
	size_t k = 0;
	for (size_t i = ui->modal ? ui->modal_from : 0; i < ui->n && k < max; i++)
		out[k++] = &ui->widgets[i];
	return k;
}

int ui_find(const struct ui *ui, const char *text, struct ui_widget *out)
{
	int all = 0, active = 0;
	const struct ui_widget *any = NULL, *act = NULL;
	for (size_t i = ui->modal ? ui->modal_from : 0; i < ui->n; i++) {
		const struct ui_widget *w = &ui->widgets[i];
		if (strcmp(w->text, text) != 0)
			continue;
		all++;
		any = w;
		if (w->interactive) {
			active++;
			act = w;
		}
	}
	/* A heading that repeats a button's words does not make it ambiguous. */
	if (active == 1) {
		*out = *act;
		return 0;
	}
	if (all == 1 && active == 0) {
		*out = *any;
		return 0;
	}
	return all == 0 ? -1 : -2;
}

bool ui_text_visible(const struct ui *ui, const char *text)
{
	for (size_t i = ui->modal ? ui->modal_from : 0; i < ui->n; i++)
		if (strstr(ui->widgets[i].text, text))
			return true;
	return false;
}

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at p (1 to 4; shortest form, no
 * surrogates, at most U+10FFFF), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n = *p >= 0xC2 && *p <= 0xDF   ? 2
		   : *p >= 0xE0 && *p <= 0xEF ? 3
		   : *p >= 0xF0 && *p <= 0xF4 ? 4
					      : 0;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	if ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] >= 0xA0) ||
	    (*p == 0xF0 && p[1] < 0x90) || (*p == 0xF4 && p[1] >= 0x90))
		return 0;
	return n;
}

/* A JSON string, valid whatever s holds (text can come from a database
 * someone else wrote): each byte that is not UTF-8 becomes U+FFFD. */
static void put_json_string(struct buf *b, const char *s)
{
	put(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		size_t n = *p < 0x80 ? 1 : utf8_len(p);
		if (n > 1) {
			put(b, (const char *)p, n);
			p += n - 1;
		} else if (!n) {
			puts_(b, "\\ufffd");
		} else if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			put(b, esc, 2);
		} else if (*p < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			puts_(b, esc);
		} else {
			put(b, (const char *)p, 1);
		}
	}
	put(b, "\"", 1);
}

/* The read-aloud text (ui.h ui_read_text). */

static bool readable(const struct ui_widget *w, uint32_t skip_id)
{
	if ((w->mark & UI_MARK_PERSONAL) || (skip_id && w->id == skip_id) || !w->text[0])
		return false;
	/* The language button, like Listen, is not part of what a screen says. */
	if (w->name && !strcmp(w->name, "language"))
		return false;
	return w->role == UI_BUTTON || w->role == UI_LABEL || w->role == UI_CHECKBOX ||
	       w->role == UI_LIST_ITEM || w->role == UI_PROGRESS;
}

/* Ends a sentence: a full stop unless it ends in punctuation already. */
static void end_sentence(struct buf *b)
{
	while (b->len && b->p[b->len - 1] == ' ')
		b->p[--b->len] = '\0';
	/* Look past closing quotes and brackets: 'He says, "No."' has ended. */
	size_t i = b->len;
	while (i && strchr("\"')]", b->p[i - 1]))
		i--;
	if (i >= 3 && (unsigned char)b->p[i - 3] == 0xE2 && (unsigned char)b->p[i - 2] == 0x80 &&
	    ((unsigned char)b->p[i - 1] == 0x9D || (unsigned char)b->p[i - 1] == 0x99))
		i -= 3; /* ” or ’ */
	if (b->len && (!i || !strchr(".!?:;,\n", b->p[i - 1])))
		put(b, ".", 1);
}

/* One widget's words as sentences: a line break in a label ends one. */
static void put_item(struct buf *b, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		put(b, p, n);
		p += n;
		if (*p == '\n') {
			end_sentence(b);
			put(b, " ", 1);
			p++;
		}
	}
	end_sentence(b);
	put(b, "\n", 1);
}

char *ui_read_text(const struct ui_widget *const *w, size_t n, uint32_t skip_id)
{
	struct buf b = {0};
	put(&b, "", 0);
	const char *last = NULL;
	/* A top bar's title, then the screen, then the bar's buttons. */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < n; i++) {
			bool bar = w[i]->mark & UI_MARK_BAR;
			bool want = pass == 0	? bar && !w[i]->interactive
				    : pass == 1 ? !bar
						: bar && w[i]->interactive;
			if (!want || !readable(w[i], skip_id))
				continue;
			/* A tile's title repeats its button's words. */
			if (last && strcmp(last, w[i]->text) == 0)
				continue;
			put_item(&b, w[i]->text);
			last = w[i]->text;
		}
	}
	return b.p;
}

char *ui_read_aloud(const struct ui *ui)
{
	size_t n = ui->n ? ui->n : 1;
	const struct ui_widget **w = malloc(n * sizeof *w);
	if (!w)
		return NULL;
	n = ui_visible(ui, w, n);
	char *text = ui_read_text(w, n, ui->listen.id);
	free(w);
	return text;
}

char *ui_dump_json(const struct ui *ui, const char *scene)
{
	struct buf b = {0};
	puts_(&b, "{\"scene\":");
	put_json_string(&b, scene);
	char num[160];
	snprintf(num, sizeof num, ",\"width\":%d,\"height\":%d,\"widgets\":[", ui->w, ui->h);
	puts_(&b, num);
	bool first = true;
	for (size_t i = ui->modal ? ui->modal_from : 0; i < ui->n; i++) {
		const struct ui_widget *w = &ui->widgets[i];
		puts_(&b, first ? "{\"role\":" : ",{\"role\":");
		first = false;
		put_json_string(&b, role_names[w->role]);
		puts_(&b, ",\"text\":");
		put_json_string(&b, w->text);
		if (w->name) {
			puts_(&b, ",\"name\":");
			put_json_string(&b, w->name);
		}
		if (w->role == UI_TEXT_FIELD && w->max) {
			snprintf(num, sizeof num, ",\"caret\":%d", w->value);
			puts_(&b, num);
		}
		if (w->role == UI_PROGRESS) {
			snprintf(num, sizeof num, ",\"value\":%d,\"max\":%d", w->value, w->max);
			puts_(&b, num);
		}
		snprintf(num, sizeof num,
			 ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"enabled\":%s,\"checked\":%s,"
			 "\"overflow\":%s%s}",
			 w->r.x, w->r.y, w->r.w, w->r.h, w->enabled ? "true" : "false",
			 w->checked ? "true" : "false", w->overflow ? "true" : "false",
			 w->clipped ? ",\"clipped\":true" : "");
		puts_(&b, num);
	}
	puts_(&b, "]}");
	return b.p;
}
