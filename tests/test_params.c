/* test_params.c - the scenario reader on a test table: every type and unit, the exact error
 * messages with their line numbers, --set overrides, and write -> load round trips; then
 * repeatable named sections ([router cisco-a]) on a second table (test_params_sections.c).
 * Expected values are written out by hand (16MiB = 16777216, 2001-07-19T10:00Z = 995536800). */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "params.h"
#include "suites.h"
#include "test_params.h"

struct pair {
    int a, b;
};

struct tconf {
    long threads;
    double ratio, share, timeout, rate, bytes, when;
    int flag, mode;
    char name[PARAM_STRING_MAX];
    struct pair size;
};

/* PARAM_CUSTOM example: "AxB" with positive A and B. */
static bool parse_pair(const char *text, void *field, char *err, size_t errlen)
{
    struct pair *p = field;
    int n = 0;
    if (sscanf(text, "%dx%d%n", &p->a, &p->b, &n) != 2 || text[n] || p->a <= 0 || p->b <= 0) {
        snprintf(err, errlen, "expected WIDTHxHEIGHT like 3x4");
        return false;
    }
    return true;
}

static void format_pair(const void *field, char *buf, size_t len)
{
    const struct pair *p = field;
    snprintf(buf, len, "%dx%d", p->a, p->b);
}

#define F(x) offsetof(struct tconf, x)
static const struct param_def DEFS[] = {
    {"worm", "threads", PARAM_INT, "100", 1, 10000, NULL, "threads per host", F(threads), NULL, NULL},
    {"worm", "ratio", PARAM_REAL, "0.5", 1, 0, NULL, "a number", F(ratio), NULL, NULL},
    {"worm", "share", PARAM_PROB, "0.03", 1, 0, NULL, "a share", F(share), NULL, NULL},
    {"worm", "dark_timeout", PARAM_DURATION, "21s", 0.001, 600, NULL, "t", F(timeout), NULL, NULL},
    {"worm", "scan_rate", PARAM_RATE, "6/s", 0, 1000, NULL, "r", F(rate), NULL, NULL},
    {"worm", "probe", PARAM_BYTES, "3.8KB", 0, 2e9, NULL, "b", F(bytes), NULL, NULL},
    /* 2001-01-01T00:00Z to 2002-01-01T00:00Z */
    {"run", "start", PARAM_TIME, "2001-07-19T00:00Z", 978307200, 1009843200, NULL, "t0", F(when),
     NULL, NULL},
    {"run", "verbose", PARAM_BOOL, "no", 1, 0, NULL, "flag", F(flag), NULL, NULL},
    {"run", "mode", PARAM_ENUM, "fast", 1, 0, "fast|per-scan", "mode", F(mode), NULL, NULL},
    {"run", "name", PARAM_STRING, "", 1, 0, NULL, "name", F(name), NULL, NULL},
    {"run", "size", PARAM_CUSTOM, "3x4", 1, 0, NULL, "size", F(size), parse_pair, format_pair},
};
static const struct param_table TAB = {DEFS, sizeof DEFS / sizeof DEFS[0], NULL, 0};

char params_test_path[64];

static void write_bytes(const char *data, size_t n)
{
    strcpy(params_test_path, "/tmp/wormsim-paramsXXXXXX");
    int fd = mkstemp(params_test_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
}

void params_test_write(const char *text) { write_bytes(text, strlen(text)); }

/* Loads n bytes as a scenario file (then removes it). */
static enum status load_bytes(const char *data, size_t n, struct tconf *c, struct diag *d)
{
    write_bytes(data, n);
    enum status st = params_load(&TAB, c, params_test_path, NULL, 0, d);
    unlink(params_test_path);
    return st;
}

/* Loads text; expects failure at line with message msg (or success when msg is NULL). */
static void expect(const char *text, int line, const char *msg)
{
    struct tconf c;
    struct diag d = {0};
    enum status st = load_bytes(text, strlen(text), &c, &d);
    if (!msg) {
        ck_assert_msg(st == ST_OK, "unexpected error: %d: %s", d.line, d.msg);
        return;
    }
    ck_assert_int_eq(st, ST_INPUT);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_int_eq(d.line, line);
    ck_assert_str_eq(d.file, params_test_path);
}

/* Loads defaults plus one override; expects success, or failure with message msg. */
static void expect_set(const char *text, const char *msg, struct tconf *c)
{
    struct diag d = {0};
    struct param_override o = {text};
    enum status st = params_load(&TAB, c, NULL, &o, 1, &d);
    if (!msg) {
        ck_assert_msg(st == ST_OK, "unexpected error: %s", d.msg);
        return;
    }
    ck_assert_int_eq(st, ST_INPUT);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_str_eq(d.file, "--set");
    ck_assert_int_eq(d.line, 0);
}

START_TEST(values_and_units)
{
    params_test_write("# comment\n[worm]\nthreads = 360_000 # inline\nratio = -2.5\nshare = 25%\n"
               "dark_timeout = 500ms\nscan_rate = 360/min ; inline\nprobe = 16MiB\n"
               "\n[run]\nstart = 2001-07-19T10:00Z\nverbose = yes\nmode = per-scan\n"
               "name = july 19\n");
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, NULL, 0, &d), ST_INPUT); /* threads > 10000 */
    ck_assert_str_eq(d.msg, "worm.threads = 360_000 is out of range (1 to 10000)");
    ck_assert_int_eq(d.line, 3);
    struct param_override o = {"worm.threads=3_000"};
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, &o, 1, &d), ST_INPUT); /* the file fails first */
    unlink(params_test_path);
    params_test_write("[worm]\nthreads = 3_000\nratio = -2.5\nshare = 25%\ndark_timeout = 500ms\n"
               "scan_rate = 360/min\nprobe = 16MiB\n[run]\nstart = 2001-07-19T10:00Z\n"
               "verbose = on\nmode = per-scan\nname = july 19\nsize = 5x7\n");
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, NULL, 0, &d), ST_OK);
    unlink(params_test_path);
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
    ck_assert_int_eq(c.size.a, 5);
    ck_assert_int_eq(c.size.b, 7);
}
END_TEST

START_TEST(defaults_only)
{
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, NULL, 0, &d), ST_OK);
    ck_assert_int_eq(c.threads, 100);
    ck_assert_double_eq(c.ratio, 0.5);
    ck_assert_double_eq(c.share, 0.03);
    ck_assert_double_eq(c.timeout, 21);
    ck_assert_double_eq(c.rate, 6);
    ck_assert_double_eq(c.bytes, 3800);
    ck_assert_double_eq(c.when, 995500800.0);
    ck_assert_int_eq(c.flag, 0);
    ck_assert_int_eq(c.mode, 0);
    ck_assert_str_eq(c.name, "");
    ck_assert_int_eq(c.size.a, 3);
    ck_assert_int_eq(c.size.b, 4);
}
END_TEST

/* The unit parsers on their own: every unit, and the reasons they give. */
START_TEST(unit_parsers)
{
    double v;
    char err[200];
    static const struct {
        const char *text;
        double seconds;
    } dur[] = {{"500ms", 0.5}, {"21s", 21},     {"5min", 300},  {"4.5h", 16200},
               {"2d", 172800}, {"21 s", 21},    {"-3s", -3},    {"1e3ms", 1},
               {".5s", 0.5},   {"+2min", 120},  {"0s", 0},      {"1.5d", 129600}};
    for (size_t i = 0; i < sizeof dur / sizeof dur[0]; i++) {
        ck_assert_msg(params_parse_duration(dur[i].text, &v, err, sizeof err), "%s", dur[i].text);
        ck_assert_double_eq(v, dur[i].seconds);
    }
    static const struct {
        const char *text;
        double bytes;
    } by[] = {{"100", 100},          {"100B", 100},        {"3.8KB", 3800},
              {"100KiB", 102400},    {"16MB", 16000000},   {"16MiB", 16777216},
              {"1GB", 1e9},          {"1GiB", 1073741824}, {"2 KiB", 2048}};
    for (size_t i = 0; i < sizeof by / sizeof by[0]; i++) {
        ck_assert_msg(params_parse_bytes(by[i].text, &v, err, sizeof err), "%s", by[i].text);
        ck_assert_double_eq(v, by[i].bytes);
    }
    static const struct {
        const char *text;
        double per_s;
    } rt[] = {{"6", 6},         {"6/s", 6},           {"360/min", 6},
              {"6 /s", 6},      {"50000/h", 50000 / 3600.0}, {"1/min", 1 / 60.0},
              {"2/d", 2 / 86400.0}, {"0.5", 0.5}};
    for (size_t i = 0; i < sizeof rt / sizeof rt[0]; i++) {
        ck_assert_msg(params_parse_rate(rt[i].text, &v, err, sizeof err), "%s", rt[i].text);
        ck_assert_double_eq(v, rt[i].per_s);
    }
    static const struct {
        bool (*parse)(const char *, double *, char *, size_t);
        const char *text, *err;
    } bad[] = {
        {params_parse_duration, "21", "needs a unit (ms, s, min, h or d)"},
        {params_parse_duration, "21 sec", "unknown unit \"sec\" (use ms, s, min, h or d)"},
        {params_parse_duration, "21S", "unknown unit \"S\" (use ms, s, min, h or d)"},
        {params_parse_duration, "s", "not a number"},
        {params_parse_duration, "inf s", "not a number"},
        {params_parse_duration, "0x10s", "not a number"},
        {params_parse_duration, "1e308d", "too large"},
        {params_parse_bytes, "16mb", "unknown unit \"mb\" (use B, KB, MB, GB, KiB, MiB or GiB)"},
        {params_parse_bytes, "", "not a number"},
        {params_parse_rate, "6/sec", "unknown unit \"/sec\" (use /s, /min, /h or /d)"},
        {params_parse_rate, "6 per second",
         "unknown unit \"per second\" (use /s, /min, /h or /d)"},
        {params_parse_rate, "nan", "not a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!bad[i].parse(bad[i].text, &v, err, sizeof err), "%s", bad[i].text);
        ck_assert_str_eq(err, bad[i].err);
    }
}
END_TEST

/* Values of the other types through --set (the same path as file values). */
START_TEST(other_types)
{
    struct tconf c;
    static const char *const yes[] = {"run.verbose=yes", "run.verbose=true", "run.verbose=on",
                                      "run.verbose=1"};
    static const char *const no[] = {"run.verbose=no", "run.verbose=false", "run.verbose=off",
                                     "run.verbose=0"};
    for (int i = 0; i < 4; i++) {
        expect_set(yes[i], NULL, &c);
        ck_assert_int_eq(c.flag, 1);
        expect_set(no[i], NULL, &c);
        ck_assert_int_eq(c.flag, 0);
    }
    expect_set("run.verbose=maybe",
               "--set run.verbose=maybe: bad value \"maybe\" for run.verbose: expected yes or no", &c);
    expect_set("worm.share=25 %", NULL, &c);
    ck_assert_double_eq(c.share, 0.25);
    expect_set("worm.share=0%", NULL, &c);
    ck_assert_double_eq(c.share, 0);
    expect_set("worm.share=100%", NULL, &c);
    ck_assert_double_eq(c.share, 1);
    expect_set("worm.share=-0.1", "--set worm.share=-0.1: bad value \"-0.1\" for worm.share: "
               "a probability lies between 0 and 1 (0% and 100%)", &c);
    expect_set("worm.share=half", "--set worm.share=half: bad value \"half\" for worm.share: "
               "not a probability (like 0.25 or 25%)", &c);
    expect_set("worm.threads=+5", NULL, &c);
    ck_assert_int_eq(c.threads, 5);
    expect_set("worm.threads=1_0_0", NULL, &c);
    ck_assert_int_eq(c.threads, 100);
    static const char *const not_int[] = {"1.5", "1e3", "_1", "1_", "1__0", "-", "0x10", "1 0"};
    for (size_t i = 0; i < sizeof not_int / sizeof not_int[0]; i++) {
        char set[64], msg[200];
        snprintf(set, sizeof set, "worm.threads=%s", not_int[i]);
        snprintf(msg, sizeof msg, "--set %s: bad value \"%s\" for worm.threads: not an integer",
                 set, not_int[i]);
        expect_set(set, msg, &c);
    }
    expect_set("worm.threads=99999999999999999999", "--set worm.threads=99999999999999999999: "
               "bad value \"99999999999999999999\" for worm.threads: too large", &c);
    expect_set("worm.ratio=1e-3", NULL, &c);
    ck_assert_double_eq(c.ratio, 0.001);
    expect_set("worm.ratio=1.5.2",
               "--set worm.ratio=1.5.2: bad value \"1.5.2\" for worm.ratio: not a number", &c);
    expect_set("run.start=2001-07-19", NULL, &c);
    ck_assert_double_eq(c.when, 995500800.0);
    expect_set("run.start=2001-07-19T10:00:30Z", NULL, &c);
    ck_assert_double_eq(c.when, 995536830.0);
    expect_set("run.start=2001-02-30", "--set run.start=2001-02-30: bad value \"2001-02-30\" for "
               "run.start: expected a UTC time like 2001-07-19T10:00Z", &c);
    expect_set("run.start=2002-07-19", "--set run.start=2002-07-19: run.start = 2002-07-19 is out "
               "of range (2001-01-01T00:00:00Z to 2002-01-01T00:00:00Z)", &c);
    expect_set("run.mode=Fast", "--set run.mode=Fast: bad value \"Fast\" for run.mode: "
               "expected one of fast, per-scan", &c);
    expect_set("run.size=0x4", "--set run.size=0x4: bad value \"0x4\" for run.size: "
               "expected WIDTHxHEIGHT like 3x4", &c);
    expect_set("run.size=", "--set run.size=: missing value for run.size", &c);
    /* Strings: anything printable that reads back the same from a written scenario. */
    expect_set("run.name=C#; a;b", NULL, &c);
    ck_assert_str_eq(c.name, "C#; a;b");
    expect_set("run.name=", NULL, &c);
    ck_assert_str_eq(c.name, "");
    expect_set("run.name=a #2", "--set run.name=a #2: bad value \"a #2\" for run.name: "
               "a comment starts at \"#\" (at the start or after a space)", &c);
    expect_set("run.name=;x", "--set run.name=;x: bad value \";x\" for run.name: "
               "a comment starts at \";\" (at the start or after a space)", &c);
    /* A line break cannot be in a file's line: refused as the file reader would, the quote
     * stops before it (U+2026 ends it). */
    expect_set("run.name=a\nb", "--set run.name=a\u2026: not text (a control character or "
               "invalid UTF-8 at byte 10)", &c);
    char big[PARAM_STRING_MAX + 20];
    snprintf(big, sizeof big, "run.name=%0*d", PARAM_STRING_MAX - 1, 0);
    expect_set(big, NULL, &c); /* 255 characters fit */
    ck_assert_uint_eq(strlen(c.name), PARAM_STRING_MAX - 1);
    snprintf(big, sizeof big, "run.name=%0*d", PARAM_STRING_MAX, 0);
    struct param_override o = {big};
    struct diag d;
    ck_assert_int_eq(params_load(&TAB, &c, NULL, &o, 1, &d), ST_INPUT);
    ck_assert_ptr_nonnull(strstr(d.msg, ": longer than 255 bytes"));
}
END_TEST

START_TEST(error_messages)
{
    expect("[worm]\nthread = 3\n", 2, "unknown key \"thread\" in [worm] (did you mean \"threads\"?)");
    expect("[worm]\nthraeds = 3\n", 2, "unknown key \"thraeds\" in [worm] (did you mean \"threads\"?)");
    expect("[worm]\ndark = 3s\n", 2, "unknown key \"dark\" in [worm] (did you mean \"dark_timeout\"?)");
    expect("[worm]\nthreads_per_host = 3\n", 2,
           "unknown key \"threads_per_host\" in [worm] (did you mean \"threads\"?)");
    expect("[worm]\nThreads = 3\n", 2, "unknown key \"Threads\" in [worm] (did you mean \"threads\"?)");
    expect("[worm]\n\n# x\nzzz = 3\n", 4, "unknown key \"zzz\" in [worm]");
    expect("[worm]\nx = 3\n", 2, "unknown key \"x\" in [worm]");
    expect("[run]\nthreads = 3\n", 2, "unknown key \"threads\" in [run]");
    expect("[wrom]\n", 1, "unknown section \"wrom\" (did you mean \"worm\"?)");
    expect("[Worm]\n", 1, "unknown section \"Worm\" (did you mean \"worm\"?)");
    expect("[worm b]\n", 1, "unknown section \"worm b\" (did you mean \"worm\"?)");
    expect("[router]\n", 1, "unknown section \"router\"");
    expect("[worm] extra\n", 1, "expected \"[section]\", got \"[worm] extra\"");
    expect("[worm] # the worm\nthreads = 3\n", 0, NULL);
    expect("threads = 3\n", 1, "key \"threads\" outside any section");
    expect("[worm]\nthreads = 3\n\nthreads = 4\n", 4,
           "duplicate key \"threads\" in [worm] (first set on line 2)");
    expect("[worm]\nthreads = 3\n[run]\nmode = fast\n[worm]\nthreads = 4\n", 6,
           "duplicate key \"threads\" in [worm] (first set on line 2)");
    expect("[worm]\ndark_timeout = 21 sec\n", 2,
           "bad value \"21 sec\" for worm.dark_timeout: unknown unit \"sec\" (use ms, s, min, h or d)");
    expect("[worm]\ndark_timeout = 21\n", 2,
           "bad value \"21\" for worm.dark_timeout: needs a unit (ms, s, min, h or d)");
    expect("[worm]\nthreads = 11abc\n", 2, "bad value \"11abc\" for worm.threads: not an integer");
    expect("[worm]\nthreads = 11#abc\n", 2, "bad value \"11#abc\" for worm.threads: not an integer");
    expect("[worm]\nthreads = 11 # per host\n", 0, NULL);
    expect("[worm]\nthreads = 11\t; per host\n", 0, NULL);
    expect("[worm]\nthreads = 0\n", 2, "worm.threads = 0 is out of range (1 to 10000)");
    expect("[worm]\nthreads = 10001\n", 2, "worm.threads = 10001 is out of range (1 to 10000)");
    expect("[worm]\nthreads = 10000\n", 0, NULL);
    expect("[worm]\ndark_timeout = 11min\n", 2,
           "worm.dark_timeout = 11min is out of range (0.001s to 600s)");
    expect("[worm]\nscan_rate = 2000/s\n", 2,
           "worm.scan_rate = 2000/s is out of range (0/s to 1000/s)");
    expect("[worm]\nprobe = 2GiB\n", 2, "worm.probe = 2GiB is out of range (0 to 2000000000)");
    expect("[run]\nmode = fastt\n", 2,
           "bad value \"fastt\" for run.mode: expected one of fast, per-scan");
    expect("[run]\nstart = 2001-07-32\n", 2,
           "bad value \"2001-07-32\" for run.start: expected a UTC time like 2001-07-19T10:00Z");
    expect("[run]\nsize = 3 by 4\n", 2,
           "bad value \"3 by 4\" for run.size: expected WIDTHxHEIGHT like 3x4");
    expect("[worm]\nthreads =\n", 2, "missing value for worm.threads");
    expect("[worm]\nthreads =   # none\n", 2, "missing value for worm.threads");
    expect("[worm]\nthreads 3\n", 2, "expected \"key = value\", got \"threads 3\"");
    expect("[worm]\n= 3\n", 2, "expected \"key = value\", got \"=3\"");
    expect("[worm\n", 1, "unterminated section header");
    expect("[worm # ]\n", 1, "unterminated section header");
    expect("[worm]\nshare = 120%\n", 2,
           "bad value \"120%\" for worm.share: a probability lies between 0 and 1 (0% and 100%)");
    expect("", 0, "file is empty (no settings)");
    expect("\n  \n\t\n", 0, "file is empty (no settings)");
    expect("# only a comment\n\n; and another\n", 0, "file is empty (no settings)");
    expect("[worm]\n[run]\n", 0, "file is empty (no settings)");
    expect("[worm]\nthreads = 3", 0, NULL); /* no newline at the end */
}
END_TEST

/* Line numbers count every line: blanks, comments, CRLF endings. */
START_TEST(line_numbers)
{
    expect("# a\r\n\r\n[worm]\r\nthreads = 3\r\n; b\r\n   # c\r\n\r\nthreads = 4\r\n", 8,
           "duplicate key \"threads\" in [worm] (first set on line 4)");
    expect("\n\n\n\n\n\n\n\n\n[worm]\n\n\nratio = x\n", 13,
           "bad value \"x\" for worm.ratio: not a number");
    expect("\xEF\xBB\xBF[worm]\nthreads = 3\n", 0, NULL); /* a byte order mark is skipped */
    expect("\xEF\xBB\xBF[worm]\nthraeds = 3\n", 2,
           "unknown key \"thraeds\" in [worm] (did you mean \"threads\"?)");
}
END_TEST

START_TEST(long_lines)
{
    char text[4 * 1100];
    /* Exactly 1000 characters: accepted, also with a CRLF ending. */
    int n = snprintf(text, sizeof text, "[worm]\nthreads = 3 #"); /* 13 characters on line 2 */
    memset(text + n, 'x', 1000 - 13);
    strcpy(text + n + 987, "\n");
    expect(text, 0, NULL);
    strcpy(text + n + 987, "\r\n");
    expect(text, 0, NULL);
    /* 1001: refused, even in a comment. */
    strcpy(text + n + 987, "x\n");
    expect(text, 2, "line is longer than 1000 characters");
    /* Counted in characters, not bytes: 1000 two-byte characters are fine, 1001 are not. */
    n = snprintf(text, sizeof text, "[worm]\nthreads = 3\n#");
    for (int i = 0; i < 999; i++, n += 2)
        memcpy(text + n, "\xC3\xA9", 2);
    strcpy(text + n, "\n");
    expect(text, 0, NULL);
    strcpy(text + n, "\xC3\xA9\n");
    expect(text, 3, "line is longer than 1000 characters");
}
END_TEST

START_TEST(binary_and_missing_files)
{
    static const struct {
        const char *data;
        size_t n;
        const char *msg;
    } bin[] = {
        {"[worm]\nthr\0eads = 1\n", 20, "not a text file (binary data at byte 10)"},
        {"[worm]\nthreads = 1\x01\n", 19, "not a text file (binary data at byte 18)"},
        {"[worm]\x7f\n", 8, "not a text file (binary data at byte 6)"},
        {"[worm]\f\n", 8, "not a text file (binary data at byte 6)"},
        {"# \xC0\x80\n", 5, "not a text file (binary data at byte 2)"},         /* overlong */
        {"# \xE0\x80\x80\n", 6, "not a text file (binary data at byte 2)"},     /* overlong */
        {"# \xED\xA0\x80\n", 6, "not a text file (binary data at byte 2)"},     /* surrogate */
        {"# \xF4\x90\x80\x80\n", 7, "not a text file (binary data at byte 2)"}, /* > U+10FFFF */
        {"# \xF5\x80\x80\x80\n", 7, "not a text file (binary data at byte 2)"},
        {"# \x80\n", 4, "not a text file (binary data at byte 2)"},     /* lone continuation */
        {"# \xC3", 3, "not a text file (binary data at byte 2)"},       /* cut at the end */
        {"# \xE9t\xE9\n", 6, "not a text file (binary data at byte 2)"}, /* Latin-1 */
    };
    struct tconf c;
    struct diag d = {0};
    for (size_t i = 0; i < sizeof bin / sizeof bin[0]; i++) {
        ck_assert_int_eq(load_bytes(bin[i].data, bin[i].n, &c, &d), ST_INPUT);
        ck_assert_str_eq(d.msg, bin[i].msg);
        ck_assert_int_eq(d.line, 0);
    }
    /* Valid UTF-8 of every length is text. */
    const char ok[] = "# \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\x9B \xF4\x8F\xBF\xBF\n[worm]\nthreads = 2\n";
    ck_assert_int_eq(load_bytes(ok, sizeof ok - 1, &c, &d), ST_OK);

    strcpy(params_test_path, "/tmp/wormsim-paramsXXXXXX");
    int fd = mkstemp(params_test_path);
    close(fd);
    unlink(params_test_path);
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, NULL, 0, &d), ST_IO);
    ck_assert_str_eq(d.msg, "cannot read: No such file or directory");
    ck_assert_str_eq(d.file, params_test_path);
    ck_assert_int_eq(d.line, 0);
    ck_assert_int_eq(params_load(&TAB, &c, "/tmp", NULL, 0, &d), ST_IO);
    ck_assert_str_eq(d.msg, "cannot read: Is a directory");
}
END_TEST

START_TEST(too_large)
{
    size_t n = (1u << 20) + 1;
    char *big = malloc(n);
    memset(big, '\n', n);
    memcpy(big, "[worm]\nthreads = 2\n", 19);
    struct tconf c;
    struct diag d = {0};
    ck_assert_int_eq(load_bytes(big, n - 1, &c, &d), ST_OK); /* 1 MiB exactly */
    ck_assert_int_eq(load_bytes(big, n, &c, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "file is too large for a scenario (over 1024 KiB)");
    ck_assert_int_eq(d.line, 0);
    free(big);
}
END_TEST

START_TEST(overrides)
{
    struct tconf c;
    struct diag d = {0};
    struct param_override good[] = {{"worm.threads=300"}, {"run.mode=per-scan"},
                                    {" worm . dark_timeout = 5min "}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, good, 3, &d), ST_OK);
    ck_assert_int_eq(c.threads, 300);
    ck_assert_int_eq(c.mode, 1);
    ck_assert_double_eq(c.timeout, 300);
    expect_set("worm.thread=3",
               "--set worm.thread=3: unknown key \"thread\" in [worm] (did you mean \"threads\"?)", &c);
    expect_set("wrom.threads=3",
               "--set wrom.threads=3: unknown section \"wrom\" (did you mean \"worm\"?)", &c);
    expect_set("threads=3", "--set threads=3: expected section.key=value, like worm.threads=300", &c);
    expect_set("worm.threads", "--set worm.threads: expected section.key=value, like worm.threads=300", &c);
    expect_set("worm.threads=", "--set worm.threads=: missing value for worm.threads", &c);
    expect_set("worm.threads=0", "--set worm.threads=0: worm.threads = 0 is out of range (1 to 10000)", &c);
    expect_set("worm.threads=3 # c", "--set worm.threads=3 # c: bad value \"3 # c\" for "
               "worm.threads: not an integer", &c); /* no comments on the command line */
    expect_set("worm.ratio=1.5", NULL, &c); /* the "." of the value is not the section's */
    ck_assert_double_eq(c.ratio, 1.5);
    struct param_override twice[] = {{"worm.threads=3"}, {"worm.threads=4"}};
    ck_assert_int_eq(params_load(&TAB, &c, NULL, twice, 2, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set worm.threads is given twice");
    ck_assert_str_eq(d.file, "--set");
    /* An override may change what the file set; the first bad override wins. */
    params_test_write("[worm]\nthreads = 5\n");
    struct param_override o[] = {{"worm.threads=7"}, {"worm.ratio=x"}, {"worm.thread=1"}};
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, o, 1, &d), ST_OK);
    ck_assert_int_eq(c.threads, 7);
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, o, 3, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set worm.ratio=x: bad value \"x\" for worm.ratio: not a number");
    unlink(params_test_path);
    /* Overrides do not make an empty file acceptable. */
    params_test_write("# nothing\n");
    ck_assert_int_eq(params_load(&TAB, &c, params_test_path, o, 1, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "file is empty (no settings)");
    unlink(params_test_path);
}
END_TEST

/* The loaded configs a and b are equal field by field. */
static void assert_same(const struct tconf *a, const struct tconf *b)
{
    ck_assert(a->threads == b->threads && a->ratio == b->ratio && a->share == b->share);
    ck_assert(a->timeout == b->timeout && a->rate == b->rate && a->bytes == b->bytes);
    ck_assert(a->when == b->when && a->flag == b->flag && a->mode == b->mode);
    ck_assert_str_eq(a->name, b->name);
    ck_assert(a->size.a == b->size.a && a->size.b == b->size.b);
}

/* Writes a's resolved text to a file, loads it into b, checks b == a and same text again. */
static void round_trip(const struct tconf *a)
{
    struct tconf b;
    struct diag d = {0};
    char *text = params_to_string(&TAB, a);
    params_test_write(text);
    ck_assert_msg(params_load(&TAB, &b, params_test_path, NULL, 0, &d) == ST_OK, "%d: %s\n%s", d.line,
                  d.msg, text);
    unlink(params_test_path);
    assert_same(a, &b);
    char *again = params_to_string(&TAB, &b);
    ck_assert_str_eq(text, again);
    free(again);
    free(text);
}

START_TEST(write_then_load_round_trip)
{
    struct tconf a;
    struct diag d = {0};
    ck_assert_int_eq(params_load(&TAB, &a, NULL, NULL, 0, &d), ST_OK);
    char *text = params_to_string(&TAB, &a);
    ck_assert_str_eq(text, "[worm]\nthreads = 100\nratio = 0.5\nshare = 0.03\n"
                           "dark_timeout = 21s\nscan_rate = 6/s\nprobe = 3800\n\n"
                           "[run]\nstart = 2001-07-19T00:00:00Z\nverbose = no\nmode = fast\n"
                           "name =\nsize = 3x4\n");
    free(text);
    round_trip(&a); /* defaults, with an empty string */

    struct param_override o[] = {
        {"worm.ratio=0.1"},          {"worm.share=0.3"},    {"worm.dark_timeout=4.5min"},
        {"worm.scan_rate=50000/h"},  {"worm.probe=3.8KB"},  {"run.start=2001-08-04T12:34:56Z"},
        {"run.name=a b#c; d"},        {"run.verbose=on"},    {"run.mode=per-scan"},
        {"run.size=12x1"},           {"worm.threads=9_999"}};
    ck_assert_int_eq(params_load(&TAB, &a, NULL, o, sizeof o / sizeof o[0], &d), ST_OK);
    text = params_to_string(&TAB, &a);
    ck_assert_str_eq(text, "[worm]\nthreads = 9999\nratio = 0.1\nshare = 0.3\n"
                           "dark_timeout = 270s\nscan_rate = 13.88888888888889/s\nprobe = 3800\n\n"
                           "[run]\nstart = 2001-08-04T12:34:56Z\nverbose = yes\nmode = per-scan\n"
                           "name = a b#c; d\nsize = 12x1\n");
    free(text);
    round_trip(&a);

    /* Awkward doubles: the shortest text that reads back exactly. */
    struct param_override w[] = {{"worm.ratio=-1.2345678901234567e-300"}, {"worm.share=1%"},
                                 {"worm.dark_timeout=1ms"}, {"worm.scan_rate=1/min"},
                                 {"worm.probe=1.1GB"}};
    ck_assert_int_eq(params_load(&TAB, &a, NULL, w, 5, &d), ST_OK);
    round_trip(&a);
    ck_assert_double_eq(a.share, 0.01);

    /* params_write writes the same text as params_to_string. */
    FILE *f = tmpfile();
    params_write(&TAB, &a, f);
    long len = ftell(f);
    rewind(f);
    char buf[1024] = "";
    ck_assert_int_eq(fread(buf, 1, sizeof buf - 1, f), len);
    fclose(f);
    text = params_to_string(&TAB, &a);
    ck_assert_str_eq(buf, text);
    free(text);
}
END_TEST

START_TEST(help_lines)
{
    FILE *f = tmpfile();
    params_write_help(&TAB, f);
    rewind(f);
    char buf[4096] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_ptr_nonnull(strstr(buf, "worm.threads "));
    ck_assert_ptr_nonnull(strstr(buf, "default 100  (1 to 10000)\n    threads per host\n"));
    ck_assert_ptr_nonnull(strstr(buf, "default 21s  (0.001s to 600s)\n"));
    ck_assert_ptr_nonnull(strstr(buf, "default fast  (fast|per-scan)\n"));
    ck_assert_ptr_nonnull(strstr(buf, "default \"\"\n"));
    ck_assert_ptr_nonnull(
        strstr(buf, "default 2001-07-19T00:00Z  (2001-01-01T00:00:00Z to 2002-01-01T00:00:00Z)\n"));
    int lines = 0;
    for (char *p = buf; (p = strchr(p, '\n')); p++)
        lines++;
    ck_assert_int_eq(lines, 2 * (int)TAB.n); /* a line for the key, a line for its help */
}
END_TEST

START_TEST(edit_distance)
{
    ck_assert_int_eq(params_edit_distance("thread", "threads"), 1);
    ck_assert_int_eq(params_edit_distance("wrom", "worm"), 2);
    ck_assert_int_eq(params_edit_distance("", "abc"), 3);
    ck_assert_int_eq(params_edit_distance("abc", ""), 3);
    ck_assert_int_eq(params_edit_distance("", ""), 0);
    ck_assert_int_eq(params_edit_distance("kitten", "sitting"), 3);
    ck_assert_int_eq(params_edit_distance("flaw", "lawn"), 2);
    ck_assert_int_eq(params_edit_distance("same", "same"), 0);
}
END_TEST

START_TEST(bitrates)
{
    double v;
    char err[200], buf[64];
    static const struct {
        const char *text;
        double bps;
    } ok[] = {{"1.5Mbps", 1.5e6}, {"100kbps", 1e5}, {"45Mbps", 45e6}, {"1Gbps", 1e9},
              {"300bps", 300},    {"56 kbps", 56e3}, {"1544kbps", 1.544e6}, {"0bps", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ck_assert_msg(params_parse_bitrate(ok[i].text, &v, err, sizeof err), "%s", ok[i].text);
        ck_assert_double_eq(v, ok[i].bps);
    }
    static const struct {
        const char *text, *err;
    } bad[] = {{"1.5", "needs a unit (bps, kbps, Mbps or Gbps)"},
               {"1.5mbps", "unknown unit \"mbps\" (use bps, kbps, Mbps or Gbps)"},
               {"1.5MB", "unknown unit \"MB\" (use bps, kbps, Mbps or Gbps)"},
               {"1.5Mbit/s", "unknown unit \"Mbit/s\" (use bps, kbps, Mbps or Gbps)"},
               {"fast", "not a number"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!params_parse_bitrate(bad[i].text, &v, err, sizeof err), "%s", bad[i].text);
        ck_assert_str_eq(err, bad[i].err);
    }
    static const struct {
        double bps;
        const char *text;
    } fmt[] = {{1.5e6, "1.5Mbps"}, {1e5, "100kbps"}, {45e6, "45Mbps"}, {1e9, "1Gbps"},
               {300, "300bps"},    {0, "0bps"},      {1544000, "1.544Mbps"}, {1001, "1001bps"},
               {1e12, "1000Gbps"}, {0.5, "0.5bps"},  {1234567.5, "1234567.5bps"}};
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        params_format_bitrate(fmt[i].bps, buf, sizeof buf);
        ck_assert_str_eq(buf, fmt[i].text);
        ck_assert(params_parse_bitrate(buf, &v, err, sizeof err) && v == fmt[i].bps);
    }
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, values_and_units);
    tcase_add_test(tc, defaults_only);
    tcase_add_test(tc, unit_parsers);
    tcase_add_test(tc, bitrates);
    tcase_add_test(tc, other_types);
    tcase_add_test(tc, error_messages);
    tcase_add_test(tc, line_numbers);
    tcase_add_test(tc, long_lines);
    tcase_add_test(tc, binary_and_missing_files);
    tcase_add_test(tc, too_large);
    tcase_add_test(tc, overrides);
    tcase_add_test(tc, write_then_load_round_trip);
    tcase_add_test(tc, help_lines);
    tcase_add_test(tc, edit_distance);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, params_sections_tcase());
    return s;
}
