/* store_import.c - copying one run computed elsewhere into the store: a worker's in-memory
 * database image is attached (sqlite3_deserialize) as schema "w" and every table of it that has
 * a `run` column is copied with INSERT ... SELECT, the run renumbered, in one transaction with
 * the update of the run's row. Tables are found by name in the image, so a table another module
 * adds (with a run column) is copied without this file knowing it. */
#include <stdio.h>
#include <stdlib.h>

#include "store.h"
#include "store_experiment.h"
#include "store_internal.h"

/* Columns of runs that the reservation owns and the import leaves alone. */
static const char *const KEEP[] = {"id", "scenario_name", "scenario_path", "scenario_text",
                                   "seed", "experiment", "point", "replica", "label"};

static bool kept(const char *col)
{
    for (size_t i = 0; i < sizeof KEEP / sizeof KEEP[0]; i++)
        if (!strcmp(col, KEEP[i]))
            return true;
    return false;
}

/* Appends s to the growing string *buf. */
static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* Runs sql with ?1 = run (and ?2 = the image's run id); ST_DB naming what. */
static enum status exec_run(struct store *s, const char *sql, int64_t run, int64_t wrun,
                            const char *what, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, what);
    sqlite3_bind_int64(q, 1, run);
    if (sqlite3_bind_parameter_count(q) >= 2)
        sqlite3_bind_int64(q, 2, wrun);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, what);
}

/* Copies table `name` of w into main for run (replacing run's rows there). */
static enum status copy_table(struct store *s, const char *name, int64_t run, int64_t wrun,
                              struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1, 'w') ORDER BY cid",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read an imported table");
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    char *cols = NULL, *sel = NULL;
    size_t lc = 0, cc = 0, ls = 0, cs = 0;
    bool has_run = false;
    append(&cols, &lc, &cc, "");
    append(&sel, &ls, &cs, "");
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(q, 0);
        bool is_run = !strcmp(c, "run");
        has_run |= is_run;
        append(&cols, &lc, &cc, lc ? ", \"" : "\"");
        append(&cols, &lc, &cc, c);
        append(&cols, &lc, &cc, "\"");
        append(&sel, &ls, &cs, ls ? ", " : "");
        if (is_run) {
            append(&sel, &ls, &cs, "?1");
        } else {
            append(&sel, &ls, &cs, "\"");
            append(&sel, &ls, &cs, c);
            append(&sel, &ls, &cs, "\"");
        }
    }
    sqlite3_finalize(q);
    enum status st = ST_OK;
    if (has_run) {
        size_t n = strlen(name) + lc + ls + 128;
        char *sql = xmalloc(n);
        snprintf(sql, n, "DELETE FROM main.\"%s\" WHERE run = ?1", name);
        st = exec_run(s, sql, run, wrun, "cannot replace a run's rows", d);
        snprintf(sql, n, "INSERT INTO main.\"%s\"(%s) SELECT %s FROM w.\"%s\" WHERE run = ?2",
                 name, cols, sel, name);
        if (st == ST_OK)
            st = exec_run(s, sql, run, wrun, "cannot copy a run's rows", d);
        free(sql);
    }
    free(cols);
    free(sel);
    return st;
}

/* The UPDATE of main.runs from the image's run row (every column but those KEEP names). */
static enum status copy_run_row(struct store *s, int64_t run, int64_t wrun, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info('runs', 'w') ORDER BY cid",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read an imported run");
    char *cols = NULL;
    size_t len = 0, cap = 0;
    append(&cols, &len, &cap, "");
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(q, 0);
        if (kept(c))
            continue;
        append(&cols, &len, &cap, len ? ", \"" : "\"");
        append(&cols, &len, &cap, c);
        append(&cols, &len, &cap, "\"");
    }
    sqlite3_finalize(q);
    size_t n = 2 * len + 128;
    char *sql = xmalloc(n);
    snprintf(sql, n, "UPDATE main.runs SET (%s) = (SELECT %s FROM w.runs WHERE id = ?2)"
             " WHERE id = ?1", cols, cols);
    enum status st = exec_run(s, sql, run, wrun, "cannot update an imported run", d);
    free(sql);
    free(cols);
    return st;
}

/* Copies every table with a run column, then the run row. Inside a transaction. */
static enum status copy_all(struct store *s, int64_t run, int64_t wrun, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM w.sqlite_master WHERE type = 'table' AND"
                           " name NOT IN ('runs', 'experiments', 'run_params') ORDER BY name",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read an imported run");
    char *names[64];
    int n = 0;
    while (n < 64 && sqlite3_step(q) == SQLITE_ROW)
        names[n++] = xstrdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    enum status st = ST_OK;
    for (int i = 0; i < n; i++) {
        if (st == ST_OK)
            st = copy_table(s, names[i], run, wrun, d);
        free(names[i]);
    }
    return st == ST_OK ? copy_run_row(s, run, wrun, d) : st;
}

enum status store_run_import(struct store *s, int64_t run, const void *image, size_t n,
                             struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    if ((st = store_exec(s, "ATTACH ':memory:' AS w", "cannot attach a run's image", d)))
        return st;
    unsigned char *buf = sqlite3_malloc64(n ? n : 1);
    if (!buf) {
        fputs("wormsim: out of memory\n", stderr);
        abort();
    }
    memcpy(buf, image, n);
    int64_t count = 0, wrun = 0;
    if (sqlite3_deserialize(s->db, "w", buf, (sqlite3_int64)n, (sqlite3_int64)n,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
            SQLITE_OK ||
        store_query_int(s->db, "SELECT count(*) FROM w.runs", &count) != SQLITE_OK ||
        store_query_int(s->db, "SELECT coalesce(min(id), 0) FROM w.runs", &wrun) != SQLITE_OK)
        st = diag_set(d, ST_INPUT, "", 0, "run %lld: the worker's result is not a wormsim "
                      "database", (long long)run);
    else if (count != 1)
        st = diag_set(d, ST_INPUT, "", 0, "run %lld: the worker's result holds %lld runs",
                      (long long)run, (long long)count);
    if (st == ST_OK)
        st = store_exec(s, "BEGIN IMMEDIATE", "cannot begin a transaction", d);
    if (st == ST_OK) {
        st = copy_all(s, run, wrun, d);
        if (st == ST_OK)
            st = store_exec(s, "COMMIT", "cannot commit an imported run", d);
        if (st != ST_OK && !sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_exec(s->db, "DETACH w", NULL, NULL, NULL);
    return st;
}
