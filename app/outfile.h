/* outfile.h - output files that appear whole or not at all (plots, exports with -o, logs,
 * reports). Everything is written to a temporary file beside the target (same directory, so
 * the final rename cannot cross file systems), checked (no write error, the byte count on disk
 * equals what was written, an end marker when the format has one), fsync'ed and renamed over
 * the target; the directory is fsync'ed after the rename. On any failure the temporary file is
 * removed and the old target stays exactly as it was.
 *
 * Use (our own writes):            Use (a file another program writes, e.g. gnuplot):
 *   struct outfile o;                 outfile_open(&o, path, d); outfile_release(&o);
 *   outfile_open(&o, path, d);        ... the program writes o.tmp ...
 *   fprintf(o.f, ...);                outfile_commit(&o, OUTFILE_TAIL_PNG, d);
 *   outfile_commit(&o, NULL, d);
 * and outfile_abort(&o) on any error path in between (safe to call twice or after commit). */
#ifndef WORMSIM_OUTFILE_H
#define WORMSIM_OUTFILE_H

#include <stdio.h>

#include "status.h"

struct outfile {
    char *path; /* the target, as given */
    char *tmp;  /* the temporary file beside it ("DIR/.wormsim-XXXXXX"); NULL when finished */
    FILE *f;    /* open on tmp for our own writes; NULL after outfile_release */
};

/* End markers a complete file of the format ends with (trailing blanks ignored). */
#define OUTFILE_TAIL_PNG "IEND\xae\x42\x60\x82" /* the PNG IEND chunk and its CRC */
#define OUTFILE_TAIL_SVG "</svg>"
#define OUTFILE_TAIL_PDF "%%EOF"

/* The end marker for path's extension (.png, .svg, .pdf in any case), or NULL. */
const char *outfile_tail_for(const char *path);

/* Starts writing path: creates its missing parent directories and the temporary file (mode
 * 0666 less the umask, as fopen would). ST_IO naming path and the reason (a read-only or
 * missing directory, say); then o holds nothing to free. */
enum status outfile_open(struct outfile *o, const char *path, struct diag *d);

/* Closes o->f so that another program can write o->tmp (it keeps the name reserved). */
void outfile_release(struct outfile *o);

/* Finishes: with o->f open, flushes it and checks that the file holds every byte written;
 * after outfile_release, checks that the file is not empty. Then checks that it ends with tail
 * (NULL: no marker), fsyncs it, renames it over path and fsyncs the directory. ST_IO with
 * "cannot write PATH: REASON" (a full disk shows as "No space left on device" or "file is
 * incomplete") on failure, and then the target is untouched and the temporary file gone. */
enum status outfile_commit(struct outfile *o, const char *tail, struct diag *d);

/* Abandons the file: closes and removes the temporary file; the target is untouched. */
void outfile_abort(struct outfile *o);

#endif
