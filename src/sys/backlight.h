/*
 * backlight: turns the display's backlight off and on through sysfs
 * (/sys/class/backlight/<name>/bl_power: 0 on, 4 off, as the kernel's
 * FB_BLANK_UNBLANK and FB_BLANK_POWERDOWN), for screen.off_hours: a black
 * screen out of hours still glows on an LCD; with its backlight off it uses
 * almost no power and lasts longer. The kiosk's user needs write access to
 * bl_power (tools/systemd/99-carekiosk-backlight.rules gives it to the
 * group video).
 *
 * A dir without backlights (an HDMI monitor, a test machine) is fine:
 * nothing is written, and the screen is only drawn black. Errors are
 * logged once per state change, never per frame. UI thread only.
 */
#ifndef KIOSK_BACKLIGHT_H
#define KIOSK_BACKLIGHT_H

#include <stdbool.h>

/* Writes bl_power of every backlight under dir (each entry of the folder
 * with a bl_power file): "4" when on is false, "0" when true. Returns how
 * many were written, or -1 if one could not be (logged, with the path). An
 * empty or NULL dir writes nothing and returns 0. */
int backlight_set(const char *dir, bool on);

#endif
