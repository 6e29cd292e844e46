/* plot.c - draws stored runs with gnuplot, run as a separate program (never linked).
 * The data go to a temporary file, the commands to gnuplot's stdin; gnuplot's stderr is kept
 * in an unlinked temporary file so that a failure is reported in the diag, never printed.
 * Two panels share one UTC time axis: the top one a count with the first run's phases shaded,
 * the bottom one a per-sample count turned into a rate per minute. */
#include "plot.h"

#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PLOT_MAX_RUNS 64

/* Image size in pixels for pngcairo and svg (pdf: inches), and the text plot in characters. */
#define PLOT_WIDTH_PX 1000
#define PLOT_HEIGHT_PX 700
#define PLOT_DUMB_COLS 100
#define PLOT_DUMB_ROWS 40

/* Headroom above the top panel's highest value: the phase names sit in this strip, so the
 * curves never cross them. */
#define PLOT_TOP_HEADROOM 1.18

/* Dark, distinct line colours (one per run) and light shades (one per phase name). */
static const char *const line_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                           "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};
static const char *const shade_colours[] = {"#fde2c8", "#d3e4f5", "#d9efd3", "#e8d9f1",
                                            "#faf1bf", "#e3e3e3", "#f6d5e1", "#cfeeea"};
#define N_LINE_COLOURS (sizeof line_colours / sizeof line_colours[0])
#define N_SHADE_COLOURS (sizeof shade_colours / sizeof shade_colours[0])

/* A growing string: the gnuplot script. */
struct text {
    char *p;
    size_t len, cap;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
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
static void text_quoted(struct text *t, const char *s)
{
    text_add(t, "'");
    for (const char *p = s; *p; p++)
        text_add(t, *p == '\'' ? "''" : "%c", *p);
    text_add(t, "'");
}

/* Searches PATH for an executable gnuplot; fills path (malloc'ed) and returns true if found.
 * An empty PATH entry means the current directory, as for the shell. */
static bool find_gnuplot(char **path)
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


/* One run's data, times already in UTC epoch seconds. */
struct plot_run {
    struct run_row row;
    double *t_top, *v_top, *t_bot, *v_bot;
    size_t n_top, n_bot;
};

struct phase {
    double from_s, to_s; /* UTC epoch seconds */
    char *name;
    int shade;           /* index into shade_colours */
};

struct phases {
    struct phase *p;
    int n, cap;
    double start_epoch_s;
};

static void add_phase(double t, const char *kind, const char *subject, const char *detail,
                      void *arg)
{
    (void)kind;
    (void)detail;
    struct phases *ph = arg;
    if (ph->n == ph->cap) {
        ph->cap = ph->cap ? 2 * ph->cap : 8;
        ph->p = xrealloc(ph->p, (unsigned long)ph->cap * sizeof *ph->p);
    }
    struct phase *p = &ph->p[ph->n++];
    p->from_s = ph->start_epoch_s + t;
    p->to_s = p->from_s;
    p->name = xstrdup(subject);
    p->shade = 0;
}

struct plot {
    const struct plot_request *req;
    struct plot_run runs[PLOT_MAX_RUNS];
    int n_runs;
    struct phases phases;
    double x_min, x_max;        /* the shared time axis */
    double top_min, top_max;    /* top panel values (finite ones) */
    char *gnuplot, *data_path;
    struct text script;
};

static void plot_free(struct plot *p)
{
    for (int i = 0; i < p->n_runs; i++) {
        free(p->runs[i].t_top);
        free(p->runs[i].v_top);
        free(p->runs[i].t_bot);
        free(p->runs[i].v_bot);
    }
    for (int i = 0; i < p->phases.n; i++)
        free(p->phases.p[i].name);
    free(p->phases.p);
    if (p->data_path) {
        unlink(p->data_path);
        free(p->data_path);
    }
    free(p->gnuplot);
    free(p->script.p);
}

/* Reads a bottom-panel series: one column, or the sum of "a+b+..." (same sample times). */
static enum status load_sum(struct store *s, int64_t run, const char *spec, double **t,
                            double **v, size_t *n, struct diag *d)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    *t = *v = NULL;
    *n = 0;
    for (char *save = NULL, *col = strtok_r(buf, "+", &save); col; col = strtok_r(NULL, "+", &save)) {
        double *t1, *v1;
        size_t n1;
        enum status st = store_series(s, run, col, &t1, &v1, &n1, d);
        if (st != ST_OK)
            return st;
        if (!*t) {
            *t = t1, *v = v1, *n = n1;
            continue;
        }
        for (size_t k = 0; k < *n && k < n1; k++)
            (*v)[k] += v1[k];
        free(t1);
        free(v1);
    }
    return ST_OK;
}

/* Reads the runs' series and the first run's phases; fixes the axes' ranges. */
static enum status load(struct store *s, struct plot *p, struct diag *d)
{
    const struct plot_request *req = p->req;
    bool any = false;
    p->top_min = 0;
    p->top_max = 0;
    for (int i = 0; i < req->n_runs; i++) {
        struct plot_run *r = &p->runs[i];
        p->n_runs = i + 1;
        enum status st;
        if ((st = store_run_get(s, req->runs[i], &r->row, d)) ||
            (st = store_series(s, req->runs[i], req->top_column, &r->t_top, &r->v_top,
                               &r->n_top, d)) ||
            (st = load_sum(s, req->runs[i], req->bottom_column, &r->t_bot, &r->v_bot,
                           &r->n_bot, d)))
            return st;
        if (req->bottom_per) {
            double *tp, *vp;
            size_t np;
            if ((st = store_series(s, req->runs[i], req->bottom_per, &tp, &vp, &np, d)))
                return st;
            for (size_t k = 0; k < r->n_bot; k++)
                r->v_bot[k] = k < np && vp[k] > 0 ? 100 * r->v_bot[k] / vp[k] : NAN;
            free(tp);
            free(vp);
        }
        if (r->n_top == 0)
            return diag_set(d, ST_NOT_FOUND, "", 0, "run %lld has no samples of \"%s\"",
                            (long long)req->runs[i], req->top_column);
        if (!(r->row.sample_s > 0))
            return diag_set(d, ST_INPUT, "", 0, "run %lld has no sample interval",
                            (long long)req->runs[i]);
        double per_min = r->row.sample_s / 60.0;
        for (size_t k = 0; k < r->n_top; k++) {
            r->t_top[k] += r->row.start_epoch_s;
            double v = r->v_top[k];
            if (isfinite(v)) {
                p->top_min = fmin(p->top_min, v);
                p->top_max = fmax(p->top_max, v);
            }
        }
        for (size_t k = 0; k < r->n_bot; k++) {
            r->t_bot[k] += r->row.start_epoch_s;
            if (!req->bottom_per)
                r->v_bot[k] /= per_min;
        }
        double lo = r->t_top[0], hi = r->t_top[r->n_top - 1];
        if (r->n_bot > 0) {
            lo = fmin(lo, r->t_bot[0]);
            hi = fmax(hi, r->t_bot[r->n_bot - 1]);
        }
        p->x_min = any ? fmin(p->x_min, lo) : lo;
        p->x_max = any ? fmax(p->x_max, hi) : hi;
        any = true;
    }
    if (p->x_max <= p->x_min)
        p->x_max = p->x_min + p->runs[0].row.sample_s;

    /* Phases of the first run: each lasts until the next one or the end of the run; the
     * shading is clipped to the time axis. Same name, same shade, in order of appearance. */
    struct phases *ph = &p->phases;
    ph->start_epoch_s = p->runs[0].row.start_epoch_s;
    enum status st = store_events(s, req->runs[0], "phase", add_phase, ph, d);
    if (st)
        return st;
    int shades = 0;
    for (int i = 0; i < ph->n; i++) {
        struct phase *x = &ph->p[i];
        x->to_s = i + 1 < ph->n ? ph->p[i + 1].from_s : p->runs[0].row.end_epoch_s;
        x->from_s = fmax(x->from_s, p->x_min);
        x->to_s = fmin(x->to_s, p->x_max);
        x->shade = -1;
        for (int j = 0; j < i && x->shade < 0; j++)
            if (strcmp(ph->p[j].name, x->name) == 0)
                x->shade = ph->p[j].shade;
        if (x->shade < 0)
            x->shade = shades++ % (int)N_SHADE_COLOURS;
    }
    return ST_OK;
}

/* Writes a number for gnuplot; "?" (declared missing) for NaN and infinities. */
static void put_value(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.15g", v);
    else
        fputs("?", f);
}

/* The data file: for run i, index 2i holds (time, top value) and index 2i+1 (time, bottom
 * value per minute); blocks are separated by two blank lines. */
static enum status write_data(struct plot *p, struct diag *d)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    p->data_path = xmalloc(strlen(dir) + sizeof "/wormsim-plot-XXXXXX");
    sprintf(p->data_path, "%s/wormsim-plot-XXXXXX", dir);
    int fd = mkstemp(p->data_path);
    if (fd < 0) {
        enum status st = diag_set(d, ST_IO, "", 0, "cannot create a temporary file in %s: %s",
                                  dir, strerror(errno));
        free(p->data_path);
        p->data_path = NULL;
        return st;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", p->data_path, strerror(errno));
    }
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        fprintf(f, "# run %lld %s\n", (long long)r->row.id, p->req->top_column);
        for (size_t k = 0; k < r->n_top; k++) {
            fprintf(f, "%.15g ", r->t_top[k]);
            put_value(f, r->v_top[k]);
            putc('\n', f);
        }
        fprintf(f, "\n\n# run %lld %s per minute\n", (long long)r->row.id,
                p->req->bottom_column);
        for (size_t k = 0; k < r->n_bot; k++) {
            fprintf(f, "%.15g ", r->t_bot[k]);
            put_value(f, r->v_bot[k]);
            putc('\n', f);
        }
        if (r->n_bot == 0)
            fputs("? ?\n", f); /* an empty block would be an error for gnuplot */
        fputs("\n\n", f);
    }
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return diag_set(d, ST_IO, "", 0, "cannot write %s: %s", p->data_path, strerror(errno));
    return ST_OK;
}

/* Appends the "set terminal" line the request asks for; *dumb tells the text terminal. */
static enum status terminal_line(const struct plot_request *req, struct text *t, bool *dumb,
                                 struct diag *d)
{
    *dumb = false;
    if (req->terminal) {
        if (strcmp(req->terminal, "dumb") != 0)
            return diag_set(d, ST_USAGE, "", 0, "unknown plot terminal \"%s\" (dumb, or none "
                            "to choose by the output's extension)", req->terminal);
        *dumb = true;
        text_add(t, "set terminal dumb size %d,%d noenhanced\n", PLOT_DUMB_COLS,
                 PLOT_DUMB_ROWS);
        return ST_OK;
    }
    if (!req->output)
        return diag_set(d, ST_USAGE, "", 0, "no plot output given (FILE.png, FILE.svg, "
                        "FILE.pdf, or the dumb terminal)");
    const char *dot = strrchr(req->output, '.');
    if (dot && strcasecmp(dot, ".png") == 0)
        text_add(t, "set terminal pngcairo size %d,%d noenhanced font 'Sans,10'\n",
                 PLOT_WIDTH_PX, PLOT_HEIGHT_PX);
    else if (dot && strcasecmp(dot, ".svg") == 0)
        text_add(t, "set terminal svg size %d,%d noenhanced font 'Sans,10' background "
                 "'white'\n", PLOT_WIDTH_PX, PLOT_HEIGHT_PX);
    else if (dot && strcasecmp(dot, ".pdf") == 0)
        text_add(t, "set terminal pdfcairo size %gin,%gin noenhanced font 'Sans,8'\n",
                 PLOT_WIDTH_PX / 100.0, PLOT_HEIGHT_PX / 100.0);
    else
        return diag_set(d, ST_USAGE, "", 0, "cannot tell the plot format of %s: use .png, "
                        ".svg or .pdf", req->output);
    return ST_OK;
}

/* The plot command of one panel: index offset 0 (top) or 1 (bottom) of every run. */
static void plot_command(struct plot *p, int offset, bool dumb)
{
    struct text *t = &p->script;
    text_add(t, "plot ");
    for (int i = 0; i < p->n_runs; i++) {
        const struct plot_run *r = &p->runs[i];
        if (i)
            text_add(t, ", \\\n     ");
        text_quoted(t, p->data_path);
        text_add(t, " index %d using 1:2 with lines", 2 * i + offset);
        if (!dumb)
            text_add(t, " lw 2 lc rgb '%s'", line_colours[i % N_LINE_COLOURS]);
        if (offset == 0) {
            char title[192];
            snprintf(title, sizeof title, "run %lld: %s", (long long)r->row.id,
                     r->row.scenario_name);
            text_add(t, " title ");
            text_quoted(t, title);
        } else {
            text_add(t, " notitle");
        }
    }
    text_add(t, "\n");
}

static void time_arg(struct text *t, double epoch_s)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", epoch_s);
    text_quoted(t, buf);
}

/* Builds the whole gnuplot script. */
static enum status build_script(struct plot *p, struct diag *d)
{
    const struct plot_request *req = p->req;
    struct text *t = &p->script;
    bool dumb;
    enum status st = terminal_line(req, t, &dumb, d);
    if (st)
        return st;
    if (req->output) {
        text_add(t, "set output ");
        text_quoted(t, req->output);
        text_add(t, "\n");
    }
    text_add(t, "set datafile missing '?'\n"
                "set xdata time\n"
                "set timefmt '%%s'\n"
                "set xrange [");
    time_arg(t, p->x_min);
    text_add(t, ":");
    time_arg(t, p->x_max);
    text_add(t, "]\n");
    if (!dumb)
        text_add(t, "set grid xtics ytics front lt 1 lc rgb '#a8a8a8' lw 1 dt 3\n");
    text_add(t, "set lmargin at screen 0.10\nset rmargin at screen 0.97\n");

    char title[256];
    if (req->title) {
        snprintf(title, sizeof title, "%s", req->title);
    } else if (p->n_runs == 1) {
        const struct run_row *r = &p->runs[0].row;
        snprintf(title, sizeof title, "%s (run %lld, seed %llu, %s)", r->scenario_name,
                 (long long)r->id, (unsigned long long)r->seed, r->mode);
    } else {
        int len = snprintf(title, sizeof title, "runs");
        for (int i = 0; i < p->n_runs && len < (int)sizeof title; i++)
            len += snprintf(title + len, sizeof title - (size_t)len, "%s %lld", i ? "," : "",
                            (long long)p->runs[i].row.id);
    }
    text_add(t, "set multiplot title ");
    text_quoted(t, title);
    text_add(t, "\n");

    /* Top panel: counts, phases shaded, no time labels (the bottom panel has them). */
    text_add(t, "set tmargin at screen %s\nset bmargin at screen 0.42\nset format x ''\n",
             dumb ? "0.93" : "0.92");
    text_add(t, "set ylabel ");
    text_quoted(t, req->top_label ? req->top_label : req->top_column);
    text_add(t, "\n");
    double top = p->top_max > 0 ? p->top_max * PLOT_TOP_HEADROOM : 1;
    text_add(t, "set yrange [%.15g:%.15g]\n", p->top_min, top);
    text_add(t, "set key at graph 0.01, graph 0.86 left top %s\n",
             dumb ? "" : "opaque box lc rgb '#bbbbbb'");
    double span = p->x_max - p->x_min;
    for (int i = 0; i < p->phases.n; i++) {
        const struct phase *x = &p->phases.p[i];
        if (!(x->to_s > x->from_s))
            continue;
        if (!dumb) {
            text_add(t, "set object %d rect from ", i + 1);
            time_arg(t, x->from_s);
            text_add(t, ", graph 0 to ");
            time_arg(t, x->to_s);
            text_add(t, ", graph 1 behind fc rgb '%s' fs solid 1.0 noborder\n",
                     shade_colours[x->shade]);
        } else if (x->from_s > p->x_min) {
            text_add(t, "set arrow %d from ", i + 1);
            time_arg(t, x->from_s);
            text_add(t, ", graph 0 to ");
            time_arg(t, x->from_s);
            text_add(t, ", graph 0.97 nohead\n");
        }
        /* Names of narrow phases stand on end so they stay inside their shading; text plots
         * cannot turn text, so there a name that does not fit is left out. */
        double width = (x->to_s - x->from_s) / span;
        if (dumb && width * PLOT_DUMB_COLS * 0.87 < (double)strlen(x->name) + 1)
            continue;
        bool narrow = !dumb && width < 0.06;
        text_add(t, "set label %d ", i + 1);
        text_quoted(t, x->name);
        text_add(t, " at ");
        time_arg(t, (x->from_s + x->to_s) / 2);
        text_add(t, narrow ? ", graph 0.99 right rotate by 90 front" : ", graph 0.955 center front");
        if (!dumb)
            text_add(t, " tc rgb '#555555'");
        text_add(t, "\n");
    }
    plot_command(p, 0, dumb);

    /* Bottom panel: rate per minute, with the time labels. */
    text_add(t, "unset object\nunset label\nunset arrow\nunset key\n"
                "set tmargin at screen 0.38\nset bmargin at screen 0.12\n"
                "set format x \"%%d/%%m\\n%%H:%%M\" timedate\n"
                "set xlabel 'UTC'\nset yrange [*:*]\nset ylabel ");
    if (req->bottom_label) {
        text_quoted(t, req->bottom_label);
    } else {
        char label[160];
        if (req->bottom_per)
            snprintf(label, sizeof label, "%s, %% of %s", req->bottom_column, req->bottom_per);
        else
            snprintf(label, sizeof label, "%s per minute", req->bottom_column);
        text_quoted(t, label);
    }
    text_add(t, "\n");
    plot_command(p, 1, dumb);
    text_add(t, "unset multiplot\nset output\n");
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
static enum status run_gnuplot(struct plot *p, struct diag *d)
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
        close(fds[0]);
        close(fds[1]);
        close(err_fd);
        char *argv[] = {"gnuplot", NULL};
        execv(p->gnuplot, argv);
        dprintf(STDERR_FILENO, "cannot run %s: %s\n", p->gnuplot, strerror(errno));
        _exit(127);
    }
    close(fds[0]);

    sigset_t pipe_set, old_mask, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    write_all(fds[1], p->script.p, p->script.len); /* a failure shows in the exit status */
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
    }
    close(err_fd);
    return st;
}

enum status plot_runs(struct store *s, const struct plot_request *req, struct diag *d)
{
    struct plot p = {.req = req};
    enum status st = ST_OK;
    if (!find_gnuplot(&p.gnuplot))
        return diag_set(d, ST_EXTERNAL, "", 0,
                        "gnuplot not found: install gnuplot-nox (scripts/install-deps does)");
    if (req->n_runs < 1 || req->n_runs > PLOT_MAX_RUNS) {
        st = diag_set(d, ST_USAGE, "", 0, "plot between 1 and %d runs, not %d", PLOT_MAX_RUNS,
                      req->n_runs);
        goto done;
    }
    if (!req->top_column || !req->bottom_column) {
        st = diag_set(d, ST_USAGE, "", 0, "plot: no series named for the %s panel",
                      req->top_column ? "bottom" : "top");
        goto done;
    }
    if ((st = load(s, &p, d)) || (st = write_data(&p, d)) || (st = build_script(&p, d)))
        goto done;
    if (req->output && (st = paths_make_parents(req->output, d)))
        goto done;
    if ((st = run_gnuplot(&p, d)))
        goto done;
    struct stat sb;
    if (req->output && (stat(req->output, &sb) != 0 || sb.st_size == 0))
        st = diag_set(d, ST_EXTERNAL, "", 0, "gnuplot wrote no plot to %s", req->output);
done:
    plot_free(&p);
    return st;
}
