/* hostset.c - sets of hosts by /16 and /8 (see hostset.h). A weighted pick inside a /16 draws
 * a member uniformly and accepts it with probability weight / max_weight (rejection), which
 * is exact and needs no per-/16 tree. */
#include "hostset.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

void hostset_init(struct hostset *s, const struct population *pop, unsigned max_weight,
                  bool grouped)
{
    memset(s, 0, sizeof *s);
    s->pop = pop;
    uint32_t n = pop->n ? pop->n : 1;
    s->slot = xmalloc(sizeof *s->slot * n);
    s->pos = xmalloc(sizeof *s->pos * n);
    s->weight = max_weight > 1 ? xcalloc(n, 1) : NULL; /* else every weight is 1 */
    s->member = xcalloc(n, 1);
    s->n16 = xcalloc(65536, sizeof *s->n16);
    for (uint32_t i = 0; i < pop->n; i++)
        s->slot[i] = s->pos[i] = i;
    /* Trees only where they are read: grouped sets; the weight tree only if weights differ. */
    sumtree_init(&s->w16, grouped && max_weight > 1 ? 65536 : 1);
    sumtree_init(&s->c16, grouped ? 65536 : 1);
    s->max_weight = max_weight;
    s->grouped = grouped;
}

void hostset_free(struct hostset *s)
{
    free(s->slot);
    free(s->pos);
    free(s->weight);
    free(s->member);
    free(s->n16);
    sumtree_free(&s->w16);
    sumtree_free(&s->c16);
}

static void swap_slots(struct hostset *s, uint32_t i, uint32_t j)
{
    uint32_t a = s->slot[i], b = s->slot[j];
    s->slot[i] = b;
    s->slot[j] = a;
    s->pos[a] = j;
    s->pos[b] = i;
}

static void account(struct hostset *s, uint32_t host, int64_t dw, int64_t dc)
{
    uint32_t g16 = s->pop->addr[host] >> 16, g8 = g16 >> 8;
    if (s->max_weight > 1)
        sumtree_set(&s->w16, g16, (uint64_t)((int64_t)sumtree_get(&s->w16, g16) + dw));
    sumtree_set(&s->c16, g16, (uint64_t)((int64_t)sumtree_get(&s->c16, g16) + dc));
    s->w8[g8] = (uint64_t)((int64_t)s->w8[g8] + dw);
    s->c8[g8] = (uint64_t)((int64_t)s->c8[g8] + dc);
    s->total_weight = (uint64_t)((int64_t)s->total_weight + dw);
    s->total_count = (uint64_t)((int64_t)s->total_count + dc);
}

void hostset_add(struct hostset *s, uint32_t host, unsigned weight)
{
    assert(!s->member[host] && weight >= 1 && weight <= s->max_weight);
    if (!s->grouped) {
        swap_slots(s, s->pos[host], (uint32_t)s->total_count);
        s->member[host] = 1;
        if (s->weight)
            s->weight[host] = (uint8_t)weight;
        s->total_count++;
        s->total_weight += weight;
        return;
    }
    uint32_t g16 = s->pop->addr[host] >> 16;
    uint32_t first_free = s->pop->start16[g16] + s->n16[g16]++;
    swap_slots(s, s->pos[host], first_free);
    s->member[host] = 1;
    if (s->weight)
        s->weight[host] = (uint8_t)weight;
    account(s, host, weight, 1);
}

void hostset_remove(struct hostset *s, uint32_t host)
{
    assert(s->member[host]);
    if (!s->grouped) {
        swap_slots(s, s->pos[host], (uint32_t)--s->total_count);
        s->member[host] = 0;
        s->total_weight -= hostset_weight(s, host);
        if (s->weight)
            s->weight[host] = 0;
        return;
    }
    uint32_t g16 = s->pop->addr[host] >> 16;
    uint32_t last = s->pop->start16[g16] + --s->n16[g16];
    swap_slots(s, s->pos[host], last);
    s->member[host] = 0;
    account(s, host, -(int64_t)hostset_weight(s, host), -1);
    if (s->weight)
        s->weight[host] = 0;
}

static uint32_t pick_range(const struct hostset *s, gsl_rng *r, uint32_t base, uint32_t n,
                           bool weighted);

uint32_t hostset_pick16(const struct hostset *s, gsl_rng *r, uint32_t g16, bool weighted)
{
    assert(s->grouped);
    return pick_range(s, r, s->pop->start16[g16], s->n16[g16], weighted);
}

/* The /16 on which u falls, counting from the start of the tree's range [first, ...). */
static uint32_t find16(const struct sumtree *t, uint32_t first16, uint64_t u)
{
    return (uint32_t)sumtree_find(t, sumtree_prefix(t, first16) + u);
}

uint32_t hostset_pick8(const struct hostset *s, gsl_rng *r, uint32_t g8, bool weighted)
{
    const struct sumtree *t = weighted && s->max_weight > 1 ? &s->w16 : &s->c16;
    uint64_t total = weighted ? s->w8[g8] : s->c8[g8];
    assert(total > 0);
    uint32_t g16 = find16(t, g8 << 8, gsl_rng_uniform_int(r, (unsigned long)total));
    /* Weighted: the /16 was chosen by weight, so pick in it by weight too. */
    return hostset_pick16(s, r, g16, weighted);
}

/* A member of slot[base, base + n), uniform or by weight (rejection). */
static uint32_t pick_range(const struct hostset *s, gsl_rng *r, uint32_t base, uint32_t n,
                           bool weighted)
{
    assert(n > 0);
    for (;;) {
        uint32_t h = s->slot[base + (uint32_t)gsl_rng_uniform_int(r, n)];
        if (!weighted || s->max_weight == 1 || s->weight[h] == s->max_weight ||
            gsl_rng_uniform_int(r, s->max_weight) < s->weight[h])
            return h;
    }
}

uint32_t hostset_pick(const struct hostset *s, gsl_rng *r, bool weighted)
{
    if (!s->grouped)
        return pick_range(s, r, 0, (uint32_t)s->total_count, weighted);
    const struct sumtree *t = weighted && s->max_weight > 1 ? &s->w16 : &s->c16;
    uint64_t total = weighted ? s->total_weight : s->total_count;
    assert(total > 0 && total <= 0xFFFFFFFFu); /* the generator gives 32 bits */
    uint32_t g16 = find16(t, 0, gsl_rng_uniform_int(r, (unsigned long)total));
    return hostset_pick16(s, r, g16, weighted);
}

void hostset_check(const struct hostset *s)
{
    uint64_t tw = 0, tc = 0;
    if (!s->grouped) {
        for (uint32_t i = 0; i < s->pop->n; i++) {
            uint32_t h = s->slot[i];
            assert(s->pos[h] == i && s->member[h] == (i < s->total_count));
            tw += s->member[h] ? hostset_weight(s, h) : 0;
        }
        assert(tw == s->total_weight);
        return;
    }
    uint64_t w8[256] = {0}, c8[256] = {0};
    for (uint32_t g = 0; g < 65536; g++) {
        uint32_t base = s->pop->start16[g], end = s->pop->start16[g + 1];
        uint64_t w = 0;
        assert(base + s->n16[g] <= end);
        for (uint32_t i = base; i < end; i++) {
            uint32_t h = s->slot[i];
            assert(s->pos[h] == i && s->pop->addr[h] >> 16 == g);
            assert(s->member[h] == (i < base + s->n16[g]));
            if (s->member[h])
                w += hostset_weight(s, h);
        }
        assert(hostset_weight16(s, g) == w && sumtree_get(&s->c16, g) == s->n16[g]);
        tw += w;
        tc += s->n16[g];
        w8[g >> 8] += w;
        c8[g >> 8] += s->n16[g];
    }
    assert(tw == s->total_weight && tc == s->total_count);
    for (uint32_t g8 = 0; g8 < 256; g8++)
        assert(w8[g8] == s->w8[g8] && c8[g8] == s->c8[g8]);
    sumtree_check(&s->w16);
    sumtree_check(&s->c16);
}
