/* test_sensors.c - the sensors against independent answers: Code Red's request line and the
 * log lines' lengths from the published request (224 N or X, a 138-byte %u tail: a 362-byte
 * query, "about 360"), the share of a Code Red II host's scans that lands in a prefix worked
 * by hand, the world's draws unchanged by sensors (every world column identical with and
 * without them, in both modes), and the fast mode's drawn telescope and web-log series against
 * the per-scan mode's counted ones over 30 seeds each (Welch's t at alpha = 0.001). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "harness.h"
#include "sensors_internal.h"
#include "suites.h"

START_TEST(query_is_code_reds)
{
    char q[512];
    /* Apache Week (2001) shows the request: 224 N, then this tail (22 "%uXXXX" and "%u00=a"). */
    const char *tail = "%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3"
                       "%u7801%u9090%u9090%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000"
                       "%u00=a";
    ck_assert_uint_eq(strlen(tail), 22 * 6 + 6);
    ck_assert_uint_eq(weblog_query("crv2", q, sizeof q), 224 + 138);
    for (int i = 0; i < 224; i++)
        ck_assert_int_eq(q[i], 'N');
    ck_assert_str_eq(q + 224, tail);
    weblog_query("crii", q, sizeof q);
    ck_assert_int_eq(q[0], 'X');
    ck_assert_int_eq(q[223], 'X');
    ck_assert_int_eq(q[224], '%');
    /* Seed 001: "an argument of about 360 bytes". */
    ck_assert(strlen(q) >= 350 && strlen(q) <= 370);
}
END_TEST

START_TEST(log_lines_have_the_published_shape)
{
    char line[1024];
    /* 2001-07-19 16:55:47 UTC = 995561747 s. IIS: time c-ip method stem query status bytes. */
    size_t n = weblog_line(WEBLOG_IIS, 995561747, 0xC0A8020Cu /* 192.168.2.12 */, "crv2", 3800,
                           line, sizeof line);
    const char *head = "16:55:47 192.168.2.12 GET /default.ida NNNN";
    ck_assert_int_eq(strncmp(line, head, strlen(head)), 0);
    ck_assert_str_eq(line + n - strlen("%u00=a 500 3800"), "%u00=a 500 3800");
    ck_assert_uint_eq(n, 8 + 1 + 12 + 1 + 3 + 1 + 12 + 1 + 362 + 1 + 3 + 1 + 4);
    /* Apache combined, as Apache Week quotes it (their +0100 is our UTC). */
    n = weblog_line(WEBLOG_APACHE, 995561747, 0xC0A8020Cu, "crv2", 3800, line, sizeof line);
    const char *ahead = "192.168.2.12 - - [19/Jul/2001:16:55:47 +0000] \"GET /default.ida?NNN";
    ck_assert_int_eq(strncmp(line, ahead, strlen(ahead)), 0);
    const char *atail = "%u00=a HTTP/1.0\" 400 252 \"-\" \"-\"";
    ck_assert_str_eq(line + n - strlen(atail), atail);
    ck_assert_uint_eq(n, 12 + 5 + 28 + 2 + 4 + 13 + 362 + 10 + 8 + 8);
}
END_TEST

START_TEST(crii_share_by_hand)
{
    /* A Code Red II host at 44.1.2.3 and a telescope on 44.0.0.0/8: random scans land there
     * (2^24 - 1) / (2^32 - 2^25 - 1) of the time (never on itself; 127/8 and 224/8 redrawn);
     * own-/8 scans always (2^24 - 1 addresses less itself, of 2^24 - 1); own-/16 scans
     * always. A host at 45.1.2.3 reaches it only at random, 2^24 / (2^32 - 2^25 - 1). */
    struct world_config c;
    const char *ovr[] = {"worm.variant=crii", "population.vulnerable=10", NULL};
    harness_config(&c, ovr);
    struct sensors s = {.cfg = &c};
    s.worms[0] = (struct sensor_worm){.on = true, .local = true, .p = {0.125, 0.5, 0.375},
                                      .variant = "crii"};
    struct prefix p = {44u << 24, 8};
    double rnd = 16777216.0 / (4294967296.0 - 2 * 16777216.0 - 1);
    double in = 0.125 * (16777216.0 - 1) / (4294967296.0 - 2 * 16777216.0 - 1) + 0.5 + 0.375;
    ck_assert_double_eq_tol(sensor_share(&s, 0, (44u << 24) | 0x010203, &p), in, 1e-12);
    ck_assert_double_eq_tol(sensor_share(&s, 0, (45u << 24) | 0x010203, &p), 0.125 * rnd, 1e-15);
    /* A /16 elsewhere in its /8: 1/2 x (2^16 / (2^24 - 1)) plus the random part. */
    struct prefix q = {(44u << 24) | (9u << 16), 16};
    double q16 = 0.125 * 65536 / (4294967296.0 - 2 * 16777216.0 - 1) + 0.5 * 65536 / (16777216.0 - 1);
    ck_assert_double_eq_tol(sensor_share(&s, 0, (44u << 24) | 0x010203, &q), q16, 1e-15);
}
END_TEST

/* The small world of the fidelity test: 1,000 vulnerable hosts and 1,000 other web servers in
 * a /16, Code Red I v2 at 2 scans/s for an hour; a /20 telescope, a sparse /28 one (a host is
 * seen there about every 34 minutes) and a web server. */
static const char *SMALL_SENSORS =
    "[run]\nstart = 2001-07-19T22:00Z\nend = 2001-07-19T23:00Z\nsample = 60s\n"
    "[space]\nprefix = 10.0.0.0/16\n"
    "[population]\nvulnerable = 1000\nother_web = 1000\nshare_japanese = 0\n"
    "clock_wrong_share = 0\n"
    "[worm]\nscan_rate = 2/s\nseed_hosts = 1\nseed_time = 2001-07-19T22:00Z\n"
    "[telescope big]\nprefix = 10.0.0.0/20\nwindow = 10min\n"
    "[telescope sparse]\nprefix = 10.0.240.16/28\nwindow = 10min\n"
    "[weblog www]\naddress = 10.0.77.7\ndir = /tmp\n";

/* Same world without sensors. */
static const char *SMALL_PLAIN =
    "[run]\nstart = 2001-07-19T22:00Z\nend = 2001-07-19T23:00Z\nsample = 60s\n"
    "[space]\nprefix = 10.0.0.0/16\n"
    "[population]\nvulnerable = 1000\nother_web = 1000\nshare_japanese = 0\n"
    "clock_wrong_share = 0\n"
    "[worm]\nscan_rate = 2/s\nseed_hosts = 1\nseed_time = 2001-07-19T22:00Z\n";

static void no_change(const char *mode)
{
    const char *ovr[] = {mode, NULL};
    struct world_config a, b;
    harness_config_text(&a, SMALL_PLAIN, ovr);
    harness_config_text(&b, SMALL_SENSORS, ovr);
    struct trace ta, tb;
    harness_run(&a, 7, &ta);
    harness_run(&b, 7, &tb);
    ck_assert_uint_eq(ta.n, tb.n);
    ck_assert_int_lt(ta.ncol, tb.ncol);
    for (size_t i = 0; i < ta.n; i++)
        for (int c = 0; c < ta.ncol; c++) {
            ck_assert_str_eq(ta.names[c], tb.names[c]);
            double x = ta.v[i * (size_t)ta.ncol + (size_t)c], y = tb.v[i * (size_t)tb.ncol + (size_t)c];
            ck_assert_msg(x == y || (isnan(x) && isnan(y)), "%s at %zu: %g vs %g", ta.names[c],
                          i, x, y);
        }
    harness_free(&ta);
    harness_free(&tb);
}

START_TEST(sensors_change_nothing_fast) { no_change("run.mode=fast"); }
END_TEST

START_TEST(sensors_change_nothing_per_scan) { no_change("run.mode=per-scan"); }
END_TEST

enum { STATS = 6, SEEDS = 30 };
static const char *const STAT_NAMES[STATS] = {
    "big probes (sum)", "big syns (sum)", "sparse probes (sum)", "sparse sources_ever (end)",
    "sparse sources (window 20-30 min)", "web log hits (sum)"};

/* The statistics of one run, in STAT_NAMES order. */
static void stats_of(const struct trace *tr, double x[STATS])
{
    memset(x, 0, sizeof(double) * STATS);
    for (size_t i = 0; i < tr->n; i++) {
        x[0] += harness_at(tr, i, "telescope.big.crv2.probes");
        x[1] += harness_at(tr, i, "telescope.big.crv2.syns");
        x[2] += harness_at(tr, i, "telescope.sparse.crv2.probes");
        x[5] += harness_at(tr, i, "weblog.www.hits");
        if (fabs(tr->t[i] - 1800) < 1) /* the window 20-30 min ends here */
            x[4] = harness_at(tr, i, "telescope.sparse.crv2.sources");
    }
    x[3] = harness_at(tr, tr->n - 1, "telescope.sparse.crv2.sources_ever");
}

START_TEST(fast_matches_per_scan)
{
    /* Bounds fixed before the run: for each statistic, Welch's t between the 30 fast and 30
     * per-scan runs must lie within the two-sided 0.001 quantile of Student's t with the
     * Welch-Satterthwaite degrees of freedom (about 3.5), and both means must be positive. */
    double x[2][STATS][SEEDS];
    for (int m = 0; m < 2; m++) {
        const char *ovr[] = {m ? "run.mode=per-scan" : "run.mode=fast", NULL};
        struct world_config c;
        harness_config_text(&c, SMALL_SENSORS, ovr);
        for (int s = 0; s < SEEDS; s++) {
            struct trace tr;
            harness_run(&c, 1000 + (unsigned long long)s, &tr);
            double v[STATS];
            stats_of(&tr, v);
            for (int j = 0; j < STATS; j++)
                x[m][j][s] = v[j];
            harness_free(&tr);
        }
    }
    for (int j = 0; j < STATS; j++) {
        double m0 = gsl_stats_mean(x[0][j], 1, SEEDS), m1 = gsl_stats_mean(x[1][j], 1, SEEDS);
        double v0 = gsl_stats_variance(x[0][j], 1, SEEDS) / SEEDS;
        double v1 = gsl_stats_variance(x[1][j], 1, SEEDS) / SEEDS;
        double t = (m0 - m1) / sqrt(v0 + v1);
        double df = (v0 + v1) * (v0 + v1) / (v0 * v0 / (SEEDS - 1) + v1 * v1 / (SEEDS - 1));
        double crit = gsl_cdf_tdist_Pinv(1 - 0.0005, df);
        fprintf(stderr, "sensors: %-34s fast %10.2f  per-scan %10.2f  t %+6.2f (|t| < %.2f)\n",
                STAT_NAMES[j], m0, m1, t, crit);
        ck_assert_msg(m0 > 0 && m1 > 0, "%s: means %g %g", STAT_NAMES[j], m0, m1);
        ck_assert_msg(fabs(t) < crit, "%s: fast %g, per-scan %g, t = %g", STAT_NAMES[j], m0, m1,
                      t);
    }
}
END_TEST

Suite *sensors_suite(void)
{
    Suite *s = suite_create("sensors");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, query_is_code_reds);
    tcase_add_test(tc, log_lines_have_the_published_shape);
    tcase_add_test(tc, crii_share_by_hand);
    suite_add_tcase(s, tc);
    TCase *runs = tcase_create("runs");
    tcase_set_timeout(runs, 900);
    tcase_add_test(runs, sensors_change_nothing_fast);
    tcase_add_test(runs, sensors_change_nothing_per_scan);
    tcase_add_test(runs, fast_matches_per_scan);
    suite_add_tcase(s, runs);
    return s;
}
