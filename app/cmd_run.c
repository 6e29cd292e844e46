/* cmd_run.c - `wormsim run` and `wormsim check`: load a scenario, run the model on the engine,
 * store the run and print a summary. Ctrl-C (SIGINT) or SIGTERM stops the run at the next
 * sample; what was sampled stays stored and the run is marked "interrupted". */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "cli.h"
#include "engine.h"
#include "model.h"
#include "plot.h"
#include "rng.h"
#include "store.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int cli_report(enum status st, const struct diag *d)
{
    if (st == ST_OK)
        return 0;
    if (!strcmp(d->file, "--set")) /* the message names the override itself */
        fprintf(stderr, "wormsim: %s\n", d->msg);
    else if (d->file[0] && d->line > 0)
        fprintf(stderr, "wormsim: %s:%d: %s\n", d->file, d->line, d->msg);
    else if (d->file[0])
        fprintf(stderr, "wormsim: %s: %s\n", d->file, d->msg);
    else
        fprintf(stderr, "wormsim: %s\n", d->msg[0] ? d->msg : status_str(st));
    return status_exit_code(st);
}

enum status cli_load_scenario(const struct cli_options *o, void **config, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    void *c = xcalloc(1, m->config_size);
    enum status st = params_load(m->params(), c, o->file, o->sets, (size_t)o->n_sets, d);
    if (st == ST_IO)
        st = ST_INPUT; /* a scenario that cannot be read is bad input: exit 2 */
    if (st == ST_OK)
        st = m->validate(c, o->file ? o->file : "--set", d);
    if (st == ST_OK && o->have_seed)
        m->set_seed(c, o->seed);
    if (st != ST_OK) {
        free(c);
        return st;
    }
    *config = c;
    return ST_OK;
}

int cmd_check(const struct cli_options *o)
{
    if (!strcmp(o->command, "keys")) {
        params_write_help(wormsim_model.params(), stdout);
        return 0;
    }
    struct diag d = {0};
    void *config;
    enum status st = cli_load_scenario(o, &config, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    printf("%s: ok\n", o->file);
    free(config);
    return 0;
}

/* What the observer needs while the run goes on. */
struct run_state {
    struct store *store;
    int64_t run;
    enum status st;
    struct diag d;
    const struct model_run_settings *set;
    int n_columns, rate_col, ever_col;
    double midnight_t;   /* first 00:00 UTC after the focus time, in run seconds */
    double ever_at_midnight, last_ever;
    double peak_rate, peak_t;
    bool progress;
    double next_progress;
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int observe_sample(double t, const double *v, void *arg)
{
    struct run_state *rs = arg;
    if (rs->st != ST_OK || interrupted)
        return 1;
    rs->st = store_sample(rs->store, rs->run, t, v, &rs->d);
    if (rs->rate_col >= 0 && t > 0) {
        double per_min = v[rs->rate_col] / (rs->set->sample_s / 60.0);
        if (per_min > rs->peak_rate) {
            rs->peak_rate = per_min;
            rs->peak_t = t;
        }
    }
    if (rs->ever_col >= 0) {
        rs->last_ever = v[rs->ever_col];
        if (t <= rs->midnight_t)
            rs->ever_at_midnight = v[rs->ever_col];
    }
    if (rs->progress && wall_now() >= rs->next_progress) {
        char when[32];
        calendar_format(rs->set->start_epoch_s + t, when, sizeof when);
        fprintf(stderr, "\rwormsim: simulated %s", when);
        rs->next_progress = wall_now() + 0.5;
    }
    return rs->st != ST_OK;
}

static void observe_event(double t, const char *kind, const char *subject, const char *detail,
                          void *arg)
{
    struct run_state *rs = arg;
    if (rs->st == ST_OK)
        rs->st = store_event(rs->store, rs->run, t, kind, subject, detail, &rs->d);
}

static int column_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

static void scenario_name(const struct cli_options *o, const struct model_run_settings *set,
                          char *buf, size_t len)
{
    if (set->name[0]) {
        snprintf(buf, len, "%s", set->name);
        return;
    }
    const char *base = strrchr(o->file, '/');
    base = base ? base + 1 : o->file;
    snprintf(buf, len, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && !strcmp(dot, ".ini"))
        *dot = '\0';
}

static void print_summary(const struct run_state *rs, const char *name, const char *status,
                          const struct model_totals *tot, double wall_s, uint64_t events,
                          const char *db)
{
    const struct model_run_settings *set = rs->set;
    char when[32];
    printf("run %lld: %s (seed %llu, %s mode): %s\n", (long long)rs->run, name,
           (unsigned long long)set->seed, set->mode, status);
    calendar_format(set->start_epoch_s + rs->midnight_t, when, sizeof when);
    printf("  hosts ever infected by %s: %.0f of %llu vulnerable\n", when, rs->ever_at_midnight,
           (unsigned long long)tot->vulnerable);
    if (rs->peak_rate > 0) {
        calendar_format(set->start_epoch_s + rs->peak_t, when, sizeof when);
        printf("  peak new infections: %.0f per minute, in the interval ending %s\n",
               rs->peak_rate, when);
    }
    printf("  hosts ever infected by the end: %.0f; scans: %.4g\n", rs->last_ever,
           (double)tot->scans);
    printf("  wall time %.2f s, %llu events (%.2f million events/s)\n", wall_s,
           (unsigned long long)events, wall_s > 0 ? events / wall_s / 1e6 : 0.0);
    printf("  stored in %s\n", db);
}

/* Opens the store, records the run (status "running", with its resolved scenario, written to
 * *text for the caller to free) and declares its columns; fills rs's store, run and columns.
 * On failure what was opened stays in rs for the caller to close. */
static enum status begin_run(const struct cli_options *o, void *config, void *state,
                             const char *name, struct run_state *rs, char **text, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    const struct model_run_settings *set = rs->set;
    enum status st = store_open(o->db, &rs->store, d);
    if (st != ST_OK)
        return st;
    *text = params_to_string(m->params(), config);
    struct run_info info = {
        .scenario_name = name, .scenario_path = o->file, .scenario_text = *text,
        .seed = set->seed, .mode = set->mode, .version = WORMSIM_VERSION,
        .rng_name = rng_type_name(), .start_epoch_s = set->start_epoch_s,
        .end_epoch_s = set->end_epoch_s, .sample_s = set->sample_s};
    st = store_run_begin(rs->store, &info, &rs->run, d);
    if (st != ST_OK)
        return st;
    const char *const *cols;
    int ncol = m->columns(state, &cols);
    rs->n_columns = ncol;
    rs->rate_col = column_index(cols, ncol, m->rate_column);
    rs->ever_col = column_index(cols, ncol, m->ever_column);
    return store_columns(rs->store, rs->run, cols, ncol, d);
}

/* Runs the model on a new engine (*eng, the caller frees it) to the end or to an interruption,
 * and records the run's final status; *final and *wall_s say how it ended. A failure of the
 * observer (storing a sample) wins over one of recording the status. */
static enum status simulate(void *state, struct run_state *rs, struct engine **eng,
                            const char **final, double *wall_s, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    struct model_observer obs = {observe_sample, observe_event, rs};
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    *eng = engine_alloc();
    double t0 = wall_now();
    m->start(state, *eng, &obs);
    engine_run(*eng, rs->set->end_epoch_s - rs->set->start_epoch_s);
    *wall_s = wall_now() - t0;
    if (rs->progress)
        fputs("\r\033[K", stderr);
    *final = rs->st != ST_OK ? "failed" : interrupted ? "interrupted" : "done";
    struct diag d2 = {0};
    enum status fin =
        store_run_finish(rs->store, rs->run, *final, *wall_s, engine_events_run(*eng), &d2);
    if (rs->st != ST_OK) {
        *d = rs->d;
        return rs->st;
    }
    if (fin != ST_OK)
        *d = d2;
    return fin;
}

int cmd_run(const struct cli_options *o)
{
    const struct model_desc *m = &wormsim_model;
    struct diag d = {0};
    void *config = NULL, *state = NULL;
    struct engine *eng = NULL;
    bool finished = false;
    char name[128], *text = NULL;
    enum status st = cli_load_scenario(o, &config, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct model_run_settings set;
    m->settings(config, &set);
    scenario_name(o, &set, name, sizeof name);
    struct utc_date fd = calendar_date(set.focus_epoch_s);
    struct run_state rs = {
        .set = &set,
        .midnight_t = calendar_epoch(fd.year, fd.month, fd.day, 0, 0, 0) + 86400 -
                      set.start_epoch_s,
        .progress = isatty(STDERR_FILENO) && !getenv("CI")};
    st = m->create(&state, config, set.seed, o->file, &d);
    if (st == ST_OK)
        st = begin_run(o, config, state, name, &rs, &text, &d);
    const char *final = NULL;
    double wall = 0;
    if (st == ST_OK)
        st = simulate(state, &rs, &eng, &final, &wall, &d);
    if (st != ST_OK)
        goto done;
    finished = true;
    struct model_totals tot;
    m->totals(state, &tot);
    if (o->quiet)
        printf("%lld\n", (long long)rs.run);
    else
        print_summary(&rs, name, final, &tot, wall, engine_events_run(eng), o->db);
    if (interrupted) {
        st = diag_set(&d, ST_INTERRUPTED, "", 0, "run %lld interrupted; samples so far are kept",
                      (long long)rs.run);
        goto done;
    }
    if (o->plot) {
        struct plot_request req = {.runs = &rs.run, .n_runs = 1, .output = o->plot,
                                   .top_column = m->plot_column, .top_label = m->plot_label,
                                   .bottom_column = m->rate_column,
                                   .bottom_label = m->rate_label};
        st = plot_runs(rs.store, &req, &d);
        if (st == ST_OK && !o->quiet)
            printf("  plot written to %s\n", o->plot);
    }
done:
    if (st != ST_OK && rs.run && rs.store && !finished) {
        struct diag ignored;
        store_run_finish(rs.store, rs.run, "failed", 0, eng ? engine_events_run(eng) : 0,
                         &ignored);
    }
    if (eng)
        engine_free(eng);
    if (state)
        m->destroy(state);
    if (rs.store)
        store_close(rs.store);
    free(text);
    free(config);
    return cli_report(st, &d);
}
