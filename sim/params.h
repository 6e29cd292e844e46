/* params.h - parameter tables and the scenario-file reader.
 * A model declares its parameters as a table of (section, key, type, default, bounds, help,
 * offset into a config struct). The reader parses an INI-style scenario file, applies
 * `--set section.key=value` overrides, validates every value against the table, and fills the
 * config struct - without knowing what a worm is. Errors name file, line and key. */
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
    PARAM_TIME,     /* double epoch seconds, UTC: 2001-07-19T10:00Z (see calendar.h) */
    PARAM_BOOL,     /* int 0/1; yes/no, true/false, on/off, 1/0 */
    PARAM_ENUM,     /* int index into `choices`, a "|"-separated list: "fast|per-scan" */
    PARAM_STRING,   /* char[PARAM_STRING_MAX] */
    PARAM_CUSTOM    /* parsed and formatted by the def's callbacks */
};

#define PARAM_STRING_MAX 256

struct param_def {
    const char *section;  /* "worm" */
    const char *key;      /* "threads" */
    enum param_type type;
    const char *def;      /* default, as scenario text ("" for an empty string) */
    double min, max;      /* bounds after unit conversion (ignored when min > max) */
    const char *choices;  /* PARAM_ENUM only */
    const char *help;     /* one line for `wormsim check --keys` and documentation */
    size_t offset;        /* where the value lives in the config struct */
    /* PARAM_CUSTOM: parse text into the field, return false and fill err on failure; format
     * the field back to text that parse accepts. */
    bool (*parse)(const char *text, void *field, char *err, size_t errlen);
    void (*format)(const void *field, char *buf, size_t len);
};

struct param_table {
    const struct param_def *defs;
    size_t n;
};

/* One `section.key=value` override from the command line. */
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
 * PARAM_STRING; a string may not hold control characters or start a comment (" #", " ;"),
 * so that params_write's text always reads back to the same config. */
enum status params_load(const struct param_table *tab, void *config, const char *path,
                        const struct param_override *ovr, size_t n_ovr, struct diag *d);

/* Writes the resolved scenario: every key of every section with its value as text that
 * params_load accepts, one "key = value" line each, grouped by [section] in table order. */
void params_write(const struct param_table *tab, const void *config, FILE *out);

/* Same as params_write into a new malloc'ed string (caller frees). */
char *params_to_string(const struct param_table *tab, const void *config);

/* Writes one documentation line per key: section.key, type/unit, default, bounds, help. */
void params_write_help(const struct param_table *tab, FILE *out);

/* Unit parsers, exposed for tests and for PARAM_CUSTOM callbacks. Each returns false (and a
 * reason in err) unless the whole text is consumed. */
bool params_parse_duration(const char *text, double *seconds, char *err, size_t errlen);
bool params_parse_bytes(const char *text, double *bytes, char *err, size_t errlen);
bool params_parse_rate(const char *text, double *per_s, char *err, size_t errlen);

/* Levenshtein distance between two short strings (for "did you mean"); 99 when either is
 * longer than 63 bytes. */
int params_edit_distance(const char *a, const char *b);

#endif
