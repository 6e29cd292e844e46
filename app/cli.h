/* cli.h - the pieces the command line's files have in common: parsed options and the commands.
 * Only the command line (main.c, cmd_*.c) prints to the user or picks an exit code. */
#ifndef WORMSIM_CLI_H
#define WORMSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "params.h"
#include "store.h"
#include "status.h"

#define CLI_MAX_SETS 64
#define CLI_MAX_RUNS 16
#define CLI_MAX_VARIES 8
#define CLI_DEFAULT_DB "results/runs.db"

struct cli_options {
    const char *command;
    const char *file;                 /* scenario file (run, check) */
    const char *db;                   /* --db */
    const char *plot;                 /* run --plot FILE */
    const char *output;               /* plot -o FILE */
    const char *terminal;             /* plot --terminal dumb */
    const char *format;               /* export --format csv */
    const char *top, *bottom, *per;   /* plot --top COL, --bottom COL[+COL], --per COL */
    bool local_share;                 /* plot --local-share */
    const char *router;               /* plot --router NAME */
    bool log_y;                       /* plot --log */
    const char *from, *to;            /* plot --from TIME, --to TIME */
    const char *align;                /* plot --align release */
    const char *keep_script;          /* plot --keep-script DIR */
    bool scenario;                    /* show --scenario: only the scenario, as an INI file */
    const char *column;               /* fit --column COL */
    bool theory;                      /* plot --theory */
    const char *observed;             /* plot --observed FILE.csv */
    const char *telescope;            /* plot --telescope NAME */
    bool have_seed;
    uint64_t seed;                    /* --seed */
    bool quiet;                       /* --quiet: no summary */
    bool repair;                      /* runs --repair: mark runs whose process is gone */
    struct param_override sets[CLI_MAX_SETS];
    int n_sets;
    int64_t runs[CLI_MAX_RUNS];
    int n_runs;
    const char *varies[CLI_MAX_VARIES]; /* sweep --vary section.key=v1,v2 */
    int n_varies;
    long reps;                        /* sweep --reps N (0: not given) */
    long jobs;                        /* sweep -j N (0: the online cores) */
    int64_t resume;                   /* sweep --resume EXP (0: a new experiment) */
    int64_t experiment;               /* export/stats/plot --experiment EXP */
    const char *form;                 /* export --form wide|long */
};

/* Prints "wormsim: FILE:LINE: MESSAGE" (or without the parts that are empty) to stderr and
 * returns the exit code for st. */
int cli_report(enum status st, const struct diag *d);

/* Bytes of database file per stored row (a series value or an event), measured after a VACUUM:
 * july19-crv2 (62,671 rows, 815,104 B: 13.0) and the small world sampled every 5 s (62,671 rows,
 * 761,856 B: 12.2). `runs` shows rows times this; the estimate before a run uses it too. */
#define CLI_BYTES_PER_ROW 13.0

/* "12.3 MB": bytes in the largest unit (B, kB, MB, GB, TB, PB, powers of 1000) below 1000. */
void cli_format_size(double bytes, char *buf, size_t len);

int cmd_run(const struct cli_options *o);
int cmd_check(const struct cli_options *o);
int cmd_runs(const struct cli_options *o);
int cmd_show(const struct cli_options *o);
int cmd_export(const struct cli_options *o);
int cmd_events(const struct cli_options *o);
int cmd_plot(const struct cli_options *o);
int cmd_fit(const struct cli_options *o);

/* Opens the database of o for reading: ST_NOT_FOUND if it does not exist yet. */
enum status cli_open_existing(const struct cli_options *o, struct store **s, struct diag *d);

/* The directory part of a database path ("." when it has none). */
void cli_db_dir(const char *db, char *dir, size_t len);

/* The resolved config of a stored run (read back from its scenario text; caller frees). */
enum status cli_run_config(struct store *s, int64_t run, void **config, struct diag *d);
int cmd_report(const struct cli_options *o);
int cmd_sweep(const struct cli_options *o);
int cmd_stats(const struct cli_options *o);

/* Where a command's output goes: stdout (path NULL), or path, written as path.tmp-PID and
 * renamed to path by cli_output_close only when st is ST_OK (removed otherwise), so a
 * half-written file never looks complete. */
enum status cli_output_open(const char *path, FILE **out, struct diag *d);
enum status cli_output_close(FILE *out, const char *path, enum status st, struct diag *d);

/* The run ids of experiment exp in id order (malloc'ed); ST_NOT_FOUND if there is none. */
enum status cli_experiment_runs(struct store *s, int64_t exp, int64_t **ids, size_t *n,
                                bool done_only, struct diag *d);

/* Declares a run's series columns with the kinds and units the model gives them, and keeps
 * the scenario file as written (when file is readable). */
enum status cli_describe_run(struct store *store, int64_t run, const char *const *cols,
                             int ncol, const char *file, struct diag *d);

/* Every resolved key of a config, for run_info.params (cmd_run.c). */
struct param_list {
    struct param_value *v;
    size_t n, cap;
};
void param_list_fill(struct param_list *l, const void *config);
void param_list_free(struct param_list *l);

/* Loads and validates the scenario of o (file and --set overrides) into a new config of the
 * model's size (caller frees). */
enum status cli_load_scenario(const struct cli_options *o, void **config, struct diag *d);

#endif
