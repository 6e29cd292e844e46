/* figures.c - a run's key figures, read back from what it stored (series and events), chosen
 * by the scenario's kind: an outbreak of Code Red I (ever infected by the next midnight, the
 * peak rate), Code Red II (times to 50 % and 90 % of the hosts it ever infected, the share of
 * infections near the infecting host), routers with a memory model (crashes, first crash,
 * longest up-time) and devices hung by the probe. The run summary and the HTML report print
 * them; the model never prints. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "config.h"
#include "describe.h"
#include "worm_kind.h"

struct figs {
    struct model_figure *out;
    int n, max;
    const struct model_reader *r;
    const char *by;  /* "by the end" or "by the interruption" */
};

static void add(struct figs *f, const char *value, const char *label_fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct figs *f, const char *value, const char *label_fmt, ...)
{
    if (f->n >= f->max)
        return;
    struct model_figure *x = &f->out[f->n++];
    va_list ap;
    va_start(ap, label_fmt);
    vsnprintf(x->label, sizeof x->label, label_fmt, ap);
    va_end(ap);
    snprintf(x->value, sizeof x->value, "%s", value);
}

/* 359104 -> "359,104" (whole numbers; others with up to 3 significant decimals). */
static void fmt_count(double v, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "n/a");
        return;
    }
    if (fabs(v) >= 1e15 || v != floor(v)) {
        snprintf(buf, len, "%.4g", v);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t nd = strlen(digits), k = 0;
    char tmp[48];
    if (v < 0)
        tmp[k++] = '-';
    for (size_t i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            tmp[k++] = ',';
        tmp[k++] = digits[i];
    }
    tmp[k] = '\0';
    snprintf(buf, len, "%s", tmp);
}

/* "2001-07-19 10:00 UTC" */
static void fmt_when(double epoch_s, char *buf, size_t len)
{
    struct utc_date u = calendar_date(epoch_s);
    snprintf(buf, len, "%04d-%02d-%02d %02d:%02d UTC", u.year, u.month, u.day, u.hour, u.min);
}

/* "1 d 4 h 20 min", "3 h 5 min", "12 min" */
static void fmt_span(double s, char *buf, size_t len)
{
    long m = lround(s / 60);
    long d = m / 1440, h = m % 1440 / 60, mm = m % 60;
    if (d)
        snprintf(buf, len, "%ld d %ld h %ld min", d, h, mm);
    else if (h)
        snprintf(buf, len, "%ld h %ld min", h, mm);
    else
        snprintf(buf, len, "%ld min", mm);
}

/* A column read through the reader; n < 0 when the run has no such column. */
struct col {
    double *t, *v;
    long n;
};

static struct col col_read(const struct model_reader *r, const char *name)
{
    struct col c = {NULL, NULL, -1};
    c.n = r->series(r->arg, name, &c.t, &c.v);
    return c;
}

static void col_free(struct col *c)
{
    free(c->t);
    free(c->v);
}

static double col_last(const struct col *c) { return c->n > 0 ? c->v[c->n - 1] : NAN; }

static double col_sum(const struct col *c)
{
    double s = 0;
    for (long i = 0; i < c->n; i++)
        if (isfinite(c->v[i]))
            s += c->v[i];
    return s;
}

/* Index of the largest value (-1 if none). */
static long col_argmax(const struct col *c)
{
    long best = -1;
    for (long i = 0; i < c->n; i++)
        if (isfinite(c->v[i]) && (best < 0 || c->v[i] > c->v[best]))
            best = i;
    return best;
}

/* The first sample time at which the column reaches at least v (NAN if never). */
static double col_first_at_least(const struct col *c, double v)
{
    for (long i = 0; i < c->n; i++)
        if (c->v[i] >= v)
            return c->t[i];
    return NAN;
}

/* Code Red I (v1 or v2) as the only or first worm: the day's outbreak. */
static void outbreak_figures(struct figs *f, const struct world_config *c)
{
    const struct model_reader *r = f->r;
    char a[64], b[64], v[192];
    struct col ever = col_read(r, "ever_infected"), fresh = col_read(r, "new_infections");
    double seed = c->worms[0].seed_epoch_s;
    struct utc_date sd = calendar_date(seed);
    double midnight = calendar_epoch(sd.year, sd.month, sd.day, 0, 0, 0) + 86400;
    double stop = r->interrupted && ever.n > 0 ? r->start_epoch_s + ever.t[ever.n - 1]
                                                : r->end_epoch_s;
    if (ever.n > 0 && midnight <= stop) {
        double at = NAN;
        for (long i = 0; i < ever.n && r->start_epoch_s + ever.t[i] <= midnight; i++)
            at = ever.v[i];
        fmt_count(at, a, sizeof a);
        fmt_count((double)c->vulnerable, b, sizeof b);
        snprintf(v, sizeof v, "%s of %s vulnerable", a, b);
        fmt_when(midnight, a, sizeof a);
        add(f, v, "hosts ever infected by %s", a);
    }
    long k = col_argmax(&fresh);
    if (k >= 0 && fresh.v[k] > 0 && c->sample_s > 0) {
        fmt_count(round(fresh.v[k] / (c->sample_s / 60)), a, sizeof a);
        fmt_when(r->start_epoch_s + fresh.t[k], b, sizeof b);
        snprintf(v, sizeof v, "%s per minute, in the interval ending %s", a, b);
        add(f, v, "peak new infections");
    }
    fmt_count(col_last(&ever), a, sizeof a);
    add(f, a, "hosts ever infected %s", f->by);
    col_free(&ever);
    col_free(&fresh);
}

/* Code Red II: how fast (times to 50 and 90 % of the hosts it ever infected) and how local. */
static void crii_figures(struct figs *f, const struct world_config *c, int w)
{
    const struct model_reader *r = f->r;
    char a[64], b[64], v[192];
    const char *ever_name = c->worms[1 - w].variant == WORM_NONE ? "ever_infected"
                                                                   : "ever_infected_crii";
    struct col ever = col_read(r, ever_name);
    double final = col_last(&ever), seed = c->worms[w].seed_epoch_s;
    fmt_count(final, a, sizeof a);
    add(f, a, "hosts ever infected by Code Red II %s", f->by);
    static const double shares[] = {0.5, 0.9};
    for (int i = 0; i < 2 && final > 0; i++) {
        double t = col_first_at_least(&ever, shares[i] * final);
        if (isnan(t))
            continue;
        fmt_span(r->start_epoch_s + t - seed, a, sizeof a);
        fmt_when(r->start_epoch_s + t, b, sizeof b);
        snprintf(v, sizeof v, "%s after the first infection (%s)", a, b);
        add(f, v, "time to %.0f %% of them", 100 * shares[i]);
    }
    col_free(&ever);
    struct col s16 = col_read(r, "new_infections_same16"), s8 = col_read(r, "new_infections_same8"),
               all = col_read(r, "new_infections");
    double total = col_sum(&all);
    if (s16.n >= 0 && s8.n >= 0 && total > 0) {
        snprintf(v, sizeof v, "%.1f %% in its own /16, %.1f %% elsewhere in its /8",
                 100 * col_sum(&s16) / total, 100 * col_sum(&s8) / total);
        add(f, v, "local share of infections (where a victim lies from its infector)");
    }
    col_free(&s16);
    col_free(&s8);
    col_free(&all);
}

/* Crash and up times of one router, from its events. */
struct router_times {
    const char *name;
    double last_up;        /* run seconds when it last came up (0: the start) */
    double longest_up;     /* longest time up between a start and a crash (or the end) */
    double first_crash;    /* run seconds (NAN: none) */
    long crashes;
    int up;                /* 1 while up */
};

static void router_event(double t, const char *subject, const char *detail, void *arg, int crash)
{
    (void)detail;
    struct router_times *rt = arg;
    if (strcmp(subject, rt->name))
        return;
    if (crash && rt->up) {
        rt->longest_up = fmax(rt->longest_up, t - rt->last_up);
        rt->up = 0;
        rt->crashes++;
        if (isnan(rt->first_crash))
            rt->first_crash = t;
    } else if (!crash && !rt->up) {
        rt->up = 1;
        rt->last_up = t;
    }
}


/* Events of two kinds merged in time order: read both, then replay. */
struct ev {
    double t;
    int crash;
    char subject[64];
};
struct evs {
    struct ev *e;
    int n, cap, crash;
};

static void collect(double t, const char *subject, const char *detail, void *arg)
{
    (void)detail;
    struct evs *x = arg;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 32;
        x->e = realloc(x->e, sizeof *x->e * (size_t)x->cap);
        if (!x->e)
            abort();
    }
    x->e[x->n].t = t;
    x->e[x->n].crash = x->crash;
    snprintf(x->e[x->n].subject, sizeof x->e[x->n].subject, "%s", subject);
    x->n++;
}

static int ev_cmp(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t ? 1 : x->crash - y->crash;
}

static void router_figures(struct figs *f, const struct world_config *c)
{
    const struct model_reader *r = f->r;
    struct evs x = {0};
    x.crash = 1;
    r->events(r->arg, "router_crash", collect, &x);
    x.crash = 0;
    r->events(r->arg, "router_up", collect, &x);
    qsort(x.e, (size_t)x.n, sizeof *x.e, ev_cmp);
    double end_t = r->end_epoch_s - r->start_epoch_s;
    if (r->interrupted) {
        struct col up = col_read(r, "infected");
        if (up.n > 0)
            end_t = up.t[up.n - 1];
        col_free(&up);
    }
    for (int i = 0; i < c->n_routers; i++) {
        const struct router_section *rs = &c->routers[i];
        if (rs->preset == PRESET_NONE)
            continue;
        struct router_times rt = {.name = rs->name, .first_crash = NAN, .up = 1};
        for (int k = 0; k < x.n; k++)
            router_event(x.e[k].t, x.e[k].subject, "", &rt, x.e[k].crash);
        if (rt.up)
            rt.longest_up = fmax(rt.longest_up, end_t - rt.last_up);
        char a[64], b[64], v[192];
        snprintf(v, sizeof v, "%ld", rt.crashes);
        add(f, v, "router %s: crashes %s", rs->name, f->by);
        if (!isnan(rt.first_crash)) {
            fmt_when(r->start_epoch_s + rt.first_crash, a, sizeof a);
            fmt_span(rt.first_crash, b, sizeof b);
            snprintf(v, sizeof v, "%s (%s after the start)", a, b);
            add(f, v, "router %s: first crash", rs->name);
        }
        fmt_span(rt.longest_up, a, sizeof a);
        add(f, a, "router %s: longest time up", rs->name);
    }
    free(x.e);
}

static void device_figures(struct figs *f)
{
    struct col down = col_read(f->r, "devices_down"), fail = col_read(f->r, "device_failures");
    char a[64], b[64], v[192];
    long k = col_argmax(&down);
    if (k >= 0) {
        fmt_count(down.v[k], a, sizeof a);
        fmt_when(f->r->start_epoch_s + down.t[k], b, sizeof b);
        snprintf(v, sizeof v, "%s, at %s", a, b);
        add(f, v, "devices down at once, at most");
    }
    if (fail.n >= 0) {
        fmt_count(col_sum(&fail), a, sizeof a);
        add(f, a, "device failures (hangs and restarts) %s", f->by);
    }
    col_free(&down);
    col_free(&fail);
}

int figures_of_run(const void *config, const struct model_reader *r, struct model_figure *out,
                   int max)
{
    const struct world_config *c = config;
    struct figs f = {out, 0, max, r, r->interrupted ? "by the interruption" : "by the end"};
    int crii = -1; /* the worm whose targets are near the scanner (Code Red II): local share */
    for (int i = WORMS_MAX - 1; i >= 0; i--)
        if (c->worms[i].variant != WORM_NONE &&
            worm_kind(c->worms[i].variant)->targets == TARGETS_NEARBY)
            crii = i;
    bool routers = false, devices = c->devices_hang > 0 || c->devices_restart > 0;
    for (int i = 0; i < c->n_routers; i++)
        routers |= c->routers[i].preset != PRESET_NONE;
    for (int i = 0; i < c->n_subnets; i++)
        devices |= c->subnets[i].devices_hang > 0;
    if (routers)
        router_figures(&f, c);
    if (crii != 0)
        outbreak_figures(&f, c);
    if (crii >= 0)
        crii_figures(&f, c, crii);
    if (devices)
        device_figures(&f);
    struct col scans = col_read(r, "scans");
    if (scans.n >= 0) {
        char a[64];
        snprintf(a, sizeof a, "%.4g", col_sum(&scans));
        add(&f, a, "scans %s", f.by);
    }
    col_free(&scans);
    return f.n;
}
