/* test_store.c - Check suite for the run store: round trips through a temporary database,
 * status transitions, a killed run, missing runs and columns, column names in declared order,
 * files that are not ours, and the exact CSV text of small series written out by hand. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "store.h"
#include "suites.h"
#include "tmpdir.h"

static char tmp_dir[64];
static char db_path[128];


static void setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wormsim-store-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
    snprintf(db_path, sizeof db_path, "%s/runs.db", tmp_dir);
}

static void teardown(void) { tmpdir_remove_tree(tmp_dir); }

static struct store *open_ok(const char *path)
{
    struct store *s = NULL;
    struct diag d = {0};
    enum status st = store_open(path, &s, &d);
    ck_assert_msg(st == ST_OK, "store_open: %s", d.msg);
    return s;
}

/* 2001-07-19T10:00:00Z, computed independently of the calendar module. */
#define JULY19_10H 995536800.0

static struct run_info sample_info(void)
{
    struct run_info info = {
        .scenario_name = "july19-crv2",
        .scenario_path = "scenarios/july19-crv2.ini",
        .scenario_text = "[worm]\nvariant = crv2\n; é and \"quotes\"\n",
        .seed = 42,
        .mode = "fast",
        .version = "0.1.0-test",
        .rng_name = "mt19937",
        .start_epoch_s = JULY19_10H,
        .end_epoch_s = JULY19_10H + 86400.0,
        .sample_s = 60.0,
    };
    return info;
}

static int64_t begin_ok(struct store *s, const struct run_info *info)
{
    struct diag d = {0};
    int64_t run = -1;
    ck_assert_msg(store_run_begin(s, info, &run, &d) == ST_OK, "%s", d.msg);
    return run;
}

static void columns_ok(struct store *s, int64_t run, const char *const *names, int n)
{
    struct diag d = {0};
    ck_assert_msg(store_columns(s, run, names, n, &d) == ST_OK, "%s", d.msg);
}

static void sample_ok(struct store *s, int64_t run, double t, const double *v)
{
    struct diag d = {0};
    ck_assert_msg(store_sample(s, run, t, v, &d) == ST_OK, "%s", d.msg);
}

static size_t series_len(struct store *s, int64_t run, const char *column)
{
    struct diag d = {0};
    double *t, *v;
    size_t n;
    ck_assert_msg(store_series(s, run, column, &t, &v, &n, &d) == ST_OK, "%s", d.msg);
    free(t);
    free(v);
    return n;
}

static struct run_row get_ok(struct store *s, int64_t run)
{
    struct diag d = {0};
    struct run_row row;
    ck_assert_msg(store_run_get(s, run, &row, &d) == ST_OK, "%s", d.msg);
    return row;
}

START_TEST(test_open_creates_parents)
{
    char path[256];
    snprintf(path, sizeof path, "%s/a/b/runs.db", tmp_dir);
    struct store *s = open_ok(path);
    store_close(s);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    s = open_ok(path); /* reopening an existing database checks its version */
    store_close(s);
}
END_TEST

static void collect_ids(const struct run_row *row, void *arg)
{
    int64_t *ids = arg;
    ids[++ids[0]] = row->id;
}

START_TEST(test_run_roundtrip)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t a = begin_ok(s, &info);
    info.scenario_name = "aug4-crii";
    info.mode = "per-scan";
    int64_t b = begin_ok(s, &info);
    ck_assert_int_ne(a, b);

    struct run_row row = get_ok(s, a);
    ck_assert_int_eq(row.id, a);
    ck_assert_str_eq(row.scenario_name, "july19-crv2");
    ck_assert_str_eq(row.status, "running");
    ck_assert_uint_eq(row.seed, 42);
    ck_assert_str_eq(row.mode, "fast");
    ck_assert_str_eq(row.version, "0.1.0-test");
    ck_assert_str_eq(row.rng_name, "mt19937");
    ck_assert_str_eq(row.finished_utc, "");
    ck_assert(row.start_epoch_s == JULY19_10H);
    ck_assert(row.end_epoch_s == JULY19_10H + 86400.0);
    ck_assert(row.sample_s == 60.0);
    double started;
    ck_assert_msg(calendar_parse(row.started_utc, &started), "started_utc %s", row.started_utc);
    ck_assert_int_eq(strlen(row.started_utc), 20);

    row = get_ok(s, b);
    ck_assert_str_eq(row.scenario_name, "aug4-crii");
    ck_assert_str_eq(row.mode, "per-scan");

    struct diag d = {0};
    char *text = NULL;
    ck_assert_int_eq(store_run_scenario(s, a, &text, &d), ST_OK);
    ck_assert_str_eq(text, "[worm]\nvariant = crv2\n; é and \"quotes\"\n");
    free(text);

    int64_t ids[8] = {0};
    ck_assert_int_eq(store_runs(s, collect_ids, ids, &d), ST_OK);
    ck_assert_int_eq(ids[0], 2);
    ck_assert_int_eq(ids[1], a);
    ck_assert_int_eq(ids[2], b);
    store_close(s);

    /* Everything survives closing and reopening. */
    s = open_ok(db_path);
    row = get_ok(s, b);
    ck_assert_str_eq(row.scenario_name, "aug4-crii");
    store_close(s);
}
END_TEST

START_TEST(test_series_roundtrip)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    const char *names[] = {"infected", "new_infections", "rate"};
    columns_ok(s, run, names, 3);
    sample_ok(s, run, 0.0, (double[]){0, 0, 0.1});
    sample_ok(s, run, 60.0, (double[]){2, 2, NAN});
    sample_ok(s, run, 120.0, (double[]){3, 1, 1e300});
    struct diag d = {0};
    /* Samples come in time order, also after reopening. */
    ck_assert_int_eq(store_sample(s, run, 90.0, (double[]){0, 0, 0}, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 1: sample at t=90 s does not come after the previous one "
                            "(t=120 s)");
    store_close(s);
    s = open_ok(db_path);
    ck_assert_int_eq(store_sample(s, run, 120.0, (double[]){0, 0, 0}, &d), ST_INPUT);

    double *t, *v;
    size_t n;
    ck_assert_int_eq(store_series(s, run, "rate", &t, &v, &n, &d), ST_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(t[0] == 0.0 && t[1] == 60.0 && t[2] == 120.0);
    ck_assert(v[0] == 0.1);
    ck_assert(isnan(v[1]));
    ck_assert(v[2] == 1e300);
    free(t);
    free(v);
    ck_assert_int_eq(store_series(s, run, "infected", &t, &v, &n, &d), ST_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(v[0] == 0 && v[1] == 2 && v[2] == 3);
    free(t);
    free(v);
    store_close(s);
}
END_TEST

struct event_log {
    int n;
    char text[8][96];
};

static void log_event(double t, const char *kind, const char *subject, const char *detail,
                      void *arg)
{
    struct event_log *log = arg;
    ck_assert_int_lt(log->n, 8);
    snprintf(log->text[log->n++], sizeof log->text[0], "%g %s %s %s", t, kind, subject, detail);
}

START_TEST(test_events_roundtrip)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    struct diag d = {0};
    ck_assert_int_eq(store_event(s, run, 100, "phase", "flood", "", &d), ST_OK);
    ck_assert_int_eq(store_event(s, run, 0, "phase", "spread", "", &d), ST_OK);
    ck_assert_int_eq(store_event(s, run, 100, "router", "cisco-b", "crash", &d), ST_OK);
    ck_assert_int_eq(store_event(s, run, 50, "note", "x", "y", &d), ST_OK);
    store_close(s); /* closing commits */

    s = open_ok(db_path);
    struct event_log log = {0};
    ck_assert_int_eq(store_events(s, run, NULL, log_event, &log, &d), ST_OK);
    ck_assert_int_eq(log.n, 4);
    ck_assert_str_eq(log.text[0], "0 phase spread ");
    ck_assert_str_eq(log.text[1], "50 note x y");
    ck_assert_str_eq(log.text[2], "100 phase flood "); /* same t: recording order */
    ck_assert_str_eq(log.text[3], "100 router cisco-b crash");
    memset(&log, 0, sizeof log);
    ck_assert_int_eq(store_events(s, run, "phase", log_event, &log, &d), ST_OK);
    ck_assert_int_eq(log.n, 2);
    ck_assert_str_eq(log.text[1], "100 phase flood ");
    /* Events appended after reopening continue the run's sequence. */
    ck_assert_int_eq(store_event(s, run, 100, "phase", "dormant", "", &d), ST_OK);
    memset(&log, 0, sizeof log);
    ck_assert_int_eq(store_events(s, run, "phase", log_event, &log, &d), ST_OK);
    ck_assert_int_eq(log.n, 3);
    ck_assert_str_eq(log.text[2], "100 phase dormant ");
    store_close(s);
}
END_TEST

START_TEST(test_status_transitions)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    const char *final[] = {"done", "interrupted", "failed"};
    struct diag d = {0};
    for (int i = 0; i < 3; i++) {
        int64_t run = begin_ok(s, &info);
        ck_assert_str_eq(get_ok(s, run).status, "running");
        ck_assert_int_eq(store_run_finish(s, run, final[i], 12.5, 1000 + i, &d), ST_OK);
        struct run_row row = get_ok(s, run);
        ck_assert_str_eq(row.status, final[i]);
        ck_assert(row.wall_s == 12.5);
        ck_assert_uint_eq(row.events, 1000 + i);
        double finished;
        ck_assert(calendar_parse(row.finished_utc, &finished));
    }
    int64_t run = begin_ok(s, &info);
    ck_assert_int_eq(store_run_finish(s, run, "running", 1, 1, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 4: final status \"running\" is not done, interrupted or failed");
    ck_assert_int_eq(store_run_finish(s, run, "ok", 1, 1, &d), ST_INPUT);
    ck_assert_str_eq(get_ok(s, run).status, "running");
    store_close(s);
}
END_TEST

/* A run whose process goes away without store_run_finish stays "running". */
START_TEST(test_killed_run_closed)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    const char *names[] = {"infected"};
    columns_ok(s, run, names, 1);
    for (int i = 0; i < 2500; i++)
        sample_ok(s, run, 60.0 * i, (double[]){i});
    store_close(s);

    s = open_ok(db_path);
    ck_assert_str_eq(get_ok(s, run).status, "running");
    ck_assert_uint_eq(series_len(s, run, "infected"), 2500);
    store_close(s);
}
END_TEST

START_TEST(test_killed_run_exit)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* The child writes 1500 samples and flushes, writes 300 more and is killed. */
        struct store *s = NULL;
        struct diag d;
        struct run_info info = sample_info();
        int64_t run;
        const char *names[] = {"infected"};
        if (store_open(db_path, &s, &d) || store_run_begin(s, &info, &run, &d) ||
            store_columns(s, run, names, 1, &d))
            _exit(2);
        for (int i = 0; i < 1800; i++) {
            double v = i;
            if (store_sample(s, run, 60.0 * i, &v, &d))
                _exit(3);
            if (i == 1499 && store_flush(s, &d))
                _exit(4);
        }
        /* No cleanup of any kind, as when a user kills the run. (Under valgrind with CK_FORK=no
         * the child still prints a leak report; only the parent's result counts.) */
        raise(SIGKILL);
        _exit(5);
    }
    int wst;
    ck_assert_int_eq(waitpid(pid, &wst, 0), pid);
    ck_assert_msg(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGKILL, "child status %d", wst);
    struct store *s = open_ok(db_path);
    ck_assert_str_eq(get_ok(s, 1).status, "running");
    ck_assert_uint_eq(series_len(s, 1, "infected"), 1500);
    store_close(s);
}
END_TEST

/* Samples are committed every 1000 rows without store_flush: another connection sees them. */
START_TEST(test_batches_commit)
{
    struct store *w = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(w, &info);
    const char *names[] = {"a", "b"};
    columns_ok(w, run, names, 2);
    for (int i = 0; i < 1250; i++)
        sample_ok(w, run, i, (double[]){i, -i});
    struct store *r = open_ok(db_path); /* opens while w has rows buffered */
    ck_assert_uint_eq(series_len(r, run, "b"), 1000);
    struct diag d = {0};
    ck_assert_int_eq(store_flush(w, &d), ST_OK);
    ck_assert_uint_eq(series_len(r, run, "b"), 1250);
    store_close(r);
    store_close(w);
}
END_TEST

/* Two writers on one database (two runs of a sweep) interleave without waiting for a lock. */
START_TEST(test_two_writers)
{
    struct store *w[2] = {open_ok(db_path), open_ok(db_path)};
    struct run_info info = sample_info();
    int64_t run[2] = {begin_ok(w[0], &info), begin_ok(w[1], &info)};
    const char *names[] = {"a", "b", "c"};
    struct diag d = {0};
    for (int k = 0; k < 2; k++)
        columns_ok(w[k], run[k], names, 3);
    for (int i = 0; i < 1500; i++)
        for (int k = 0; k < 2; k++) {
            sample_ok(w[k], run[k], i, (double[]){i, k, 0});
            ck_assert_int_eq(store_event(w[k], run[k], i, "tick", "", "", &d), ST_OK);
        }
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(store_run_finish(w[k], run[k], "done", 1, 1500, &d), ST_OK);
        store_close(w[k]);
    }
    struct store *s = open_ok(db_path);
    for (int k = 0; k < 2; k++) {
        ck_assert_uint_eq(series_len(s, run[k], "c"), 1500);
        ck_assert_str_eq(get_ok(s, run[k]).status, "done");
    }
    store_close(s);
}
END_TEST

START_TEST(test_not_found)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    const char *names[] = {"infected"};
    columns_ok(s, run, names, 1);
    char expect[256];
    snprintf(expect, sizeof expect, "no run 42 in %s", db_path);
    struct diag d = {0};
    struct run_row row;
    double *t, *v;
    size_t n;
    char *text;
    ck_assert_int_eq(store_run_get(s, 42, &row, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, expect);
    ck_assert_int_eq(store_series(s, 42, "infected", &t, &v, &n, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, expect);
    ck_assert_int_eq(store_series(s, run, "scans", &t, &v, &n, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, "run 1 has no series \"scans\"");
    ck_assert_int_eq(store_run_scenario(s, 42, &text, &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_columns(s, 42, names, 1, &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_sample(s, 42, 0, (double[]){1}, &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_event(s, 42, 0, "phase", "spread", "", &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_run_finish(s, 42, "done", 1, 1, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, expect);
    ck_assert_int_eq(store_events(s, 42, NULL, log_event, NULL, &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_export_csv(s, 42, stdout, &d), ST_NOT_FOUND);
    ck_assert_int_eq(store_export_events_csv(s, 42, stdout, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, expect);
    store_close(s);
}
END_TEST

/* Joins the names given to it with "|". */
static void join_name(const char *name, void *arg)
{
    char *buf = arg;
    if (buf[0])
        strcat(buf, "|");
    strcat(buf, name);
}

START_TEST(test_column_names)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t bare = begin_ok(s, &info), run = begin_ok(s, &info);
    /* Declared order, not alphabetical; the other run's columns are not listed. */
    const char *names[] = {"router.cisco-b.free_bytes", "infected", "link.up.bytes"};
    columns_ok(s, run, names, 3);
    struct diag d = {0};
    char buf[256] = "";
    ck_assert_int_eq(store_column_names(s, run, join_name, buf, &d), ST_OK);
    ck_assert_str_eq(buf, "router.cisco-b.free_bytes|infected|link.up.bytes");
    buf[0] = '\0';
    ck_assert_int_eq(store_column_names(s, bare, join_name, buf, &d), ST_OK);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(store_column_names(s, 42, join_name, buf, &d), ST_NOT_FOUND);
    char expect[256];
    snprintf(expect, sizeof expect, "no run 42 in %s", db_path);
    ck_assert_str_eq(d.msg, expect);
    store_close(s);
}
END_TEST

START_TEST(test_misuse)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    struct diag d = {0};
    ck_assert_int_eq(store_sample(s, run, 0, (double[]){1}, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 1 has no series columns: call store_columns before store_sample");
    const char *dup[] = {"a", "b", "a"};
    ck_assert_int_eq(store_columns(s, run, dup, 3, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 1: series \"a\" declared twice");
    const char *names[] = {"a", "b"};
    columns_ok(s, run, names, 2);
    ck_assert_int_eq(store_columns(s, run, names, 2, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 1 already has its series columns");
    sample_ok(s, run, 30, (double[]){1, 2});
    ck_assert_int_eq(store_sample(s, run, 30, (double[]){3, 4}, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "run 1: sample at t=30 s does not come after the previous one "
                            "(t=30 s)");
    ck_assert_int_eq(store_sample(s, run, INFINITY, (double[]){3, 4}, &d), ST_INPUT);
    ck_assert_int_eq(store_event(s, run, 0, "", "", "", &d), ST_INPUT);
    /* The store still works after refusing. */
    sample_ok(s, run, 60, (double[]){3, 4});
    ck_assert_uint_eq(series_len(s, run, "b"), 2);
    store_close(s);

    struct store *none = NULL;
    ck_assert_int_eq(store_open("", &none, &d), ST_USAGE);
    ck_assert_ptr_null(none);
}
END_TEST

START_TEST(test_bad_file)
{
    FILE *f = fopen(db_path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 100; i++)
        fputs("this is not a database, only some text.\n", f);
    fclose(f);
    struct store *s = NULL;
    struct diag d = {0};
    ck_assert_int_eq(store_open(db_path, &s, &d), ST_DB);
    ck_assert_ptr_null(s);
    char expect[256];
    snprintf(expect, sizeof expect, "%s: not a SQLite database", db_path);
    ck_assert_str_eq(d.msg, expect);
}
END_TEST

/* Writes user_version (bytes 60-63 of the database header, big-endian) into a closed file. */
static void patch_user_version(const char *path, unsigned version)
{
    unsigned char be[4] = {version >> 24, version >> 16, version >> 8, version};
    int fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, be, 4, 60), 4);
    close(fd);
}

/* Reads user_version from a closed file's header. */
static unsigned read_user_version(const char *path)
{
    unsigned char be[4];
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, be, 4, 60), 4);
    close(fd);
    return (unsigned)be[0] << 24 | (unsigned)be[1] << 16 | (unsigned)be[2] << 8 | be[3];
}

START_TEST(test_schema_version)
{
    struct store *s = open_ok(db_path);
    store_close(s);
    unsigned current = read_user_version(db_path);
    ck_assert_uint_ge(current, 2); /* version 1 and the migrations after it */
    patch_user_version(db_path, current + 1);
    struct diag d = {0};
    char expect[256];
    ck_assert_int_eq(store_open(db_path, &s, &d), ST_DB);
    ck_assert_ptr_null(s);
    snprintf(expect, sizeof expect, "%s: schema version %u is newer than this wormsim "
             "understands (%u): use a newer wormsim", db_path, current + 1, current);
    ck_assert_str_eq(d.msg, expect);

    patch_user_version(db_path, 0);
    ck_assert_int_eq(store_open(db_path, &s, &d), ST_DB);
    snprintf(expect, sizeof expect, "%s: not a wormsim database (it has tables but no schema "
             "version)", db_path);
    ck_assert_str_eq(d.msg, expect);

    patch_user_version(db_path, current);
    s = open_ok(db_path);
    store_close(s);
}
END_TEST

/* Runs an export into a string (caller frees). */
static char *export_text(struct store *s, int64_t run, int events)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    struct diag d = {0};
    enum status st = events ? store_export_events_csv(s, run, f, &d)
                            : store_export_csv(s, run, f, &d);
    ck_assert_msg(st == ST_OK, "%s", d.msg);
    fclose(f);
    return buf;
}

START_TEST(test_export_csv)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    const char *names[] = {"infected", "rate,per s"};
    columns_ok(s, run, names, 2);
    sample_ok(s, run, 0, (double[]){0, 0.5});
    sample_ok(s, run, 600, (double[]){1234, 0.1});
    sample_ok(s, run, 1200.5, (double[]){NAN, -3});
    sample_ok(s, run, 3600, (double[]){1e20, 2.5e-7});
    sample_ok(s, run, 7200, (double[]){-0.0, 1.0 / 3.0});
    const char *expect =
        "time_utc,t_s,infected,\"rate,per s\"\n"
        "2001-07-19T10:00:00Z,0,0,0.5\n"
        "2001-07-19T10:10:00Z,600,1234,0.1\n"
        "2001-07-19T10:20:00Z,1200.5,,-3\n"
        "2001-07-19T11:00:00Z,3600,1e+20,2.5e-07\n"
        "2001-07-19T12:00:00Z,7200,0,0.3333333333333333\n";
    char *a = export_text(s, run, 0);
    ck_assert_str_eq(a, expect);
    store_close(s);
    s = open_ok(db_path);
    char *b = export_text(s, run, 0);
    ck_assert_str_eq(b, a); /* byte-identical after a round trip through the file */
    free(a);
    free(b);

    /* A run without columns exports just the header. */
    int64_t empty = begin_ok(s, &info);
    a = export_text(s, empty, 0);
    ck_assert_str_eq(a, "time_utc,t_s\n");
    free(a);
    store_close(s);
}
END_TEST

START_TEST(test_export_events_csv)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    struct diag d = {0};
    ck_assert_int_eq(store_event(s, run, 50400, "phase", "flood", "says \"hi\", twice", &d),
                     ST_OK);
    ck_assert_int_eq(store_event(s, run, 0, "phase", "spread", "", &d), ST_OK);
    ck_assert_int_eq(store_event(s, run, 50400, "note", "a b", "line1\nline2", &d), ST_OK);
    char *text = export_text(s, run, 1);
    ck_assert_str_eq(text, "time_utc,kind,subject,detail\n"
                           "2001-07-19T10:00:00Z,phase,spread,\n"
                           "2001-07-20T00:00:00Z,phase,flood,\"says \"\"hi\"\", twice\"\n"
                           "2001-07-20T00:00:00Z,note,a b,\"line1\nline2\"\n");
    free(text);
    store_close(s);
}
END_TEST

START_TEST(test_seed_above_2_63)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    info.seed = 0xFEDCBA9876543210ull;
    int64_t a = begin_ok(s, &info);
    info.seed = UINT64_MAX;
    int64_t b = begin_ok(s, &info);
    struct diag d = {0};
    ck_assert_int_eq(store_run_finish(s, b, "done", 0.5, (1ull << 63) + 5, &d), ST_OK);
    store_close(s);
    s = open_ok(db_path);
    ck_assert_uint_eq(get_ok(s, a).seed, 0xFEDCBA9876543210ull);
    ck_assert_uint_eq(get_ok(s, b).seed, UINT64_MAX);
    ck_assert_uint_eq(get_ok(s, b).events, (1ull << 63) + 5);
    store_close(s);
}
END_TEST

/* A run the size of a day at one-minute samples, twice over, with more columns than one
 * INSERT statement holds (the store writes wide samples in chunks). */
START_TEST(test_many_samples)
{
    struct store *s = open_ok(db_path);
    struct run_info info = sample_info();
    int64_t run = begin_ok(s, &info);
    enum { NCOL = 40, NSAMP = 3000 };
    char buf[NCOL][16];
    const char *names[NCOL];
    for (int j = 0; j < NCOL; j++) {
        snprintf(buf[j], sizeof buf[j], "c%d", j);
        names[j] = buf[j];
    }
    columns_ok(s, run, names, NCOL);
    double v[NCOL];
    for (int i = 0; i < NSAMP; i++) {
        for (int j = 0; j < NCOL; j++)
            v[j] = i * 1000.0 + j;
        sample_ok(s, run, 60.0 * i, v);
    }
    struct diag d = {0};
    ck_assert_int_eq(store_run_finish(s, run, "done", 1, 0, &d), ST_OK);
    double *t, *x;
    size_t n;
    ck_assert_int_eq(store_series(s, run, "c37", &t, &x, &n, &d), ST_OK);
    ck_assert_uint_eq(n, NSAMP);
    for (size_t i = 0; i < n; i++) {
        ck_assert(t[i] == 60.0 * (double)i);
        ck_assert(x[i] == (double)i * 1000.0 + 37);
    }
    free(t);
    free(x);
    store_close(s);
}
END_TEST

Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_open_creates_parents);
    tcase_add_test(tc, test_run_roundtrip);
    tcase_add_test(tc, test_series_roundtrip);
    tcase_add_test(tc, test_events_roundtrip);
    tcase_add_test(tc, test_status_transitions);
    tcase_add_test(tc, test_killed_run_closed);
    tcase_add_test(tc, test_killed_run_exit);
    tcase_add_test(tc, test_batches_commit);
    tcase_add_test(tc, test_two_writers);
    tcase_add_test(tc, test_not_found);
    tcase_add_test(tc, test_column_names);
    tcase_add_test(tc, test_misuse);
    tcase_add_test(tc, test_bad_file);
    tcase_add_test(tc, test_schema_version);
    tcase_add_test(tc, test_export_csv);
    tcase_add_test(tc, test_export_events_csv);
    tcase_add_test(tc, test_seed_above_2_63);
    tcase_add_test(tc, test_many_samples);
    suite_add_tcase(s, tc);
    return s;
}
