/* store_meta.c - what the store keeps about a run besides its numbers (schema version 2): the
 * kind ("level" or "count") and unit of each series column, and the scenario file as written.
 * Runs stored before version 2 have neither; readers then get "" and fall back (the plots ask
 * the model). */
#include "store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

enum status store_column_kinds(struct store *s, int64_t run, const char *const *kinds,
                               const char *const *units, int n, struct diag *d)
{
    enum status st = store_run_exists(s, run, d);
    if (st || (st = store_exec(s, "BEGIN IMMEDIATE", "cannot begin a transaction", d)))
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "UPDATE series_columns SET kind = ?1, unit = ?2 "
                                  "WHERE run = ?3 AND col = ?4", -1, &q, NULL) != SQLITE_OK) {
        st = db_fail(s, d, "cannot describe series columns");
        goto fail;
    }
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(q, 1, kinds[i] ? kinds[i] : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, units[i] ? units[i] : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 3, run);
        sqlite3_bind_int(q, 4, i);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE || sqlite3_changes(s->db) != 1) {
            st = rc != SQLITE_DONE ? db_fail(s, d, "cannot describe series columns")
                                   : diag_set(d, ST_INPUT, "", 0,
                                              "run %lld has no series column %d", (long long)run,
                                              i);
            sqlite3_finalize(q);
            goto fail;
        }
    }
    sqlite3_finalize(q);
    if ((st = store_exec(s, "COMMIT", "cannot describe series columns", d)) == ST_OK)
        return ST_OK;
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Copies a text column of the row q stands on into buf ("" for NULL). */
static void copy_text(sqlite3_stmt *q, int col, char *buf, size_t len)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(buf, len, "%s", t ? (const char *)t : "");
}

enum status store_column_kind(struct store *s, int64_t run, const char *column, char *kind,
                              size_t klen, char *unit, size_t ulen, struct diag *d)
{
    kind[0] = unit[0] = '\0';
    enum status st = store_run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT kind, unit FROM series_columns WHERE run = ?1 AND "
                                  "name = ?2", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    sqlite3_bind_text(q, 2, column, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        copy_text(q, 0, kind, klen);
        copy_text(q, 1, unit, ulen);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no series \"%s\"", (long long)run,
                        column);
    return db_fail(s, d, "cannot read series columns");
}

enum status store_run_set_source(struct store *s, int64_t run, const char *source,
                                 struct diag *d)
{
    enum status st = store_run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "UPDATE runs SET scenario_source = ?1 WHERE id = ?2", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot store the scenario file");
    sqlite3_bind_text(q, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, run);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot store the scenario file");
}

enum status store_run_source(struct store *s, int64_t run, char **text, struct diag *d)
{
    *text = NULL;
    enum status st = store_run_exists(s, run, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT scenario_source FROM runs WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read the scenario file");
    sqlite3_bind_int64(q, 1, run);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        *text = xstrdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? ST_OK : db_fail(s, d, "cannot read the scenario file");
}
