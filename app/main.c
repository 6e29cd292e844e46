/* main.c - wormsim's command line: parses options and dispatches to a command.
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or input error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rng.h"

/* What a command takes after its options. */
enum command_args {
    ARGS_NONE, /* nothing: keys, runs */
    ARGS_FILE, /* one scenario file: run, check */
    ARGS_RUN,  /* one run id: show, export, events */
    ARGS_RUNS  /* one or more run ids (up to CLI_MAX_RUNS): plot */
};

/* One command: its name, the function that runs it, what it takes, and its lines of the usage
 * text (synopsis, then what it does), printed in table order by --help. */
struct command {
    const char *name;
    int (*handler)(const struct cli_options *o);
    enum command_args args;
    const char *usage;
};

static const struct command COMMANDS[] = {
    {"run", cmd_run, ARGS_FILE,
     "  run FILE [--db PATH] [--seed N] [--set section.key=value]... [--plot FILE.png] [--quiet]\n"
     "                     run a scenario, store it, print its run id and a summary\n"},
    {"check", cmd_check, ARGS_FILE,
     "  check FILE [--set section.key=value]...\n"
     "                     validate a scenario without running it\n"},
    {"keys", cmd_check, ARGS_NONE,
     "  keys               list every scenario key with its type, default and bounds\n"},
    {"runs", cmd_runs, ARGS_NONE,
     "  runs [--db PATH] [--repair]\n"
     "                     list stored runs, their size and status; a run whose process is gone\n"
     "                     shows as killed (same host) or stale (no heartbeat for 10 min);\n"
     "                     --repair marks those killed in the database\n"},
    {"show", cmd_show, ARGS_RUN,
     "  show RUN [--db PATH] [--scenario]\n"
     "                     a run's settings, status and resolved scenario; with --scenario only\n"
     "                     the scenario, as a file that `run` takes to repeat the run\n"},
    {"export", cmd_export, ARGS_RUN,
     "  export RUN [--db PATH] [--format csv] [-o FILE]\n"
     "                     a run's time series as CSV on stdout (or whole into FILE)\n"},
    {"events", cmd_events, ARGS_RUN,
     "  events RUN [--db PATH] [--format csv] [-o FILE]\n"
     "                     a run's events as CSV on stdout (or whole into FILE)\n"},
    {"plot", cmd_plot, ARGS_RUNS,
     "  plot RUN... [--db PATH] [-o FILE.png|FILE.svg] [--terminal dumb]\n"
     "       [--top COLUMN] [--bottom COLUMN[+COLUMN...]] [--per COLUMN] [--local-share]\n"
     "       [--log] [--from TIME] [--to TIME] [--align release] [--keep-script DIR]\n"
     "                     plot runs with gnuplot (the model's default columns); counts are\n"
     "                     drawn per minute, levels as they are, with their unit; --per shows\n"
     "                     the bottom columns as a % of another; --local-share the share of\n"
     "                     infections near the infecting host; --log a logarithmic y axis;\n"
     "                     --from/--to zoom (2001-07-19T10:00Z; hours with --align); --align\n"
     "                     release: x in hours since each run's first infection; --keep-script\n"
     "                     writes the gnuplot script and data to DIR, to edit and rerun;\n"
     "       [--theory] [--observed FILE.csv]\n"
     "                     --theory adds the random constant spread and two-factor models with the\n"
     "                     first run's parameters and the logistic fitted to its top column\n"
     "                     (dashed); --observed adds a series from a CSV file (header\n"
     "                     time_utc,LABEL, then lines like 2001-07-19T14:00Z,1234) as points\n"
     "  plot RUN... --router NAME [--db PATH] [-o FILE.png|FILE.svg] [--terminal dumb]\n"
     "       [--from TIME] [--to TIME] [--keep-script DIR]\n"
     "                     a router's free memory (MiB), a short red tick on the top edge at each\n"
     "                     of its crashes (counted in the key) and a dashed, labelled line at each\n"
     "                     countermeasure, over its route-cache (and ARP) entries; several runs\n"
     "                     overlay their lines, markers are the first run's; not with --top,\n"
     "                     --bottom, --per, --local-share, --log or --align\n"},
    {"fit", cmd_fit, ARGS_RUN,
     "  fit RUN [--db PATH] [--column COL]\n"
     "                     the logistic A / (1 + exp(-K (t - T))) fitted to a column (default: the\n"
     "                     infected hosts), K and T with standard errors, beside K = r N / 2^32\n"
     "                     from the run's own parameters (random constant spread)\n"},
    {"report", cmd_report, ARGS_RUNS,
     "  report RUN... -o FILE.html [--db PATH] [--quiet]\n"
     "                     one self-contained web page a student can open offline: the story,\n"
     "                     key figures, plots, events, things to try and every parameter with\n"
     "                     its source; several runs give a comparison page\n"},
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_usage(FILE *out)
{
    fputs("usage: wormsim COMMAND [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fputs(COMMANDS[i].usage, out);
    fputs("\noptions: --help, --version. The default database is " CLI_DEFAULT_DB ".\n", out);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(COMMANDS[i].name, name))
            return &COMMANDS[i];
    return NULL;
}

/* Prints the usage error; arg (what the user gave) is shortened (params_shorten). */
static int usage_error(const char *fmt, const char *arg)
{
    char q[PARAM_QUOTE_BYTES];
    fputs("wormsim: ", stderr);
    fprintf(stderr, fmt, params_shorten(arg, q, sizeof q));
    fputs("\n(see wormsim --help)\n", stderr);
    return 2;
}

/* The largest seed: 2^53 - 1, the bound of the run.seed key, so that the stored scenario
 * holds the seed exactly and `wormsim check` accepts it. */
#define CLI_MAX_SEED 9007199254740991ULL

/* Parses s as digits only (no sign, space, "0x" or exponent) into *v, refusing values above
 * max. */
static bool parse_u64(const char *s, uint64_t max, uint64_t *v)
{
    if (!*s)
        return false;
    uint64_t x = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned digit = (unsigned)(*p - '0');
        if (x > (max - digit) / 10)
            return false;
        x = 10 * x + digit;
    }
    *v = x;
    return true;
}

/* Reads the options after the command into o. Returns -1 when they are fine, otherwise the
 * exit code (0 after --help, 2 after a usage error, reported). */
static int parse_options(int argc, char **argv, struct cli_options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},      {"seed", required_argument, 0, 's'},
        {"set", required_argument, 0, 'S'},     {"plot", required_argument, 0, 'p'},
        {"output", required_argument, 0, 'o'},  {"terminal", required_argument, 0, 't'},
        {"format", required_argument, 0, 'f'},  {"quiet", no_argument, 0, 'q'},
        {"repair", no_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'},          {"top", required_argument, 0, 'T'},
        {"bottom", required_argument, 0, 'B'},  {"per", required_argument, 0, 'P'},
        {"local-share", no_argument, 0, 'L'},   {"router", required_argument, 0, 'R'},
        {"log", no_argument, 0, 'g'},           {"from", required_argument, 0, 'F'},
        {"to", required_argument, 0, 'U'},      {"align", required_argument, 0, 'A'},
        {"keep-script", required_argument, 0, 'K'}, {"scenario", no_argument, 0, 'n'},
        {"column", required_argument, 0, 'C'},  {"theory", no_argument, 0, 'Y'},
        {"observed", required_argument, 0, 'O'}, {"telescope", required_argument, 0, 'E'},
        {0, 0, 0, 0}};
    optind = 2;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 's':
            if (!parse_u64(optarg, CLI_MAX_SEED, &o->seed))
                return usage_error("--seed needs an integer from 0 to 9007199254740991 (digits "
                                   "only), got \"%s\"", optarg);
            o->have_seed = true;
            break;
        case 'S':
            if (o->n_sets == CLI_MAX_SETS)
                return usage_error("too many --set options%s", "");
            o->sets[o->n_sets++].text = optarg;
            break;
        case 'p': o->plot = optarg; break;
        case 'T': o->top = optarg; break;
        case 'B': o->bottom = optarg; break;
        case 'P': o->per = optarg; break;
        case 'L': o->local_share = true; break;
        case 'R': o->router = optarg; break;
        case 'g': o->log_y = true; break;
        case 'F': o->from = optarg; break;
        case 'U': o->to = optarg; break;
        case 'A':
            if (strcmp(optarg, "release"))
                return usage_error("--align takes \"release\" (hours since the first "
                                   "infection), not \"%s\"", optarg);
            o->align = optarg;
            break;
        case 'K': o->keep_script = optarg; break;
        case 'n': o->scenario = true; break;
        case 'C': o->column = optarg; break;
        case 'Y': o->theory = true; break;
        case 'O': o->observed = optarg; break;
        case 'E': o->telescope = optarg; break;
        case 'o': o->output = optarg; break;
        case 't': o->terminal = optarg; break;
        case 'f': o->format = optarg; break;
        case 'q': o->quiet = true; break;
        case 'r': o->repair = true; break;
        case 'h': return print_usage(stdout), 0;
        case ':': return usage_error("option %s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option \"%s\"", argv[optind - 1]);
        }
    }
    return -1;
}

/* Reads the operands (from optind on) that cmd takes into o. Returns -1 when they are fine,
 * otherwise 2 after reporting the usage error. */
static int take_operands(int argc, char **argv, const struct command *cmd, struct cli_options *o)
{
    bool runs = cmd->args == ARGS_RUN || cmd->args == ARGS_RUNS;
    for (int i = optind; i < argc; i++) {
        if (cmd->args == ARGS_FILE && !o->file) {
            o->file = argv[i];
        } else if (runs && o->n_runs < CLI_MAX_RUNS &&
                   (o->n_runs == 0 || cmd->args == ARGS_RUNS)) {
            uint64_t id;
            if (!parse_u64(argv[i], INT64_MAX, &id) || id == 0)
                return usage_error("expected a run id (a positive integer), got \"%s\"", argv[i]);
            o->runs[o->n_runs++] = (int64_t)id;
        } else {
            return usage_error("unexpected argument \"%s\"", argv[i]);
        }
    }
    if (cmd->args == ARGS_FILE && !o->file)
        return usage_error("%s needs a scenario file", cmd->name);
    if (runs && o->n_runs == 0)
        return usage_error("%s needs a run id (see wormsim runs)", cmd->name);
    return -1;
}

int main(int argc, char **argv)
{
    rng_install_error_handler();
    if (argc < 2)
        return print_usage(stderr), 2;
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
        return print_usage(stdout), 0;
    if (!strcmp(argv[1], "--version"))
        return printf("wormsim %s\n", WORMSIM_VERSION), 0;
    const struct command *cmd = find_command(argv[1]);
    if (!cmd)
        return usage_error("unknown command \"%s\"", argv[1]);

    struct cli_options o = {.command = argv[1], .db = CLI_DEFAULT_DB};
    int code = parse_options(argc, argv, &o);
    if (code < 0)
        code = take_operands(argc, argv, cmd, &o);
    if (code >= 0)
        return code;
    if (o.router && (o.top || o.bottom || o.per || o.local_share || o.log_y || o.align))
        return usage_error("--router draws its own panels: it cannot be combined with %s",
                           o.top ? "--top" : o.bottom ? "--bottom" : o.per ? "--per"
                           : o.local_share ? "--local-share" : o.log_y ? "--log" : "--align");
    if (o.format && strcmp(o.format, "csv"))
        return usage_error("unknown format \"%s\" (csv is the only one)", o.format);
    return cmd->handler(&o);
}
