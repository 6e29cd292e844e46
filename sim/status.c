/* status.c - status names, diagnostics and the allocation wrappers that abort on exhaustion. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *status_str(enum status st)
{
    switch (st) {
    case ST_OK: return "ok";
    case ST_USAGE: return "usage error";
    case ST_INPUT: return "input error";
    case ST_IO: return "i/o error";
    case ST_DB: return "database error";
    case ST_NOT_FOUND: return "not found";
    case ST_EXTERNAL: return "external program failed";
    case ST_INTERRUPTED: return "interrupted";
    case ST_RUNTIME: return "runtime failure";
    }
    return "unknown status";
}

enum status diag_set(struct diag *d, enum status st, const char *file, int line,
                     const char *fmt, ...)
{
    if (!d)
        return st;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return st;
}

int status_exit_code(enum status st)
{
    if (st == ST_OK)
        return 0;
    if (st == ST_USAGE || st == ST_INPUT || st == ST_NOT_FOUND)
        return 2;
    return 1;
}

static void *check_alloc(void *p)
{
    if (!p) {
        fputs("wormsim: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xmalloc(unsigned long n) { return check_alloc(malloc(n ? n : 1)); }
void *xcalloc(unsigned long n, unsigned long size) { return check_alloc(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, unsigned long n) { return check_alloc(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return check_alloc(strdup(s)); }
