/* plot_router.c - a device's (router's) free memory, failures and operators' actions over
 * time (gnuplot); the caller names the columns and events. The one idea: markers are gnuplot
 * arrows on the common time axis, plain lines of the script ("as 1": a failure, a short tick
 * on the top edge, so a hundred crashes do not paint the chart red; "as 2": an action, a
 * dashed line across both panels); their key entries are keyentry plots with the count.
 * Series go to a temporary data file, three blocks per run (free MiB, cache entries, ARP
 * entries); markers come from the first run only. */
#include "plot_router.h"

#include "gnuplot.h"
#include "plot_axis.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROUTER_MAX_RUNS 64
#define BYTES_PER_MIB 1048576.0

/* Headroom above the highest free memory: the countermeasure labels stand in this strip. */
#define ROUTER_TOP_HEADROOM 1.3

/* Countermeasure labels longer than this many characters are cut (and end in "..."). */
#define ROUTER_LABEL_CHARS 36

#define CRASH_COLOUR "#ff0000"
#define COUNTER_COLOUR "#555555"

/* One run's series, times in UTC epoch seconds. */
struct router_run {
    struct run_row row;
    double *t[3], *v[3]; /* free MiB, cache entries, ARP entries */
    size_t n[3];
    bool has_arp;        /* the ARP column exists and some value is above 0 */
};

enum { SERIES_FREE, SERIES_CACHE, SERIES_ARP };

/* Event markers: crashes of the router, or countermeasures. */
struct marks {
    double *t_s;   /* UTC epoch seconds */
    char **text;   /* label (countermeasures), NULL for crashes */
    int n, cap;
    double start_epoch_s;
    const char *subject; /* only events with this subject; NULL: all */
    bool labelled;       /* keep a label per event (actions) */
};

struct router_plot {
    const struct plot_router_request *req;
    struct router_run runs[ROUTER_MAX_RUNS];
    int n_runs;
    struct marks crashes, counters;
    double x_min, x_max, top_max;
    char *gnuplot, *data_path;
    struct gnuplot_script script;
};

static void marks_free(struct marks *m)
{
    for (int i = 0; i < m->n; i++)
        free(m->text[i]);
    free(m->t_s);
    free(m->text);
}

static void router_plot_free(struct router_plot *p)
{
    for (int i = 0; i < p->n_runs; i++)
        for (int k = 0; k < 3; k++) {
            free(p->runs[i].t[k]);
            free(p->runs[i].v[k]);
        }
    marks_free(&p->crashes);
    marks_free(&p->counters);
    if (p->data_path) {
        unlink(p->data_path);
        free(p->data_path);
    }
    free(p->gnuplot);
    free(p->script.p);
}

/* A label for a countermeasure (caller frees): its detail (or subject), cut to at most
 * ROUTER_LABEL_CHARS, ending in "..." without the spaces before it. */
static char *short_label(const char *subject, const char *detail)
{
    const char *s = detail[0] ? detail : subject;
    char *out = xmalloc(ROUTER_LABEL_CHARS + 1);
    if (strlen(s) <= ROUTER_LABEL_CHARS) {
        strcpy(out, s);
        return out;
    }
    int keep = ROUTER_LABEL_CHARS - 3;
    while (keep > 0 && s[keep - 1] == ' ')
        keep--;
    snprintf(out, ROUTER_LABEL_CHARS + 1, "%.*s...", keep, s);
    return out;
}

static void add_mark(double t, const char *kind, const char *subject, const char *detail,
                     void *arg)
{
    struct marks *m = arg;
    if (m->subject && strcmp(subject, m->subject) != 0)
        return;
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 8;
        m->t_s = xrealloc(m->t_s, (unsigned long)m->cap * sizeof *m->t_s);
        m->text = xrealloc(m->text, (unsigned long)m->cap * sizeof *m->text);
    }
    m->t_s[m->n] = m->start_epoch_s + t;
    (void)kind;
    m->text[m->n] = m->labelled ? short_label(subject, detail) : NULL;
    m->n++;
}

/* The router names of a run's columns, and which series of one router exist. */
struct router_columns {
    char **names;
    int n;
    const char *prefix;  /* "router." */
    const char *router;  /* the router asked for, or NULL */
    const char *want[3]; /* its three columns (full names), when router is set */
    bool has[3];         /* which of them exist */
};

/* store_column_names callback: keeps the NAME of a column router.NAME.SERIES (once) and notes
 * which series of the router asked for exist. */
static void scan_column(const char *column, void *arg)
{
    struct router_columns *rc = arg;
    size_t lp = strlen(rc->prefix);
    if (strncmp(column, rc->prefix, lp) != 0)
        return;
    const char *name = column + lp, *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return;
    size_t len = (size_t)(dot - name);
    for (int k = 0; rc->router && k < 3; k++)
        if (rc->want[k] && strcmp(column, rc->want[k]) == 0)
            rc->has[k] = true;
    for (int i = 0; i < rc->n; i++)
        if (strlen(rc->names[i]) == len && strncmp(rc->names[i], name, len) == 0)
            return;
    rc->names = xrealloc(rc->names, (unsigned long)(rc->n + 1) * sizeof *rc->names);
    rc->names[rc->n] = xmalloc(len + 1);
    memcpy(rc->names[rc->n], name, len);
    rc->names[rc->n][len] = '\0';
    rc->n++;
}

static void columns_free(struct router_columns *rc)
{
    for (int i = 0; i < rc->n; i++)
        free(rc->names[i]);
    free(rc->names);
}

/* The router names joined by ", " into buf (cut if too long). */
static void join_names(const struct router_columns *rc, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < rc->n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", rc->names[i]);
}

enum status plot_router_names(struct store *s, int64_t run, const char *prefix, char *buf,
                              size_t len, struct diag *d)
{
    struct router_columns rc = {.prefix = prefix};
    enum status st = store_column_names(s, run, scan_column, &rc, d);
    if (st == ST_OK)
        join_names(&rc, buf, len);
    columns_free(&rc);
    return st;
}

/* Reads one run's series of the router; ST_NOT_FOUND listing the routers if it has none. */
static enum status load_run(struct store *s, struct router_run *r, int64_t run,
                            const struct plot_router_request *req, struct diag *d)
{
    const char *router = req->router;
    const char *cols[3] = {req->free_column, req->cache_column, req->arp_column};
    enum status st = store_run_get(s, run, &r->row, d);
    if (st)
        return st;
    struct router_columns rc = {.prefix = req->prefix, .router = router,
                                .want = {cols[0], cols[1], cols[2]}};
    if ((st = store_column_names(s, run, scan_column, &rc, d)) == ST_OK && !rc.has[SERIES_FREE]) {
        char list[512];
        join_names(&rc, list, sizeof list);
        st = diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no router \"%s\" (%s%s)",
                      (long long)run, router, rc.n ? "routers: " : "no routers", list);
    }
    bool has[3] = {rc.has[0], rc.has[1], rc.has[2]};
    columns_free(&rc);
    for (int k = 0; k < 3 && st == ST_OK; k++) {
        if (!has[k])
            continue;
        st = store_series(s, run, cols[k], &r->t[k], &r->v[k], &r->n[k], d);
        for (size_t i = 0; st == ST_OK && i < r->n[k]; i++) {
            r->t[k][i] += r->row.start_epoch_s;
            if (k == SERIES_FREE)
                r->v[k][i] /= BYTES_PER_MIB;
            if (k == SERIES_ARP && r->v[k][i] > 0)
                r->has_arp = true;
        }
    }
    if (st == ST_OK && r->n[SERIES_FREE] == 0)
        st = diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no samples of \"%s\"",
                      (long long)run, cols[SERIES_FREE]);
    return st;
}

/* Reads every run and the first run's markers; fixes the time axis and the top range. */
static enum status load(struct store *s, struct router_plot *p, struct diag *d)
{
    const struct plot_router_request *req = p->req;
    enum status st;
    for (int i = 0; i < req->n_runs; i++) {
        struct router_run *r = &p->runs[i];
        p->n_runs = i + 1;
        if ((st = load_run(s, r, req->runs[i], req, d)))
            return st;
        double lo = r->t[SERIES_FREE][0], hi = r->t[SERIES_FREE][r->n[SERIES_FREE] - 1];
        p->x_min = i ? fmin(p->x_min, lo) : lo;
        p->x_max = i ? fmax(p->x_max, hi) : hi;
        for (size_t k = 0; k < r->n[SERIES_FREE]; k++)
            if (isfinite(r->v[SERIES_FREE][k]))
                p->top_max = fmax(p->top_max, r->v[SERIES_FREE][k]);
    }
    p->crashes.start_epoch_s = p->counters.start_epoch_s = p->runs[0].row.start_epoch_s;
    p->crashes.subject = req->router;
    p->counters.labelled = true;
    if ((st = store_events(s, req->runs[0], req->fail_event, add_mark, &p->crashes, d)) ||
        (st = store_events(s, req->runs[0], req->action_event, add_mark, &p->counters, d)))
        return st;
    /* A marker after the last sample still shows: the axis reaches it. */
    const struct marks *all[] = {&p->crashes, &p->counters};
    for (int m = 0; m < 2; m++)
        for (int i = 0; i < all[m]->n; i++) {
            p->x_min = fmin(p->x_min, all[m]->t_s[i]);
            p->x_max = fmax(p->x_max, all[m]->t_s[i]);
        }
    if (req->from_set)
        p->x_min = req->from;
    if (req->to_set)
        p->x_max = req->to;
    if ((req->from_set || req->to_set) && !(p->x_max > p->x_min))
        return diag_set(d, ST_USAGE, "", 0, "--from and --to leave nothing to draw");
    if (p->x_max <= p->x_min)
        p->x_max = p->x_min + (p->runs[0].row.sample_s > 0 ? p->runs[0].row.sample_s : 60);
    return ST_OK;
}

/* The data file: for run i, index 3i + k holds (time, series k); empty blocks read "? ?". */
static enum status write_data(struct router_plot *p, struct diag *d)
{
    FILE *f;
    enum status st = gnuplot_data_open(&p->data_path, &f, d);
    if (st)
        return st;
    for (int i = 0; i < p->n_runs; i++) {
        const struct router_run *r = &p->runs[i];
        for (int k = 0; k < 3; k++) {
            const char *cols[3] = {p->req->free_column, p->req->cache_column,
                                   p->req->arp_column};
            fprintf(f, "# run %lld %s%s\n", (long long)r->row.id, cols[k],
                    k == SERIES_FREE ? " (MiB)" : "");
            gnuplot_series(f, r->t[k], r->v[k], r->n[k], p->req->max_points);
            if (r->n[k] == 0)
                fputs("? ?\n", f);
            fputs("\n\n", f);
        }
    }
    return gnuplot_data_close(f, p->data_path, d);
}

/* One vertical arrow at time t from graph height y0 to y1, in arrow style 1 or 2. */
static void marker(struct gnuplot_script *t, double epoch_s, double y0, double y1, int style)
{
    gnuplot_add(t, "set arrow from ");
    gnuplot_time(t, epoch_s);
    gnuplot_add(t, ", graph %g to ", y0);
    gnuplot_time(t, epoch_s);
    gnuplot_add(t, ", graph %g as %d\n", y1, style);
}

/* Rows of the action labels in the headroom strip, top down (graph heights). */
static const double LABEL_ROWS[] = {0.965, 0.915, 0.865, 0.815};
#define N_LABEL_ROWS (int)(sizeof LABEL_ROWS / sizeof LABEL_ROWS[0])

/* The actions' labels, level, beside their lines: each on the highest row where it overlaps
 * no label placed before it (widths estimated from the number of characters). */
static void action_labels(struct router_plot *p, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    double span = p->x_max - p->x_min, char_w = dumb ? 1.0 / 88 : 7.0 / 870;
    double *row_lo = xcalloc((size_t)p->counters.n, sizeof *row_lo);
    double *row_hi = xcalloc((size_t)p->counters.n, sizeof *row_hi);
    int *row_of = xcalloc((size_t)p->counters.n, sizeof *row_of);
    for (int i = 0; i < p->counters.n; i++) {
        double x = (p->counters.t_s[i] - p->x_min) / span;
        double w = char_w * ((double)strlen(p->counters.text[i]) + 2);
        bool right = x + w > 0.99;
        double lo = right ? x - w : x, hi = right ? x : x + w;
        int row = i % N_LABEL_ROWS;
        for (int r = 0; r < N_LABEL_ROWS; r++) {
            bool free_row = true;
            for (int j = 0; j < i && free_row; j++)
                free_row = row_of[j] != r || hi < row_lo[j] || lo > row_hi[j];
            if (free_row) {
                row = r;
                break;
            }
        }
        row_lo[i] = lo, row_hi[i] = hi, row_of[i] = row;
        gnuplot_add(t, "set label %d ", i + 1);
        gnuplot_quoted(t, p->counters.text[i]);
        gnuplot_add(t, " at ");
        gnuplot_time(t, p->counters.t_s[i]);
        gnuplot_add(t, ", graph %.3f %s offset character %s,0 front", LABEL_ROWS[row],
                    right ? "right" : "left", right ? "-0.5" : "0.5");
        if (!dumb)
            gnuplot_add(t, " tc rgb '%s'", COUNTER_COLOUR);
        gnuplot_add(t, "\n");
    }
    free(row_lo);
    free(row_hi);
    free(row_of);
}

/* Failure ticks on the top edge and action lines with their labels (top panel); the bottom
 * panel gets the action lines again (action_lines). */
static void markers(struct router_plot *p, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    gnuplot_add(t, "set style arrow 1 nohead front lw %s lc rgb '%s'\n"
                   "set style arrow 2 nohead front lw 1 dt 2 lc rgb '%s'\n",
                dumb ? "1" : "1.5", CRASH_COLOUR, COUNTER_COLOUR);
    for (int i = 0; i < p->crashes.n; i++)
        marker(t, p->crashes.t_s[i], 1, dumb ? 0.95 : 0.94, 1);
    for (int i = 0; i < p->counters.n; i++)
        marker(t, p->counters.t_s[i], 0, 1, 2);
    action_labels(p, dumb);
}

static void action_lines(struct router_plot *p)
{
    for (int i = 0; i < p->counters.n; i++)
        marker(&p->script, p->counters.t_s[i], 0, 1, 2);
}

/* Run i's line colour; the palette's red (index 1) is left to the crash markers. */
static const char *run_colour(int i) { return gnuplot_line_colour(i == 0 ? 0 : i + 1); }

/* The plot command of one panel: top (free memory, with the markers' key entries) or bottom
 * (cache and ARP entries). */
static void plot_command(struct router_plot *p, bool top, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    gnuplot_add(t, "plot ");
    int lines = 0;
    for (int i = 0; i < p->n_runs; i++) {
        const struct router_run *r = &p->runs[i];
        for (int k = top ? SERIES_FREE : SERIES_CACHE; k <= (top ? SERIES_FREE : SERIES_ARP); k++) {
            if (r->n[k] == 0 || (k == SERIES_ARP && !r->has_arp))
                continue;
            gnuplot_add(t, "%s", lines++ ? ", \\\n     " : "");
            gnuplot_quoted(t, p->data_path);
            gnuplot_add(t, " index %d using 1:2 with lines", 3 * i + k);
            if (!dumb)
                gnuplot_add(t, " lw 2 lc rgb '%s'%s", run_colour(i),
                            k == SERIES_ARP ? " dt 2" : "");
            char title[192];
            if (top)
                snprintf(title, sizeof title, "run %lld: %s", (long long)r->row.id,
                         r->row.scenario_name);
            else
                snprintf(title, sizeof title, "%s%s",
                         k == SERIES_CACHE ? p->req->cache_label : p->req->arp_label,
                         p->n_runs > 1 ? "" : " entries");
            if (p->n_runs > 1 && !top)
                snprintf(title + strlen(title), sizeof title - strlen(title), ", run %lld",
                         (long long)r->row.id);
            gnuplot_add(t, " title ");
            gnuplot_quoted(t, title);
        }
    }
    if (lines == 0)
        gnuplot_add(t, "NaN notitle"); /* no cache or ARP columns: an empty panel */
    char key[160];
    if (top && p->crashes.n) {
        snprintf(key, sizeof key, "%s (%d)", p->req->fail_label,
                 p->crashes.n);
        gnuplot_add(t, ", \\\n     keyentry with lines lw 2 lc rgb '%s' title ", CRASH_COLOUR);
        gnuplot_quoted(t, key);
    }
    if (top && p->counters.n) {
        snprintf(key, sizeof key, "%s (%d)", p->req->action_label, p->counters.n);
        gnuplot_add(t, ", \\\n     keyentry with lines dt 2 lc rgb '%s' title ", COUNTER_COLOUR);
        gnuplot_quoted(t, key);
    }
    gnuplot_add(t, "\n");
}

static void default_title(const struct router_plot *p, char *title, size_t len)
{
    const struct run_row *r = &p->runs[0].row;
    if (p->n_runs == 1) {
        snprintf(title, len, "run %lld: %s, router %s", (long long)r->id, r->scenario_name,
                 p->req->router);
        return;
    }
    size_t used = (size_t)snprintf(title, len, "runs");
    for (int i = 0; i < p->n_runs && used < len; i++)
        used += (size_t)snprintf(title + used, len - used, "%s %lld", i ? "," : "",
                                 (long long)p->runs[i].row.id);
    if (used < len)
        snprintf(title + used, len - used, ": router %s", p->req->router);
}

/* Builds the whole gnuplot script. */
static enum status build_script(struct router_plot *p, struct diag *d)
{
    const struct plot_router_request *req = p->req;
    struct gnuplot_script *t = &p->script;
    bool dumb;
    enum status st = gnuplot_terminal(req->output, req->terminal, t, &dumb, d);
    if (st)
        return st;
    gnuplot_add(t, "set datafile missing '?'\nset xdata time\nset timefmt '%%s'\nset xrange [");
    gnuplot_time(t, p->x_min);
    gnuplot_add(t, ":");
    gnuplot_time(t, p->x_max);
    gnuplot_add(t, "]\n");
    if (!dumb)
        gnuplot_add(t, "set grid xtics ytics front lt 1 lc rgb '#a8a8a8' lw 1 dt 3\n");
    gnuplot_add(t, "set lmargin at screen 0.10\nset rmargin at screen 0.97\n");
    char title[256];
    if (req->title)
        snprintf(title, sizeof title, "%s", req->title);
    else
        default_title(p, title, sizeof title);
    gnuplot_add(t, "set multiplot title ");
    gnuplot_quoted(t, title);
    gnuplot_add(t, "\n");

    /* Top panel: free memory, markers, no time labels (the bottom panel has them). */
    gnuplot_add(t, "set tmargin at screen %s\nset bmargin at screen 0.42\n", AXIS_TOP_PANEL_TOP);
    axis_time_tics(t, p->x_min, p->x_max, false, dumb);
    gnuplot_add(t, "set ylabel ");
    gnuplot_quoted(t, req->free_label);
    gnuplot_add(t, "\nset yrange [0:%.15g]\n",
                p->top_max > 0 ? p->top_max * ROUTER_TOP_HEADROOM : 1);
    axis_key_outside(t, dumb);
    markers(p, dumb);
    plot_command(p, true, dumb);

    /* Bottom panel: cache and ARP entries, the action lines again, the time labels. */
    gnuplot_add(t, "unset label\nunset arrow\n"
                   "set tmargin at screen 0.38\nset bmargin at screen 0.12\n"
                   "set xlabel 'UTC'\nset yrange [0:*]\nset ylabel 'entries'\n"
                   "set key at screen 0.5, screen 0.40 center center horizontal maxrows 1 "
                   "width 1 samplen 3 nobox\n");
    axis_time_tics(t, p->x_min, p->x_max, true, dumb);
    action_lines(p);
    plot_command(p, false, dumb);
    gnuplot_add(t, "unset multiplot\nset output\n");
    return ST_OK;
}

enum status plot_router(struct store *s, const struct plot_router_request *req, struct diag *d)
{
    struct router_plot p = {.req = req};
    enum status st = ST_OK;
    if (!gnuplot_find(&p.gnuplot))
        return diag_set(d, ST_EXTERNAL, "", 0,
                        "gnuplot not found: install gnuplot-nox (scripts/install-deps does)");
    if (req->n_runs < 1 || req->n_runs > ROUTER_MAX_RUNS)
        st = diag_set(d, ST_USAGE, "", 0, "plot between 1 and %d runs, not %d", ROUTER_MAX_RUNS,
                      req->n_runs);
    else if (!req->router || !req->router[0])
        st = diag_set(d, ST_USAGE, "", 0, "plot: no router named");
    else if ((st = load(s, &p, d)) == ST_OK && (st = write_data(&p, d)) == ST_OK &&
             (st = build_script(&p, d)) == ST_OK &&
             (st = gnuplot_run(p.gnuplot, &p.script, req->output, d)) == ST_OK && req->keep_dir)
        st = gnuplot_keep(req->keep_dir, req->output, &p.script, p.data_path, d);
    router_plot_free(&p);
    return st;
}
