/* sumtree.h - a Fenwick (binary indexed) tree of non-negative integer weights: set a weight,
 * read the total, and find the item a uniform draw in [0, total) falls on, all in O(log n).
 * Integer weights keep the sums exact, so choices are identical on every machine. */
#ifndef WORMSIM_SUMTREE_H
#define WORMSIM_SUMTREE_H

#include <stddef.h>
#include <stdint.h>

struct sumtree {
    size_t n;
    uint64_t *tree; /* 1-based Fenwick array, n + 1 entries */
    uint64_t *w;    /* the weights themselves, n entries */
    size_t top;     /* highest power of two <= n */
};

void sumtree_init(struct sumtree *t, size_t n); /* all weights 0; aborts on out of memory */
void sumtree_free(struct sumtree *t);
void sumtree_set(struct sumtree *t, size_t i, uint64_t weight);
static inline uint64_t sumtree_get(const struct sumtree *t, size_t i) { return t->w[i]; }
uint64_t sumtree_total(const struct sumtree *t);
/* Sum of weights of items [0, i). */
uint64_t sumtree_prefix(const struct sumtree *t, size_t i);
/* The item i with prefix(i) <= u < prefix(i + 1). Requires u < total. */
size_t sumtree_find(const struct sumtree *t, uint64_t u);
/* Asserts that every node of the tree holds the sum of the weights of its range (O(n log n)). */
void sumtree_check(const struct sumtree *t);

#endif
