/* store_experiment.c - experiments, reserved runs, run parameters, and runs copied in from a
 * worker's in-memory database (see store_experiment.h). The copy is generic: every table of
 * the image with a `run` column is copied with the run renumbered, so tables other modules add
 * travel with their runs without this file knowing them. */
#include "store_experiment.h"

#include <stdlib.h>

#include "store_internal.h"

static enum status rollback(struct store *s, enum status st)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Inserts a run's parameters (inside the caller's transaction). */
static enum status insert_params(struct store *s, int64_t run, const struct run_info *info,
                                 struct diag *d)
{
    if (info->n_params == 0)
        return ST_OK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO run_params(run, key, text, number)"
                           " VALUES (?1, ?2, ?3, ?4)", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot store run parameters");
    enum status st = ST_OK;
    for (size_t i = 0; i < info->n_params && st == ST_OK; i++) {
        const struct param_value *p = &info->params[i];
        sqlite3_bind_int64(q, 1, run);
        bind_text(q, 2, p->key);
        bind_text(q, 3, p->text);
        if (isnan(p->number))
            sqlite3_bind_null(q, 4);
        else
            sqlite3_bind_double(q, 4, p->number);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = db_fail(s, d, "cannot store run parameters");
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return st;
}

enum status store_insert_run(struct store *s, const struct run_info *info, int64_t exp,
                             const char *status, int64_t *run_id, struct diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO runs(scenario_name, scenario_path, scenario_text, seed,"
                           " mode, version, rng, start_epoch_s, end_epoch_s, sample_s,"
                           " started_utc, status, experiment, point, replica, label, pid, host,"
                           " heartbeat_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                           " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot record the run");
    char started[32];
    store_now_utc(started, sizeof started);
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
    bind_text(q, 12, status);
    if (exp > 0) {
        sqlite3_bind_int64(q, 13, exp);
        sqlite3_bind_int64(q, 14, info->point);
        sqlite3_bind_int64(q, 15, info->replica);
    }
    bind_text(q, 16, info->label);
    if (info->pid > 0) { /* the process running it, and its first heartbeat */
        sqlite3_bind_int64(q, 17, info->pid);
        bind_text(q, 18, info->host);
        bind_text(q, 19, started);
    }
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot record the run");
    *run_id = sqlite3_last_insert_rowid(s->db);
    return insert_params(s, *run_id, info, d);
}

enum status store_experiment_create(struct store *s, const struct experiment_info *e,
                                    const struct run_info *infos, size_t n, int64_t *exp,
                                    int64_t *run_ids, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    if ((st = store_exec(s, "BEGIN IMMEDIATE", "cannot begin a transaction", d)) != ST_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO experiments(scenario_name, scenario_path,"
                           " scenario_text, grid, points, reps, base_seed, status, created_utc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'running', ?8)", -1, &q,
                           NULL) != SQLITE_OK)
        return rollback(s, db_fail(s, d, "cannot record the experiment"));
    char now[32];
    store_now_utc(now, sizeof now);
    bind_text(q, 1, e->scenario_name);
    bind_text(q, 2, e->scenario_path);
    bind_text(q, 3, e->scenario_text);
    bind_text(q, 4, e->grid);
    sqlite3_bind_int64(q, 5, e->points);
    sqlite3_bind_int64(q, 6, e->reps);
    sqlite3_bind_int64(q, 7, seed_to_db(e->base_seed));
    bind_text(q, 8, now);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return rollback(s, db_fail(s, d, "cannot record the experiment"));
    *exp = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < n && st == ST_OK; i++)
        st = store_insert_run(s, &infos[i], *exp, "pending", &run_ids[i], d);
    if (st == ST_OK)
        st = store_exec(s, "COMMIT", "cannot commit the experiment", d);
    return st == ST_OK ? ST_OK : rollback(s, st);
}

static char *dup_column(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return xstrdup(t ? (const char *)t : "");
}

#define EXPERIMENT_COLUMNS                                                                    \
    "id, scenario_name, scenario_path, scenario_text, grid, points, reps, base_seed, status, " \
    "created_utc, wall_s"

static void fill_experiment(sqlite3_stmt *q, struct experiment_row *r)
{
    r->id = sqlite3_column_int64(q, 0);
    r->scenario_name = dup_column(q, 1);
    r->scenario_path = dup_column(q, 2);
    r->scenario_text = dup_column(q, 3);
    r->grid = dup_column(q, 4);
    r->points = (long)sqlite3_column_int64(q, 5);
    r->reps = (long)sqlite3_column_int64(q, 6);
    r->base_seed = seed_from_db(sqlite3_column_int64(q, 7));
    const unsigned char *t = sqlite3_column_text(q, 8);
    snprintf(r->status, sizeof r->status, "%s", t ? (const char *)t : "");
    t = sqlite3_column_text(q, 9);
    snprintf(r->created_utc, sizeof r->created_utc, "%s", t ? (const char *)t : "");
    r->wall_s = column_value(q, 10);
}

enum status store_experiment_get(struct store *s, int64_t exp, struct experiment_row *row,
                                 struct diag *d)
{
    memset(row, 0, sizeof *row);
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT " EXPERIMENT_COLUMNS " FROM experiments WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read an experiment");
    sqlite3_bind_int64(q, 1, exp);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        fill_experiment(q, row);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ST_OK;
    if (rc == SQLITE_DONE)
        return diag_set(d, ST_NOT_FOUND, "", 0, "no experiment %lld in %s", (long long)exp,
                        s->path);
    return db_fail(s, d, "cannot read an experiment");
}

void store_experiment_row_free(struct experiment_row *row)
{
    free(row->scenario_name);
    free(row->scenario_path);
    free(row->scenario_text);
    free(row->grid);
    memset(row, 0, sizeof *row);
}

enum status store_experiments(struct store *s,
                              void (*fn)(const struct experiment_row *row, void *arg),
                              void *arg, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT " EXPERIMENT_COLUMNS " FROM experiments ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot list experiments");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct experiment_row r;
        fill_experiment(q, &r);
        fn(&r, arg);
        store_experiment_row_free(&r);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot list experiments");
}

enum status store_experiment_runs(struct store *s, int64_t exp,
                                  void (*fn)(const struct run_row *row, const char *text,
                                             void *arg),
                                  void *arg, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT " STORE_RUN_COLUMNS ", scenario_text FROM runs"
                           " WHERE experiment = ?1 ORDER BY id", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot list an experiment's runs");
    sqlite3_bind_int64(q, 1, exp);
    int rc;
    struct run_row row;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        store_fill_run_row(q, &row);
        const unsigned char *t = sqlite3_column_text(q, STORE_RUN_NCOLUMNS);
        fn(&row, t ? (const char *)t : "", arg);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot list an experiment's runs");
}

enum status store_experiment_finish(struct store *s, int64_t exp, const char *status,
                                    double wall_s, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "UPDATE experiments SET status = ?2, wall_s ="
                           " coalesce(wall_s, 0) + ?3 WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot finish the experiment");
    sqlite3_bind_int64(q, 1, exp);
    bind_text(q, 2, status);
    sqlite3_bind_double(q, 3, wall_s);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ST_OK : db_fail(s, d, "cannot finish the experiment");
}

enum status store_run_mark(struct store *s, int64_t run, const char *status, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    bool start = !strcmp(status, "running");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, start ? "UPDATE runs SET status = ?2, started_utc = ?3"
                                          " WHERE id = ?1"
                                        : "UPDATE runs SET status = ?2, finished_utc = ?3"
                                          " WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot mark a run");
    char now[32];
    store_now_utc(now, sizeof now);
    sqlite3_bind_int64(q, 1, run);
    bind_text(q, 2, status);
    bind_text(q, 3, now);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot mark a run");
    return sqlite3_changes(s->db) ? ST_OK : no_run(s, run, d);
}

enum status store_image(struct store *s, void **bytes, size_t *n, struct diag *d)
{
    enum status st = store_flush(s, d);
    if (st != ST_OK)
        return st;
    sqlite3_int64 size = 0;
    unsigned char *img = sqlite3_serialize(s->db, "main", &size, 0);
    if (!img)
        return db_fail(s, d, "cannot make an image of the database");
    *bytes = xmalloc((unsigned long)size);
    memcpy(*bytes, img, (size_t)size);
    *n = (size_t)size;
    sqlite3_free(img);
    return ST_OK;
}
