/* overlay.c - the curves plot --theory and plot --observed draw over a run (see overlay.h).
 * Theory: the model descriptor's analytic curves and its logistic fit of the column, at the
 * column's own sample times. Observed: a two-column CSV, read strictly (every bad line is an
 * error naming it: a curve silently missing points would mislead a class). */
#include "overlay.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "model.h"

#define OVERLAY_LINE_MAX 1024

static struct plot_overlay *add(struct overlay_set *set, const char *label, double *t,
                                double *v, size_t n, bool points)
{
    int i = set->n++;
    snprintf(set->labels[i], sizeof set->labels[i], "%s", label);
    set->t[i] = t;
    set->v[i] = v;
    set->o[i] = (struct plot_overlay){.label = set->labels[i], .t_epoch = t, .v = v, .n = n,
                                      .points = points};
    return &set->o[i];
}

static double *copy(const double *x, size_t n)
{
    double *y = xmalloc(sizeof *y * (n ? n : 1));
    memcpy(y, x, sizeof *y * n);
    return y;
}

enum status overlay_theory(struct store *s, int64_t run, const char *column,
                           struct overlay_set *set, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    struct run_row r;
    void *config = NULL;
    double *t = NULL, *v = NULL;
    size_t n = 0;
    struct model_curves c = {0};
    struct model_fit f;
    enum status st = store_run_get(s, run, &r, d);
    if (st == ST_OK)
        st = store_series(s, run, column, &t, &v, &n, d);
    if (st == ST_OK)
        st = cli_run_config(s, run, &config, d);
    if (st == ST_OK)
        st = m->theory(config, t, n, &c, d);
    if (st == ST_OK && set->n + c.n + 1 > OVERLAY_MAX)
        st = diag_set(d, ST_USAGE, "", 0, "too many curves on one plot (at most %d)", OVERLAY_MAX);
    if (st == ST_OK)
        st = m->fit(config, t, v, n, &f, d);
    if (st == ST_OK) {
        double *te = copy(t, n);
        for (size_t i = 0; i < n; i++)
            te[i] += r.start_epoch_s;
        for (int j = 0; j < c.n; j++) {
            add(set, c.name[j], j ? copy(te, n) : te, c.v[j], n, false);
            c.v[j] = NULL;
        }
        double *fit = xmalloc(sizeof *fit * (n ? n : 1));
        for (size_t i = 0; i < n; i++)
            fit[i] = f.A / (1 + exp(-f.K_per_s * (t[i] - f.T_s)));
        char label[160];
        snprintf(label, sizeof label, "logistic fit to %s: K = %.3g/h", column,
                 f.K_per_s * 3600);
        add(set, label, copy(te, n), fit, n, false);
        if (c.n == 0)
            free(te);
    }
    for (int j = 0; j < c.n; j++)
        free(c.v[j]);
    free(t);
    free(v);
    free(config);
    return st;
}

/* Splits line at commas into at most max fields (trimmed of blanks); returns their number. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line;; p++) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (n == max)
            return max + 1;
        fields[n++] = p;
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
            end--;
        *end = '\0';
        if (!comma)
            return n;
        p = comma;
    }
}

static enum status read_lines(FILE *f, const char *path, struct overlay_set *set, struct diag *d)
{
    char line[OVERLAY_LINE_MAX], label[160] = "";
    char *fields[3];
    size_t n = 0, cap = 64;
    double *t = xmalloc(sizeof *t * cap), *v = xmalloc(sizeof *v * cap);
    enum status st = ST_OK;
    int lineno = 0;
    while (st == ST_OK && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            st = diag_set(d, ST_INPUT, path, lineno, "line longer than %d characters",
                          OVERLAY_LINE_MAX - 2);
            break;
        }
        char *p = line + strspn(line, " \t\r\n");
        if (*p == '\0' || *p == '#')
            continue;
        int nf = split(p, fields, 2);
        if (!label[0]) {
            if (nf != 2 || strcmp(fields[0], "time_utc") || !fields[1][0])
                st = diag_set(d, ST_INPUT, path, lineno,
                              "expected the header \"time_utc,LABEL\" (LABEL names the series)");
            else
                snprintf(label, sizeof label, "%s", fields[1]);
            continue;
        }
        if (nf != 2) {
            st = diag_set(d, ST_INPUT, path, lineno, "expected 2 fields (time_utc,value), got %s",
                          nf > 2 ? "more" : "1");
            break;
        }
        double when, x;
        char *end;
        if (!calendar_parse(fields[0], &when)) {
            st = diag_set(d, ST_INPUT, path, lineno,
                          "bad time \"%s\" (expected UTC like 2001-07-19T10:00Z)", fields[0]);
            break;
        }
        errno = 0;
        x = strtod(fields[1], &end);
        if (!fields[1][0] || *end || errno || !isfinite(x)) {
            st = diag_set(d, ST_INPUT, path, lineno, "bad value \"%s\" (not a number)", fields[1]);
            break;
        }
        if (n == cap) {
            cap *= 2;
            t = xrealloc(t, sizeof *t * cap);
            v = xrealloc(v, sizeof *v * cap);
        }
        t[n] = when;
        v[n++] = x;
    }
    if (st == ST_OK && !label[0])
        st = diag_set(d, ST_INPUT, path, lineno ? lineno : 1,
                      "no header: expected \"time_utc,LABEL\"");
    else if (st == ST_OK && n == 0)
        st = diag_set(d, ST_INPUT, path, lineno, "no data after the header");
    if (st == ST_OK && set->n >= OVERLAY_MAX)
        st = diag_set(d, ST_USAGE, "", 0, "too many curves on one plot (at most %d)", OVERLAY_MAX);
    if (st != ST_OK) {
        free(t);
        free(v);
        return st;
    }
    add(set, label, t, v, n, true);
    return ST_OK;
}

enum status overlay_observed(const char *path, struct overlay_set *set, struct diag *d)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return diag_set(d, ST_INPUT, path, 0, "cannot read: %s", strerror(errno));
    enum status st = read_lines(f, path, set, d);
    fclose(f);
    return st;
}

void overlay_set_free(struct overlay_set *set)
{
    for (int i = 0; i < set->n; i++) {
        free(set->t[i]);
        free(set->v[i]);
    }
    set->n = 0;
}
