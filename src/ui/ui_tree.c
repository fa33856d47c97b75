/*
 * ui_tree.c: the accessibility tree: what is on screen, as data.
 *
 * Scripts and tests find widgets here by their text, and `dump` prints it
 * as one JSON line. Only the layer that takes input is reported: when a
 * dialog is open, the screen under it is not "visible" to a visitor's hand.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[UI_ROLE_COUNT] = {
	"button", "label", "text-field", "checkbox", "image", "key", "list-item", "qr",
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

static void put_json_string(struct buf *b, const char *s)
{
	put(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		if (*p == '"' || *p == '\\') {
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
		snprintf(num, sizeof num,
			 ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"enabled\":%s,\"checked\":%s,\"overflow\":%s}",
			 w->r.x, w->r.y, w->r.w, w->r.h, w->enabled ? "true" : "false",
			 w->checked ? "true" : "false", w->overflow ? "true" : "false");
		puts_(&b, num);
	}
	puts_(&b, "]}");
	return b.p;
}
