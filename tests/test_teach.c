/* test_teach.c - Check suite for what makes plots teach: a version-1 database (built here with
 * the version-1 schema) opens, is migrated and still plots with the model's kinds as a
 * fallback; stored kinds decide how a column is drawn (a count per minute, a level as it is,
 * values checked in the data file --keep-script leaves, against arithmetic done here); the
 * first tick label carries the year; --log, --from/--to and --align release reach the script;
 * a router plot's countermeasure labels never share a row when they would overlap. */
#include <check.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gnuplot.h"
#include "plot.h"
#include "plot_router.h"
#include "store.h"
#include "suites.h"
#include "tmpdir.h"

static char tmp_dir[64];

#define JULY19_10H 995536800.0 /* 2001-07-19T10:00:00Z */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The test's own kinds (not the model's table): new_infections is a count. */
static bool test_kinds(const char *column, struct column_info *out)
{
    if (!strcmp(column, "new_infections")) {
        *out = (struct column_info){COLUMN_COUNT, "infections"};
        return true;
    }
    return false;
}

/* Stores 2 hours sampled every 10 min: infected = 1000 (a level), new_infections = 600 per
 * sample (60 a minute), ever = 0 until 20 min, then 5. With kinds unless `bare`. */
static int64_t store_run(struct store *s, bool bare)
{
    struct diag d = {0};
    struct run_info info = {.scenario_name = "teach", .scenario_path = "t", .scenario_text = "",
                            .seed = 1, .mode = "fast", .version = "t", .rng_name = "mt",
                            .start_epoch_s = JULY19_10H, .end_epoch_s = JULY19_10H + 7200,
                            .sample_s = 600};
    int64_t run;
    ck_assert_int_eq(store_run_begin(s, &info, &run, &d), ST_OK);
    const char *names[] = {"infected", "new_infections", "ever"};
    ck_assert_int_eq(store_columns(s, run, names, 3, &d), ST_OK);
    if (!bare) {
        const char *kinds[] = {"level", "count", "level"}, *units[] = {"hosts", "infections", ""};
        ck_assert_int_eq(store_column_kinds(s, run, kinds, units, 3, &d), ST_OK);
    }
    for (int i = 0; i <= 12; i++) {
        double v[3] = {1000, 600, i >= 2 ? 5 : 0};
        ck_assert_int_eq(store_sample(s, run, 600.0 * i, v, &d), ST_OK);
    }
    ck_assert_int_eq(store_run_finish(s, run, "done", 1, 1, &d), ST_OK);
    return run;
}

/* Plots run to a PNG with --keep-script into tmp_dir/keep; returns the script (caller frees)
 * and the data file in *data. */
static char *plot_kept(struct store *s, struct plot_request *req, char **data)
{
    char out[256], gp[256], dat[256], keep[128];
    snprintf(keep, sizeof keep, "%s/keep", tmp_dir);
    snprintf(out, sizeof out, "%s/p.png", tmp_dir);
    req->output = out;
    req->keep_dir = keep;
    struct diag d = {0};
    enum status st = plot_runs(s, req, &d);
    ck_assert_msg(st == ST_OK, "plot_runs: %s", d.msg);
    snprintf(gp, sizeof gp, "%s/p.gp", keep);
    snprintf(dat, sizeof dat, "%s/p.dat", keep);
    *data = slurp(dat);
    return slurp(gp);
}

/* Values of data block `index` (blocks separated by two blank lines), column 1 and 2. */
static int block_values(const char *data, int index, double *x, double *y, int max)
{
    const char *p = data;
    for (int b = 0; b < index; b++) {
        p = strstr(p, "\n\n\n");
        ck_assert_ptr_nonnull(p);
        p += 3;
    }
    int n = 0;
    while (*p && n < max) {
        if (*p == '\n')
            break;
        if (*p != '#' && sscanf(p, "%lf %lf", &x[n], &y[n]) == 2)
            n++;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return n;
}

static struct plot_request request(const int64_t *run)
{
    return (struct plot_request){.runs = run, .n_runs = 1, .top_column = "infected",
                                 .bottom_column = "new_infections"};
}

START_TEST(test_kinds_drawn)
{
    char db[128];
    snprintf(db, sizeof db, "%s/k.db", tmp_dir);
    struct store *s;
    struct diag d = {0};
    ck_assert_int_eq(store_open(db, &s, &d), ST_OK);
    int64_t run = store_run(s, false);
    struct plot_request req = request(&run);
    char *data, *gp = plot_kept(s, &req, &data);
    double x[32], y[32];
    int n = block_values(data, 0, x, y, 32);
    ck_assert_int_eq(n, 13);
    ck_assert_double_eq_tol(y[5], 1000, 1e-9);  /* a level: as it is */
    n = block_values(data, 1, x, y, 32);
    ck_assert_int_eq(n, 13);
    ck_assert_double_eq_tol(y[5], 60, 1e-9);    /* 600 per 10 min: 60 a minute */
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'infected (hosts)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set ylabel 'new_infections per minute (infections/min)'"));
    ck_assert_ptr_nonnull(strstr(gp, "\"10:00\\n19/07/2001\" \"995536800\""));
    ck_assert_ptr_null(strstr(gp, "logscale"));
    free(gp);
    free(data);

    /* --log, --from/--to */
    req = request(&run);
    req.log_y = true;
    req.from_set = req.to_set = true;
    req.from = JULY19_10H + 1800;
    req.to = JULY19_10H + 3600;
    gp = plot_kept(s, &req, &data);
    ck_assert_ptr_nonnull(strstr(gp, "set logscale y"));
    ck_assert_ptr_nonnull(strstr(gp, "set xrange ['995538600':'995540400']"));
    free(gp);
    free(data);

    /* --align release: ever is first above 0 at 20 min, so x = 0 there and 1 h at 80 min. */
    req = request(&run);
    req.align_column = "ever";
    req.align_label = "hours since the first infection";
    gp = plot_kept(s, &req, &data);
    n = block_values(data, 0, x, y, 32);
    ck_assert_double_eq_tol(x[2], 0, 1e-12);
    ck_assert_double_eq_tol(x[8], 1, 1e-12);
    ck_assert_ptr_nonnull(strstr(gp, "hours since the first infection"));
    free(gp);
    free(data);
    store_close(s);
}
END_TEST

/* The version-1 schema, as wormsim wrote it before series columns had kinds. */
static const char *const V1_SCHEMA =
    "CREATE TABLE runs (id INTEGER PRIMARY KEY, scenario_name TEXT NOT NULL, scenario_path TEXT "
    "NOT NULL, scenario_text TEXT NOT NULL, seed INTEGER NOT NULL, mode TEXT NOT NULL, version "
    "TEXT NOT NULL, rng TEXT NOT NULL, start_epoch_s REAL NOT NULL, end_epoch_s REAL NOT NULL, "
    "sample_s REAL NOT NULL, started_utc TEXT NOT NULL, finished_utc TEXT, wall_s REAL, events "
    "INTEGER, status TEXT NOT NULL DEFAULT 'running' CHECK (status IN "
    "('running','done','interrupted','failed')));"
    "CREATE TABLE series_columns (run INTEGER NOT NULL REFERENCES runs(id), col INTEGER NOT "
    "NULL, name TEXT NOT NULL, PRIMARY KEY (run, col), UNIQUE (run, name)) WITHOUT ROWID;"
    "CREATE TABLE series (run INTEGER NOT NULL, t REAL NOT NULL, col INTEGER NOT NULL, value "
    "REAL, PRIMARY KEY (run, t, col)) WITHOUT ROWID;"
    "CREATE TABLE events (run INTEGER NOT NULL, t REAL NOT NULL, seq INTEGER NOT NULL, kind TEXT "
    "NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (run, t, seq)) WITHOUT "
    "ROWID;"
    "CREATE INDEX events_kind ON events(run, kind, t, seq);"
    "INSERT INTO runs VALUES (1, 'old', 'old.ini', '', 1, 'fast', 'v1', 'mt', 995536800, "
    "995544000, 600, '2001-07-19T10:00:00Z', '2001-07-19T10:00:01Z', 1, 1, 'done');"
    "INSERT INTO series_columns VALUES (1, 0, 'infected'), (1, 1, 'new_infections');"
    "INSERT INTO series VALUES (1, 0, 0, 1000), (1, 0, 1, 600), (1, 600, 0, 1000), "
    "(1, 600, 1, 600);"
    "PRAGMA user_version = 1;";

START_TEST(test_migrate_v1)
{
    char db[128];
    snprintf(db, sizeof db, "%s/v1.db", tmp_dir);
    sqlite3 *raw;
    ck_assert_int_eq(sqlite3_open(db, &raw), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(raw, V1_SCHEMA, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    struct store *s;
    struct diag d = {0};
    ck_assert_msg(store_open(db, &s, &d) == ST_OK, "%s", d.msg);
    char kind[16], unit[32], *src;
    ck_assert_int_eq(store_column_kind(s, 1, "new_infections", kind, sizeof kind, unit,
                                       sizeof unit, &d), ST_OK);
    ck_assert_str_eq(kind, "");
    ck_assert_int_eq(store_run_source(s, 1, &src, &d), ST_OK);
    ck_assert_str_eq(src, "");
    free(src);
    /* The old run plots, new_infections per minute through the fallback: 600 / 10 min. */
    int64_t run = 1;
    struct plot_request req = request(&run);
    req.column_info = test_kinds;
    char *data, *gp = plot_kept(s, &req, &data);
    double x[8], y[8];
    ck_assert_int_eq(block_values(data, 1, x, y, 8), 2);
    ck_assert_double_eq_tol(y[1], 60, 1e-9);
    free(gp);
    free(data);
    /* A new run in the migrated database keeps its kinds. */
    int64_t fresh = store_run(s, false);
    ck_assert_int_eq(store_column_kind(s, fresh, "new_infections", kind, sizeof kind, unit,
                                       sizeof unit, &d), ST_OK);
    ck_assert_str_eq(kind, "count");
    ck_assert_str_eq(unit, "infections");
    store_close(s);

    /* Opening again: already migrated (version 2, or later with the steps after it). */
    ck_assert_msg(store_open(db, &s, &d) == ST_OK, "%s", d.msg);
    store_close(s);
    ck_assert_int_eq(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_stmt *q;
    ck_assert_int_eq(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_ge(sqlite3_column_int(q, 0), 2);
    sqlite3_finalize(q);
    sqlite3_close(raw);
}
END_TEST

/* Two countermeasures a minute apart on a 2-hour axis would overlap: different rows. */
START_TEST(test_labels_apart)
{
    char db[128];
    snprintf(db, sizeof db, "%s/r.db", tmp_dir);
    struct store *s;
    struct diag d = {0};
    ck_assert_int_eq(store_open(db, &s, &d), ST_OK);
    struct run_info info = {.scenario_name = "r", .scenario_path = "t", .scenario_text = "",
                            .seed = 1, .mode = "fast", .version = "t", .rng_name = "mt",
                            .start_epoch_s = JULY19_10H, .end_epoch_s = JULY19_10H + 7200,
                            .sample_s = 60};
    int64_t run;
    ck_assert_int_eq(store_run_begin(s, &info, &run, &d), ST_OK);
    const char *names[] = {"router.b.free_bytes", "router.b.cache_entries"};
    ck_assert_int_eq(store_columns(s, run, names, 2, &d), ST_OK);
    for (int i = 0; i <= 120; i++)
        ck_assert_int_eq(store_sample(s, run, 60.0 * i, (double[]){1e6, 10}, &d), ST_OK);
    ck_assert_int_eq(store_event(s, run, 1800, "countermeasure", "dept", "cut the subnet", &d),
                     ST_OK);
    ck_assert_int_eq(store_event(s, run, 1860, "countermeasure", "b", "switch to CEF", &d),
                     ST_OK);
    ck_assert_int_eq(store_run_finish(s, run, "done", 1, 1, &d), ST_OK);
    char out[256], keep[128];
    snprintf(out, sizeof out, "%s/r.png", tmp_dir);
    snprintf(keep, sizeof keep, "%s/keep", tmp_dir);
    struct plot_router_request req = {
        .runs = &run, .n_runs = 1, .router = "b", .output = out, .prefix = "router.",
        .free_column = "router.b.free_bytes", .free_label = "free (MiB)",
        .cache_column = "router.b.cache_entries", .cache_label = "cache",
        .arp_column = "router.b.arp_entries", .arp_label = "ARP", .fail_event = "router_crash",
        .fail_label = "crash", .action_event = "countermeasure", .action_label = "action",
        .keep_dir = keep};
    enum status st = plot_router(s, &req, &d);
    ck_assert_msg(st == ST_OK, "%s", d.msg);
    char gp[256];
    snprintf(gp, sizeof gp, "%s/r.gp", keep);
    char *text = slurp(gp);
    char *a = strstr(text, "set label 1 'cut the subnet'"), *b = strstr(text, "set label 2 'switch to CEF'");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(a, "graph 0.965"));
    ck_assert_ptr_nonnull(strstr(b, "graph 0.915"));
    ck_assert(strstr(a, "graph 0.965") < b);
    free(text);
    store_close(s);
}
END_TEST

/* A 10,000-point series with one spike and one dip, thinned to at most 1,000 points: both
 * survive, times stay in order, and a short series is written whole. */
START_TEST(test_thinned_series)
{
    enum { N = 10000 };
    static double t[N], v[N];
    for (int k = 0; k < N; k++) {
        t[k] = k;
        v[k] = 100 + (k % 7);
    }
    v[4321] = 5000;
    v[8765] = -40;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gnuplot_series(f, t, v, N, 1000);
    fclose(f);
    int lines = 0;
    double last_t = -1, lo = 1e9, hi = -1e9;
    for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
        double a, b;
        ck_assert_int_eq(sscanf(p, "%lf %lf", &a, &b), 2);
        ck_assert(a > last_t);
        last_t = a;
        lo = fmin(lo, b);
        hi = fmax(hi, b);
        lines++;
    }
    ck_assert_int_le(lines, 1000);
    ck_assert_int_ge(lines, 500);
    ck_assert_double_eq(hi, 5000);
    ck_assert_double_eq(lo, -40);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    gnuplot_series(f, t, v, 50, 1000);
    fclose(f);
    int whole = 0;
    for (char *p = buf; *p; p = strchr(p, '\n') + 1)
        whole++;
    ck_assert_int_eq(whole, 50);
    free(buf);
}
END_TEST

static void setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wormsim-teach-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

static void teardown(void) { tmpdir_remove_tree(tmp_dir); }

Suite *teach_suite(void)
{
    Suite *s = suite_create("teach");
    TCase *tc = tcase_create("plots");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_kinds_drawn);
    tcase_add_test(tc, test_migrate_v1);
    tcase_add_test(tc, test_labels_apart);
    tcase_add_test(tc, test_thinned_series);
    suite_add_tcase(s, tc);
    return s;
}
