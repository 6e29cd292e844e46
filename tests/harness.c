/* harness.c - in-memory runs of the world for the model tests (see harness.h). */
#include "harness.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "model.h"
#include "world.h"

void harness_config_text(struct world_config *c, const char *text,
                         const char *const *overrides)
{
    char path[] = "/tmp/wormsim-scenario-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp");
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    struct param_override ovr[64];
    size_t n = 0;
    for (; overrides && overrides[n]; n++)
        ovr[n].text = overrides[n];
    struct diag d = {0};
    enum status st = params_load(config_table(), c, path, ovr, n, &d);
    unlink(path);
    ck_assert_msg(st == ST_OK, "config: %s:%d: %s", d.file, d.line, d.msg);
    st = wormsim_model.validate(c, "test", &d);
    ck_assert_msg(st == ST_OK, "config: %s", d.msg);
}

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
    (void)detail;
    struct trace *tr = arg;
    tr->events = realloc(tr->events, sizeof *tr->events * (tr->n_events + 1));
    struct trace_event *e = &tr->events[tr->n_events++];
    e->t = t;
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    snprintf(e->subject, sizeof e->subject, "%s", subject);
}

size_t harness_events(const struct trace *tr, const char *kind, const char *subject,
                      double *first)
{
    size_t n = 0;
    if (first)
        *first = -1;
    for (size_t i = 0; i < tr->n_events; i++) {
        const struct trace_event *e = &tr->events[i];
        if (strcmp(e->kind, kind) || (subject && strcmp(e->subject, subject)))
            continue;
        if (first && n == 0)
            *first = e->t;
        n++;
    }
    return n;
}

void harness_run(const struct world_config *c, unsigned long long seed, struct trace *tr)
{
    memset(tr, 0, sizeof *tr);
    struct world *w;
    struct diag d = {0};
    enum status st = world_create(&w, c, seed, "test", &d);
    ck_assert_msg(st == ST_OK, "world: %s", d.msg);
    const char *const *names;
    tr->ncol = world_columns(w, &names);
    tr->names = malloc(sizeof *tr->names * (size_t)tr->ncol);
    for (int i = 0; i < tr->ncol; i++)
        tr->names[i] = strdup(names[i]);
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
    for (int i = 0; i < tr->ncol; i++)
        free(tr->names[i]);
    free(tr->names);
    free(tr->events);
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

struct world *harness_world(const struct world_config *c, unsigned long long seed, double until,
                            struct engine **eng_out)
{
    struct world *w;
    struct diag d;
    ck_assert_int_eq(world_create(&w, c, seed, "test", &d), ST_OK);
    struct engine *eng = engine_alloc();
    struct model_observer obs = {NULL, NULL, NULL};
    world_start(w, eng, &obs);
    engine_run(eng, until);
    world_check(w);
    *eng_out = eng;
    return w;
}

void harness_world_free(struct world *w, struct engine *eng)
{
    world_free(w);
    engine_free(eng);
}
