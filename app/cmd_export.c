/* cmd_export.c - `wormsim export`: one run's series as CSV (as it always was), or runs and
 * experiments in tidy form (--experiment EXP, several runs, --form, --format json) with the
 * columns that tell runs apart, so pandas, R or a spreadsheet reads them directly. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outfile.h"
#include "store.h"
#include "store_experiment.h"

/* The varied keys of an experiment: the keys of its grid lines ("worm.scan_rate=6/s,8/s"). */
static enum status grid_keys(struct store *s, int64_t exp, char ***keys, size_t *n,
                             struct diag *d)
{
    struct experiment_row e;
    enum status st = store_experiment_get(s, exp, &e, d);
    if (st != ST_OK)
        return st;
    *keys = NULL;
    *n = 0;
    for (char *l = e.grid; *l;) {
        char *nl = strchr(l, '\n'), *eq = strchr(l, '=');
        if (eq && (!nl || eq < nl)) {
            *keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
            (*keys)[*n] = xmalloc((size_t)(eq - l) + 1);
            memcpy((*keys)[*n], l, (size_t)(eq - l));
            (*keys)[(*n)++][eq - l] = '\0';
        }
        if (!nl)
            break;
        l = nl + 1;
    }
    store_experiment_row_free(&e);
    return ST_OK;
}

static enum status tidy(const struct cli_options *o, struct store *s, FILE *out, struct diag *d)
{
    int64_t *ids = NULL;
    size_t n = 0;
    char **keys = NULL;
    size_t n_keys = 0;
    enum status st;
    if (o->experiment) {
        st = cli_experiment_runs(s, o->experiment, &ids, &n, true, d);
        if (st == ST_OK)
            st = grid_keys(s, o->experiment, &keys, &n_keys, d);
    } else {
        ids = xmalloc((size_t)o->n_runs * sizeof *ids);
        memcpy(ids, o->runs, (size_t)o->n_runs * sizeof *ids);
        n = (size_t)o->n_runs;
        st = store_varied_keys(s, ids, n, &keys, &n_keys, d);
    }
    if (st == ST_OK) {
        struct tidy_request req = {.runs = ids, .n_runs = n, .keys = (const char *const *)keys,
                                   .n_keys = n_keys,
                                   .long_form = o->form && !strcmp(o->form, "long"),
                                   .json = o->format && !strcmp(o->format, "json")};
        st = store_export_tidy(s, &req, out, d);
    }
    for (size_t i = 0; i < n_keys; i++)
        free(keys[i]);
    free(keys);
    free(ids);
    return st;
}

int cmd_export(const struct cli_options *o)
{
    struct diag d = {0};
    enum status st = ST_OK;
    if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
        st = diag_set(&d, ST_USAGE, "", 0, "export: unknown format \"%s\" (csv or json)",
                      o->format);
    else if (o->form && strcmp(o->form, "wide") && strcmp(o->form, "long"))
        st = diag_set(&d, ST_USAGE, "", 0, "export: unknown form \"%s\" (wide or long)",
                      o->form);
    else if (o->experiment && o->n_runs)
        st = diag_set(&d, ST_USAGE, "", 0, "export: give run ids or --experiment, not both");
    else if (!o->experiment && !o->n_runs)
        st = diag_set(&d, ST_USAGE, "", 0, "export needs a run id or --experiment EXP (see "
                      "wormsim runs)");
    if (st != ST_OK)
        return cli_report(st, &d);
    struct store *s;
    if ((st = cli_open_existing(o, &s, &d)) != ST_OK)
        return cli_report(st, &d);
    /* -o FILE: written whole or not at all (outfile.h); else stdout */
    struct outfile file = {0};
    FILE *out = stdout;
    if (o->output && (st = outfile_open(&file, o->output, &d)) == ST_OK)
        out = file.f;
    if (st == ST_OK) {
        bool classic = !o->experiment && o->n_runs == 1 && !o->form &&
                       (!o->format || !strcmp(o->format, "csv"));
        st = classic ? store_export_csv(s, o->runs[0], out, &d) : tidy(o, s, out, &d);
        if (o->output && st == ST_IO) { /* "cannot write CSV: REASON": name the file */
            const char *why = strstr(d.msg, ": ");
            char reason[sizeof d.msg];
            snprintf(reason, sizeof reason, "%s", why ? why + 2 : d.msg);
            diag_set(&d, ST_IO, "", 0, "cannot write %s: %s", o->output, reason);
        }
        if (o->output)
            st = st ? (outfile_abort(&file), st) : outfile_commit(&file, NULL, &d);
    }
    store_close(s);
    return cli_report(st, &d);
}
