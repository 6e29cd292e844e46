/* gnuplot.h - gnuplot as a separate program, used by both plot modules (plot.c, plot_router.c)
 * and used by nothing else: a growing script, the terminal line, a temporary data file, and
 * one call that runs gnuplot and reports its failure in the diag, never on the terminal. */
#ifndef WORMSIM_GNUPLOT_H
#define WORMSIM_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

/* Width of the text plot in characters (text that does not fit is left out by the callers). */
#define GNUPLOT_DUMB_COLS 100

/* A growing string: the gnuplot script. Zero-initialise; free p. */
struct gnuplot_script {
    char *p;
    size_t len, cap;
    const char *tail; /* the end marker a complete output file has (gnuplot_terminal sets it) */
};

/* The gnuplot variable `set output` names: gnuplot_run sets it to a temporary file beside the
 * output, renamed over the output once the plot is known to be complete. */
#define GNUPLOT_OUTPUT_VAR "wormsim_output"

/* Appends printf-formatted text. */
void gnuplot_add(struct gnuplot_script *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends s as a gnuplot single-quoted string (a quote inside is doubled). */
void gnuplot_quoted(struct gnuplot_script *t, const char *s);

/* Appends a time (UTC epoch seconds) as a quoted '%s' time for a time axis. */
void gnuplot_time(struct gnuplot_script *t, double epoch_s);

/* Writes a number to a data file; "?" (declared missing) for NaN and infinities. */
void gnuplot_value(FILE *f, double v);

/* The i-th run's line colour (dark, distinct, cycling). */
const char *gnuplot_line_colour(int i);

/* Searches PATH for an executable gnuplot; fills path (malloc'ed, caller frees) and returns
 * true if found. An empty PATH entry means the current directory, as for the shell. */
bool gnuplot_find(char **path);

/* Appends the "set terminal" and "set output" lines: terminal NULL (chosen by output's
 * extension: .png, .svg, .pdf in any case) or "dumb" (text to stdout, or to output if given).
 * *dumb tells the text terminal. ST_USAGE for an unknown terminal or extension, or neither. */
enum status gnuplot_terminal(const char *output, const char *terminal, struct gnuplot_script *t,
                             bool *dumb, struct diag *d);

/* Creates a temporary data file in $TMPDIR (or /tmp): *path is malloc'ed (caller unlinks and
 * frees; NULL on failure), *f open for writing. ST_IO on failure. */
enum status gnuplot_data_open(char **path, FILE **f, struct diag *d);

/* Closes a data file from gnuplot_data_open; ST_IO naming path if anything failed to write. */
enum status gnuplot_data_close(FILE *f, const char *path, struct diag *d);

/* Runs the gnuplot at path with the script on its stdin. With an output, the plot goes to a
 * temporary file beside it (outfile.h: missing directories are made), gnuplot's stdout to
 * /dev/null, and only a complete plot (not empty, ending with its format's end marker, synced)
 * replaces output; on any failure output is untouched. ST_EXTERNAL if gnuplot exits non-zero
 * (with its status and last error line), is killed or prints an error line; ST_IO ("cannot
 * write OUTPUT: REASON") if the file cannot be made, is empty or incomplete (a full disk). */
enum status gnuplot_run(const char *gnuplot, const struct gnuplot_script *t, const char *output,
                        struct diag *d);

/* Writes the series (t[k], v[k]), one "t v" line each. With max_points (>= 4) and more points
 * than that, buckets of consecutive points are each written as their lowest and highest value,
 * in time order (at most max_points lines): a lighter plot with the same peaks and troughs. */
void gnuplot_series(FILE *f, const double *t, const double *v, size_t n, size_t max_points);

/* --keep-script: writes DIR/NAME.gp (the script, reading DIR/NAME.dat) and DIR/NAME.dat (a
 * copy of the data at data_path), NAME being output's file name without its extension ("plot"
 * without output), so a student can edit and rerun the plot. ST_IO naming the file on failure. */
enum status gnuplot_keep(const char *dir, const char *output, const struct gnuplot_script *t,
                         const char *data_path, struct diag *d);

#endif
