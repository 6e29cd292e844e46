/* ipv4.c - parsing and formatting of addresses and prefixes; the 2001 address-space map.
 * The map of /8s not yet allocated by IANA in July 2001 follows the IANA IPv4 address-space
 * registry (allocation dates of each /8); it is an approximation at /8 granularity. */
#include "ipv4.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ipv4_parse(const char *text, uint32_t *addr)
{
    uint32_t a = 0;
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (unsigned)(*p - '0');
            if (++digits > 3 || v > 255)
                return false;
            p++;
        }
        a = a << 8 | v;
        if (i < 3 && *p++ != '.')
            return false;
    }
    if (*p != '\0')
        return false;
    *addr = a;
    return true;
}

void ipv4_format(uint32_t addr, char *buf, size_t len)
{
    snprintf(buf, len, "%u.%u.%u.%u", addr >> 24, addr >> 16 & 255, addr >> 8 & 255, addr & 255);
}

static uint32_t prefix_mask(int len) { return len == 0 ? 0 : 0xFFFFFFFFu << (32 - len); }

bool prefix_parse(const char *text, struct prefix *p)
{
    const char *slash = strchr(text, '/');
    if (!slash || slash - text > 15)
        return false;
    char addr_text[16];
    memcpy(addr_text, text, (size_t)(slash - text));
    addr_text[slash - text] = '\0';
    uint32_t addr;
    if (!ipv4_parse(addr_text, &addr))
        return false;
    const char *l = slash + 1;
    if (*l < '0' || *l > '9' || strlen(l) > 2)
        return false;
    char *end;
    long len = strtol(l, &end, 10);
    if (*end != '\0' || len < 0 || len > 32)
        return false;
    if (addr & ~prefix_mask((int)len))
        return false;
    p->base = addr;
    p->len = (int)len;
    return true;
}

void prefix_format(const struct prefix *p, char *buf, size_t len)
{
    char a[16];
    ipv4_format(p->base, a, sizeof a);
    snprintf(buf, len, "%s/%d", a, p->len);
}

double prefix_size(const struct prefix *p) { return (double)(1ull << (32 - p->len)); }

bool prefix_contains(const struct prefix *p, uint32_t addr)
{
    return (addr & prefix_mask(p->len)) == p->base;
}

/* /8s that IANA had not allocated (reserved or unassigned) by July 2001, by the allocation dates
 * in the IANA IPv4 address-space registry. 10/8 is private, handled apart. */
static const unsigned char UNALLOCATED_2001[] = {
    1,   2,   5,   23,  27,  31,  36,  37,  39,  41,  42,  49,  50,  58,  59,  60,
    69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  82,  83,  84,  85,  86,  87,
    88,  89,  90,  91,  92,  93,  94,  95,  96,  97,  98,  99,  100, 101, 102, 103, 104,
    105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
    122, 123, 124, 125, 126, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184,
    185, 186, 187, 189, 190, 197, 219, 220, 221, 222, 223};

bool ipv4_slash8_excluded(int slash8, bool exclude_private, bool exclude_unallocated)
{
    if (slash8 == 0 || slash8 == 127 || slash8 >= 224)
        return true;
    if (slash8 == 10)
        return exclude_private;
    if (!exclude_unallocated)
        return false;
    for (size_t i = 0; i < sizeof UNALLOCATED_2001; i++)
        if (UNALLOCATED_2001[i] == slash8)
            return true;
    return false;
}

bool ipv4_in_private16(uint32_t addr)
{
    return (addr >> 20) == (172u << 4 | 1u) || (addr >> 16) == (192u << 8 | 168u);
}

bool ipv4_is_private(uint32_t addr)
{
    return (addr >> 24) == 10u || ipv4_in_private16(addr);
}

uint32_t ipv4_private16(long k)
{
    assert(k >= 0 && k < IPV4_PRIVATE16_COUNT);
    if (k < 256)
        return 10u << 24 | (uint32_t)k << 16;
    if (k < 272)
        return 172u << 24 | (uint32_t)(16 + k - 256) << 16;
    return 192u << 24 | 168u << 16;
}
