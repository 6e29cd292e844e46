/* cmd_fit.c - `wormsim fit RUN [--column COL]`: the logistic fitted to a stored column beside
 * the K the run's own parameters give (random constant spread), with standard errors. The
 * run's resolved scenario is read back from the store to know those parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "cli.h"
#include "model.h"
#include "store.h"

enum status cli_run_config(struct store *s, int64_t run, void **config, struct diag *d)
{
    const struct model_desc *m = &wormsim_model;
    char *text = NULL;
    enum status st = store_run_scenario(s, run, &text, d);
    if (st != ST_OK)
        return st;
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/wormsim-scenario-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(text);
        return diag_set(d, ST_IO, path, 0, "cannot create a temporary file");
    }
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    free(text);
    void *c = xcalloc(1, m->config_size);
    st = ok ? params_load(m->params(), c, path, NULL, 0, d)
            : diag_set(d, ST_IO, path, 0, "cannot write a temporary file");
    unlink(path);
    if (st != ST_OK) {
        free(c);
        char why[sizeof d->msg];
        snprintf(why, sizeof why, "%s", d->msg);
        return diag_set(d, ST_RUNTIME, "", 0, "run %lld: its stored scenario does not load: %s",
                        (long long)run, why);
    }
    *config = c;
    return ST_OK;
}

static void print_fit(const struct run_row *r, const char *column, const struct model_fit *f)
{
    char when[32];
    calendar_format(r->start_epoch_s + f->T_s, when, sizeof when);
    printf("run %lld: %s, column %s (%zu samples)\n", (long long)r->id, r->scenario_name, column,
           f->n);
    printf("  logistic fit  A / (1 + exp(-K (t - T))), %d iterations:\n", f->iterations);
    printf("    K = %.4g /h +- %.2g  (%.4g /s +- %.2g)\n", f->K_per_s * 3600, f->K_se * 3600,
           f->K_per_s, f->K_se);
    printf("    T = %s +- %.2g s\n", when, f->T_se);
    printf("    A = %.6g +- %.2g\n", f->A, f->A_se);
    printf("    residual sd %.4g, lag-1 autocorrelation %.4f: errors above are inflated by\n"
           "    sqrt((1 + rho) / (1 - rho)) = %.3g (as if independent: K +- %.2g /h, T +- %.0f s)\n",
           f->n > 3 ? sqrt(f->rss / (double)(f->n - 3)) : NAN, f->rho,
           sqrt((1 + f->rho) / (1 - f->rho)), f->K_se_iid * 3600, f->T_se_iid);
    if (isfinite(f->K_expected_per_s))
        printf("  random constant spread with the run's parameters: K = r N / S = %.4g /h "
               "(fit / expected = %.4f; %+.1f standard errors)\n",
               f->K_expected_per_s * 3600, f->K_per_s / f->K_expected_per_s,
               f->K_se > 0 ? (f->K_per_s - f->K_expected_per_s) / f->K_se : NAN);
}

int cmd_fit(const struct cli_options *o)
{
    const struct model_desc *m = &wormsim_model;
    struct diag d = {0};
    struct store *s = NULL;
    void *config = NULL;
    double *t = NULL, *v = NULL;
    size_t n = 0;
    const char *column = o->column ? o->column : m->plots->top_column;
    struct run_row r;
    struct model_fit f;
    enum status st = cli_open_existing(o, &s, &d);
    if (st == ST_OK)
        st = store_run_get(s, o->runs[0], &r, &d);
    if (st == ST_OK)
        st = store_series(s, o->runs[0], column, &t, &v, &n, &d);
    if (st == ST_OK)
        st = cli_run_config(s, o->runs[0], &config, &d);
    if (st == ST_OK) {
        st = m->fit(config, t, v, n, &f, &d);
        if (st == ST_INPUT) {
            char why[sizeof d.msg];
            snprintf(why, sizeof why, "%s", d.msg); /* d.msg is diag_set's output */
            st = diag_set(&d, ST_INPUT, "", 0, "run %lld, column %s: %s", (long long)r.id,
                          column, why);
        }
    }
    if (st == ST_OK)
        print_fit(&r, column, &f);
    free(t);
    free(v);
    free(config);
    store_close(s);
    return cli_report(st, &d);
}
