/* gnuplot.c - runs gnuplot as a separate program (never linked) for the plot modules.
 * The script goes to gnuplot's stdin; gnuplot's stderr is kept in an unlinked temporary file
 * so that a failure is reported in the diag (its exit status and last error line), never
 * printed. SIGPIPE is blocked while writing, so a gnuplot that dies early cannot kill us. */
#include "gnuplot.h"

#include "outfile.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Image size in pixels for pngcairo and svg (pdf: inches), and the text plot in characters. */
#define PLOT_WIDTH_PX 1000
#define PLOT_HEIGHT_PX 700
#define PLOT_DUMB_ROWS 40

/* Dark, distinct line colours, one per run. */
static const char *const line_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                           "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};
#define N_LINE_COLOURS (sizeof line_colours / sizeof line_colours[0])

const char *gnuplot_line_colour(int i) { return line_colours[(size_t)i % N_LINE_COLOURS]; }

void gnuplot_add(struct gnuplot_script *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = t->cap - t->len;
        int n = vsnprintf(t->p ? t->p + t->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        t->cap = 2 * t->cap + (n > 0 ? (size_t)n : 0) + 256;
        t->p = xrealloc(t->p, t->cap);
    }
}

/* Appends s as a gnuplot single-quoted string (a quote inside is doubled). */
void gnuplot_quoted(struct gnuplot_script *t, const char *s)
{
    gnuplot_add(t, "'");
    for (const char *p = s; *p; p++)
        gnuplot_add(t, *p == '\'' ? "''" : "%c", *p);
    gnuplot_add(t, "'");
}

void gnuplot_time(struct gnuplot_script *t, double epoch_s)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", epoch_s);
    gnuplot_quoted(t, buf);
}

void gnuplot_value(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.15g", v);
    else
        fputs("?", f);
}

bool gnuplot_find(char **path)
{
    const char *env = getenv("PATH");
    if (!env)
        env = "/usr/local/bin:/usr/bin:/bin";
    const char *p = env;
    for (;;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *cand = xmalloc(n + sizeof "/gnuplot" + 1);
        if (n == 0)
            strcpy(cand, "./gnuplot");
        else
            sprintf(cand, "%.*s/gnuplot", (int)n, p);
        struct stat sb;
        if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode) && access(cand, X_OK) == 0) {
            *path = cand;
            return true;
        }
        free(cand);
        if (!end)
            return false;
        p = end + 1;
    }
}


enum status gnuplot_terminal(const char *output, const char *terminal, struct gnuplot_script *t,
                             bool *dumb, struct diag *d)
{
    *dumb = false;
    if (terminal) {
        if (strcmp(terminal, "dumb") != 0)
            return diag_set(d, ST_USAGE, "", 0, "unknown plot terminal \"%s\" (dumb, or none "
                            "to choose by the output's extension)", terminal);
        *dumb = true;
        gnuplot_add(t, "set terminal dumb size %d,%d noenhanced\n", GNUPLOT_DUMB_COLS,
                    PLOT_DUMB_ROWS);
    } else if (!output) {
        return diag_set(d, ST_USAGE, "", 0, "no plot output given (FILE.png, FILE.svg, "
                        "FILE.pdf, or the dumb terminal)");
    } else {
        const char *dot = strrchr(output, '.');
        if (dot && strcasecmp(dot, ".png") == 0)
            gnuplot_add(t, "set terminal pngcairo size %d,%d noenhanced font 'Sans,10'\n",
                        PLOT_WIDTH_PX, PLOT_HEIGHT_PX);
        else if (dot && strcasecmp(dot, ".svg") == 0)
            gnuplot_add(t, "set terminal svg size %d,%d noenhanced font 'Sans,10' background "
                        "'white'\n", PLOT_WIDTH_PX, PLOT_HEIGHT_PX);
        else if (dot && strcasecmp(dot, ".pdf") == 0)
            gnuplot_add(t, "set terminal pdfcairo size %gin,%gin noenhanced font 'Sans,8'\n",
                        PLOT_WIDTH_PX / 100.0, PLOT_HEIGHT_PX / 100.0);
        else
            return diag_set(d, ST_USAGE, "", 0, "cannot tell the plot format of %s: use .png, "
                            ".svg or .pdf", output);
    }
    if (output) /* the name of the temporary file beside output, set by gnuplot_run */
        gnuplot_add(t, "set output " GNUPLOT_OUTPUT_VAR "\n");
    t->tail = *dumb || !output ? NULL : outfile_tail_for(output);
    return ST_OK;
}

enum status gnuplot_data_open(char **path, FILE **f, struct diag *d)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    *f = NULL;
    *path = xmalloc(strlen(dir) + sizeof "/wormsim-plot-XXXXXX");
    sprintf(*path, "%s/wormsim-plot-XXXXXX", dir);
    int fd = mkstemp(*path);
    if (fd < 0) {
        enum status st = diag_set(d, ST_IO, "", 0, "cannot create a temporary file in %s: %s",
                                  dir, strerror(errno));
        free(*path);
        *path = NULL;
        return st;
    }
    *f = fdopen(fd, "w");
    if (!*f) {
        close(fd);
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", *path, strerror(errno));
    }
    return ST_OK;
}

enum status gnuplot_data_close(FILE *f, const char *path, struct diag *d)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", path, strerror(errno));
    return ST_OK;
}

/* The last non-blank line of what gnuplot wrote to stderr (its error), trimmed, or "". */
static void last_error_line(int fd, char *buf, size_t len)
{
    buf[0] = '\0';
    char all[8192];
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = size > (off_t)sizeof all - 1 ? size - (off_t)sizeof all + 1 : 0;
    ssize_t n = pread(fd, all, sizeof all - 1, from);
    if (n <= 0)
        return;
    all[n] = '\0';
    char *end = all + n;
    while (end > all && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
        *--end = '\0';
    char *start = end;
    while (start > all && start[-1] != '\n')
        start--;
    while (*start == ' ' || *start == '\t')
        start++;
    size_t n_line = strlen(start) < len - 1 ? strlen(start) : len - 1;
    memcpy(buf, start, n_line);
    buf[n_line] = '\0';
}

/* Whether gnuplot's stderr (in fd) holds a line saying "error" (not a mere warning); the first
 * such line goes to buf. gnuplot reports some failures (a device error) and exits 0. */
static bool reported_error(int fd, char *buf, size_t len)
{
    char all[8192];
    ssize_t n = pread(fd, all, sizeof all - 1, 0);
    if (n <= 0)
        return false;
    all[n] = '\0';
    for (char *line = all; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strstr(line, "error") || strstr(line, "Error")) {
            while (*line == ' ' || *line == '\t')
                line++;
            size_t n_line = strlen(line) < len - 1 ? strlen(line) : len - 1;
            memcpy(buf, line, n_line);
            buf[n_line] = '\0';
            return true;
        }
        line = next;
    }
    return false;
}

/* Writes all of buf to fd; false on any error (EPIPE when gnuplot has gone away). */
static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Starts gnuplot with the script on its stdin and waits for it. SIGPIPE is blocked while the
 * script is written (and a SIGPIPE raised meanwhile is consumed), so a gnuplot that dies early
 * is reported through its exit status instead of killing this process. */
static enum status start_and_wait(const char *gnuplot, const struct gnuplot_script *pre,
                                  const struct gnuplot_script *t, bool to_file, struct diag *d)
{
    const char *dir = getenv("TMPDIR");
    char err_path[512];
    snprintf(err_path, sizeof err_path, "%s/wormsim-gnuplot-err-XXXXXX", dir && *dir ? dir : "/tmp");
    int err_fd = mkstemp(err_path);
    if (err_fd < 0)
        return diag_set(d, ST_IO, "", 0, "cannot create a temporary file: %s", strerror(errno));
    unlink(err_path);
    int fds[2];
    if (pipe(fds) != 0) {
        close(err_fd);
        return diag_set(d, ST_EXTERNAL, "", 0, "cannot start gnuplot: %s", strerror(errno));
    }
    fflush(stdout); /* the dumb terminal writes to our stdout after what is already there */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        close(err_fd);
        return diag_set(d, ST_EXTERNAL, "", 0, "cannot start gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        dup2(err_fd, STDERR_FILENO);
        if (to_file) { /* gnuplot falls back to stdout when it cannot open its output */
            int null_fd = open("/dev/null", O_WRONLY);
            if (null_fd >= 0)
                dup2(null_fd, STDOUT_FILENO);
        }
        close(fds[0]);
        close(fds[1]);
        close(err_fd);
        char *argv[] = {"gnuplot", NULL};
        execv(gnuplot, argv);
        dprintf(STDERR_FILENO, "cannot run %s: %s\n", gnuplot, strerror(errno));
        _exit(127);
    }
    close(fds[0]);

    sigset_t pipe_set, old_mask, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    if (write_all(fds[1], pre->p, pre->len)) /* a failure shows in the exit status */
        write_all(fds[1], t->p, t->len);
    close(fds[1]);
    sigpending(&pending);
    if (!was_pending && sigismember(&pending, SIGPIPE)) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);

    int wst;
    pid_t w;
    while ((w = waitpid(pid, &wst, 0)) < 0 && errno == EINTR)
        ;
    enum status st = ST_OK;
    char why[400];
    if (w < 0) {
        st = diag_set(d, ST_EXTERNAL, "", 0, "cannot wait for gnuplot: %s", strerror(errno));
    } else if (WIFSIGNALED(wst)) {
        st = diag_set(d, ST_EXTERNAL, "", 0, "gnuplot was killed by signal %d",
                      WTERMSIG(wst));
    } else if (WEXITSTATUS(wst) != 0) {
        last_error_line(err_fd, why, sizeof why);
        st = diag_set(d, ST_EXTERNAL, "", 0, "gnuplot exited with status %d%s%s",
                      WEXITSTATUS(wst), why[0] ? ": " : "", why);
    } else if (reported_error(err_fd, why, sizeof why)) {
        st = diag_set(d, ST_EXTERNAL, "", 0, "gnuplot reported an error: %s", why);
    }
    close(err_fd);
    return st;
}

enum status gnuplot_run(const char *gnuplot, const struct gnuplot_script *t, const char *output,
                        struct diag *d)
{
    struct gnuplot_script pre = {0};
    struct outfile out = {0};
    enum status st;
    if (output) {
        if ((st = outfile_open(&out, output, d)))
            return st;
        outfile_release(&out);
        gnuplot_add(&pre, GNUPLOT_OUTPUT_VAR " = ");
        gnuplot_quoted(&pre, out.tmp);
        gnuplot_add(&pre, "\n");
    }
    st = start_and_wait(gnuplot, &pre, t, output != NULL, d);
    free(pre.p);
    if (st == ST_OK && output)
        return outfile_commit(&out, t->tail, d); /* checks the plot is whole, then renames */
    if (output)
        outfile_abort(&out);
    return st;
}

/* Replaces every occurrence of from in text by to (new malloc'ed string). */
static char *replace_all(const char *text, const char *from, const char *to)
{
    struct gnuplot_script out = {0};
    size_t lf = strlen(from);
    for (const char *p = text;;) {
        const char *hit = lf ? strstr(p, from) : NULL;
        if (!hit) {
            gnuplot_add(&out, "%s", p);
            break;
        }
        gnuplot_add(&out, "%.*s%s", (int)(hit - p), p, to);
        p = hit + lf;
    }
    return out.p ? out.p : xstrdup("");
}

/* Copies the file at from to to; false on any failure. */
static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    bool ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok;
}

enum status gnuplot_keep(const char *dir, const char *output, const struct gnuplot_script *t,
                         const char *data_path, struct diag *d)
{
    char name[256] = "plot";
    if (output) {
        const char *base = strrchr(output, '/');
        snprintf(name, sizeof name, "%s", base ? base + 1 : output);
        char *dot = strrchr(name, '.');
        if (dot && dot != name)
            *dot = '\0';
    }
    char gp[1024], dat[1024];
    snprintf(gp, sizeof gp, "%s/%s.gp", dir, name);
    snprintf(dat, sizeof dat, "%s/%s.dat", dir, name);
    enum status st = paths_make_parents(gp, d);
    if (st)
        return st;
    if (!copy_file(data_path, dat))
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", dat, strerror(errno));
    char *script = replace_all(t->p, data_path, dat);
    FILE *f = fopen(gp, "w");
    bool ok = f && fprintf(f, "# wormsim plot script: edit it, then run it from the folder wormsim "
                              "ran in:\n#   gnuplot %s\n%s", gp, script) > 0;
    if (f && fclose(f) != 0)
        ok = false;
    free(script);
    if (!ok)
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", gp, strerror(errno));
    return ST_OK;
}

/* Writes the (t, v) pair at index k. */
static void point(FILE *f, const double *t, const double *v, size_t k)
{
    fprintf(f, "%.15g ", t[k]);
    gnuplot_value(f, v[k]);
    putc('\n', f);
}

void gnuplot_series(FILE *f, const double *t, const double *v, size_t n, size_t max_points)
{
    if (max_points < 4 || n <= max_points) {
        for (size_t k = 0; k < n; k++)
            point(f, t, v, k);
        return;
    }
    /* Buckets of b points: the lowest and the highest (finite) of each, in time order, so peaks
     * and troughs survive; a bucket with a missing value keeps one missing point (a gap). */
    size_t b = (n + max_points / 2 - 1) / (max_points / 2);
    for (size_t s = 0; s < n; s += b) {
        size_t e = s + b < n ? s + b : n, lo = n, hi = n, gap = n;
        for (size_t k = s; k < e; k++) {
            if (!isfinite(v[k])) {
                gap = gap < n ? gap : k;
                continue;
            }
            if (lo == n || v[k] < v[lo])
                lo = k;
            if (hi == n || v[k] > v[hi])
                hi = k;
        }
        if (gap < n)
            point(f, t, v, gap);
        if (lo == n)
            continue;
        point(f, t, v, lo < hi ? lo : hi);
        if (lo != hi)
            point(f, t, v, lo < hi ? hi : lo);
    }
}
