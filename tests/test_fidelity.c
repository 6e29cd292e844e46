/* test_fidelity.c - the fast mode and the per-scan reference mode against theory and each
 * other on a small world: one /16 (65,536 addresses), N = 2,000 vulnerable hosts, one seed, r
 * scans/s. With i hosts infected the next infection comes at rate r i (N - i) / S (pure birth),
 * so the time T50 from 1 to N/2 infected has mean sum 1/lambda_i and variance sum 1/lambda_i^2.
 * Both modes run 30 seeds each; bounds are fixed here, before any run:
 *   - each mode's mean T50 within 4 standard errors of the theoretical mean;
 *   - each mode's sample variance within 4 sd of the theoretical variance (sd from the
 *     theoretical fourth cumulant of a sum of exponentials);
 *   - two-sample Kolmogorov-Smirnov on T50, and on the infected count at the theoretical mean
 *     T50, at alpha = 0.001 (critical D = 1.95 * sqrt(2/30)). */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "harness.h"
#include "suites.h"

#define SEEDS 30
#define N_HOSTS 2000
#define SPACE 65536.0
#define RATE 1.0

static const char *const SMALL_WORLD[] = {
    "run.start=2001-07-10T00:00Z", "run.end=2001-07-10T00:15Z", "run.sample=1s",
    "space.prefix=10.0.0.0/16", "population.vulnerable=2000", "population.other_web=0",
    "population.share_japanese=0", "population.clock_sd=0s",
    "population.clock_wrong_share=0", "worm.scan_rate=1/s", "worm.seed_hosts=1",
    "worm.seed_time=2001-07-10T00:00Z", NULL, NULL};

struct theory {
    double mean, var, var_of_var_factor;
};

static struct theory t50_theory(void)
{
    struct theory th = {0, 0, 0};
    double k4 = 0;
    for (int i = 1; i < N_HOSTS / 2; i++) {
        double lambda = RATE * i * (N_HOSTS - i) / SPACE;
        th.mean += 1 / lambda;
        th.var += 1 / (lambda * lambda);
        k4 += 6 / pow(lambda, 4);
    }
    th.var += 1.0 / 12; /* T50 is read off 1 s samples: uniform rounding */
    /* Var(s^2) = sigma^4 (2/(n-1) + excess/n), excess = k4 / sigma^4. */
    th.var_of_var_factor = 2.0 / (SEEDS - 1) + k4 / (th.var * th.var) / SEEDS;
    return th;
}

static void run_mode(const char *mode, double t50[SEEDS], double at_mean[SEEDS], double t_mean)
{
    const char *ovr[sizeof SMALL_WORLD / sizeof SMALL_WORLD[0]];
    size_t n = 0;
    for (; SMALL_WORLD[n]; n++)
        ovr[n] = SMALL_WORLD[n];
    ovr[n++] = mode;
    ovr[n] = NULL;
    struct world_config c;
    harness_config(&c, ovr);
    for (int s = 0; s < SEEDS; s++) {
        struct trace tr;
        harness_run(&c, 1000 + (unsigned long long)s, &tr);
        double reach = harness_first_reach(&tr, "infected", N_HOSTS / 2);
        ck_assert_msg(reach >= 0, "%s seed %d never reached N/2", mode, s);
        t50[s] = reach - 0.5; /* the crossing lies uniformly within the preceding second */
        at_mean[s] = harness_at(&tr, (size_t)floor(t_mean), "infected");
        ck_assert_double_eq(harness_at(&tr, tr.n - 1, "ever_infected"), N_HOSTS);
        harness_free(&tr);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Two-sample Kolmogorov-Smirnov statistic of equal-size samples (sorted in place). */
static double ks_statistic(double *a, double *b, int n)
{
    qsort(a, (size_t)n, sizeof *a, cmp_double);
    qsort(b, (size_t)n, sizeof *b, cmp_double);
    int i = 0, j = 0;
    double d = 0;
    while (i < n && j < n) {
        double x = a[i] < b[j] ? a[i] : b[j];
        while (i < n && a[i] <= x)
            i++;
        while (j < n && b[j] <= x)
            j++;
        d = fmax(d, fabs((double)(i - j) / n));
    }
    return d;
}

static void check_against_theory(const char *mode, const double *t50, struct theory th)
{
    double mean = 0, var = 0;
    for (int s = 0; s < SEEDS; s++)
        mean += t50[s] / SEEDS;
    for (int s = 0; s < SEEDS; s++)
        var += (t50[s] - mean) * (t50[s] - mean) / (SEEDS - 1);
    double se = sqrt(th.var / SEEDS);
    ck_assert_msg(fabs(mean - th.mean) < 4 * se, "%s: mean T50 %.1f s, theory %.1f +- %.1f",
                  mode, mean, th.mean, se);
    double var_sd = th.var * sqrt(th.var_of_var_factor);
    ck_assert_msg(fabs(var - th.var) < 4 * var_sd, "%s: var T50 %.0f, theory %.0f +- %.0f", mode,
                  var, th.var, var_sd);
}

START_TEST(fast_and_per_scan_agree_with_theory_and_each_other)
{
    struct theory th = t50_theory();
    double fast_t50[SEEDS], fast_mid[SEEDS], scan_t50[SEEDS], scan_mid[SEEDS];
    run_mode("run.mode=fast", fast_t50, fast_mid, th.mean);
    run_mode("run.mode=per-scan", scan_t50, scan_mid, th.mean);
    check_against_theory("fast", fast_t50, th);
    check_against_theory("per-scan", scan_t50, th);
    double critical = 1.95 * sqrt(2.0 / SEEDS);
    double d_t50 = ks_statistic(fast_t50, scan_t50, SEEDS);
    double d_mid = ks_statistic(fast_mid, scan_mid, SEEDS);
    ck_assert_msg(d_t50 < critical, "KS on T50: D = %.3f >= %.3f", d_t50, critical);
    ck_assert_msg(d_mid < critical, "KS on infected at mean T50: D = %.3f >= %.3f", d_mid,
                  critical);
}
END_TEST

/* One infected host and nobody to infect: per-scan scans are Poisson(r T), each to a silent
 * address (3 SYNs); the fast mode counts the expected r T exactly. */
START_TEST(scan_load_accounting)
{
    const char *ovr[] = {"run.start=2001-07-10T00:00Z", "run.end=2001-07-10T01:00Z",
                         "run.sample=60s", "space.prefix=10.0.0.0/16",
                         "population.vulnerable=1", "population.share_japanese=0",
                         "worm.scan_rate=5/s", "worm.seed_hosts=1",
                         "worm.seed_time=2001-07-10T00:00Z", "run.mode=per-scan", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 9, &tr);
    double scans = 0, syn = 0;
    for (size_t i = 0; i < tr.n; i++) {
        scans += harness_at(&tr, i, "scans");
        syn += harness_at(&tr, i, "syn_packets");
    }
    double expect = 5.0 * 3600;
    /* The host's own address answers (1 SYN) with chance 1/65536 per scan. */
    ck_assert_msg(fabs(scans - expect) < 5 * sqrt(expect), "scans %.0f, expected %.0f", scans,
                  expect);
    ck_assert(syn <= 3 * scans && syn >= 3 * scans - 2 * 10);
    harness_free(&tr);

    ovr[9] = "run.mode=fast";
    harness_config(&c, ovr);
    harness_run(&c, 9, &tr);
    scans = 0;
    for (size_t i = 0; i < tr.n; i++)
        scans += harness_at(&tr, i, "scans");
    ck_assert_double_eq(scans, expect);
    harness_free(&tr);
}
END_TEST

/* Code Red II on a clustered world (four /16s of one /8, tests/data/clustered-hosts.txt):
 * no closed form, so the two modes are compared with each other over 30 seeds, each run
 * stopped at N/2 infected: KS on T50 and on the share of those infections that stayed inside
 * the infecting host's /16. */
static void crii_mode(const char *mode, double t50[SEEDS], double local[SEEDS])
{
    const char *ovr[] = {"worm.variant=crii", "population.hosts_file=tests/data/clustered-hosts.txt",
                         "population.other_web=0", "population.share_japanese=0",
                         "population.share_chinese=0", "run.start=2001-08-04T00:00Z",
                         "run.end=2001-08-04T00:20Z", "run.sample=2s", "worm.scan_rate=10/s",
                         "worm.seed_hosts=1", "worm.seed_time=2001-08-04T00:00Z", mode, NULL};
    struct world_config c;
    harness_config(&c, ovr);
    harness_stop_when("infected", N_HOSTS / 2);
    for (int s = 0; s < SEEDS; s++) {
        struct trace tr;
        harness_run(&c, 500 + (unsigned long long)s, &tr);
        double reach = harness_first_reach(&tr, "infected", N_HOSTS / 2);
        ck_assert_msg(reach >= 0, "%s seed %d never reached N/2", mode, s);
        t50[s] = reach;
        double same16 = 0, all = 0;
        for (size_t i = 0; i < tr.n; i++) {
            same16 += harness_at(&tr, i, "new_infections_same16");
            all += harness_at(&tr, i, "new_infections_same16") +
                   harness_at(&tr, i, "new_infections_same8") +
                   harness_at(&tr, i, "new_infections_other");
        }
        local[s] = same16 / all;
        harness_free(&tr);
    }
    harness_stop_when(NULL, 0);
}

START_TEST(crii_fast_and_per_scan_agree)
{
    double ft[SEEDS], fl[SEEDS], st[SEEDS], sl[SEEDS];
    crii_mode("run.mode=fast", ft, fl);
    crii_mode("run.mode=per-scan", st, sl);
    double critical = 1.95 * sqrt(2.0 / SEEDS);
    double d_t50 = ks_statistic(ft, st, SEEDS), d_local = ks_statistic(fl, sl, SEEDS);
    ck_assert_msg(d_t50 < critical, "KS on T50: D = %.3f >= %.3f", d_t50, critical);
    ck_assert_msg(d_local < critical, "KS on local share: D = %.3f >= %.3f", d_local, critical);
}
END_TEST

Suite *fidelity_suite(void)
{
    Suite *s = suite_create("fidelity");
    TCase *tc = tcase_create("modes");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, fast_and_per_scan_agree_with_theory_and_each_other);
    tcase_add_test(tc, scan_load_accounting);
    tcase_add_test(tc, crii_fast_and_per_scan_agree);
    suite_add_tcase(s, tc);
    return s;
}
