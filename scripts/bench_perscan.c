/* bench_perscan.c - speed of the per-scan reference mode on the whole IPv4 space: the July 19
 * population with 10,000 hosts infected at the start, every scan drawn and looked up, for
 * random scanning (Code Red I v2) and Code Red II's local mix. Prints scans per second of wall
 * time; a figure, never a pass/fail. Usage: bench_perscan [MINUTES] (default 10 simulated). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "model.h"
#include "world.h"

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One run of `minutes` simulated minutes with the given worm variant. */
static int bench(const char *variant, int minutes)
{
    char end[64], var[64];
    snprintf(end, sizeof end, "run.end=2001-07-19T%02d:%02dZ", 10 + minutes / 60, minutes % 60);
    snprintf(var, sizeof var, "worm.variant=%s", variant);
    struct param_override ovr[] = {
        {"run.mode=per-scan"},           {"run.start=2001-07-19T10:00Z"},
        {end},                           {"worm.seed_time=2001-07-19T10:00Z"},
        {"worm.seed_hosts=10000"},       {"worm.scan_rate=6/s"},
        {"population.other_web=1000000"}, {var}};
    struct world_config c;
    struct diag d = {0};
    if (params_load(config_table(), &c, NULL, ovr, sizeof ovr / sizeof ovr[0], &d) != ST_OK) {
        fprintf(stderr, "bench_perscan: %s\n", d.msg);
        return 1;
    }
    struct world *w;
    if (world_create(&w, &c, 1, "bench", &d) != ST_OK) {
        fprintf(stderr, "bench_perscan: %s\n", d.msg);
        return 1;
    }
    struct engine *eng = engine_alloc();
    struct model_observer obs = {0};
    double t0 = wall_now();
    world_start(w, eng, &obs);
    engine_run(eng, c.end_epoch_s - c.start_epoch_s);
    double wall = wall_now() - t0;
    struct model_totals tot;
    world_totals(w, &tot);
    printf("per-scan reference, %s: %llu scans over the whole IPv4 space in %.2f s: "
           "%.1f million scans/s (%llu infections)\n",
           variant, (unsigned long long)tot.scans, wall, tot.scans / wall / 1e6,
           (unsigned long long)tot.infections);
    engine_free(eng);
    world_free(w);
    return 0;
}

int main(int argc, char **argv)
{
    int minutes = argc > 1 ? atoi(argv[1]) : 10;
    if (argc > 2 || minutes < 1 || minutes > 600) {
        fprintf(stderr, "usage: bench_perscan [MINUTES]\n");
        return 2;
    }
    return bench("crv2", minutes) || bench("crii", minutes);
}
