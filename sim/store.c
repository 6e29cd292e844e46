/* store.c - the run store: runs, named time series and events in one SQLite database.
 * Samples and events are buffered in memory and written in one short transaction every
 * STORE_BATCH_ROWS rows and by store_flush / store_run_finish / store_close (and before any read,
 * so a reader always sees what it wrote). store_run_begin and store_columns commit at once, so a
 * killed process leaves its run visibly "running" with every committed batch readable. The
 * write lock is held only while a batch is written, never while the simulation computes, so
 * several runs (processes) can write to one database at once. The schema is created and
 * checked in store_schema.c, runs are read back in store_read.c and exported in store_export.c.
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
#include "store_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

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

/* The wall clock as "2001-07-19T10:00:00Z". */
void store_now_utc(char *buf, size_t len)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    calendar_format((double)ts.tv_sec, buf, len);
}


static enum status prepare(struct store *s, const char *sql, sqlite3_stmt **out, struct diag *d)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot prepare a statement");
    return ST_OK;
}

enum status store_check_path(const char *path, struct diag *d)
{
    if (!path || !*path)
        return diag_set(d, ST_USAGE, "", 0, "no database path given (--db needs a file name)");
    if (!strcmp(path, ":memory:"))
        return diag_set(d, ST_USAGE, "", 0, "--db :memory: would lose the run when wormsim "
                        "exits: give a file name");
    if (!strncmp(path, "file:", 5))
        return diag_set(d, ST_USAGE, "", 0, "--db %s: SQLite URI names are not taken, --db is a "
                        "plain file name (write ./%s for a file whose name starts with "
                        "\"file:\")", path, path);
    return ST_OK;
}

/* Opens path (":memory:" when memory: a worker's private store, no WAL, nothing on disk). */
static enum status open_at(const char *path, bool memory, struct store **out, struct diag *d)
{
    *out = NULL;
    enum status st = memory ? ST_OK : paths_make_parents(path, d);
    if (st)
        return st;
    struct store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    /* No SQLITE_OPEN_URI, and names that SQLite would read as a URI or an in-memory database
     * are refused above: the name is a plain path. */
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        st = s->db ? db_fail(s, d, "cannot open")
                   : diag_set(d, ST_DB, "", 0, "%s: cannot open: out of memory", path);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    /* The first read of the file tells a SQLite database from anything else. */
    int64_t version = 0;
    int rc = store_query_int(s->db, "PRAGMA user_version", &version);
    if (rc == SQLITE_NOTADB) {
        st = diag_set(d, ST_DB, "", 0, "%s: not a SQLite database", path);
        goto fail;
    }
    if (rc != SQLITE_OK) {
        st = db_fail(s, d, "cannot read");
        goto fail;
    }
    /* The version is checked before anything is written: a file that is not ours stays as is. */
    if ((st = store_check_schema(s, d)) || (!memory && (st = store_use_wal(s, d))) ||
        (st = store_exec(s, "PRAGMA synchronous=NORMAL", "cannot set synchronous=NORMAL", d)))
        goto fail;
    if ((st = prepare(s, "BEGIN IMMEDIATE", &s->begin, d)) ||
        (st = prepare(s, "COMMIT", &s->commit, d)) ||
        (st = prepare(s, "ROLLBACK", &s->rollback, d)) ||
        (st = prepare(s, "INSERT INTO events(run, t, seq, kind, subject, detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s->ins_event, d)) ||
        (st = prepare(s, "UPDATE runs SET heartbeat_utc = ?2, rows = rows + ?3 WHERE id = ?1",
                      &s->heartbeat, d)))
        goto fail;
    *out = s;
    return ST_OK;
fail:
    store_close(s);
    return st;
}

enum status store_open(const char *path, struct store **out, struct diag *d)
{
    *out = NULL;
    enum status st = store_check_path(path, d);
    return st ? st : open_at(path, false, out, d);
}

enum status store_open_memory(struct store **out, struct diag *d)
{
    return open_at(":memory:", true, out, d);
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
    for (int i = 0; i < s->n_runs; i++)
        s->runs[i].pending_rows = 0;
}

/* Inside the batch's transaction: each run with rows in it gets its heartbeat (now) and its
 * row count; run 0 forces a heartbeat of `force` alone. */
static enum status write_heartbeats(struct store *s, int64_t force, struct diag *d)
{
    char now[32];
    store_now_utc(now, sizeof now);
    for (int i = 0; i < s->n_runs; i++) {
        const struct run_cache *c = &s->runs[i];
        if (c->pending_rows == 0 && c->run != force)
            continue;
        sqlite3_bind_int64(s->heartbeat, 1, c->run);
        bind_text(s->heartbeat, 2, now);
        sqlite3_bind_int64(s->heartbeat, 3, c->pending_rows);
        if (step_once(s->heartbeat) != SQLITE_OK)
            return db_fail(s, d, "cannot record the heartbeat");
    }
    return ST_OK;
}

/* Writes the buffers (and the heartbeats) in one transaction; see store_flush. */
static enum status flush_with(struct store *s, int64_t force, struct diag *d)
{
    if (s->n_samples == 0 && s->n_events == 0 && force == 0)
        return ST_OK;
    if (step_once(s->begin) != SQLITE_OK)
        return db_fail(s, d, "cannot begin a transaction");
    enum status st = ST_OK;
    for (size_t i = 0; i < s->n_samples && st == ST_OK; i++)
        st = write_sample(s, &s->samples[i], d);
    for (size_t i = 0; i < s->n_events && st == ST_OK; i++)
        st = write_event(s, &s->events[i], d);
    if (st == ST_OK)
        st = write_heartbeats(s, force, d);
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

static enum status run_cached(struct store *s, int64_t run, struct run_cache **out,
                              struct diag *d);

/* Writes the buffers in one transaction. On failure nothing is written and the buffers are
 * kept, so a later flush may try again (after a busy timeout, say). */
enum status store_flush(struct store *s, struct diag *d) { return flush_with(s, 0, d); }

enum status store_heartbeat(struct store *s, int64_t run, struct diag *d)
{
    struct run_cache *c;
    enum status st = run_cached(s, run, &c, d);
    return st ? st : flush_with(s, run, d);
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
        sqlite3_finalize(s->heartbeat);
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

enum status store_run_exists(struct store *s, int64_t run, struct diag *d)
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
    enum status st = store_run_exists(s, run, d);
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
    c->pending_rows = 0;
    sqlite3_finalize(q);
    s->last = s->n_runs++;
    *out = c;
    return ST_OK;
}

enum status store_run_begin(struct store *s, const struct run_info *info, int64_t *run_id,
                            struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st)
        return st;
    /* the row and its parameters in one transaction */
    if ((st = store_exec(s, "BEGIN IMMEDIATE", "cannot record the run", d)))
        return st;
    st = store_insert_run(s, info, 0, "running", run_id, d);
    if (st == ST_OK)
        st = store_exec(s, "COMMIT", "cannot record the run", d);
    if (st != ST_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
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
    c->pending_rows += c->ncols;
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
    c->pending_rows++;
    p->text = xmalloc(nk + ns + nd);
    memcpy(p->text, kind, nk);
    memcpy(p->text + nk, subject, ns);
    memcpy(p->text + nk + ns, detail, nd);
    return end_rows(s, 1, d);
}

/* Sets a run's final status, reason (NULL: none), finish time, wall seconds and events; with
 * only_running, only if it is still "running". *changed tells whether a row was updated. */
static enum status set_final(struct store *s, int64_t run, const char *status, const char *reason,
                             double wall_s, uint64_t events, bool only_running, bool *changed,
                             struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, only_running
                           ? "UPDATE runs SET status = ?2, finished_utc = ?3, reason = ?6"
                             " WHERE id = ?1 AND status = 'running'"
                           : "UPDATE runs SET status = ?2, finished_utc = ?3, wall_s = ?4,"
                             " events = ?5, reason = ?6 WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot finish the run");
    char finished[32];
    store_now_utc(finished, sizeof finished);
    sqlite3_bind_int64(q, 1, run);
    bind_text(q, 2, status);
    bind_text(q, 3, finished);
    if (!only_running) {
        sqlite3_bind_double(q, 4, wall_s);
        sqlite3_bind_int64(q, 5, seed_to_db(events));
    }
    if (reason)
        bind_text(q, 6, reason);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot finish the run");
    *changed = sqlite3_changes(s->db) > 0;
    return ST_OK;
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
    bool changed;
    if ((st = set_final(s, run, status, NULL, wall_s, events, false, &changed, d)))
        return st;
    return changed ? ST_OK : no_run(s, run, d);
}

enum status store_run_fail(struct store *s, int64_t run, const char *reason, double wall_s,
                           uint64_t events, struct diag *d)
{
    if (store_flush(s, NULL) != ST_OK)
        clear_buffers(s); /* they cannot be written: the status alone must fit */
    bool changed;
    enum status st = set_final(s, run, "failed", reason ? reason : "", wall_s, events, false,
                               &changed, d);
    if (st)
        return st;
    return changed ? ST_OK : no_run(s, run, d);
}

enum status store_run_mark_killed(struct store *s, int64_t run, const char *reason, bool *marked,
                                  struct diag *d)
{
    *marked = false;
    enum status st = store_run_exists(s, run, d);
    if (st)
        return st;
    return set_final(s, run, "killed", reason ? reason : "", 0, 0, true, marked, d);
}

