/* store_schema.c - the store's schema (see store.c for the tables and their keys): created,
 * migrated and checked at open in ONE write transaction (BEGIN IMMEDIATE, retried while busy),
 * so that any number of processes opening a new database at once see either no schema or all
 * of it, never half; a file that is not ours, or is newer than this code, is refused before
 * anything is written to it. Then the journal is switched to WAL, retried while another process
 * holds the lock (SQLite may answer BUSY there without calling the busy handler).
 *
 * Versions (PRAGMA user_version): schema_sql makes version 1, MIGRATIONS take it up one step at
 * a time, all in the transaction of the check; an empty database gets schema_sql and every
 * migration, so every new database runs them. A version-1 database opens and is updated. */
#include "store.h"
#include "store_internal.h"

#include <time.h>
#include <unistd.h>

/* The schema version this code writes and understands: schema_sql makes version 1, then
 * MIGRATIONS take it up one step at a time. */
#define STORE_SCHEMA_VERSION 4

/* MIGRATIONS[i] takes a database from version i + 1 to i + 2 in one transaction (a new step is
 * appended, never edited: databases in the field have run the old ones). */
static const char *const MIGRATIONS[] = {
    /* 1 -> 2: a series column's kind ("level" or "count") and unit, so plots draw counts per
     * minute and levels as they are; the scenario file as written, whose comments tell a
     * report's story. NULL in runs stored before. */
    "ALTER TABLE series_columns ADD COLUMN kind TEXT;"
    "ALTER TABLE series_columns ADD COLUMN unit TEXT;"
    "ALTER TABLE runs ADD COLUMN scenario_source TEXT;"
    "PRAGMA user_version = 2;",
    /* 2 -> 3: experiments (a grid of points x replicas, sweep); run_params, every resolved key
     * of every run as text and number; runs gain experiment, point, replica and a label, and
     * the status "pending" (reserved by a sweep, not started): a CHECK constraint, so the table
     * is rebuilt with its rows and ids kept. */
    "CREATE TABLE experiments ("
    " id INTEGER PRIMARY KEY,"
    " scenario_name TEXT NOT NULL,"
    " scenario_path TEXT NOT NULL,"
    " scenario_text TEXT NOT NULL,"
    " grid TEXT NOT NULL,"
    " points INTEGER NOT NULL,"
    " reps INTEGER NOT NULL,"
    " base_seed INTEGER NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'running'"
    "  CHECK (status IN ('running','done','incomplete','interrupted')),"
    " created_utc TEXT NOT NULL,"
    " wall_s REAL);"
    "CREATE TABLE runs_v2 ("
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
    "  CHECK (status IN ('pending','running','done','interrupted','failed')),"
    " scenario_source TEXT,"
    " experiment INTEGER REFERENCES experiments(id),"
    " point INTEGER,"
    " replica INTEGER,"
    " label TEXT NOT NULL DEFAULT '');"
    "INSERT INTO runs_v2(id, scenario_name, scenario_path, scenario_text, seed, mode, version,"
    " rng, start_epoch_s, end_epoch_s, sample_s, started_utc, finished_utc, wall_s, events,"
    " status, scenario_source) SELECT id, scenario_name, scenario_path, scenario_text, seed,"
    " mode, version, rng, start_epoch_s, end_epoch_s, sample_s, started_utc, finished_utc,"
    " wall_s, events, status, scenario_source FROM runs;"
    "DROP TABLE runs;"
    "ALTER TABLE runs_v2 RENAME TO runs;"
    "CREATE INDEX runs_experiment ON runs(experiment, point, replica);"
    "CREATE TABLE run_params ("
    " run INTEGER NOT NULL,"
    " key TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " number REAL,"
    " PRIMARY KEY (run, key)) WITHOUT ROWID;"
    "CREATE INDEX run_params_key ON run_params(key, run);"
    "PRAGMA user_version = 3;",
    /* 3 -> 4: who runs a run and whether it is alive. runs is rebuilt (SQLite cannot change a
     * CHECK) to allow the status "killed" and to add pid and host (the process that runs it),
     * heartbeat_utc (renewed with every committed batch), reason (why it failed or was marked
     * killed) and rows (series values and events committed so far; counted for old runs). */
    "CREATE TABLE runs_v4 ("
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
    "  CHECK (status IN ('pending','running','done','interrupted','failed','killed')),"
    " scenario_source TEXT,"
    " experiment INTEGER REFERENCES experiments(id),"
    " point INTEGER,"
    " replica INTEGER,"
    " label TEXT NOT NULL DEFAULT '',"
    " pid INTEGER,"
    " host TEXT,"
    " heartbeat_utc TEXT,"
    " reason TEXT,"
    " rows INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO runs_v4(id, scenario_name, scenario_path, scenario_text, seed, mode, version,"
    " rng, start_epoch_s, end_epoch_s, sample_s, started_utc, finished_utc, wall_s, events,"
    " status, scenario_source, experiment, point, replica, label, rows)"
    " SELECT id, scenario_name, scenario_path, scenario_text, seed, mode, version, rng,"
    " start_epoch_s, end_epoch_s, sample_s, started_utc, finished_utc, wall_s, events, status,"
    " scenario_source, experiment, point, replica, label,"
    " (SELECT count(*) FROM series WHERE series.run = runs.id)"
    " + (SELECT count(*) FROM events WHERE events.run = runs.id) FROM runs;"
    "DROP TABLE runs;"
    "ALTER TABLE runs_v4 RENAME TO runs;"
    "CREATE INDEX runs_experiment ON runs(experiment, point, replica);"
    "PRAGMA user_version = 4;",
};

/* How long opening retries the write lock and the journal switch while another process
 * holds the database. */
#define STORE_LOCK_RETRY_MS 20000
#define N_MIGRATIONS (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0])

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


enum status store_exec(struct store *s, const char *sql, const char *what, struct diag *d)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(s, d, what);
    return ST_OK;
}

/* Reads a one-integer pragma or query into *v. */
int store_query_int(sqlite3 *db, const char *sql, int64_t *v)
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

/* Sleeps a few milliseconds, different in each process (so that waiting processes do not
 * retry in step); `round` counts the retries. */
static void backoff(int round)
{
    long ms = 2 + (long)(((unsigned)getpid() * 7919u + (unsigned)round * 104729u) % 15u);
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs sql, retrying while the database is busy or locked, up to STORE_LOCK_RETRY_MS; the
 * text of the last row's first column goes to result (if not NULL). Returns SQLite's code. */
static int exec_retry(struct store *s, const char *sql, char *result, size_t len)
{
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int round = 0;; round++) {
        sqlite3_stmt *q;
        int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
        if (rc == SQLITE_OK) {
            while ((rc = sqlite3_step(q)) == SQLITE_ROW)
                if (result)
                    snprintf(result, len, "%s", (const char *)sqlite3_column_text(q, 0));
            sqlite3_finalize(q);
            if (rc == SQLITE_DONE)
                return SQLITE_OK;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        double waited = (now.tv_sec - t0.tv_sec) * 1e3 + (now.tv_nsec - t0.tv_nsec) / 1e6;
        if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) ||
            waited >= STORE_LOCK_RETRY_MS)
            return rc;
        backoff(round);
    }
}

/* Inside the caller's transaction: schema_sql for an empty database (version 0), then every
 * migration from the database's version up (each sets user_version). */
static enum status migrate(struct store *s, int64_t version, struct diag *d)
{
    _Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION - 1, "one migration per version step");
    enum status st = ST_OK;
    if (version == 0)
        st = store_exec(s, schema_sql, "cannot create the schema", d);
    for (int64_t v = version > 0 ? version : 1; st == ST_OK && v < STORE_SCHEMA_VERSION; v++)
        st = store_exec(s, MIGRATIONS[v - 1], "cannot update the schema", d);
    return st;
}

/* Checks the schema, creating or migrating it, in one write transaction: the version and the
 * tables are read under the lock, so no other process can be half-way through creating them. */
enum status store_check_schema(struct store *s, struct diag *d)
{
    if (exec_retry(s, "BEGIN IMMEDIATE", NULL, 0) != SQLITE_OK)
        return db_fail(s, d, "cannot lock the database");
    int64_t version = 0, tables = 0;
    enum status st = ST_OK;
    if (store_query_int(s->db, "PRAGMA user_version", &version) != SQLITE_OK ||
        store_query_int(s->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
        st = db_fail(s, d, "cannot read the schema");
    else if (version == 0 && tables > 0)
        st = diag_set(d, ST_DB, "", 0, "%s: not a wormsim database (it has tables but no "
                      "schema version)", s->path);
    else if (version > STORE_SCHEMA_VERSION)
        st = diag_set(d, ST_DB, "", 0, "%s: schema version %lld is newer than this wormsim "
                      "understands (%d): use a newer wormsim", s->path, (long long)version,
                      STORE_SCHEMA_VERSION);
    else if (version < 0)
        st = diag_set(d, ST_DB, "", 0, "%s: unknown schema version %lld", s->path,
                      (long long)version);
    else if (version < STORE_SCHEMA_VERSION)
        st = migrate(s, version, d);
    if (st == ST_OK)
        return store_exec(s, "COMMIT", "cannot create the schema", d);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Switches the journal to WAL, retrying while another process holds the lock, and checks that
 * it took. */
enum status store_use_wal(struct store *s, struct diag *d)
{
    char mode[16] = "";
    if (exec_retry(s, "PRAGMA journal_mode=WAL", mode, sizeof mode) != SQLITE_OK)
        return db_fail(s, d, "cannot use WAL journal mode");
    if (strcmp(mode, "wal") != 0)
        return diag_set(d, ST_DB, "", 0, "%s: cannot use WAL journal mode (journal is %s)",
                        s->path, mode);
    return ST_OK;
}
