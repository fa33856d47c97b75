/*
 * ui_pf.h: for the app only (app.c, script.c), which sits between the
 * platform and the ui: the platform's events in the ui's terms. Scenes
 * never include this (they cannot: src/scenes/CMakeLists.txt).
 */
#ifndef KIOSK_UI_PF_H
#define KIOSK_UI_PF_H

#include "platform/platform.h"
#include "ui/ui.h"

/* The same event for the ui and the scenes. */
struct ui_event ui_event_from(const struct pf_event *ev);

#endif
