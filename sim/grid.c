/* grid.c - expansion of an experiment's grid (axes of varied keys times replicas) and the
 * replica seeds. Point p is a mixed-radix number whose last digit is the last axis: with axes
 * A (2 values) and B (3 values), points 0..5 are (A0,B0) (A0,B1) (A0,B2) (A1,B0) (A1,B1) (A1,B2). */
#include "grid.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void grid_init(struct grid *g)
{
    memset(g, 0, sizeof *g);
    g->reps = 1;
}

static void axis_free(struct grid_axis *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->values[i]);
    free(a->values);
    free(a->key);
    memset(a, 0, sizeof *a);
}

void grid_free(struct grid *g)
{
    for (int i = 0; i < g->n_axes; i++)
        axis_free(&g->axes[i]);
    g->n_axes = 0;
}

/* A copy of s[0..n) without leading and trailing blanks. */
static char *trimmed(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    char *t = xmalloc(n + 1);
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

static int find_axis(const struct grid *g, const char *key)
{
    for (int i = 0; i < g->n_axes; i++)
        if (!strcmp(g->axes[i].key, key))
            return i;
    return -1;
}

/* The number of runs the grid would have with axis `skip` holding n values instead. */
static double runs_with(const struct grid *g, int skip, int n)
{
    double runs = (double)g->reps * n;
    for (int i = 0; i < g->n_axes; i++)
        if (i != skip)
            runs *= g->axes[i].n;
    return runs;
}

/* Splits the comma-separated list into a->values; fills d on an empty or repeated value. */
static enum status split_values(struct grid_axis *a, const char *list, const char *what,
                                const char *text, const char *file, int line, struct diag *d)
{
    for (const char *p = list;; ) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char *v = trimmed(p, n);
        if (!*v) {
            free(v);
            return diag_set(d, ST_INPUT, file, line, "%s %s: empty value", what, text);
        }
        for (int i = 0; i < a->n; i++)
            if (!strcmp(a->values[i], v)) {
                diag_set(d, ST_INPUT, file, line, "%s %s: value \"%s\" is given twice", what,
                         text, v);
                free(v);
                return ST_INPUT;
            }
        if (a->n == GRID_MAX_VALUES) {
            free(v);
            return diag_set(d, ST_INPUT, file, line, "%s %s: too many values (at most %d)",
                            what, text, GRID_MAX_VALUES);
        }
        a->values = xrealloc(a->values, (size_t)(a->n + 1) * sizeof *a->values);
        a->values[a->n++] = v;
        if (!comma)
            return ST_OK;
        p = comma + 1;
    }
}

enum status grid_vary(struct grid *g, const char *text, const char *what, const char *file,
                      int line, struct diag *d)
{
    const char *eq = strchr(text, '=');
    struct grid_axis a = {0};
    a.key = trimmed(text, eq ? (size_t)(eq - text) : strlen(text));
    enum status st = ST_OK;
    if (!eq || !strchr(a.key, '.') || strpbrk(a.key, " \t")) {
        st = diag_set(d, ST_INPUT, file, line, "%s %s: expected section.key=v1,v2,..., like "
                      "worm.scan_rate=6/s,11/s", what, text);
        goto fail;
    }
    if ((st = split_values(&a, eq + 1, what, text, file, line, d)) != ST_OK)
        goto fail;
    a.line = line;
    int at = find_axis(g, a.key);
    if (at < 0 && g->n_axes == GRID_MAX_AXES) {
        st = diag_set(d, ST_INPUT, file, line, "%s %s: too many varied keys (at most %d)", what,
                      text, GRID_MAX_AXES);
        goto fail;
    }
    if (runs_with(g, at, a.n) > GRID_MAX_RUNS) {
        st = diag_set(d, ST_INPUT, file, line, "%s %s: the grid would have more than %d runs",
                      what, text, GRID_MAX_RUNS);
        goto fail;
    }
    if (at >= 0)
        axis_free(&g->axes[at]);
    else
        at = g->n_axes++;
    g->axes[at] = a;
    return ST_OK;
fail:
    axis_free(&a);
    return st;
}

int grid_remove(struct grid *g, const char *key)
{
    int at = find_axis(g, key);
    if (at < 0)
        return 0;
    axis_free(&g->axes[at]);
    memmove(&g->axes[at], &g->axes[at + 1], (size_t)(g->n_axes - at - 1) * sizeof g->axes[0]);
    memset(&g->axes[--g->n_axes], 0, sizeof g->axes[0]);
    return 1;
}

enum status grid_set_reps(struct grid *g, long reps, const char *file, int line,
                          struct diag *d)
{
    if (reps < 1 || reps > GRID_MAX_REPS)
        return diag_set(d, ST_INPUT, file, line, "reps = %ld is out of range (1 to %d)", reps,
                        GRID_MAX_REPS);
    long old = g->reps;
    g->reps = reps;
    if (runs_with(g, -1, 1) > GRID_MAX_RUNS) {
        g->reps = old;
        return diag_set(d, ST_INPUT, file, line, "reps = %ld: the grid would have more than %d "
                        "runs", reps, GRID_MAX_RUNS);
    }
    return ST_OK;
}

size_t grid_points(const struct grid *g)
{
    size_t n = 1;
    for (int i = 0; i < g->n_axes; i++)
        n *= (size_t)g->axes[i].n;
    return n;
}

int grid_value_index(const struct grid *g, size_t p, int a)
{
    assert(p < grid_points(g) && a >= 0 && a < g->n_axes);
    for (int i = g->n_axes - 1; i > a; i--)
        p /= (size_t)g->axes[i].n;
    return (int)(p % (size_t)g->axes[a].n);
}

void grid_override(const struct grid *g, size_t p, int a, char *buf, size_t len)
{
    snprintf(buf, len, "%s=%s", g->axes[a].key, g->axes[a].values[grid_value_index(g, p, a)]);
}

/* The key after its last ".": "worm.scan_rate" -> "scan_rate". */
static const char *short_key(const char *key)
{
    const char *dot = strrchr(key, '.');
    return dot ? dot + 1 : key;
}

void grid_label(const struct grid *g, size_t p, long replica, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < g->n_axes; a++) {
        const char *name = short_key(g->axes[a].key);
        for (int b = 0; b < g->n_axes; b++)
            if (b != a && !strcmp(short_key(g->axes[b].key), name))
                name = g->axes[a].key;
        int w = snprintf(buf + used, len - used, "%s%s=%s", used ? " " : "", name,
                         g->axes[a].values[grid_value_index(g, p, a)]);
        used = w < 0 || (size_t)w >= len - used ? len - 1 : used + (size_t)w;
    }
    if (replica >= 0 && used < len - 1)
        snprintf(buf + used, len - used, "%s#%ld", used ? " " : "", replica);
}

char *grid_to_text(const struct grid *g)
{
    size_t len = 1;
    for (int a = 0; a < g->n_axes; a++) {
        len += strlen(g->axes[a].key) + 2;
        for (int i = 0; i < g->axes[a].n; i++)
            len += strlen(g->axes[a].values[i]) + 1;
    }
    char *text = xmalloc(len), *p = text;
    *p = '\0';
    for (int a = 0; a < g->n_axes; a++) {
        p += sprintf(p, "%s=", g->axes[a].key);
        for (int i = 0; i < g->axes[a].n; i++)
            p += sprintf(p, "%s%s", i ? "," : "", g->axes[a].values[i]);
        p += sprintf(p, "\n");
    }
    return text;
}

uint64_t grid_replica_seed(uint64_t base, uint64_t k)
{
    if (k == 0)
        return base;
    uint64_t z = base + k * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) >> 11;
}

void grid_check(const struct grid *g)
{
    assert(g->n_axes >= 0 && g->n_axes <= GRID_MAX_AXES);
    assert(g->reps >= 1 && g->reps <= GRID_MAX_REPS);
    double runs = (double)g->reps;
    for (int a = 0; a < g->n_axes; a++) {
        const struct grid_axis *x = &g->axes[a];
        assert(x->key && *x->key && x->n >= 1 && x->n <= GRID_MAX_VALUES);
        runs *= x->n;
        for (int b = 0; b < a; b++)
            assert(strcmp(g->axes[b].key, x->key) != 0);
        for (int i = 0; i < x->n; i++) {
            assert(x->values[i] && *x->values[i]);
            for (int j = 0; j < i; j++)
                assert(strcmp(x->values[i], x->values[j]) != 0);
        }
    }
    assert(runs <= GRID_MAX_RUNS);
    (void)runs;
}
