/* replica.c - a sweep worker's job: run one replica into an in-memory store and hand back the
 * store's image. Bytes of a task: int64 run, then the path, the database's directory (for the
 * model's output files) and the scenario text, each ending in '\0'. Bytes of a result: a fixed header (struct result_head), the message, the image. */
#include "replica.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "engine.h"
#include "model.h"
#include "rng.h"
#include "store.h"
#include "store_experiment.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

struct result_head {
    int64_t run;
    char status[16];
    double wall_s;
    uint64_t events;
    uint64_t msg_len, image_len;
};

void *replica_task(int64_t run, const char *path, const char *db_dir, const char *text,
                   size_t *n)
{
    size_t lp = strlen(path) + 1, ld = strlen(db_dir) + 1, lt = strlen(text) + 1;
    char *b = xmalloc(sizeof run + lp + ld + lt);
    memcpy(b, &run, sizeof run);
    memcpy(b + sizeof run, path, lp);
    memcpy(b + sizeof run + lp, db_dir, ld);
    memcpy(b + sizeof run + lp + ld, text, lt);
    *n = sizeof run + lp + ld + lt;
    return b;
}

/* Where the observer of a replica writes. */
struct replica_state {
    struct store *store;
    int64_t run;
    enum status st;
    struct diag d;
};

static int on_sample(double t, const double *v, void *arg)
{
    struct replica_state *rs = arg;
    if (rs->st == ST_OK)
        rs->st = store_sample(rs->store, rs->run, t, v, &rs->d);
    return rs->st != ST_OK || stop_requested;
}

static void on_event(double t, const char *kind, const char *subject, const char *detail,
                     void *arg)
{
    struct replica_state *rs = arg;
    if (rs->st == ST_OK)
        rs->st = store_event(rs->store, rs->run, t, kind, subject, detail, &rs->d);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void no_report(const char *name, const char *dir, void *arg)
{
    (void)name, (void)dir, (void)arg;
}

/* Loads the scenario text, creates the model, opens an in-memory store with the run and its
 * columns, and starts the model's output files (web logs) for the reserved run id in db_dir. */
static enum status setup_one(const char *path, const char *text, const char *db_dir,
                             int64_t reserved, void *config, void **state,
                             struct model_run_settings *set, struct replica_state *rs,
                             struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    enum status st = params_load_ex(m->params(), config, path, text, NULL, 0, NULL, d);
    if (st == ST_OK)
        st = m->validate(config, path, d);
    if (st == ST_OK) {
        m->settings(config, set);
        st = m->create(state, config, set->seed, path, d);
    }
    if (st == ST_OK)
        st = store_open_memory(&rs->store, d);
    if (st == ST_OK) {
        struct run_info info = {
            .scenario_name = set->name, .scenario_path = path, .scenario_text = text,
            .seed = set->seed, .mode = set->mode, .version = WORMSIM_VERSION,
            .rng_name = rng_type_name(), .start_epoch_s = set->start_epoch_s,
            .end_epoch_s = set->end_epoch_s, .sample_s = set->sample_s};
        st = store_run_begin(rs->store, &info, &rs->run, d);
    }
    if (st == ST_OK) {
        const char *const *cols;
        int ncols = m->columns(*state, &cols);
        st = cli_describe_run(rs->store, rs->run, cols, ncols, path, d);
    }
    if (st == ST_OK && m->outputs_open)
        st = m->outputs_open(*state, db_dir, (long long)reserved, no_report, NULL, d);
    return st;
}

/* Runs the scenario text into a new in-memory store (*out, also on failure); fills h (status,
 * wall, events) and d. */
static enum status run_one(const char *path, const char *text, const char *db_dir,
                           struct result_head *h, struct store **out, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    void *config = xcalloc(1, m->config_size), *state = NULL;
    struct engine *eng = NULL;
    struct model_run_settings set;
    struct replica_state rs = {0};
    enum status st = setup_one(path, text, db_dir, h->run, config, &state, &set, &rs, d);
    bool opened = st == ST_OK;
    if (st == ST_OK) {
        struct model_observer obs = {on_sample, on_event, &rs};
        eng = engine_alloc();
        double t0 = wall_now();
        m->start(state, eng, &obs);
        engine_run(eng, set.end_epoch_s - set.start_epoch_s);
        h->wall_s = wall_now() - t0;
        h->events = engine_events_run(eng);
        st = rs.st;
        if (st != ST_OK)
            *d = rs.d;
        else if (stop_requested)
            st = diag_set(d, ST_INTERRUPTED, "", 0, "interrupted");
    }
    if (opened && m->outputs_close) {
        struct diag d2 = {0};
        enum status closed = m->outputs_close(state, st == ST_OK, &d2);
        if (st == ST_OK && closed != ST_OK)
            st = closed, *d = d2;
    }
    if (opened) {
        snprintf(h->status, sizeof h->status, "%s",
                 st == ST_OK ? "done" : st == ST_INTERRUPTED ? "interrupted" : "failed");
        enum status fin = store_run_finish(rs.store, rs.run, h->status, h->wall_s, h->events, d);
        if (st == ST_OK)
            st = fin;
    }
    if (eng)
        engine_free(eng);
    if (state)
        m->destroy(state);
    free(config);
    *out = rs.store;
    return st;
}

void replica_work(const void *task, size_t n, void **result, size_t *rn, void *arg)
{
    (void)arg;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    struct result_head h = {0};
    const char *b = task;
    memcpy(&h.run, b, sizeof h.run);
    const char *path = b + sizeof h.run, *db_dir = path + strlen(path) + 1;
    const char *text = db_dir + strlen(db_dir) + 1;
    (void)n;
    struct diag d = {0};
    struct store *s = NULL;
    void *image = NULL;
    size_t image_len = 0;
    enum status st = stop_requested ? diag_set(&d, ST_INTERRUPTED, "", 0, "interrupted")
                                    : run_one(path, text, db_dir, &h, &s, &d);
    if (st == ST_OK)
        st = store_image(s, &image, &image_len, &d);
    store_close(s);
    if (st != ST_OK) {
        snprintf(h.status, sizeof h.status, "%s",
                 st == ST_INTERRUPTED ? "interrupted" : "failed");
        free(image);
        image = NULL;
        image_len = 0;
    }
    char msg[sizeof d.msg + sizeof d.file + 16] = "";
    if (st != ST_OK && st != ST_INTERRUPTED)
        snprintf(msg, sizeof msg, "%s%s%s", d.file, d.file[0] ? ": " : "", d.msg);
    h.msg_len = strlen(msg) < 255 ? strlen(msg) : 255; /* replica_result.msg holds 255 */
    h.image_len = image_len;
    char *r = xmalloc(sizeof h + h.msg_len + image_len);
    memcpy(r, &h, sizeof h);
    memcpy(r + sizeof h, msg, h.msg_len);
    if (image_len)
        memcpy(r + sizeof h + h.msg_len, image, image_len);
    free(image);
    *result = r;
    *rn = sizeof h + h.msg_len + image_len;
}

enum status replica_result_read(const void *bytes, size_t n, struct replica_result *r,
                                struct diag *d)
{
    struct result_head h;
    if (n < sizeof h)
        return diag_set(d, ST_INPUT, "", 0, "a worker sent %zu bytes, not a result", n);
    memcpy(&h, bytes, sizeof h);
    if (h.msg_len >= sizeof r->msg || sizeof h + h.msg_len + h.image_len != n ||
        h.status[sizeof h.status - 1])
        return diag_set(d, ST_INPUT, "", 0, "a worker sent a malformed result");
    const char *b = bytes;
    memset(r, 0, sizeof *r);
    r->run = h.run;
    memcpy(r->status, h.status, sizeof r->status);
    r->wall_s = h.wall_s;
    r->events = h.events;
    memcpy(r->msg, b + sizeof h, h.msg_len);
    r->image = h.image_len ? b + sizeof h + h.msg_len : NULL;
    r->image_len = h.image_len;
    return ST_OK;
}
