/*
 * kctl_store: opening the kiosk's leads database for a kioskctl command,
 * with one plain message for each way it can fail (shared by stats,
 * export, purge and set-pin).
 */
#ifndef KCTL_STORE_H
#define KCTL_STORE_H

#include "kioskctl.h"
#include "store/store.h"

#include <stdbool.h>

/* Opens k->data's leads.db: read-only (WAL readers never block the
 * running kiosk, nor it them), or read-write for commands that change
 * something (these wait up to 5 s for the kiosk's own writes). The data
 * folder must exist; read-only also needs the database. On failure prints
 * why to stderr (naming the command) and returns NULL. */
struct store *kctl_open_store(const struct kctl *k, bool write);

/* Read-write, and a missing data folder (and its parents) is made the way
 * the kiosk makes it: mode 0700, owned by the user kioskctl runs as (main.c
 * has already become the owner of the nearest folder above). For set-pin,
 * which must work on a new install before the kiosk has ever started. */
struct store *kctl_create_store(const struct kctl *k);

/* Unix ms now (kioskctl runs on the real clock). */
long long kctl_now_ms(void);

#endif
