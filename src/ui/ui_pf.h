/*
 * ui_pf.h: for the app only (app.c, script.c), which sits between the
 * platform and the ui: the platform's events in the ui's terms. Scenes
 * never include this (they cannot: src/scenes/CMakeLists.txt).
 */
#ifndef KIOSK_UI_PF_H
#define KIOSK_UI_PF_H

#include "platform/platform.h"
#include "ui/ui.h"

/* The language's text style: its direction (ui->rtl: rows, the top bar
 * and text alignment mirror), its fonts and line height. Drops the
 * platform's text caches. Returns false, with err saying which font is
 * missing, if the style's fonts could not all be found; direction and the
 * fonts found still apply. NULL = left to right in Noto Sans. */
bool ui_set_text_style(struct ui *ui, const struct pf_text_style *st, char *err, size_t errlen);

/* The same event for the ui and the scenes. */
struct ui_event ui_event_from(const struct pf_event *ev);

#endif
