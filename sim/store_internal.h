/* store_internal.h - what the parts of the run store share; no other module includes it.
 * The store is split by job:
 *   store.c         opening and closing, the write buffers and their batches, run bookkeeping
 *   store_schema.c  the schema: created in an empty database, its version checked at open
 *   store_read.c    reading runs, series and events back (store_run_get, store_series, ...)
 *   store_export.c  CSV export of a run's series and events
 * Invariants: see store.c. */
#ifndef WORMSIM_STORE_INTERNAL_H
#define WORMSIM_STORE_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"

/* Values per INSERT statement: one statement of many rows costs half as much per value as one
 * statement per value; wider samples are written in chunks of this many columns. */
#define STORE_INSERT_WIDTH 32

/* What the store remembers about a run it has written to in this session. */
struct run_cache {
    int64_t run;
    int ncols;        /* declared series columns, 0 until store_columns */
    int64_t next_seq; /* seq of the run's next event */
    bool has_t;       /* the run has a sample, the last at last_t */
    double last_t;
    int64_t pending_rows; /* the run's rows in the buffers (added to runs.rows at commit) */
};

/* A buffered sample: its values are vals[first .. first + ncols - 1]. */
struct pending_sample {
    int64_t run;
    double t;
    int ncols;
    size_t first;
};

/* A buffered event: text holds kind, subject and detail, each ending in '\0'. */
struct pending_event {
    int64_t run;
    double t;
    int64_t seq;
    char *text;
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *begin, *commit, *rollback, *ins_event, *heartbeat;
    sqlite3_stmt *ins_series[STORE_INSERT_WIDTH + 1]; /* [w] inserts w values, made on demand */
    struct pending_sample *samples;
    size_t n_samples, cap_samples;
    double *vals;
    size_t n_vals, cap_vals;
    struct pending_event *events;
    size_t n_events, cap_events;
    int pending;
    struct run_cache *runs;
    int n_runs, cap_runs, last; /* last: index of the most recently used cache entry */
};

/* ST_DB with the database path, what was being done and SQLite's own message. */
static inline enum status db_fail(struct store *s, struct diag *d, const char *what)
{
    return diag_set(d, ST_DB, "", 0, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static inline enum status no_run(struct store *s, int64_t run, struct diag *d)
{
    return diag_set(d, ST_NOT_FOUND, "", 0, "no run %lld in %s", (long long)run, s->path);
}

static inline int64_t seed_to_db(uint64_t seed)
{
    int64_t v;
    memcpy(&v, &seed, sizeof v);
    return v;
}

static inline uint64_t seed_from_db(int64_t v)
{
    uint64_t seed;
    memcpy(&seed, &v, sizeof seed);
    return seed;
}

static inline void bind_text(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_TRANSIENT);
}

/* Column i of the current row as a double; NULL (a stored NaN) as NaN. */
static inline double column_value(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

/* ---- store_schema.c */

/* Runs sql (no rows); ST_DB naming what on failure. */
enum status store_exec(struct store *s, const char *sql, const char *what, struct diag *d);
/* Reads a one-integer pragma or query into *v; returns SQLite's code. */
int store_query_int(sqlite3 *db, const char *sql, int64_t *v);
/* Checks the schema in one write transaction (BEGIN IMMEDIATE, retried while busy): an empty
 * database gets it, an older one is migrated. ST_DB when the file is not a wormsim database or
 * is newer than this code. */
enum status store_check_schema(struct store *s, struct diag *d);
/* Switches the journal to WAL, retrying while another process holds the lock. */
enum status store_use_wal(struct store *s, struct diag *d);

/* ---- store.c */

/* The wall clock as "2001-07-19T10:00:00Z". */
void store_now_utc(char *buf, size_t len);

/* ST_OK if the run exists, ST_NOT_FOUND otherwise. Readers call it first: it writes what is
 * buffered, so that they see it. */
enum status store_run_exists(struct store *s, int64_t run, struct diag *d);

/* ---- store_export.c */

/* A number as CSV writes it: integral values below 2^53 as integers, others in the shortest
 * %.15g..%.17g form that reads back the same; NaN as "". */
void store_format_number(double v, char *buf, size_t len);
/* A CSV field, quoted (RFC 4180) if it holds a comma, quote, CR or LF. */
void store_write_field(FILE *out, const char *text);

/* ---- store_read.c */

/* The columns of runs that store_fill_run_row reads, in its order, and how many. */
#define STORE_RUN_COLUMNS                                                                     \
    "id, scenario_name, status, seed, mode, version, rng, started_utc, finished_utc, wall_s, " \
    "events, start_epoch_s, end_epoch_s, sample_s, experiment, point, replica, label, pid, host, " \
    "heartbeat_utc, reason, rows"
#define STORE_RUN_NCOLUMNS 23
/* Fills row from a statement selecting STORE_RUN_COLUMNS first. */
void store_fill_run_row(sqlite3_stmt *q, struct run_row *row);

/* ---- store_experiment.c */

/* Inserts a run row with the given status (experiment 0: a plain run, no point or replica)
 * and its parameters; inside the caller's transaction. */
enum status store_insert_run(struct store *s, const struct run_info *info, int64_t exp,
                             const char *status, int64_t *run_id, struct diag *d);

#endif
