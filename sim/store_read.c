/* store_read.c - reading a run back: its row in runs, its scenario text, one series column,
 * the column names and its events. Every reader first writes what the store has buffered
 * (store_flush or store_run_exists), so a process always reads what it wrote. */
#include "store.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>

#define RUN_COLUMNS STORE_RUN_COLUMNS

static void copy_text(char *dst, size_t len, sqlite3_stmt *q, int col)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

void store_fill_run_row(sqlite3_stmt *q, struct run_row *row)
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
    row->experiment = sqlite3_column_int64(q, 14); /* NULL reads as 0: a plain run */
    row->point = sqlite3_column_type(q, 15) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 15);
    row->replica = sqlite3_column_type(q, 16) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 16);
    copy_text(row->label, sizeof row->label, q, 17);
    row->pid = sqlite3_column_int64(q, 18);
    copy_text(row->host, sizeof row->host, q, 19);
    copy_text(row->heartbeat_utc, sizeof row->heartbeat_utc, q, 20);
    copy_text(row->reason, sizeof row->reason, q, 21);
    row->rows = seed_from_db(sqlite3_column_int64(q, 22));
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
        store_fill_run_row(q, row);
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
        store_fill_run_row(q, &row);
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
    enum status st = store_run_exists(s, run, d);
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
    enum status st = store_run_exists(s, run, d);
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
    enum status st = store_run_exists(s, run, d);
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

