/* sweep.c - `wormsim sweep`: an experiment (grid points x replicas) run by worker processes
 * (-j N) or MPI ranks, with this process as the one writer of the database.
 * Every run is reserved up front, in grid order (point, replica), with status "pending", so
 * run ids and export order do not depend on -j, the worker count or MPI. Workers compute a
 * replica into an in-memory database and hand its image back; the writer copies it in with one
 * transaction (store_run_import). Ctrl-C (or SIGTERM) stops the workers at their next sample:
 * finished runs stay, runs in flight are marked "interrupted", runs never started stay
 * "pending"; `sweep --resume EXP` runs every run of EXP that is not done. A worker that dies
 * (kill -9) costs its run ("failed"); the others carry on and the experiment ends
 * "incomplete". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "model.h"
#include "pool.h"
#include "replica.h"
#include "store.h"
#include "store_experiment.h"
#include "sweep_plan.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One run to do: its id and resolved scenario text. */
struct job {
    int64_t run;
    char *text;
};

/* Reserves every run of a new experiment and returns the jobs (all of them). */
static enum status reserve(struct store *s, const struct sweep_plan *plan, int64_t *exp,
                           struct job **jobs, size_t *n_jobs, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    size_t n = plan->n_points * (size_t)plan->grid.reps;
    struct run_info *infos = xcalloc(n, sizeof *infos);
    struct param_list *params = xcalloc(n, sizeof *params);
    char (*labels)[256] = xcalloc(n, sizeof *labels);
    struct job *j = xcalloc(n, sizeof *j);
    enum status st = ST_OK;
    size_t i = 0;
    for (size_t p = 0; p < plan->n_points && st == ST_OK; p++)
        for (long k = 0; k < plan->grid.reps && st == ST_OK; k++, i++) {
            void *config;
            if ((st = sweep_plan_config(plan, p, k, &config, d)) != ST_OK)
                break;
            struct model_run_settings set;
            m->settings(config, &set);
            j[i].text = params_to_string(m->params(), config);
            param_list_fill(&params[i], config);
            grid_label(&plan->grid, p, k, labels[i], sizeof labels[i]);
            infos[i] = (struct run_info){
                .scenario_name = plan->name, .scenario_path = plan->path,
                .scenario_text = j[i].text, .seed = set.seed, .mode = set.mode,
                .version = WORMSIM_VERSION, .start_epoch_s = set.start_epoch_s,
                .end_epoch_s = set.end_epoch_s, .sample_s = set.sample_s,
                .point = (long)p, .replica = k, .label = labels[i],
                .params = params[i].v, .n_params = params[i].n};
            free(config);
        }
    if (st == ST_OK) {
        char *base = sweep_plan_base_text(plan);
        char *grid = grid_to_text(&plan->grid);
        struct experiment_info e = {.scenario_name = plan->name, .scenario_path = plan->path,
                                    .scenario_text = base, .grid = grid,
                                    .points = (long)plan->n_points, .reps = plan->grid.reps,
                                    .base_seed = plan->base_seed};
        int64_t *ids = xcalloc(n, sizeof *ids);
        st = store_experiment_create(s, &e, infos, n, exp, ids, d);
        for (size_t r = 0; r < n; r++)
            j[r].run = ids[r];
        free(ids);
        free(base);
        free(grid);
    }
    for (size_t r = 0; r < n; r++)
        param_list_free(&params[r]);
    free(params);
    free(infos);
    free(labels);
    if (st != ST_OK) {
        for (size_t r = 0; r < n; r++)
            free(j[r].text);
        free(j);
        return st;
    }
    *jobs = j;
    *n_jobs = n;
    return ST_OK;
}

/* The jobs of a stored experiment: every run not done, in id order. */
struct resume_acc {
    struct job *j;
    size_t n, cap;
};

static void add_unfinished(const struct run_row *r, const char *text, void *arg)
{
    struct resume_acc *a = arg;
    if (!strcmp(r->status, "done"))
        return;
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 64;
        a->j = xrealloc(a->j, a->cap * sizeof *a->j);
    }
    a->j[a->n++] = (struct job){r->id, xstrdup(text)};
}

/* What the writer keeps while the workers run. */
struct dispatch {
    struct store *s;
    struct job *jobs;
    size_t n_jobs, next;  /* next: the first job not handed out yet */
    int64_t *running;     /* running[w]: the run worker w is computing (0: idle) */
    size_t done, failed, stopped;
    const char *path;
    char db_dir[1024];    /* the database's directory: the model's output files go there */
    bool quiet;
};

/* Hands worker w the next job, if any and not interrupted. */
static enum status hand_out(struct dispatch *ds, struct pool *p, int w, struct diag *d)
{
    ds->running[w] = 0;
    if (interrupted || ds->next == ds->n_jobs)
        return ST_OK;
    if (!pool_is_alive(p, w))
        return ST_OK;
    struct job *j = &ds->jobs[ds->next];
    size_t n;
    void *task = replica_task(j->run, ds->path, ds->db_dir, j->text, &n);
    struct diag why;
    enum status sent = pool_send(p, w, task, n, &why);
    free(task);
    if (sent != ST_OK) { /* the worker is gone; another one takes this job */
        fprintf(stderr, "wormsim: %s\n", why.msg);
        return ST_OK;
    }
    ds->next++;
    ds->running[w] = j->run;
    return store_run_mark(ds->s, j->run, "running", d);
}

/* Stores what worker w sent back. */
static enum status take_result(struct dispatch *ds, const void *bytes, size_t n,
                               struct diag *d)
{
    struct replica_result r;
    enum status st = replica_result_read(bytes, n, &r, d);
    if (st != ST_OK)
        return st;
    if (!strcmp(r.status, "done")) {
        st = store_run_import(ds->s, r.run, r.image, r.image_len, d);
        ds->done += st == ST_OK;
        return st;
    }
    if (!strcmp(r.status, "interrupted")) {
        ds->stopped++;
        return store_run_mark(ds->s, r.run, "interrupted", d);
    }
    ds->failed++;
    fprintf(stderr, "wormsim: run %lld failed: %s\n", (long long)r.run, r.msg);
    return store_run_mark(ds->s, r.run, "failed", d);
}

/* Runs every job on the pool. A database error stops everything (ST_DB). */
static enum status dispatch_all(struct dispatch *ds, struct pool *p, struct diag *d)
{
    enum status st = ST_OK;
    for (int w = 0; w < pool_size(p) && st == ST_OK; w++)
        st = hand_out(ds, p, w, d);
    bool told = false;
    while (st == ST_OK) {
        if (interrupted && !told) {
            pool_interrupt(p);
            told = true;
        }
        int w;
        void *bytes = NULL;
        size_t n;
        struct diag why = {0};
        enum status got = pool_wait(p, &w, &bytes, &n, &why);
        if (got == ST_NOT_FOUND) {
            if (ds->next == ds->n_jobs || interrupted || pool_alive(p) == 0)
                break;
            continue;
        }
        if (got == ST_INTERRUPTED)
            continue;
        if (got == ST_OK) {
            st = take_result(ds, bytes, n, d);
            free(bytes);
        } else {
            fprintf(stderr, "wormsim: %s; its run %lld is marked failed\n", why.msg,
                    (long long)ds->running[w]);
            ds->failed++;
            st = store_run_mark(ds->s, ds->running[w], "failed", d);
        }
        if (st == ST_OK)
            st = hand_out(ds, p, w, d);
    }
    return st;
}

/* The number of workers: -j, else the online cores; never more than the jobs. */
static int worker_count(const struct cli_options *o, size_t n_jobs)
{
    long j = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (j < 1)
        j = 1;
    if ((size_t)j > n_jobs)
        j = (long)n_jobs;
    return (int)j;
}

/* The plan and jobs of `sweep --resume EXP`. */
static enum status prepare_resume(const struct cli_options *o, struct store *s,
                                  struct sweep_plan *plan, int64_t *exp, struct job **jobs,
                                  size_t *n_jobs, struct diag *d)
{
    struct experiment_row e;
    enum status st = store_experiment_get(s, o->resume, &e, d);
    if (st != ST_OK)
        return st;
    *exp = e.id;
    st = sweep_plan_from_stored(e.scenario_path, e.scenario_text, e.grid, e.reps, e.base_seed,
                                plan, d);
    snprintf(plan->name, sizeof plan->name, "%s", e.scenario_name);
    store_experiment_row_free(&e);
    struct resume_acc acc = {0};
    if (st == ST_OK)
        st = store_experiment_runs(s, *exp, add_unfinished, &acc, d);
    *jobs = acc.j;
    *n_jobs = acc.n;
    return st;
}

static void free_jobs(struct job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(jobs[i].text);
    free(jobs);
}

int cmd_sweep(const struct cli_options *o)
{
    struct diag d = {0};
    struct pool *pool = NULL;
    bool mpi = pool_mpi_available();
    if (mpi) { /* every rank runs this; the workers serve tasks and leave */
        enum status st = pool_start(&pool, 0, replica_work, NULL, &d);
        if (st != ST_OK || !pool)
            return cli_report(st, &d);
    }
    struct store *s = NULL;
    struct sweep_plan plan = {0};
    struct job *jobs = NULL;
    size_t n_jobs = 0;
    int64_t exp = 0;
    /* A new experiment is checked whole before the database is opened (or created). */
    enum status st = o->resume ? ST_OK : sweep_plan_from_options(o, &plan, &d);
    if (st == ST_OK && o->resume && access(o->db, F_OK) != 0)
        st = diag_set(&d, ST_NOT_FOUND, o->db, 0, "no such database");
    if (st == ST_OK)
        st = store_open(o->db, &s, &d);
    if (st == ST_OK)
        st = o->resume ? prepare_resume(o, s, &plan, &exp, &jobs, &n_jobs, &d)
                       : reserve(s, &plan, &exp, &jobs, &n_jobs, &d);
    if (st != ST_OK)
        goto done;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (!mpi && n_jobs > 0)
        st = pool_start(&pool, worker_count(o, n_jobs), replica_work, NULL, &d);
    if (st != ST_OK)
        goto done;
    double t0 = wall_now();
    struct dispatch ds = {.s = s, .jobs = jobs, .n_jobs = n_jobs, .path = plan.path,
                          .running = xcalloc(pool ? (size_t)pool_size(pool) : 1,
                                             sizeof(int64_t))};
    cli_db_dir(o->db, ds.db_dir, sizeof ds.db_dir);
    if (pool)
        st = dispatch_all(&ds, pool, &d);
    int workers = pool ? pool_size(pool) : 0;
    pool_stop(pool);
    pool = NULL;
    free(ds.running);
    double wall = wall_now() - t0;
    size_t missing = n_jobs - ds.done;
    const char *status = missing == 0 ? "done" : interrupted ? "interrupted" : "incomplete";
    enum status fin = store_experiment_finish(s, exp, status, wall, &d);
    if (st == ST_OK)
        st = fin;
    if (st != ST_OK)
        goto done;
    if (o->quiet)
        printf("%lld\n", (long long)exp);
    else
        printf("experiment %lld: %s, %zu point%s x %ld replica%s; %zu run%s done now in %.1f s "
               "with %d worker%s%s: %s\n",
               (long long)exp, plan.name, plan.n_points, plan.n_points == 1 ? "" : "s",
               plan.grid.reps, plan.grid.reps == 1 ? "" : "s", ds.done,
               ds.done == 1 ? "" : "s", wall, workers, workers == 1 ? "" : "s",
               mpi ? " (MPI ranks)" : "", status);
    if (missing > 0 && !o->quiet)
        printf("  %zu run%s not done (%zu failed, %zu interrupted): wormsim sweep --resume %lld\n",
               missing, missing == 1 ? "" : "s", ds.failed, ds.stopped, (long long)exp);
    if (interrupted)
        st = diag_set(&d, ST_INTERRUPTED, "", 0, "experiment %lld interrupted; finished runs "
                      "are kept", (long long)exp);
    else if (missing > 0)
        st = diag_set(&d, ST_RUNTIME, "", 0, "experiment %lld is incomplete", (long long)exp);
done:
    pool_stop(pool);
    free_jobs(jobs, n_jobs);
    sweep_plan_free(&plan);
    store_close(s);
    return cli_report(st, &d);
}
