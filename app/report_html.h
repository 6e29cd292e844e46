/* report_html.h - the pieces of a report page (report_html.c): escaped text, the scenario's
 * story and "things to try" read from its comments, plots inlined as SVG, the events as a
 * timeline, and the parameter table. Each appends HTML to a growing string. */
#ifndef WORMSIM_REPORT_HTML_H
#define WORMSIM_REPORT_HTML_H

#include <stdbool.h>
#include <stdint.h>

#include "gnuplot.h"
#include "plot.h"
#include "plot_router.h"
#include "status.h"
#include "store.h"

/* Appends s with &, <, >, " escaped. */
void html_text(struct gnuplot_script *h, const char *s);

/* The story: the scenario file's leading comment block as paragraphs (indented lines as
 * preformatted text), without the "Things to try" block. Nothing if the run has no file. */
void html_story(struct gnuplot_script *h, const char *source, bool first_paragraph_only);

/* "Things to try": the comment block that starts with a line "# Things to try", each
 * "#   wormsim ..." line a ready command and the more indented lines below it what to look
 * for. Returns the number of commands (0: nothing appended). */
int html_things_to_try(struct gnuplot_script *h, const char *source);

/* Draws the plot as SVG into a temporary file and appends it inline inside a <figure> with the
 * caption; ids are prefixed with "f<figure>-" so several SVGs never share an id. */
enum status html_plot(struct gnuplot_script *h, struct store *s, struct plot_request *req,
                      int figure, const char *caption, struct diag *d);
enum status html_router_plot(struct gnuplot_script *h, struct store *s,
                             struct plot_router_request *req, int figure, const char *caption,
                             struct diag *d);

/* The run's events: a count per kind, then a timeline (time, kind, subject, detail) with every
 * event of a rare kind and the first few and the last of a frequent one (max_rows unused). */
enum status html_events(struct gnuplot_script *h, struct store *s, int64_t run, int max_rows,
                        struct diag *d);

/* Every key of the resolved scenario text: value, type and unit, source, help. */
void html_parameters(struct gnuplot_script *h, const char *resolved);

/* The value of section.key ("router cisco-b" for a named section) in a resolved scenario
 * text, copied into buf; false if absent. */
bool html_scenario_value(const char *resolved, const char *section, const char *key, char *buf,
                         size_t len);

#endif
