/* sensors.c - the set of sensors of a run: the hosts' slots and scanning times, the hooks the
 * world calls, the share of a host's scans that lands in a prefix, and the columns.
 * Telescopes (telescope.c) and web logs (weblog.c) do the counting. */
#include "sensors_internal.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crii.h"
#include "paths.h"
#include "rng.h"

/* Addresses the two prefixes share. */
static double overlap(const struct prefix *a, const struct prefix *b)
{
    const struct prefix *small = a->len >= b->len ? a : b, *big = small == a ? b : a;
    return prefix_contains(big, small->base) ? prefix_size(small) : 0;
}

/* Addresses of p in the scope of a Code Red II component from self (its /8, /16 or all),
 * less those it draws again (127/8, 224/8, itself). */
static double crii_reach(enum crii_component c, uint32_t self, const struct prefix *p)
{
    struct prefix scope = {0, 0};
    if (c == CRII_SAME8)
        scope = (struct prefix){self & 0xFF000000u, 8};
    else if (c == CRII_SAME16)
        scope = (struct prefix){self & 0xFFFF0000u, 16};
    const struct prefix *in = scope.len >= p->len ? &scope : p;
    double n = overlap(&scope, p);
    if (n == 0)
        return 0;
    static const struct prefix redrawn[2] = {{127u << 24, 8}, {224u << 24, 8}};
    for (int i = 0; i < 2; i++)
        n -= overlap(in, &redrawn[i]);
    if (prefix_contains(in, self) && !crii_redrawn(self))
        n -= 1;
    return n > 0 ? n : 0;
}

double sensor_share(const struct sensors *s, int w, uint32_t addr, const struct prefix *p)
{
    const struct sensor_worm *k = &s->worms[w];
    if (!k->local)
        return overlap(&k->space, p) / prefix_size(&k->space);
    double q = 0;
    for (int c = 0; c < CRII_COMPONENTS; c++) {
        double space = crii_component_space((enum crii_component)c, addr);
        if (k->p[c] > 0 && space > 0)
            q += k->p[c] * crii_reach((enum crii_component)c, addr, p) / space;
    }
    return q;
}

uint32_t sensor_slot(struct sensors *s, uint32_t h)
{
    if (s->slot_of[h])
        return s->slot_of[h] - 1;
    if (s->n_slots == s->cap_slots) {
        uint32_t old = s->cap_slots, cap = old ? 2 * old : 1024;
        s->host_of = xrealloc(s->host_of, sizeof *s->host_of * cap);
        for (int w = 0; w < SENSOR_WORMS; w++) {
            s->hosts[w] = xrealloc(s->hosts[w], sizeof *s->hosts[w] * cap);
            s->scanning[w] = xrealloc(s->scanning[w], sizeof *s->scanning[w] * cap);
        }
        for (int k = 0; k < s->n_tel; k++)
            telescope_grow(s, &s->tel[k], old, cap);
        s->cap_slots = cap;
    }
    uint32_t i = s->n_slots++;
    s->host_of[i] = h;
    for (int w = 0; w < SENSOR_WORMS; w++)
        s->hosts[w][i] = (struct sensor_host){.since = -1};
    s->slot_of[h] = i + 1;
    return i;
}

static void make_columns(struct sensors *s)
{
    static const char *const tel_cols[] = {"probes", "syns", "sources", "sources_ever"};
    int n = 0;
    for (int k = 0; k < s->n_tel; k++)
        for (int w = 0; w < SENSOR_WORMS; w++)
            n += s->worms[w].on ? 4 : 0;
    n += s->n_logs;
    s->columns = xmalloc(sizeof *s->columns * (size_t)(n ? n : 1));
    s->names = xmalloc((size_t)(n ? n : 1) * 96);
    int c = 0;
    for (int k = 0; k < s->n_tel; k++) {
        s->tel[k].col = c;
        for (int w = 0; w < SENSOR_WORMS; w++)
            for (int j = 0; s->worms[w].on && j < 4; j++, c++) {
                snprintf(s->names + 96 * c, 96, "telescope.%s.%s.%s", s->tel[k].cfg->name,
                         s->worms[w].variant, tel_cols[j]);
                s->columns[c] = s->names + 96 * c;
            }
    }
    for (int g = 0; g < s->n_logs; g++, c++) {
        s->logs[g].col = c;
        snprintf(s->names + 96 * c, 96, "weblog.%s.hits", s->logs[g].cfg->name);
        s->columns[c] = s->names + 96 * c;
    }
    s->n_columns = c;
}

enum status sensors_create(struct sensors **out, const struct world_config *c,
                           const struct population *pop, uint64_t seed, const char *path,
                           struct diag *d)
{
    *out = NULL;
    if (c->n_telescopes == 0 && c->n_weblogs == 0)
        return ST_OK;
    enum status st = sensors_validate(c, path, d);
    if (st != ST_OK)
        return st;
    struct sensors *s = xcalloc(1, sizeof *s);
    s->cfg = c;
    s->pop = pop;
    s->path = path;
    s->seed = seed;
    s->r = rng_stream(seed, "sensors");
    s->sample_s = c->sample_s;
    s->t_end = c->end_epoch_s - c->start_epoch_s;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        const struct worm_config *k = &c->worms[w];
        struct sensor_worm *x = &s->worms[w];
        x->on = k->variant != WORM_NONE;
        x->local = k->variant == WORM_CRII;
        x->p[0] = k->p_random, x->p[1] = k->p_same8, x->p[2] = k->p_same16;
        x->space = c->space;
        x->variant = config_variant_name(k->variant);
    }
    s->slot_of = xcalloc(pop->n ? pop->n : 1, sizeof *s->slot_of);
    s->n_tel = c->n_telescopes;
    for (int k = 0; k < s->n_tel; k++)
        telescope_init(s, &s->tel[k], &c->telescopes[k]);
    s->n_logs = c->n_weblogs;
    for (int g = 0; g < s->n_logs; g++)
        weblog_init(s, &s->logs[g], &c->weblogs[g]);
    make_columns(s);
    *out = s;
    return ST_OK;
}

void sensors_free(struct sensors *s)
{
    if (!s)
        return;
    for (int k = 0; k < s->n_tel; k++)
        telescope_free(s, &s->tel[k]);
    for (int g = 0; g < s->n_logs; g++)
        weblog_free(&s->logs[g]);
    for (int w = 0; w < SENSOR_WORMS; w++) {
        free(s->hosts[w]);
        free(s->scanning[w]);
    }
    free(s->slot_of);
    free(s->host_of);
    free(s->columns);
    free(s->names);
    gsl_rng_free(s->r);
    free(s);
}

int sensors_columns(const struct sensors *s, const char *const **names)
{
    if (!s)
        return *names = NULL, 0;
    *names = s->columns;
    return s->n_columns;
}

void sensors_spread_start(struct sensors *s, int w, uint32_t h, double rate, double t)
{
    if (!s)
        return;
    uint32_t i = sensor_slot(s, h);
    struct sensor_host *x = &s->hosts[w][i];
    assert(x->since < 0);
    for (int g = 0; g < s->n_logs; g++)
        weblog_settle(s, &s->logs[g], t); /* the old rates up to t */
    x->since = t;
    x->rate = rate;
    x->pos = s->n_scanning[w];
    s->scanning[w][s->n_scanning[w]++] = i;
    for (int k = 0; k < s->n_tel; k++)
        telescope_start(s, &s->tel[k], w, i, t);
    for (int g = 0; g < s->n_logs; g++)
        weblog_change(s, &s->logs[g], w, i, +1);
}

void sensors_spread_stop(struct sensors *s, int w, uint32_t h, double t)
{
    if (!s)
        return;
    uint32_t i = s->slot_of[h] - 1;
    struct sensor_host *x = &s->hosts[w][i];
    assert(s->slot_of[h] && x->since >= 0);
    for (int g = 0; g < s->n_logs; g++) {
        weblog_settle(s, &s->logs[g], t);
        weblog_change(s, &s->logs[g], w, i, -1);
    }
    for (int k = 0; k < s->n_tel; k++)
        telescope_stop(s, &s->tel[k], w, i, t);
    x->cum_s += t - x->since;
    x->since = -1;
    uint32_t last = s->scanning[w][--s->n_scanning[w]];
    s->scanning[w][x->pos] = last;
    s->hosts[w][last].pos = x->pos;
}

gsl_rng *sensors_rng(struct sensors *s) { return s->r; }

bool sensors_watch(const struct sensors *s, uint32_t target)
{
    if (!s)
        return false;
    for (int k = 0; k < s->n_tel; k++)
        if (prefix_contains(&s->tel[k].cfg->prefix, target))
            return true;
    for (int g = 0; g < s->n_logs; g++)
        if (s->logs[g].cfg->address == target)
            return true;
    return false;
}

void sensors_scan(struct sensors *s, int w, uint32_t h, uint32_t target, bool live,
                  double t_lo, double t_hi)
{
    if (!s)
        return;
    uint32_t i = sensor_slot(s, h);
    for (int k = 0; k < s->n_tel; k++)
        if (prefix_contains(&s->tel[k].cfg->prefix, target))
            telescope_scan(s, &s->tel[k], w, i, live);
    for (int g = 0; g < s->n_logs; g++)
        if (s->logs[g].cfg->address == target) {
            double t = t_hi > t_lo ? t_lo + (t_hi - t_lo) * gsl_rng_uniform(s->r) : t_lo;
            weblog_hit(s, &s->logs[g], w, s->pop->addr[h], t);
        }
}

enum status sensors_sample(struct sensors *s, double t, double *values, struct diag *d)
{
    if (!s)
        return ST_OK;
    for (int k = 0; k < s->n_tel; k++)
        telescope_sample(s, &s->tel[k], t, values);
    for (int g = 0; g < s->n_logs; g++) {
        enum status st = weblog_sample(s, &s->logs[g], t, values, d);
        if (st != ST_OK)
            return st;
    }
    s->last_sample_t = t;
    return ST_OK;
}

void sensors_check(const struct sensors *s)
{
    if (!s)
        return;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < s->n_slots; i++)
            if (s->hosts[w][i].since >= 0) {
                n++;
                assert(s->scanning[w][s->hosts[w][i].pos] == i);
            }
        assert(n == s->n_scanning[w]);
    }
    for (int k = 0; k < s->n_tel; k++)
        telescope_check(s, &s->tel[k]);
}

/* The directory a weblog's run directories go into. */
static const char *log_root(const struct weblog_section *c, const char *db_dir)
{
    return c->dir[0] ? c->dir : db_dir;
}

enum status sensors_check_dirs(const struct world_config *c, const char *db_dir,
                               const char *path, struct diag *d)
{
    for (int g = 0; g < c->n_weblogs; g++) {
        const char *root = log_root(&c->weblogs[g], db_dir);
        char probe[1200];
        snprintf(probe, sizeof probe, "%s/.wormsim-XXXXXX", root);
        struct diag why = {0};
        enum status st = paths_make_parents(probe, &why);
        int fd = st == ST_OK ? mkstemp(probe) : -1;
        if (fd < 0)
            return diag_set(d, ST_INPUT, path, 0, "[weblog %s]: cannot write log files in %s: %s",
                            c->weblogs[g].name, root,
                            st == ST_OK ? strerror(errno) : why.msg);
        close(fd);
        unlink(probe);
    }
    return ST_OK;
}

enum status sensors_open(struct sensors *s, const char *db_dir, long long run_id,
                         void (*report)(const char *name, const char *dir, void *arg), void *arg,
                         struct diag *d)
{
    for (int g = 0; s && g < s->n_logs; g++) {
        const struct weblog_section *c = s->logs[g].cfg;
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%lld-%s", log_root(c, db_dir), run_id, c->name);
        enum status st = weblog_open(s, &s->logs[g], dir, d);
        if (st != ST_OK)
            return st;
        if (report)
            report(c->name, dir, arg);
    }
    return ST_OK;
}

enum status sensors_close(struct sensors *s, bool ok, struct diag *d)
{
    enum status st = ST_OK;
    for (int g = 0; s && g < s->n_logs; g++) {
        enum status x = weblog_close(&s->logs[g], ok && st == ST_OK, d);
        if (st == ST_OK)
            st = x;
    }
    return st;
}

enum status sensors_validate(const struct world_config *c, const char *path, struct diag *d)
{
    char space[32];
    prefix_format(&c->space, space, sizeof space);
    for (int k = 0; k < c->n_telescopes; k++) {
        const struct telescope_section *t = &c->telescopes[k];
        double ratio = t->window_s / c->sample_s;
        if (fabs(ratio - floor(ratio + 0.5)) > 1e-9 || ratio < 0.5)
            return diag_set(d, ST_INPUT, path, 0,
                            "[telescope %s]: window (%g s) must be a multiple of run.sample "
                            "(%g s)", t->name, t->window_s, c->sample_s);
        if (overlap(&t->prefix, &c->space) == 0) {
            char p[32];
            prefix_format(&t->prefix, p, sizeof p);
            return diag_set(d, ST_INPUT, path, 0,
                            "[telescope %s]: prefix %s lies outside space.prefix %s", t->name, p,
                            space);
        }
        for (int g = 0; g < c->n_weblogs; g++)
            if (!strcmp(c->weblogs[g].name, t->name))
                return diag_set(d, ST_INPUT, path, 0,
                                "[telescope %s] and [weblog %s]: sensors need different names",
                                t->name, t->name);
    }
    for (int g = 0; g < c->n_weblogs; g++) {
        const struct weblog_section *w = &c->weblogs[g];
        if (!prefix_contains(&c->space, w->address)) {
            char a[16];
            ipv4_format(w->address, a, sizeof a);
            return diag_set(d, ST_INPUT, path, 0,
                            "[weblog %s]: address %s lies outside space.prefix %s", w->name, a,
                            space);
        }
    }
    return ST_OK;
}
