/* sumtree.h - a sum tree of non-negative integer weights: set a weight, read the total, and find
 * the item a uniform draw in [0, total) falls on. It is 16-ary: level 0 holds the weights, each
 * entry of level k + 1 the sum of 16 entries of level k, up to one root. Setting a weight adds
 * to one entry per level (4 for 65,536 items); a find reads at most 16 entries per level, two
 * cache lines, so it stays in cache where a binary (Fenwick) tree jumps across the array.
 * Integer weights keep the sums exact, so choices are identical on every machine. */
#ifndef WORMSIM_SUMTREE_H
#define WORMSIM_SUMTREE_H

#include <stddef.h>
#include <stdint.h>

#define SUMTREE_FANOUT 16
#define SUMTREE_LEVELS 9 /* enough for 2^32 items */

struct sumtree {
    size_t n;
    int levels;                       /* level levels - 1 is the root (one entry) */
    uint64_t *lv[SUMTREE_LEVELS];     /* lv[0]: the weights; lv[k + 1][j] = sum of lv[k][16j..] */
};

void sumtree_init(struct sumtree *t, size_t n); /* all weights 0; aborts on out of memory */
void sumtree_free(struct sumtree *t);
void sumtree_set(struct sumtree *t, size_t i, uint64_t weight);
static inline uint64_t sumtree_get(const struct sumtree *t, size_t i) { return t->lv[0][i]; }
static inline uint64_t sumtree_total(const struct sumtree *t) { return t->lv[t->levels - 1][0]; }
/* Sum of weights of items [0, i), 0 <= i <= n. */
uint64_t sumtree_prefix(const struct sumtree *t, size_t i);
/* The item i with prefix(i) <= u < prefix(i + 1). Requires u < total. */
size_t sumtree_find(const struct sumtree *t, uint64_t u);
/* Asserts that every inner entry is the sum of its children. O(n). */
void sumtree_check(const struct sumtree *t);

#endif
