/* sumtree.c - the 16-ary sum tree (see sumtree.h). Every level but the root is padded with
 * zero weights to a multiple of 16 entries, so a node's 16 children always exist.
 * Invariant (sumtree_check): lv[k + 1][j] = sum of lv[k][16 j .. 16 j + 15] for every level. */
#include "sumtree.h"

#include <assert.h>
#include <stdlib.h>

#include "status.h"

enum { FAN = SUMTREE_FANOUT, SHIFT = 4 };

/* Entries of level k, padded (the root level has one). */
static size_t level_len(size_t n, int k, int levels)
{
    size_t len = n ? n : 1;
    for (int i = 0; i < k; i++)
        len = (len + FAN - 1) / FAN;
    return k == levels - 1 ? 1 : (len + FAN - 1) / FAN * FAN;
}

void sumtree_init(struct sumtree *t, size_t n)
{
    t->n = n;
    t->levels = 1;
    for (size_t len = n ? n : 1; len > 1; len = (len + FAN - 1) / FAN)
        t->levels++;
    assert(t->levels <= SUMTREE_LEVELS);
    size_t total = 0;
    for (int k = 0; k < t->levels; k++)
        total += level_len(n, k, t->levels);
    uint64_t *all = xcalloc(total, sizeof *all);
    for (int k = 0; k < t->levels; k++) {
        t->lv[k] = all;
        all += level_len(n, k, t->levels);
    }
}

void sumtree_free(struct sumtree *t)
{
    free(t->lv[0]);
    for (int k = 0; k < SUMTREE_LEVELS; k++)
        t->lv[k] = NULL;
    t->n = 0;
}

void sumtree_set(struct sumtree *t, size_t i, uint64_t weight)
{
    assert(i < t->n);
    uint64_t d = weight - t->lv[0][i]; /* unsigned wrap-around makes a decrease work too */
    for (int k = 0; k < t->levels; k++, i >>= SHIFT)
        t->lv[k][i] += d;
}

uint64_t sumtree_prefix(const struct sumtree *t, size_t i)
{
    assert(i <= t->n);
    if (i == t->n)
        return sumtree_total(t); /* i may be 16^k: the loop below would stop short of the root */
    uint64_t s = 0;
    for (int k = 0; k < t->levels - 1; k++, i >>= SHIFT)
        for (size_t j = i & ~(size_t)(FAN - 1); j < i; j++)
            s += t->lv[k][j];
    return s;
}

size_t sumtree_find(const struct sumtree *t, uint64_t u)
{
    assert(u < sumtree_total(t));
    size_t node = 0;
    for (int k = t->levels - 2; k >= 0; k--) {
        const uint64_t *c = t->lv[k] + node * FAN;
        size_t j = 0;
        while (u >= c[j]) {
            u -= c[j];
            j++;
        }
        assert(j < FAN);
        node = node * FAN + j;
    }
    return node; /* prefix(node) <= u_original < prefix(node + 1) */
}

void sumtree_check(const struct sumtree *t)
{
    for (int k = 0; k + 1 < t->levels; k++) {
        size_t len = level_len(t->n, k, t->levels);
        for (size_t j = 0; j < len; j += FAN) {
            uint64_t s = 0;
            for (size_t c = 0; c < FAN; c++)
                s += t->lv[k][j + c];
            assert(t->lv[k + 1][j / FAN] == s);
        }
    }
    for (size_t i = t->n; i < level_len(t->n, 0, t->levels); i++)
        assert(t->lv[0][i] == 0);
}
