/* spread.c - one worm's infection process, in two fidelities of the same law.
 *
 * Fast: probes that change a host arrive at rate sum_c p_c r W_c V_c / S_c (component c:
 * random, own /8, own /16; W spreaders' weight, V changeable hosts in reach, S the addresses
 * the component draws from). The next one is drawn exactly (Gillespie) and redrawn after
 * every change (memoryless). Per-scan: every scan is drawn and its target looked up.
 *
 * Reachability (both modes): a private address (a NAT site) is reached only by a scan of the
 * own /8 or own /16 component from a host in the same private /16; a random scan to a private
 * address leaves through the NAT and is lost. So for local worms the per-/8 pair count is
 *   prod8[g8] = W8[g8] * (V8[g8] - Vpriv8[g8]) + sum over private /16s g of g8: W16[g] V16[g]. */
#include <assert.h>
#include <math.h>
#include <gsl/gsl_randist.h>

#include "crii.h"
#include "ipv4.h"
#include "rng.h"
#include "scan.h"
#include "world_internal.h"

static void process_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b);

static double spread_rate(const struct worm *k) { return k->rate * (double)k->spread.total_weight; }

/* Threads of a Chinese-language host in units of cfg.threads (1 when not set). */
static uint32_t chinese_weight(const struct worm_config *c)
{
    return c->threads_chinese ? (uint32_t)(c->threads_chinese / c->threads) : 1;
}

uint32_t spread_thread_weight(const struct worm *k, uint32_t h)
{
    uint32_t w = k->w->pop.locale[h] == LOCALE_CHINESE ? chinese_weight(&k->cfg) : 1;
    return k->rate16 ? w * k->rate16[k->w->pop.addr[h] >> 16] : w; /* thread_rate.c */
}

/* Uniform integer in [0, n), n >= 1, also above the generator's 32 bits. */
static uint64_t draw_below(gsl_rng *r, uint64_t n)
{
    if (n <= 0xFFFFFFFFull)
        return gsl_rng_uniform_int(r, (unsigned long)n);
    uint64_t x = (uint64_t)gsl_rng_get(r) << 32 | (uint64_t)gsl_rng_get(r);
    return x % n; /* bias below n / 2^64: nil at these sizes */
}

/* Local worms: refreshes the pair counts of h's /16 and /8. */
static void groups_update(struct worm *k, uint32_t h)
{
    if (!worm_grouped(k))
        return;
    uint32_t g16 = k->w->pop.addr[h] >> 16, g8 = g16 >> 8;
    uint64_t old16 = sumtree_get(&k->prod16, g16);
    uint64_t new16 = hostset_weight16(&k->spread, g16) * hostset_count16(&k->susc, g16);
    sumtree_set(&k->prod16, g16, new16);
    if (world_behind_nat(k->w, g16 << 16))
        k->priv_prod8[g8] += new16 - old16;
    uint64_t p8 = k->spread.w8[g8] * (k->susc.c8[g8] - k->priv_susc8[g8]) + k->priv_prod8[g8];
    k->prod8_total += p8 - k->prod8[g8];
    k->prod8[g8] = p8;
}

void spread_susceptible(struct worm *k, uint32_t h, bool add)
{
    uint32_t addr = k->w->pop.addr[h];
    if (add)
        hostset_add(&k->susc, h, 1);
    else
        hostset_remove(&k->susc, h);
    if (world_behind_nat(k->w, addr)) {
        k->priv_susc += add ? 1 : (uint64_t)-1;
        k->priv_susc8[addr >> 24] += add ? 1 : (uint64_t)-1;
    }
    groups_update(k, h);
}

void spread_spreading(struct worm *k, uint32_t h, bool add)
{
    if (add)
        hostset_add(&k->spread, h, spread_thread_weight(k, h));
    else
        hostset_remove(&k->spread, h);
    groups_update(k, h);
}

/* Fast mode: rate of probes that change a host, per component. Code Red I v1's probes come
 * from its walk (crv1_walk.c), not from here. */
static double component_rates(const struct worm *k, double lambda[3])
{
    lambda[0] = lambda[1] = lambda[2] = 0;
    double v_public = (double)(k->susc.total_count - k->priv_susc);
    double W = (double)k->spread.total_weight;
    switch (k->kind->targets) {
    case TARGETS_SEQUENCE:
        return 0;
    case TARGETS_UNIFORM:
        lambda[0] = k->rate * W * v_public / k->w->space_size;
        break;
    case TARGETS_NEARBY:
        lambda[0] = k->cfg.p_random * k->rate * W * v_public / k->space[CRII_RANDOM];
        lambda[1] = k->cfg.p_same8 * k->rate * (double)k->prod8_total / k->space[CRII_SAME8];
        lambda[2] = k->cfg.p_same16 * k->rate * (double)sumtree_total(&k->prod16) /
                    k->space[CRII_SAME16];
        break;
    }
    return lambda[0] + lambda[1] + lambda[2];
}

void spread_account_scans(struct worm *k, double t)
{
    if (worm_scans_from_rate(k)) {
        k->scans_acc += spread_rate(k) * (t - k->rate_since);
        k->rate_since = t;
    }
}

void spread_reschedule(struct worm *k, double t)
{
    if (k->in_scan_loop || worm_walks(k))
        return; /* the scan loop continues with the new rate itself; a walk schedules itself */
    struct world *w = k->w;
    if (w->cfg.mode == MODE_PER_SCAN) {
        if (!engine_timer_armed(w->eng, k->process_tm) && spread_rate(k) > 0 && t < w->t_end)
            engine_timer_set(w->eng, k->process_tm, t);
        return;
    }
    engine_timer_clear(w->eng, k->process_tm);
    double parts[3], lambda = component_rates(k, parts);
    if (lambda <= 0)
        return;
    double next = t + gsl_ran_exponential(k->r_infect, 1.0 / lambda);
    if (next <= w->t_end)
        engine_timer_set(w->eng, k->process_tm, next);
}

/* A susceptible host at a public address, uniform (rejection: NAT hosts are few). */
static uint32_t pick_public(const struct world *w, const struct hostset *s, gsl_rng *r, int g8)
{
    for (;;) {
        uint32_t h = g8 < 0 ? hostset_pick(s, r, false) : hostset_pick8(s, r, (uint32_t)g8, false);
        if (!world_behind_nat(w, s->pop->addr[h]))
            return h;
    }
}

/* Fast mode: which component, then a (source, victim) pair drawn in proportion to its
 * reachable pairs, each weighted by the source's threads. */
static void fast_probe(struct worm *k, double t)
{
    double parts[3], total = component_rates(k, parts);
    double u = gsl_rng_uniform(k->r_infect) * total;
    gsl_rng *r = k->r_infect;
    uint32_t source, victim;
    if (u < parts[0] || (parts[1] == 0 && parts[2] == 0)) {
        source = hostset_pick(&k->spread, r, true);
        victim = pick_public(k->w, &k->susc, r, -1);
    } else if (u < parts[0] + parts[1] || parts[2] == 0) {
        uint64_t x = draw_below(r, k->prod8_total);
        uint32_t g8 = 0;
        while (x >= k->prod8[g8])
            x -= k->prod8[g8++];
        if (x < k->prod8[g8] - k->priv_prod8[g8]) {
            source = hostset_pick8(&k->spread, r, g8, true);
            victim = pick_public(k->w, &k->susc, r, (int)g8);
        } else { /* a pair inside one private /16 */
            x -= k->prod8[g8] - k->priv_prod8[g8];
            uint32_t g16 = g8 << 8;
            for (;; g16++) {
                uint64_t p = world_behind_nat(k->w, g16 << 16) ? sumtree_get(&k->prod16, g16) : 0;
                if (x < p)
                    break;
                x -= p;
            }
            source = hostset_pick16(&k->spread, r, g16, true);
            victim = hostset_pick16(&k->susc, r, g16, false);
        }
    } else {
        uint64_t x = draw_below(r, sumtree_total(&k->prod16));
        uint32_t g16 = (uint32_t)sumtree_find(&k->prod16, x);
        source = hostset_pick16(&k->spread, r, g16, true);
        victim = hostset_pick16(&k->susc, r, g16, false);
    }
    world_probe(k, source, victim, t);
}

/* Per-scan mode: one scan from source (drawn only for grouped worms, whose targets depend on
 * it); counts its load and returns the host it reached if a probe of this worm changes that
 * host, else POPULATION_NO_HOST. */
static uint32_t scan_once(struct worm *k, uint32_t source)
{
    struct world *w = k->w;
    uint32_t self = worm_grouped(k) ? w->pop.addr[source] : 0;
    bool random_component;
    uint32_t target = scan_target(k, self, NULL, &random_component);
    uint32_t h = POPULATION_NO_HOST;
    if (scan_passes_nat(w, self, target, random_component))
        h = population_find(&w->pop, target);
    bool live = h != POPULATION_NO_HOST && w->state[h] == HOST_UP;
    scan_count(w, k, live);
    if (w->sensors)
        world_sensors_scan(k, worm_grouped(k) ? source : POPULATION_NO_HOST, target, live);
    return live && hostset_has(&k->susc, h) ? h : POPULATION_NO_HOST;
}

/* Per-scan mode from time t up to the next other event (or the end). The scans in a window
 * [t, u] are Poisson(R (u - t)) in number with uniform times, so they are drawn as a count and
 * walked in order without times; the first that changes a host happens at the j-th of n
 * uniform order statistics, t + (u - t) Beta(j, n - j + 1). From there the process starts
 * afresh with the new rate (strong Markov property), so the rest of the window is redrawn.
 */
static void scan_until_next_event(struct worm *k, struct engine *eng, double t)
{
    struct world *w = k->w;
    k->in_scan_loop = 1;
    for (;;) {
        double lambda = spread_rate(k);
        double until = fmin(engine_next_time(eng), w->t_end);
        if (lambda <= 0 || until <= t)
            break;
        unsigned n = gsl_ran_poisson(k->r_scan, lambda * (until - t));
        uint32_t victim = POPULATION_NO_HOST, source = 0;
        unsigned j = 0;
        while (j < n && victim == POPULATION_NO_HOST) {
            j++;
            /* Code Red II's targets depend on the scanner; random scanners' do not, so
             * their source is drawn only for a hit (the same law, fewer draws). */
            if (worm_grouped(k))
                source = hostset_pick(&k->spread, k->r_scan, true);
            victim = scan_once(k, source);
        }
        k->scans_total += j;
        if (victim == POPULATION_NO_HOST) {
            if (w->sensors)
                world_sensors_flush(k, t, until, false);
            t = until;
            break;
        }
        double t0 = t;
        t += (until - t) * gsl_ran_beta(k->r_scan, j, n - j + 1);
        if (w->sensors) /* the j - 1 scans before the hit fall uniformly in [t0, t] */
            world_sensors_flush(k, t0, t, true);
        if (!worm_grouped(k))
            source = hostset_pick(&k->spread, k->r_scan, true);
        world_probe(k, source, victim, t);
    }
    k->in_scan_loop = 0;
    if (spread_rate(k) > 0 && t < w->t_end)
        engine_timer_set(eng, k->process_tm, t);
}

static void process_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct worm *k = ctx;
    double t = engine_now(eng);
    if (k->w->cfg.mode == MODE_PER_SCAN) {
        scan_until_next_event(k, eng, t);
        return;
    }
    fast_probe(k, t); /* world_probe reschedules */
}

/* The worm's next probe (fast mode) or scan loop (per-scan) is an engine timer: it moves after
 * every change of rates, which costs no cancellation and no push into the pending set. */
void spread_start(struct worm *k, struct engine *eng)
{
    k->process_tm = engine_timer_new(eng, process_event, k);
}

void spread_init(struct worm *k)
{
    const struct population *pop = &k->w->pop;
    for (int c = 0; c < CRII_COMPONENTS; c++)
        k->space[c] = scan_component_space((enum crii_component)c);
    hostset_init(&k->susc, pop, 1, worm_grouped(k));
    hostset_init(&k->spread, pop, chinese_weight(&k->cfg) * (k->rate16 ? k->rate16_max : 1),
                 worm_grouped(k));
    sumtree_init(&k->prod16, worm_grouped(k) ? 65536 : 1);
}

/* Recounts from the hosts every sum the fast mode draws from, and asserts it (O(hosts +
 * groups)). Which hosts belong in susc and spread is world_check's to assert. */
void spread_check(const struct worm *k)
{
    const struct world *w = k->w;
    hostset_check(&k->susc);
    hostset_check(&k->spread);
    uint64_t priv = 0, priv8[256] = {0};
    for (uint32_t h = 0; h < w->pop.n; h++) {
        uint32_t addr = w->pop.addr[h];
        if (hostset_has(&k->susc, h) && world_behind_nat(w, addr)) {
            priv++;
            priv8[addr >> 24]++;
        }
        if (hostset_has(&k->spread, h))
            assert(hostset_weight(&k->spread, h) == spread_thread_weight(k, h));
    }
    assert(priv == k->priv_susc);
    for (uint32_t g8 = 0; g8 < 256; g8++)
        assert(priv8[g8] == k->priv_susc8[g8]);
    if (!worm_grouped(k))
        return;
    sumtree_check(&k->prod16);
    uint64_t pp8[256] = {0}, total = 0;
    for (uint32_t g16 = 0; g16 < 65536; g16++) {
        uint64_t p = hostset_weight16(&k->spread, g16) * hostset_count16(&k->susc, g16);
        assert(sumtree_get(&k->prod16, g16) == p);
        if (world_behind_nat(w, g16 << 16))
            pp8[g16 >> 8] += p;
    }
    for (uint32_t g8 = 0; g8 < 256; g8++) {
        assert(pp8[g8] == k->priv_prod8[g8]);
        uint64_t p8 = k->spread.w8[g8] * (k->susc.c8[g8] - priv8[g8]) + pp8[g8];
        assert(p8 == k->prod8[g8]);
        total += p8;
    }
    assert(total == k->prod8_total);
}

void spread_free(struct worm *k)
{
    hostset_free(&k->susc);
    hostset_free(&k->spread);
    sumtree_free(&k->prod16);
}
