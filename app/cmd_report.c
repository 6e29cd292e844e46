/* cmd_report.c - `wormsim report RUN... -o FILE.html`: the HTML page of one run, or the
 * comparison of several (report.c). */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "store.h"

int cmd_report(const struct cli_options *o)
{
    struct diag d = {0};
    if (!o->output)
        return cli_report(diag_set(&d, ST_USAGE, "", 0, "report needs -o FILE.html"), &d);
    if (access(o->db, F_OK) != 0)
        return cli_report(diag_set(&d, ST_NOT_FOUND, o->db, 0,
                                   "no such database (run a scenario first)"), &d);
    struct store *s;
    enum status st = store_open(o->db, &s, &d);
    if (st != ST_OK)
        return cli_report(st, &d);
    struct report_request req = {.runs = o->runs, .n_runs = o->n_runs, .output = o->output};
    st = report_write(s, &req, &d);
    store_close(s);
    if (st == ST_OK && !o->quiet)
        printf("report written to %s\n", o->output);
    return cli_report(st, &d);
}
