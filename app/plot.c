/* plot.c - draws stored runs with gnuplot (started through gnuplot.c).
 * The data go to a temporary file, the commands to gnuplot's stdin.
 * Two panels share one time axis (UTC, or hours since each run's release): the top one with
 * the first run's phases shaded. A column's kind, stored with the run, decides how it is
 * drawn: a count over the sample interval per minute, a level as it is (plot_axis.c labels
 * the axes with the unit and writes the time ticks). */
#include "plot.h"

#include "gnuplot.h"
#include "plot_axis.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLOT_MAX_RUNS 64

/* Headroom above the top panel's highest value: the phase names sit in this strip, so the
 * curves never cross them. */
#define PLOT_TOP_HEADROOM 1.18

/* Light shades, one per phase name. */
static const char *const shade_colours[] = {"#fde2c8", "#d3e4f5", "#d9efd3", "#e8d9f1",
                                            "#faf1bf", "#e3e3e3", "#f6d5e1", "#cfeeea"};
#define N_SHADE_COLOURS (sizeof shade_colours / sizeof shade_colours[0])

/* One run's data, times already in UTC epoch seconds. */
struct plot_run {
    struct run_row row;
    double *t_top, *v_top, *t_bot, *v_bot; /* t: epoch seconds, or hours since x0 (align) */
    size_t n_top, n_bot;
    double x0;                             /* epoch seconds of x = 0 when aligned */
};

struct phase {
    double from_s, to_s; /* UTC epoch seconds */
    char *name;
    int shade;           /* index into shade_colours */
};

struct phases {
    struct phase *p;
    int n, cap;
    double start_epoch_s;
};

static void add_phase(double t, const char *kind, const char *subject, const char *detail,
                      void *arg)
{
    (void)kind;
    (void)detail;
    struct phases *ph = arg;
    if (ph->n == ph->cap) {
        ph->cap = ph->cap ? 2 * ph->cap : 8;
        ph->p = xrealloc(ph->p, (unsigned long)ph->cap * sizeof *ph->p);
    }
    struct phase *p = &ph->p[ph->n++];
    p->from_s = ph->start_epoch_s + t;
    p->to_s = p->from_s;
    p->name = xstrdup(subject);
    p->shade = 0;
}

struct plot {
    const struct plot_request *req;
    struct plot_run runs[PLOT_MAX_RUNS];
    int n_runs;
    struct phases phases;
    double x_min, x_max;        /* the common time axis */
    double top_min, top_max;    /* top panel values (finite ones) */
    double top_min_pos;         /* smallest value above 0 (log axes) */
    char top_label[192], bottom_label[192];
    char *gnuplot, *data_path;
    struct gnuplot_script script;
};

static void plot_free(struct plot *p)
{
    for (int i = 0; i < p->n_runs; i++) {
        free(p->runs[i].t_top);
        free(p->runs[i].v_top);
        free(p->runs[i].t_bot);
        free(p->runs[i].v_bot);
    }
    for (int i = 0; i < p->phases.n; i++)
        free(p->phases.p[i].name);
    free(p->phases.p);
    if (p->data_path) {
        unlink(p->data_path);
        free(p->data_path);
    }
    free(p->gnuplot);
    free(p->script.p);
}

/* Reads a bottom-panel series: one column, or the sum of "a+b+..." (same sample times). */
static enum status load_sum(struct store *s, int64_t run, const char *spec, double **t,
                            double **v, size_t *n, struct diag *d)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    *t = *v = NULL;
    *n = 0;
    for (char *save = NULL, *col = strtok_r(buf, "+", &save); col; col = strtok_r(NULL, "+", &save)) {
        double *t1, *v1;
        size_t n1;
        enum status st = store_series(s, run, col, &t1, &v1, &n1, d);
        if (st != ST_OK)
            return st;
        if (!*t) {
            *t = t1, *v = v1, *n = n1;
            continue;
        }
        for (size_t k = 0; k < *n && k < n1; k++)
            (*v)[k] += v1[k];
        free(t1);
        free(v1);
    }
    return ST_OK;
}

enum status plot_column_kind(struct store *s, int64_t run, const char *column,
                             bool (*fallback)(const char *, struct column_info *),
                             enum column_kind *kind, char *unit, size_t ulen, struct diag *d)
{
    char name[128], stored[16];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(column, "+"), column);
    *kind = COLUMN_LEVEL;
    enum status st = store_column_kind(s, run, name, stored, sizeof stored, unit, ulen, d);
    if (st || column_kind_parse(stored, kind))
        return st;
    struct column_info ci;
    if (fallback && fallback(name, &ci)) {
        *kind = ci.kind;
        snprintf(unit, ulen, "%s", ci.unit);
    }
    return ST_OK;
}

/* Divides a count per sample interval into a count per minute. */
static void per_minute(double *v, size_t n, double sample_s)
{
    for (size_t k = 0; k < n; k++)
        v[k] /= sample_s / 60.0;
}

/* Reads one run's series, scales counts per minute, and labels the axes from the first run. */
static enum status load_run(struct store *s, struct plot *p, int i, struct diag *d)
{
    const struct plot_request *req = p->req;
    struct plot_run *r = &p->runs[i];
    enum column_kind top_kind, bot_kind;
    char top_unit[64], bot_unit[64];
    enum status st;
    if ((st = store_run_get(s, req->runs[i], &r->row, d)) ||
        (st = load_sum(s, req->runs[i], req->top_column, &r->t_top, &r->v_top, &r->n_top, d)) ||
        (st = load_sum(s, req->runs[i], req->bottom_column, &r->t_bot, &r->v_bot, &r->n_bot,
                       d)) ||
        (st = plot_column_kind(s, req->runs[i], req->top_column, req->column_info, &top_kind,
                               top_unit, sizeof top_unit, d)) ||
        (st = plot_column_kind(s, req->runs[i], req->bottom_column, req->column_info,
                               &bot_kind, bot_unit, sizeof bot_unit, d)))
        return st;
    if (req->bottom_per) {
        double *tp, *vp;
        size_t np;
        if ((st = store_series(s, req->runs[i], req->bottom_per, &tp, &vp, &np, d)))
            return st;
        for (size_t k = 0; k < r->n_bot; k++)
            r->v_bot[k] = k < np && vp[k] > 0 ? 100 * r->v_bot[k] / vp[k] : NAN;
        free(tp);
        free(vp);
    }
    if (r->n_top == 0)
        return diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no samples of \"%s\"",
                        (long long)req->runs[i], req->top_column);
    if (!(r->row.sample_s > 0))
        return diag_set(d, ST_INPUT, "", 0, "run %lld has no sample interval",
                        (long long)req->runs[i]);
    if (top_kind == COLUMN_COUNT)
        per_minute(r->v_top, r->n_top, r->row.sample_s);
    if (bot_kind == COLUMN_COUNT && !req->bottom_per)
        per_minute(r->v_bot, r->n_bot, r->row.sample_s);
    for (size_t k = 0; k < r->n_top; k++)
        r->t_top[k] += r->row.start_epoch_s;
    for (size_t k = 0; k < r->n_bot; k++)
        r->t_bot[k] += r->row.start_epoch_s;
    if (i == 0) {
        if (req->top_label)
            snprintf(p->top_label, sizeof p->top_label, "%s", req->top_label);
        else
            axis_label(req->top_column, top_kind, top_unit, p->top_label, sizeof p->top_label);
        if (req->bottom_label)
            snprintf(p->bottom_label, sizeof p->bottom_label, "%s", req->bottom_label);
        else if (req->bottom_per)
            snprintf(p->bottom_label, sizeof p->bottom_label, "%s, %% of %s",
                     req->bottom_column, req->bottom_per);
        else
            axis_label(req->bottom_column, bot_kind, bot_unit, p->bottom_label,
                       sizeof p->bottom_label);
    }
    return ST_OK;
}

/* --align: moves run i's times to hours since its release (the first sample where the align
 * column is above 0; the run's start if the first sample already is). */
static enum status align_run(struct store *s, struct plot *p, int i, struct diag *d)
{
    struct plot_run *r = &p->runs[i];
    double *t, *v;
    size_t n;
    enum status st = store_series(s, r->row.id, p->req->align_column, &t, &v, &n, d);
    if (st)
        return st;
    size_t k = 0;
    while (k < n && !(v[k] > 0))
        k++;
    r->x0 = r->row.start_epoch_s + (k == 0 || k == n ? 0 : t[k]);
    free(t);
    free(v);
    for (size_t j = 0; j < r->n_top; j++)
        r->t_top[j] = (r->t_top[j] - r->x0) / 3600;
    for (size_t j = 0; j < r->n_bot; j++)
        r->t_bot[j] = (r->t_bot[j] - r->x0) / 3600;
    return ST_OK;
}

/* The time axis over every run, zoomed by --from/--to, and the top panel's value range there. */
static enum status fix_ranges(struct plot *p, struct diag *d)
{
    const struct plot_request *req = p->req;
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        double lo = r->t_top[0], hi = r->t_top[r->n_top - 1];
        if (r->n_bot > 0) {
            lo = fmin(lo, r->t_bot[0]);
            hi = fmax(hi, r->t_bot[r->n_bot - 1]);
        }
        p->x_min = i ? fmin(p->x_min, lo) : lo;
        p->x_max = i ? fmax(p->x_max, hi) : hi;
    }
    if (req->from_set)
        p->x_min = req->from;
    if (req->to_set)
        p->x_max = req->to;
    if ((req->from_set || req->to_set) && !(p->x_max > p->x_min))
        return diag_set(d, ST_USAGE, "", 0, "--from and --to leave nothing to draw");
    if (p->x_max <= p->x_min)
        p->x_max = p->x_min + (req->align_column ? p->runs[0].row.sample_s / 3600
                                                 : p->runs[0].row.sample_s);
    p->top_min = 0;
    p->top_max = 0;
    p->top_min_pos = INFINITY;
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        for (size_t k = 0; k < r->n_top; k++) {
            double v = r->v_top[k];
            if (!isfinite(v) || r->t_top[k] < p->x_min || r->t_top[k] > p->x_max)
                continue;
            p->top_min = fmin(p->top_min, v);
            p->top_max = fmax(p->top_max, v);
            if (v > 0)
                p->top_min_pos = fmin(p->top_min_pos, v);
        }
    }
    return ST_OK;
}

/* Widens the top panel's range to the overlays' values on the time axis. */
static void overlay_range(struct plot *p)
{
    for (int j = 0; j < p->req->n_overlays; j++) {
        const struct plot_overlay *o = &p->req->overlays[j];
        for (size_t k = 0; k < o->n; k++)
            if (isfinite(o->v[k]) && o->t_epoch[k] >= p->x_min && o->t_epoch[k] <= p->x_max) {
                p->top_min = fmin(p->top_min, o->v[k]);
                p->top_max = fmax(p->top_max, o->v[k]);
                if (o->v[k] > 0)
                    p->top_min_pos = fmin(p->top_min_pos, o->v[k]);
            }
    }
}

/* Reads the runs' series and the first run's phases; fixes the axes' ranges. */
static enum status load(struct store *s, struct plot *p, struct diag *d)
{
    const struct plot_request *req = p->req;
    enum status st;
    for (int i = 0; i < req->n_runs; i++) {
        p->n_runs = i + 1;
        if ((st = load_run(s, p, i, d)) || (req->align_column && (st = align_run(s, p, i, d))))
            return st;
    }
    if ((st = fix_ranges(p, d)))
        return st;
    overlay_range(p);

    /* Phases of the first run: each lasts until the next one or the end of the run; the
     * shading is clipped to the time axis. Same name, same shade, in order of appearance. */
    struct phases *ph = &p->phases;
    ph->start_epoch_s = p->runs[0].row.start_epoch_s;
    st = store_events(s, req->runs[0], "phase", add_phase, ph, d);
    if (st)
        return st;
    int shades = 0;
    for (int i = 0; i < ph->n; i++) {
        struct phase *x = &ph->p[i];
        x->to_s = i + 1 < ph->n ? ph->p[i + 1].from_s : p->runs[0].row.end_epoch_s;
        if (req->align_column) {
            x->from_s = (x->from_s - p->runs[0].x0) / 3600;
            x->to_s = (x->to_s - p->runs[0].x0) / 3600;
        }
        x->from_s = fmax(x->from_s, p->x_min);
        x->to_s = fmin(x->to_s, p->x_max);
        x->shade = -1;
        for (int j = 0; j < i && x->shade < 0; j++)
            if (strcmp(ph->p[j].name, x->name) == 0)
                x->shade = ph->p[j].shade;
        if (x->shade < 0)
            x->shade = shades++ % (int)N_SHADE_COLOURS;
    }
    return ST_OK;
}

/* The data file: for run i, index 2i holds (time, top value) and index 2i+1 (time, bottom
 * value per minute); blocks are separated by two blank lines. */
static enum status write_data(struct plot *p, struct diag *d)
{
    FILE *f;
    enum status st = gnuplot_data_open(&p->data_path, &f, d);
    if (st)
        return st;
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        fprintf(f, "# run %lld %s\n", (long long)r->row.id, p->req->top_column);
        gnuplot_series(f, r->t_top, r->v_top, r->n_top, p->req->max_points);
        fprintf(f, "\n\n# run %lld %s\n", (long long)r->row.id,
                p->req->bottom_column);
        gnuplot_series(f, r->t_bot, r->v_bot, r->n_bot, p->req->max_points);
        if (r->n_bot == 0)
            fputs("? ?\n", f); /* an empty block would be an error for gnuplot */
        fputs("\n\n", f);
    }
    /* Overlays follow the runs: index 2 n_runs + j. */
    for (int j = 0; j < p->req->n_overlays; j++) {
        const struct plot_overlay *o = &p->req->overlays[j];
        fprintf(f, "# overlay %d\n", j);
        gnuplot_series(f, o->t_epoch, o->v, o->n, p->req->max_points);
        fputs(o->n ? "\n\n" : "? ?\n\n\n", f);
    }
    return gnuplot_data_close(f, p->data_path, d);
}

/* An overlay's part of the top panel's plot command: dashed line or points, in the key. */
static void overlay_command(struct plot *p, int j, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    const struct plot_overlay *o = &p->req->overlays[j];
    gnuplot_add(t, ", \\\n     ");
    gnuplot_quoted(t, p->data_path);
    gnuplot_add(t, " index %d using 1:2", 2 * p->n_runs + j);
    const char *colour = gnuplot_line_colour(p->n_runs + j);
    if (o->points)
        gnuplot_add(t, dumb ? " with points pt '*'" : " with points pt 7 ps 1.2 lc rgb '%s'",
                    colour);
    else
        gnuplot_add(t, dumb ? " with lines" : " with lines dt 2 lw 2 lc rgb '%s'", colour);
    gnuplot_add(t, " title ");
    gnuplot_quoted(t, o->label);
}

/* The plot command of one panel: index offset 0 (top) or 1 (bottom) of every run. */
static void plot_command(struct plot *p, int offset, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    gnuplot_add(t, "plot ");
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        if (i)
            gnuplot_add(t, ", \\\n     ");
        gnuplot_quoted(t, p->data_path);
        gnuplot_add(t, " index %d using 1:2 with lines", 2 * i + offset);
        if (!dumb)
            gnuplot_add(t, " lw 2 lc rgb '%s'", gnuplot_line_colour(i));
        if (offset == 0) {
            char title[192];
            snprintf(title, sizeof title, "run %lld: %s", (long long)r->row.id,
                     r->row.scenario_name);
            gnuplot_add(t, " title ");
            gnuplot_quoted(t, title);
        } else {
            gnuplot_add(t, " notitle");
        }
    }
    for (int j = 0; offset == 0 && j < p->req->n_overlays; j++)
        overlay_command(p, j, dumb);
    gnuplot_add(t, "\n");
}

/* The x axis: UTC times with computed ticks, or hours since the release. */
static void x_axis(struct plot *p, bool labels, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    if (p->req->align_column) {
        gnuplot_add(t, "set xtics autofreq\nset format x %s\n", labels ? "'%g'" : "''");
        return;
    }
    axis_time_tics(t, p->x_min, p->x_max, labels, dumb);
}

static void x_range(struct plot *p)
{
    struct gnuplot_script *t = &p->script;
    if (p->req->align_column) {
        gnuplot_add(t, "set xrange [%.15g:%.15g]\n", p->x_min, p->x_max);
        return;
    }
    gnuplot_add(t, "set xdata time\nset timefmt '%%s'\nset xrange [");
    gnuplot_time(t, p->x_min);
    gnuplot_add(t, ":");
    gnuplot_time(t, p->x_max);
    gnuplot_add(t, "]\n");
}

static void default_title(const struct plot *p, char *title, size_t len)
{
    if (p->req->title) {
        snprintf(title, len, "%s", p->req->title);
    } else if (p->n_runs == 1) {
        const struct run_row *r = &p->runs[0].row;
        snprintf(title, len, "%s (run %lld, seed %llu, %s)", r->scenario_name, (long long)r->id,
                 (unsigned long long)r->seed, r->mode);
    } else {
        int used = snprintf(title, len, "runs");
        for (int i = 0; i < p->n_runs && used < (int)len; i++)
            used += snprintf(title + used, len - (size_t)used, "%s %lld", i ? "," : "",
                             (long long)p->runs[i].row.id);
    }
}

/* The phases' shading and names in the top panel's headroom strip. */
static void phase_marks(struct plot *p, bool dumb)
{
    struct gnuplot_script *t = &p->script;
    double span = p->x_max - p->x_min;
    bool time_x = !p->req->align_column;
    for (int i = 0; i < p->phases.n; i++) {
        const struct phase *x = &p->phases.p[i];
        if (!(x->to_s > x->from_s))
            continue;
        if (!dumb) {
            gnuplot_add(t, "set object %d rect from ", i + 1);
            time_x ? gnuplot_time(t, x->from_s) : gnuplot_add(t, "%.15g", x->from_s);
            gnuplot_add(t, ", graph 0 to ");
            time_x ? gnuplot_time(t, x->to_s) : gnuplot_add(t, "%.15g", x->to_s);
            gnuplot_add(t, ", graph 1 behind fc rgb '%s' fs solid 1.0 noborder\n",
                        shade_colours[x->shade]);
        } else if (x->from_s > p->x_min) {
            gnuplot_add(t, "set arrow %d from ", i + 1);
            time_x ? gnuplot_time(t, x->from_s) : gnuplot_add(t, "%.15g", x->from_s);
            gnuplot_add(t, ", graph 0 to ");
            time_x ? gnuplot_time(t, x->from_s) : gnuplot_add(t, "%.15g", x->from_s);
            gnuplot_add(t, ", graph 0.97 nohead\n");
        }
        /* Names of narrow phases stand on end so they stay inside their shading; text plots
         * cannot turn text, so there a name that does not fit is left out. */
        double width = (x->to_s - x->from_s) / span;
        if (dumb && width * GNUPLOT_DUMB_COLS * 0.87 < (double)strlen(x->name) + 1)
            continue;
        bool narrow = !dumb && width < 0.06;
        gnuplot_add(t, "set label %d ", i + 1);
        gnuplot_quoted(t, x->name);
        gnuplot_add(t, " at ");
        double mid = (x->from_s + x->to_s) / 2;
        time_x ? gnuplot_time(t, mid) : gnuplot_add(t, "%.15g", mid);
        gnuplot_add(t, narrow ? ", graph 0.99 right rotate by 90 front"
                              : ", graph 0.955 center front");
        if (!dumb)
            gnuplot_add(t, " tc rgb '#555555'");
        gnuplot_add(t, "\n");
    }
}

/* The top panel's y range: room above the curves for the phase names (a factor on a log axis). */
static void top_range(struct plot *p)
{
    struct gnuplot_script *t = &p->script;
    if (p->req->log_y) {
        double lo = isfinite(p->top_min_pos) ? pow(10, floor(log10(p->top_min_pos))) : 1;
        double hi = p->top_max > lo ? p->top_max : lo * 10;
        gnuplot_add(t, "set logscale y\nset yrange [%.15g:%.15g]\n", lo,
                    hi * pow(hi / lo, 0.15));
        return;
    }
    double top = p->top_max > 0 ? p->top_max * PLOT_TOP_HEADROOM : 1;
    gnuplot_add(t, "set yrange [%.15g:%.15g]\n", p->top_min, top);
}

/* Builds the whole gnuplot script. */
static enum status build_script(struct plot *p, struct diag *d)
{
    const struct plot_request *req = p->req;
    struct gnuplot_script *t = &p->script;
    bool dumb;
    enum status st = gnuplot_terminal(req->output, req->terminal, t, &dumb, d);
    if (st)
        return st;
    gnuplot_add(t, "set datafile missing '?'\n");
    x_range(p);
    if (!dumb)
        gnuplot_add(t, "set grid xtics ytics front lt 1 lc rgb '#a8a8a8' lw 1 dt 3\n");
    gnuplot_add(t, "set lmargin at screen 0.10\nset rmargin at screen 0.97\n");
    char title[256];
    default_title(p, title, sizeof title);
    gnuplot_add(t, "set multiplot title ");
    gnuplot_quoted(t, title);
    gnuplot_add(t, "\n");

    /* Top panel: phases shaded, no time labels (the bottom panel has them); the key above. */
    gnuplot_add(t, "set tmargin at screen %s\nset bmargin at screen 0.42\n", AXIS_TOP_PANEL_TOP);
    x_axis(p, false, dumb);
    gnuplot_add(t, "set ylabel ");
    gnuplot_quoted(t, p->top_label);
    gnuplot_add(t, "\n");
    top_range(p);
    axis_key_outside(t, dumb);
    phase_marks(p, dumb);
    plot_command(p, 0, dumb);

    /* Bottom panel: with the time labels. */
    gnuplot_add(t, "unset object\nunset label\nunset arrow\nunset key\n"
                   "set tmargin at screen 0.38\nset bmargin at screen 0.12\n"
                   "set yrange [*:*]\nset ylabel ");
    gnuplot_quoted(t, p->bottom_label);
    gnuplot_add(t, "\n");
    x_axis(p, true, dumb);
    if (req->align_column) {
        char xl[160];
        snprintf(xl, sizeof xl, "%s (%s > 0)", req->align_label ? req->align_label
                                                                 : "hours since the release",
                 req->align_column);
        gnuplot_add(t, "set xlabel ");
        gnuplot_quoted(t, xl);
        gnuplot_add(t, "\n");
    } else {
        gnuplot_add(t, "set xlabel 'UTC'\n");
    }
    plot_command(p, 1, dumb);
    gnuplot_add(t, "unset multiplot\nset output\n");
    return ST_OK;
}

enum status plot_runs(struct store *s, const struct plot_request *req, struct diag *d)
{
    struct plot p = {.req = req};
    enum status st = ST_OK;
    if (!gnuplot_find(&p.gnuplot))
        return diag_set(d, ST_EXTERNAL, "", 0,
                        "gnuplot not found: install gnuplot-nox (scripts/install-deps does)");
    if (req->n_runs < 1 || req->n_runs > PLOT_MAX_RUNS) {
        st = diag_set(d, ST_USAGE, "", 0, "plot between 1 and %d runs, not %d", PLOT_MAX_RUNS,
                      req->n_runs);
        goto done;
    }
    if (!req->top_column || !req->bottom_column) {
        st = diag_set(d, ST_USAGE, "", 0, "plot: no series named for the %s panel",
                      req->top_column ? "bottom" : "top");
        goto done;
    }
    if ((st = load(s, &p, d)) || (st = write_data(&p, d)) || (st = build_script(&p, d)))
        goto done;
    st = gnuplot_run(p.gnuplot, &p.script, req->output, d);
    if (st == ST_OK && req->keep_dir)
        st = gnuplot_keep(req->keep_dir, req->output, &p.script, p.data_path, d);
done:
    plot_free(&p);
    return st;
}
