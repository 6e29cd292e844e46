/* liveness.h - whether a stored run marked "running" is still running: its process id and host
 * are in the database, and a heartbeat with every committed batch. On this host a process that
 * is gone means "killed"; from elsewhere (or with no process id: an older database) a
 * heartbeat older than LIVENESS_STALE_S means "stale". */
#ifndef WORMSIM_LIVENESS_H
#define WORMSIM_LIVENESS_H

#include <stddef.h>

#include "store.h"

/* A run without a heartbeat for this long (wall seconds) is stale: runs write one with every
 * committed batch and at least every 30 s at a sample, so ten minutes is twenty missed. */
#define LIVENESS_STALE_S 600.0

/* The status to show for row: its stored status, or for a "running" run whose process is gone
 * "killed", or "stale" when its heartbeat is too old to judge; why gets the reason ("" when
 * the stored status stands). now_s is the wall clock (UTC epoch seconds). */
const char *liveness_status(const struct run_row *row, double now_s, char *why, size_t len);

#endif
