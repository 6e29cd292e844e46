/* offending.h - the line of the key a cross-key validation error names (see offending.c). */
#ifndef WORMSIM_OFFENDING_H
#define WORMSIM_OFFENDING_H

#include <stdbool.h>

/* The line of path holding the first key the message names ("run.end must be after
 * run.start": the line of end in [run]; "[link up]: from = ...": the line of from in
 * [link up]; "router \"r\": ...": the [router r] header), or 0 if none is found. */
int offending_line(const char *path, const char *msg);

#endif
