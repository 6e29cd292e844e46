/* harness.c - in-memory runs of the world for the model tests (see harness.h). */
#include "harness.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "model.h"
#include "world.h"

void harness_config(struct world_config *c, const char *const *overrides)
{
    struct param_override ovr[64];
    size_t n = 0;
    for (; overrides && overrides[n]; n++)
        ovr[n].text = overrides[n];
    struct diag d = {0};
    enum status st = params_load(config_table(), c, NULL, ovr, n, &d);
    ck_assert_msg(st == ST_OK, "config: %s:%d: %s", d.file, d.line, d.msg);
    st = wormsim_model.validate(c, "test", &d);
    ck_assert_msg(st == ST_OK, "config: %s", d.msg);
}

static const char *stop_name;
static double stop_level;

void harness_stop_when(const char *name, double level)
{
    stop_name = name;
    stop_level = level;
}

static int keep_sample(double t, const double *v, void *arg)
{
    struct trace *tr = arg;
    int stop = stop_name && v[harness_col(tr, stop_name)] >= stop_level;
    if (tr->n == tr->cap) {
        tr->cap = tr->cap ? 2 * tr->cap : 256;
        tr->t = realloc(tr->t, sizeof *tr->t * tr->cap);
        tr->v = realloc(tr->v, sizeof *tr->v * tr->cap * (size_t)tr->ncol);
    }
    tr->t[tr->n] = t;
    memcpy(tr->v + tr->n * (size_t)tr->ncol, v, sizeof *v * (size_t)tr->ncol);
    tr->n++;
    return stop;
}

static void count_event(double t, const char *kind, const char *subject, const char *detail,
                        void *arg)
{
    (void)t, (void)kind, (void)subject, (void)detail;
    ((struct trace *)arg)->n_events++;
}

void harness_run(const struct world_config *c, unsigned long long seed, struct trace *tr)
{
    memset(tr, 0, sizeof *tr);
    tr->ncol = world_columns(&tr->names);
    struct world *w;
    struct diag d = {0};
    enum status st = world_create(&w, c, seed, "test", &d);
    ck_assert_msg(st == ST_OK, "world: %s", d.msg);
    struct engine *eng = engine_alloc();
    struct model_observer obs = {keep_sample, count_event, tr};
    world_start(w, eng, &obs);
    engine_run(eng, c->end_epoch_s - c->start_epoch_s);
    tr->events_run = engine_events_run(eng);
    world_check(w);
    engine_free(eng);
    world_free(w);
}

void harness_free(struct trace *tr)
{
    free(tr->t);
    free(tr->v);
    memset(tr, 0, sizeof *tr);
}

int harness_col(const struct trace *tr, const char *name)
{
    for (int i = 0; i < tr->ncol; i++)
        if (!strcmp(tr->names[i], name))
            return i;
    ck_abort_msg("no column %s", name);
    return -1;
}

double harness_at(const struct trace *tr, size_t i, const char *name)
{
    return tr->v[i * (size_t)tr->ncol + (size_t)harness_col(tr, name)];
}

double harness_first_reach(const struct trace *tr, const char *name, double level)
{
    int c = harness_col(tr, name);
    for (size_t i = 0; i < tr->n; i++)
        if (tr->v[i * (size_t)tr->ncol + (size_t)c] >= level)
            return tr->t[i];
    return -1;
}
