/* ipv4.h - IPv4 addresses and prefixes as host-order 32-bit integers, and the address ranges
 * that no worm reaches or that were not in use in 2001. */
#ifndef WORMSIM_IPV4_H
#define WORMSIM_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct prefix {
    uint32_t base; /* network address, host bits zero */
    int len;       /* 0..32 */
};

/* Parses "a.b.c.d" (each 0-255, no leading junk or trailing text). */
bool ipv4_parse(const char *text, uint32_t *addr);
/* Formats into buf (at least 16 bytes). */
void ipv4_format(uint32_t addr, char *buf, size_t len);

/* Parses "a.b.c.d/n"; the host bits must be zero ("10.0.0.1/8" is an error). */
bool prefix_parse(const char *text, struct prefix *p);
void prefix_format(const struct prefix *p, char *buf, size_t len);
/* Number of addresses in the prefix (2^(32-len)), as a double so /0 fits. */
double prefix_size(const struct prefix *p);
bool prefix_contains(const struct prefix *p, uint32_t addr);

/* True for the /8s that no host was reachable in, for a worm on the Internet of July 2001:
 * 0/8, 127/8 and 224/8 and above always; 10/8 when private ranges are excluded; and, when
 * `unallocated` is set, the /8s IANA had not allocated by mid-2001. */
bool ipv4_slash8_excluded(int slash8, bool exclude_private, bool exclude_unallocated);

/* True for 172.16/12 and 192.168/16 (the private ranges smaller than a /8). */
bool ipv4_in_private16(uint32_t addr);

/* True for any private address: 10/8, 172.16/12, 192.168/16 (RFC 1918). */
bool ipv4_is_private(uint32_t addr);

/* Base address of the k-th private /16, k < IPV4_PRIVATE16_COUNT: 10.0/16 to 10.255/16, then
 * 172.16/16 to 172.31/16, then 192.168/16. */
#define IPV4_PRIVATE16_COUNT 273
uint32_t ipv4_private16(long k);

#endif
