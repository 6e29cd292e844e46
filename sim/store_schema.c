/* store_schema.c - the store's schema (see store.c for the tables and their keys): created in
 * an empty database under the write lock, and its version (PRAGMA user_version) checked at open,
 * so that a file that is not ours, or is newer than this code, is refused before anything is
 * written to it. */
#include "store.h"
#include "store_internal.h"

/* The schema version this code writes and understands: schema_sql makes version 1, then
 * MIGRATIONS take it up one step at a time. */
#define STORE_SCHEMA_VERSION 3

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
};
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

/* Checks the schema version read at open; an empty database gets the schema, created under
 * the write lock (and checked again there, in case another process created it meanwhile).
 * Only that case takes a lock, so opening a database another process is writing never waits. */
enum status store_check_schema(struct store *s, int64_t version, struct diag *d)
{
    int64_t tables = 0;
    if (store_query_int(s->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
        return db_fail(s, d, "cannot read the schema");
    bool locked = false;
    enum status st = ST_OK;
    if (version == 0 && tables == 0) {
        if ((st = store_exec(s, "BEGIN IMMEDIATE", "cannot lock the database", d)))
            return st;
        locked = true;
        if (store_query_int(s->db, "PRAGMA user_version", &version) != SQLITE_OK ||
            store_query_int(s->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
            st = db_fail(s, d, "cannot read the schema");
        else if (version == 0 && tables == 0)
            st = store_exec(s, schema_sql, "cannot create the schema", d);
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
    if (locked) {
        if (st == ST_OK)
            st = store_exec(s, "COMMIT", "cannot create the schema", d);
        else
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return st == ST_OK && version < STORE_SCHEMA_VERSION ? store_migrate(s, d) : st;
}

/* Takes an older schema up to STORE_SCHEMA_VERSION, one step per transaction under the write
 * lock; the version is read again inside the lock, so two processes never apply a step twice. */
enum status store_migrate(struct store *s, struct diag *d)
{
    _Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION - 1, "one migration per version step");
    for (;;) {
        int64_t version = 0;
        enum status st = store_exec(s, "BEGIN IMMEDIATE", "cannot lock the database", d);
        if (st)
            return st;
        if (store_query_int(s->db, "PRAGMA user_version", &version) != SQLITE_OK) {
            st = db_fail(s, d, "cannot read the schema");
        } else if (version >= STORE_SCHEMA_VERSION || version < 1) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return ST_OK;
        } else if ((st = store_exec(s, MIGRATIONS[version - 1], "cannot update the schema",
                                    d)) == ST_OK) {
            if ((st = store_exec(s, "COMMIT", "cannot update the schema", d)) == ST_OK)
                continue;
        }
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
}

