/* test_params_sections.c - the scenario reader's repeatable named sections ([router cisco-a],
 * [link NAME], [tag NAME]) on a test table: loading, the exact error messages, overrides of an
 * instance (--set router.cisco-a.memory=...), write -> load round trips and the help lines.
 * Part of the params suite (test_params.c). Expected values are written out by hand. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "params.h"
#include "test_params.h"

struct trouter {
    char name[PARAM_NAME_MAX];
    int switching;
    double mem;
    long buffers;
};

struct tlink {
    double capacity;
    char from[PARAM_NAME_MAX], to[PARAM_NAME_MAX];
    char name[PARAM_NAME_MAX];
};

struct ttag {
    char name[8]; /* names of up to 7 characters */
};

struct nconf {
    long threads;
    struct trouter routers[3];
    int n_routers;
    struct tlink links[2];
    int n_links;
    int verbose;
    struct ttag tags[2];
    int n_tags;
};

#define NF(x) offsetof(struct nconf, x)
#define RF(x) offsetof(struct trouter, x)
#define LF(x) offsetof(struct tlink, x)
/* [worm] is split around the repeatable sections, to check the order of the written text. */
static const struct param_def NDEFS[] = {
    {"worm", "threads", PARAM_INT, "100", 1, 10000, NULL, "threads per host", NF(threads), NULL, NULL},
    {"router", "switching", PARAM_ENUM, "process", 1, 0, "process|fast-per-destination",
     "switching path", RF(switching), NULL, NULL},
    {"router", "memory", PARAM_BYTES, "16MiB", 1048576, 1073741824, NULL, "memory", RF(mem), NULL,
     NULL},
    {"router", "buffers", PARAM_INT, "64", 0, 1000, NULL, "buffers", RF(buffers), NULL, NULL},
    {"link", "from", PARAM_NAME, "", 1, 0, NULL, "near end", LF(from), NULL, NULL},
    {"link", "to", PARAM_NAME, "internet", 1, 0, NULL, "far end", LF(to), NULL, NULL},
    {"link", "capacity", PARAM_BITRATE, "1.5Mbps", 1000, 1e12, NULL, "capacity", LF(capacity),
     NULL, NULL},
    {"worm", "verbose", PARAM_BOOL, "no", 1, 0, NULL, "flag", NF(verbose), NULL, NULL},
};
static const struct param_section NSECTIONS[] = {
    PARAM_SECTION("router", struct nconf, routers, n_routers, name, "a router"),
    PARAM_SECTION("link", struct nconf, links, n_links, name, "a link"),
    PARAM_SECTION("tag", struct nconf, tags, n_tags, name, "a tag without keys"),
};
static const struct param_table NTAB = {NDEFS, sizeof NDEFS / sizeof NDEFS[0], NSECTIONS, 3};

/* Loads text as a scenario with overrides into c; returns the status, d has the error. */
static enum status nload(const char *text, const char *const *sets, size_t n_sets,
                         struct nconf *c, struct diag *d)
{
    struct param_override o[8];
    for (size_t i = 0; i < n_sets; i++)
        o[i].text = sets[i];
    if (!text)
        return params_load(&NTAB, c, NULL, o, n_sets, d);
    params_test_write(text);
    enum status st = params_load(&NTAB, c, params_test_path, o, n_sets, d);
    unlink(params_test_path);
    return st;
}

/* Loads text; expects failure at line with message msg (or success when msg is NULL). */
static void nexpect(const char *text, int line, const char *msg)
{
    struct nconf c;
    struct diag d = {0};
    enum status st = nload(text, NULL, 0, &c, &d);
    if (!msg) {
        ck_assert_msg(st == ST_OK, "unexpected error: %d: %s", d.line, d.msg);
        return;
    }
    ck_assert_int_eq(st, ST_INPUT);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_int_eq(d.line, line);
}

/* Loads text (may be NULL) and one override; expects success, or failure with msg. */
static void nexpect_set(const char *text, const char *set, const char *msg, struct nconf *c)
{
    struct diag d = {0};
    enum status st = nload(text, &set, 1, c, &d);
    if (!msg) {
        ck_assert_msg(st == ST_OK, "unexpected error: %s", d.msg);
        return;
    }
    ck_assert_int_eq(st, ST_INPUT);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_str_eq(d.file, "--set");
    ck_assert_int_eq(d.line, 0);
}

#define CAMPUS                                                                           \
    "[worm]\nthreads = 7\n\n"                                                              \
    "[router cisco-a]\nswitching = fast-per-destination\nmemory = 16MiB\n"                 \
    "[router cisco-b]\nmemory = 64MiB\n"                                                     \
    "[link campus-uplink]\nfrom = cisco-a\nto = gateway\ncapacity = 1.5Mbps\n"             \
    "[router dept.router_2]\n"

START_TEST(named_sections_load)
{
    struct nconf c;
    struct diag d = {0};
    ck_assert_int_eq(nload(CAMPUS, NULL, 0, &c, &d), ST_OK);
    ck_assert_int_eq(c.threads, 7);
    ck_assert_int_eq(c.n_routers, 3);
    ck_assert_str_eq(c.routers[0].name, "cisco-a");
    ck_assert_int_eq(c.routers[0].switching, 1);
    ck_assert_double_eq(c.routers[0].mem, 16777216.0);
    ck_assert_int_eq(c.routers[0].buffers, 64); /* defaults apply to every instance */
    ck_assert_str_eq(c.routers[1].name, "cisco-b");
    ck_assert_int_eq(c.routers[1].switching, 0);
    ck_assert_double_eq(c.routers[1].mem, 67108864.0);
    ck_assert_str_eq(c.routers[2].name, "dept.router_2"); /* a header alone adds an instance */
    ck_assert_double_eq(c.routers[2].mem, 16777216.0);
    ck_assert_int_eq(c.routers[2].buffers, 64);
    ck_assert_int_eq(c.n_links, 1);
    ck_assert_str_eq(c.links[0].name, "campus-uplink");
    ck_assert_str_eq(c.links[0].from, "cisco-a");
    ck_assert_str_eq(c.links[0].to, "gateway");
    ck_assert_double_eq(c.links[0].capacity, 1.5e6);
    ck_assert_str_eq(c.links[1].name, ""); /* an unused element: defaults, no name */
    ck_assert_str_eq(c.links[1].to, "internet");
    ck_assert_int_eq(c.n_tags, 0);
    /* No file: no instances, every element with its defaults. */
    ck_assert_int_eq(nload(NULL, NULL, 0, &c, &d), ST_OK);
    ck_assert_int_eq(c.n_routers, 0);
    ck_assert_int_eq(c.n_links, 0);
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(c.routers[i].name, "");
        ck_assert_double_eq(c.routers[i].mem, 16777216.0);
        ck_assert_int_eq(c.routers[i].buffers, 64);
    }
    /* A file of headers only is not empty; the same key in two instances is no duplicate. */
    nexpect("[tag a]\n", 0, NULL);
    nexpect("[router a]\nmemory = 2MiB\n[router b]\nmemory = 2MiB\n", 0, NULL);
    nexpect("[router  a ]   # spaces around the name\n[tag  b]\n", 0, NULL);
    nexpect("[router a]\n[worm]\nthreads = 3\n[router b]\n[worm]\nverbose = yes\n", 0, NULL);
}
END_TEST

START_TEST(named_section_errors)
{
    nexpect("[router]\n", 1, "[router] needs a name, like [router NAME]");
    nexpect("[worm]\nthreads = 3\n[router   ]\n", 3, "[router] needs a name, like [router NAME]");
    nexpect("[router a b]\n", 1,
            "bad name \"a b\" for [router]: use letters, digits, \"-\", \"_\" and \".\"");
    nexpect("[router a/b]\n", 1,
            "bad name \"a/b\" for [router]: use letters, digits, \"-\", \"_\" and \".\"");
    nexpect("[router caf\xC3\xA9]\n", 1,
            "bad name \"caf\xC3\xA9\" for [router]: use letters, digits, \"-\", \"_\" and \".\"");
    nexpect("[tag abcdefg]\n", 0, NULL);
    nexpect("[tag abcdefgh]\n", 1, "name for [tag] is longer than 7 characters");
    nexpect("[router cisco-a]\nmemory = 1MiB\n\n[router cisco-a]\n", 4,
            "duplicate [router cisco-a] (first on line 1)");
    nexpect("# x\n[router Cisco-A]\n[router cisco-a]\n[router CISCO-A]\n[router cisco-a]\n", 5,
            "duplicate [router cisco-a] (first on line 3)"); /* names are case-sensitive */
    nexpect("[router a]\n[router b]\n[router c]\n", 0, NULL);
    nexpect("[router a]\n[router b]\n[router c]\n\n[router d]\n", 5,
            "too many [router] sections (at most 3)");
    nexpect("[router cisco-a]\nmemroy = 1MiB\n", 2,
            "unknown key \"memroy\" in [router cisco-a] (did you mean \"memory\"?)");
    nexpect("[router cisco-a]\nthreads = 1\n", 2, "unknown key \"threads\" in [router cisco-a]");
    nexpect("[tag t]\nname = t\n", 2, "unknown key \"name\" in [tag t]");
    nexpect("[router cisco-a]\nmemory = 1MiB\nbuffers = 3\nmemory = 2MiB\n", 4,
            "duplicate key \"memory\" in [router cisco-a] (first set on line 2)");
    nexpect("[router cisco-a]\nmemory = lots\n", 2,
            "bad value \"lots\" for router.cisco-a.memory: not a number");
    nexpect("[router cisco-a]\nmemory = 2GiB\n", 2,
            "router.cisco-a.memory = 2GiB is out of range (1048576 to 1073741824)");
    nexpect("[router cisco-a]\nmemory =\n", 2, "missing value for router.cisco-a.memory");
    nexpect("[link up]\ncapacity = 1.5 MBps\n", 2,
            "bad value \"1.5 MBps\" for link.up.capacity: unknown unit \"MBps\" "
            "(use bps, kbps, Mbps or Gbps)");
    nexpect("[link up]\nfrom = cisco a\n", 2, "bad value \"cisco a\" for link.up.from: "
            "use letters, digits, \"-\", \"_\" and \".\"");
    nexpect("[link up]\nfrom = x#y\n", 2, "bad value \"x#y\" for link.up.from: "
            "use letters, digits, \"-\", \"_\" and \".\"");
    nexpect("[link up]\nfrom = "
            "a123456789b123456789c123456789d123456789e123456789f123456789abc\n", 0, NULL);
    nexpect("[link up]\nfrom = "
            "a123456789b123456789c123456789d123456789e123456789f123456789abcd\n", 2,
            /* quoted as its first 59 characters and U+2026 */
            "bad value \"a123456789b123456789c123456789d123456789e123456789f12345678\u2026\" "
            "for link.up.from: longer than 63 characters");
    nexpect("[link up]\nfrom =\nto = Gateway.1_b\n", 0, NULL); /* a name may be empty */
    nexpect("[link up]\ncapacity = 100bps\n", 2,
            "link.up.capacity = 100bps is out of range (1kbps to 1000Gbps)");
    /* A misspelt section: the suggestion keeps the name. */
    nexpect("[routr cisco-a]\n", 1, "unknown section \"routr cisco-a\" (did you mean \"router cisco-a\"?)");
    nexpect("[routers]\n", 1, "unknown section \"routers\" (did you mean \"router\"?)");
    nexpect("[worm x]\n", 1, "unknown section \"worm x\" (did you mean \"worm\"?)");
    nexpect("[worm]\nthreads = 1\n[router a]\nverbose = yes\n", 4, "unknown key \"verbose\" in [router a]");
}
END_TEST

START_TEST(named_overrides)
{
    struct nconf c;
    nexpect_set(CAMPUS, "router.cisco-b.memory=128MiB", NULL, &c);
    ck_assert_double_eq(c.routers[1].mem, 134217728.0);
    ck_assert_double_eq(c.routers[0].mem, 16777216.0);
    nexpect_set(CAMPUS, " router . dept.router_2 . buffers = 5 ", NULL, &c); /* dots in a name */
    ck_assert_int_eq(c.routers[2].buffers, 5);
    nexpect_set(CAMPUS, "link.campus-uplink.capacity=45Mbps", NULL, &c);
    ck_assert_double_eq(c.links[0].capacity, 45e6);
    nexpect_set(CAMPUS, "worm.threads=9", NULL, &c);
    ck_assert_int_eq(c.threads, 9);
    nexpect_set(CAMPUS, "router.cisco-c.memory=1MiB",
                "--set router.cisco-c.memory=1MiB: no [router cisco-c] in the scenario "
                "(did you mean \"cisco-a\"?)", &c);
    nexpect_set(CAMPUS, "router.gateway.memory=1MiB",
                "--set router.gateway.memory=1MiB: no [router gateway] in the scenario", &c);
    nexpect_set(NULL, "router.a.memory=1MiB",
                "--set router.a.memory=1MiB: no [router a] in the scenario", &c);
    nexpect_set(CAMPUS, "router.memory=1MiB",
                "--set router.memory=1MiB: expected router.NAME.key=value", &c);
    nexpect_set(CAMPUS, "router..memory=1MiB",
                "--set router..memory=1MiB: expected router.NAME.key=value", &c);
    nexpect_set(CAMPUS, "router.cisco-a.memroy=1MiB",
                "--set router.cisco-a.memroy=1MiB: unknown key \"memroy\" in [router cisco-a] "
                "(did you mean \"memory\"?)", &c);
    nexpect_set(CAMPUS, "router.cisco-a.memory=x",
                "--set router.cisco-a.memory=x: bad value \"x\" for router.cisco-a.memory: "
                "not a number", &c);
    nexpect_set(CAMPUS, "routr.cisco-a.memory=1MiB",
                "--set routr.cisco-a.memory=1MiB: unknown section \"routr\" (did you mean \"router\"?)",
                &c);
    struct diag d = {0};
    static const char *const twice[] = {"router.cisco-a.memory=1MiB", "router.cisco-b.memory=2MiB",
                                        "router.cisco-a.memory=3MiB"};
    ck_assert_int_eq(nload(CAMPUS, twice, 2, &c, &d), ST_OK); /* one key, two instances */
    ck_assert_double_eq(c.routers[0].mem, 1048576.0);
    ck_assert_double_eq(c.routers[1].mem, 2097152.0);
    ck_assert_int_eq(nload(CAMPUS, twice, 3, &c, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--set router.cisco-a.memory is given twice");
}
END_TEST

static void assert_nsame(const struct nconf *a, const struct nconf *b)
{
    ck_assert(a->threads == b->threads && a->verbose == b->verbose);
    ck_assert_int_eq(a->n_routers, b->n_routers);
    for (int i = 0; i < a->n_routers; i++) {
        ck_assert_str_eq(a->routers[i].name, b->routers[i].name);
        ck_assert(a->routers[i].switching == b->routers[i].switching);
        ck_assert(a->routers[i].mem == b->routers[i].mem);
        ck_assert(a->routers[i].buffers == b->routers[i].buffers);
    }
    ck_assert_int_eq(a->n_links, b->n_links);
    for (int i = 0; i < a->n_links; i++) {
        ck_assert_str_eq(a->links[i].name, b->links[i].name);
        ck_assert_str_eq(a->links[i].from, b->links[i].from);
        ck_assert_str_eq(a->links[i].to, b->links[i].to);
        ck_assert(a->links[i].capacity == b->links[i].capacity);
    }
    ck_assert_int_eq(a->n_tags, b->n_tags);
    for (int i = 0; i < a->n_tags; i++)
        ck_assert_str_eq(a->tags[i].name, b->tags[i].name);
}

/* Writes a's text, loads it into b, checks b == a and that b writes the same text. */
static void nround_trip(const struct nconf *a)
{
    struct nconf b;
    struct diag d = {0};
    char *text = params_to_string(&NTAB, a);
    ck_assert_msg(nload(text, NULL, 0, &b, &d) == ST_OK, "%d: %s\n%s", d.line, d.msg, text);
    assert_nsame(a, &b);
    char *again = params_to_string(&NTAB, &b);
    ck_assert_str_eq(text, again);
    free(again);
    free(text);
}

START_TEST(named_round_trip)
{
    struct nconf a;
    struct diag d = {0};
    static const char *const sets[] = {"router.cisco-b.switching=fast-per-destination",
                                       "link.campus-uplink.capacity=1544kbps"};
    ck_assert_int_eq(nload(CAMPUS "[tag t1]\n[link dsl]\ncapacity = 640000bps\n", sets, 2, &a, &d),
                     ST_OK);
    char *text = params_to_string(&NTAB, &a);
    ck_assert_str_eq(text, "[worm]\nthreads = 7\n\n"
                           "[router cisco-a]\nswitching = fast-per-destination\nmemory = 16777216\n"
                           "buffers = 64\n\n"
                           "[router cisco-b]\nswitching = fast-per-destination\nmemory = 67108864\n"
                           "buffers = 64\n\n"
                           "[router dept.router_2]\nswitching = process\nmemory = 16777216\n"
                           "buffers = 64\n\n"
                           "[link campus-uplink]\nfrom = cisco-a\nto = gateway\ncapacity = 1.544Mbps\n\n"
                           "[link dsl]\nfrom =\nto = internet\ncapacity = 640kbps\n\n"
                           "[worm]\nverbose = no\n\n"
                           "[tag t1]\n");
    free(text);
    nround_trip(&a);
    /* No instances: the sections are left out. */
    ck_assert_int_eq(nload(NULL, NULL, 0, &a, &d), ST_OK);
    text = params_to_string(&NTAB, &a);
    ck_assert_str_eq(text, "[worm]\nthreads = 100\nverbose = no\n");
    free(text);
    nround_trip(&a);
    /* Full arrays, and awkward capacities. */
    ck_assert_int_eq(nload("[router a]\n[router b.c]\n[router D_3]\n[link x]\ncapacity = 1.23456789Gbps\n"
                           "[link y]\ncapacity = 1001bps\n[tag q]\n[tag r]\n", NULL, 0, &a, &d),
                     ST_OK);
    nround_trip(&a);
}
END_TEST

START_TEST(named_help)
{
    FILE *f = tmpfile();
    params_write_help(&NTAB, f);
    rewind(f);
    char buf[8192] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_ptr_nonnull(strstr(buf, "[router NAME]                        repeatable, up to 3 sections\n"
                                      "    a router\nrouter.NAME.switching "));
    ck_assert_ptr_nonnull(strstr(buf, "\nrouter.NAME.memory "));
    ck_assert_ptr_nonnull(strstr(buf, "\nlink.NAME.from                       name         default \"\"\n"));
    ck_assert_ptr_nonnull(strstr(buf, "bytes        default 16MiB  (1048576 to 1073741824)\n    memory\n"));
    ck_assert_ptr_nonnull(strstr(buf, "\nlink.NAME.capacity                   bit rate     default 1.5Mbps  "
                                      "(1kbps to 1000Gbps)\n"));
    ck_assert_ptr_nonnull(strstr(buf, "\n[tag NAME]                           repeatable, up to 2 sections\n"
                                      "    a tag without keys\n"));
    ck_assert_ptr_nonnull(strstr(buf, "\nworm.verbose "));
    int lines = 0;
    for (char *p = buf; (p = strchr(p, '\n')); p++)
        lines++;
    ck_assert_int_eq(lines, 2 * (int)(NTAB.n + NTAB.n_sections));
}
END_TEST

TCase *params_sections_tcase(void)
{
    TCase *named = tcase_create("named sections");
    tcase_add_test(named, named_sections_load);
    tcase_add_test(named, named_section_errors);
    tcase_add_test(named, named_overrides);
    tcase_add_test(named, named_round_trip);
    tcase_add_test(named, named_help);
    return named;
}
