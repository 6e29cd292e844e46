/* cmd_query.c - the commands that read stored runs: runs, show, export, events, plot (of the
 * model's columns, or of one router with --router). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "cli.h"
#include "liveness.h"
#include "model.h"
#include "outfile.h"
#include "overlay.h"
#include "plot.h"
#include "plot_axis.h"
#include "plot_router.h"
#include "store.h"

/* Opens the database of o; a database that does not exist yet is an error here (nothing to
 * read), not something to create. */
enum status cli_open_existing(const struct cli_options *o, struct store **s, struct diag *d)
{
    if (access(o->db, F_OK) != 0)
        return diag_set(d, ST_NOT_FOUND, o->db, 0, "no such database (run a scenario first)");
    return store_open(o->db, s, d);
}


/* "12.3 MB": bytes in the largest unit below 1000 of it (B, kB, MB, GB, TB). */
void cli_format_size(double bytes, char *buf, size_t len)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (bytes >= 1000 && u < 5)
        bytes /= 1000, u++;
    snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

/* What `runs` collects: the runs a --repair will mark. */
struct runs_listing {
    double now_s;
    int64_t *dead;
    char (*why)[512];
    int n_dead, cap;
};

static double wall_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec;
}

static void print_run_line(const struct run_row *r, void *arg)
{
    struct runs_listing *l = arg;
    char start[32], size[32], why[400];
    calendar_format(r->start_epoch_s, start, sizeof start);
    cli_format_size(r->rows * CLI_BYTES_PER_ROW, size, sizeof size);
    const char *status = liveness_status(r, l->now_s, why, sizeof why);
    char exp[24] = "-";
    if (r->experiment > 0)
        snprintf(exp, sizeof exp, "%lld", (long long)r->experiment);
    printf("%5lld  %-12s %-24s %-8s %20llu  %-20s  %8.2f  %12llu  %9s  %4s  %s\n",
           (long long)r->id, status, r->scenario_name, r->mode, (unsigned long long)r->seed,
           start, r->wall_s, (unsigned long long)r->events, size, exp, r->label);
    if (why[0]) {
        if (l->n_dead == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 8;
            l->dead = xrealloc(l->dead, (unsigned long)l->cap * sizeof *l->dead);
            l->why = xrealloc(l->why, (unsigned long)l->cap * sizeof *l->why);
        }
        l->dead[l->n_dead] = r->id;
        snprintf(l->why[l->n_dead++], sizeof l->why[0], "%s: %s", status, why);
    }
}

int cmd_runs(const struct cli_options *o)
{
    struct diag d = {0};
    struct store *s;
    enum status st = cli_open_existing(o, &s, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct runs_listing l = {.now_s = wall_clock_s()};
    printf("%5s  %-12s %-24s %-8s %20s  %-20s  %8s  %12s  %9s  %4s  %s\n", "run", "status",
           "scenario", "mode", "seed", "simulated start", "wall_s", "events", "size", "exp",
           "label");
    st = store_runs(s, print_run_line, &l, &d);
    for (int i = 0; st == ST_OK && i < l.n_dead; i++) {
        if (!o->repair) {
            fprintf(stderr, "wormsim: run %lld is %s (wormsim runs --repair marks it)\n",
                    (long long)l.dead[i], l.why[i]);
            continue;
        }
        bool marked;
        st = store_run_mark_killed(s, l.dead[i], l.why[i], &marked, &d);
        if (st == ST_OK && marked)
            printf("run %lld marked killed (%s)\n", (long long)l.dead[i], l.why[i]);
    }
    free(l.dead);
    free(l.why);
    store_close(s);
    return cli_report(st, &d);
}

/* A file the run wrote besides the store (event "output": subject the name, detail where). */
static void print_output(double t, const char *kind, const char *subject, const char *detail,
                         void *arg)
{
    (void)t, (void)kind, (void)arg;
    printf("  output:     %s: %s/\n", subject, detail);
}

/* A note the model left about a run (events of kind "model_note"): its subject and text. */
static void print_note(double t, const char *kind, const char *subject, const char *detail,
                       void *arg)
{
    (void)t;
    (void)kind;
    int *n = arg;
    if ((*n)++ == 0)
        printf("\n# notes from the model\n");
    printf("  %s: %s\n", subject, detail);
}

int cmd_show(const struct cli_options *o)
{
    struct diag d = {0};
    struct store *s;
    enum status st = cli_open_existing(o, &s, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct run_row r;
    char *text = NULL;
    st = store_run_get(s, o->runs[0], &r, &d);
    if (st == ST_OK)
        st = store_run_scenario(s, o->runs[0], &text, &d);
    if (st == ST_OK && o->scenario) {
        /* Only the scenario: a file `check` accepts and `run` repeats the run from. */
        printf("# The resolved scenario of run %lld (%s, seed %llu), stored by wormsim %s.\n"
               "# Every key with the value the run used: `wormsim run FILE` repeats the run.\n%s",
               (long long)r.id, r.scenario_name, (unsigned long long)r.seed, r.version, text);
    } else if (st == ST_OK) {
        char a[32], b[32];
        calendar_format(r.start_epoch_s, a, sizeof a);
        calendar_format(r.end_epoch_s, b, sizeof b);
        printf("run %lld: %s\n", (long long)r.id, r.scenario_name);
        printf("  status:     %s\n", r.status);
        printf("  simulated:  %s to %s, sampled every %g s\n", a, b, r.sample_s);
        printf("  seed:       %llu (%s, %s mode)\n", (unsigned long long)r.seed, r.rng_name,
               r.mode);
        if (r.experiment > 0)
            printf("  experiment: %lld, point %ld, replica %ld (%s)\n", (long long)r.experiment,
                   r.point, r.replica, r.label);
        else if (r.label[0])
            printf("  label:      %s\n", r.label);
        printf("  version:    %s\n", r.version);
        printf("  started:    %s\n", r.started_utc);
        printf("  finished:   %s\n", r.finished_utc[0] ? r.finished_utc : "(not finished)");
        printf("  wall time:  %.2f s, %llu events\n", r.wall_s, (unsigned long long)r.events);
        st = store_events(s, o->runs[0], "output", print_output, NULL, &d);
        int notes = 0;
        if (st == ST_OK)
            st = store_events(s, o->runs[0], "model_note", print_note, &notes, &d);
        printf("\n# resolved scenario\n%s", text);
    }
    free(text);
    store_close(s);
    return cli_report(st, &d);
}

/* Opens the database and writes one run's table as CSV with `write`: on stdout, or with -o
 * FILE to FILE, whole or not at all (outfile.h). */
static int export_with(const struct cli_options *o,
                       enum status (*write)(struct store *, int64_t, FILE *, struct diag *))
{
    struct diag d = {0};
    struct store *s;
    enum status st = cli_open_existing(o, &s, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct outfile out = {0};
    if (o->output && (st = outfile_open(&out, o->output, &d)) == ST_OK) {
        st = write(s, o->runs[0], out.f, &d);
        if (st == ST_IO) { /* "cannot write CSV: REASON": name the file */
            const char *why = strstr(d.msg, ": ");
            char reason[sizeof d.msg];
            snprintf(reason, sizeof reason, "%s", why ? why + 2 : d.msg);
            diag_set(&d, ST_IO, "", 0, "cannot write %s: %s", o->output, reason);
        }
        st = st ? (outfile_abort(&out), st) : outfile_commit(&out, NULL, &d);
    } else if (!o->output) {
        st = write(s, o->runs[0], stdout, &d);
    }
    store_close(s);
    return cli_report(st, &d);
}

int cmd_events(const struct cli_options *o) { return export_with(o, store_export_events_csv); }

/* The plot of the model's columns that o asks for (--top, --bottom, --per, --local-share,
 * --log, --from/--to, --align, --keep-script); the column names are the model's. */
static enum status model_request(const struct cli_options *o, struct plot_request *req,
                                 struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    *req = (struct plot_request){.runs = o->runs, .n_runs = o->n_runs, .output = o->output,
                                 .terminal = o->terminal, .top_column = mp->top_column,
                                 .top_label = mp->top_label, .bottom_column = mp->bottom_column,
                                 .bottom_label = mp->bottom_label,
                                 .column_info = wormsim_model.column_info, .log_y = o->log_y,
                                 .keep_dir = o->keep_script};
    if (o->local_share) {
        req->bottom_column = mp->share_columns;
        req->bottom_per = mp->share_per;
        req->bottom_label = mp->share_label;
    }
    if (o->top)
        req->top_column = o->top, req->top_label = NULL;
    if (o->bottom)
        req->bottom_column = o->bottom, req->bottom_label = NULL;
    if (o->per)
        req->bottom_per = o->per, req->bottom_label = NULL;
    if (o->align) {
        req->align_column = mp->release_column;
        req->align_label = mp->release_label;
    }
    if (o->from && !(req->from_set = axis_parse_limit(o->from, o->align, &req->from)))
        return diag_set(d, ST_USAGE, "", 0, "--from needs a UTC time like 2001-07-19T10:00Z%s, "
                        "not \"%s\"", o->align ? " or a number of hours" : "", o->from);
    if (o->to && !(req->to_set = axis_parse_limit(o->to, o->align, &req->to)))
        return diag_set(d, ST_USAGE, "", 0, "--to needs a UTC time like 2001-07-19T10:00Z%s, "
                        "not \"%s\"", o->align ? " or a number of hours" : "", o->to);
    return ST_OK;
}

/* The --router NAME panel: the model names its columns and events. */
static enum status device_request(const struct cli_options *o, struct plot_router_request *req,
                                  char cols[3][256], struct diag *d)
{
    const struct model_plots *mp = wormsim_model.plots;
    snprintf(cols[0], 256, mp->device_free_fmt, o->router);
    snprintf(cols[1], 256, mp->device_cache_fmt, o->router);
    snprintf(cols[2], 256, mp->device_arp_fmt, o->router);
    *req = (struct plot_router_request){
        .runs = o->runs, .n_runs = o->n_runs, .router = o->router, .output = o->output,
        .terminal = o->terminal, .prefix = mp->device_prefix, .free_column = cols[0],
        .free_label = mp->device_free_label, .cache_column = cols[1],
        .cache_label = mp->device_cache_label, .arp_column = cols[2],
        .arp_label = mp->device_arp_label, .fail_event = mp->device_fail_event,
        .fail_label = mp->device_fail_label, .action_event = mp->action_event,
        .action_label = mp->action_label, .keep_dir = o->keep_script};
    if (o->from && !(req->from_set = axis_parse_limit(o->from, false, &req->from)))
        return diag_set(d, ST_USAGE, "", 0, "--from needs a UTC time like 2001-07-19T10:00Z, "
                        "not \"%s\"", o->from);
    if (o->to && !(req->to_set = axis_parse_limit(o->to, false, &req->to)))
        return diag_set(d, ST_USAGE, "", 0, "--to needs a UTC time like 2001-07-19T10:00Z, "
                        "not \"%s\"", o->to);
    return ST_OK;
}

int cmd_plot(const struct cli_options *o)
{
    struct diag d = {0};
    if (o->terminal && strcmp(o->terminal, "dumb"))
        return cli_report(diag_set(&d, ST_USAGE, "", 0,
                                   "unknown terminal \"%s\" (dumb, or -o FILE.png|FILE.svg)",
                                   o->terminal),
                          &d);
    if (!o->terminal && !o->output)
        return cli_report(
            diag_set(&d, ST_USAGE, "", 0, "plot needs -o FILE.png, -o FILE.svg or --terminal dumb"),
            &d);
    struct plot_router_request rreq;
    struct plot_request req;
    char cols[3][256];
    enum status st = o->router ? device_request(o, &rreq, cols, &d) : model_request(o, &req, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct store *s;
    if ((st = cli_open_existing(o, &s, &d)) != ST_OK)
        return cli_report(st, &d);
    struct overlay_set set = {0};
    if (!o->router) {
        if (o->theory)
            st = overlay_theory(s, o->runs[0], req.top_column, &set, &d);
        if (st == ST_OK && o->observed)
            st = overlay_observed(o->observed, &set, &d);
        req.overlays = set.o;
        req.n_overlays = set.n;
    }
    if (st == ST_OK)
        st = o->router ? plot_router(s, &rreq, &d) : plot_runs(s, &req, &d);
    overlay_set_free(&set);
    store_close(s);
    if (st == ST_OK && o->output)
        printf("plot written to %s\n", o->output);
    return cli_report(st, &d);
}
