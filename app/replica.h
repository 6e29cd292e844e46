/* replica.h - one run of a sweep as a worker computes it: the task (run id, scenario path for
 * messages and relative files, resolved scenario text with the replica's seed in it) goes in
 * as bytes, the result comes out as bytes: the run's status, wall time, events, an error
 * message, and an image of a small SQLite database holding just that run (store_image), which
 * the writer copies into the real database (store_run_import). Same-architecture bytes: every
 * process of a sweep runs this program on one kind of machine. */
#ifndef WORMSIM_REPLICA_H
#define WORMSIM_REPLICA_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What a worker reports for one run. */
struct replica_result {
    int64_t run;
    char status[16];   /* done | interrupted | failed */
    double wall_s;
    uint64_t events;
    char msg[256];     /* why it failed ("" otherwise) */
    const void *image; /* the run's database image (inside the result bytes); NULL if none */
    size_t image_len;
};

/* A task for run `run` (malloc'ed bytes, caller frees); db_dir is where the model's output
 * files (web logs) go, as `wormsim run` puts them. */
void *replica_task(int64_t run, const char *path, const char *db_dir, const char *text,
                   size_t *n);

/* The pool_work_fn of sweeps: runs the task and encodes a replica_result with its image.
 * SIGINT / SIGTERM stop the run at its next sample: the result says "interrupted". */
void replica_work(const void *task, size_t n, void **result, size_t *rn, void *arg);

/* Reads a result produced by replica_work; r->image points into bytes. ST_INPUT if the bytes
 * are not a result. */
enum status replica_result_read(const void *bytes, size_t n, struct replica_result *r,
                                struct diag *d);

#endif
