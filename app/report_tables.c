/* report_tables.c - the report's two tables: the run's events as a timeline (the first rows,
 * then a count per kind) and every parameter of the resolved scenario with its value, type and
 * unit, source (the model's docs/SOURCES.md section) and help. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "model.h"
#include "report_html.h"

#define EVENT_KINDS_MAX 32
/* A kind with at most this many events is listed whole; a more frequent one by its first
 * EVENT_HEAD and its last event, the rest counted in one row where they were left out. */
#define EVENT_WHOLE 12
#define EVENT_HEAD 3

struct event_rows {
    struct gnuplot_script *h;
    double start_epoch_s;
    bool counting;          /* first pass: count per kind; second: write the rows */
    long total;
    char kinds[EVENT_KINDS_MAX][48];
    long counts[EVENT_KINDS_MAX], seen[EVENT_KINDS_MAX], skipped[EVENT_KINDS_MAX];
    double first[EVENT_KINDS_MAX], last[EVENT_KINDS_MAX];
    int n_kinds;
};

static int kind_index(struct event_rows *e, const char *kind, double when)
{
    int k = 0;
    while (k < e->n_kinds && strcmp(e->kinds[k], kind))
        k++;
    if (k == e->n_kinds && k < EVENT_KINDS_MAX) {
        snprintf(e->kinds[k], sizeof e->kinds[k], "%s", kind);
        e->first[k] = when;
        e->n_kinds++;
    }
    return k;
}

/* One row saying which events were left out since the last row written. */
static void flush_skipped(struct event_rows *e)
{
    bool any = false;
    for (int k = 0; k < e->n_kinds; k++) {
        if (!e->skipped[k])
            continue;
        gnuplot_add(e->h, "%s%ld more ", any ? ", " : "<tr class=\"more\"><td></td>"
                                                     "<td colspan=\"3\">&#8230; ", e->skipped[k]);
        html_text(e->h, e->kinds[k]);
        e->skipped[k] = 0;
        any = true;
    }
    if (any)
        gnuplot_add(e->h, "</td></tr>\n");
}

static void event_row(double t, const char *kind, const char *subject, const char *detail,
                      void *arg)
{
    struct event_rows *e = arg;
    double when = e->start_epoch_s + t;
    int k = kind_index(e, kind, when);
    if (k >= EVENT_KINDS_MAX)
        return;
    if (e->counting) {
        e->counts[k]++;
        e->last[k] = when;
        e->total++;
        return;
    }
    long i = e->seen[k]++;
    if (e->counts[k] > EVENT_WHOLE && i >= EVENT_HEAD && i != e->counts[k] - 1) {
        e->skipped[k]++;
        return;
    }
    flush_skipped(e);
    char at[32];
    calendar_format(when, at, sizeof at);
    gnuplot_add(e->h, "<tr><td class=\"t\">%s</td><td>", at);
    html_text(e->h, kind);
    gnuplot_add(e->h, "</td><td>");
    html_text(e->h, subject);
    gnuplot_add(e->h, "</td><td>");
    html_text(e->h, detail);
    gnuplot_add(e->h, "</td></tr>\n");
}

enum status html_events(struct gnuplot_script *h, struct store *s, int64_t run, int max_rows,
                        struct diag *d)
{
    (void)max_rows;
    struct run_row row;
    enum status st = store_run_get(s, run, &row, d);
    if (st)
        return st;
    struct gnuplot_script rows = {0};
    struct event_rows e = {.h = &rows, .start_epoch_s = row.start_epoch_s, .counting = true};
    if ((st = store_events(s, run, NULL, event_row, &e, d)) == ST_OK) {
        e.counting = false;
        st = store_events(s, run, NULL, event_row, &e, d);
        flush_skipped(&e);
    }
    if (st || e.total == 0) {
        if (st == ST_OK)
            gnuplot_add(h, "<p>The run recorded no events.</p>\n");
        free(rows.p);
        return st;
    }
    gnuplot_add(h, "<table class=\"kinds\"><thead><tr><th>event</th><th>how many</th>"
                   "<th>first (UTC)</th><th>last (UTC)</th></tr></thead><tbody>\n");
    for (int k = 0; k < e.n_kinds; k++) {
        char a[32], b[32];
        calendar_format(e.first[k], a, sizeof a);
        calendar_format(e.last[k], b, sizeof b);
        gnuplot_add(h, "<tr><td>");
        html_text(h, e.kinds[k]);
        gnuplot_add(h, "</td><td class=\"n\">%ld</td><td class=\"t\">%s</td><td class=\"t\">%s"
                       "</td></tr>\n", e.counts[k], a, b);
    }
    gnuplot_add(h, "</tbody></table>\n<p>The timeline: every event of a rare kind; of a "
                   "frequent one (over %d) the first %d and the last.</p>\n", EVENT_WHOLE,
                EVENT_HEAD);
    gnuplot_add(h, "<table class=\"events\"><thead><tr><th>time (UTC)</th><th>event</th>"
                   "<th>subject</th><th>detail</th></tr></thead><tbody>\n%s</tbody></table>\n",
                rows.p ? rows.p : "");
    free(rows.p);
    return ST_OK;
}

/* What a type's values are, for the parameter table. */
static const char *type_unit(enum param_type t)
{
    switch (t) {
    case PARAM_INT: return "integer";
    case PARAM_REAL: return "number";
    case PARAM_PROB: return "share (0 to 1, or %)";
    case PARAM_DURATION: return "duration (ms, s, min, h, d)";
    case PARAM_RATE: return "rate (per s, min, h, d)";
    case PARAM_BYTES: return "bytes (KB = 1000, KiB = 1024)";
    case PARAM_BITRATE: return "bits per second";
    case PARAM_TIME: return "UTC time";
    case PARAM_BOOL: return "yes/no";
    case PARAM_ENUM: return "choice";
    case PARAM_STRING: return "text";
    case PARAM_NAME: return "name";
    default: return "value";
    }
}

static const struct param_def *find_def(const char *section, const char *key)
{
    const struct param_table *tab = wormsim_model.params();
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section) && !strcmp(tab->defs[i].key, key))
            return &tab->defs[i];
    return NULL;
}

/* Splits "key = value" (spaces around =) into key and value; false for anything else. */
static bool split_setting(char *line, char **key, char **value)
{
    char *eq = strstr(line, " = ");
    if (!eq || line[0] == '#' || line[0] == '[')
        return false;
    *eq = '\0';
    *key = line;
    *value = eq + 3;
    return true;
}

void html_parameters(struct gnuplot_script *h, const char *resolved)
{
    char line[1200], section[128] = "", base[64] = "";
    gnuplot_add(h, "<table class=\"params\"><thead><tr><th>key</th><th>value</th><th>type and "
                   "unit</th><th>source</th><th>what it is</th></tr></thead><tbody>\n");
    for (const char *p = resolved; p && *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        p += n + (p[n] == '\n');
        char *key, *value;
        if (line[0] == '[') {
            snprintf(section, sizeof section, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
            snprintf(base, sizeof base, "%.*s", (int)strcspn(section, " "), section);
            gnuplot_add(h, "<tr class=\"sec\"><th colspan=\"5\">[");
            html_text(h, section);
            gnuplot_add(h, "]</th></tr>\n");
            continue;
        }
        if (!split_setting(line, &key, &value))
            continue;
        const struct param_def *def = find_def(base, key);
        const char *src = wormsim_model.key_source ? wormsim_model.key_source(base, key) : NULL;
        gnuplot_add(h, "<tr><td class=\"k\">");
        html_text(h, key);
        gnuplot_add(h, "</td><td class=\"v\">");
        html_text(h, value);
        gnuplot_add(h, "</td><td>%s</td><td class=\"%s\">", def ? type_unit(def->type) : "",
                    src && strstr(src, "uncertain") ? "src unc" : "src");
        html_text(h, src ? src : "not recorded");
        gnuplot_add(h, "</td><td>");
        html_text(h, def && def->help ? def->help : "");
        gnuplot_add(h, "</td></tr>\n");
    }
    gnuplot_add(h, "</tbody></table>\n");
}

bool html_scenario_value(const char *resolved, const char *section, const char *key, char *buf,
                         size_t len)
{
    char line[1200], current[128] = "";
    for (const char *p = resolved; p && *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        p += n + (p[n] == '\n');
        char *k, *v;
        if (line[0] == '[')
            snprintf(current, sizeof current, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
        else if (!strcmp(current, section) && split_setting(line, &k, &v) && !strcmp(k, key)) {
            snprintf(buf, len, "%s", v);
            return true;
        }
    }
    return false;
}
