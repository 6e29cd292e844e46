/* test_store_health.c - Check suite "store_health": what keeps the run store honest when things
 * go wrong. --db names that are not plain paths are refused; runs record their process and a
 * heartbeat per committed batch; a failed run keeps its reason; runs --repair marks only
 * running runs killed; and processes opening one new database at the same moment all succeed
 * (the schema is created and checked in one write transaction, the WAL switch retried). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "suites.h"
#include "tmpdir.h"

static char tmp_dir[64];
static char db_path[128];

static void setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wormsim-health-XXXXXX");
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

static int64_t begin_ok(struct store *s, int64_t pid)
{
    struct run_info info = {.scenario_name = "health", .seed = 1, .mode = "fast",
                            .start_epoch_s = 0, .end_epoch_s = 3600, .sample_s = 60,
                            .pid = pid, .host = "host-a"};
    struct diag d = {0};
    int64_t run = 0;
    ck_assert_msg(store_run_begin(s, &info, &run, &d) == ST_OK, "%s", d.msg);
    const char *names[] = {"a", "b", "c", "d"};
    ck_assert_msg(store_columns(s, run, names, 4, &d) == ST_OK, "%s", d.msg);
    return run;
}

static struct run_row row_of(struct store *s, int64_t run)
{
    struct run_row r;
    struct diag d = {0};
    ck_assert_msg(store_run_get(s, run, &r, &d) == ST_OK, "%s", d.msg);
    return r;
}

/* SQLite would read ":memory:" and "" as databases that vanish at exit and "file:..." as a
 * URI: all refused with a usage error; a name with "file:" further in is a plain file. */
START_TEST(test_plain_paths)
{
    const char *bad[] = {"", ":memory:", "file:x.db", "file:/tmp/a/b.db",
                         "file:x.db?mode=memory"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct store *s = NULL;
        struct diag d = {0};
        ck_assert_int_eq(store_open(bad[i], &s, &d), ST_USAGE);
        ck_assert_ptr_null(s);
        ck_assert_int_eq(store_check_path(bad[i], &d), ST_USAGE);
    }
    struct diag d = {0};
    store_check_path("file:y.db", &d);
    ck_assert_str_eq(d.msg, "--db file:y.db: SQLite URI names are not taken, --db is a plain file "
                            "name (write ./file:y.db for a file whose name starts with \"file:\")");
    store_check_path(":memory:", &d);
    ck_assert_str_eq(d.msg, "--db :memory: would lose the run when wormsim exits: give a file "
                            "name");
    /* "DIR/file:z.db" is a plain path: that very file is created. */
    char path[200];
    snprintf(path, sizeof path, "%s/file:z.db", tmp_dir);
    struct store *s = open_ok(path);
    store_close(s);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_gt(sb.st_size, 0);
}
END_TEST

/* A run records its process, host and heartbeat at once; every committed batch adds its rows
 * and renews the heartbeat; store_heartbeat renews it with nothing buffered. */
START_TEST(test_heartbeat_and_rows)
{
    struct store *s = open_ok(db_path);
    int64_t run = begin_ok(s, 4242);
    struct run_row r = row_of(s, run);
    ck_assert_int_eq(r.pid, 4242);
    ck_assert_str_eq(r.host, "host-a");
    ck_assert_str_eq(r.status, "running");
    ck_assert_str_eq(r.heartbeat_utc, r.started_utc);
    ck_assert_uint_eq(r.rows, 0);
    struct diag d = {0};
    /* 300 samples of 4 columns and 5 events: 1205 rows, committed by store_run_get's flush. */
    for (int i = 0; i < 300; i++)
        ck_assert_int_eq(store_sample(s, run, 60.0 * i, (double[]){1, 2, 3, 4}, &d), ST_OK);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(store_event(s, run, 10.0 * i, "phase", "x", "", &d), ST_OK);
    r = row_of(s, run);
    ck_assert_uint_eq(r.rows, 1205);
    ck_assert_int_eq(store_heartbeat(s, run, &d), ST_OK);
    ck_assert_uint_eq(row_of(s, run).rows, 1205);
    ck_assert_int_eq(store_heartbeat(s, 99, &d), ST_NOT_FOUND);
    store_close(s);
}
END_TEST

/* A failed run keeps its reason; runs --repair marks a running run killed once, and never a
 * finished one. */
START_TEST(test_fail_and_mark_killed)
{
    struct store *s = open_ok(db_path);
    struct diag d = {0};
    int64_t failed = begin_ok(s, 1), running = begin_ok(s, 2), done = begin_ok(s, 3);
    ck_assert_int_eq(store_sample(s, failed, 0, (double[]){1, 2, 3, 4}, &d), ST_OK);
    ck_assert_int_eq(store_run_fail(s, failed, "database or disk is full", 1.5, 7, &d), ST_OK);
    struct run_row r = row_of(s, failed);
    ck_assert_str_eq(r.status, "failed");
    ck_assert_str_eq(r.reason, "database or disk is full");
    ck_assert_uint_eq(r.events, 7);
    ck_assert_int_eq(store_run_finish(s, done, "done", 1, 1, &d), ST_OK);
    bool marked = false;
    ck_assert_int_eq(store_run_mark_killed(s, running, "process 2 is gone", &marked, &d), ST_OK);
    ck_assert(marked);
    r = row_of(s, running);
    ck_assert_str_eq(r.status, "killed");
    ck_assert_str_eq(r.reason, "process 2 is gone");
    ck_assert_str_ne(r.finished_utc, "");
    ck_assert_int_eq(store_run_mark_killed(s, running, "again", &marked, &d), ST_OK);
    ck_assert(!marked);
    ck_assert_str_eq(row_of(s, running).reason, "process 2 is gone");
    ck_assert_int_eq(store_run_mark_killed(s, done, "no", &marked, &d), ST_OK);
    ck_assert(!marked);
    ck_assert_str_eq(row_of(s, done).status, "done");
    ck_assert_int_eq(store_run_mark_killed(s, 99, "no", &marked, &d), ST_NOT_FOUND);
    store_close(s);
}
END_TEST

/* ROUNDS rounds of WRITERS processes, started together on a new database, each opening it and
 * storing a run: every one must succeed (before the fix 16 of 800 failed with "cannot use WAL
 * journal mode: database is locked" or "not a wormsim database"). tests/reliability.sh runs
 * 200 rounds of four whole wormsim runs. */
#define ROUNDS 25
#define WRITERS 4

START_TEST(test_concurrent_create)
{
    int failures = 0;
    for (int round = 0; round < ROUNDS; round++) {
        char path[200];
        snprintf(path, sizeof path, "%s/r%d/runs.db", tmp_dir, round);
        int pipefd[2];
        ck_assert_int_eq(pipe(pipefd), 0);
        pid_t kids[WRITERS];
        for (int k = 0; k < WRITERS; k++) {
            kids[k] = fork();
            ck_assert_int_ge(kids[k], 0);
            if (kids[k] == 0) {
                char go;
                close(pipefd[1]);
                if (read(pipefd[0], &go, 1) != 0) /* all start when the pipe closes */
                    _exit(3);
                struct store *s = NULL;
                struct diag d = {0};
                int64_t run;
                struct run_info info = {.scenario_name = "race", .mode = "fast",
                                        .sample_s = 60, .pid = getpid(), .host = "h"};
                if (store_open(path, &s, &d) || store_run_begin(s, &info, &run, &d)) {
                    fprintf(stderr, "writer %d: %s\n", k, d.msg);
                    _exit(1);
                }
                store_close(s);
                _exit(0);
            }
        }
        close(pipefd[0]);
        close(pipefd[1]);
        for (int k = 0; k < WRITERS; k++) {
            int wst;
            ck_assert_int_eq(waitpid(kids[k], &wst, 0), kids[k]);
            failures += !(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
        }
        struct store *s = open_ok(path);
        ck_assert_int_eq(row_of(s, WRITERS).id, WRITERS);
        store_close(s);
    }
    ck_assert_int_eq(failures, 0);
}
END_TEST

Suite *store_health_suite(void)
{
    Suite *s = suite_create("store_health");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_plain_paths);
    tcase_add_test(tc, test_heartbeat_and_rows);
    tcase_add_test(tc, test_fail_and_mark_killed);
    tcase_add_test(tc, test_concurrent_create);
    suite_add_tcase(s, tc);
    return s;
}
