/* sweep_plan.c - a sweep's plan: grid from [experiment] and the command line, base seed, and
 * every point checked by the scenario reader and the model before anything runs.
 * Precedence: --reps replaces reps; a --vary replaces the file's vary of the same key; a --set
 * of a varied key pins it (the axis goes). Each varied value is first checked alone (so the
 * message names the value), then every point as a whole (rules across keys). */
#include "sweep_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define OVERRIDE_MAX 600 /* characters of one "section.key=value" */

/* [experiment] lines: reps = N, vary = section.key=v1,v2 (once per key). */
static enum status experiment_line(const char *key, const char *value, const char *file,
                                   int line, void *arg, struct diag *d)
{
    struct experiment_spec *spec = arg;
    if (!strcmp(key, "reps")) {
        char *end;
        long reps = strtol(value, &end, 10);
        if (!*value || *end)
            return diag_set(d, ST_INPUT, file, line, "bad value \"%s\" for experiment.reps: "
                            "not a whole number", value);
        if (spec->reps)
            return diag_set(d, ST_INPUT, file, line, "duplicate key \"reps\" in [experiment]");
        struct grid probe;
        grid_init(&probe);
        enum status st = grid_set_reps(&probe, reps, file, line, d);
        grid_free(&probe);
        if (st == ST_OK)
            spec->reps = reps;
        return st;
    }
    if (!strcmp(key, "vary")) {
        const char *eq = strchr(value, '=');
        for (int a = 0; eq && a < spec->grid.n_axes; a++) {
            size_t n = strlen(spec->grid.axes[a].key);
            const char *k = value;
            while (*k == ' ' || *k == '\t')
                k++;
            if (!strncmp(k, spec->grid.axes[a].key, n) && (k[n] == '=' || k[n] == ' '))
                return diag_set(d, ST_INPUT, file, line, "vary %s: %s is varied twice", value,
                                spec->grid.axes[a].key);
        }
        return grid_vary(&spec->grid, value, "vary", file, line, d);
    }
    return diag_set(d, ST_INPUT, file, line, "unknown key \"%s\" in [experiment] (reps or "
                    "vary)", key);
}

struct param_extra experiment_section(struct experiment_spec *spec)
{
    return (struct param_extra){"experiment", experiment_line, spec};
}

/* Loads base (the file or the stored text) with the plan's --set, then `extra` overrides. */
static enum status load(const struct sweep_plan *plan, char (*extra)[OVERRIDE_MAX], int n_extra,
                        void *config, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    struct param_override ovr[CLI_MAX_SETS + GRID_MAX_AXES];
    int n = 0;
    for (int i = 0; i < plan->n_sets; i++)
        ovr[n++] = plan->sets[i];
    for (int i = 0; i < n_extra; i++)
        ovr[n++].text = extra[i];
    struct experiment_spec ignored = {.path = plan->path};
    grid_init(&ignored.grid);
    struct param_extra ex = experiment_section(&ignored);
    enum status st = params_load_ex(m->params(), config, plan->path, plan->base_text, ovr,
                                    (size_t)n, &ex, d);
    grid_free(&ignored.grid);
    if (st == ST_IO)
        st = ST_INPUT;
    return st;
}

/* Checks each varied value alone: an error reads "--vary worm.scan_rate=x: bad value ...". */
static enum status check_values(const struct sweep_plan *plan, void *config, struct diag *d)
{
    char one[1][OVERRIDE_MAX];
    for (int a = 0; a < plan->grid.n_axes; a++)
        for (int i = 0; i < plan->grid.axes[a].n; i++) {
            snprintf(one[0], sizeof one[0], "%s=%s", plan->grid.axes[a].key,
                     plan->grid.axes[a].values[i]);
            enum status st = load(plan, one, 1, config, d);
            if (st == ST_OK)
                continue;
            if (!strcmp(d->file, "--set") && !strncmp(d->msg, "--set ", 6)) {
                /* name the vary line (or --vary) instead of the --set it was checked as */
                char msg[sizeof d->msg + 8];
                int line = plan->grid.axes[a].line;
                snprintf(msg, sizeof msg, "%s %s", line ? "vary" : "--vary", d->msg + 6);
                diag_set(d, st, line ? plan->path : "--set", line, "%.*s",
                         (int)sizeof d->msg - 1, msg);
            }
            return st;
        }
    return ST_OK;
}

enum status sweep_plan_config(const struct sweep_plan *plan, size_t p, long k, void **out,
                              struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    char ovr[GRID_MAX_AXES][OVERRIDE_MAX];
    for (int a = 0; a < plan->grid.n_axes; a++)
        grid_override(&plan->grid, p, a, ovr[a], sizeof ovr[a]);
    void *config = xcalloc(1, m->config_size);
    enum status st = load(plan, ovr, plan->grid.n_axes, config, d);
    if (st == ST_OK && (st = m->validate(config, plan->path, d)) != ST_OK &&
        plan->grid.n_axes > 0) {
        char label[256], msg[sizeof d->msg + 300];
        grid_label(&plan->grid, p, -1, label, sizeof label);
        snprintf(msg, sizeof msg, "point %zu (%s): %s", p, label, d->msg);
        snprintf(d->msg, sizeof d->msg, "%.*s", (int)sizeof d->msg - 1, msg);
    }
    if (st != ST_OK) {
        free(config);
        return st;
    }
    m->set_seed(config, grid_replica_seed(plan->base_seed, (uint64_t)k));
    *out = config;
    return ST_OK;
}

/* The checks shared by a new and a resumed plan: each value, then each point. */
static enum status check_plan(struct sweep_plan *plan, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    void *config = xcalloc(1, m->config_size);
    enum status st = check_values(plan, config, d);
    free(config);
    plan->n_points = grid_points(&plan->grid);
    for (size_t p = 0; st == ST_OK && p < plan->n_points; p++) {
        st = sweep_plan_config(plan, p, 0, &config, d);
        if (st == ST_OK)
            free(config);
    }
    return st;
}

/* The scenario name: run.name, else the file name without ".ini". */
static void plan_name(struct sweep_plan *plan, const void *config)
{
    struct model_run_settings set;
    wormsim_model.settings(config, &set);
    if (set.name[0]) {
        snprintf(plan->name, sizeof plan->name, "%s", set.name);
        return;
    }
    const char *base = strrchr(plan->path, '/');
    snprintf(plan->name, sizeof plan->name, "%s", base ? base + 1 : plan->path);
    char *dot = strrchr(plan->name, '.');
    if (dot && !strcmp(dot, ".ini"))
        *dot = '\0';
}

enum status sweep_plan_from_options(const struct cli_options *o, struct sweep_plan *plan,
                                    struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    memset(plan, 0, sizeof *plan);
    plan->path = o->file;
    plan->sets = o->sets;
    plan->n_sets = o->n_sets;
    grid_init(&plan->grid);
    /* The file with --set and its [experiment] section. */
    struct experiment_spec spec = {.path = o->file};
    grid_init(&spec.grid);
    struct param_extra ex = experiment_section(&spec);
    void *config = xcalloc(1, m->config_size);
    enum status st = params_load_ex(m->params(), config, o->file, NULL, o->sets,
                                    (size_t)o->n_sets, &ex, d);
    if (st == ST_IO)
        st = ST_INPUT;
    if (st == ST_OK) {
        struct model_run_settings set;
        m->settings(config, &set);
        plan->base_seed = o->have_seed ? o->seed : set.seed;
        plan_name(plan, config);
    }
    free(config);
    plan->grid = spec.grid;
    if (st != ST_OK)
        return st;
    for (int i = 0; i < o->n_varies && st == ST_OK; i++)
        st = grid_vary(&plan->grid, o->varies[i], "--vary", "", 0, d);
    long reps = o->reps ? o->reps : spec.reps ? spec.reps : 1;
    if (st == ST_OK)
        st = grid_set_reps(&plan->grid, reps, o->reps ? "" : o->file, 0, d);
    for (int i = 0; i < o->n_sets && st == ST_OK; i++) {
        char key[OVERRIDE_MAX];
        snprintf(key, sizeof key, "%s", o->sets[i].text);
        char *eq = strchr(key, '=');
        if (eq)
            *eq = '\0';
        grid_remove(&plan->grid, key);
    }
    if (st == ST_OK)
        st = check_plan(plan, d);
    return st;
}

enum status sweep_plan_from_stored(const char *path, const char *base_text,
                                   const char *grid_text, long reps, uint64_t base_seed,
                                   struct sweep_plan *plan, struct diag *d)
{
    memset(plan, 0, sizeof *plan);
    plan->path = plan->stored_path = xstrdup(path);
    plan->base_text = xstrdup(base_text);
    plan->base_seed = base_seed;
    grid_init(&plan->grid);
    enum status st = grid_set_reps(&plan->grid, reps, "", 0, d);
    char *lines = xstrdup(grid_text);
    for (char *l = strtok(lines, "\n"); l && st == ST_OK; l = strtok(NULL, "\n"))
        st = grid_vary(&plan->grid, l, "stored grid", "", 0, d);
    free(lines);
    if (st == ST_OK)
        st = check_plan(plan, d);
    return st;
}

char *sweep_plan_base_text(const struct sweep_plan *plan)
{
    const struct model_desc *m = &wormsim_model;
    void *config = xcalloc(1, m->config_size);
    struct diag d;
    enum status st = load(plan, NULL, 0, config, &d);
    (void)st; /* checked by check_plan already */
    m->set_seed(config, plan->base_seed);
    char *text = params_to_string(m->params(), config);
    free(config);
    return text;
}

void sweep_plan_free(struct sweep_plan *plan)
{
    grid_free(&plan->grid);
    free(plan->base_text);
    free(plan->stored_path);
    plan->base_text = plan->stored_path = NULL;
}
