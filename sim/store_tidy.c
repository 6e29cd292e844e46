/* store_tidy.c - tidy export of several runs (an experiment, or runs named on the command
 * line) for pandas, R or a spreadsheet: every row carries run, experiment, point, replica,
 * seed and the chosen keys (each run's value from run_params: its number, or its text when it
 * has none), then the time and either every series column (wide: a row per sample) or one
 * column name and value (long: a row per sample and column). CSV is written here with the
 * store's number format; JSON rows are built by SQLite's json_object, this file only puts them
 * in an array. Runs come in the order given, samples in time order, columns in declared order. */
#include "store.h"
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"

/* Arguments per json_object call: SQLite allows 127 per function; objects are merged with
 * json_patch in chunks of this many (pairs of name and value). */
#define JSON_CHUNK_ARGS 100

/* The names of the series columns of all runs, in order of first appearance. */
struct names {
    char **v;
    int n;
};

static int name_index(const struct names *u, const char *name)
{
    for (int i = 0; i < u->n; i++)
        if (!strcmp(u->v[i], name))
            return i;
    return -1;
}

static void names_free(struct names *u)
{
    for (int i = 0; i < u->n; i++)
        free(u->v[i]);
    free(u->v);
}

/* Adds run's column names to u; map[col] = index in u (map has room for 4096 columns). */
static enum status run_columns(struct store *s, int64_t run, struct names *u, int *map,
                               int *ncols, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT col, name FROM series_columns WHERE run = ?1"
                           " ORDER BY col", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    *ncols = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int col = sqlite3_column_int(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        int at = name_index(u, name);
        if (at < 0) {
            u->v = xrealloc(u->v, (unsigned long)(u->n + 1) * sizeof *u->v);
            u->v[at = u->n++] = xstrdup(name);
        }
        if (col >= 0 && col < 4096) {
            map[col] = at;
            if (col + 1 > *ncols)
                *ncols = col + 1;
        }
    }
    sqlite3_finalize(q);
    return ST_OK;
}

/* The identifying fields of a run as CSV ("run,experiment,point,replica,seed,keys..."). */
static enum status id_fields(struct store *s, const struct run_row *r, const char *const *keys,
                             size_t n_keys, char **out, struct diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    fprintf(m, "%lld,", (long long)r->id);
    if (r->experiment > 0)
        fprintf(m, "%lld,%ld,%ld,", (long long)r->experiment, r->point, r->replica);
    else
        fputs(",,,", m);
    fprintf(m, "%llu", (unsigned long long)r->seed);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT number, text FROM run_params WHERE run = ?1 AND"
                           " key = ?2", -1, &q, NULL) != SQLITE_OK) {
        fclose(m);
        free(buf);
        return db_fail(s, d, "cannot read run parameters");
    }
    for (size_t k = 0; k < n_keys; k++) {
        sqlite3_bind_int64(q, 1, r->id);
        bind_text(q, 2, keys[k]);
        putc(',', m);
        if (sqlite3_step(q) == SQLITE_ROW) {
            char num[40];
            if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
                store_format_number(sqlite3_column_double(q, 0), num, sizeof num);
                fputs(num, m);
            } else {
                store_write_field(m, (const char *)sqlite3_column_text(q, 1));
            }
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    fclose(m);
    *out = buf;
    return ST_OK;
}

/* Writes one run's rows as CSV. */
static enum status run_csv(struct store *s, const struct run_row *r, const char *ids,
                           const int *map, int ncols, const struct names *u, bool long_form,
                           FILE *out, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT t, col, value FROM series WHERE run = ?1"
                           " ORDER BY t, col", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read the series");
    sqlite3_bind_int64(q, 1, r->id);
    double *row = xmalloc((size_t)(u->n ? u->n : 1) * sizeof *row);
    char num[40], when[32];
    int rc = sqlite3_step(q);
    while (rc == SQLITE_ROW) {
        double t = sqlite3_column_double(q, 0);
        calendar_format(r->start_epoch_s + t, when, sizeof when);
        char ts[40];
        store_format_number(t, ts, sizeof ts);
        for (int i = 0; i < u->n; i++)
            row[i] = NAN;
        for (; rc == SQLITE_ROW && sqlite3_column_double(q, 0) == t; rc = sqlite3_step(q)) {
            int col = sqlite3_column_int(q, 1);
            if (col < 0 || col >= ncols)
                continue;
            double v = column_value(q, 2);
            if (long_form) {
                store_format_number(v, num, sizeof num);
                fprintf(out, "%s,%s,%s,", ids, when, ts);
                store_write_field(out, u->v[map[col]]);
                fprintf(out, ",%s\n", num);
            } else {
                row[map[col]] = v;
            }
        }
        if (!long_form) {
            fprintf(out, "%s,%s,%s", ids, when, ts);
            for (int i = 0; i < u->n; i++) {
                store_format_number(row[i], num, sizeof num);
                fprintf(out, ",%s", num);
            }
            putc('\n', out);
        }
    }
    free(row);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot read the series");
}

/* A growing list of JSON members: name and SQL expression. */
struct members {
    char **name, **expr;
    int n;
};

static void member(struct members *m, const char *name, const char *expr)
{
    m->name = xrealloc(m->name, (unsigned long)(m->n + 1) * sizeof *m->name);
    m->expr = xrealloc(m->expr, (unsigned long)(m->n + 1) * sizeof *m->expr);
    m->name[m->n] = xstrdup(name);
    m->expr[m->n++] = xstrdup(expr);
}

/* Writes name as an SQL string literal, with "prefix" and "suffix" inside the quotes. */
static void sql_literal(FILE *f, const char *prefix, const char *name, const char *suffix)
{
    fprintf(f, "'%s", prefix);
    for (const char *p = name; *p; p++)
        fputs(*p == '\'' ? "''" : *p == '"' ? "\\\"" : (char[]){*p, 0}, f);
    fprintf(f, "%s'", suffix);
}

/* The SQL of one JSON object holding every member, in order: json_object of the first
 * JSON_CHUNK_ARGS / 2, then json_insert of the rest in chunks (SQL NULL becomes JSON null).
 * Frees m's contents; returns a malloc'ed string. */
static char *json_expr(struct members *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int per = JSON_CHUNK_ARGS / 2, chunks = (m->n + per - 1) / per;
    for (int c = 1; c < chunks; c++)
        fputs("json_insert(", f);
    for (int c = 0; c < chunks; c++) {
        fputs(c ? ", " : "json_object(", f);
        for (int i = c * per; i < m->n && i < (c + 1) * per; i++) {
            if (i > c * per)
                fputs(", ", f);
            if (c == 0)
                sql_literal(f, "", m->name[i], "");
            else
                sql_literal(f, "$.\"", m->name[i], "\"");
            fprintf(f, ", %s", m->expr[i]);
        }
        fputs(")", f);
    }
    fclose(f);
    for (int i = 0; i < m->n; i++) {
        free(m->name[i]);
        free(m->expr[i]);
    }
    free(m->name);
    free(m->expr);
    memset(m, 0, sizeof *m);
    return buf;
}

/* The SELECT of one run's JSON rows (wide or long); malloc'ed. ?1 run, ?2 experiment,
 * ?3 point, ?4 replica, ?5 seed, ?6 start epoch, ?7... the keys. colno[i]: the run's column
 * number of cols->v[i] (-1: the run has none). */
static char *json_sql(size_t n_keys, const char *const *keys, const struct names *cols,
                      const int *colno, bool long_form)
{
    struct members m = {0};
    member(&m, "run", "?1");
    member(&m, "experiment", "?2");
    member(&m, "point", "?3");
    member(&m, "replica", "?4");
    member(&m, "seed", "?5");
    char expr[128];
    for (size_t k = 0; k < n_keys; k++) {
        snprintf(expr, sizeof expr, "(SELECT coalesce(number, text) FROM run_params WHERE"
                 " run = ?1 AND key = ?%zu)", 7 + k);
        member(&m, keys[k], expr);
    }
    member(&m, "time_utc", "strftime('%Y-%m-%dT%H:%M:%SZ', ?6 + t, 'unixepoch')");
    member(&m, "t_s", "t");
    if (long_form) {
        member(&m, "column", "(SELECT name FROM series_columns c WHERE c.run = ?1 AND"
                             " c.col = series.col)");
        member(&m, "value", "value");
    } else {
        for (int i = 0; i < cols->n; i++) {
            snprintf(expr, sizeof expr, "max(CASE WHEN col = %d THEN value END)", colno[i]);
            member(&m, cols->v[i], expr);
        }
    }
    char *obj = json_expr(&m);
    size_t n = strlen(obj) + 128;
    char *sql = xmalloc(n);
    snprintf(sql, n, "SELECT %s FROM series WHERE run = ?1 %s", obj,
             long_form ? "ORDER BY t, col" : "GROUP BY t ORDER BY t");
    free(obj);
    return sql;
}

/* Writes one run's JSON rows, each preceded by ",\n" except the very first (*first). */
static enum status run_json(struct store *s, const struct run_row *r, const char *const *keys,
                            size_t n_keys, const struct names *u, const int *map, int ncols,
                            bool long_form, bool *first, FILE *out, struct diag *d)
{
    int *colno = xmalloc((size_t)(u->n ? u->n : 1) * sizeof *colno);
    for (int i = 0; i < u->n; i++)
        colno[i] = -1;
    for (int c = 0; c < ncols; c++)
        colno[map[c]] = c;
    char *sql = json_sql(n_keys, keys, u, colno, long_form);
    free(colno);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    free(sql);
    if (rc != SQLITE_OK)
        return db_fail(s, d, "cannot export JSON");
    sqlite3_bind_int64(q, 1, r->id);
    if (r->experiment > 0) {
        sqlite3_bind_int64(q, 2, r->experiment);
        sqlite3_bind_int64(q, 3, r->point);
        sqlite3_bind_int64(q, 4, r->replica);
    }
    sqlite3_bind_int64(q, 5, (sqlite3_int64)r->seed);
    sqlite3_bind_double(q, 6, r->start_epoch_s);
    for (size_t k = 0; k < n_keys; k++)
        bind_text(q, (int)(7 + k), keys[k]);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fputs(*first ? "" : ",\n", out);
        fputs((const char *)sqlite3_column_text(q, 0), out);
        *first = false;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot export JSON");
}

enum status store_export_tidy(struct store *s, const struct tidy_request *req, FILE *out,
                              struct diag *d)
{
    struct names u = {0};
    struct run_row *rows = xcalloc(req->n_runs ? req->n_runs : 1, sizeof *rows);
    int (*maps)[4096] = xcalloc(req->n_runs ? req->n_runs : 1, sizeof *maps);
    int *ncols = xcalloc(req->n_runs ? req->n_runs : 1, sizeof *ncols);
    enum status st = ST_OK;
    for (size_t i = 0; i < req->n_runs && st == ST_OK; i++) {
        st = store_run_get(s, req->runs[i], &rows[i], d);
        if (st == ST_OK)
            st = run_columns(s, req->runs[i], &u, maps[i], &ncols[i], d);
    }
    if (st == ST_OK && !req->json) {
        fputs("run,experiment,point,replica,seed", out);
        for (size_t k = 0; k < req->n_keys; k++) {
            putc(',', out);
            store_write_field(out, req->keys[k]);
        }
        fputs(",time_utc,t_s", out);
        if (req->long_form)
            fputs(",column,value", out);
        for (int i = 0; !req->long_form && i < u.n; i++) {
            putc(',', out);
            store_write_field(out, u.v[i]);
        }
        putc('\n', out);
    }
    if (st == ST_OK && req->json)
        fputs("[\n", out);
    bool first = true;
    for (size_t i = 0; i < req->n_runs && st == ST_OK; i++) {
        if (req->json) {
            st = run_json(s, &rows[i], req->keys, req->n_keys, &u, maps[i], ncols[i],
                          req->long_form, &first, out, d);
            continue;
        }
        char *ids = NULL;
        st = id_fields(s, &rows[i], req->keys, req->n_keys, &ids, d);
        if (st == ST_OK)
            st = run_csv(s, &rows[i], ids, maps[i], ncols[i], &u, req->long_form, out, d);
        free(ids);
    }
    if (st == ST_OK && req->json)
        fputs(first ? "]\n" : "\n]\n", out);
    names_free(&u);
    free(rows);
    free(maps);
    free(ncols);
    if (st == ST_OK && (fflush(out) != 0 || ferror(out)))
        st = diag_set(d, ST_IO, "", 0, "cannot write the export: %s", strerror(errno));
    return st;
}

enum status store_varied_keys(struct store *s, const int64_t *runs, size_t n, char ***keys,
                              size_t *n_keys, struct diag *d)
{
    *keys = NULL;
    *n_keys = 0;
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    if (store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS tidy_runs(run INTEGER PRIMARY KEY);"
                   "DELETE FROM tidy_runs", "cannot list runs", d) != ST_OK)
        return ST_DB;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO tidy_runs VALUES (?1)", -1, &q, NULL))
        return db_fail(s, d, "cannot list runs");
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(q, 1, runs[i]);
        sqlite3_step(q);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(s->db, "SELECT key FROM run_params WHERE run IN tidy_runs"
                           " AND key <> 'run.seed' GROUP BY key HAVING count(DISTINCT text) > 1"
                           " OR count(*) < (SELECT count(*) FROM tidy_runs) ORDER BY key",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot compare run parameters");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        *keys = xrealloc(*keys, (*n_keys + 1) * sizeof **keys);
        (*keys)[(*n_keys)++] = xstrdup((const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot compare run parameters");
}
