/* hostset.h - a set of hosts of the population, kept by /16 and /8 so that the fast mode can
 * ask "how many members (or how much weight) in this /16, this /8, in all" and "a random
 * member of this /16, /8, or of all" in O(log n).
 * Members of /16 g occupy the first n16[g] slots of g's address range in `slot` (a permutation
 * of the population's indices); `pos` inverts it. Each member has a small integer weight (a
 * host's scan threads in units), summed per /16 in a sum tree and per /8 in an array. */
#ifndef WORMSIM_HOSTSET_H
#define WORMSIM_HOSTSET_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "population.h"
#include "sumtree.h"

struct hostset {
    const struct population *pop;
    uint32_t *slot, *pos;
    uint32_t *n16;         /* members per /16 */
    uint8_t *weight;       /* per host, while a member; NULL when max_weight is 1 */
    uint8_t *member;       /* per host: 1 if in the set */
    struct sumtree w16;    /* weight per /16 (grouped sets with max_weight > 1 only) */
    struct sumtree c16;    /* members per /16 (grouped sets only) */
    uint64_t w8[256], c8[256];
    uint64_t total_weight, total_count;
    unsigned max_weight;
    bool grouped;          /* false: no /16 and /8 bookkeeping, members first in `slot` */
};

/* grouped = false keeps only the whole-set counts and picks (O(1) updates), for worms whose
 * targets do not depend on where the scanner is. */
void hostset_init(struct hostset *s, const struct population *pop, unsigned max_weight,
                  bool grouped);
void hostset_free(struct hostset *s);
void hostset_add(struct hostset *s, uint32_t host, unsigned weight);
void hostset_remove(struct hostset *s, uint32_t host);
static inline bool hostset_has(const struct hostset *s, uint32_t host) { return s->member[host]; }
/* A member's weight (1 in a set whose max_weight is 1). */
static inline unsigned hostset_weight(const struct hostset *s, uint32_t host)
{
    return s->weight ? s->weight[host] : 1;
}

/* With max_weight 1 every weight is 1: the weight is the count, and w16 is not kept. */
static inline uint64_t hostset_weight16(const struct hostset *s, uint32_t g16)
{
    return s->max_weight > 1 ? sumtree_get(&s->w16, g16) : s->n16[g16];
}
static inline uint64_t hostset_count16(const struct hostset *s, uint32_t g16) { return s->n16[g16]; }

/* A member chosen uniformly (weighted = false) or in proportion to weight (true), among all
 * members, those of one /8, or those of one /16 (these two need a grouped set). The scope
 * must not be empty. */
uint32_t hostset_pick(const struct hostset *s, gsl_rng *r, bool weighted);
uint32_t hostset_pick8(const struct hostset *s, gsl_rng *r, uint32_t g8, bool weighted);
uint32_t hostset_pick16(const struct hostset *s, gsl_rng *r, uint32_t g16, bool weighted);

/* Asserts the invariants (O(hosts)): slots and positions, membership, the counts and weights
 * per /16 (and their sum trees), per /8 and in all, recounted from the members. */
void hostset_check(const struct hostset *s);

#endif
