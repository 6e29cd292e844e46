/* params.h - parameter tables and the scenario-file reader.
 * A model declares its parameters as a table of (section, key, type, default, bounds, help,
 * offset into a config struct). The reader parses an INI-style scenario file, applies
 * `--set section.key=value` overrides, validates every value against the table, and fills the
 * config struct - without knowing what a worm is. Errors name file, line and key.
 * A section may also be repeatable and named ([router cisco-a], [router cisco-b]): the config
 * then holds an array of instance structs and a count, described by a struct param_section. */
#ifndef WORMSIM_PARAMS_H
#define WORMSIM_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

enum param_type {
    PARAM_INT,      /* long; plain integer, "_" allowed as digit separator: 360_000 */
    PARAM_REAL,     /* double; plain number */
    PARAM_PROB,     /* double in [0,1]; "0.25" or "25%" */
    PARAM_DURATION, /* double seconds; needs a unit: 500ms, 21s, 5min, 4.5h, 2d */
    PARAM_RATE,     /* double per second; "6/s", "360/min", "50000/h"; plain "6" is per second */
    PARAM_BYTES,    /* double bytes; 100, 3.8KB, 100KiB, 16MiB, 1GiB (KB = 1000, KiB = 1024) */
    PARAM_BITRATE,  /* double bits per second; needs a unit: 300bps, 100kbps, 1.5Mbps, 1Gbps */
    PARAM_TIME,     /* double epoch seconds, UTC: 2001-07-19T10:00Z (see calendar.h) */
    PARAM_BOOL,     /* int 0/1; yes/no, true/false, on/off, 1/0 */
    PARAM_ENUM,     /* int index into `choices`, a "|"-separated list: "fast|per-scan" */
    PARAM_STRING,   /* char[PARAM_STRING_MAX] */
    PARAM_NAME,     /* char[PARAM_NAME_MAX]; "" or letters, digits, "-", "_", ".": cisco-a */
    PARAM_CUSTOM    /* parsed and formatted by the def's callbacks */
};

#define PARAM_STRING_MAX 256
#define PARAM_NAME_MAX 64 /* PARAM_NAME's field; the usual size of an instance's name field */

struct param_def {
    const char *section;  /* "worm"; for a repeatable section, its param_section's name */
    const char *key;      /* "threads" */
    enum param_type type;
    const char *def;      /* default, as scenario text ("" for an empty string) */
    double min, max;      /* bounds after unit conversion (ignored when min > max) */
    const char *choices;  /* PARAM_ENUM only */
    const char *help;     /* one line for `wormsim check --keys` and documentation */
    size_t offset;        /* where the value lives in the config struct; for a repeatable
                             section, in one element of its array */
    /* PARAM_CUSTOM: parse text into the field, return false and fill err on failure; format
     * the field back to text that parse accepts. */
    bool (*parse)(const char *text, void *field, char *err, size_t errlen);
    void (*format)(const void *field, char *buf, size_t len);
};

/* A repeatable, named section: every [NAME INSTANCE] header in a file adds an element to an
 * array in the config struct, with the table's defaults, and the keys that follow fill it.
 * The defs of the section (those whose .section is `name`) give offsets inside one element.
 * Declare one with PARAM_SECTION below; a table lists its sections after its defs. */
struct param_section {
    const char *name;     /* "router" */
    size_t offset;        /* of the array (element 0) in the config struct */
    size_t stride;        /* bytes from one element to the next */
    int max;              /* elements in the array: more instances are an error */
    size_t count_offset;  /* of the int count of instances in the config struct */
    size_t name_offset;   /* of the char[] instance name inside an element */
    size_t name_size;     /* its size in bytes: names are at most name_size - 1 characters */
    const char *help;     /* one line for the documentation */
};

/* A param_section for `conf.array[]` (a fixed-size array of element structs) counted by the
 * int `conf.count`, each element named by its char[] `name_field`:
 *   PARAM_SECTION("router", struct world_config, routers, n_routers, name, "a router") */
#define PARAM_SECTION(section, conf, array, count, name_field, help)                          \
    {(section), offsetof(conf, array), sizeof(((conf *)0)->array[0]),                         \
     (int)(sizeof(((conf *)0)->array) / sizeof(((conf *)0)->array[0])), offsetof(conf, count), \
     offsetof(conf, array[0].name_field) - offsetof(conf, array),                             \
     sizeof(((conf *)0)->array[0].name_field), (help)}

/* A model's whole table: {DEFS, n_defs, SECTIONS, n_sections}, or {DEFS, n_defs, NULL, 0}. */
struct param_table {
    const struct param_def *defs;
    size_t n;
    const struct param_section *sections; /* repeatable sections (NULL when none) */
    size_t n_sections;
};

/* One `section.key=value` override from the command line; for a repeatable section
 * `section.INSTANCE.key=value` (router.cisco-a.memory=64MiB) changes an instance the file has. */
struct param_override {
    const char *text; /* as given: "worm.threads=300" */
};

/* Fills `config` with every default, then the file's values, then the overrides, in that order.
 * path NULL means defaults and overrides only. Errors (first one wins) fill d with the file
 * and line, and return ST_INPUT (ST_IO, line 0, "cannot read: <strerror>" if the file cannot
 * be read):
 *   unknown section "wrom" (did you mean "worm"?)
 *   unknown key "thread" in [worm] (did you mean "threads"?)
 *   duplicate key "threads" in [worm] (first set on line 7)
 *   bad value "21 sec" for worm.dark_timeout: unknown unit "sec" (use ms, s, min, h or d)
 *   worm.threads = 0 is out of range (1 to 10000)
 * and the like for missing values, lines without "=", keys before any section, unterminated
 * section headers and lines over 1000 characters. Whole-file errors have line 0:
 * "file is empty (no settings)" (no key at all, only blanks, comments or section headers),
 * "not a text file (binary data at byte N)" (N counted from 0; NUL, control characters other
 * than tab/CR/LF, or invalid UTF-8) and "file is too large for a scenario (over 1024 KiB)".
 * Override errors have file "--set", line 0 and a message naming the override:
 *   --set worm.thread=3: unknown key "thread" in [worm] (did you mean "threads"?)
 *   --set worm.threads is given twice
 * An override may change a key the file set. An empty value is an error except for
 * PARAM_STRING and PARAM_NAME (a name of an instance, say); a string may not hold control characters or start a comment (" #", " ;"),
 * so that params_write's text always reads back to the same config.
 * Repeatable sections: every element of the array gets the defaults and an empty name, the
 * count starts at 0, each [router NAME] header adds the next element. Errors:
 *   [router] needs a name, like [router NAME]
 *   bad name "a b" for [router]: use letters, digits, "-", "_" and "."
 *   name for [router] is longer than 63 characters
 *   unknown section "routr a" (did you mean "router a"?)
 *   duplicate [router cisco-a] (first on line 4)
 *   too many [router] sections (at most 16)
 *   unknown key "memroy" in [router cisco-a] (did you mean "memory"?)
 *   bad value "x" for router.cisco-a.memory: not a number     (and the like, named so)
 *   --set router.cisco-c.memory=1: no [router cisco-c] in the scenario (did you mean "cisco-a"?)
 *   --set router.memory=1: expected router.NAME.key=value
 * A header alone (no keys after it) counts as a setting: it adds an instance. */
enum status params_load(const struct param_table *tab, void *config, const char *path,
                        const struct param_override *ovr, size_t n_ovr, struct diag *d);

/* The line of path where `key` is set in [section] (or [section instance] when instance is not
 * NULL), or, with key NULL or not set there, the line of that section's header; 0 if neither
 * is in the file or it cannot be read. For messages about several keys (validation), so that
 * they can point at the line of the offending key. */
int params_key_line(const char *path, const char *section, const char *instance,
                    const char *key);
/* A section that is not the model's but someone else's ([experiment] of a sweep): the reader
 * hands each of its "key = value" lines (key and value trimmed, comment cut) to line(), which
 * returns ST_OK or fills d (with file and line) and returns ST_INPUT. */
struct param_extra {
    const char *section;
    enum status (*line)(const char *key, const char *value, const char *file, int line,
                        void *arg, struct diag *d);
    void *arg;
};

/* params_load with two more choices: text, when not NULL, is read instead of the file (path
 * then only names it in messages, and may be NULL: "(text)"); extra, when not NULL, is a
 * section passed to its own reader. */
enum status params_load_ex(const struct param_table *tab, void *config, const char *path,
                           const char *text, const struct param_override *ovr, size_t n_ovr,
                           const struct param_extra *extra, struct diag *d);

/* Calls fn for every key of the resolved config (plain sections' keys in table order, then
 * each repeatable section's instances in order, their keys in table order): its name
 * ("worm.scan_rate", "router.cisco-a.memory"), its value as params_write writes it ("6/s"),
 * and its number in the base unit (6; seconds, bytes, bits per second, epoch seconds, 0/1, the
 * index of an enum's choice), NaN for strings and names. */
void params_each(const struct param_table *tab, const void *config,
                 void (*fn)(const char *key, const char *text, double number, void *arg),
                 void *arg);

/* Writes the resolved scenario: every key of every section with its value as text that
 * params_load accepts, one "key = value" line each, grouped by [section] in table order.
 * A repeatable section is written once per instance, as [section NAME], in instance order,
 * where its first def stands (after all defs when it has none); none when it has none. */
void params_write(const struct param_table *tab, const void *config, FILE *out);

/* Same as params_write into a new malloc'ed string (caller frees). */
char *params_to_string(const struct param_table *tab, const void *config);

/* Writes one documentation line per key: section.key, type/unit, default, bounds, help, then
 * its help on a second line. A repeatable section first gets its own two lines
 * ("[router NAME]  repeatable, up to 16 sections" and its help), and its keys are named
 * router.NAME.memory. */
void params_write_help(const struct param_table *tab, FILE *out);

/* Unit parsers, exposed for tests and for PARAM_CUSTOM callbacks. Each returns false (and a
 * reason in err) unless the whole text is consumed. */
bool params_parse_duration(const char *text, double *seconds, char *err, size_t errlen);
bool params_parse_bytes(const char *text, double *bytes, char *err, size_t errlen);
bool params_parse_rate(const char *text, double *per_s, char *err, size_t errlen);
bool params_parse_bitrate(const char *text, double *bits_per_s, char *err, size_t errlen);
/* Bits per second as the largest of bps, kbps, Mbps, Gbps that reads back exactly: "1.5Mbps". */
void params_format_bitrate(double bits_per_s, char *buf, size_t len);

/* Messages quote what the user wrote shortened to PARAM_QUOTE_CHARS characters (code points)
 * and an ellipsis, so that a message is never cut by its buffer and never splits a character. */
#define PARAM_QUOTE_CHARS 60
#define PARAM_QUOTE_BYTES (4 * PARAM_QUOTE_CHARS + 4)

/* Copies s into buf (PARAM_QUOTE_BYTES or more) whole if it has at most PARAM_QUOTE_CHARS
 * characters, else its first PARAM_QUOTE_CHARS - 1 characters and "…"; a byte that is not part
 * of valid UTF-8, or a control character, ends the copy there (with "…"). Returns buf. */
const char *params_shorten(const char *s, char *buf, size_t len);

/* Levenshtein distance between two short strings (for "did you mean"); 99 when either is
 * longer than 63 bytes. */
int params_edit_distance(const char *a, const char *b);

#endif
