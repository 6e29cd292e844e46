/* weblog.c - a web server's log: one line per probe reaching its address, as IIS 5 (W3C
 * extended, one file a day, ex010719.log, with its # header) or Apache (combined) wrote it.
 *
 * The request is Code Red's (docs/SOURCES.md §7, §13, §17; Apache Week,
 * "Code Red requests for /default.ida", 2001): GET /default.ida? followed by 224 'N' (Code Red
 * I) or 'X' (Code Red II) and the %u-encoded tail below, a query of 362 bytes ("about 360").
 * Fast mode: the probes reaching one address are a Poisson process whose rate is the sum over
 * scanning hosts of rate x chance a scan hits the address (for Code Red II, by component:
 * random, the address's /8, its /16); each hit's source is drawn in proportion to its rate, so
 * the log has the right sources. Hits are drawn by the exposure-threshold method: the
 * integral of the total rate runs against an Exp(1) threshold, and the rates change only at
 * the hooks. Lines are written at each sample, in time order, to a temporary file renamed
 * when its day is complete (or removed if the run fails). */
#include "sensors_internal.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>

#include "calendar.h"
#include "crii.h"
#include "paths.h"

/* Code Red's query after the run of N or X (Apache Week 2001; identical in Code Red II). */
static const char CODERED_TAIL[] =
    "%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u9090"
    "%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000%u00=a";
#define CODERED_FILL 224

/* [uncertain] status and reply sizes: seed 000's IIS log shows 500 for the request; Apache
 * answered 400 with 252 bytes (Apache Week 2001). */
#define IIS_STATUS 500
#define APACHE_STATUS 400
#define APACHE_REPLY_BYTES 252

size_t weblog_query(const char *variant, char *buf, size_t len)
{
    char fill = strcmp(variant, "crii") == 0 ? 'X' : 'N';
    char run[CODERED_FILL + 1];
    memset(run, fill, CODERED_FILL);
    run[CODERED_FILL] = '\0';
    return (size_t)snprintf(buf, len, "%s%s", run, CODERED_TAIL);
}

size_t weblog_line(int format, double epoch_s, uint32_t source, const char *variant,
                   double request_bytes, char *buf, size_t len)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char ip[16], query[512];
    ipv4_format(source, ip, sizeof ip);
    weblog_query(variant, query, sizeof query);
    struct utc_date u = calendar_date(epoch_s);
    if (format == WEBLOG_IIS)
        return (size_t)snprintf(buf, len, "%02d:%02d:%02d %s GET /default.ida %s %d %.0f",
                                u.hour, u.min, u.sec, ip, query, IIS_STATUS,
                                request_bytes);
    return (size_t)snprintf(buf, len,
                            "%s - - [%02d/%s/%04d:%02d:%02d:%02d +0000] \"GET /default.ida?%s "
                            "HTTP/1.0\" %d %d \"-\" \"-\"",
                            ip, u.day, months[u.month - 1], u.year, u.hour, u.min, u.sec,
                            query, APACHE_STATUS, APACHE_REPLY_BYTES);
}

static void list_add(struct slot_list *l, uint32_t slot)
{
    if (slot >= l->pos_cap) {
        uint32_t cap = l->pos_cap ? l->pos_cap : 1024;
        while (cap <= slot)
            cap *= 2;
        l->pos = xrealloc(l->pos, sizeof *l->pos * cap);
        memset(l->pos + l->pos_cap, 0, sizeof *l->pos * (cap - l->pos_cap));
        l->pos_cap = cap;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->slot = xrealloc(l->slot, sizeof *l->slot * l->cap);
    }
    l->slot[l->n] = slot;
    l->pos[slot] = ++l->n;
}

static void list_remove(struct slot_list *l, uint32_t slot)
{
    assert(slot < l->pos_cap && l->pos[slot]);
    uint32_t j = l->pos[slot] - 1, last = l->slot[--l->n];
    l->slot[j] = last;
    l->pos[last] = j + 1;
    l->pos[slot] = 0;
}

void weblog_init(struct sensors *s, struct weblog *g, const struct weblog_section *c)
{
    memset(g, 0, sizeof *g);
    g->cfg = c;
    g->day = -1;
    g->start_epoch_s = s->cfg->start_epoch_s;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        g->threshold[w] = gsl_ran_exponential(s->r, 1.0);
        g->probe_bytes[w] = s->cfg->worms[w].probe_bytes;
    }
}

void weblog_free(struct weblog *g)
{
    if (g->file) {
        fclose(g->file);
        unlink(g->tmp_path);
    }
    for (int w = 0; w < SENSOR_WORMS; w++) {
        free(g->in8[w].slot);
        free(g->in8[w].pos);
        free(g->in16[w].slot);
        free(g->in16[w].pos);
    }
    free(g->hits);
}

/* Rates at which a host at addr, scanning at rate, reaches the address, by component. */
static void component_rates(const struct sensors *s, const struct weblog *g, int w,
                            uint32_t addr, double rate, double out[3])
{
    const struct sensor_worm *k = &s->worms[w];
    uint32_t a = g->cfg->address;
    out[0] = out[1] = out[2] = 0;
    if (!k->local) {
        out[0] = prefix_contains(&k->space, a) ? rate / prefix_size(&k->space) : 0;
        return;
    }
    for (int c = 0; c < CRII_COMPONENTS; c++)
        if (crii_component_reaches((enum crii_component)c, addr, a))
            out[c] = rate * k->p[c] / crii_component_space((enum crii_component)c, addr);
}

void weblog_change(struct sensors *s, struct weblog *g, int w, uint32_t i, int sign)
{
    const struct sensor_host *x = &s->hosts[w][i];
    double r[3];
    component_rates(s, g, w, s->pop->addr[s->host_of[i]], x->rate, r);
    for (int c = 0; c < 3; c++)
        g->rate[w][c] += sign * r[c];
    if (sign > 0) {
        g->rate_max[w] = fmax(g->rate_max[w], x->rate);
        if (r[1] > 0)
            list_add(&g->in8[w], i);
        if (r[2] > 0)
            list_add(&g->in16[w], i);
        return;
    }
    if (r[1] > 0)
        list_remove(&g->in8[w], i);
    if (r[2] > 0)
        list_remove(&g->in16[w], i);
    if (s->n_scanning[w] == 1) /* the last one stops: no rounding left over */
        g->rate[w][0] = 0;
    if (g->in8[w].n == 0)
        g->rate[w][1] = 0;
    if (g->in16[w].n == 0)
        g->rate[w][2] = 0;
}

/* A source for a hit of worm w: a component in proportion to its rate, then a scanning host
 * of it in proportion to its own rate (rejection against the largest rate). */
static uint32_t pick_source(struct sensors *s, struct weblog *g, int w)
{
    double *r = g->rate[w], u = gsl_rng_uniform(s->r) * (r[0] + r[1] + r[2]);
    int c = u < r[0] ? 0 : u < r[0] + r[1] ? 1 : 2;
    const uint32_t *list = c == 0 ? s->scanning[w] : c == 1 ? g->in8[w].slot : g->in16[w].slot;
    uint32_t n = c == 0 ? s->n_scanning[w] : c == 1 ? g->in8[w].n : g->in16[w].n;
    for (;;) {
        uint32_t i = list[gsl_rng_uniform_int(s->r, n)];
        uint32_t addr = s->pop->addr[s->host_of[i]];
        double rates[3];
        component_rates(s, g, w, addr, s->hosts[w][i].rate, rates);
        double full = s->hosts[w][i].rate * (rates[c] > 0);
        if (gsl_rng_uniform(s->r) * g->rate_max[w] < full)
            return addr;
    }
}

void weblog_hit(struct sensors *s, struct weblog *g, int w, uint32_t source, double t)
{
    (void)s;
    if (g->n_hits == g->cap_hits) {
        g->cap_hits = g->cap_hits ? 2 * g->cap_hits : 64;
        g->hits = xrealloc(g->hits, sizeof *g->hits * g->cap_hits);
    }
    g->hits[g->n_hits++] = (struct weblog_hit){t, source, w};
}

void weblog_settle(struct sensors *s, struct weblog *g, double t)
{
    for (int w = 0; w < SENSOR_WORMS; w++) {
        double R = g->rate[w][0] + g->rate[w][1] + g->rate[w][2];
        double dt = t - g->since[w];
        g->since[w] = t;
        if (R <= 0 || dt <= 0)
            continue;
        g->acc[w] += R * dt;
        while (g->acc[w] >= g->threshold[w]) {
            double at = t - (g->acc[w] - g->threshold[w]) / R;
            g->acc[w] -= g->threshold[w];
            g->threshold[w] = gsl_ran_exponential(s->r, 1.0);
            weblog_hit(s, g, w, pick_source(s, g, w), at);
        }
    }
}

enum status weblog_open(struct sensors *s, struct weblog *g, const char *dir, struct diag *d)
{
    (void)s;
    snprintf(g->dir, sizeof g->dir, "%s", dir);
    char probe[1100];
    snprintf(probe, sizeof probe, "%s/x", dir);
    return paths_make_parents(probe, d);
}

/* Renames the finished day's file into place. */
static enum status finish_file(struct weblog *g, struct diag *d)
{
    if (!g->file)
        return ST_OK;
    int bad = ferror(g->file);
    bad |= fclose(g->file) != 0;
    g->file = NULL;
    if (bad || rename(g->tmp_path, g->final_path) != 0) {
        unlink(g->tmp_path);
        return diag_set(d, ST_IO, g->final_path, 0, "cannot write the log: %s", strerror(errno));
    }
    return ST_OK;
}

static enum status open_day(struct weblog *g, double epoch_s, struct diag *d)
{
    struct utc_date u = calendar_date(epoch_s);
    if (g->cfg->format == WEBLOG_IIS)
        snprintf(g->final_path, sizeof g->final_path, "%s/ex%02d%02d%02d.log", g->dir,
                 u.year % 100, u.month, u.day);
    else
        snprintf(g->final_path, sizeof g->final_path, "%s/access-%04d-%02d-%02d.log", g->dir,
                 u.year, u.month, u.day);
    snprintf(g->tmp_path, sizeof g->tmp_path, "%s.tmp", g->final_path);
    g->file = fopen(g->tmp_path, "w");
    if (!g->file)
        return diag_set(d, ST_IO, g->tmp_path, 0, "cannot write the log: %s", strerror(errno));
    if (g->cfg->format == WEBLOG_IIS) /* SOURCES §13: IIS 5's header */
        fprintf(g->file,
                "#Software: Microsoft Internet Information Services 5.0\n#Version: 1.0\n"
                "#Date: %04d-%02d-%02d %02d:%02d:%02d\n"
                "#Fields: time c-ip cs-method cs-uri-stem cs-uri-query sc-status cs-bytes\n",
                u.year, u.month, u.day, u.hour, u.min, u.sec);
    return ST_OK;
}

static int by_time(const void *a, const void *b)
{
    double x = ((const struct weblog_hit *)a)->t, y = ((const struct weblog_hit *)b)->t;
    return (x > y) - (x < y);
}

enum status weblog_sample(struct sensors *s, struct weblog *g, double t, double *values,
                          struct diag *d)
{
    weblog_settle(s, g, t);
    qsort(g->hits, g->n_hits, sizeof *g->hits, by_time);
    enum status st = ST_OK;
    char line[1024];
    for (size_t j = 0; j < g->n_hits && st == ST_OK && g->dir[0]; j++) {
        double epoch = g->start_epoch_s + g->hits[j].t;
        int day = (int)floor(epoch / 86400);
        if (day != g->day) {
            st = finish_file(g, d);
            if (st == ST_OK)
                st = open_day(g, epoch, d);
            g->day = day;
        }
        if (st == ST_OK) {
            int w = g->hits[j].worm;
            weblog_line(g->cfg->format, epoch, g->hits[j].source, s->worms[w].variant,
                        g->probe_bytes[w], line, sizeof line);
            fprintf(g->file, "%s\n", line);
        }
    }
    values[g->col] = (double)g->n_hits;
    g->n_hits = 0;
    return st;
}

enum status weblog_close(struct weblog *g, bool ok, struct diag *d)
{
    if (!ok) {
        if (g->file) {
            fclose(g->file);
            unlink(g->tmp_path);
            g->file = NULL;
        }
        return ST_OK;
    }
    return finish_file(g, d);
}
