/* cmd_run.c - `wormsim run` and `wormsim check`: load a scenario, run the model on the engine,
 * store the run and print a summary. Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the run after the
 * event being handled (the engine watches the flag the handler sets, so a stop takes effect
 * within milliseconds however large the world); what was sampled stays stored and the run is
 * marked "interrupted". The run records its process id and host, and a heartbeat with each
 * committed batch (and at least every CLI_HEARTBEAT_S of wall time at a sample), so that
 * `wormsim runs` can tell a run whose process is gone. A run that cannot store its results
 * (disk full) is marked "failed" with the reason. */
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
#include "offending.h"
#include "plot.h"
#include "reader.h"
#include "rng.h"
#include "store.h"
#include "sweep_plan.h"

/* Wall seconds between heartbeats when no batch has been committed meanwhile. */
#define CLI_HEARTBEAT_S 30.0

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* SIGINT, SIGTERM and SIGHUP set the flag (no SA_RESTART: nothing here blocks for long). */
static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
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
    struct experiment_spec spec = {.path = o->file}; /* [experiment] is read, then ignored */
    grid_init(&spec.grid);
    struct param_extra ex = experiment_section(&spec);
    enum status st = params_load_ex(m->params(), c, o->file, NULL, o->sets, (size_t)o->n_sets,
                                    &ex, d);
    grid_free(&spec.grid);
    if (st == ST_IO)
        st = ST_INPUT; /* a scenario that cannot be read is bad input: exit 2 */
    if (st == ST_OK) {
        st = m->validate(c, o->file ? o->file : "--set", d);
        if (st == ST_INPUT && d->line == 0 && o->file && !strcmp(d->file, o->file))
            d->line = offending_line(o->file, d->msg); /* the line of the key it is about */
    }
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
    free(config);
    struct sweep_plan plan; /* an [experiment] section: every point is checked too */
    st = sweep_plan_from_options(o, &plan, &d);
    if (st == ST_OK && (plan.n_points > 1 || plan.grid.reps > 1))
        printf("%s: ok (experiment: %zu point%s x %ld replica%s)\n", o->file, plan.n_points,
               plan.n_points == 1 ? "" : "s", plan.grid.reps, plan.grid.reps == 1 ? "" : "s");
    else if (st == ST_OK)
        printf("%s: ok\n", o->file);
    sweep_plan_free(&plan);
    return cli_report(st, &d);
}

/* The label of a plain run: its --set overrides, each key without its section
 * ("scan_rate=8/s vulnerable=500000"), or "". */
static void run_label(const struct cli_options *o, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < o->n_sets && used + 1 < len; i++) {
        const char *t = o->sets[i].text, *eq = strchr(t, '='), *key = t;
        for (const char *p = t; eq && p < eq; p++)
            if (*p == '.')
                key = p + 1;
        int w = snprintf(buf + used, len - used, "%s%s", used ? " " : "", key);
        used = w < 0 || (size_t)w >= len - used ? len - 1 : used + (size_t)w;
    }
}

static void add_param(const char *key, const char *text, double number, void *arg)
{
    struct param_list *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (struct param_value){xstrdup(key), xstrdup(text), number};
}

void param_list_fill(struct param_list *l, const void *config)
{
    memset(l, 0, sizeof *l);
    params_each(wormsim_model.params(), config, add_param, l);
}

void param_list_free(struct param_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->v[i].key);
        free((char *)l->v[i].text);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* What the observer needs while the run goes on. */
struct run_state {
    struct store *store;
    int64_t run;
    enum status st;
    struct diag d;
    const struct model_run_settings *set;
    int progress_col;    /* the column the progress line counts, or -1 */
    bool progress;       /* a terminal, and not --quiet */
    double wall_start, next_progress;
    double next_heartbeat; /* wall time */
    bool marked;           /* the run's final status is recorded */
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* "1h02m", "3m05s", "12s" */
static void fmt_wall(double s, char *buf, size_t len)
{
    long k = s < 0 ? 0 : (long)(s + 0.5);
    if (k >= 3600)
        snprintf(buf, len, "%ldh%02ldm", k / 3600, k % 3600 / 60);
    else if (k >= 60)
        snprintf(buf, len, "%ldm%02lds", k / 60, k % 60);
    else
        snprintf(buf, len, "%lds", k);
}

/* The progress line on a terminal: share of simulated time done, wall time so far and left
 * (at the pace so far), the simulated date and the count the model names; at most
 * PROGRESS_HZ refreshes a second. */
#define PROGRESS_HZ 10
static void show_progress(struct run_state *rs, double t, const double *v)
{
    double now = wall_now();
    if (now < rs->next_progress)
        return;
    rs->next_progress = now + 1.0 / PROGRESS_HZ;
    double span = rs->set->end_epoch_s - rs->set->start_epoch_s;
    double f = span > 0 ? t / span : 1, elapsed = now - rs->wall_start;
    char when[32], el[32], left[32], count[64] = "";
    calendar_format(rs->set->start_epoch_s + t, when, sizeof when);
    fmt_wall(elapsed, el, sizeof el);
    if (f > 0.001)
        fmt_wall(elapsed * (1 - f) / f, left, sizeof left);
    else
        snprintf(left, sizeof left, "?");
    if (rs->progress_col >= 0)
        snprintf(count, sizeof count, ", %s %.0f", wormsim_model.progress_column,
                 v[rs->progress_col]);
    fprintf(stderr, "\r\033[Kwormsim: %5.1f%% %s, %s elapsed, %s left%s", 100 * f, when, el, left,
            count);
}

static int observe_sample(double t, const double *v, void *arg)
{
    struct run_state *rs = arg;
    if (rs->st != ST_OK || interrupted)
        return 1;
    rs->st = store_sample(rs->store, rs->run, t, v, &rs->d);
    if (rs->st == ST_OK && wall_now() >= rs->next_heartbeat) {
        rs->st = store_heartbeat(rs->store, rs->run, &rs->d);
        rs->next_heartbeat = wall_now() + CLI_HEARTBEAT_S;
    }
    if (rs->progress)
        show_progress(rs, t, v);
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

/* The whole file as a string (caller frees); NULL if it cannot be read. Scenario files are at
 * most 1 MiB (the reader refuses larger ones). */
static char *read_text_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap + 1);
    n = fread(buf, 1, cap, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* Declares the run's columns with their kinds and units, and keeps the scenario file as
 * written (its comments tell a report's story). */
enum status cli_describe_run(struct store *store, int64_t run, const char *const *cols,
                             int ncol, const char *file, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    enum status st = store_columns(store, run, cols, ncol, d);
    const char **kinds = xcalloc((size_t)ncol, sizeof *kinds);
    const char **units = xcalloc((size_t)ncol, sizeof *units);
    for (int i = 0; i < ncol; i++) {
        struct column_info ci;
        if (m->column_info && m->column_info(cols[i], &ci)) {
            kinds[i] = column_kind_name(ci.kind);
            units[i] = ci.unit;
        }
    }
    if (st == ST_OK)
        st = store_column_kinds(store, run, kinds, units, ncol, d);
    free(kinds);
    free(units);
    char *source = NULL;
    if (st == ST_OK && file && (source = read_text_file(file)) != NULL)
        st = store_run_set_source(store, run, source, d);
    free(source);
    return st;
}

static void print_summary(struct store *store, int64_t run, const char *db, double wall_s,
                          uint64_t events)
{
    struct run_row row;
    struct diag d = {0};
    if (store_run_get(store, run, &row, &d) != ST_OK)
        return;
    printf("run %lld: %s (seed %llu, %s mode): %s\n", (long long)run, row.scenario_name,
           (unsigned long long)row.seed, row.mode, row.status);
    struct model_figure figs[32];
    int n = reader_figures(store, &row, figs, 32);
    for (int i = 0; i < n; i++)
        printf("  %s: %s\n", figs[i].label, figs[i].value);
    printf("  wall time %.2f s, %llu events (%.2f million events/s)\n", wall_s,
           (unsigned long long)events, wall_s > 0 ? events / wall_s / 1e6 : 0.0);
    printf("  stored in %s\n", db);
}

/* The directory of the database: the default home of a run's other files. */
void cli_db_dir(const char *db, char *dir, size_t len)
{
    const char *slash = strrchr(db, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == db)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - db), db);
}

/* Records where a run writes a file of its own (a web log's directory) as an event "output",
 * so that `wormsim show` can say where it is. */
static void report_output(const char *name, const char *dir, void *arg)
{
    struct run_state *rs = arg;
    if (rs->st == ST_OK)
        rs->st = store_event(rs->store, rs->run, 0, "output", name, dir, &rs->d);
}

/* Refuses a run whose series would take more than the scenario's store limit: rows are the
 * samples over the span times the model's columns (events are few beside them), bytes are
 * rows times CLI_BYTES_PER_ROW. ST_INPUT with the estimate and the key to raise. */
static enum status check_size(const char *file, const struct model_run_settings *set,
                              const void *state, struct diag *d)
{
    const char *const *cols;
    int ncol = wormsim_model.columns(state, &cols);
    double samples = floor((set->end_epoch_s - set->start_epoch_s) / set->sample_s) + 1;
    double bytes = samples * ncol * CLI_BYTES_PER_ROW;
    if (!(set->store_limit_bytes > 0) || bytes <= set->store_limit_bytes)
        return ST_OK;
    char est[32], limit[32];
    cli_format_size(bytes, est, sizeof est);
    cli_format_size(set->store_limit_bytes, limit, sizeof limit);
    return diag_set(d, ST_INPUT, file ? file : "--set", 0,
                    "the run would store about %s (%.0f samples of %d columns, %.0f B each), "
                    "above %s = %s: sample less often or raise %s", est, samples, ncol,
                    CLI_BYTES_PER_ROW, set->store_limit_key, limit, set->store_limit_key);
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
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char label[128];
    run_label(o, label, sizeof label);
    struct param_list params;
    param_list_fill(&params, config);
    struct run_info info = {
        .scenario_name = name, .scenario_path = o->file, .scenario_text = *text,
        .seed = set->seed, .mode = set->mode, .version = WORMSIM_VERSION,
        .rng_name = rng_type_name(), .start_epoch_s = set->start_epoch_s,
        .end_epoch_s = set->end_epoch_s, .sample_s = set->sample_s, .pid = getpid(),
        .host = host, .label = label, .params = params.v, .n_params = params.n};
    catch_stop_signals(); /* before the run exists a signal just ends the process */
    st = store_run_begin(rs->store, &info, &rs->run, d);
    param_list_free(&params);
    if (st != ST_OK)
        return st;
    const char *const *cols;
    int ncol = m->columns(state, &cols);
    rs->progress_col = column_index(cols, ncol, m->progress_column);
    st = cli_describe_run(rs->store, rs->run, cols, ncol, o->file, d);
    if (st == ST_OK) {
        char dir[1024];
        cli_db_dir(o->db, dir, sizeof dir);
        st = m->outputs_open(state, dir, rs->run, report_output, rs, d);
    }
    return st;
}

/* Runs the model on a new engine (*eng, the caller frees it) to the end or to an interruption,
 * and records the run's final status; *final and *wall_s say how it ended. A failure of the
 * observer (storing a sample) wins over one of recording the status. */
static enum status simulate(void *state, struct run_state *rs, struct engine **eng,
                            const char **final, double *wall_s, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    struct model_observer obs = {observe_sample, observe_event, rs};
    rs->next_heartbeat = wall_now() + CLI_HEARTBEAT_S;
    *eng = engine_alloc();
    engine_watch(*eng, &interrupted);
    double t0 = rs->wall_start = wall_now();
    m->start(state, *eng, &obs);
    if (!interrupted)
        engine_run(*eng, rs->set->end_epoch_s - rs->set->start_epoch_s);
    *wall_s = wall_now() - t0;
    if (rs->progress)
        fputs("\r\033[K", stderr);
    struct diag d3 = {0};
    enum status out = m->outputs_close(state, rs->st == ST_OK, &d3);
    if (out != ST_OK && rs->st == ST_OK) {
        rs->st = out;
        rs->d = d3;
    }
    *final = rs->st != ST_OK ? "failed" : interrupted ? "interrupted" : "done";
    struct diag d2 = {0};
    uint64_t events = engine_events_run(*eng);
    enum status fin = rs->st != ST_OK
                          ? store_run_fail(rs->store, rs->run, rs->d.msg, *wall_s, events, &d2)
                          : store_run_finish(rs->store, rs->run, *final, *wall_s, events, &d2);
    rs->marked = fin == ST_OK;
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
    enum status st = store_check_path(o->db, &d);
    if (st == ST_OK)
        st = cli_load_scenario(o, &config, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct model_run_settings set;
    m->settings(config, &set);
    scenario_name(o, &set, name, sizeof name);
    struct run_state rs = {.set = &set,
                           .progress = isatty(STDERR_FILENO) && !o->quiet && !getenv("CI")};
    st = m->create(&state, config, set.seed, o->file, &d);
    if (st == ST_OK) { /* output directories first: a run that cannot write is not stored */
        char dir[1024];
        cli_db_dir(o->db, dir, sizeof dir);
        st = m->outputs_check(config, dir, o->file, &d);
    }
    if (st == ST_OK)
        st = check_size(o->file, &set, state, &d);
    if (st == ST_OK)
        st = begin_run(o, config, state, name, &rs, &text, &d);
    const char *final = NULL;
    double wall = 0;
    if (st == ST_OK)
        st = simulate(state, &rs, &eng, &final, &wall, &d);
    if (st != ST_OK)
        goto done;
    finished = true;
    (void)final;
    if (o->quiet)
        printf("%lld\n", (long long)rs.run);
    else
        print_summary(rs.store, rs.run, o->db, wall, engine_events_run(eng));
    if (interrupted) {
        st = diag_set(&d, ST_INTERRUPTED, "", 0, "run %lld interrupted; samples so far are kept",
                      (long long)rs.run);
        goto done;
    }
    if (o->plot) {
        const struct model_plots *mp = m->plots;
        struct plot_request req = {.runs = &rs.run, .n_runs = 1, .output = o->plot,
                                   .top_column = mp->top_column, .top_label = mp->top_label,
                                   .bottom_column = mp->bottom_column,
                                   .bottom_label = mp->bottom_label,
                                   .column_info = m->column_info};
        st = plot_runs(rs.store, &req, &d);
        if (st == ST_OK && !o->quiet)
            printf("  plot written to %s\n", o->plot);
    }
done:
    if (st != ST_OK && rs.run && rs.store && !finished && !rs.marked) {
        struct diag ignored;
        store_run_fail(rs.store, rs.run, d.msg, 0, eng ? engine_events_run(eng) : 0, &ignored);
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
