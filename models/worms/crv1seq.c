/* crv1seq.c - Code Red I v1's address lists (see crv1seq.h): a keyed bijection of the 2^k
 * addresses of a space, its exact inverse, the hosts of a population sorted by the position at
 * which a list first reaches them, and the keys of several lists and an instance's choice. */
#include "crv1seq.h"

#include <assert.h>
#include <stdlib.h>

#include "status.h"
#include "worm_kind.h"

/* One step of the splitmix64 generator (Steele, Lea, Flood 2014): advances *x, returns the next
 * output. Used only to turn a key into constants. */
static uint64_t splitmix64_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Inverse of odd m mod 2^32 by Newton's iteration inv <- inv (2 - m inv): m is its own inverse
 * mod 8 (3 bits), and each step doubles the correct bits (6, 12, 24, 48). */
static uint32_t inverse_mod_2_32(uint32_t m)
{
    assert(m & 1);
    uint32_t inv = m;
    for (int i = 0; i < 4; i++)
        inv *= 2u - m * inv;
    return inv;
}

void crv1seq_init(struct crv1seq *s, uint32_t base, int k, uint64_t key)
{
    assert(k >= 1 && k <= 32);
    s->k = k;
    s->mask = k == 32 ? UINT32_MAX : (UINT32_C(1) << k) - 1;
    assert((base & s->mask) == 0);
    s->base = base;
    s->shift = (k + 1) / 2;
    s->key = key;
    uint64_t x = key;
    s->mul1 = ((uint32_t)splitmix64_next(&x) | 1u) & s->mask;
    s->mul2 = ((uint32_t)splitmix64_next(&x) | 1u) & s->mask;
    s->add = ((uint32_t)splitmix64_next(&x) | 1u) & s->mask;
    /* An inverse mod 2^32 is one mod 2^k too. */
    s->inv1 = inverse_mod_2_32(s->mul1) & s->mask;
    s->inv2 = inverse_mod_2_32(s->mul2) & s->mask;
    assert(((s->mul1 * s->inv1) & s->mask) == 1);
    assert(((s->mul2 * s->inv2) & s->mask) == 1);
}

uint32_t crv1seq_at(const struct crv1seq *s, uint64_t i)
{
    assert(i <= s->mask);
    uint32_t x = (uint32_t)i;
    x = (x * s->mul1) & s->mask;
    x ^= x >> s->shift;
    x = (x * s->mul2) & s->mask;
    x ^= x >> s->shift;
    x = (x + s->add) & s->mask;
    return s->base | x;
}

uint64_t crv1seq_index(const struct crv1seq *s, uint32_t addr)
{
    assert((addr & ~s->mask) == s->base);
    uint32_t x = addr & s->mask;
    x = (x - s->add) & s->mask;
    x ^= x >> s->shift; /* the xorshift is its own inverse */
    x = (x * s->inv2) & s->mask;
    x ^= x >> s->shift;
    x = (x * s->inv1) & s->mask;
    return x;
}

/* Radix digits of the position: 11 bits, so the counts stay on the stack and in cache. */
enum { DIGIT_BITS = 11, DIGITS = 1 << DIGIT_BITS };

void crv1seq_order(const struct crv1seq *s, const uint32_t *addrs, uint32_t n, uint32_t *order_out,
                   uint64_t *index_out)
{
    if (n == 0)
        return;
    /* Keys are position << 32 | host, sorted by a stable LSD radix sort on the position bits
     * only: hosts start in index order, so equal positions keep it. */
    uint64_t *a = index_out ? index_out : xmalloc(sizeof *a * n);
    uint64_t *b = xmalloc(sizeof *b * n);
    for (uint32_t j = 0; j < n; j++)
        a[j] = crv1seq_index(s, addrs[j]) << 32 | j;
    for (int lo = 0; lo < s->k; lo += DIGIT_BITS) {
        uint32_t count[DIGITS] = {0};
        int sh = 32 + lo;
        for (uint32_t j = 0; j < n; j++)
            count[(a[j] >> sh) & (DIGITS - 1)]++;
        uint32_t sum = 0;
        for (int d = 0; d < DIGITS; d++) {
            uint32_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (uint32_t j = 0; j < n; j++)
            b[count[(a[j] >> sh) & (DIGITS - 1)]++] = a[j];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    for (uint32_t j = 0; j < n; j++)
        order_out[j] = (uint32_t)a[j];
    if (!index_out) { /* both buffers were ours */
        free(a);
        free(b);
        return;
    }
    for (uint32_t j = 0; j < n; j++)
        index_out[j] = a[j] >> 32;
    free(a == index_out ? b : a); /* the scratch buffer, wherever the passes left the keys */
}

uint64_t crv1seq_list_key(uint64_t key, uint32_t s)
{
    if (s == 0)
        return key;
    uint64_t x = key ^ ((uint64_t)s << 32 | s);
    return splitmix64_next(&x);
}

uint32_t crv1seq_list_of(uint64_t key, uint32_t addr, uint32_t lists)
{
    assert(lists >= 1);
    uint64_t x = key * 0x9E3779B97F4A7C15ull ^ addr;
    /* The top 32 bits of a 64-bit mix times lists: uniform to within lists / 2^32. */
    return (uint32_t)(((splitmix64_next(&x) >> 32) * lists) >> 32);
}

/* Code Red I v1 (SOURCES §5): Code Red I's calendar and probes, but every instance walks this
 * one sequence (crv1_walk.c in the world). */
const struct worm_kind CRV1_KIND = {
    .name = "crv1", .targets = TARGETS_SEQUENCE, .life = LIFE_CALENDAR,
    .probe = NULL, .expiry_epoch_s = 0};
