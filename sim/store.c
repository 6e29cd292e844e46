/* store.c - the run store: runs, named time series and events in one SQLite database.
 * Samples and events are buffered in memory and written in one short transaction every
 * STORE_BATCH_ROWS rows and by store_flush / store_run_finish / store_close (and before any read,
 * so a reader always sees what it wrote). store_run_begin and store_columns commit at once, so a
 * killed process leaves its run visibly "running" with every committed batch readable. The
 * write lock is held only while a batch is written, never while the simulation computes, so
 * several runs (processes) can write to one database at once.
 *
 * Schema (PRAGMA user_version = 1; WAL journal, synchronous=NORMAL, foreign keys not enforced):
 *   runs(id INTEGER PRIMARY KEY, scenario_name, scenario_path, scenario_text,
 *        seed INTEGER   -- the uint64 seed's bit pattern stored as int64 (2^63 and above are < 0)
 *        mode, version, rng, start_epoch_s, end_epoch_s, sample_s REAL  -- simulated UTC, seconds
 *        started_utc TEXT, finished_utc TEXT NULL  -- wall clock "2001-07-19T10:00:00Z"
 *        wall_s REAL NULL, events INTEGER NULL     -- both NULL until the run finishes
 *        status TEXT CHECK (status IN ('running','done','interrupted','failed')))
 *   series_columns(run, col, name)  PRIMARY KEY (run, col), UNIQUE (run, name); col is 0-based
 *   series(run, t, col, value)      PRIMARY KEY (run, t, col) WITHOUT ROWID; a NaN value is
 *                                   stored as NULL (SQLite has no NaN). Key order (run, t, col)
 *                                   makes appends land at the end of the B-tree; one column of
 *                                   one run is read by scanning the run's key range in time
 *                                   order. Measured on the 2-core dev machine: 10^6 values append
 *                                   in ~0.5 s this way but ~1.8 s with key (run, col, t); one
 *                                   column of a 100,000 x 20 run reads in ~0.12 s.
 *   events(run, t, seq, kind, subject, detail)  PRIMARY KEY (run, t, seq) WITHOUT ROWID;
 *                                   seq numbers a run's events in the order they were recorded
 *                                   (it breaks ties in t); index events_kind (run, kind, t, seq)
 *
 * Invariants: no transaction is open between calls. pending is the number of rows in the
 * buffers (each buffered sample counts its columns, each event one). Every entry of the run
 * cache names an existing run; its ncols is the run's number of declared columns, next_seq
 * exceeds every stored or buffered seq and last_t every stored or buffered sample time.
 * Samples of a run come in increasing time order, so a batch never breaks the primary key. */
#include "store.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <sqlite3.h>

#include "calendar.h"
#include "paths.h"

/* Rows per transaction (a sample of n columns is n rows; the last sample of a batch may take
 * it past this). A commit in WAL mode with synchronous=NORMAL writes but does not fsync:
 * measured, 10^6 values append as fast with 1000-row batches as with 100,000-row ones (within
 * the noise, ~0.5 s), and a killed run loses at most one batch. tests/test_store.c relies on
 * this value. */
#define STORE_BATCH_ROWS 1000

/* How long a writer waits for another process holding the database lock (parallel sweeps). */
#define STORE_BUSY_TIMEOUT_MS 10000

/* Values per INSERT statement: one statement of many rows costs half as much per value as one
 * statement per value; wider samples are written in chunks of this many columns. */
#define STORE_INSERT_WIDTH 32

/* The schema version this code writes and understands. */
#define STORE_SCHEMA_VERSION 1

/* 2^53: integral doubles below this print exactly as integers. */
#define STORE_EXACT_INT 9007199254740992.0

static const char *const schema_sql =
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY,"
    " scenario_name TEXT NOT NULL,"
    " scenario_path TEXT NOT NULL,"
    " scenario_text TEXT NOT NULL,"
    " seed INTEGER NOT NULL,"
    " mode TEXT NOT NULL,"
    " version TEXT NOT NULL,"
    " rng TEXT NOT NULL,"
    " start_epoch_s REAL NOT NULL,"
    " end_epoch_s REAL NOT NULL,"
    " sample_s REAL NOT NULL,"
    " started_utc TEXT NOT NULL,"
    " finished_utc TEXT,"
    " wall_s REAL,"
    " events INTEGER,"
    " status TEXT NOT NULL DEFAULT 'running'"
    "  CHECK (status IN ('running','done','interrupted','failed')));"
    "CREATE TABLE series_columns ("
    " run INTEGER NOT NULL REFERENCES runs(id),"
    " col INTEGER NOT NULL,"
    " name TEXT NOT NULL,"
    " PRIMARY KEY (run, col),"
    " UNIQUE (run, name)) WITHOUT ROWID;"
    "CREATE TABLE series ("
    " run INTEGER NOT NULL,"
    " t REAL NOT NULL,"
    " col INTEGER NOT NULL,"
    " value REAL,"
    " PRIMARY KEY (run, t, col)) WITHOUT ROWID;"
    "CREATE TABLE events ("
    " run INTEGER NOT NULL,"
    " t REAL NOT NULL,"
    " seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " subject TEXT NOT NULL,"
    " detail TEXT NOT NULL,"
    " PRIMARY KEY (run, t, seq)) WITHOUT ROWID;"
    "CREATE INDEX events_kind ON events(run, kind, t, seq);"
    "PRAGMA user_version = 1;";

#define RUN_COLUMNS                                                                             \
    "id, scenario_name, status, seed, mode, version, rng, started_utc, finished_utc, wall_s, " \
    "events, start_epoch_s, end_epoch_s, sample_s"

/* What the store remembers about a run it has written to in this session. */
struct run_cache {
    int64_t run;
    int ncols;        /* declared series columns, 0 until store_columns */
    int64_t next_seq; /* seq of the run's next event */
    bool has_t;       /* the run has a sample, the last at last_t */
    double last_t;
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
    sqlite3_stmt *begin, *commit, *rollback, *ins_event;
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
static enum status db_fail(struct store *s, struct diag *d, const char *what)
{
    return diag_set(d, ST_DB, "", 0, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static enum status no_run(struct store *s, int64_t run, struct diag *d)
{
    return diag_set(d, ST_NOT_FOUND, "", 0, "no run %lld in %s", (long long)run, s->path);
}

static int64_t seed_to_db(uint64_t seed)
{
    int64_t v;
    memcpy(&v, &seed, sizeof v);
    return v;
}

static uint64_t seed_from_db(int64_t v)
{
    uint64_t seed;
    memcpy(&seed, &v, sizeof seed);
    return seed;
}

/* The wall clock as "2001-07-19T10:00:00Z". */
static void now_utc(char *buf, size_t len)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    calendar_format((double)ts.tv_sec, buf, len);
}


static enum status exec_sql(struct store *s, const char *sql, const char *what, struct diag *d)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(s, d, what);
    return ST_OK;
}

/* Reads a one-integer pragma or query into *v. */
static int query_int(sqlite3 *db, const char *sql, int64_t *v)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Checks the schema version read at open; an empty database gets the schema, created under
 * the write lock (and checked again there, in case another process created it meanwhile).
 * Only that case takes a lock, so opening a database another process is writing never waits. */
static enum status check_schema(struct store *s, int64_t version, struct diag *d)
{
    int64_t tables = 0;
    if (query_int(s->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
        return db_fail(s, d, "cannot read the schema");
    bool locked = false;
    enum status st = ST_OK;
    if (version == 0 && tables == 0) {
        if ((st = exec_sql(s, "BEGIN IMMEDIATE", "cannot lock the database", d)))
            return st;
        locked = true;
        if (query_int(s->db, "PRAGMA user_version", &version) != SQLITE_OK ||
            query_int(s->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
            st = db_fail(s, d, "cannot read the schema");
        else if (version == 0 && tables == 0)
            st = exec_sql(s, schema_sql, "cannot create the schema", d);
    }
    if (st == ST_OK) {
        if (version == 0 && tables > 0)
            st = diag_set(d, ST_DB, "", 0, "%s: not a wormsim database (it has tables but no "
                          "schema version)", s->path);
        else if (version > STORE_SCHEMA_VERSION)
            st = diag_set(d, ST_DB, "", 0, "%s: schema version %lld is newer than this wormsim "
                          "understands (%d): use a newer wormsim", s->path,
                          (long long)version, STORE_SCHEMA_VERSION);
        else if (version < 0)
            st = diag_set(d, ST_DB, "", 0, "%s: unknown schema version %lld", s->path,
                          (long long)version);
    }
    if (!locked)
        return st;
    if (st == ST_OK)
        return exec_sql(s, "COMMIT", "cannot create the schema", d);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static enum status prepare(struct store *s, const char *sql, sqlite3_stmt **out, struct diag *d)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot prepare a statement");
    return ST_OK;
}

enum status store_open(const char *path, struct store **out, struct diag *d)
{
    *out = NULL;
    if (!path || !*path)
        return diag_set(d, ST_USAGE, "", 0, "no database path given");
    bool memory = strcmp(path, ":memory:") == 0;
    enum status st = memory ? ST_OK : paths_make_parents(path, d);
    if (st)
        return st;
    struct store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        st = s->db ? db_fail(s, d, "cannot open")
                   : diag_set(d, ST_DB, "", 0, "%s: cannot open: out of memory", path);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    /* The first read of the file tells a SQLite database from anything else. */
    int64_t version = 0;
    int rc = query_int(s->db, "PRAGMA user_version", &version);
    if (rc == SQLITE_NOTADB) {
        st = diag_set(d, ST_DB, "", 0, "%s: not a SQLite database", path);
        goto fail;
    }
    if (rc != SQLITE_OK) {
        st = db_fail(s, d, "cannot read");
        goto fail;
    }
    /* The version is checked before anything is written: a file that is not ours stays as is. */
    if ((st = check_schema(s, version, d)) ||
        (st = exec_sql(s, "PRAGMA journal_mode=WAL", "cannot use WAL journal mode", d)) ||
        (st = exec_sql(s, "PRAGMA synchronous=NORMAL", "cannot set synchronous=NORMAL", d)))
        goto fail;
    if ((st = prepare(s, "BEGIN IMMEDIATE", &s->begin, d)) ||
        (st = prepare(s, "COMMIT", &s->commit, d)) ||
        (st = prepare(s, "ROLLBACK", &s->rollback, d)) ||
        (st = prepare(s, "INSERT INTO events(run, t, seq, kind, subject, detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s->ins_event, d)))
        goto fail;
    *out = s;
    return ST_OK;
fail:
    store_close(s);
    return st;
}

/* Runs a cached statement that returns no rows. */
static int step_once(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The statement inserting w values of one sample: (run, t) are ?1, ?2; value i has its column
 * in ?(3 + 2i) and its value in ?(4 + 2i). */
static enum status insert_stmt(struct store *s, int w, sqlite3_stmt **out, struct diag *d)
{
    assert(w >= 1 && w <= STORE_INSERT_WIDTH);
    if (!s->ins_series[w]) {
        char sql[64 + STORE_INSERT_WIDTH * 32];
        int len = snprintf(sql, sizeof sql, "INSERT INTO series(run, t, col, value) VALUES ");
        for (int i = 0; i < w; i++)
            len += snprintf(sql + len, sizeof sql - (size_t)len, "%s(?1, ?2, ?%d, ?%d)",
                            i ? ", " : "", 3 + 2 * i, 4 + 2 * i);
        enum status st = prepare(s, sql, &s->ins_series[w], d);
        if (st)
            return st;
    }
    *out = s->ins_series[w];
    return ST_OK;
}

static enum status write_sample(struct store *s, const struct pending_sample *p, struct diag *d)
{
    const double *values = s->vals + p->first;
    for (int first = 0; first < p->ncols; first += STORE_INSERT_WIDTH) {
        int w = p->ncols - first < STORE_INSERT_WIDTH ? p->ncols - first : STORE_INSERT_WIDTH;
        sqlite3_stmt *q;
        enum status st = insert_stmt(s, w, &q, d);
        if (st)
            return st;
        sqlite3_bind_int64(q, 1, p->run);
        sqlite3_bind_double(q, 2, p->t);
        for (int i = 0; i < w; i++) {
            sqlite3_bind_int(q, 3 + 2 * i, first + i);
            if (isnan(values[first + i]))
                sqlite3_bind_null(q, 4 + 2 * i);
            else
                sqlite3_bind_double(q, 4 + 2 * i, values[first + i]);
        }
        if (step_once(q) != SQLITE_OK)
            return db_fail(s, d, "cannot store a sample");
    }
    return ST_OK;
}

static enum status write_event(struct store *s, const struct pending_event *p, struct diag *d)
{
    const char *kind = p->text;
    const char *subject = kind + strlen(kind) + 1;
    const char *detail = subject + strlen(subject) + 1;
    sqlite3_stmt *q = s->ins_event;
    sqlite3_bind_int64(q, 1, p->run);
    sqlite3_bind_double(q, 2, p->t);
    sqlite3_bind_int64(q, 3, p->seq);
    sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, detail, -1, SQLITE_STATIC);
    int rc = step_once(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_OK ? ST_OK : db_fail(s, d, "cannot store an event");
}

static void clear_buffers(struct store *s)
{
    for (size_t i = 0; i < s->n_events; i++)
        free(s->events[i].text);
    s->n_samples = s->n_vals = s->n_events = 0;
    s->pending = 0;
}

/* Writes the buffers in one transaction. On failure nothing is written and the buffers are
 * kept, so a later flush may try again (after a busy timeout, say). */
enum status store_flush(struct store *s, struct diag *d)
{
    if (s->n_samples == 0 && s->n_events == 0)
        return ST_OK;
    if (step_once(s->begin) != SQLITE_OK)
        return db_fail(s, d, "cannot begin a transaction");
    enum status st = ST_OK;
    for (size_t i = 0; i < s->n_samples && st == ST_OK; i++)
        st = write_sample(s, &s->samples[i], d);
    for (size_t i = 0; i < s->n_events && st == ST_OK; i++)
        st = write_event(s, &s->events[i], d);
    if (st == ST_OK && step_once(s->commit) != SQLITE_OK)
        st = db_fail(s, d, "cannot commit");
    if (st != ST_OK) {
        if (!sqlite3_get_autocommit(s->db))
            step_once(s->rollback);
        return st;
    }
    clear_buffers(s);
    return ST_OK;
}

/* Counts rows into the buffers, writing them when a batch is full. */
static enum status end_rows(struct store *s, int rows, struct diag *d)
{
    s->pending += rows;
    return s->pending >= STORE_BATCH_ROWS ? store_flush(s, d) : ST_OK;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->db) {
        store_flush(s, NULL);
        sqlite3_finalize(s->begin);
        sqlite3_finalize(s->commit);
        sqlite3_finalize(s->rollback);
        for (int w = 0; w <= STORE_INSERT_WIDTH; w++)
            sqlite3_finalize(s->ins_series[w]);
        sqlite3_finalize(s->ins_event);
        sqlite3_close(s->db);
    }
    clear_buffers(s);
    free(s->samples);
    free(s->vals);
    free(s->events);
    free(s->runs);
    free(s->path);
    free(s);
}

/* ST_OK if the run exists, ST_NOT_FOUND otherwise. Readers call it first: it writes what is
 * buffered, so that they see it. */
static enum status run_exists(struct store *s, int64_t run, struct diag *d)
{
    enum status flushed = store_flush(s, d);
    if (flushed)
        return flushed;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM runs WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return db_fail(s, d, "cannot look up a run");
    sqlite3_bind_int64(st, 1, run);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return no_run(s, run, d);
    return db_fail(s, d, "cannot look up a run");
}

/* The cache entry of a run, loaded from the database on first use. */
static enum status run_cached(struct store *s, int64_t run, struct run_cache **out,
                              struct diag *d)
{
    if (s->n_runs > 0 && s->runs[s->last].run == run) {
        *out = &s->runs[s->last];
        return ST_OK;
    }
    for (int i = 0; i < s->n_runs; i++)
        if (s->runs[i].run == run) {
            s->last = i;
            *out = &s->runs[i];
            return ST_OK;
        }
    enum status st = run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT count(*) FROM series_columns WHERE run = ?1),"
                           " (SELECT coalesce(max(seq) + 1, 0) FROM events WHERE run = ?1),"
                           " (SELECT max(t) FROM series WHERE run = ?1)",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot look up a run");
    sqlite3_bind_int64(q, 1, run);
    if (sqlite3_step(q) != SQLITE_ROW) {
        st = db_fail(s, d, "cannot look up a run");
        sqlite3_finalize(q);
        return st;
    }
    if (s->n_runs == s->cap_runs) {
        s->cap_runs = s->cap_runs ? 2 * s->cap_runs : 4;
        s->runs = xrealloc(s->runs, (unsigned long)s->cap_runs * sizeof *s->runs);
    }
    struct run_cache *c = &s->runs[s->n_runs];
    c->run = run;
    c->ncols = sqlite3_column_int(q, 0);
    c->next_seq = sqlite3_column_int64(q, 1);
    c->has_t = sqlite3_column_type(q, 2) != SQLITE_NULL;
    c->last_t = c->has_t ? sqlite3_column_double(q, 2) : 0;
    sqlite3_finalize(q);
    s->last = s->n_runs++;
    *out = c;
    return ST_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_TRANSIENT);
}

enum status store_run_begin(struct store *s, const struct run_info *info, int64_t *run_id,
                            struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO runs(scenario_name, scenario_path, scenario_text, seed,"
                           " mode, version, rng, start_epoch_s, end_epoch_s, sample_s,"
                           " started_utc, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                           " ?10, ?11, 'running')",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot record the run");
    char started[32];
    now_utc(started, sizeof started);
    bind_text(q, 1, info->scenario_name);
    bind_text(q, 2, info->scenario_path);
    bind_text(q, 3, info->scenario_text);
    sqlite3_bind_int64(q, 4, seed_to_db(info->seed));
    bind_text(q, 5, info->mode);
    bind_text(q, 6, info->version);
    bind_text(q, 7, info->rng_name);
    sqlite3_bind_double(q, 8, info->start_epoch_s);
    sqlite3_bind_double(q, 9, info->end_epoch_s);
    sqlite3_bind_double(q, 10, info->sample_s);
    bind_text(q, 11, started);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot record the run");
    *run_id = sqlite3_last_insert_rowid(s->db);
    struct run_cache *c;
    return run_cached(s, *run_id, &c, d);
}

enum status store_columns(struct store *s, int64_t run, const char *const *names, int n,
                          struct diag *d)
{
    struct run_cache *c;
    enum status st = run_cached(s, run, &c, d);
    if (st)
        return st;
    if (c->ncols > 0)
        return diag_set(d, ST_INPUT, "", 0, "run %lld already has its series columns",
                        (long long)run);
    if (n < 1)
        return diag_set(d, ST_INPUT, "", 0, "run %lld: no series columns given",
                        (long long)run);
    for (int i = 0; i < n; i++) {
        if (!names[i] || !*names[i])
            return diag_set(d, ST_INPUT, "", 0, "run %lld: series column %d has no name",
                            (long long)run, i);
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return diag_set(d, ST_INPUT, "", 0, "run %lld: series \"%s\" declared twice",
                                (long long)run, names[i]);
    }
    if ((st = store_flush(s, d)))
        return st;
    if (step_once(s->begin) != SQLITE_OK)
        return db_fail(s, d, "cannot begin a transaction");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO series_columns(run, col, name) VALUES (?1, ?2, ?3)",
                           -1, &q, NULL) != SQLITE_OK) {
        st = db_fail(s, d, "cannot declare series columns");
        goto fail;
    }
    for (int i = 0; i < n; i++) {
        sqlite3_bind_int64(q, 1, run);
        sqlite3_bind_int(q, 2, i);
        bind_text(q, 3, names[i]);
        if (step_once(q) != SQLITE_OK) {
            st = db_fail(s, d, "cannot declare series columns");
            sqlite3_finalize(q);
            goto fail;
        }
    }
    sqlite3_finalize(q);
    if (step_once(s->commit) != SQLITE_OK) {
        st = db_fail(s, d, "cannot declare series columns");
        goto fail;
    }
    c->ncols = n;
    return ST_OK;
fail:
    if (!sqlite3_get_autocommit(s->db))
        step_once(s->rollback);
    return st;
}

enum status store_sample(struct store *s, int64_t run, double t, const double *values,
                         struct diag *d)
{
    struct run_cache *c;
    enum status st = run_cached(s, run, &c, d);
    if (st)
        return st;
    if (c->ncols == 0)
        return diag_set(d, ST_INPUT, "", 0, "run %lld has no series columns: call "
                        "store_columns before store_sample", (long long)run);
    if (!isfinite(t))
        return diag_set(d, ST_INPUT, "", 0, "run %lld: sample time is not finite",
                        (long long)run);
    if (c->has_t && !(t > c->last_t))
        return diag_set(d, ST_INPUT, "", 0, "run %lld: sample at t=%.17g s does not come after "
                        "the previous one (t=%.17g s)", (long long)run, t, c->last_t);
    if (s->n_samples == s->cap_samples) {
        s->cap_samples = s->cap_samples ? 2 * s->cap_samples : 256;
        s->samples = xrealloc(s->samples, s->cap_samples * sizeof *s->samples);
    }
    if (s->n_vals + (size_t)c->ncols > s->cap_vals) {
        s->cap_vals = 2 * (s->n_vals + (size_t)c->ncols) + STORE_BATCH_ROWS;
        s->vals = xrealloc(s->vals, s->cap_vals * sizeof *s->vals);
    }
    struct pending_sample *p = &s->samples[s->n_samples++];
    p->run = run;
    p->t = t;
    p->ncols = c->ncols;
    p->first = s->n_vals;
    memcpy(s->vals + s->n_vals, values, (size_t)c->ncols * sizeof *values);
    s->n_vals += (size_t)c->ncols;
    c->has_t = true;
    c->last_t = t;
    return end_rows(s, c->ncols, d);
}

enum status store_event(struct store *s, int64_t run, double t, const char *kind,
                        const char *subject, const char *detail, struct diag *d)
{
    assert(kind && subject && detail);
    struct run_cache *c;
    enum status st = run_cached(s, run, &c, d);
    if (st)
        return st;
    if (!*kind)
        return diag_set(d, ST_INPUT, "", 0, "run %lld: event without a kind", (long long)run);
    if (!isfinite(t))
        return diag_set(d, ST_INPUT, "", 0, "run %lld: event time is not finite",
                        (long long)run);
    if (s->n_events == s->cap_events) {
        s->cap_events = s->cap_events ? 2 * s->cap_events : 64;
        s->events = xrealloc(s->events, s->cap_events * sizeof *s->events);
    }
    size_t nk = strlen(kind) + 1, ns = strlen(subject) + 1, nd = strlen(detail) + 1;
    struct pending_event *p = &s->events[s->n_events++];
    p->run = run;
    p->t = t;
    p->seq = c->next_seq++;
    p->text = xmalloc(nk + ns + nd);
    memcpy(p->text, kind, nk);
    memcpy(p->text + nk, subject, ns);
    memcpy(p->text + nk + ns, detail, nd);
    return end_rows(s, 1, d);
}

enum status store_run_finish(struct store *s, int64_t run, const char *status, double wall_s,
                             uint64_t events, struct diag *d)
{
    if (!status || (strcmp(status, "done") != 0 && strcmp(status, "interrupted") != 0 &&
                    strcmp(status, "failed") != 0))
        return diag_set(d, ST_INPUT, "", 0, "run %lld: final status \"%s\" is not done, "
                        "interrupted or failed", (long long)run, status ? status : "(null)");
    enum status st = store_flush(s, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "UPDATE runs SET status = ?2, finished_utc = ?3, wall_s = ?4,"
                           " events = ?5 WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot finish the run");
    char finished[32];
    now_utc(finished, sizeof finished);
    sqlite3_bind_int64(q, 1, run);
    bind_text(q, 2, status);
    bind_text(q, 3, finished);
    sqlite3_bind_double(q, 4, wall_s);
    sqlite3_bind_int64(q, 5, seed_to_db(events));
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot finish the run");
    if (sqlite3_changes(s->db) == 0)
        return no_run(s, run, d);
    return ST_OK;
}

static void copy_text(char *dst, size_t len, sqlite3_stmt *q, int col)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* Fills row from a statement selecting RUN_COLUMNS. */
static void fill_row(sqlite3_stmt *q, struct run_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(q, 0);
    copy_text(row->scenario_name, sizeof row->scenario_name, q, 1);
    copy_text(row->status, sizeof row->status, q, 2);
    row->seed = seed_from_db(sqlite3_column_int64(q, 3));
    copy_text(row->mode, sizeof row->mode, q, 4);
    copy_text(row->version, sizeof row->version, q, 5);
    copy_text(row->rng_name, sizeof row->rng_name, q, 6);
    copy_text(row->started_utc, sizeof row->started_utc, q, 7);
    copy_text(row->finished_utc, sizeof row->finished_utc, q, 8);
    row->wall_s = sqlite3_column_double(q, 9);
    row->events = seed_from_db(sqlite3_column_int64(q, 10));
    row->start_epoch_s = sqlite3_column_double(q, 11);
    row->end_epoch_s = sqlite3_column_double(q, 12);
    row->sample_s = sqlite3_column_double(q, 13);
}

enum status store_run_get(struct store *s, int64_t run, struct run_row *row, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT " RUN_COLUMNS " FROM runs WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read a run");
    sqlite3_bind_int64(q, 1, run);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        fill_row(q, row);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return no_run(s, run, d);
    return db_fail(s, d, "cannot read a run");
}

enum status store_runs(struct store *s, void (*fn)(const struct run_row *row, void *arg),
                       void *arg, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT " RUN_COLUMNS " FROM runs ORDER BY id", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot list runs");
    int rc;
    struct run_row row;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fill_row(q, &row);
        fn(&row, arg);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot list runs");
}

enum status store_run_scenario(struct store *s, int64_t run, char **text, struct diag *d)
{
    *text = NULL;
    enum status st = store_flush(s, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT scenario_text FROM runs WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read a scenario");
    sqlite3_bind_int64(q, 1, run);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        *text = xstrdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return no_run(s, run, d);
    return db_fail(s, d, "cannot read a scenario");
}

/* The index of a run's named column; ST_NOT_FOUND if the run or the column does not exist. */
static enum status column_index(struct store *s, int64_t run, const char *column, int *col,
                                struct diag *d)
{
    enum status st = run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT col FROM series_columns WHERE run = ?1 AND name = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    bind_text(q, 2, column);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *col = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no series \"%s\"", (long long)run,
                        column);
    return db_fail(s, d, "cannot read series columns");
}

static double column_value(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

enum status store_series(struct store *s, int64_t run, const char *column, double **t,
                         double **v, size_t *n, struct diag *d)
{
    *t = *v = NULL;
    *n = 0;
    int col = 0;
    enum status st = column_index(s, run, column, &col, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT t, value FROM series WHERE run = ?1 AND col = ?2"
                           " ORDER BY t", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read a series");
    sqlite3_bind_int64(q, 1, run);
    sqlite3_bind_int(q, 2, col);
    size_t cap = 0, len = 0;
    double *tt = NULL, *vv = NULL;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? 2 * cap : 1024;
            tt = xrealloc(tt, cap * sizeof *tt);
            vv = xrealloc(vv, cap * sizeof *vv);
        }
        tt[len] = sqlite3_column_double(q, 0);
        vv[len] = column_value(q, 1);
        len++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(tt);
        free(vv);
        return db_fail(s, d, "cannot read a series");
    }
    *t = tt ? tt : xmalloc(sizeof(double));
    *v = vv ? vv : xmalloc(sizeof(double));
    *n = len;
    return ST_OK;
}

enum status store_column_names(struct store *s, int64_t run,
                               void (*fn)(const char *name, void *arg), void *arg,
                               struct diag *d)
{
    enum status st = run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM series_columns WHERE run = ?1 ORDER BY col",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        fn((const char *)sqlite3_column_text(q, 0), arg);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot read series columns");
}

enum status store_events(struct store *s, int64_t run, const char *kind,
                         void (*fn)(double t, const char *kind, const char *subject,
                                    const char *detail, void *arg),
                         void *arg, struct diag *d)
{
    enum status st = run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    const char *sql = kind ? "SELECT t, kind, subject, detail FROM events"
                             " WHERE run = ?1 AND kind = ?2 ORDER BY t, seq"
                           : "SELECT t, kind, subject, detail FROM events"
                             " WHERE run = ?1 ORDER BY t, seq";
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read events");
    sqlite3_bind_int64(q, 1, run);
    if (kind)
        bind_text(q, 2, kind);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        fn(sqlite3_column_double(q, 0), (const char *)sqlite3_column_text(q, 1),
           (const char *)sqlite3_column_text(q, 2), (const char *)sqlite3_column_text(q, 3),
           arg);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot read events");
}

/* Formats a number for CSV: integral values below 2^53 as integers ("-0" as "0"), others in
 * the shortest of %.15g, %.16g, %.17g that reads back as the same double; NaN as an empty
 * field, infinities as inf / -inf. The same double always gives the same text. */
static void format_number(double v, char *buf, size_t len)
{
    if (isnan(v)) {
        buf[0] = '\0';
    } else if (isinf(v)) {
        snprintf(buf, len, "%s", v > 0 ? "inf" : "-inf");
    } else if (v == floor(v) && fabs(v) < STORE_EXACT_INT) {
        snprintf(buf, len, "%.0f", v == 0 ? 0.0 : v);
    } else {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
}

/* Writes a CSV field, quoted (RFC 4180) if it holds a comma, quote, CR or LF. */
static void write_field(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    putc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            putc('"', out);
        putc(*p, out);
    }
    putc('"', out);
}

static enum status write_done(FILE *out, struct diag *d)
{
    if (fflush(out) != 0 || ferror(out))
        return diag_set(d, ST_IO, "", 0, "cannot write CSV: %s", strerror(errno));
    return ST_OK;
}

enum status store_export_csv(struct store *s, int64_t run, FILE *out, struct diag *d)
{
    struct run_row row;
    enum status st = store_run_get(s, run, &row, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM series_columns WHERE run = ?1 ORDER BY col",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    fputs("time_utc,t_s", out);
    int ncols = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        putc(',', out);
        write_field(out, (const char *)sqlite3_column_text(q, 0));
        ncols++;
    }
    sqlite3_finalize(q);
    putc('\n', out);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read series columns");

    /* The key order gives the rows sample by sample, columns in order; a column missing at
     * some t (never written by store_sample, but possible in a hand-edited file) is left empty. */
    if (sqlite3_prepare_v2(s->db, "SELECT t, col, value FROM series WHERE run = ?1"
                           " ORDER BY t, col", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read the series");
    sqlite3_bind_int64(q, 1, run);
    char num[40], when[32];
    rc = sqlite3_step(q);
    while (rc == SQLITE_ROW) {
        double t = sqlite3_column_double(q, 0);
        calendar_format(row.start_epoch_s + t, when, sizeof when);
        format_number(t, num, sizeof num);
        fprintf(out, "%s,%s", when, num);
        int next = 0; /* the next column to print */
        while (rc == SQLITE_ROW && sqlite3_column_double(q, 0) == t) {
            int col = sqlite3_column_int(q, 1);
            if (col >= next && col < ncols) {
                for (; next <= col; next++)
                    putc(',', out);
                format_number(column_value(q, 2), num, sizeof num);
                fputs(num, out);
            }
            rc = sqlite3_step(q);
        }
        for (; next < ncols; next++)
            putc(',', out);
        putc('\n', out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read the series");
    return write_done(out, d);
}

enum status store_export_events_csv(struct store *s, int64_t run, FILE *out, struct diag *d)
{
    struct run_row row;
    enum status st = store_run_get(s, run, &row, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT t, kind, subject, detail FROM events WHERE run = ?1"
                           " ORDER BY t, seq", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read events");
    sqlite3_bind_int64(q, 1, run);
    fputs("time_utc,kind,subject,detail\n", out);
    char when[32];
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        calendar_format(row.start_epoch_s + sqlite3_column_double(q, 0), when, sizeof when);
        fputs(when, out);
        for (int i = 1; i <= 3; i++) {
            putc(',', out);
            write_field(out, (const char *)sqlite3_column_text(q, i));
        }
        putc('\n', out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read events");
    return write_done(out, d);
}
