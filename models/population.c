/* population.c - placing hosts in the address space and giving them attributes.
 * Generated placement: `occupied_16s` eligible /16s are chosen at random and ranked at random;
 * the k-th holds a share proportional to k^-density_exponent (a Zipf law: most of the space is
 * empty, a few networks are dense), drawn as one multinomial. File placement: each
 * "prefix count" line puts count hosts uniformly in its prefix. Addresses are distinct. */
#include "population.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "rng.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Appends `count` distinct addresses drawn uniformly from [base, base + size) to out (which has
 * room). Draws with replacement, sorts, removes repeats and draws again for the missing ones;
 * the result is a uniform random subset. Requires count <= size. */
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
    while (have < count) {
        for (uint32_t i = have; i < count; i++)
            out[i] = base + (uint32_t)(size > 0xFFFFFFFFull ? gsl_rng_get(r)
                                                            : gsl_rng_uniform_int(r, (unsigned long)size));
        qsort(out, count, sizeof *out, cmp_u32);
        uint32_t u = 1;
        for (uint32_t i = 1; i < count; i++)
            if (out[i] != out[u - 1])
                out[u++] = out[i];
        have = u;
    }
}

static bool block_eligible(uint32_t slash16, const struct world_config *c)
{
    if (c->space.len >= 8)
        return true; /* a space of a /8 or smaller is what the user chose: no exclusions */
    uint32_t addr = slash16 << 16;
    if (ipv4_slash8_excluded((int)(slash16 >> 8), c->exclude_private, c->exclude_unallocated))
        return false;
    return !(c->exclude_private && ipv4_in_private16(addr));
}

/* Generated placement of n hosts into out (sorted on return). */
static enum status place_generated(const struct world_config *c, gsl_rng *r, uint32_t n,
                                   uint32_t *out, const char *path, struct diag *d)
{
    if (c->space.len > 16) {
        uint64_t size = 1ull << (32 - c->space.len);
        if (n > size)
            return diag_set(d, ST_INPUT, path, 0,
                            "%u hosts do not fit in space.prefix (%llu addresses)", n,
                            (unsigned long long)size);
        sample_distinct(r, c->space.base, size, n, out);
        return ST_OK;
    }
    uint32_t first = c->space.base >> 16, nblocks = 1u << (16 - c->space.len);
    uint32_t *eligible = xmalloc(sizeof *eligible * nblocks);
    uint32_t n_el = 0;
    for (uint32_t b = 0; b < nblocks; b++)
        if (block_eligible(first + b, c))
            eligible[n_el++] = first + b;
    uint32_t m = n_el < (uint32_t)c->occupied_16s ? n_el : (uint32_t)c->occupied_16s;
    if ((uint64_t)m * 65536 < n) {
        free(eligible);
        return diag_set(d, ST_INPUT, path, 0,
                        "%u hosts do not fit in %u /16 networks (raise population.occupied_16s)",
                        n, m);
    }
    /* Partial Fisher-Yates: the first m entries become a random choice in random order (rank). */
    for (uint32_t i = 0; i < m; i++) {
        uint32_t j = i + (uint32_t)gsl_rng_uniform_int(r, n_el - i);
        uint32_t t = eligible[i];
        eligible[i] = eligible[j];
        eligible[j] = t;
    }
    double *w = xmalloc(sizeof *w * m);
    unsigned *counts = xmalloc(sizeof *counts * m);
    for (uint32_t k = 0; k < m; k++)
        w[k] = pow((double)(k + 1), -c->density_exponent);
    gsl_ran_multinomial(r, m, n, w, counts);
    /* A /16 holds at most 65536 hosts: pass any excess down the ranking. */
    unsigned carry = 0;
    for (uint32_t k = 0; k < m; k++) {
        counts[k] += carry;
        carry = counts[k] > 65536 ? counts[k] - 65536 : 0;
        counts[k] -= carry;
    }
    for (uint32_t k = 0; carry && k < m; k++) {
        unsigned room = 65536 - counts[k], add = carry < room ? carry : room;
        counts[k] += add;
        carry -= add;
    }
    uint32_t at = 0;
    for (uint32_t k = 0; k < m; k++) {
        sample_distinct(r, eligible[k] << 16, 65536, counts[k], out + at);
        at += counts[k];
    }
    assert(at == n);
    qsort(out, n, sizeof *out, cmp_u32);
    free(w);
    free(counts);
    free(eligible);
    return ST_OK;
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
    qsort(addr, n, sizeof *addr, cmp_u32);
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

/* Kinds, locales and clock offsets, each from its own stream. */
static void draw_attributes(struct population *pop, const struct world_config *c, uint32_t n_vuln,
                            uint64_t seed)
{
    gsl_rng *ra = rng_stream(seed, "attributes"), *rc = rng_stream(seed, "clock");
    uint32_t n = pop->n;
    /* Which placed hosts are the vulnerable ones: a uniform random subset of n_vuln. */
    uint32_t *perm = xmalloc(sizeof *perm * (n ? n : 1));
    for (uint32_t i = 0; i < n; i++) {
        perm[i] = i;
        pop->kind[i] = KIND_OTHER_WEB;
    }
    for (uint32_t i = 0; i < n_vuln; i++) {
        uint32_t j = i + (uint32_t)gsl_rng_uniform_int(ra, n - i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        pop->kind[perm[i]] = KIND_IIS;
    }
    free(perm);
    for (uint32_t i = 0; i < n; i++) {
        double u = gsl_rng_uniform(ra);
        uint8_t loc = u < c->share_english                                        ? LOCALE_ENGLISH
                      : u < c->share_english + c->share_japanese                  ? LOCALE_JAPANESE
                      : u < c->share_english + c->share_japanese + c->share_chinese ? LOCALE_CHINESE
                                                                                   : LOCALE_OTHER;
        pop->locale[i] = loc;
        /* FACTS "Devices hurt by the probe": Japanese IIS often crashes instead. */
        double v = gsl_rng_uniform(ra);
        if (pop->kind[i] == KIND_IIS && loc == LOCALE_JAPANESE && v < c->japanese_crash)
            pop->kind[i] = KIND_IIS_CRASHES;
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

enum status population_build(struct population *pop, const struct world_config *c,
                             uint64_t run_seed, const char *scenario_path, struct diag *d)
{
    memset(pop, 0, sizeof *pop);
    gsl_rng *r = rng_stream(run_seed, "placement");
    enum status st;
    uint32_t n_vuln;
    if (c->hosts_file[0]) {
        if (c->other_web > 0) {
            gsl_rng_free(r);
            return diag_set(d, ST_INPUT, scenario_path, 0,
                            "population.other_web must be 0 when population.hosts_file is set");
        }
        st = place_from_file(c->hosts_file, r, &pop->addr, &pop->n, d);
        n_vuln = pop->n;
    } else {
        uint64_t total = (uint64_t)c->vulnerable + (uint64_t)c->other_web;
        if (total > 100000000ull) {
            gsl_rng_free(r);
            return diag_set(d, ST_INPUT, scenario_path, 0, "more than 100000000 hosts in all");
        }
        pop->n = (uint32_t)total;
        n_vuln = (uint32_t)c->vulnerable;
        pop->addr = xmalloc(sizeof *pop->addr * (pop->n ? pop->n : 1));
        st = place_generated(c, r, pop->n, pop->addr, scenario_path, d);
    }
    gsl_rng_free(r);
    if (st != ST_OK) {
        free(pop->addr);
        pop->addr = NULL;
        return st;
    }
    uint32_t n = pop->n ? pop->n : 1;
    pop->kind = xmalloc(n);
    pop->locale = xmalloc(n);
    pop->clock_offset_s = xmalloc(sizeof *pop->clock_offset_s * n);
    draw_attributes(pop, c, n_vuln, run_seed);
    pop->n_vulnerable = n_vuln;
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

uint32_t population_find(const struct population *pop, uint32_t addr)
{
    uint32_t lo = pop->start16[addr >> 16], hi = pop->start16[(addr >> 16) + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (pop->addr[mid] < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < pop->start16[(addr >> 16) + 1] && pop->addr[lo] == addr) ? lo
                                                                           : POPULATION_NO_HOST;
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
        v += pop->kind[i] != KIND_OTHER_WEB;
    assert(v == pop->n_vulnerable);
}
