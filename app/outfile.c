/* outfile.c - output files that appear whole or not at all: a temporary file beside the target,
 * checked, fsync'ed and renamed into place (see outfile.h). The one idea: the target's name only
 * ever points at the old file or at a new file known to be complete on disk. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "paths.h"

/* Bytes read from the end of a file to find its end marker (markers are shorter; the rest
 * allows for trailing blanks). */
#define OUTFILE_TAIL_READ 256

const char *outfile_tail_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    if (!strcasecmp(dot, ".png"))
        return OUTFILE_TAIL_PNG;
    if (!strcasecmp(dot, ".svg"))
        return OUTFILE_TAIL_SVG;
    if (!strcasecmp(dot, ".pdf"))
        return OUTFILE_TAIL_PDF;
    return NULL;
}

/* The directory part of path ("." when there is none), malloc'ed. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    char *dir = xmalloc((unsigned long)(slash - path) + 1);
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    return dir;
}

static enum status fail(struct outfile *o, struct diag *d, const char *why)
{
    enum status st = diag_set(d, ST_IO, "", 0, "cannot write %s: %s", o->path, why);
    outfile_abort(o);
    return st;
}

enum status outfile_open(struct outfile *o, const char *path, struct diag *d)
{
    memset(o, 0, sizeof *o);
    if (!path || !*path)
        return diag_set(d, ST_USAGE, "", 0, "no output file name given");
    enum status st = paths_make_parents(path, d);
    if (st)
        return st;
    char *dir = dir_of(path);
    o->path = xstrdup(path);
    o->tmp = xmalloc(strlen(dir) + sizeof "/.wormsim-XXXXXX");
    sprintf(o->tmp, "%s/.wormsim-XXXXXX", dir);
    free(dir);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        st = diag_set(d, ST_IO, "", 0, "cannot write %s: %s", path, strerror(errno));
        free(o->tmp);
        free(o->path);
        memset(o, 0, sizeof *o);
        return st;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        return fail(o, d, strerror(errno));
    }
    return ST_OK;
}

void outfile_release(struct outfile *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
}

/* Whether the file open on fd (size bytes) ends with tail, blanks after it ignored. */
static bool ends_with(int fd, off_t size, const char *tail)
{
    char buf[OUTFILE_TAIL_READ + 1];
    off_t from = size > OUTFILE_TAIL_READ ? size - OUTFILE_TAIL_READ : 0;
    ssize_t n = pread(fd, buf, (size_t)(size - from), from);
    if (n < 0 || n != size - from)
        return false;
    while (n > 0 && strchr(" \t\r\n", buf[n - 1]) && buf[n - 1] != '\0')
        n--;
    size_t len = strlen(tail);
    return (size_t)n >= len && memcmp(buf + n - (ssize_t)len, tail, len) == 0;
}

/* Checks the temporary file's size (written bytes, or non-empty when written is < 0) and
 * tail, and fsyncs it. NULL if all is well, else the reason. */
static const char *check_file(int fd, off_t written, const char *tail)
{
    struct stat sb;
    if (fsync(fd) != 0 || fstat(fd, &sb) != 0)
        return strerror(errno);
    if (written >= 0 && sb.st_size != written)
        return "file is incomplete (fewer bytes on disk than written)";
    if (written < 0 && sb.st_size == 0)
        return "nothing was written (empty file)";
    if (tail && !ends_with(fd, sb.st_size, tail))
        return "file is incomplete (no end marker: disk full?)";
    return NULL;
}

enum status outfile_commit(struct outfile *o, const char *tail, struct diag *d)
{
    if (!o->tmp)
        return diag_set(d, ST_IO, "", 0, "cannot write %s: not open", o->path ? o->path : "");
    const char *why = NULL;
    if (o->f) {
        errno = 0;
        bool bad = fflush(o->f) != 0 || ferror(o->f);
        if (bad)
            return fail(o, d, errno ? strerror(errno) : "write error");
        off_t written = ftello(o->f);
        why = check_file(fileno(o->f), written, tail);
        int rc = fclose(o->f);
        o->f = NULL;
        if (!why && rc != 0)
            why = strerror(errno);
    } else {
        int fd = open(o->tmp, O_RDONLY);
        if (fd < 0)
            return fail(o, d, strerror(errno));
        why = check_file(fd, -1, tail);
        close(fd);
    }
    if (why)
        return fail(o, d, why);
    if (rename(o->tmp, o->path) != 0)
        return fail(o, d, strerror(errno));
    char *dir = dir_of(o->path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd); /* the rename is durable; a file system that cannot sync a directory is fine */
        close(dfd);
    }
    free(dir);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return ST_OK;
}

void outfile_abort(struct outfile *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
