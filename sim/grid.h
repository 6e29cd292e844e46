/* grid.h - an experiment's grid: varied keys (axes) times replicas, and the replica seeds.
 * A grid is the cross product of its axes, each a scenario key with a list of values written as
 * a scenario file or --set would write them ("6/s"); every point runs `reps` replicas. Points
 * are numbered like nested loops over the axes in the order they were given, the last axis
 * fastest; runs are numbered point by point, replica by replica. Replica k of every point gets
 * the same seed (common random numbers): grid_replica_seed. The grid knows no model: values are
 * text, checked later by the scenario reader. */
#ifndef WORMSIM_GRID_H
#define WORMSIM_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define GRID_MAX_AXES 8         /* varied keys per experiment */
#define GRID_MAX_VALUES 1000    /* values per key */
#define GRID_MAX_RUNS 1000000   /* points x replicas */
#define GRID_MAX_REPS 100000

struct grid_axis {
    char *key;      /* "worm.scan_rate" (or "router.cisco-a.memory") */
    char **values;  /* n values, as text: "6/s" */
    int n;
    int line;       /* the scenario line that set it (0: the command line) */
};

/* Invariant (grid_check): 0 <= n_axes <= GRID_MAX_AXES, every axis has 1..GRID_MAX_VALUES
 * distinct non-empty values and a key no other axis has; 1 <= reps <= GRID_MAX_REPS;
 * points x reps <= GRID_MAX_RUNS. */
struct grid {
    struct grid_axis axes[GRID_MAX_AXES];
    int n_axes;
    long reps;
};

/* An empty grid (no axes: one point) with one replica. */
void grid_init(struct grid *g);
void grid_free(struct grid *g);

/* Adds the axis "section.key=v1,v2,..." (spaces around the key, "=" and each value are
 * ignored), or replaces the values of an axis with that key, keeping its place. Errors
 * (ST_INPUT, d->file = file, d->line = line) name the text:
 *   --vary worm.scan_rate: expected section.key=v1,v2,..., like worm.scan_rate=6/s,11/s
 *   --vary worm.scan_rate=6/s,,8/s: empty value
 *   --vary worm.scan_rate=6/s,6/s: value "6/s" is given twice
 *   --vary ...: too many values (at most 1000) / too many varied keys (at most 8)
 *   --vary ...: the grid would have more than 1000000 runs
 * `what` names the source in messages ("--vary", "vary"). The key itself is checked by the
 * scenario reader later (grid_override gives the --set text to check). */
enum status grid_vary(struct grid *g, const char *text, const char *what, const char *file,
                      int line, struct diag *d);

/* Removes the axis of key (the command line pinned it with --set); true if there was one. */
int grid_remove(struct grid *g, const char *key);

/* Sets the number of replicas; ST_INPUT with "reps must be 1 to 100000" or a run count over
 * GRID_MAX_RUNS. */
enum status grid_set_reps(struct grid *g, long reps, const char *file, int line,
                          struct diag *d);

/* Number of points: the product of the axes' value counts (1 without axes). */
size_t grid_points(const struct grid *g);

/* The index into axis a's values at point p (p < grid_points). */
int grid_value_index(const struct grid *g, size_t p, int a);

/* "section.key=value" of axis a at point p, as an override for the scenario reader. */
void grid_override(const struct grid *g, size_t p, int a, char *buf, size_t len);

/* A short label of a run: "scan_rate=8/s vulnerable=500000 #3": each axis's key without its
 * section (the whole key when two axes would share a short name), its value at point p, then
 * "#" and the replica index (0-based). No axes: "#3". replica < 0 leaves out the "#" part. */
void grid_label(const struct grid *g, size_t p, long replica, char *buf, size_t len);

/* The grid as text, one "key=v1,v2" line per axis ending in "\n" ("" without axes); each line
 * reads back through grid_vary. Malloc'ed; caller frees. */
char *grid_to_text(const struct grid *g);

/* The seed of replica k given the experiment's base seed: replica 0 uses the base seed itself
 * (so a one-replica sweep repeats `wormsim run`); replica k >= 1 uses the k-th output of
 * SplitMix64 (Steele, Lea and Flood 2014; Vigna's reference splitmix64.c) started from the
 * base seed (state = base + k * 0x9E3779B97F4A7C15, then the usual finaliser), shifted right
 * by 11 bits: a seed is at most 2^53 - 1, the largest whole number a scenario's run.seed holds
 * exactly. Distinct replicas get distinct seeds except with probability about k^2 / 2^54. */
uint64_t grid_replica_seed(uint64_t base, uint64_t k);

/* Asserts the invariants above. */
void grid_check(const struct grid *g);

#endif
