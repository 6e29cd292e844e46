/* test_plot.c - Check suite for plots: a synthetic logistic outbreak stored in a temporary
 * database is drawn as PNG, SVG and a text plot, alone and overlaid with a second run; gnuplot
 * missing from PATH, or a stand-in gnuplot that fails, must give the exact messages. Router
 * plots: a stand-in gnuplot keeps the script, whose crash and countermeasure arrows are
 * counted against the events stored by hand; unknown routers give the exact message. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot.h"
#include "plot_router.h"
#include "store.h"
#include "suites.h"
#include "tmpdir.h"

static char tmp_dir[64];
static char db_path[128];
static struct store *store;
static int64_t run_fast, run_slow, run_campus, run_campus2;

/* 2001-07-19T10:00:00Z. */
#define JULY19_10H 995536800.0
#define DAY_S 86400.0
#define HOSTS 359000.0 /* logistic ceiling */


/* Infected hosts of a logistic outbreak with growth rate r (per hour), half-way at mid_h. */
static double logistic(double t_s, double r_per_h, double mid_h)
{
    return HOSTS / (1.0 + exp(-r_per_h * (t_s / 3600.0 - mid_h)));
}

/* Stores one day of one-minute samples of a logistic curve and its per-minute increments. */
static int64_t store_logistic(const char *name, double r_per_h, double mid_h, bool phases)
{
    struct diag d = {0};
    struct run_info info = {
        .scenario_name = name, .scenario_path = "test", .scenario_text = "", .seed = 7,
        .mode = "fast", .version = "test", .rng_name = "mt19937",
        .start_epoch_s = JULY19_10H, .end_epoch_s = JULY19_10H + DAY_S, .sample_s = 60.0,
    };
    int64_t run;
    ck_assert_int_eq(store_run_begin(store, &info, &run, &d), ST_OK);
    const char *names[] = {"infected", "new_infections"};
    ck_assert_int_eq(store_columns(store, run, names, 2, &d), ST_OK);
    for (int i = 0; i <= 1440; i++) {
        double t = 60.0 * i;
        double v[2] = {logistic(t, r_per_h, mid_h),
                       i ? logistic(t, r_per_h, mid_h) - logistic(t - 60, r_per_h, mid_h) : 0};
        ck_assert_int_eq(store_sample(store, run, t, v, &d), ST_OK);
    }
    if (phases) {
        /* Spreading until midnight UTC, a flood, and a short quiet period at the end. */
        ck_assert_int_eq(store_event(store, run, 0, "phase", "spread", "", &d), ST_OK);
        ck_assert_int_eq(store_event(store, run, 14 * 3600.0, "phase", "flood", "", &d), ST_OK);
        ck_assert_int_eq(store_event(store, run, 22 * 3600.0, "phase", "dormant", "", &d),
                         ST_OK);
    }
    ck_assert_int_eq(store_run_finish(store, run, "done", 1.0, 3000, &d), ST_OK);
    return run;
}

/* Times (s after the start) of the campus runs' events: cisco-b crashes at the first
 * n_crashes of crash_s, cisco-a once at other_crash_s; countermeasures at counter_s. */
static const double crash_s[] = {4 * 3600.0, 7 * 3600.0, 10.5 * 3600.0};
static const double other_crash_s = 5 * 3600.0;
static const double counter_s[] = {6 * 3600.0, 8 * 3600.0};
#define MIB 1048576.0

/* Stores twelve hours of two routers sampled every minute: cisco-b's free memory falls from
 * 20 MiB by 2 MiB an hour and comes back at each crash, its ARP entries stay 0; cisco-a
 * has ARP entries. Also a link column and an unrelated one, which name no router. */
static int64_t store_campus(const char *name, int n_crashes)
{
    struct diag d = {0};
    struct run_info info = {
        .scenario_name = name, .scenario_path = "test", .scenario_text = "", .seed = 7,
        .mode = "fast", .version = "test", .rng_name = "mt19937",
        .start_epoch_s = JULY19_10H, .end_epoch_s = JULY19_10H + 12 * 3600.0, .sample_s = 60.0,
    };
    int64_t run;
    ck_assert_int_eq(store_run_begin(store, &info, &run, &d), ST_OK);
    const char *names[] = {"infected",
                           "router.cisco-a.free_bytes", "router.cisco-a.cache_entries",
                           "router.cisco-a.arp_entries", "router.cisco-b.free_bytes",
                           "router.cisco-b.cache_entries", "router.cisco-b.arp_entries",
                           "router.cisco-b.crashes", "link.uplink.bytes"};
    ck_assert_int_eq(store_columns(store, run, names, 9, &d), ST_OK);
    double since = 0;
    int next = 0;
    for (int i = 0; i <= 720; i++) {
        double t = 60.0 * i;
        if (next < n_crashes && t >= crash_s[next])
            since = crash_s[next++];
        double hours = (t - since) / 3600.0;
        double v[9] = {i, 30 * MIB, 100, 40, (20 - 2 * hours) * MIB, 1000 * hours, 0, 0, 1e6};
        ck_assert_int_eq(store_sample(store, run, t, v, &d), ST_OK);
    }
    for (int k = 0; k < n_crashes; k++)
        ck_assert_int_eq(store_event(store, run, crash_s[k], "router_crash", "cisco-b",
                                     "mallocfail: free 1.2 MiB < 1.5 MiB", &d), ST_OK);
    ck_assert_int_eq(store_event(store, run, other_crash_s, "router_crash", "cisco-a",
                                 "mallocfail", &d), ST_OK);
    ck_assert_int_eq(store_event(store, run, crash_s[0] + 600, "router_up", "cisco-b", "", &d),
                     ST_OK);
    ck_assert_int_eq(store_event(store, run, counter_s[0], "countermeasure", "dept",
                                 "cut subnet dept from dept-router", &d), ST_OK);
    ck_assert_int_eq(store_event(store, run, counter_s[1], "countermeasure", "cisco-b",
                                 "ip route-cache disabled on every interface of cisco-b", &d),
                     ST_OK);
    ck_assert_int_eq(store_run_finish(store, run, "done", 1.0, 100, &d), ST_OK);
    return run;
}

static void setup(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/wormsim-plot-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
    snprintf(db_path, sizeof db_path, "%s/runs.db", tmp_dir);
    struct diag d = {0};
    ck_assert_int_eq(store_open(db_path, &store, &d), ST_OK);
    run_fast = store_logistic("july19-crv2", 0.9, 8.0, true);
    run_slow = store_logistic("july19-slow", 0.6, 12.0, false);
    run_campus = store_campus("aug6-campus", 3);
    run_campus2 = store_campus("aug6-campus-cut", 1);
}

static void teardown(void)
{
    store_close(store);
    store = NULL;
    tmpdir_remove_tree(tmp_dir);
}

static struct plot_request request(const int64_t *runs, int n, const char *output,
                                   const char *terminal)
{
    struct plot_request req = {
        .runs = runs, .n_runs = n, .output = output, .terminal = terminal,
        .top_column = "infected", .top_label = "infected hosts",
        .bottom_column = "new_infections", .bottom_label = "new infections per minute",
    };
    return req;
}

/* Reads a whole small file into a string (caller frees). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void plot_ok(const struct plot_request *req)
{
    struct diag d = {0};
    enum status st = plot_runs(store, req, &d);
    ck_assert_msg(st == ST_OK, "plot_runs: %s", d.msg);
}

START_TEST(test_png)
{
    char out[256];
    snprintf(out, sizeof out, "%s/plots/day.png", tmp_dir); /* plots/ does not exist yet */
    int64_t runs[] = {run_fast};
    struct plot_request req = request(runs, 1, out, NULL);
    plot_ok(&req);
    size_t len;
    char *png = slurp(out, &len);
    ck_assert_uint_gt(len, 1000);
    ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
    free(png);

    snprintf(out, sizeof out, "%s/day.PDF", tmp_dir); /* extensions in any case */
    req = request(runs, 1, out, NULL);
    plot_ok(&req);
    char *pdf = slurp(out, NULL);
    ck_assert_int_eq(memcmp(pdf, "%PDF", 4), 0);
    free(pdf);
}
END_TEST

START_TEST(test_svg)
{
    char out[256];
    snprintf(out, sizeof out, "%s/day.svg", tmp_dir);
    int64_t runs[] = {run_fast};
    struct plot_request req = request(runs, 1, out, NULL);
    req.title = "a title with 'quotes' and under_scores";
    plot_ok(&req);
    char *svg = slurp(out, NULL);
    ck_assert(strncmp(svg, "<?xml", 5) == 0 || strstr(svg, "<svg"));
    ck_assert_ptr_nonnull(strstr(svg, "run 1: july19-crv2"));
    ck_assert_ptr_nonnull(strstr(svg, "flood"));
    free(svg);
}
END_TEST

/* Runs a dumb-terminal plot with stdout sent to a file; returns what was written. */
static char *plot_dumb(const int64_t *runs, int n)
{
    char out[256];
    snprintf(out, sizeof out, "%s/stdout.txt", tmp_dir);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    struct plot_request req = request(runs, n, NULL, "dumb");
    struct diag d = {0};
    enum status st = plot_runs(store, &req, &d);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    ck_assert_msg(st == ST_OK, "plot_runs: %s", d.msg);
    return slurp(out, NULL);
}

START_TEST(test_dumb)
{
    int64_t runs[] = {run_fast};
    char *text = plot_dumb(runs, 1);
    ck_assert_ptr_nonnull(strstr(text, "run 1: july19-crv2"));
    ck_assert_ptr_nonnull(strstr(text, "spread"));
    ck_assert_ptr_nonnull(strstr(text, "20/07")); /* a UTC date on the time axis */
    free(text);
}
END_TEST

START_TEST(test_two_runs)
{
    int64_t runs[] = {run_fast, run_slow};
    char *text = plot_dumb(runs, 2);
    ck_assert_ptr_nonnull(strstr(text, "run 1: july19-crv2"));
    ck_assert_ptr_nonnull(strstr(text, "run 2: july19-slow"));
    free(text);
    char out[256];
    snprintf(out, sizeof out, "%s/two.png", tmp_dir);
    struct plot_request req = request(runs, 2, out, NULL);
    plot_ok(&req);
    size_t len;
    char *png = slurp(out, &len);
    ck_assert_int_eq(memcmp(png, "\x89PNG", 4), 0);
    free(png);
}
END_TEST

/* Sets PATH to dir for one call of plot_runs, then restores it. */
static enum status plot_with_path(const char *dir, struct diag *d)
{
    char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", dir, 1);
    char out[256];
    snprintf(out, sizeof out, "%s/x.png", tmp_dir);
    int64_t runs[] = {run_fast};
    struct plot_request req = request(runs, 1, out, NULL);
    enum status st = plot_runs(store, &req, d);
    setenv("PATH", saved, 1);
    free(saved);
    return st;
}

START_TEST(test_gnuplot_missing)
{
    char empty[256];
    snprintf(empty, sizeof empty, "%s/empty-bin", tmp_dir);
    ck_assert_int_eq(mkdir(empty, 0755), 0);
    struct diag d = {0};
    ck_assert_int_eq(plot_with_path(empty, &d), ST_EXTERNAL);
    ck_assert_str_eq(d.msg, "gnuplot not found: install gnuplot-nox (scripts/install-deps does)");
}
END_TEST

/* Writes an executable stand-in gnuplot into dir/bin running the shell commands body. */
static void fake_gnuplot(const char *body, char *bin, size_t len)
{
    snprintf(bin, len, "%s/bin", tmp_dir);
    mkdir(bin, 0755);
    char path[300];
    snprintf(path, sizeof path, "%s/gnuplot", bin);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0755), 0);
}

START_TEST(test_gnuplot_fails)
{
    char bin[256];
    struct diag d = {0};
    /* Exits at once without reading its input: the write to it must not kill us. */
    fake_gnuplot("exec 0<&-\nexit 3", bin, sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_EXTERNAL);
    ck_assert_str_eq(d.msg, "gnuplot exited with status 3");
    fake_gnuplot("/bin/cat >/dev/null\necho 'gnuplot> plot x' >&2\necho '         line 7: oops' >&2\n"
                 "exit 1", bin, sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_EXTERNAL);
    ck_assert_str_eq(d.msg, "gnuplot exited with status 1: line 7: oops");
    /* Succeeds but writes nothing. */
    fake_gnuplot("/bin/cat >/dev/null", bin, sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_IO);
    char expect[400];
    snprintf(expect, sizeof expect, "cannot write %s/x.png: nothing was written (empty file)",
             tmp_dir);
    ck_assert_str_eq(d.msg, expect);
}
END_TEST

/* The output file a stand-in gnuplot is told to write: the first script line names it. */
#define FAKE_OUTPUT "read line; out=${line#wormsim_output = \\'}; out=${out%\\'}; "

/* gnuplot exits 0 after a short write (a full disk) or after printing an error: the plot is
 * refused, the old file stays as it was and no temporary file is left. */
START_TEST(test_gnuplot_incomplete)
{
    char bin[256], path[300], expect[400];
    struct diag d = {0};
    snprintf(path, sizeof path, "%s/x.png", tmp_dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("old", f);
    fclose(f);
    fake_gnuplot(FAKE_OUTPUT "printf '\\211PNG\\r\\n' >\"$out\"; /bin/cat >/dev/null", bin,
                 sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_IO);
    snprintf(expect, sizeof expect,
             "cannot write %s: file is incomplete (no end marker: disk full?)", path);
    ck_assert_str_eq(d.msg, expect);
    fake_gnuplot(FAKE_OUTPUT "printf 'IEND\\256B`\\202\\n' >\"$out\"; /bin/cat >/dev/null; "
                 "echo 'line 9: error: cannot write' >&2", bin, sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_EXTERNAL);
    ck_assert_str_eq(d.msg, "gnuplot reported an error: line 9: error: cannot write");
    char buf[8] = {0};
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fread(buf, 1, sizeof buf - 1, f), 3);
    fclose(f);
    ck_assert_str_eq(buf, "old");
    /* A complete file (it ends with the PNG end marker) replaces the old one. */
    fake_gnuplot(FAKE_OUTPUT "printf 'IEND\\256B`\\202\\n' >\"$out\"; /bin/cat >/dev/null", bin,
                 sizeof bin);
    ck_assert_int_eq(plot_with_path(bin, &d), ST_OK);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_eq(sb.st_size, 9);
}
END_TEST

START_TEST(test_not_found)
{
    struct diag d = {0};
    int64_t runs[] = {run_fast, 99};
    struct plot_request req = request(runs, 2, NULL, "dumb");
    ck_assert_int_eq(plot_runs(store, &req, &d), ST_NOT_FOUND);
    char expect[256];
    snprintf(expect, sizeof expect, "no run 99 in %s", db_path);
    ck_assert_str_eq(d.msg, expect);

    req = request(runs, 1, NULL, "dumb");
    req.top_column = "nope";
    ck_assert_int_eq(plot_runs(store, &req, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, "run 1 has no series \"nope\"");
}
END_TEST

START_TEST(test_bad_request)
{
    struct diag d = {0};
    int64_t runs[] = {run_fast};
    struct plot_request req = request(runs, 1, "out.gif", NULL);
    ck_assert_int_eq(plot_runs(store, &req, &d), ST_USAGE);
    ck_assert_str_eq(d.msg, "cannot tell the plot format of out.gif: use .png, .svg or .pdf");
    req = request(runs, 1, NULL, "x11");
    ck_assert_int_eq(plot_runs(store, &req, &d), ST_USAGE);
    ck_assert_str_eq(d.msg, "unknown plot terminal \"x11\" (dumb, or none to choose by the "
                            "output's extension)");
    req = request(runs, 0, NULL, "dumb");
    ck_assert_int_eq(plot_runs(store, &req, &d), ST_USAGE);
}
END_TEST

static struct plot_router_request router_request(const int64_t *runs, int n, const char *router,
                                                 const char *output, const char *terminal)
{
    /* The column and event names a model would give (literal here, not the model's table). */
    static char cols[3][128];
    snprintf(cols[0], sizeof cols[0], "router.%s.free_bytes", router);
    snprintf(cols[1], sizeof cols[1], "router.%s.cache_entries", router);
    snprintf(cols[2], sizeof cols[2], "router.%s.arp_entries", router);
    struct plot_router_request req = {
        .runs = runs, .n_runs = n, .router = router, .output = output, .terminal = terminal,
        .prefix = "router.", .free_column = cols[0], .free_label = "free memory (MiB)",
        .cache_column = cols[1], .cache_label = "route cache", .arp_column = cols[2],
        .arp_label = "ARP", .fail_event = "router_crash", .fail_label = "crash",
        .action_event = "countermeasure", .action_label = "countermeasure"};
    return req;
}

/* The script a router plot gives to gnuplot, kept by a stand-in gnuplot (caller frees). */
static char *router_script(const int64_t *runs, int n, const char *router)
{
    char bin[256], body[512], script[300];
    snprintf(script, sizeof script, "%s/script.gp", tmp_dir);
    snprintf(body, sizeof body, "/bin/cat > '%s'", script);
    fake_gnuplot(body, bin, sizeof bin);
    char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", bin, 1);
    struct plot_router_request req = router_request(runs, n, router, NULL, "dumb");
    struct diag d = {0};
    enum status st = plot_router(store, &req, &d);
    setenv("PATH", saved, 1);
    free(saved);
    ck_assert_msg(st == ST_OK, "plot_router: %s", d.msg);
    return slurp(script, NULL);
}

static int count(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The arrow line the plot must hold for an event at t seconds after the start: a crash is a
 * short tick down from the top edge (to 0.95 in a text plot), a countermeasure a full line. */
static void arrow_line(double t, int style, char *buf, size_t len)
{
    if (style == 1)
        snprintf(buf, len, "set arrow from '%.0f', graph 1 to '%.0f', graph 0.95 as 1\n",
                 JULY19_10H + t, JULY19_10H + t);
    else
        snprintf(buf, len, "set arrow from '%.0f', graph 0 to '%.0f', graph 1 as %d\n",
                 JULY19_10H + t, JULY19_10H + t, style);
}

START_TEST(test_router_markers)
{
    int64_t runs[] = {run_campus};
    char *gp = router_script(runs, 1, "cisco-b");
    /* Three crashes of cisco-b, not cisco-a's, not the router_up; both countermeasures, in
     * both panels. */
    ck_assert_int_eq(count(gp, " as 1\n"), 3);
    ck_assert_int_eq(count(gp, " as 2\n"), 4);
    char line[160];
    for (int k = 0; k < 3; k++) {
        arrow_line(crash_s[k], 1, line, sizeof line);
        ck_assert_msg(strstr(gp, line), "no crash marker: %s", line);
    }
    arrow_line(other_crash_s, 1, line, sizeof line);
    ck_assert_ptr_null(strstr(gp, line));
    for (int k = 0; k < 2; k++) {
        arrow_line(counter_s[k], 2, line, sizeof line);
        ck_assert_msg(strstr(gp, line), "no countermeasure marker: %s", line);
    }
    ck_assert_ptr_nonnull(strstr(gp, "title 'crash (3)'"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'countermeasure (2)'"));
    ck_assert_ptr_nonnull(strstr(gp, "set label 1 'cut subnet dept from dept-router' at"));
    /* 54 characters cut to 33 and "...", without the space before it. */
    ck_assert_ptr_nonnull(strstr(gp, "set label 2 'ip route-cache disabled on every...' at"));
    ck_assert_ptr_nonnull(strstr(gp, "set multiplot title 'run 3: aug6-campus, router cisco-b'"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'route cache entries'"));
    ck_assert_ptr_null(strstr(gp, "ARP")); /* cisco-b's ARP entries are all 0 */
    free(gp);

    gp = router_script(runs, 1, "cisco-a");
    ck_assert_int_eq(count(gp, " as 1\n"), 1);
    arrow_line(other_crash_s, 1, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(gp, line));
    ck_assert_ptr_nonnull(strstr(gp, "title 'crash (1)'"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'ARP entries'"));
    free(gp);
}
END_TEST

START_TEST(test_router_two_runs)
{
    /* Markers are the first run's: 1 crash when the cut run comes first, 3 otherwise. */
    int64_t runs[] = {run_campus2, run_campus};
    char *gp = router_script(runs, 2, "cisco-b");
    ck_assert_int_eq(count(gp, " as 1\n"), 1);
    ck_assert_ptr_nonnull(strstr(gp, "title 'run 4: aug6-campus-cut'"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'run 3: aug6-campus'"));
    ck_assert_ptr_nonnull(strstr(gp, "set multiplot title 'runs 4, 3: router cisco-b'"));
    free(gp);
    int64_t swapped[] = {run_campus, run_campus2};
    gp = router_script(swapped, 2, "cisco-b");
    ck_assert_int_eq(count(gp, " as 1\n"), 3);
    free(gp);
}
END_TEST

/* Real gnuplot: the script must draw as text and as PNG. */
START_TEST(test_router_gnuplot)
{
    char out[256];
    snprintf(out, sizeof out, "%s/stdout.txt", tmp_dir);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    int64_t runs[] = {run_campus, run_campus2};
    struct plot_router_request req = router_request(runs, 2, "cisco-b", NULL, "dumb");
    struct diag d = {0};
    enum status st = plot_router(store, &req, &d);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    ck_assert_msg(st == ST_OK, "plot_router: %s", d.msg);
    char *text = slurp(out, NULL);
    ck_assert_ptr_nonnull(strstr(text, "crash (3)"));
    ck_assert_ptr_nonnull(strstr(text, "route cache, run"));
    ck_assert_ptr_nonnull(strstr(text, "countermeasure (2)"));
    free(text);

    snprintf(out, sizeof out, "%s/router/cisco-b.png", tmp_dir);
    req = router_request(runs, 1, "cisco-b", out, NULL);
    st = plot_router(store, &req, &d);
    ck_assert_msg(st == ST_OK, "plot_router: %s", d.msg);
    size_t len;
    char *png = slurp(out, &len);
    ck_assert_uint_gt(len, 1000);
    ck_assert_int_eq(memcmp(png, "\x89PNG", 4), 0);
    free(png);
}
END_TEST

START_TEST(test_router_unknown)
{
    struct diag d = {0};
    int64_t runs[] = {run_campus, run_fast};
    struct plot_router_request req = router_request(runs, 1, "cisco-x", NULL, "dumb");
    ck_assert_int_eq(plot_router(store, &req, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, "run 3 has no router \"cisco-x\" (routers: cisco-a, cisco-b)");
    req = router_request(runs, 2, "cisco-b", NULL, "dumb"); /* run 1 has no routers */
    ck_assert_int_eq(plot_router(store, &req, &d), ST_NOT_FOUND);
    ck_assert_str_eq(d.msg, "run 1 has no router \"cisco-b\" (no routers)");
    req = router_request(runs, 1, "cisco", NULL, "dumb"); /* a prefix is not a name */
    ck_assert_int_eq(plot_router(store, &req, &d), ST_NOT_FOUND);
    int64_t missing[] = {99};
    req = router_request(missing, 1, "cisco-b", NULL, "dumb");
    ck_assert_int_eq(plot_router(store, &req, &d), ST_NOT_FOUND);
    char expect[256];
    snprintf(expect, sizeof expect, "no run 99 in %s", db_path);
    ck_assert_str_eq(d.msg, expect);
    req = router_request(runs, 1, "", NULL, "dumb");
    ck_assert_int_eq(plot_router(store, &req, &d), ST_USAGE);
    ck_assert_str_eq(d.msg, "plot: no router named");

    char names[64];
    ck_assert_int_eq(plot_router_names(store, run_campus, "router.", names, sizeof names, &d), ST_OK);
    ck_assert_str_eq(names, "cisco-a, cisco-b");
    ck_assert_int_eq(plot_router_names(store, run_fast, "router.", names, sizeof names, &d), ST_OK);
    ck_assert_str_eq(names, "");
    ck_assert_int_eq(plot_router_names(store, 99, "router.", names, sizeof names, &d), ST_NOT_FOUND);
}
END_TEST

Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("plot");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_png);
    tcase_add_test(tc, test_svg);
    tcase_add_test(tc, test_dumb);
    tcase_add_test(tc, test_two_runs);
    tcase_add_test(tc, test_gnuplot_missing);
    tcase_add_test(tc, test_gnuplot_fails);
    tcase_add_test(tc, test_gnuplot_incomplete);
    tcase_add_test(tc, test_not_found);
    tcase_add_test(tc, test_bad_request);
    tcase_add_test(tc, test_router_markers);
    tcase_add_test(tc, test_router_two_runs);
    tcase_add_test(tc, test_router_gnuplot);
    tcase_add_test(tc, test_router_unknown);
    suite_add_tcase(s, tc);
    return s;
}
