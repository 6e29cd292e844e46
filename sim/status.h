/* status.h - the project's one error convention.
 * Library code returns an enum status (0 is success) and, where the caller needs to tell the
 * user what went wrong, fills a struct diag (file, line, message). Only app/main.c prints a
 * diag (as "wormsim: FILE:LINE: MESSAGE") and turns a status into an exit code. */
#ifndef WORMSIM_STATUS_H
#define WORMSIM_STATUS_H

enum status {
    ST_OK = 0,
    ST_USAGE,       /* bad command line */
    ST_INPUT,       /* bad scenario file or value */
    ST_IO,          /* file could not be read or written */
    ST_DB,          /* SQLite error */
    ST_NOT_FOUND,   /* a run id or other named thing does not exist */
    ST_EXTERNAL,    /* an external program (gnuplot) is missing or failed */
    ST_INTERRUPTED, /* the run was stopped by a signal */
    ST_RUNTIME      /* any other failure while running */
};

/* Human-readable name of a status, never NULL. */
const char *status_str(enum status st);

/* What went wrong, for the user. file may be empty (no file involved); line 0 means no line. */
struct diag {
    char file[256];
    int line;
    char msg[1024];
};

/* Fills d (if not NULL) with file, line and a printf-style message; returns st so that callers
 * can write `return diag_set(d, ST_INPUT, path, 12, "bad value %s", v);`. */
enum status diag_set(struct diag *d, enum status st, const char *file, int line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Exit code for a status: 0 ok, 2 usage or input error, 1 anything else. */
int status_exit_code(enum status st);

/* Out of memory is not an error we recover from: these abort with a message. */
void *xmalloc(unsigned long n);
void *xcalloc(unsigned long n, unsigned long size);
void *xrealloc(void *p, unsigned long n);
char *xstrdup(const char *s);

#endif
