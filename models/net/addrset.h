/* addrset.h - the router's tables (models/net/router.c): a set of uint32 keys with O(1)
 * insert, lookup, removal and removal of a uniformly random member (members are also kept
 * dense in `keys`), and a FIFO of (expiry, address) pairs for entries that all live equally
 * long, so creation order is expiry order. Aborts on out of memory. */
#ifndef WORMSIM_ADDRSET_H
#define WORMSIM_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct addrslot {
    uint32_t key;
    uint32_t idx1; /* index of key in `keys` + 1; 0 marks an empty slot */
};

struct addrset {
    struct addrslot *slot;
    uint32_t *keys;  /* the members, dense, in no particular order */
    uint32_t n;
    uint32_t mask;   /* slot count - 1, a power of two minus one; load kept <= 1/2 */
};

void addrset_init(struct addrset *s);   /* empty set */
void addrset_free(struct addrset *s);
void addrset_clear(struct addrset *s);  /* removes every member, keeps the capacity */
bool addrset_has(const struct addrset *s, uint32_t key);
bool addrset_add(struct addrset *s, uint32_t key);     /* false if already a member */
void addrset_remove(struct addrset *s, uint32_t key);  /* key must be a member */
void addrset_check(const struct addrset *s);           /* asserts slot <-> keys consistency */

struct arpq {
    double *expire;
    uint32_t *addr;
    size_t head, n, cap; /* cap a power of two */
};

void arpq_init(struct arpq *q);
void arpq_free(struct arpq *q);
void arpq_push(struct arpq *q, double expire, uint32_t addr); /* expiries non-decreasing */

#endif
