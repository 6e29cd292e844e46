/* test_params.c - the scenario reader on a test table: every type and unit, the exact error
 * messages with their line numbers, --set overrides, and write -> load round trips. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "params.h"
#include "suites.h"

struct tconf {
    long threads;
    double ratio, share, timeout, rate, bytes, when;
    int flag, mode;
    char name[PARAM_STRING_MAX];
};

#define F(x) offsetof(struct tconf, x)
static const struct param_def DEFS[] = {
    {"worm", "threads", PARAM_INT, "100", 1, 10000, NULL, "threads", F(threads), NULL, NULL},
    {"worm", "ratio", PARAM_REAL, "0.5", 1, 0, NULL, "a number", F(ratio), NULL, NULL},
    {"worm", "share", PARAM_PROB, "0.03", 1, 0, NULL, "a share", F(share), NULL, NULL},
    {"worm", "dark_timeout", PARAM_DURATION, "21s", 0.001, 600, NULL, "t", F(timeout), NULL, NULL},
    {"worm", "scan_rate", PARAM_RATE, "6/s", 0, 1000, NULL, "r", F(rate), NULL, NULL},
    {"worm", "probe", PARAM_BYTES, "3.8KB", 0, 1e9, NULL, "b", F(bytes), NULL, NULL},
    {"run", "start", PARAM_TIME, "2001-07-19T00:00Z", 1, 0, NULL, "t0", F(when), NULL, NULL},
    {"run", "verbose", PARAM_BOOL, "no", 1, 0, NULL, "flag", F(flag), NULL, NULL},
    {"run", "mode", PARAM_ENUM, "fast", 1, 0, "fast|per-scan", "mode", F(mode), NULL, NULL},
    {"run", "name", PARAM_STRING, "", 1, 0, NULL, "name", F(name), NULL, NULL},
};
static const struct param_table TAB = {DEFS, sizeof DEFS / sizeof DEFS[0]};

static char path[64];

static void write_file(const char *text)
{
    strcpy(path, "/tmp/wormsim-paramsXXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
}

/* Loads text; expects failure at line with message msg (or success when msg is NULL). */
static void expect(const char *text, int line, const char *msg)
{
    write_file(text);
    struct tconf c;
    struct diag d = {0};
    enum status st = params_load(&TAB, &c, path, NULL, 0, &d);
    unlink(path);
    if (!msg) {
        ck_assert_msg(st == ST_OK, "unexpected error: %d: %s", d.line, d.msg);
        return;
    }
    ck_assert_int_eq(st, ST_INPUT);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_int_eq(d.line, line);
    ck_assert_str_eq(d.file, path);
}

START_TEST(values_and_units)
{
    write_file("# comment\n[worm]\nthreads = 360_000 # inline\nratio = -2.5\nshare = 25%\n"
               "dark_timeout = 500ms\nscan_rate = 360/min ; inline\nprobe = 16MiB\n"
               "\n[run]\nstart = 2001-07-19T10:00Z\nverbose = yes\nmode = per-scan\n"
               "name = july 19\n");
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &c, path, NULL, 0, &d), ST_INPUT); /* threads > 10000 */
    ck_assert_str_eq(d.msg, "worm.threads = 360_000 is out of range (1 to 10000)");
    ck_assert_int_eq(d.line, 3);
    struct param_override o = {"worm.threads=3_000"};
    ck_assert_int_eq(params_load(&TAB, &c, path, &o, 1, &d), ST_INPUT); /* the file fails first */
    unlink(path);
    write_file("[worm]\nthreads = 3_000\nratio = -2.5\nshare = 25%\ndark_timeout = 500ms\n"
               "scan_rate = 360/min\nprobe = 16MiB\n[run]\nstart = 2001-07-19T10:00Z\n"
               "verbose = on\nmode = per-scan\nname = july 19\n");
    ck_assert_int_eq(params_load(&TAB, &c, path, NULL, 0, &d), ST_OK);
    unlink(path);
    ck_assert_int_eq(c.threads, 3000);
    ck_assert_double_eq(c.ratio, -2.5);
    ck_assert_double_eq(c.share, 0.25);
    ck_assert_double_eq(c.timeout, 0.5);
    ck_assert_double_eq(c.rate, 6.0);
    ck_assert_double_eq(c.bytes, 16.0 * 1024 * 1024);
    ck_assert_double_eq(c.when, 995536800.0);
    ck_assert_int_eq(c.flag, 1);
    ck_assert_int_eq(c.mode, 1);
    ck_assert_str_eq(c.name, "july 19");
}
END_TEST

START_TEST(defaults_only)
{
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, NULL, 0, &d), ST_OK);
    ck_assert_int_eq(c.threads, 100);
    ck_assert_double_eq(c.bytes, 3800);
    ck_assert_double_eq(c.timeout, 21);
    ck_assert_str_eq(c.name, "");
}
END_TEST

START_TEST(error_messages)
{
    expect("[worm]\nthread = 3\n", 2, "unknown key \"thread\" in [worm] (did you mean \"threads\"?)");
    expect("[worm]\n\n# x\nzzz = 3\n", 4, "unknown key \"zzz\" in [worm]");
    expect("[wrom]\n", 1, "unknown section \"wrom\" (did you mean \"worm\"?)");
    expect("threads = 3\n", 1, "key \"threads\" outside any section");
    expect("[worm]\nthreads = 3\n\nthreads = 4\n", 4,
           "duplicate key \"threads\" in [worm] (first set on line 2)");
    expect("[worm]\ndark_timeout = 21 sec\n", 2,
           "bad value \"21 sec\" for worm.dark_timeout: unknown unit \"sec\" (use ms, s, min, h or d)");
    expect("[worm]\ndark_timeout = 21\n", 2,
           "bad value \"21\" for worm.dark_timeout: needs a unit (ms, s, min, h or d)");
    expect("[worm]\nthreads = 11abc\n", 2, "bad value \"11abc\" for worm.threads: not an integer");
    expect("[worm]\nthreads = 11 # per host\n", 0, NULL);
    expect("[worm]\nthreads = 0\n", 2, "worm.threads = 0 is out of range (1 to 10000)");
    expect("[worm]\ndark_timeout = 11min\n", 2,
           "worm.dark_timeout = 11min is out of range (0.001s to 600s)");
    expect("[run]\nmode = fastt\n", 2,
           "bad value \"fastt\" for run.mode: expected one of fast, per-scan");
    expect("[run]\nstart = 2001-07-32\n", 2,
           "bad value \"2001-07-32\" for run.start: expected a UTC time like 2001-07-19T10:00Z");
    expect("[worm]\nthreads =\n", 2, "missing value for worm.threads");
    expect("[worm]\nthreads 3\n", 2, "expected \"key = value\", got \"threads 3\"");
    expect("[worm\n", 1, "unterminated section header");
    expect("[worm]\nshare = 120%\n", 2,
           "bad value \"120%\" for worm.share: a probability lies between 0 and 1 (0% and 100%)");
    expect("", 0, "file is empty (no settings)");
    expect("# only a comment\n\n", 0, "file is empty (no settings)");
    expect("[worm]\nthreads = 3\0\n", 0, NULL); /* strlen stops at the NUL: a clean file */
    char long_line[1100];
    memset(long_line, 'x', sizeof long_line);
    memcpy(long_line, "[worm]\nthreads = 1", 18);
    long_line[sizeof long_line - 1] = '\0';
    expect(long_line, 2, "line is longer than 1000 characters");
}
END_TEST

START_TEST(binary_and_missing_files)
{
    strcpy(path, "/tmp/wormsim-paramsXXXXXX");
    int fd = mkstemp(path);
    const char bin[] = "[worm]\nthr\0eads = 1\n";
    ck_assert_int_eq(write(fd, bin, sizeof bin - 1), (int)sizeof bin - 1);
    close(fd);
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &c, path, NULL, 0, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "not a text file (binary data at byte 10)");
    unlink(path);
    ck_assert_int_eq(params_load(&TAB, &c, path, NULL, 0, &d), ST_IO);
    ck_assert_str_eq(d.msg, "cannot read: No such file or directory");
    ck_assert_int_eq(d.line, 0);
}
END_TEST

START_TEST(overrides)
{
    struct tconf c;
    struct diag d = {0};
    struct param_override good[] = {{"worm.threads=300"}, {"run.mode=per-scan"}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, good, 2, &d), ST_OK);
    ck_assert_int_eq(c.threads, 300);
    ck_assert_int_eq(c.mode, 1);
    struct param_override bad[] = {{"worm.thread=3"}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, bad, 1, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set worm.thread=3: unknown key \"thread\" in [worm] (did you mean \"threads\"?)");
    ck_assert_str_eq(d.file, "--set");
    struct param_override twice[] = {{"worm.threads=3"}, {"worm.threads=4"}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, twice, 2, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set worm.threads is given twice");
    struct param_override shape[] = {{"threads=3"}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, shape, 1, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set threads=3: expected section.key=value, like worm.threads=300");
    /* An override may change what the file set. */
    write_file("[worm]\nthreads = 5\n");
    struct param_override o = {"worm.threads=7"};
    ck_assert_int_eq(params_load(&TAB, &c, path, &o, 1, &d), ST_OK);
    unlink(path);
    ck_assert_int_eq(c.threads, 7);
}
END_TEST

START_TEST(write_then_load_round_trip)
{
    struct tconf a, b;
    struct diag d = {0};
    struct param_override o[] = {{"worm.ratio=0.1"}, {"worm.share=0.03"}, {"worm.dark_timeout=4.5min"},
                                 {"worm.scan_rate=50000/h"}, {"worm.probe=3.8KB"},
                                 {"run.start=2001-08-04T12:34:56Z"}, {"run.name=a b"}};
    ck_assert_int_eq(params_load(&TAB, &a, NULL, o, 7, &d), ST_OK);
    char *text = params_to_string(&TAB, &a);
    ck_assert_ptr_nonnull(strstr(text, "[worm]\nthreads = 100\nratio = 0.1\nshare = 0.03\n"));
    ck_assert_ptr_nonnull(strstr(text, "dark_timeout = 270s\n"));
    ck_assert_ptr_nonnull(strstr(text, "start = 2001-08-04T12:34:56Z\n"));
    write_file(text);
    free(text);
    ck_assert_int_eq(params_load(&TAB, &b, path, NULL, 0, &d), ST_OK);
    unlink(path);
    ck_assert(a.threads == b.threads && a.ratio == b.ratio && a.share == b.share);
    ck_assert(a.timeout == b.timeout && a.rate == b.rate && a.bytes == b.bytes);
    ck_assert(a.when == b.when && a.flag == b.flag && a.mode == b.mode);
    ck_assert_str_eq(a.name, b.name);
}
END_TEST

START_TEST(edit_distance)
{
    ck_assert_int_eq(params_edit_distance("thread", "threads"), 1);
    ck_assert_int_eq(params_edit_distance("wrom", "worm"), 2);
    ck_assert_int_eq(params_edit_distance("", "abc"), 3);
    ck_assert_int_eq(params_edit_distance("kitten", "sitting"), 3);
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, values_and_units);
    tcase_add_test(tc, defaults_only);
    tcase_add_test(tc, error_messages);
    tcase_add_test(tc, binary_and_missing_files);
    tcase_add_test(tc, overrides);
    tcase_add_test(tc, write_then_load_round_trip);
    tcase_add_test(tc, edit_distance);
    suite_add_tcase(s, tc);
    return s;
}
