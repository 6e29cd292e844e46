/* main.c - wormsim's command line: parses options and dispatches to a command.
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or input error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"

static const char USAGE[] =
    "usage: wormsim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run FILE [--db PATH] [--seed N] [--set section.key=value]... [--plot FILE.png] [--quiet]\n"
    "                     run a scenario, store it, print its run id and a summary\n"
    "  check FILE [--set section.key=value]...\n"
    "                     validate a scenario without running it\n"
    "  keys               list every scenario key with its type, default and bounds\n"
    "  runs [--db PATH]   list stored runs\n"
    "  show RUN [--db PATH]\n"
    "                     a run's settings, status and resolved scenario\n"
    "  export RUN [--db PATH] [--format csv]\n"
    "                     a run's time series as CSV on stdout\n"
    "  events RUN [--db PATH] [--format csv]\n"
    "                     a run's events as CSV on stdout\n"
    "  plot RUN... [--db PATH] [-o FILE.png|FILE.svg] [--terminal dumb]\n"
    "       [--top COLUMN] [--bottom COLUMN[+COLUMN...]] [--per COLUMN] [--local-share]\n"
    "                     plot runs with gnuplot (infected hosts, new infections per minute);\n"
    "                     --per shows the bottom columns as a % of another; --local-share is\n"
    "                     --bottom new_infections_same16+new_infections_same8 --per new_infections\n"
    "  plot RUN... --router NAME [--db PATH] [-o FILE.png|FILE.svg] [--terminal dumb]\n"
    "                     a router's free memory (MiB), a red line at each of its crashes and a\n"
    "                     dashed, labelled one at each countermeasure, over its route-cache (and\n"
    "                     ARP) entries; several runs overlay their lines, markers are the first\n"
    "                     run's; not with --top, --bottom, --per or --local-share\n"
    "\n"
    "options: --help, --version. The default database is " CLI_DEFAULT_DB ".\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("wormsim: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see wormsim --help)\n", stderr);
    return 2;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    if (!*s || *s == '-')
        return false;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end)
        return false;
    *v = x;
    return true;
}

int main(int argc, char **argv)
{
    rng_install_error_handler();
    if (argc < 2)
        return fputs(USAGE, stderr), 2;
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
        return fputs(USAGE, stdout), 0;
    if (!strcmp(argv[1], "--version"))
        return printf("wormsim %s\n", WORMSIM_VERSION), 0;

    struct cli_options o = {.command = argv[1], .db = CLI_DEFAULT_DB};
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},      {"seed", required_argument, 0, 's'},
        {"set", required_argument, 0, 'S'},     {"plot", required_argument, 0, 'p'},
        {"output", required_argument, 0, 'o'},  {"terminal", required_argument, 0, 't'},
        {"format", required_argument, 0, 'f'},  {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},          {"top", required_argument, 0, 'T'},
        {"bottom", required_argument, 0, 'B'},  {"per", required_argument, 0, 'P'},
        {"local-share", no_argument, 0, 'L'},   {"router", required_argument, 0, 'R'},
        {0, 0, 0, 0}};
    optind = 2;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.db = optarg; break;
        case 's':
            if (!parse_u64(optarg, &o.seed))
                return usage_error("--seed needs a non-negative integer, got \"%s\"", optarg);
            o.have_seed = true;
            break;
        case 'S':
            if (o.n_sets == CLI_MAX_SETS)
                return usage_error("too many --set options%s", "");
            o.sets[o.n_sets++].text = optarg;
            break;
        case 'p': o.plot = optarg; break;
        case 'T': o.top = optarg; break;
        case 'B': o.bottom = optarg; break;
        case 'P': o.per = optarg; break;
        case 'L': o.local_share = true; break;
        case 'R': o.router = optarg; break;
        case 'o': o.output = optarg; break;
        case 't': o.terminal = optarg; break;
        case 'f': o.format = optarg; break;
        case 'q': o.quiet = true; break;
        case 'h': return fputs(USAGE, stdout), 0;
        case ':': return usage_error("option %s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option \"%s\"", argv[optind - 1]);
        }
    }
    const char *cmd = o.command;
    bool wants_file = !strcmp(cmd, "run") || !strcmp(cmd, "check");
    bool wants_runs = !strcmp(cmd, "show") || !strcmp(cmd, "export") ||
                      !strcmp(cmd, "events") || !strcmp(cmd, "plot");
    for (int i = optind; i < argc; i++) {
        if (wants_file && !o.file) {
            o.file = argv[i];
        } else if (wants_runs && o.n_runs < CLI_MAX_RUNS &&
                   (o.n_runs == 0 || !strcmp(cmd, "plot"))) {
            uint64_t id;
            if (!parse_u64(argv[i], &id) || id == 0)
                return usage_error("expected a run id (a positive integer), got \"%s\"", argv[i]);
            o.runs[o.n_runs++] = (int64_t)id;
        } else {
            return usage_error("unexpected argument \"%s\"", argv[i]);
        }
    }
    if (wants_file && !o.file)
        return usage_error("%s needs a scenario file", cmd);
    if (wants_runs && o.n_runs == 0)
        return usage_error("%s needs a run id (see wormsim runs)", cmd);
    if (o.router && (o.top || o.bottom || o.per || o.local_share))
        return usage_error("--router draws its own panels: it cannot be combined with %s",
                           o.top ? "--top" : o.bottom ? "--bottom" : o.per ? "--per"
                                                                            : "--local-share");
    if (o.format && strcmp(o.format, "csv"))
        return usage_error("unknown format \"%s\" (csv is the only one)", o.format);

    if (!strcmp(cmd, "run")) return cmd_run(&o);
    if (!strcmp(cmd, "check")) return cmd_check(&o);
    if (!strcmp(cmd, "keys")) return cmd_check(&o);
    if (!strcmp(cmd, "runs")) return cmd_runs(&o);
    if (!strcmp(cmd, "show")) return cmd_show(&o);
    if (!strcmp(cmd, "export")) return cmd_export(&o);
    if (!strcmp(cmd, "events")) return cmd_events(&o);
    if (!strcmp(cmd, "plot")) return cmd_plot(&o);
    return usage_error("unknown command \"%s\"", cmd);
}
