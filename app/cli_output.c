/* cli_output.c - the command line's shared helpers for output files and experiments: a file
 * named with -o is written under a temporary name and renamed when complete, so an interrupted
 * or failed command never leaves a half-written file that looks finished. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "store_experiment.h"

enum status cli_output_open(const char *path, FILE **out, struct diag *d)
{
    if (!path) {
        *out = stdout;
        return ST_OK;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    *out = fopen(tmp, "w");
    if (!*out)
        return diag_set(d, ST_IO, path, 0, "cannot write: %s", strerror(errno));
    return ST_OK;
}

enum status cli_output_close(FILE *out, const char *path, enum status st, struct diag *d)
{
    if (!path) {
        if (fflush(stdout) != 0 && st == ST_OK)
            st = diag_set(d, ST_IO, "", 0, "cannot write to standard output: %s",
                          strerror(errno));
        return st;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    bool bad = ferror(out) != 0;
    if (fclose(out) != 0 || bad) {
        if (st == ST_OK)
            st = diag_set(d, ST_IO, path, 0, "cannot write: %s", strerror(errno));
    }
    if (st == ST_OK && rename(tmp, path) != 0)
        st = diag_set(d, ST_IO, path, 0, "cannot write: %s", strerror(errno));
    if (st != ST_OK)
        unlink(tmp);
    return st;
}

struct id_list {
    int64_t *v;
    size_t n, cap;
    bool done_only;
};

static void add_id(const struct run_row *r, const char *text, void *arg)
{
    (void)text;
    struct id_list *l = arg;
    if (l->done_only && strcmp(r->status, "done"))
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = r->id;
}

enum status cli_experiment_runs(struct store *s, int64_t exp, int64_t **ids, size_t *n,
                                bool done_only, struct diag *d)
{
    struct experiment_row e;
    enum status st = store_experiment_get(s, exp, &e, d);
    if (st != ST_OK)
        return st;
    store_experiment_row_free(&e);
    struct id_list l = {.done_only = done_only};
    st = store_experiment_runs(s, exp, add_id, &l, d);
    *ids = l.v;
    *n = l.n;
    return st;
}
