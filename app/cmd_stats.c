/* cmd_stats.c - `wormsim stats EXP`: per grid point, the mean, standard deviation, 95 %
 * interval of the mean, median and range over the replicas (sim/ensemble.c) of the figures a
 * user compares, read off each done run's stored series in the model's words (model_plots):
 * hosts ever infected at the end of the focus day and at the end, the peak of new infections
 * per sample and its time, the times to 10/50/90 % of the final count, and the total of every
 * count column (scans, crashes, ...). Times are hours since the scenario start. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "ensemble.h"
#include "model.h"
#include "store.h"
#include "store_experiment.h"

#define STATS_MAX_FIGURES 64

/* The figures of one point: names and values[figure][replica]. */
struct point_stats {
    char names[STATS_MAX_FIGURES][96];
    int n_figures;
    double *values[STATS_MAX_FIGURES];
    size_t n_runs;
};

static int figure_index(struct point_stats *ps, const char *name)
{
    for (int i = 0; i < ps->n_figures; i++)
        if (!strcmp(ps->names[i], name))
            return i;
    if (ps->n_figures == STATS_MAX_FIGURES)
        return -1;
    snprintf(ps->names[ps->n_figures], sizeof ps->names[0], "%s", name);
    ps->values[ps->n_figures] = xcalloc(ps->n_runs ? ps->n_runs : 1, sizeof(double));
    for (size_t r = 0; r < ps->n_runs; r++)
        ps->values[ps->n_figures][r] = NAN;
    return ps->n_figures++;
}

static void put(struct point_stats *ps, const char *name, size_t r, double v)
{
    int i = figure_index(ps, name);
    if (i >= 0)
        ps->values[i][r] = v;
}

struct count_cols {
    struct store *s;
    int64_t run;
    char names[256][128];
    int n;
};

static void add_count_column(const char *name, void *arg)
{
    struct count_cols *c = arg;
    char kind[32], unit[64];
    struct diag d;
    if (c->n < 256 && store_column_kind(c->s, c->run, name, kind, sizeof kind, unit,
                                        sizeof unit, &d) == ST_OK && !strcmp(kind, "count"))
        snprintf(c->names[c->n++], sizeof c->names[0], "%s", name);
}

/* Reads run r's figures into column r of ps. */
static enum status run_figures(struct store *s, int64_t run, size_t r, struct point_stats *ps,
                               struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    struct run_row row;
    void *config = NULL;
    enum status st = store_run_get(s, run, &row, d);
    if (st == ST_OK)
        st = cli_run_config(s, run, &config, d);
    if (st != ST_OK)
        return st;
    struct model_run_settings set;
    wormsim_model.settings(config, &set);
    free(config);
    struct utc_date fd = calendar_date(set.focus_epoch_s);
    double midnight = calendar_epoch(fd.year, fd.month, fd.day, 0, 0, 0) + 86400;
    double *t, *v;
    size_t n;
    char name[96], when[32];
    if (store_series(s, run, mp->release_column, &t, &v, &n, d) == ST_OK) {
        calendar_format(midnight, when, sizeof when);
        snprintf(name, sizeof name, "%s at %s", mp->release_column, when);
        put(ps, name, r, ensemble_value_at(t, v, n, midnight - row.start_epoch_s));
        double final = n ? v[n - 1] : NAN;
        snprintf(name, sizeof name, "%s at the end", mp->release_column);
        put(ps, name, r, final);
        for (int pct = 10; pct <= 90; pct += 40) {
            snprintf(name, sizeof name, "hours to %d %% of the final %s", pct,
                     mp->release_column);
            put(ps, name, r, ensemble_first_reach(t, v, n, final * pct / 100.0) / 3600);
        }
        free(t);
        free(v);
    }
    if (store_series(s, run, mp->bottom_column, &t, &v, &n, d) == ST_OK) {
        double peak_t, peak = ensemble_peak(t, v, n, &peak_t);
        snprintf(name, sizeof name, "peak %s per sample", mp->bottom_column);
        put(ps, name, r, peak);
        snprintf(name, sizeof name, "hours to the peak of %s", mp->bottom_column);
        put(ps, name, r, peak_t / 3600);
        free(t);
        free(v);
    }
    struct count_cols *cc = xcalloc(1, sizeof *cc);
    cc->s = s;
    cc->run = run;
    store_column_names(s, run, add_count_column, cc, d);
    for (int i = 0; i < cc->n; i++)
        if (store_series(s, run, cc->names[i], &t, &v, &n, d) == ST_OK) {
            double sum = 0;
            for (size_t k = 0; k < n; k++)
                sum += isnan(v[k]) ? 0 : v[k];
            snprintf(name, sizeof name, "total %s", cc->names[i]);
            put(ps, name, r, sum);
            free(t);
            free(v);
        }
    free(cc);
    return ST_OK;
}

/* The done runs of an experiment: id, point, and the point's label (without "#k"). */
struct done_runs {
    int64_t *id;
    long *point;
    char (*label)[128];
    size_t n, cap;
};

static void add_done(const struct run_row *r, const char *text, void *arg)
{
    (void)text;
    struct done_runs *l = arg;
    if (strcmp(r->status, "done"))
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->id = xrealloc(l->id, l->cap * sizeof *l->id);
        l->point = xrealloc(l->point, l->cap * sizeof *l->point);
        l->label = xrealloc(l->label, l->cap * sizeof *l->label);
    }
    l->id[l->n] = r->id;
    l->point[l->n] = r->point;
    snprintf(l->label[l->n], sizeof l->label[0], "%s", r->label);
    char *hash = strrchr(l->label[l->n], '#');
    if (hash)
        *(hash > l->label[l->n] ? hash - 1 : hash) = '\0';
    l->n++;
}

/* A number for CSV ("" for NaN) or JSON ("null" for NaN). */
static const char *num(double v, bool json, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "%s", json ? "null" : "");
    else
        snprintf(buf, len, "%.10g", v);
    return buf;
}

static void print_point(const struct cli_options *o, long point, const char *label,
                        struct point_stats *ps, bool *first)
{
    bool csv = o->format && !strcmp(o->format, "csv");
    bool json = o->format && !strcmp(o->format, "json");
    if (!csv && !json)
        printf("\npoint %ld: %s (%zu runs done)\n", point, label[0] ? label : "-", ps->n_runs);
    for (int i = 0; i < ps->n_figures; i++) {
        struct ensemble_summary e;
        ensemble_summarize(ps->values[i], ps->n_runs, &e);
        char b[7][32];
        const double v[7] = {e.mean, e.sd, e.ci_lo, e.ci_hi, e.median, e.min, e.max};
        for (int k = 0; k < 7; k++)
            num(v[k], json, b[k], sizeof b[k]);
        if (csv)
            printf("%ld,\"%s\",\"%s\",%zu,%s,%s,%s,%s,%s,%s,%s\n", point, label, ps->names[i],
                   e.n, b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        else if (json)
            printf("%s{\"point\": %ld, \"label\": \"%s\", \"figure\": \"%s\", \"n\": %zu, "
                   "\"mean\": %s, \"sd\": %s, \"ci95_lo\": %s, \"ci95_hi\": %s, "
                   "\"median\": %s, \"min\": %s, \"max\": %s}", *first ? "" : ",\n", point,
                   label, ps->names[i], e.n, b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        else
            printf("  %-48s %12.6g sd %-10.4g 95%% [%.6g, %.6g]  median %.6g  range [%.6g, "
                   "%.6g]\n", ps->names[i], e.mean, e.sd, e.ci_lo, e.ci_hi, e.median, e.min,
                   e.max);
        *first = false;
    }
}

/* The figures of runs [from, to) of l, which all belong to one point, printed. */
static enum status one_point(const struct cli_options *o, struct store *s,
                             const struct done_runs *l, size_t from, size_t to, bool *first,
                             struct diag *d)
{
    struct point_stats ps = {.n_runs = to - from};
    enum status st = ST_OK;
    for (size_t r = from; r < to && st == ST_OK; r++)
        st = run_figures(s, l->id[r], r - from, &ps, d);
    if (st == ST_OK)
        print_point(o, l->point[from], l->label[from], &ps, first);
    for (int i = 0; i < ps.n_figures; i++)
        free(ps.values[i]);
    return st;
}

int cmd_stats(const struct cli_options *o)
{
    struct diag d = {0};
    if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
        return cli_report(diag_set(&d, ST_USAGE, "", 0, "stats: unknown format \"%s\" (csv "
                                   "or json)", o->format), &d);
    struct store *s;
    enum status st = cli_open_existing(o, &s, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct experiment_row e;
    struct done_runs l = {0};
    st = store_experiment_get(s, o->runs[0], &e, &d);
    if (st == ST_OK)
        st = store_experiment_runs(s, e.id, add_done, &l, &d);
    bool csv = o->format && !strcmp(o->format, "csv");
    bool json = o->format && !strcmp(o->format, "json");
    if (st == ST_OK && csv)
        puts("point,label,figure,n,mean,sd,ci95_lo,ci95_hi,median,min,max");
    else if (st == ST_OK && json)
        puts("[");
    else if (st == ST_OK)
        printf("experiment %lld: %s, %ld point%s x %ld replica%s (%s): mean, sd, 95 %% interval "
               "of the mean, median, range over the done replicas\n", (long long)e.id,
               e.scenario_name, e.points, e.points == 1 ? "" : "s", e.reps,
               e.reps == 1 ? "" : "s", e.status);
    bool first = true;
    for (size_t a = 0, b; st == ST_OK && a < l.n; a = b) {
        for (b = a; b < l.n && l.point[b] == l.point[a]; b++)
            ;
        st = one_point(o, s, &l, a, b, &first, &d);
    }
    if (st == ST_OK && json)
        puts(first ? "]" : "\n]");
    if (st == ST_OK || e.id)
        store_experiment_row_free(&e);
    free(l.id);
    free(l.point);
    free(l.label);
    store_close(s);
    return cli_report(st, &d);
}
