/* report.c - `wormsim report`: one self-contained HTML page per call (report.h). A page is built
 * in memory from the stored runs (report_html.c and report_tables.c write its pieces) and
 * written to a temporary file beside the output, then renamed, so a half-written page never
 * looks complete. The model names every column it draws (model.h, struct model_plots). */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "model.h"
#include "overlay.h"
#include "paths.h"
#include "reader.h"
#include "report_html.h"

#define REPORT_MAX_RUNS 16
#define REPORT_EVENT_ROWS 60
#define REPORT_FIGURES 32
/* Points a curve of a report's plot may have (low and high of each bucket beyond): about one
 * pair per pixel of the 1000-pixel plot, so pages stay well under 2 MB. */
#define REPORT_MAX_POINTS 1600

static const char *const CSS =
    "body{font:15px/1.5 'DejaVu Sans',Arial,sans-serif;color:#222;max-width:1060px;"
    "margin:0 auto;padding:1em 1.5em;background:#fff}"
    "h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;"
    "border-bottom:2px solid #c33;padding-bottom:.15em}"
    ".meta{color:#555;font-size:.92em}.lead{font-size:1.08em}"
    "pre{background:#f4f4f4;padding:.4em .7em;overflow-x:auto;font-size:.9em}"
    "table{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    "thead th{background:#eee}tr.sec th{background:#f7e7e7}tr.more td{color:#777;font-style:italic}"
    "td.n{text-align:right}td.t{white-space:nowrap}td.k,td.v{font-family:monospace}"
    "td.unc{color:#a33}table.figs td:first-child{max-width:32em}"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block;"
    "border:1px solid #ddd}figcaption{color:#444;font-size:.92em;margin-top:.3em}"
    "ol.try li{margin-bottom:.6em}ol.try pre{margin:.2em 0}ol.try p{margin:.1em 0}"
    "footer{margin-top:2em;color:#666;font-size:.85em}";

struct page {
    struct store *s;
    struct gnuplot_script h;
    struct run_row rows[REPORT_MAX_RUNS];
    char *resolved[REPORT_MAX_RUNS], *source[REPORT_MAX_RUNS];
    int n, figure;
};

static void page_free(struct page *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->resolved[i]);
        free(p->source[i]);
    }
    free(p->h.p);
}

static void page_head(struct page *p, const char *title)
{
    gnuplot_add(&p->h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                       "<title>");
    html_text(&p->h, title);
    gnuplot_add(&p->h, "</title>\n<style>%s</style>\n</head>\n<body>\n", CSS);
}

static void page_foot(struct page *p)
{
    gnuplot_add(&p->h, "<footer>Made by wormsim %s from the runs stored in the database. Facts "
                       "and their sources: docs/SOURCES.md in the wormsim repository (sections "
                       "are cited as SOURCES &#167;N). To repeat run %lld: <code>wormsim show "
                       "%lld --scenario &gt; again.ini; wormsim run again.ini</code>.</footer>\n"
                       "</body>\n</html>\n",
                WORMSIM_VERSION, (long long)p->rows[0].id, (long long)p->rows[0].id);
}

/* The sum of a column ("a+b": of both) over a run; 0 if missing. */
static double column_max(struct store *s, int64_t run, const char *spec)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    double best = 0;
    for (char *save = NULL, *c = strtok_r(buf, "+", &save); c; c = strtok_r(NULL, "+", &save)) {
        double *t, *v;
        size_t n;
        struct diag d = {0};
        if (store_series(s, run, c, &t, &v, &n, &d) != ST_OK)
            continue;
        for (size_t k = 0; k < n; k++)
            if (isfinite(v[k]) && v[k] > best)
                best = v[k];
        free(t);
        free(v);
    }
    return best;
}

static struct plot_request base_request(const struct page *p, const int64_t *runs, int n)
{
    const struct model_plots *mp = wormsim_model.plots;
    (void)p;
    return (struct plot_request){.runs = runs, .n_runs = n, .top_column = mp->top_column,
                                 .top_label = mp->top_label, .bottom_column = mp->bottom_column,
                                 .bottom_label = mp->bottom_label,
                                 .column_info = wormsim_model.column_info,
                                 .max_points = REPORT_MAX_POINTS};
}

/* The infection curves: as they are, and on a log scale. */
static enum status curves(struct page *p, const int64_t *runs, int n, struct diag *d)
{
    struct plot_request req = base_request(p, runs, n);
    const struct model_plots *mp = wormsim_model.plots;
    enum status st = html_plot(&p->h, p->s, &req, ++p->figure, mp->curves_caption, d);
    if (st)
        return st;
    req = base_request(p, runs, n);
    req.log_y = true;
    st = html_plot(&p->h, p->s, &req, ++p->figure, mp->log_caption, d);
    return st;
}

/* The run beside the analytic models and the logistic fitted to it (where the model has them
 * and they apply: nothing is drawn, and nothing is wrong, when they do not). */
static enum status theory_panel(struct page *p, int64_t run, struct diag *d)
{
    struct overlay_set set = {0};
    struct diag ignored = {0};
    const char *top = wormsim_model.plots->top_column;
    if (!wormsim_model.theory || overlay_theory(p->s, run, top, &set, &ignored) != ST_OK ||
        set.n == 0) {
        overlay_set_free(&set);
        return ST_OK;
    }
    struct plot_request req = base_request(p, &run, 1);
    req.overlays = set.o;
    req.n_overlays = set.n;
    enum status st = html_plot(&p->h, p->s, &req, ++p->figure,
                               "The run (solid) beside theory (dashed): the random constant "
                               "spread and two-factor models with the run's own parameters, and "
                               "the logistic fitted to the run (SOURCES §14; wormsim fit RUN).", d);
    overlay_set_free(&set);
    return st;
}

/* Router panels: every device with a free-memory column. */
static enum status network_panels(struct page *p, int64_t run, struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    char names[1024];
    enum status st = plot_router_names(p->s, run, mp->device_prefix, names, sizeof names, d);
    for (char *save = NULL, *r = st ? NULL : strtok_r(names, ", ", &save); r;
         r = strtok_r(NULL, ", ", &save)) {
        char cols[3][256], caption[300];
        snprintf(cols[0], 256, mp->device_free_fmt, r);
        snprintf(cols[1], 256, mp->device_cache_fmt, r);
        snprintf(cols[2], 256, mp->device_arp_fmt, r);
        if (column_max(p->s, run, cols[0]) <= 0)
            continue;
        struct plot_router_request req = {
            .runs = &run, .n_runs = 1, .router = r, .prefix = mp->device_prefix,
            .free_column = cols[0], .free_label = mp->device_free_label,
            .cache_column = cols[1], .cache_label = mp->device_cache_label,
            .arp_column = cols[2], .arp_label = mp->device_arp_label,
            .fail_event = mp->device_fail_event, .fail_label = mp->device_fail_label,
            .action_event = mp->action_event, .action_label = mp->action_label,
            .max_points = REPORT_MAX_POINTS};
        snprintf(caption, sizeof caption, "Router %s: free memory (top; a red tick on the top "
                 "edge at each %s, dashed lines at each %s) and its tables (bottom).", r,
                 mp->device_fail_label, mp->action_label);
        if ((st = html_router_plot(&p->h, p->s, &req, ++p->figure, caption, d)))
            return st;
    }
    return st;
}

/* The link (PREFIX NAME.TOP) whose top column peaks highest. */
struct busiest {
    struct store *s;
    int64_t run;
    const struct model_plots *mp;
    char best[256];
    double best_v;
};

static void consider_link(const char *column, void *arg)
{
    struct busiest *b = arg;
    size_t lp = strlen(b->mp->load_prefix), lt = strlen(b->mp->load_top), lc = strlen(column);
    if (strncmp(column, b->mp->load_prefix, lp) || lc <= lp + lt + 1 ||
        strcmp(column + lc - lt, b->mp->load_top) || column[lc - lt - 1] != '.')
        return;
    double v = column_max(b->s, b->run, column);
    if (v > b->best_v) {
        b->best_v = v;
        snprintf(b->best, sizeof b->best, "%.*s", (int)(lc - lt - 1), column);
    }
}

static enum status load_panel(struct page *p, int64_t run, struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    if (!mp->load_prefix)
        return ST_OK;
    struct busiest b = {.s = p->s, .run = run, .mp = mp};
    enum status st = store_column_names(p->s, run, consider_link, &b, d);
    if (st || !b.best[0])
        return st;
    char top[300], bottom[300];
    snprintf(top, sizeof top, "%s.%s", b.best, mp->load_top);
    snprintf(bottom, sizeof bottom, "%s.%s", b.best, mp->load_bottom);
    struct plot_request req = base_request(p, &run, 1);
    req.top_column = top;
    req.bottom_column = bottom;
    req.top_label = req.bottom_label = NULL;
    return html_plot(&p->h, p->s, &req, ++p->figure, mp->load_caption, d);
}

/* Whether the resolved scenario has one of the settings in `when` ("a.b=c|d.e=f"). */
static bool scenario_has(const char *resolved, const char *when)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", when);
    for (char *save = NULL, *c = strtok_r(buf, "|", &save); c; c = strtok_r(NULL, "|", &save)) {
        char *dot = strchr(c, '.'), *eq = strchr(c, '='), value[256];
        if (!dot || !eq || eq < dot)
            continue;
        *dot = *eq = '\0';
        if (html_scenario_value(resolved, c, dot + 1, value, sizeof value) &&
            !strcmp(value, eq + 1))
            return true;
    }
    return false;
}

static enum status extra_panels(struct page *p, int64_t run, struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    for (int i = 0; i < mp->n_panels; i++) {
        const struct model_panel *x = &mp->panels[i];
        if ((x->when && !scenario_has(p->resolved[0], x->when)) ||
            column_max(p->s, run, x->top) <= 0)
            continue;
        struct plot_request req = base_request(p, &run, 1);
        req.top_column = x->top;
        req.bottom_column = x->bottom;
        req.bottom_per = x->per;
        req.top_label = NULL;
        req.bottom_label = x->bottom_label;
        enum status st = html_plot(&p->h, p->s, &req, ++p->figure, mp->panels[i].caption, d);
        if (st)
            return st;
    }
    return ST_OK;
}

static void figures_table(struct page *p, int i)
{
    struct model_figure figs[REPORT_FIGURES];
    int n = reader_figures(p->s, &p->rows[i], figs, REPORT_FIGURES);
    gnuplot_add(&p->h, "<table class=\"figs\"><tbody>\n");
    for (int k = 0; k < n; k++) {
        gnuplot_add(&p->h, "<tr><td>");
        html_text(&p->h, figs[k].label);
        gnuplot_add(&p->h, "</td><td>");
        html_text(&p->h, figs[k].value);
        gnuplot_add(&p->h, "</td></tr>\n");
    }
    char a[32], b[32];
    calendar_format(p->rows[i].start_epoch_s, a, sizeof a);
    calendar_format(p->rows[i].end_epoch_s, b, sizeof b);
    gnuplot_add(&p->h, "<tr><td>simulated period (UTC)</td><td>%s to %s, a sample every %g s"
                       "</td></tr>\n</tbody></table>\n", a, b, p->rows[i].sample_s);
}

static void run_meta(struct page *p, int i)
{
    const struct run_row *r = &p->rows[i];
    gnuplot_add(&p->h, "<p class=\"meta\">Run %lld, seed %llu, %s mode, %s; wormsim ",
                (long long)r->id, (unsigned long long)r->seed, r->mode, r->status);
    html_text(&p->h, r->version);
    gnuplot_add(&p->h, ", started %s (%.2f s of computing, %llu events).</p>\n", r->started_utc,
                r->wall_s, (unsigned long long)r->events);
}

/* The page of one run. */
static enum status single_page(struct page *p, struct diag *d)
{
    const struct run_row *r = &p->rows[0];
    int64_t run = r->id;
    page_head(p, r->scenario_name);
    gnuplot_add(&p->h, "<h1>");
    html_text(&p->h, r->scenario_name);
    gnuplot_add(&p->h, "</h1>\n");
    run_meta(p, 0);
    gnuplot_add(&p->h, "<h2 id=\"story\">The story</h2>\n");
    if (p->source[0][0])
        html_story(&p->h, p->source[0], false);
    else
        gnuplot_add(&p->h, "<p>This run was stored without its scenario file.</p>\n");
    gnuplot_add(&p->h, "<h2 id=\"figures\">Key figures</h2>\n");
    figures_table(p, 0);
    gnuplot_add(&p->h, "<h2 id=\"plots\">What happened</h2>\n");
    enum status st;
    if ((st = curves(p, &run, 1, d)) || (st = theory_panel(p, run, d)) ||
        (st = network_panels(p, run, d)) ||
        (st = load_panel(p, run, d)) || (st = extra_panels(p, run, d)))
        return st;
    gnuplot_add(&p->h, "<h2 id=\"events\">Events</h2>\n");
    if ((st = html_events(&p->h, p->s, run, REPORT_EVENT_ROWS, d)))
        return st;
    gnuplot_add(&p->h, "<h2 id=\"try\">Things to try</h2>\n");
    if (!p->source[0][0] || html_things_to_try(&p->h, p->source[0]) == 0)
        gnuplot_add(&p->h, "<p>Change any parameter below with <code>--set section.key=value"
                           "</code> and compare the runs with <code>wormsim report A B -o "
                           "compare.html</code>.</p>\n");
    gnuplot_add(&p->h, "<h2 id=\"parameters\">Every parameter</h2>\n<p>The values this run used (defaults "
                       "included). Sources are sections of docs/SOURCES.md; "
                       "<span class=\"unc\">[uncertain]</span> marks a value the 2001 record "
                       "does not pin down: vary it before trusting a conclusion that rests on "
                       "it.</p>\n");
    html_parameters(&p->h, p->resolved[0]);
    page_foot(p);
    return ST_OK;
}

/* Appends section.key to seen (a list of "section\tkey\n") unless there; true if new. */
static bool first_time(struct gnuplot_script *seen, const char *section, const char *key)
{
    char item[300];
    snprintf(item, sizeof item, "\n%s\t%s\n", section, key);
    if (seen->p && strstr(seen->p, item))
        return false;
    gnuplot_add(seen, "%s", seen->len ? item + 1 : item);
    return true;
}

/* The parameters whose values differ between the runs (a key a run lacks reads "-"). */
static void differences(struct page *p)
{
    struct gnuplot_script seen = {0};
    gnuplot_add(&seen, "\n");
    int rows = 0;
    gnuplot_add(&p->h, "<table class=\"params\"><thead><tr><th>key</th>");
    for (int i = 0; i < p->n; i++)
        gnuplot_add(&p->h, "<th>run %lld</th>", (long long)p->rows[i].id);
    gnuplot_add(&p->h, "</tr></thead><tbody>\n");
    for (int i = 0; i < p->n; i++) {
        char line[1200], section[128] = "";
        for (const char *q = p->resolved[i]; q && *q;) {
            size_t n = strcspn(q, "\n");
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), q);
            q += n + (q[n] == '\n');
            char *eq = strstr(line, " = ");
            if (line[0] == '[') {
                snprintf(section, sizeof section, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
                continue;
            }
            if (!eq)
                continue;
            *eq = '\0';
            if (!first_time(&seen, section, line))
                continue;
            char v[REPORT_MAX_RUNS][256];
            bool same = true;
            for (int k = 0; k < p->n; k++) {
                if (!html_scenario_value(p->resolved[k], section, line, v[k], sizeof v[k]))
                    snprintf(v[k], sizeof v[k], "-");
                same = same && !strcmp(v[k], v[0]);
            }
            if (same)
                continue;
            rows++;
            gnuplot_add(&p->h, "<tr><td class=\"k\">");
            html_text(&p->h, section);
            gnuplot_add(&p->h, ".");
            html_text(&p->h, line);
            gnuplot_add(&p->h, "</td>");
            for (int k = 0; k < p->n; k++) {
                gnuplot_add(&p->h, "<td class=\"v\">");
                html_text(&p->h, v[k]);
                gnuplot_add(&p->h, "</td>");
            }
            gnuplot_add(&p->h, "</tr>\n");
        }
    }
    if (rows == 0)
        gnuplot_add(&p->h, "<tr><td colspan=\"%d\">no parameter differs: the runs differ only in "
                           "chance (the seed) or not at all</td></tr>\n", p->n + 1);
    gnuplot_add(&p->h, "</tbody></table>\n");
    free(seen.p);
}

/* Key figures side by side: one row per label any run has. */
static void figures_side_by_side(struct page *p)
{
    static struct model_figure figs[REPORT_MAX_RUNS][REPORT_FIGURES];
    int nf[REPORT_MAX_RUNS];
    for (int i = 0; i < p->n; i++)
        nf[i] = reader_figures(p->s, &p->rows[i], figs[i], REPORT_FIGURES);
    gnuplot_add(&p->h, "<table class=\"figs\"><thead><tr><th></th>");
    for (int i = 0; i < p->n; i++) {
        gnuplot_add(&p->h, "<th>run %lld: ", (long long)p->rows[i].id);
        html_text(&p->h, p->rows[i].scenario_name);
        gnuplot_add(&p->h, "</th>");
    }
    gnuplot_add(&p->h, "</tr></thead><tbody>\n");
    struct gnuplot_script seen = {0};
    gnuplot_add(&seen, "\n");
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < nf[i]; k++) {
            if (!first_time(&seen, "", figs[i][k].label))
                continue;
            gnuplot_add(&p->h, "<tr><td>");
            html_text(&p->h, figs[i][k].label);
            gnuplot_add(&p->h, "</td>");
            for (int j = 0; j < p->n; j++) {
                const char *v = "-";
                for (int m = 0; m < nf[j]; m++)
                    if (!strcmp(figs[j][m].label, figs[i][k].label))
                        v = figs[j][m].value;
                gnuplot_add(&p->h, "<td>");
                html_text(&p->h, v);
                gnuplot_add(&p->h, "</td>");
            }
            gnuplot_add(&p->h, "</tr>\n");
        }
    gnuplot_add(&p->h, "</tbody></table>\n");
    free(seen.p);
}

/* The comparison page of several runs. */
static enum status comparison_page(struct page *p, const int64_t *runs, struct diag *d)
{
    char title[256];
    int used = snprintf(title, sizeof title, "Comparison of runs");
    for (int i = 0; i < p->n && used < (int)sizeof title; i++)
        used += snprintf(title + used, sizeof title - (size_t)used, "%s %lld", i ? "," : "",
                         (long long)p->rows[i].id);
    page_head(p, title);
    gnuplot_add(&p->h, "<h1>");
    html_text(&p->h, title);
    gnuplot_add(&p->h, "</h1>\n");
    for (int i = 0; i < p->n; i++) {
        gnuplot_add(&p->h, "<h2>Run %lld: ", (long long)p->rows[i].id);
        html_text(&p->h, p->rows[i].scenario_name);
        gnuplot_add(&p->h, "</h2>\n");
        run_meta(p, i);
        if (p->source[i][0])
            html_story(&p->h, p->source[i], true);
    }
    gnuplot_add(&p->h, "<h2>What differs</h2>\n");
    differences(p);
    gnuplot_add(&p->h, "<h2>Key figures side by side</h2>\n");
    figures_side_by_side(p);
    gnuplot_add(&p->h, "<h2>The runs together</h2>\n");
    enum status st = curves(p, runs, p->n, d);
    if (st)
        return st;
    struct plot_request req = base_request(p, runs, p->n);
    req.align_column = wormsim_model.plots->release_column;
    req.align_label = wormsim_model.plots->release_label;
    st = html_plot(&p->h, p->s, &req, ++p->figure, wormsim_model.plots->aligned_caption, d);
    page_foot(p);
    return st;
}

/* Writes text to path through a temporary file beside it, renamed at the end. */
static enum status write_atomically(const char *path, const char *text, struct diag *d)
{
    enum status st = paths_make_parents(path, d);
    if (st)
        return st;
    size_t len = strlen(path);
    char *tmp = xmalloc(len + 16);
    snprintf(tmp, len + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    mode_t mask = umask(0);
    umask(mask);
    if (fd >= 0)
        fchmod(fd, 0666 & ~mask); /* mkstemp makes it private; a report is for sharing */
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    else if (!f && fd >= 0)
        close(fd);
    if (ok && rename(tmp, path) == 0) {
        free(tmp);
        return ST_OK;
    }
    st = diag_set(d, ST_IO, "", 0, "cannot write %s: %s", path, strerror(errno));
    if (fd >= 0)
        unlink(tmp);
    free(tmp);
    return st;
}

enum status report_write(struct store *s, const struct report_request *req, struct diag *d)
{
    const char *dot = req->output ? strrchr(req->output, '.') : NULL;
    if (!dot || (strcasecmp(dot, ".html") && strcasecmp(dot, ".htm")))
        return diag_set(d, ST_USAGE, "", 0, "report needs -o FILE.html");
    if (req->n_runs < 1 || req->n_runs > REPORT_MAX_RUNS)
        return diag_set(d, ST_USAGE, "", 0, "report between 1 and %d runs, not %d",
                        REPORT_MAX_RUNS, req->n_runs);
    struct page p = {.s = s};
    enum status st = ST_OK;
    for (int i = 0; i < req->n_runs && st == ST_OK; i++) {
        p.n = i + 1;
        if ((st = store_run_get(s, req->runs[i], &p.rows[i], d)) ||
            (st = store_run_scenario(s, req->runs[i], &p.resolved[i], d)))
            break;
        st = store_run_source(s, req->runs[i], &p.source[i], d);
    }
    if (st == ST_OK)
        st = req->n_runs == 1 ? single_page(&p, d) : comparison_page(&p, req->runs, d);
    if (st == ST_OK)
        st = write_atomically(req->output, p.h.p, d);
    page_free(&p);
    return st;
}
