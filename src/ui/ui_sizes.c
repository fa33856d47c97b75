/*
 * ui_sizes.c: the visitor screens' named sizes (ui_theme.h), in layout
 * units of the 800x480 design.
 */
#include "ui/ui_theme.h"

static const float units[UI_SIZE_COUNT] = {
	[UI_SIZE_NONE] = 0,	    [UI_SIZE_HAIR] = 2,		 [UI_SIZE_NUDGE] = 4,
	[UI_SIZE_LINE_GAP] = 6,	    [UI_SIZE_ROW_GAP] = 10,	 [UI_SIZE_CHIPS_GAP] = 10,
	[UI_SIZE_CARD_IN] = 10,	    [UI_SIZE_ROLE_CARD_W] = 380, [UI_SIZE_ROLE_CARD_H] = 150,
	[UI_SIZE_FORM_HEAD] = 56,   [UI_SIZE_CAPTION_H] = 24,	 [UI_SIZE_FIELD_W] = 380,
	[UI_SIZE_ANSWERS_W] = 560,  [UI_SIZE_TICK_BOX] = 30,	 [UI_SIZE_TICK_H] = 64,
	[UI_SIZE_TICK_INDENT] = 58,
};

int ui_size(const struct ui *ui, enum ui_size s)
{
	return s >= 0 && s < UI_SIZE_COUNT ? ui_u(ui, units[s]) : 0;
}
