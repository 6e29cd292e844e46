/* sumtree.c - Fenwick tree of integer weights (see sumtree.h). */
#include "sumtree.h"

#include <assert.h>
#include <stdlib.h>

#include "status.h"

void sumtree_init(struct sumtree *t, size_t n)
{
    t->n = n;
    t->tree = xcalloc(n + 1, sizeof *t->tree);
    t->w = xcalloc(n ? n : 1, sizeof *t->w);
    t->top = 1;
    while (t->top * 2 <= n)
        t->top *= 2;
}

void sumtree_free(struct sumtree *t)
{
    free(t->tree);
    free(t->w);
    t->tree = t->w = NULL;
    t->n = 0;
}

void sumtree_set(struct sumtree *t, size_t i, uint64_t weight)
{
    assert(i < t->n);
    uint64_t old = t->w[i];
    t->w[i] = weight;
    for (size_t k = i + 1; k <= t->n; k += k & (~k + 1))
        t->tree[k] += weight - old; /* unsigned wrap-around makes a decrease work too */
}

uint64_t sumtree_prefix(const struct sumtree *t, size_t i)
{
    uint64_t s = 0;
    for (size_t k = i; k > 0; k -= k & (~k + 1))
        s += t->tree[k];
    return s;
}

uint64_t sumtree_total(const struct sumtree *t) { return sumtree_prefix(t, t->n); }

size_t sumtree_find(const struct sumtree *t, uint64_t u)
{
    assert(u < sumtree_total(t));
    size_t pos = 0;
    for (size_t step = t->top; step > 0; step /= 2) {
        if (pos + step <= t->n && t->tree[pos + step] <= u) {
            pos += step;
            u -= t->tree[pos];
        }
    }
    return pos; /* 0-based item: prefix(pos) <= u_original < prefix(pos + 1) */
}

void sumtree_check(const struct sumtree *t)
{
    for (size_t k = 1; k <= t->n; k++) {
        uint64_t s = 0; /* node k covers items (k - lowbit(k), k], 1-based */
        for (size_t i = k - (k & (~k + 1)); i < k; i++)
            s += t->w[i];
        assert(t->tree[k] == s);
    }
}
