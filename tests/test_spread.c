/* test_spread.c - spread_check, the assertion that every group sum the fast mode draws from
 * agrees with a recount from the hosts: a Code Red II world (grouped sums: per /16 products in a
 * sum tree, per /8 pair counts, NAT parts) passes world_check after hours of spreading, and
 * each sum changed by one, in a child process, makes world_check abort. The check is only
 * worth its cost if it fails on a wrong sum: that is what these cases show. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codered.h"
#include "harness.h"
#include "suites.h"
#include "world.h"
#include "world_internal.h"

/* Code Red II on a clustered population (dense /16s), with NAT sites so that the private
 * parts of the sums are not all zero, three hours after 100 seeds. */
static struct world *crii_world(struct engine **eng)
{
    const char *ovr[] = {"worm.variant=crii", "population.hosts_file=tests/data/clustered-hosts.txt",
                         "population.share_chinese=0.2", "worm.threads_chinese=300",
                         "population.nat_sites=20", "population.nat_site_hosts=50",
                         "worm.seed_nat_sites=5",
                         "worm.scan_rate=10/s", "worm.seed_hosts=100",
                         "run.start=2001-08-04T00:00Z", "worm.seed_time=2001-08-04T00:00Z",
                         "run.end=2001-08-04T06:00Z", "run.sample=10min", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    return harness_world(&c, 5, 3 * 3600.0, eng); /* harness_world calls world_check */
}

/* A /16 with both spreaders and susceptible hosts: its product is not zero. */
static uint32_t busy16(const struct worm *k)
{
    for (uint32_t g = 0; g < 65536; g++)
        if (sumtree_get(&k->prod16, g) > 0)
            return g;
    ck_abort_msg("no /16 with spreaders and susceptible hosts");
    return 0;
}

/* One sum changed by one (by its index i), the way a missed update would leave it. */
static void corrupt(struct worm *k, int i)
{
    uint32_t g16 = busy16(k), g8 = g16 >> 8;
    switch (i) {
    case 0: sumtree_set(&k->prod16, g16, sumtree_get(&k->prod16, g16) + 1); break;
    case 1: k->prod16.lv[1][0]++; break; /* a node of the sum tree, not the weight */
    case 2: k->prod8[g8]++; break;
    case 3: k->prod8_total++; break;
    case 4: k->priv_prod8[g8]++; break;
    case 5: k->priv_susc8[g8]++; break;
    case 6: k->priv_susc++; break;
    case 7: k->susc.c8[g8]++; break;
    case 8: k->spread.w8[g8]++; break;
    case 9: sumtree_set(&k->spread.w16, g16, sumtree_get(&k->spread.w16, g16) + 1); break;
    case 10: k->spread.total_weight++; break;
    }
}
#define N_CORRUPTIONS 11

/* The world's own state passes; the same state with one sum off by one does not. The check
 * runs in a child (fork), so the abort is seen also when Check does not fork (valgrind). */
START_TEST(a_wrong_sum_aborts)
{
    struct engine *eng;
    struct world *w = crii_world(&eng);
    struct worm *k = &w->worms[0];
    ck_assert(worm_grouped(k));
    ck_assert_uint_gt(k->priv_susc, 0); /* the NAT parts are exercised */
    ck_assert_uint_gt(k->n_phase[CRV1_SPREAD], 100);
    for (int i = 0; i < N_CORRUPTIONS; i++) {
        fflush(NULL);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stderr)) /* the assertion's message */
                _exit(3);
            corrupt(k, i);
            world_check(w);
            _exit(0);
        }
        int st;
        ck_assert_int_eq(waitpid(pid, &st, 0), pid);
        ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
                      "corruption %d: world_check did not abort (status %d)", i, st);
    }
    world_check(w); /* the parent's world was never touched */
    engine_run(eng, 6 * 3600.0);
    world_check(w);
    harness_world_free(w, eng);
}
END_TEST

Suite *spread_suite(void)
{
    Suite *s = suite_create("spread");
    TCase *tc = tcase_create("check");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_wrong_sum_aborts);
    suite_add_tcase(s, tc);
    return s;
}
