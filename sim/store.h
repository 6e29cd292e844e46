/* store.h - the run store: many runs in one SQLite database.
 * It stores what the engine and models hand it - runs, named time-series columns sampled at
 * times t, and events (t, kind, subject, detail) - without knowing what a worm is. It is the only
 * module that includes sqlite3.h. Writes are batched in transactions; a run is created with
 * status "running" and only store_run_finish marks it done, so a killed run never looks complete. */
#ifndef WORMSIM_STORE_H
#define WORMSIM_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

struct store;

/* One resolved scenario key of a run (params_each): "worm.scan_rate", "6/s", 6 (NaN: text). */
struct param_value {
    const char *key, *text;
    double number;
};

/* What is known about a run when it starts. Strings are copied. */
struct run_info {
    const char *scenario_name; /* "july19-crv2" */
    const char *scenario_path; /* as given on the command line */
    const char *scenario_text; /* the fully resolved scenario (params_to_string) */
    uint64_t seed;
    const char *mode;          /* "fast" or "per-scan" */
    const char *version;       /* WORMSIM_VERSION */
    const char *rng_name;      /* GSL generator name */
    double start_epoch_s;      /* simulated start, UTC epoch seconds */
    double end_epoch_s;        /* simulated end */
    double sample_s;           /* sample interval */
    int64_t pid;               /* the process running it (0: unknown) */
    const char *host;          /* its host name */
    const char *label;         /* "" or "scan_rate=8/s #3" (NULL: "") */
    const struct param_value *params; /* every resolved key (run_params), n_params of them */
    size_t n_params;
    long point, replica;       /* in its experiment (store_experiment_create only) */
};

/* A run as listed by store_runs / store_run_get. */
struct run_row {
    int64_t id;
    char scenario_name[128];
    char status[16];           /* pending | running | done | interrupted | failed | killed */
    uint64_t seed;
    char mode[16];
    char version[64];
    char rng_name[32];
    char started_utc[32];      /* wall clock when the run began, ISO 8601 */
    char finished_utc[32];     /* "" while running */
    double wall_s;
    uint64_t events;
    double start_epoch_s, end_epoch_s, sample_s;
    int64_t pid;               /* the process that ran it; 0 if unknown (older databases) */
    char host[256];            /* its host name; "" if unknown */
    char heartbeat_utc[32];    /* wall clock of its last committed batch; "" if none */
    char reason[512];          /* why it failed or was marked killed; "" otherwise */
    uint64_t rows;             /* series values and events committed */
    int64_t experiment;        /* 0: a plain run */
    long point, replica;       /* -1 for a plain run */
    char label[128];
};

/* Refuses a database name that is not a plain file path: "" and ":memory:" (the run would be
 * lost) and names starting with "file:" (SQLite would read a URI). ST_USAGE with the reason. */
enum status store_check_path(const char *path, struct diag *d);

/* Opens (creating if needed) the database at path, in WAL mode, creating or checking the schema
 * (PRAGMA user_version). Creates missing parent directories. ST_DB, with a message naming the
 * path, for a file that is not a SQLite database, not a wormsim one, or of a newer schema;
 * ST_IO if a directory cannot be made. Messages name the path; diag.file is left empty. */
enum status store_open(const char *path, struct store **out, struct diag *d);

/* An in-memory store with the same schema, for a sweep worker (app/replica.c), whose image the
 * writer imports: no path check, no WAL, nothing on disk. Errors as store_open. */
enum status store_open_memory(struct store **out, struct diag *d);

/* Commits what is buffered (errors are lost: call store_flush first to see them) and frees s.
 * NULL is allowed. It never marks a run done. */
void store_close(struct store *s);

/* Creates a run with status "running" and commits it at once (with whatever was buffered).
 * NULL strings in info are stored as "". */
enum status store_run_begin(struct store *s, const struct run_info *info, int64_t *run_id,
                            struct diag *d);

/* Declares the run's series columns, in order (export keeps this order). Call once per run,
 * before store_sample; committed at once. ST_NOT_FOUND for an unknown run, ST_INPUT for a
 * second call, no names, an empty name or a name given twice. */
enum status store_columns(struct store *s, int64_t run, const char *const *names, int n,
                          struct diag *d);

/* Appends one sample: values[i] for column i at simulated time t (seconds since start); values
 * holds as many doubles as the run has columns. NaN is stored as missing. Buffered in memory
 * and written in one short transaction every ~1000 values and by store_flush /
 * store_run_finish / store_close (and before any read through s). ST_INPUT if t does not come
 * after the run's previous sample, the run has no columns yet, or t is not finite. */
enum status store_sample(struct store *s, int64_t run, double t, const double *values,
                         struct diag *d);

/* Records an event (buffered like samples). subject and detail may be "" but not NULL; kind
 * must not be empty. Events at the same t keep the order in which they were recorded. */
enum status store_event(struct store *s, int64_t run, double t, const char *kind,
                        const char *subject, const char *detail, struct diag *d);

/* Writes what is buffered in one transaction. On failure (ST_DB) nothing is written and the
 * buffer is kept, so a later call may try again. */
enum status store_flush(struct store *s, struct diag *d);

/* Commits what is buffered and sets the run's final status ("done", "interrupted",
 * "failed"; anything else is ST_INPUT), finish time, wall seconds and number of events.
 * Every committed batch also updates the run's heartbeat and row count. */
enum status store_run_finish(struct store *s, int64_t run, const char *status, double wall_s,
                             uint64_t events, struct diag *d);

/* Marks a run that could not go on "failed" with the reason (a failed commit: disk full, say).
 * The run's buffered samples and events are dropped first (they could not be written), so
 * that the status update alone has to fit; ST_DB if even that fails. */
enum status store_run_fail(struct store *s, int64_t run, const char *reason, double wall_s,
                           uint64_t events, struct diag *d);

/* Marks a run still "running" whose process is gone as "killed" with the reason (runs
 * --repair). ST_NOT_FOUND if there is no such run; a run no longer running is left alone
 * (*marked false). */
enum status store_run_mark_killed(struct store *s, int64_t run, const char *reason, bool *marked,
                                  struct diag *d);

/* Writes what is buffered and records that the run is alive (its heartbeat) even when nothing
 * was buffered: for long stretches without a full batch. */
enum status store_heartbeat(struct store *s, int64_t run, struct diag *d);

/* Looks up one run. ST_NOT_FOUND (with a message) if there is no such run. */
enum status store_run_get(struct store *s, int64_t run, struct run_row *row, struct diag *d);

/* Calls fn for every run, in id order. */
enum status store_runs(struct store *s, void (*fn)(const struct run_row *row, void *arg),
                       void *arg, struct diag *d);

/* The resolved scenario text of a run (malloc'ed, caller frees). */
enum status store_run_scenario(struct store *s, int64_t run, char **text, struct diag *d);

/* Reads one series column of a run, in time order, into malloc'ed arrays t[] and v[] of length
 * *n (caller frees both, also when *n is 0); missing values read as NaN. ST_NOT_FOUND if there
 * is no such run ("no run 3 in PATH") or column ("run 3 has no series \"infected\""). */
enum status store_series(struct store *s, int64_t run, const char *column, double **t,
                         double **v, size_t *n, struct diag *d);

/* Calls fn with each of the run's series column names, in declared order (none if the run has
 * no columns yet). ST_NOT_FOUND if there is no such run. The name lives only during the call. */
enum status store_column_names(struct store *s, int64_t run,
                               void (*fn)(const char *name, void *arg), void *arg,
                               struct diag *d);

/* Reads the run's events of one kind (NULL: all) in time order; the callback gets each. */
enum status store_events(struct store *s, int64_t run, const char *kind,
                         void (*fn)(double t, const char *kind, const char *subject,
                                    const char *detail, void *arg),
                         void *arg, struct diag *d);

/* Writes the run's series as CSV: header "time_utc,t_s,<columns in declared order>", one row
 * per sample in time order, time_utc as 2001-07-19T10:00:00Z (whole seconds), lines ending in
 * LF. Integral values below 2^53 print as integers; others in the shortest of %.15g, %.16g,
 * %.17g that reads back as the same double; a missing value (NaN) is an empty field.
 * Byte-identical for identical stored data. */
enum status store_export_csv(struct store *s, int64_t run, FILE *out, struct diag *d);

/* Writes the run's events as CSV, in time order: header "time_utc,kind,subject,detail"; a
 * field holding a comma, quote or line break is quoted as RFC 4180 says; lines end in LF. */
enum status store_export_events_csv(struct store *s, int64_t run, FILE *out, struct diag *d);

/* ---- store_meta.c: what a run keeps besides numbers (schema version 2) */

/* Stores the kind ("level" or "count") and unit of each of the run's n declared columns, in
 * declared order (after store_columns). ST_INPUT if the run has fewer columns. */
enum status store_column_kinds(struct store *s, int64_t run, const char *const *kinds,
                               const char *const *units, int n, struct diag *d);

/* Reads a column's kind and unit into kind and unit ("" each for a run stored without them).
 * ST_NOT_FOUND for no such run or column. */
enum status store_column_kind(struct store *s, int64_t run, const char *column, char *kind,
                              size_t klen, char *unit, size_t ulen, struct diag *d);

/* Stores the scenario file as written (comments and all) with the run. */
enum status store_run_set_source(struct store *s, int64_t run, const char *source,
                                 struct diag *d);

/* The scenario file as written (malloc'ed, caller frees; "" if the run was stored without). */
enum status store_run_source(struct store *s, int64_t run, char **text, struct diag *d);

/* The keys (malloc'ed array of malloc'ed names, in name order) whose resolved value is not
 * the same in all the runs (or that some of them lack), run.seed left out: the columns that
 * tell runs apart in a tidy export. */
enum status store_varied_keys(struct store *s, const int64_t *runs, size_t n, char ***keys,
                              size_t *n_keys, struct diag *d);

/* What store_export_tidy writes: these runs, in this order, with these keys as columns. */
struct tidy_request {
    const int64_t *runs;
    size_t n_runs;
    const char *const *keys; /* "worm.scan_rate": each run's value from run_params */
    size_t n_keys;
    bool long_form;          /* a row per sample and column (else a row per sample) */
    bool json;               /* a JSON array of objects made by SQLite (else CSV) */
};

/* Writes the runs' series in tidy form: columns run, experiment, point, replica (empty / null
 * for a plain run), seed, the keys (number, or text when the key has none), time_utc, t_s, then
 * every series column of any of the runs (wide; empty / null where a run has none) or
 * "column", "value" (long). CSV numbers as store_export_csv writes them; JSON rows from
 * SQLite's json_object, one per line in an array. Byte-identical for identical stored data. */
enum status store_export_tidy(struct store *s, const struct tidy_request *req, FILE *out,
                              struct diag *d);

#endif
