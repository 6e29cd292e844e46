/* reader.c - a stored run read back for the model: its series and events through struct
 * model_reader, and its stored scenario text loaded into the model's config (through a
 * temporary file, since the scenario reader reads files). */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long read_series(void *arg, const char *column, double **t, double **v)
{
    struct reader_ctx *c = arg;
    struct diag d = {0};
    size_t n = 0;
    *t = *v = NULL;
    if (store_series(c->s, c->run, column, t, v, &n, &d) != ST_OK)
        return -1;
    return (long)n;
}

struct event_relay {
    void (*fn)(double t, const char *subject, const char *detail, void *fnarg);
    void *fnarg;
};

static void relay(double t, const char *kind, const char *subject, const char *detail, void *arg)
{
    (void)kind;
    struct event_relay *r = arg;
    r->fn(t, subject, detail, r->fnarg);
}

static void read_events(void *arg, const char *kind,
                        void (*fn)(double t, const char *subject, const char *detail, void *fnarg),
                        void *fnarg)
{
    struct reader_ctx *c = arg;
    struct diag d = {0};
    struct event_relay r = {fn, fnarg};
    store_events(c->s, c->run, kind, relay, &r, &d);
}

void reader_init(struct model_reader *r, struct reader_ctx *ctx, struct store *s,
                 const struct run_row *row)
{
    ctx->s = s;
    ctx->run = row->id;
    *r = (struct model_reader){.series = read_series, .events = read_events, .arg = ctx,
                               .start_epoch_s = row->start_epoch_s,
                               .end_epoch_s = row->end_epoch_s,
                               .interrupted = strcmp(row->status, "done") != 0};
}

enum status reader_load_config(struct store *s, int64_t run, void **config, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    char *text = NULL;
    *config = NULL;
    enum status st = store_run_scenario(s, run, &text, d);
    if (st)
        return st;
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/wormsim-scenario-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(text);
        return diag_set(d, ST_IO, "", 0, "cannot create a temporary file in %s",
                        dir && *dir ? dir : "/tmp");
    }
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    free(text);
    void *c = xcalloc(1, m->config_size);
    st = ok ? params_load(m->params(), c, path, NULL, 0, d)
            : diag_set(d, ST_IO, "", 0, "cannot write a temporary file");
    unlink(path);
    if (st != ST_OK) {
        free(c);
        return st == ST_IO ? st : ST_INPUT;
    }
    *config = c;
    return ST_OK;
}

int reader_figures(struct store *s, const struct run_row *row, struct model_figure *out,
                   int max)
{
    void *config;
    struct diag d = {0};
    if (reader_load_config(s, row->id, &config, &d) != ST_OK)
        return 0;
    struct reader_ctx ctx;
    struct model_reader r;
    reader_init(&r, &ctx, s, row);
    int n = wormsim_model.figures(config, &r, out, max);
    free(config);
    return n;
}
