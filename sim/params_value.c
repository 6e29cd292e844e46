/* params_value.c - one value of a parameter: parsed from text by its type, checked against its
 * bounds, formatted back to text that parses to the same value. `base` is the struct that holds
 * the def's field: the config struct, or one element of a repeatable section's array. */
#include "params.h"
#include "params_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"

/* Instance names and PARAM_NAME values: letters, digits, "-", "_" and ".". */
bool params_valid_instance_name(const char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

/* Position of `text` in a "|"-separated list, or -1. */
static int choice_index(const char *choices, const char *text)
{
    int i = 0;
    size_t len = strlen(text);
    for (const char *p = choices;; i++) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && !strncmp(p, text, n))
            return i;
        if (!bar)
            return -1;
        p = bar + 1;
    }
}

static void choice_name(const char *choices, int index, char *buf, size_t len)
{
    const char *p = choices;
    for (int i = 0; i < index; i++)
        p = strchr(p, '|') + 1;
    const char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    snprintf(buf, len, "%.*s", (int)n, p);
}

/* The value as a double in the def's base unit, for range checks (NAN when not numeric). */
static double numeric_value(const struct param_def *def, const void *base)
{
    const char *field = (const char *)base + def->offset;
    switch (def->type) {
    case PARAM_INT: return (double)*(const long *)field;
    case PARAM_REAL: case PARAM_PROB: case PARAM_DURATION: case PARAM_RATE: case PARAM_BYTES:
    case PARAM_BITRATE: case PARAM_TIME:
        return *(const double *)field;
    default: return NAN;
    }
}

/* "0.25" or "25%" into a probability. */
static bool parse_prob(const char *text, double *out, char *err, size_t errlen)
{
    double v;
    const char *end;
    if (params_leading_number(text, &v, &end))
        end += strspn(end, " \t"); /* "25 %" like "21 s" */
    else
        end = NULL;
    if (!end || (*end && strcmp(end, "%"))) {
        snprintf(err, errlen, "not a probability (like 0.25 or 25%%)");
        return false;
    }
    v = *end ? v / 100 : v;
    if (v < 0 || v > 1) {
        snprintf(err, errlen, "a probability lies between 0 and 1 (0%% and 100%%)");
        return false;
    }
    *out = v;
    return true;
}

static bool parse_bool(const char *text, int *out, char *err, size_t errlen)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (!strcmp(text, yes[i]))
            return *out = 1, true;
        if (!strcmp(text, no[i]))
            return *out = 0, true;
    }
    snprintf(err, errlen, "expected yes or no");
    return false;
}

/* One of the "|"-separated choices; the error lists them as "a, b, c". */
static bool parse_enum(const char *choices, const char *text, int *out, char *err, size_t errlen)
{
    int i = choice_index(choices, text);
    if (i >= 0) {
        *out = i;
        return true;
    }
    char spaced[200];
    size_t k = 0;
    for (const char *p = choices; *p && p - choices < 127 && k < sizeof spaced - 2; p++) {
        spaced[k++] = *p == '|' ? ',' : *p;
        if (*p == '|')
            spaced[k++] = ' ';
    }
    spaced[k] = '\0';
    snprintf(err, errlen, "expected one of %s", spaced);
    return false;
}

/* Free text without control characters or a comment start, so that the written scenario
 * reads back (only --set can bring these). */
static bool parse_string(const char *text, char *field, char *err, size_t errlen)
{
    if (strlen(text) >= PARAM_STRING_MAX) {
        snprintf(err, errlen, "longer than %d bytes", PARAM_STRING_MAX - 1);
        return false;
    }
    for (const char *p = text; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7F) {
            snprintf(err, errlen, "contains a control character");
            return false;
        }
        if ((*p == '#' || *p == ';') && (p == text || p[-1] == ' ' || p[-1] == '\t')) {
            snprintf(err, errlen, "a comment starts at \"%c\" (at the start or after a space)",
                     *p);
            return false;
        }
    }
    snprintf(field, PARAM_STRING_MAX, "%s", text);
    return true;
}

static bool parse_name(const char *text, char *field, char *err, size_t errlen)
{
    if (!params_valid_instance_name(text)) {
        snprintf(err, errlen, "use letters, digits, \"-\", \"_\" and \".\"");
        return false;
    }
    if (strlen(text) >= PARAM_NAME_MAX) {
        snprintf(err, errlen, "longer than %d characters", PARAM_NAME_MAX - 1);
        return false;
    }
    snprintf(field, PARAM_NAME_MAX, "%s", text);
    return true;
}

/* Parses text into the def's field of base. */
static bool parse_value(const struct param_def *def, void *base, const char *text, char *err,
                        size_t errlen)
{
    char *field = (char *)base + def->offset;
    double v;
    const char *end;
    switch (def->type) {
    case PARAM_INT: return params_parse_int(text, (long *)field, err, errlen);
    case PARAM_REAL:
        if (!params_leading_number(text, &v, &end) || *end) {
            snprintf(err, errlen, "not a number");
            return false;
        }
        *(double *)field = v;
        return true;
    case PARAM_PROB: return parse_prob(text, (double *)field, err, errlen);
    case PARAM_DURATION: return params_parse_duration(text, (double *)field, err, errlen);
    case PARAM_RATE: return params_parse_rate(text, (double *)field, err, errlen);
    case PARAM_BYTES: return params_parse_bytes(text, (double *)field, err, errlen);
    case PARAM_BITRATE: return params_parse_bitrate(text, (double *)field, err, errlen);
    case PARAM_TIME:
        if (!calendar_parse(text, (double *)field)) {
            snprintf(err, errlen, "expected a UTC time like 2001-07-19T10:00Z");
            return false;
        }
        return true;
    case PARAM_BOOL: return parse_bool(text, (int *)field, err, errlen);
    case PARAM_ENUM: return parse_enum(def->choices, text, (int *)field, err, errlen);
    case PARAM_STRING: return parse_string(text, field, err, errlen);
    case PARAM_NAME: return parse_name(text, field, err, errlen);
    case PARAM_CUSTOM: return def->parse(text, field, err, errlen);
    }
    return false;
}

void params_format_value(const struct param_def *def, const void *base, char *buf, size_t len)
{
    const char *field = (const char *)base + def->offset;
    char num[40];
    switch (def->type) {
    case PARAM_INT: snprintf(buf, len, "%ld", *(const long *)field); return;
    case PARAM_REAL: case PARAM_PROB: case PARAM_BYTES:
        params_format_double(*(const double *)field, buf, len);
        return;
    case PARAM_DURATION:
        params_format_double(*(const double *)field, num, sizeof num);
        snprintf(buf, len, "%ss", num);
        return;
    case PARAM_RATE:
        params_format_double(*(const double *)field, num, sizeof num);
        snprintf(buf, len, "%s/s", num);
        return;
    case PARAM_BITRATE: params_format_bitrate(*(const double *)field, buf, len); return;
    case PARAM_TIME: calendar_format(*(const double *)field, buf, len); return;
    case PARAM_BOOL: snprintf(buf, len, "%s", *(const int *)field ? "yes" : "no"); return;
    case PARAM_ENUM: choice_name(def->choices, *(const int *)field, buf, len); return;
    case PARAM_STRING: case PARAM_NAME: snprintf(buf, len, "%s", field); return;
    case PARAM_CUSTOM: def->format(field, buf, len); return;
    }
}

static const char *unit_suffix(enum param_type t)
{
    return t == PARAM_DURATION ? "s" : t == PARAM_RATE ? "/s" : "";
}

/* "1 to 10000", "1s to 86400s", "2001-07-19T00:00:00Z to ...": bounds in the def's base unit. */
void params_format_bounds(const struct param_def *def, char *buf, size_t len)
{
    char lo[40], hi[40];
    if (def->type == PARAM_TIME) {
        calendar_format(def->min, lo, sizeof lo);
        calendar_format(def->max, hi, sizeof hi);
    } else if (def->type == PARAM_BITRATE) {
        params_format_bitrate(def->min, lo, sizeof lo);
        params_format_bitrate(def->max, hi, sizeof hi);
    } else {
        params_format_double(def->min, lo, sizeof lo);
        params_format_double(def->max, hi, sizeof hi);
    }
    const char *u = unit_suffix(def->type);
    snprintf(buf, len, "%s%s to %s%s", lo, u, hi, u);
}

/* Parses and range-checks text for def into base; on error writes the message to msg. where
 * names the section in messages: "worm", or "router.cisco-a" for an instance. */
bool params_apply(const struct param_def *def, void *base, const char *where, const char *text,
                  char *msg, size_t len)
{
    if (!*text && def->type != PARAM_STRING && def->type != PARAM_NAME) {
        snprintf(msg, len, "missing value for %s.%s", where, def->key);
        return false;
    }
    char err[300], q[PARAM_QUOTE_BYTES];
    if (!parse_value(def, base, text, err, sizeof err)) {
        snprintf(msg, len, "bad value \"%s\" for %s.%s: %s", params_shorten(text, q, sizeof q),
                 where, def->key, err);
        return false;
    }
    double v = numeric_value(def, base);
    if (def->min <= def->max && !isnan(v) && (v < def->min || v > def->max)) {
        char bounds[100];
        params_format_bounds(def, bounds, sizeof bounds);
        snprintf(msg, len, "%s.%s = %s is out of range (%s)", where, def->key,
                 params_shorten(text, q, sizeof q), bounds);
        return false;
    }
    return true;
}
