/* population.c - placing hosts in the address space and giving them attributes.
 * Generated placement: `occupied_16s` eligible /16s are chosen at random, each with a
 * heavy-tailed weight (lognormal per /8 times lognormal per /16; home, DSL and cable blocks
 * denser in vulnerable IIS and devices); hosts of each class are split over them by one
 * multinomial each. File placement: each "prefix count" line puts count vulnerable hosts
 * uniformly in its prefix. NAT sites fill private /16s. A [subnet] that declares hosts holds
 * exactly those (its IIS hosts and its customers' DSL routers). Addresses are distinct. */
#include "population.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "radix.h"
#include "rng.h"

/* Dense draws (at least one per two bitmap words) in spaces up to this size are deduplicated
 * in a bitmap of the space (8 MiB at most); sparse ones by sorting. */
#define BITMAP_MAX_SIZE (1ull << 26)

/* Appends `count` distinct addresses drawn uniformly from [base, base + size) to out (which has
 * room), ascending. Draws with replacement, drops repeats and draws again for the missing ones
 * (each round draws exactly as many as are missing); the result is a uniform random subset.
 * Repeats are found in a bitmap of the space when the draws are dense, or by sorting: the same
 * draws, the same set. Requires count <= size. */
static void sample_distinct(gsl_rng *r, uint32_t base, uint64_t size, uint32_t count,
                            uint32_t *out)
{
    assert(count <= size);
    if (count == 0)
        return;
    if (count == size) {
        for (uint32_t i = 0; i < count; i++)
            out[i] = base + i;
        return;
    }
    uint32_t have = 0;
    if (size > BITMAP_MAX_SIZE || (size + 63) / 64 > 2 * (uint64_t)count) {
        while (have < count) {
            for (uint32_t i = have; i < count; i++)
                out[i] = base + (uint32_t)(size > 0xFFFFFFFFull ? gsl_rng_get(r)
                                                                : gsl_rng_uniform_int(r, (unsigned long)size));
            radix_sort_u32(out, count);
            uint32_t u = 1;
            for (uint32_t i = 1; i < count; i++)
                if (out[i] != out[u - 1])
                    out[u++] = out[i];
            have = u;
        }
        return;
    }
    size_t words = (size_t)((size + 63) / 64);
    uint64_t *seen = xcalloc(words, sizeof *seen);
    while (have < count) {
        uint32_t want = count - have;
        for (uint32_t i = 0; i < want; i++) {
            uint32_t x = (uint32_t)gsl_rng_uniform_int(r, (unsigned long)size);
            uint64_t bit = 1ull << (x & 63);
            have += !(seen[x >> 6] & bit);
            seen[x >> 6] |= bit;
        }
    }
    uint32_t k = 0; /* read the bitmap in order */
    for (size_t i = 0; i < words; i++)
        for (uint64_t b = seen[i]; b; b &= b - 1)
            out[k++] = base + (uint32_t)(i * 64 + (size_t)__builtin_ctzll(b));
    assert(k == count);
    free(seen);
}

/* Lognormal weight exp(sigma Z): the heavy-tailed spread of host density between networks. */
static double lognormal_weight(gsl_rng *r, double sigma)
{
    return exp(sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
}

/* excluded8: the /8s ipv4_slash8_excluded names, looked up once per /8. */
static bool block_eligible(uint32_t slash16, const struct world_config *c, const bool *excluded8)
{
    if (c->space.len >= 8)
        return true; /* a space of a /8 or smaller is what the user chose: no exclusions */
    if (excluded8[slash16 >> 8])
        return false;
    return !(c->exclude_private && ipv4_in_private16(slash16 << 16));
}

/* An occupied network: where it is and how many hosts of each kind it holds. */
struct block {
    uint32_t base;
    uint64_t size;
    double weight, weight_vulnerable;
    uint32_t vulnerable, other, devices;
    uint32_t base_index; /* where its keys go in the placed keys (address order) */
};

/* Host (address, class) pairs, packed for one sort: address << 2 | class. */
enum host_class { CLASS_OTHER = 0, CLASS_VULNERABLE = 1, CLASS_DEVICE = 2, CLASS_DEVICE_HANGS = 3 };
struct placed {
    uint64_t *key;
    uint32_t n;
};

/* Places the block's hosts at distinct uniform addresses; a uniform random subset of them are
 * the vulnerable ones. Writes their keys to key[0, n) in address order (the partial
 * Fisher-Yates shuffles sorted positions, not the keys, so no sort is needed); returns n. */
static uint32_t fill_block(gsl_rng *r, const struct block *b, uint64_t *key)
{
    uint32_t n = b->vulnerable + b->other + b->devices, special = b->vulnerable + b->devices;
    uint32_t *pos = xmalloc(sizeof *pos * (n ? n : 1));
    sample_distinct(r, b->base, b->size, n, pos);
    for (uint32_t i = 0; i < n; i++) {
        key[i] = (uint64_t)pos[i] << 2 | CLASS_OTHER;
        pos[i] = i;
    }
    for (uint32_t i = 0; i < special; i++) { /* partial Fisher-Yates */
        uint32_t j = i + (uint32_t)gsl_rng_uniform_int(r, n - i), t = pos[i];
        pos[i] = pos[j];
        pos[j] = t;
        key[pos[i]] |= i < b->vulnerable ? CLASS_VULNERABLE : CLASS_DEVICE;
    }
    free(pos);
    return n;
}

/* Multinomial split of n hosts of a class over the blocks by weight: vulnerable IIS and
 * embedded devices (in home and DSL lines) by the vulnerable weights, others by the plain ones. */
static void split_hosts(gsl_rng *r, struct block *blocks, uint32_t m, uint32_t n, int cls)
{
    int vulnerable = cls != CLASS_OTHER;
    double *w = xmalloc(sizeof *w * m);
    unsigned *counts = xmalloc(sizeof *counts * m);
    for (uint32_t k = 0; k < m; k++)
        w[k] = vulnerable ? blocks[k].weight_vulnerable : blocks[k].weight;
    gsl_ran_multinomial(r, m, n, w, counts);
    for (uint32_t k = 0; k < m; k++)
        *(cls == CLASS_VULNERABLE ? &blocks[k].vulnerable
          : cls == CLASS_DEVICE   ? &blocks[k].devices
                                  : &blocks[k].other) += counts[k];
    free(w);
    free(counts);
}

/* A block holds at most `size` hosts: excess moves on to the next blocks, other web servers
 * first. The caller checked that all hosts fit. */
static void cap_blocks(struct block *blocks, uint32_t m)
{
    uint64_t carry_v = 0, carry_o = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t k = 0; k < m; k++) {
            struct block *b = &blocks[k];
            b->vulnerable += (uint32_t)carry_v;
            b->other += (uint32_t)carry_o;
            carry_v = carry_o = 0;
            uint64_t excess = (uint64_t)b->vulnerable + b->other + b->devices;
            excess = excess > b->size ? excess - b->size : 0;
            uint32_t from_other = excess < b->other ? (uint32_t)excess : b->other;
            b->other -= from_other;
            carry_o = from_other;
            b->vulnerable -= (uint32_t)(excess - from_other);
            carry_v = excess - from_other;
        }
    assert(carry_v == 0 && carry_o == 0);
}

/* Generated placement. Spaces smaller than a /16 are one block. Otherwise `occupied_16s`
 * eligible /16s are drawn at random; each gets a heavy-tailed weight, the product of a
 * lognormal factor for its /8 and one of its own, and with chance broadband_share it is a home,
 * DSL or cable block, where vulnerable hosts are broadband_factor times as dense. Vulnerable
 * and other hosts are then split over the blocks by multinomials on those weights. */
static enum status place_generated(const struct world_config *c, gsl_rng *r, uint32_t n_vuln,
                                   uint32_t n_other, struct placed *out, const char *path,
                                   struct diag *d)
{
    uint32_t n_dev = (uint32_t)(c->devices_hang + c->devices_restart);
    uint32_t n = n_vuln + n_other + n_dev;
    if (c->space.len > 16) {
        struct block b = {c->space.base, 1ull << (32 - c->space.len), 1, 1, n_vuln, n_other, n_dev, 0};
        if (n > b.size)
            return diag_set(d, ST_INPUT, path, 0,
                            "%u hosts do not fit in space.prefix (%llu addresses)", n,
                            (unsigned long long)b.size);
        out->n += fill_block(r, &b, out->key + out->n);
        return ST_OK;
    }
    uint32_t first = c->space.base >> 16, nblocks = 1u << (16 - c->space.len);
    uint32_t *eligible = xmalloc(sizeof *eligible * nblocks);
    uint32_t n_el = 0;
    bool excluded8[256];
    for (int g = 0; g < 256; g++)
        excluded8[g] = ipv4_slash8_excluded(g, c->exclude_private, c->exclude_unallocated);
    for (uint32_t b = 0; b < nblocks; b++)
        if (block_eligible(first + b, c, excluded8))
            eligible[n_el++] = first + b;
    uint32_t m = n_el < (uint32_t)c->occupied_16s ? n_el : (uint32_t)c->occupied_16s;
    if ((uint64_t)m * 65536 < n) {
        free(eligible);
        return diag_set(d, ST_INPUT, path, 0,
                        "%u hosts do not fit in %u /16 networks (raise population.occupied_16s)",
                        n, m);
    }
    double w8[256];
    for (int g = 0; g < 256; g++)
        w8[g] = lognormal_weight(r, c->slash8_spread);
    struct block *blocks = xcalloc(m ? m : 1, sizeof *blocks);
    for (uint32_t k = 0; k < m; k++) { /* partial Fisher-Yates: a uniform choice of m */
        uint32_t j = k + (uint32_t)gsl_rng_uniform_int(r, n_el - k), t = eligible[k];
        eligible[k] = eligible[j];
        eligible[j] = t;
        struct block *b = &blocks[k];
        b->base = eligible[k] << 16;
        b->size = 65536;
        b->weight = w8[eligible[k] >> 8] * lognormal_weight(r, c->slash16_spread);
        bool broadband = gsl_rng_uniform(r) < c->broadband_share;
        b->weight_vulnerable = b->weight * (broadband ? c->broadband_factor : 1);
    }
    if (m > 0) {
        split_hosts(r, blocks, m, n_vuln, CLASS_VULNERABLE);
        split_hosts(r, blocks, m, n_other, CLASS_OTHER);
        split_hosts(r, blocks, m, n_dev, CLASS_DEVICE);
        cap_blocks(blocks, m);
    }
    /* Blocks are filled in the order drawn, each at its place in address order. */
    uint64_t *at = xmalloc(sizeof *at * (m ? m : 1));
    for (uint32_t k = 0; k < m; k++)
        at[k] = (uint64_t)blocks[k].base << 32 | k;
    radix_sort_u64(at, m);
    uint32_t filled = out->n;
    for (uint32_t i = 0; i < m; i++) {
        struct block *b = &blocks[at[i] & 0xFFFFFFFFu];
        uint32_t hosts = b->vulnerable + b->other + b->devices;
        b->base_index = filled;
        filled += hosts;
    }
    for (uint32_t k = 0; k < m; k++)
        fill_block(r, &blocks[k], out->key + blocks[k].base_index);
    out->n = filled;
    free(at);
    free(blocks);
    free(eligible);
    return ST_OK;
}

/* NAT sites: site k holds nat_site_hosts vulnerable hosts in the k-th private /16 (10.0/16 up
 * to 10.255/16, then 172.16/16 to 172.31/16, then 192.168/16). Real sites reuse the same
 * private addresses; a site never reaches another's, so giving each its own block changes
 * nothing a worm can observe. */
static void place_nat_sites(const struct world_config *c, gsl_rng *r, struct placed *out)
{
    for (long k = 0; k < c->nat_sites; k++) {
        struct block b = {ipv4_private16(k), 65536, 1, 1, (uint32_t)c->nat_site_hosts, 0, 0, 0};
        out->n += fill_block(r, &b, out->key + out->n);
    }
}

/* True when addr lies in a [subnet] that declares its own hosts. */
static bool in_declaring_subnet(const struct world_config *c, uint32_t addr)
{
    for (int i = 0; i < c->n_subnets; i++) {
        const struct subnet_section *s = &c->subnets[i];
        if ((s->vulnerable > 0 || s->devices_hang > 0) && prefix_contains(&s->prefix, addr))
            return true;
    }
    return false;
}

/* Subnets that declare hosts hold exactly those: placed hosts inside them are dropped, then
 * each gets its vulnerable IIS hosts and hanging DSL routers. With customer lines of
 * line_prefix, each router takes the first address of its own line (lines drawn at random)
 * and the IIS hosts the other addresses; without lines, all are uniform in the prefix. */
static void place_subnet_hosts(const struct world_config *c, gsl_rng *r, struct placed *out)
{
    uint64_t extra = 0;
    for (int i = 0; i < c->n_subnets; i++)
        extra += (uint64_t)c->subnets[i].vulnerable + (uint64_t)c->subnets[i].devices_hang;
    if (extra == 0)
        return;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < out->n; i++)
        if (!in_declaring_subnet(c, (uint32_t)(out->key[i] >> 2)))
            out->key[kept++] = out->key[i];
    out->n = kept;
    out->key = realloc(out->key, sizeof *out->key * (kept + extra));
    if (!out->key)
        abort();
    for (int i = 0; i < c->n_subnets; i++) {
        const struct subnet_section *s = &c->subnets[i];
        uint32_t nv = (uint32_t)s->vulnerable, nd = (uint32_t)s->devices_hang;
        uint64_t size = (uint64_t)prefix_size(&s->prefix);
        uint32_t *a = xmalloc(sizeof *a * ((size_t)nv + nd + 1));
        if (s->line_prefix > 0) {
            uint64_t line = 1ull << (32 - s->line_prefix), lines = size / line;
            sample_distinct(r, 0, lines, nd, a);
            for (uint32_t j = 0; j < nd; j++)
                out->key[out->n++] = (uint64_t)(s->prefix.base + a[j] * line) << 2 | CLASS_DEVICE_HANGS;
            sample_distinct(r, 0, lines * (line - 1), nv, a);
            for (uint32_t j = 0; j < nv; j++)
                out->key[out->n++] = (uint64_t)(s->prefix.base + a[j] / (line - 1) * line + 1 +
                                                a[j] % (line - 1)) << 2 | CLASS_VULNERABLE;
        } else {
            sample_distinct(r, s->prefix.base, size, nv + nd, a);
            for (uint32_t j = 0; j < nv + nd; j++)
                out->key[out->n++] = (uint64_t)a[j] << 2 |
                                     (j < nv ? CLASS_VULNERABLE : CLASS_DEVICE_HANGS);
        }
        free(a);
    }
}

/* The first `infected` IIS hosts of each subnet are the machines known to carry the worm:
 * they run IIS 5 as seed 000's did, whatever the locale draw said. */
static void pin_infected_subnet_hosts(struct population *pop, const struct world_config *c)
{
    for (int i = 0; i < c->n_subnets; i++) {
        const struct subnet_section *s = &c->subnets[i];
        long left = s->infected;
        for (uint32_t h = 0; h < pop->n && left > 0; h++)
            if (prefix_contains(&s->prefix, pop->addr[h]) && population_is_iis(pop->kind[h])) {
                pop->kind[h] = KIND_IIS;
                left--;
            }
    }
}

/* Reads "prefix count" lines (blank lines and # comments allowed) and places the hosts. */
static enum status place_from_file(const char *file, gsl_rng *r, uint32_t **out, uint32_t *n_out,
                                   struct diag *d)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return diag_set(d, ST_IO, file, 0, "cannot read: %s", strerror(errno));
    uint32_t *addr = NULL;
    uint64_t n = 0, cap = 0;
    char line[512];
    int lineno = 0;
    enum status st = ST_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char ptext[64], extra[2];
        long long count;
        int got = sscanf(line, "%63s %lld %1s", ptext, &count, extra);
        if (got <= 0)
            continue;
        struct prefix p;
        if (got != 2 || !prefix_parse(ptext, &p) || count < 0) {
            st = diag_set(d, ST_INPUT, file, lineno,
                          "expected \"prefix count\", like \"192.0.2.0/24 17\"");
            goto done;
        }
        if ((double)count > prefix_size(&p)) {
            st = diag_set(d, ST_INPUT, file, lineno, "%lld hosts do not fit in %s", count, ptext);
            goto done;
        }
        if (n + (uint64_t)count > 100000000ull) {
            st = diag_set(d, ST_INPUT, file, lineno, "more than 100000000 hosts in all");
            goto done;
        }
        if (n + (uint64_t)count > cap) {
            cap = (n + (uint64_t)count) * 2;
            addr = xrealloc(addr, sizeof *addr * cap);
        }
        sample_distinct(r, p.base, (uint64_t)prefix_size(&p), (uint32_t)count, addr + n);
        n += (uint64_t)count;
    }
    if (ferror(f)) {
        st = diag_set(d, ST_IO, file, 0, "cannot read: %s", strerror(errno));
        goto done;
    }
    radix_sort_u32(addr, n);
    for (uint64_t i = 1; i < n; i++)
        if (addr[i] == addr[i - 1]) {
            st = diag_set(d, ST_INPUT, file, 0, "prefixes overlap: a host was placed twice");
            goto done;
        }
done:
    fclose(f);
    if (st != ST_OK) {
        free(addr);
        return st;
    }
    *out = addr;
    *n_out = (uint32_t)n;
    return ST_OK;
}

static void build_index(struct population *pop)
{
    pop->start16 = xmalloc(sizeof *pop->start16 * 65537);
    uint32_t i = 0;
    for (uint32_t g = 0; g <= 65536; g++) {
        while (i < pop->n && (pop->addr[i] >> 16) < g)
            i++;
        pop->start16[g] = i;
    }
    for (uint32_t g = 0; g <= 256; g++)
        pop->start8[g] = pop->start16[g << 8];
}

/* Locales, Windows versions, crash-prone IIS and clock offsets, each from its own stream. */
static void draw_attributes(struct population *pop, const struct world_config *c, uint64_t seed)
{
    gsl_rng *ra = rng_stream(seed, "attributes"), *rc = rng_stream(seed, "clock");
    uint32_t n = pop->n;
    for (uint32_t i = 0; i < n; i++) {
        double u = gsl_rng_uniform(ra);
        uint8_t loc = u < c->share_english                                        ? LOCALE_ENGLISH
                      : u < c->share_english + c->share_japanese                  ? LOCALE_JAPANESE
                      : u < c->share_english + c->share_japanese + c->share_chinese ? LOCALE_CHINESE
                                                                                   : LOCALE_OTHER;
        pop->locale[i] = loc;
        /* SOURCES §11: Japanese IIS often crashes instead. */
        double v = gsl_rng_uniform(ra);
        if (pop->kind[i] == KIND_IIS && loc == LOCALE_JAPANESE && v < c->japanese_crash)
            pop->kind[i] = KIND_IIS_CRASHES;
        /* SOURCES §3: IIS 4.0 on Windows NT 4 is vulnerable too; SOURCES §4
         * Red II": there its code crashes IIS instead of running. */
        else if (pop->kind[i] == KIND_IIS && gsl_rng_uniform(ra) < c->share_nt4)
            pop->kind[i] = KIND_IIS_NT4;
        double off;
        if (gsl_rng_uniform(rc) < c->clock_wrong_share)
            off = (2 * gsl_rng_uniform(rc) - 1) * c->clock_wrong_range_s;
        else
            off = gsl_ran_gaussian_ziggurat(rc, 1.0) * c->clock_sd_s;
        pop->clock_offset_s[i] = (float)off;
    }
    gsl_rng_free(ra);
    gsl_rng_free(rc);
}

/* SOURCES §11: some embedded web servers hang until power-cycled (Cisco
 * 600 DSL routers), others restart (Yamaha RT80i, Furukawa MUCHO-E): devices_hang of the
 * placed devices, a uniform choice, hang; the rest restart. Frees r. */
static void mark_hanging_devices(struct population *pop, const struct world_config *c, gsl_rng *r)
{
    uint32_t n_dev = 0;
    for (uint32_t i = 0; i < pop->n; i++)
        n_dev += pop->kind[i] == KIND_DEVICE_RESTARTS;
    uint32_t need = (uint32_t)c->devices_hang;
    for (uint32_t i = 0; i < pop->n && need > 0; i++) /* selection sampling (Knuth S) */
        if (pop->kind[i] == KIND_DEVICE_RESTARTS) {
            if (gsl_rng_uniform_int(r, n_dev) < need) {
                pop->kind[i] = KIND_DEVICE_HANGS;
                need--;
            }
            n_dev--;
        }
    gsl_rng_free(r);
}

/* Unpacks (address, class) keys, sorted here unless already in order (generated placement
 * without NAT sites or declaring subnets is), into the population's arrays. */
static void unpack(struct population *pop, struct placed *pl)
{
    uint32_t i = 1;
    while (i < pl->n && pl->key[i - 1] <= pl->key[i])
        i++;
    if (i < pl->n)
        radix_sort_u64(pl->key, pl->n);
    uint32_t n = pl->n ? pl->n : 1;
    pop->n = pl->n;
    pop->addr = xmalloc(sizeof *pop->addr * n);
    pop->kind = xmalloc(n);
    pop->n_vulnerable = 0;
    for (uint32_t i = 0; i < pl->n; i++) {
        unsigned cls = pl->key[i] & 3;
        pop->addr[i] = (uint32_t)(pl->key[i] >> 2);
        pop->kind[i] = cls == CLASS_VULNERABLE     ? KIND_IIS
                       : cls == CLASS_DEVICE       ? KIND_DEVICE_RESTARTS
                       : cls == CLASS_DEVICE_HANGS ? KIND_DEVICE_HANGS
                                                   : KIND_OTHER_WEB;
        pop->n_vulnerable += cls == CLASS_VULNERABLE;
    }
}

enum status population_build(struct population *pop, const struct world_config *c,
                             uint64_t run_seed, const char *scenario_path, struct diag *d)
{
    memset(pop, 0, sizeof *pop);
    gsl_rng *r = rng_stream(run_seed, "placement");
    enum status st;
    struct placed pl = {NULL, 0};
    if (c->hosts_file[0]) {
        if (c->other_web > 0) {
            gsl_rng_free(r);
            return diag_set(d, ST_INPUT, scenario_path, 0,
                            "population.other_web must be 0 when population.hosts_file is set");
        }
        uint32_t *addr = NULL, n = 0;
        st = place_from_file(c->hosts_file, r, &addr, &n, d);
        if (st == ST_OK) {
            pl.key = xmalloc(sizeof *pl.key * (n + (uint64_t)c->nat_sites * c->nat_site_hosts + 1));
            for (uint32_t i = 0; i < n; i++)
                pl.key[pl.n++] = (uint64_t)addr[i] << 2 | CLASS_VULNERABLE;
        }
        free(addr);
    } else {
        uint64_t total = (uint64_t)c->vulnerable + (uint64_t)c->other_web +
                         (uint64_t)c->devices_hang + (uint64_t)c->devices_restart +
                         (uint64_t)c->nat_sites * (uint64_t)c->nat_site_hosts;
        if (total > 100000000ull) {
            gsl_rng_free(r);
            return diag_set(d, ST_INPUT, scenario_path, 0, "more than 100000000 hosts in all");
        }
        pl.key = xmalloc(sizeof *pl.key * (total ? total : 1));
        st = place_generated(c, r, (uint32_t)c->vulnerable, (uint32_t)c->other_web, &pl,
                             scenario_path, d);
    }
    if (st == ST_OK)
        place_nat_sites(c, r, &pl);
    gsl_rng_free(r);
    if (st == ST_OK) {
        r = rng_stream(run_seed, "subnet-hosts");
        place_subnet_hosts(c, r, &pl);
        gsl_rng_free(r);
    }
    if (st != ST_OK) {
        free(pl.key);
        return st;
    }
    unpack(pop, &pl);
    free(pl.key);
    mark_hanging_devices(pop, c, rng_stream(run_seed, "devices"));
    for (uint32_t i = 1; i < pop->n; i++)
        if (pop->addr[i] == pop->addr[i - 1]) {
            population_free(pop);
            return diag_set(d, ST_INPUT, scenario_path, 0,
                            "NAT sites overlap hosts_file prefixes: a host was placed twice");
        }
    uint32_t n = pop->n ? pop->n : 1;
    pop->locale = xmalloc(n);
    pop->clock_offset_s = xmalloc(sizeof *pop->clock_offset_s * n);
    draw_attributes(pop, c, run_seed);
    pin_infected_subnet_hosts(pop, c);
    build_index(pop);
    return ST_OK;
}

void population_free(struct population *pop)
{
    free(pop->addr);
    free(pop->clock_offset_s);
    free(pop->kind);
    free(pop->locale);
    free(pop->start16);
    memset(pop, 0, sizeof *pop);
}

void population_check(const struct population *pop)
{
    for (uint32_t i = 1; i < pop->n; i++)
        assert(pop->addr[i - 1] < pop->addr[i]);
    assert(pop->start16[0] == 0 && pop->start16[65536] == pop->n);
    for (uint32_t g = 0; g < 65536; g++)
        for (uint32_t i = pop->start16[g]; i < pop->start16[g + 1]; i++)
            assert(pop->addr[i] >> 16 == g);
    uint32_t v = 0;
    for (uint32_t i = 0; i < pop->n; i++)
        v += population_is_iis(pop->kind[i]);
    assert(v == pop->n_vulnerable);
}
