/* addrset.c - the router's tables: a set of IPv4 addresses (the fast-switching cache, the ARP
 * table) and a FIFO of (expiry, address) for entries that all live equally long (see addrset.h).
 * Open addressing with linear probing and backward-shift deletion, plus a dense array of the
 * members so that "remove a uniformly random member" is O(1). */
#include "addrset.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"


/* Murmur3's finaliser: keys are often structured (a /16, classful networks with zero low bits). */
static inline uint32_t addr_hash(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

static void addrset_alloc(struct addrset *s, uint32_t nslots)
{
    s->slot = xcalloc(nslots, sizeof *s->slot);
    s->keys = xmalloc(sizeof *s->keys * (nslots / 2 + 1));
    s->mask = nslots - 1;
    s->n = 0;
}

void addrset_init(struct addrset *s) { addrset_alloc(s, 64); }

void addrset_free(struct addrset *s)
{
    free(s->slot);
    free(s->keys);
}

void addrset_clear(struct addrset *s)
{
    if (s->n)
        memset(s->slot, 0, sizeof *s->slot * ((size_t)s->mask + 1));
    s->n = 0;
}

/* Slot of key, or the empty slot where it would go. */
static inline uint32_t addrset_probe(const struct addrset *s, uint32_t key)
{
    uint32_t i = addr_hash(key) & s->mask;
    while (s->slot[i].idx1 && s->slot[i].key != key)
        i = (i + 1) & s->mask;
    return i;
}

bool addrset_has(const struct addrset *s, uint32_t key)
{
    return s->slot[addrset_probe(s, key)].idx1 != 0;
}

static void addrset_grow(struct addrset *s)
{
    struct addrset bigger;
    addrset_alloc(&bigger, (s->mask + 1) * 2);
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t j = addrset_probe(&bigger, s->keys[i]);
        bigger.slot[j].key = s->keys[i];
        bigger.slot[j].idx1 = i + 1;
        bigger.keys[i] = s->keys[i];
    }
    bigger.n = s->n;
    addrset_free(s);
    *s = bigger;
}

/* Adds key; returns false if it was already a member. */
bool addrset_add(struct addrset *s, uint32_t key)
{
    uint32_t i = addrset_probe(s, key);
    if (s->slot[i].idx1)
        return false;
    if ((uint64_t)(s->n + 1) * 2 > (uint64_t)s->mask + 1) {
        assert(s->mask < 0x80000000u);
        addrset_grow(s);
        i = addrset_probe(s, key);
    }
    s->keys[s->n] = key;
    s->slot[i].key = key;
    s->slot[i].idx1 = ++s->n;
    return true;
}

/* Removes a member: its slot by backward-shift deletion (no tombstones), its place in `keys`
 * by moving the last member there. */
void addrset_remove(struct addrset *s, uint32_t key)
{
    uint32_t i = addrset_probe(s, key);
    assert(s->slot[i].idx1);
    uint32_t at = s->slot[i].idx1 - 1;
    s->slot[i].idx1 = 0;
    for (uint32_t j = i;;) {
        j = (j + 1) & s->mask;
        if (!s->slot[j].idx1)
            break;
        uint32_t home = addr_hash(s->slot[j].key) & s->mask;
        /* The entry at j may stay if its home lies cyclically in (i, j]. */
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays)
            continue;
        s->slot[i] = s->slot[j];
        s->slot[j].idx1 = 0;
        i = j;
    }
    uint32_t last = s->n - 1;
    if (at != last) {
        uint32_t moved = s->keys[last];
        s->keys[at] = moved;
        s->slot[addrset_probe(s, moved)].idx1 = at + 1;
    }
    s->n--;
}

/* I1 for one set. */
void addrset_check(const struct addrset *s)
{
    uint32_t occupied = 0;
    for (uint32_t i = 0; i <= s->mask; i++) {
        if (!s->slot[i].idx1)
            continue;
        occupied++;
        assert(s->slot[i].idx1 <= s->n);
        assert(s->keys[s->slot[i].idx1 - 1] == s->slot[i].key);
    }
    assert(occupied == s->n);
    assert((uint64_t)s->n * 2 <= (uint64_t)s->mask + 1);
    for (uint32_t k = 0; k < s->n; k++) {
        uint32_t i = addrset_probe(s, s->keys[k]);
        assert(s->slot[i].idx1 == k + 1);
    }
}


void arpq_init(struct arpq *q)
{
    q->cap = 64;
    q->head = q->n = 0;
    q->expire = xmalloc(sizeof *q->expire * q->cap);
    q->addr = xmalloc(sizeof *q->addr * q->cap);
}

void arpq_free(struct arpq *q)
{
    free(q->expire);
    free(q->addr);
}

void arpq_push(struct arpq *q, double expire, uint32_t addr)
{
    if (q->n == q->cap) {
        size_t cap = q->cap * 2;
        double *e = xmalloc(sizeof *e * cap);
        uint32_t *a = xmalloc(sizeof *a * cap);
        for (size_t k = 0; k < q->n; k++) {
            e[k] = q->expire[(q->head + k) & (q->cap - 1)];
            a[k] = q->addr[(q->head + k) & (q->cap - 1)];
        }
        arpq_free(q);
        q->expire = e;
        q->addr = a;
        q->head = 0;
        q->cap = cap;
    }
    size_t tail = (q->head + q->n) & (q->cap - 1);
    q->expire[tail] = expire;
    q->addr[tail] = addr;
    q->n++;
}

