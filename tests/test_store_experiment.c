/* test_store_experiment.c - experiments in the store: the migration of a version-1 database
 * (tests/data/schema-v1.db, written by wormsim 0.1.0-4d96cfc, with the CSV that version
 * exported from it), reserved runs in grid order, run parameters, and a run copied in from an
 * in-memory store's image (what a sweep worker hands back). */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_experiment.h"
#include "suites.h"
#include "tmpdir.h"

static char tmp_dir[64];
static char db_path[128];

static void setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wormsim-storex-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
    snprintf(db_path, sizeof db_path, "%s/runs.db", tmp_dir);
}

static void teardown(void) { tmpdir_remove_tree(tmp_dir); }

static struct store *open_ok(const char *path)
{
    struct store *s = NULL;
    struct diag d = {0};
    enum status st = strcmp(path, ":memory:") ? store_open(path, &s, &d) /* a worker's store: */
                                               : store_open_memory(&s, &d);
    ck_assert_msg(st == ST_OK, "store_open: %s", d.msg);
    return s;
}

/* The whole of a file (caller frees). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = getc(f)) != EOF)
        putc(c, m);
    fclose(f);
    fclose(m);
    return buf;
}

static void copy_file(const char *from, const char *to)
{
    char *data = slurp(from);
    FILE *f = fopen(from, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    FILE *o = fopen(to, "wb");
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(fwrite(data, 1, (size_t)n, o), (size_t)n);
    fclose(o);
    free(data);
}

static char *export_of(struct store *s, int64_t run, int events)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    struct diag d = {0};
    enum status st = events ? store_export_events_csv(s, run, m, &d)
                            : store_export_csv(s, run, m, &d);
    ck_assert_msg(st == ST_OK, "%s", d.msg);
    fclose(m);
    return buf;
}

START_TEST(test_migration_from_v1)
{
    copy_file("tests/data/schema-v1.db", db_path);
    struct store *s = open_ok(db_path);
    char *got = export_of(s, 1, 0), *want = slurp("tests/data/schema-v1-run1.csv");
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    got = export_of(s, 2, 1);
    want = slurp("tests/data/schema-v1-run2-events.csv");
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    struct run_row r;
    struct diag d = {0};
    ck_assert_int_eq(store_run_get(s, 2, &r, &d), ST_OK);
    ck_assert_str_eq(r.status, "done");
    ck_assert_uint_eq(r.seed, 4);
    ck_assert_int_eq(r.experiment, 0);
    ck_assert_int_eq(r.point, -1);
    ck_assert_str_eq(r.label, "");
    /* a new run after the migration gets the next id, its label and its parameters */
    struct param_value p[2] = {{"worm.scan_rate", "6/s", 6}, {"run.name", "x", NAN}};
    struct run_info info = {.scenario_name = "x", .seed = 9, .label = "scan_rate=6/s",
                            .params = p, .n_params = 2};
    int64_t id = 0;
    ck_assert_int_eq(store_run_begin(s, &info, &id, &d), ST_OK);
    ck_assert_int_eq(id, 3);
    ck_assert_int_eq(store_run_get(s, 3, &r, &d), ST_OK);
    ck_assert_str_eq(r.label, "scan_rate=6/s");
    store_close(s);
    /* opened again: already migrated, nothing changes */
    s = open_ok(db_path);
    ck_assert_int_eq(store_run_get(s, 1, &r, &d), ST_OK);
    ck_assert_uint_eq(r.seed, 3);
    store_close(s);
}
END_TEST

/* Reserves an experiment of two points x two replicas; ids in ids[4]. */
static int64_t reserve_four(struct store *s, int64_t ids[4])
{
    struct run_info infos[4];
    static const char *const labels[4] = {"a=1 #0", "a=1 #1", "a=2 #0", "a=2 #1"};
    static struct param_value params[4][1];
    for (int i = 0; i < 4; i++) {
        params[i][0] = (struct param_value){"x.a", i < 2 ? "1" : "2", i < 2 ? 1 : 2};
        infos[i] = (struct run_info){.scenario_name = "exp", .scenario_text = "[x]\n",
                                     .seed = 100 + (uint64_t)(i % 2), .mode = "fast",
                                     .point = i / 2, .replica = i % 2, .label = labels[i],
                                     .params = params[i], .n_params = 1};
    }
    struct experiment_info e = {.scenario_name = "exp", .scenario_path = "exp.ini",
                                .scenario_text = "[x]\n", .grid = "x.a=1,2\n", .points = 2,
                                .reps = 2, .base_seed = 100};
    int64_t exp = 0;
    struct diag d = {0};
    ck_assert_int_eq(store_experiment_create(s, &e, infos, 4, &exp, ids, &d), ST_OK);
    return exp;
}

struct seen {
    int n;
    int64_t ids[8];
    char status[8][16];
    long point[8], replica[8];
};

static void note_run(const struct run_row *r, const char *text, void *arg)
{
    struct seen *v = arg;
    ck_assert_str_eq(text, "[x]\n");
    v->ids[v->n] = r->id;
    snprintf(v->status[v->n], 16, "%s", r->status);
    v->point[v->n] = r->point;
    v->replica[v->n] = r->replica;
    v->n++;
}

START_TEST(test_reserve_in_grid_order)
{
    struct store *s = open_ok(db_path);
    int64_t ids[4];
    int64_t exp = reserve_four(s, ids);
    ck_assert_int_eq(exp, 1);
    struct seen v = {0};
    struct diag d = {0};
    ck_assert_int_eq(store_experiment_runs(s, exp, note_run, &v, &d), ST_OK);
    ck_assert_int_eq(v.n, 4);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(v.ids[i], ids[0] + i);
        ck_assert_str_eq(v.status[i], "pending");
        ck_assert_int_eq(v.point[i], i / 2);
        ck_assert_int_eq(v.replica[i], i % 2);
    }
    struct experiment_row e;
    ck_assert_int_eq(store_experiment_get(s, exp, &e, &d), ST_OK);
    ck_assert_str_eq(e.grid, "x.a=1,2\n");
    ck_assert_str_eq(e.status, "running");
    ck_assert_int_eq(e.reps, 2);
    store_experiment_row_free(&e);
    ck_assert_int_eq(store_run_mark(s, ids[1], "failed", &d), ST_OK);
    ck_assert_int_eq(store_experiment_finish(s, exp, "incomplete", 1.5, &d), ST_OK);
    ck_assert_int_eq(store_experiment_get(s, exp, &e, &d), ST_OK);
    ck_assert_str_eq(e.status, "incomplete");
    ck_assert_double_eq(e.wall_s, 1.5);
    store_experiment_row_free(&e);
    ck_assert_int_eq(store_experiment_get(s, 7, &e, &d), ST_NOT_FOUND);
    store_close(s);
}
END_TEST

/* A worker's store: one run with two columns, three samples and an event; its image. */
static void *worker_image(size_t *n)
{
    struct store *w = open_ok(":memory:");
    struct diag d = {0};
    struct run_info info = {.scenario_name = "worker", .seed = 101, .mode = "fast",
                            .version = "v-test", .rng_name = "mt19937", .sample_s = 60};
    int64_t run;
    ck_assert_int_eq(store_run_begin(w, &info, &run, &d), ST_OK);
    const char *cols[2] = {"infected", "scans"};
    ck_assert_int_eq(store_columns(w, run, cols, 2, &d), ST_OK);
    for (int i = 0; i < 3; i++) {
        double v[2] = {i * 10.0, i == 1 ? NAN : i * 0.5};
        ck_assert_int_eq(store_sample(w, run, i * 60.0, v, &d), ST_OK);
    }
    ck_assert_int_eq(store_event(w, run, 30, "crash", "r1", "x", &d), ST_OK);
    ck_assert_int_eq(store_run_finish(w, run, "done", 2.5, 77, &d), ST_OK);
    void *img;
    ck_assert_int_eq(store_image(w, &img, n, &d), ST_OK);
    store_close(w);
    return img;
}

START_TEST(test_import_a_worker_run)
{
    struct store *s = open_ok(db_path);
    int64_t ids[4];
    reserve_four(s, ids);
    size_t n;
    void *img = worker_image(&n);
    struct diag d = {0};
    for (int twice = 0; twice < 2; twice++) /* importing again replaces, never doubles */
        ck_assert_msg(store_run_import(s, ids[1], img, n, &d) == ST_OK, "%s", d.msg);
    free(img);
    struct run_row r;
    ck_assert_int_eq(store_run_get(s, ids[1], &r, &d), ST_OK);
    ck_assert_str_eq(r.status, "done");
    ck_assert_str_eq(r.label, "a=1 #1");     /* kept from the reservation */
    ck_assert_str_eq(r.scenario_name, "exp");
    ck_assert_uint_eq(r.seed, 101);
    ck_assert_str_eq(r.version, "v-test");   /* taken from the worker */
    ck_assert_double_eq(r.wall_s, 2.5);
    ck_assert_uint_eq(r.events, 77);
    ck_assert_int_eq(r.experiment, 1);
    double *t, *v;
    size_t len;
    ck_assert_int_eq(store_series(s, ids[1], "scans", &t, &v, &len, &d), ST_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_double_eq(t[2], 120);
    ck_assert(isnan(v[1]));
    ck_assert_double_eq(v[2], 1.0);
    free(t);
    free(v);
    char *ev = export_of(s, ids[1], 1);
    ck_assert_str_eq(ev, "time_utc,kind,subject,detail\n1970-01-01T00:00:30Z,crash,r1,x\n");
    free(ev);
    /* the other reserved runs are untouched */
    ck_assert_int_eq(store_run_get(s, ids[0], &r, &d), ST_OK);
    ck_assert_str_eq(r.status, "pending");
    ck_assert_int_eq(store_series(s, ids[0], "scans", &t, &v, &len, &d), ST_NOT_FOUND);
    /* garbage is refused and leaves the database as it was */
    ck_assert_int_eq(store_run_import(s, ids[2], "not a database", 14, &d), ST_INPUT);
    ck_assert_int_eq(store_run_get(s, ids[2], &r, &d), ST_OK);
    ck_assert_str_eq(r.status, "pending");
    store_close(s);
}
END_TEST

Suite *store_experiment_suite(void)
{
    Suite *s = suite_create("store_experiment");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_migration_from_v1);
    tcase_add_test(tc, test_reserve_in_grid_order);
    tcase_add_test(tc, test_import_a_worker_run);
    suite_add_tcase(s, tc);
    return s;
}
