/* crv1seq.h - the address lists Code Red I v1 instances scan. CRv1 seeded its generator with a
 * constant, so instances walked the same lists (CERT IN-2001-08: "each instance ... uses the same
 * random number generator seed"). The one idea: a walker started at t0 scanning r addresses/s
 * has probed exactly positions [0, r (t - t0)) of its list, so the host at position p is first
 * reached at t0 + p / r by the earliest-started walker of that list still running; later
 * walkers only re-probe what it already did. Each list grows linearly, at one walker's rate; S
 * lists with walkers give S times that. How many lists v1 had and how instances chose among
 * them was not published: a list here is a keyed bijection of the space, a stand-in for v1's
 * generator, not a copy of it (SOURCES §5, §19). */
#ifndef WORMSIM_CRV1SEQ_H
#define WORMSIM_CRV1SEQ_H

#include <stdint.h>

/* Our own default key, not the worm's: the real generator's seed and constants are not modelled,
 * only the fact that instances share their lists. 0x20010713 is the date CRv1 was seen
 * (SOURCES §5: CRv1 from 12-13 July 2001), chosen for being memorable; any key is as good. */
#define CRV1SEQ_DEFAULT_KEY UINT64_C(0x20010713)

/* A fixed bijection f of [0, 2^k) onto itself, addresses being base + f(i):
 *   x = i * mul1;  x ^= x >> shift;  x *= mul2;  x ^= x >> shift;  x += add   (all mod 2^k)
 * Each step is a bijection of k-bit values: multiplying by an odd number (its inverse mod 2^k
 * exists), adding, and xor with the value shifted right by shift = ceil(k/2) (an involution, as
 * 2 shift >= k). Read-only after crv1seq_init; share it freely. */
struct crv1seq {
    uint32_t base;       /* first address of the space; its low k bits are zero */
    int k;               /* the space holds 2^k addresses, 1 <= k <= 32 */
    int shift;           /* ceil(k / 2) */
    uint32_t mask;       /* 2^k - 1 */
    uint32_t mul1, mul2; /* odd multipliers mod 2^k */
    uint32_t inv1, inv2; /* their inverses mod 2^k: mul1 * inv1 = 1 (mod 2^k) */
    uint32_t add;        /* odd offset mod 2^k: position 0 is base + add */
    uint64_t key;        /* the key the constants came from */
};

/* Sets up the sequence over the 2^k addresses from base (base 0, k 32 for the whole Internet).
 * key selects the constants: mul1, mul2 and add are the first three outputs of splitmix64 seeded
 * with key, each cut to k bits and made odd. Requires 1 <= k <= 32 and base aligned to 2^k. */
void crv1seq_init(struct crv1seq *s, uint32_t base, int k, uint64_t key);

/* The address at position i of the sequence. Requires i < 2^k. */
uint32_t crv1seq_at(const struct crv1seq *s, uint64_t i);

/* The position at which addr appears (the exact inverse of crv1seq_at). Requires addr in the
 * space [base, base + 2^k). */
uint64_t crv1seq_index(const struct crv1seq *s, uint32_t addr);

/* For the world model: sorts n host addresses (each in the space) by their positions. Fills
 * order_out[j] with the host index (into addrs) of the j-th host reached and, when index_out is
 * not NULL, index_out[j] with its position; equal addresses keep the order of their hosts.
 * order_out and index_out hold n entries each and are the caller's. O(n) (a radix sort on the k
 * position bits, 11 at a time); aborts on out of memory. */
void crv1seq_order(const struct crv1seq *s, const uint32_t *addrs, uint32_t n, uint32_t *order_out,
                   uint64_t *index_out);

/* The key of list s of a worm whose sequence_key is key: list 0 uses key itself (so one list
 * is the old single sequence), list s > 0 a splitmix64 scramble of (key, s). */
uint64_t crv1seq_list_key(uint64_t key, uint32_t s);

/* The list an instance at address addr walks when each instance walks one of `lists` lists:
 * a keyed hash of its address, uniform over [0, lists). A stand-in: v1's real choice is
 * unknown; what matters is that it is fixed per host and spread evenly. Requires lists >= 1. */
uint32_t crv1seq_list_of(uint64_t key, uint32_t addr, uint32_t lists);

#endif
