/* bench_memory.c - memory of a scenario's world beyond its population table, per host: peak
 * RSS after building the population alone, then after building and running the whole world
 * in fast mode (no store); and the wall time of the setup before the first event (building
 * the world). Usage: build/bench_memory SCENARIO.ini. A figure, never pass/fail. */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "model.h"
#include "population.h"
#include "world.h"

static double peak_rss_bytes(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024.0;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_memory SCENARIO.ini\n");
        return 2;
    }
    struct world_config c;
    struct diag d = {0};
    if (params_load(config_table(), &c, argv[1], NULL, 0, &d) != ST_OK) {
        fprintf(stderr, "bench_memory: %s:%d: %s\n", d.file, d.line, d.msg);
        return 1;
    }
    double base = peak_rss_bytes();
    struct population pop;
    if (population_build(&pop, &c, (uint64_t)c.seed, argv[1], &d) != ST_OK) {
        fprintf(stderr, "bench_memory: %s\n", d.msg);
        return 1;
    }
    double with_pop = peak_rss_bytes(), hosts = pop.n;
    population_free(&pop);
    struct world *w;
    double t_setup = wall_now(), cpu_setup = (double)clock() / CLOCKS_PER_SEC;
    if (world_create(&w, &c, (uint64_t)c.seed, argv[1], &d) != ST_OK) {
        fprintf(stderr, "bench_memory: %s\n", d.msg);
        return 1;
    }
    t_setup = wall_now() - t_setup;
    cpu_setup = (double)clock() / CLOCKS_PER_SEC - cpu_setup;
    struct engine *eng = engine_alloc();
    struct model_observer obs = {0};
    double t0 = wall_now();
    world_start(w, eng, &obs);
    uint64_t events = engine_run(eng, c.end_epoch_s - c.start_epoch_s);
    double wall = wall_now() - t0, peak = peak_rss_bytes();
    printf("%s: %.0f hosts, setup before the first event %.3f s wall (%.3f s CPU), %llu events "
           "in %.2f s (no store)\n",
           argv[1], hosts, t_setup, cpu_setup, (unsigned long long)events, wall);
    printf("population table %.1f MiB (%.1f B/host); world and events beyond it, at peak: "
           "%.1f MiB (%.1f B/host)\n",
           (with_pop - base) / 1048576, (with_pop - base) / hosts, (peak - with_pop) / 1048576,
           (peak - with_pop) / hosts);
    world_free(w);
    engine_free(eng);
    return 0;
}
