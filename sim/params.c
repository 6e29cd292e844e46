/* params.c - parameter tables and the scenario-file reader (see params.h).
 * The file is read whole, checked to be text, then taken line by line: sections, "key = value"
 * pairs, comments (# or ; at the start of a line, or after white space). Every value goes
 * through one parser per type, so defaults, file values and --set overrides are checked alike.
 * The first error wins and names file, line and key. An unknown name gets a suggestion when a
 * known one is within edit distance 2 (and less than the word's length) or one is a prefix of
 * the other (3 letters or more). A repeatable section's keys live in elements of an array: the
 * reader keeps a "place" (plain section, or section and instance) and every field address is
 * the place's base struct plus the def's offset. */
#include "params.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

#define MAX_LINE 1000             /* characters (code points), not counting the line end */
#define MAX_FILE_BYTES (1L << 20) /* a scenario is a few KB; this stops `check /dev/zero` */

/* ---- value parsers ------------------------------------------------------------------- */

/* A finite number at the start of text; *end points past it. Rejects inf, nan and hex. */
static bool leading_number(const char *text, double *v, const char **end)
{
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
        return false;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        return false;
    char *e;
    errno = 0;
    *v = strtod(text, &e);
    if (errno == ERANGE || !isfinite(*v))
        return false;
    *end = e;
    return true;
}

struct unit {
    const char *name;
    double mul, div; /* value in base units = number * mul / div (division keeps 360/min exact) */
};

/* A number followed (after optional spaces) by one of units; "" in units allows no unit. */
static bool number_with_unit(const char *text, const struct unit *units, size_t n_units,
                             const char *unit_list, bool unit_required, double *out, char *err,
                             size_t errlen)
{
    double v;
    const char *end;
    if (!leading_number(text, &v, &end)) {
        snprintf(err, errlen, "not a number");
        return false;
    }
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end == '\0' && unit_required) {
        snprintf(err, errlen, "needs a unit (%s)", unit_list);
        return false;
    }
    for (size_t i = 0; i < n_units; i++)
        if (!strcmp(end, units[i].name)) {
            *out = v * units[i].mul / units[i].div;
            if (!isfinite(*out)) {
                snprintf(err, errlen, "too large");
                return false;
            }
            return true;
        }
    snprintf(err, errlen, "unknown unit \"%s\" (use %s)", end, unit_list);
    return false;
}

bool params_parse_duration(const char *text, double *seconds, char *err, size_t errlen)
{
    static const struct unit u[] = {
        {"ms", 1, 1000}, {"s", 1, 1}, {"min", 60, 1}, {"h", 3600, 1}, {"d", 86400, 1}};
    return number_with_unit(text, u, 5, "ms, s, min, h or d", true, seconds, err, errlen);
}

bool params_parse_bytes(const char *text, double *bytes, char *err, size_t errlen)
{
    static const struct unit u[] = {{"", 1, 1},           {"B", 1, 1},
                                    {"KB", 1e3, 1},         {"MB", 1e6, 1},
                                    {"GB", 1e9, 1},         {"KiB", 1024.0, 1},
                                    {"MiB", 1048576.0, 1},  {"GiB", 1073741824.0, 1}};
    return number_with_unit(text, u, 8, "B, KB, MB, GB, KiB, MiB or GiB", false, bytes, err,
                            errlen);
}

bool params_parse_rate(const char *text, double *per_s, char *err, size_t errlen)
{
    static const struct unit u[] = {
        {"", 1, 1}, {"/s", 1, 1}, {"/min", 1, 60}, {"/h", 1, 3600}, {"/d", 1, 86400}};
    return number_with_unit(text, u, 5, "/s, /min, /h or /d", false, per_s, err, errlen);
}

bool params_parse_bitrate(const char *text, double *bits_per_s, char *err, size_t errlen)
{
    static const struct unit u[] = {
        {"bps", 1, 1}, {"kbps", 1e3, 1}, {"Mbps", 1e6, 1}, {"Gbps", 1e9, 1}};
    return number_with_unit(text, u, 4, "bps, kbps, Mbps or Gbps", true, bits_per_s, err,
                            errlen);
}

/* Shortest %g form that reads back as the same double. */
static void format_double(double v, char *buf, size_t len)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void params_format_bitrate(double bits_per_s, char *buf, size_t len)
{
    static const struct unit u[] = {{"Gbps", 1e9, 1}, {"Mbps", 1e6, 1}, {"kbps", 1e3, 1}};
    char num[40];
    for (size_t i = 0; i < 3; i++) {
        if (fabs(bits_per_s) < u[i].mul)
            continue;
        format_double(bits_per_s / u[i].mul, num, sizeof num);
        if (strtod(num, NULL) * u[i].mul == bits_per_s && strlen(num) < 9) {
            snprintf(buf, len, "%s%s", num, u[i].name);
            return;
        }
    }
    format_double(bits_per_s, num, sizeof num);
    snprintf(buf, len, "%sbps", num);
}

static bool parse_int(const char *text, long *out, char *err, size_t errlen)
{
    char digits[64];
    size_t n = 0;
    const char *p = text;
    if (*p == '-' || *p == '+')
        digits[n++] = *p++;
    bool any = false;
    for (; *p; p++) {
        if (*p == '_' && any && p[1] && isdigit((unsigned char)p[1]))
            continue;
        if (!isdigit((unsigned char)*p) || n >= sizeof digits - 1) {
            snprintf(err, errlen, "not an integer");
            return false;
        }
        digits[n++] = *p;
        any = true;
    }
    digits[n] = '\0';
    if (!any) {
        snprintf(err, errlen, "not an integer");
        return false;
    }
    errno = 0;
    long v = strtol(digits, NULL, 10);
    if (errno == ERANGE) {
        snprintf(err, errlen, "too large");
        return false;
    }
    *out = v;
    return true;
}

/* Instance names and PARAM_NAME values: letters, digits, "-", "_" and ".". */
static bool valid_instance_name(const char *s)
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

/* In what follows, base is the struct that holds def's field: the config struct, or one
 * element of a repeatable section's array. */

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

/* Parses text into the def's field of base. */
static bool parse_value(const struct param_def *def, void *base, const char *text, char *err,
                        size_t errlen)
{
    char *field = (char *)base + def->offset;
    double v;
    const char *end;
    switch (def->type) {
    case PARAM_INT:
        return parse_int(text, (long *)field, err, errlen);
    case PARAM_REAL:
        if (!leading_number(text, &v, &end) || *end) {
            snprintf(err, errlen, "not a number");
            return false;
        }
        *(double *)field = v;
        return true;
    case PARAM_PROB:
        if (leading_number(text, &v, &end))
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
        *(double *)field = v;
        return true;
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
    case PARAM_BOOL: {
        static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
        for (int i = 0; i < 4; i++) {
            if (!strcmp(text, yes[i]))
                return *(int *)field = 1, true;
            if (!strcmp(text, no[i]))
                return *(int *)field = 0, true;
        }
        snprintf(err, errlen, "expected yes or no");
        return false;
    }
    case PARAM_ENUM: {
        int i = choice_index(def->choices, text);
        if (i < 0) {
            char list[128];
            snprintf(list, sizeof list, "%s", def->choices);
            for (char *p = list; (p = strchr(p, '|'));)
                *p = ',';
            /* "a,b,c" -> "a, b, c" */
            char spaced[200];
            size_t k = 0;
            for (const char *p = list; *p && k < sizeof spaced - 2; p++) {
                spaced[k++] = *p;
                if (*p == ',')
                    spaced[k++] = ' ';
            }
            spaced[k] = '\0';
            snprintf(err, errlen, "expected one of %s", spaced);
            return false;
        }
        *(int *)field = i;
        return true;
    }
    case PARAM_STRING:
        if (strlen(text) >= PARAM_STRING_MAX) {
            snprintf(err, errlen, "longer than %d bytes", PARAM_STRING_MAX - 1);
            return false;
        }
        /* Only --set can bring these; refused so that the written scenario reads back. */
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
    case PARAM_NAME:
        if (!valid_instance_name(text)) {
            snprintf(err, errlen, "use letters, digits, \"-\", \"_\" and \".\"");
            return false;
        }
        if (strlen(text) >= PARAM_NAME_MAX) {
            snprintf(err, errlen, "longer than %d characters", PARAM_NAME_MAX - 1);
            return false;
        }
        snprintf(field, PARAM_NAME_MAX, "%s", text);
        return true;
    case PARAM_CUSTOM:
        return def->parse(text, field, err, errlen);
    }
    return false;
}

static void format_value(const struct param_def *def, const void *base, char *buf, size_t len)
{
    const char *field = (const char *)base + def->offset;
    char num[40];
    switch (def->type) {
    case PARAM_INT: snprintf(buf, len, "%ld", *(const long *)field); return;
    case PARAM_REAL: case PARAM_PROB: case PARAM_BYTES:
        format_double(*(const double *)field, buf, len);
        return;
    case PARAM_DURATION:
        format_double(*(const double *)field, num, sizeof num);
        snprintf(buf, len, "%ss", num);
        return;
    case PARAM_RATE:
        format_double(*(const double *)field, num, sizeof num);
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
static void format_bounds(const struct param_def *def, char *buf, size_t len)
{
    char lo[40], hi[40];
    if (def->type == PARAM_TIME) {
        calendar_format(def->min, lo, sizeof lo);
        calendar_format(def->max, hi, sizeof hi);
    } else if (def->type == PARAM_BITRATE) {
        params_format_bitrate(def->min, lo, sizeof lo);
        params_format_bitrate(def->max, hi, sizeof hi);
    } else {
        format_double(def->min, lo, sizeof lo);
        format_double(def->max, hi, sizeof hi);
    }
    const char *u = unit_suffix(def->type);
    snprintf(buf, len, "%s%s to %s%s", lo, u, hi, u);
}

/* ---- names and suggestions --------------------------------------------------------- */

int params_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Appends ' (did you mean "x"?)' to buf when a candidate is close to word. */
static void suggest(const char *word, const char *const *candidates, size_t n, char *buf,
                    size_t len)
{
    const char *best = NULL;
    int best_d = 3;
    for (size_t i = 0; i < n; i++) {
        int d = params_edit_distance(word, candidates[i]);
        size_t lw = strlen(word), lc = strlen(candidates[i]);
        if (d > 2 && lw >= 3 && (!strncmp(word, candidates[i], lw) || !strncmp(word, candidates[i], lc)))
            d = 2;
        if (d < best_d && d < (int)lw) {
            best_d = d;
            best = candidates[i];
        }
    }
    if (best)
        snprintf(buf + strlen(buf), len - strlen(buf), " (did you mean \"%s\"?)", best);
}

static const struct param_def *find_def(const struct param_table *tab, const char *section,
                                        const char *key)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section) && !strcmp(tab->defs[i].key, key))
            return &tab->defs[i];
    return NULL;
}

/* The repeatable section called name, or NULL. */
static const struct param_section *find_section(const struct param_table *tab, const char *name)
{
    for (size_t i = 0; i < tab->n_sections; i++)
        if (!strcmp(tab->sections[i].name, name))
            return &tab->sections[i];
    return NULL;
}

static bool section_known(const struct param_table *tab, const char *section)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section))
            return true;
    return find_section(tab, section) != NULL;
}

static void unknown_section_msg(const struct param_table *tab, const char *section, char *buf,
                                size_t len)
{
    const char *names[128];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 128; i++)
        if (i == 0 || strcmp(tab->defs[i].section, tab->defs[i - 1].section))
            names[n++] = tab->defs[i].section;
    for (size_t i = 0; i < tab->n_sections && n < 128; i++)
        names[n++] = tab->sections[i].name;
    snprintf(buf, len, "unknown section \"%s\"", section);
    suggest(section, names, n, buf, len);
}

/* label names the section as in its header: "worm", "router cisco-a". */
static void unknown_key_msg(const struct param_table *tab, const char *section,
                            const char *label, const char *key, char *buf, size_t len)
{
    const char *names[256];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 256; i++)
        if (!strcmp(tab->defs[i].section, section))
            names[n++] = tab->defs[i].key;
    snprintf(buf, len, "unknown key \"%s\" in [%s]", key, label);
    suggest(key, names, n, buf, len);
}

/* ---- instances of repeatable sections ----------------------------------------------- */

static int *instance_count(const struct param_section *sec, const void *config)
{
    return (int *)((char *)config + sec->count_offset);
}

static char *instance(const struct param_section *sec, const void *config, int i)
{
    return (char *)config + sec->offset + (size_t)i * sec->stride;
}

static char *instance_name(const struct param_section *sec, const void *config, int i)
{
    return instance(sec, config, i) + sec->name_offset;
}

/* Index of the instance called name, or -1. */
static int find_instance(const struct param_section *sec, const void *config, const char *name)
{
    for (int i = 0; i < *instance_count(sec, config); i++)
        if (!strcmp(instance_name(sec, config, i), name))
            return i;
    return -1;
}

/* ---- applying one setting ---------------------------------------------------------- */

/* Parses and range-checks text for def into base; on error writes the message to msg. where
 * names the section in messages: "worm", or "router.cisco-a" for an instance. */
static bool apply(const struct param_def *def, void *base, const char *where, const char *text,
                  char *msg, size_t len)
{
    if (!*text && def->type != PARAM_STRING && def->type != PARAM_NAME) {
        snprintf(msg, len, "missing value for %s.%s", where, def->key);
        return false;
    }
    char err[300];
    if (!parse_value(def, base, text, err, sizeof err)) {
        snprintf(msg, len, "bad value \"%s\" for %s.%s: %s", text, where, def->key, err);
        return false;
    }
    double v = numeric_value(def, base);
    if (def->min <= def->max && !isnan(v) && (v < def->min || v > def->max)) {
        char bounds[100];
        format_bounds(def, bounds, sizeof bounds);
        snprintf(msg, len, "%s.%s = %s is out of range (%s)", where, def->key, text, bounds);
        return false;
    }
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Cuts an inline comment: # or ; preceded by white space. */
static void cut_comment(char *s)
{
    for (char *p = s; *p; p++)
        if ((*p == '#' || *p == ';') && p > s && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return;
        }
}

static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' &&
            *s != '-' && *s != ' ')
            return false;
    return true;
}

/* Offset of the first byte that makes data not text, or -1: NUL and other control characters
 * than tab, CR and LF, and anything that is not UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static long binary_offset(const unsigned char *data, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = data[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return (long)i;
            if (c == 0x7F)
                return (long)i;
            i++;
            continue;
        }
        size_t extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                     : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        if (extra == 0 || i + extra >= n)
            return (long)i;
        unsigned long cp = c & (0x3F >> extra);
        for (size_t k = 1; k <= extra; k++) {
            if ((data[i + k] & 0xC0) != 0x80)
                return (long)i;
            cp = cp << 6 | (data[i + k] & 0x3F);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return (long)i;
        i += extra + 1;
    }
    return -1;
}

/* Characters (UTF-8 code points) in n bytes of valid UTF-8. */
static size_t utf8_length(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

/* Every plain key gets its default; so does every element of every repeatable section's
 * array, with an empty name; counts start at 0. */
static void set_defaults(const struct param_table *tab, void *config)
{
    for (size_t s = 0; s < tab->n_sections; s++) {
        const struct param_section *sec = &tab->sections[s];
        assert(sec->max >= 1 && sec->name_size >= 2 && sec->name_offset < sec->stride);
        *instance_count(sec, config) = 0;
        for (int i = 0; i < sec->max; i++)
            instance_name(sec, config, i)[0] = '\0';
    }
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        const struct param_section *sec = find_section(tab, def->section);
        char msg[512];
        for (int k = 0; k < (sec ? sec->max : 1); k++) {
            bool ok = apply(def, sec ? instance(sec, config, k) : config, def->section, def->def,
                            msg, sizeof msg);
            assert(ok && "a parameter's default does not parse");
            (void)ok;
        }
    }
}

/* Reads at most MAX_FILE_BYTES + 1 bytes of path, NUL-terminated (the caller frees). */
static enum status read_file(const char *path, char **data, size_t *n, struct diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return diag_set(d, ST_IO, path, 0, "cannot read: %s", strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while (len <= (size_t)MAX_FILE_BYTES && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        free(buf);
        return diag_set(d, ST_IO, path, 0, "cannot read: %s", strerror(saved));
    }
    buf[len] = '\0';
    *data = buf;
    *n = len;
    return ST_OK;
}

/* What params_load remembers while it reads: where each key was set, per instance. */
struct loading {
    const struct param_table *tab;
    void *config;
    size_t slots;     /* instances per def: 1, or the largest max of a repeatable section */
    int *set_line;    /* [def * slots + instance]: the file line that set it, or 0 */
    bool *seen;       /* [def * slots + instance]: an override set it */
    int *header_line; /* [section * slots + instance]: the line of the instance's header */
};

/* The section being read: a plain one (sec NULL), or instance inst of sec. */
struct place {
    char section[128];             /* its name: "worm", "router" */
    const struct param_section *sec;
    int inst;
    char label[128 + PARAM_STRING_MAX]; /* as in its header: "worm", "router cisco-a" */
    char where[128 + PARAM_STRING_MAX]; /* as before a key: "worm", "router.cisco-a" */
};

static void place_set(struct place *pl, const char *section, const struct param_section *sec,
                      int inst, const char *name)
{
    snprintf(pl->section, sizeof pl->section, "%s", section);
    pl->sec = sec;
    pl->inst = inst;
    snprintf(pl->label, sizeof pl->label, "%s%s%s", section, sec ? " " : "", sec ? name : "");
    snprintf(pl->where, sizeof pl->where, "%s%s%s", section, sec ? "." : "", sec ? name : "");
}

/* Opens [sec name] from line lineno: checks the name, adds the instance and points pl at it. */
static enum status open_instance(struct loading *ld, const struct param_section *sec,
                                 const char *name, struct place *pl, const char *path,
                                 int lineno, struct diag *d)
{
    if (!*name)
        return diag_set(d, ST_INPUT, path, lineno, "[%s] needs a name, like [%s NAME]",
                        sec->name, sec->name);
    if (!valid_instance_name(name))
        return diag_set(d, ST_INPUT, path, lineno,
                        "bad name \"%.100s\" for [%s]: use letters, digits, \"-\", \"_\" and \".\"",
                        name, sec->name);
    if (strlen(name) >= sec->name_size)
        return diag_set(d, ST_INPUT, path, lineno, "name for [%s] is longer than %zu characters",
                        sec->name, sec->name_size - 1);
    size_t s = (size_t)(sec - ld->tab->sections);
    int first = find_instance(sec, ld->config, name);
    if (first >= 0)
        return diag_set(d, ST_INPUT, path, lineno, "duplicate [%s %s] (first on line %d)",
                        sec->name, name, ld->header_line[s * ld->slots + (size_t)first]);
    int *count = instance_count(sec, ld->config);
    if (*count >= sec->max)
        return diag_set(d, ST_INPUT, path, lineno, "too many [%s] sections (at most %d)",
                        sec->name, sec->max);
    int inst = (*count)++;
    snprintf(instance_name(sec, ld->config, inst), sec->name_size, "%s", name);
    ld->header_line[s * ld->slots + (size_t)inst] = lineno;
    place_set(pl, sec->name, sec, inst, name);
    return ST_OK;
}

/* A section header, the text between "[" and "]": a plain section, or a repeatable section's
 * name and an instance name. Points pl at it. */
static enum status open_section(struct loading *ld, char *header, struct place *pl,
                                const char *path, int lineno, struct diag *d)
{
    char *name = trim(header);
    size_t word = strcspn(name, " \t");
    char first[128];
    snprintf(first, sizeof first, "%.*s", (int)(word < sizeof first ? word : 0), name);
    const struct param_section *sec = find_section(ld->tab, first);
    if (sec)
        return open_instance(ld, sec, trim(name + word), pl, path, lineno, d);
    if (!valid_name(name) || !section_known(ld->tab, name)) {
        char msg[700];
        unknown_section_msg(ld->tab, name, msg, sizeof msg);
        if (name[word] && !strchr(msg, '(')) { /* [routr a]: did you mean [router a]? */
            const char *names[128];
            size_t n = 0;
            for (size_t i = 0; i < ld->tab->n_sections && n < 128; i++)
                names[n++] = ld->tab->sections[i].name;
            char near[200] = "";
            suggest(first, names, n, near, sizeof near);
            if (near[0]) {
                char *close = strrchr(near, '"');
                snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%.*s %s\"?)",
                         (int)(close - near), near, trim(name + word));
            }
        }
        return diag_set(d, ST_INPUT, path, lineno, "%s", msg);
    }
    place_set(pl, name, NULL, 0, NULL);
    return ST_OK;
}

/* The struct a def's field lives in, at place pl. */
static void *place_base(const struct loading *ld, const struct place *pl)
{
    return pl->sec ? instance(pl->sec, ld->config, pl->inst) : ld->config;
}

static size_t slot(const struct loading *ld, const struct param_def *def, const struct place *pl)
{
    return (size_t)(def - ld->tab->defs) * ld->slots + (size_t)(pl->sec ? pl->inst : 0);
}

static enum status load_file(struct loading *ld, const char *path, struct diag *d)
{
    const struct param_table *tab = ld->tab;
    char *data = NULL;
    size_t n = 0;
    enum status st = read_file(path, &data, &n, d);
    if (st != ST_OK)
        return st;
    long bin = binary_offset((const unsigned char *)data, n);
    if (bin >= 0) {
        free(data);
        return diag_set(d, ST_INPUT, path, 0, "not a text file (binary data at byte %ld)", bin);
    }
    if (n > (size_t)MAX_FILE_BYTES) {
        free(data);
        return diag_set(d, ST_INPUT, path, 0, "file is too large for a scenario (over %ld KiB)",
                        MAX_FILE_BYTES / 1024);
    }
    struct place pl = {.section = ""};
    int lineno = 0, settings = 0;
    char msg[700];
    st = ST_OK;
    char *start = data;
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) /* a UTF-8 byte order mark (Notepad) */
        start += 3;
    for (char *line = start; line && st == ST_OK;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        size_t bytes = strlen(line);
        if (bytes > 0 && line[bytes - 1] == '\r')
            bytes--;
        if (utf8_length(line, bytes) > MAX_LINE) {
            st = diag_set(d, ST_INPUT, path, lineno, "line is longer than %d characters", MAX_LINE);
            break;
        }
        char *s = trim(line);
        line = nl ? nl + 1 : NULL;
        if (!*s || *s == '#' || *s == ';')
            continue;
        cut_comment(s);
        s = trim(s);
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close) {
                st = diag_set(d, ST_INPUT, path, lineno, "unterminated section header");
                break;
            }
            if (close[1]) { /* s is trimmed: something follows the "]" */
                st = diag_set(d, ST_INPUT, path, lineno, "expected \"[section]\", got \"%.60s\"",
                              s);
                break;
            }
            *close = '\0';
            st = open_section(ld, s + 1, &pl, path, lineno, d);
            settings += pl.sec != NULL; /* a header of a repeatable section adds an instance */
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            st = diag_set(d, ST_INPUT, path, lineno, "expected \"key = value\", got \"%.60s\"", s);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (!*key) {
            st = diag_set(d, ST_INPUT, path, lineno, "expected \"key = value\", got \"=%.60s\"",
                          value);
            break;
        }
        if (!pl.section[0]) {
            st = diag_set(d, ST_INPUT, path, lineno, "key \"%s\" outside any section", key);
            break;
        }
        const struct param_def *def = find_def(tab, pl.section, key);
        if (!def) {
            unknown_key_msg(tab, pl.section, pl.label, key, msg, sizeof msg);
            st = diag_set(d, ST_INPUT, path, lineno, "%s", msg);
            break;
        }
        int *set_line = &ld->set_line[slot(ld, def, &pl)];
        if (*set_line) {
            st = diag_set(d, ST_INPUT, path, lineno, "duplicate key \"%s\" in [%s] (first set on line %d)",
                          key, pl.label, *set_line);
            break;
        }
        *set_line = lineno;
        settings++;
        if (!apply(def, place_base(ld, &pl), pl.where, value, msg, sizeof msg))
            st = diag_set(d, ST_INPUT, path, lineno, "%s", msg);
    }
    if (st == ST_OK && settings == 0)
        st = diag_set(d, ST_INPUT, path, 0, "file is empty (no settings)");
    free(data);
    return st;
}

/* The names of sec's instances, for suggestions. */
static size_t instance_names(const struct param_section *sec, const void *config,
                             const char **names, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < *instance_count(sec, config) && n < max; i++)
        names[n++] = instance_name(sec, config, i);
    return n;
}

/* Finds where an override's "section.key" or "section.INSTANCE.key" points: fills pl and
 * returns the key, or writes the reason (without the "--set text: " prefix) to why. */
static const char *override_place(struct loading *ld, char *lhs, struct place *pl, char *why,
                                  size_t len)
{
    char *dot = strchr(lhs, '.');
    *dot = '\0';
    char *section = trim(lhs), *rest = dot + 1;
    const struct param_section *sec = find_section(ld->tab, section);
    if (!sec) {
        if (!section_known(ld->tab, section)) {
            unknown_section_msg(ld->tab, section, why, len);
            return NULL;
        }
        place_set(pl, section, NULL, 0, NULL);
        return trim(rest);
    }
    char *last = strrchr(rest, '.'); /* keys hold no ".", instance names may */
    if (last)
        *last = '\0';
    char *name = trim(rest);
    if (!last || !*name) {
        snprintf(why, len, "expected %s.NAME.key=value", section);
        return NULL;
    }
    int inst = find_instance(sec, ld->config, name);
    if (inst < 0) {
        const char *names[256];
        size_t n = instance_names(sec, ld->config, names, 256);
        snprintf(why, len, "no [%s %s] in the scenario", section, name);
        suggest(name, names, n, why, len);
        return NULL;
    }
    place_set(pl, section, sec, inst, name);
    return trim(last + 1);
}

/* One override: buf is a writable copy of text; on error the whole message goes to msg. */
static enum status override_one(struct loading *ld, const char *text, char *buf, char *msg,
                                size_t len)
{
    char why[600];
    char *eq = strchr(buf, '='), *dot = strchr(buf, '.');
    if (!eq || !dot || dot > eq) {
        snprintf(msg, len, "--set %s: expected section.key=value, like worm.threads=300", text);
        return ST_INPUT;
    }
    *eq = '\0';
    char *value = trim(eq + 1);
    struct place pl;
    const char *key = override_place(ld, buf, &pl, why, sizeof why);
    if (!key) {
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    const struct param_def *def = find_def(ld->tab, pl.section, key);
    if (!def) {
        unknown_key_msg(ld->tab, pl.section, pl.label, key, why, sizeof why);
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    bool *seen = &ld->seen[slot(ld, def, &pl)];
    if (*seen) {
        snprintf(msg, len, "--set %s.%s is given twice", pl.where, key);
        return ST_INPUT;
    }
    *seen = true;
    if (!apply(def, place_base(ld, &pl), pl.where, value, why, sizeof why)) {
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    return ST_OK;
}

static enum status apply_override(struct loading *ld, const char *text, struct diag *d)
{
    char msg[768];
    char *buf = xstrdup(text);
    enum status st = override_one(ld, text, buf, msg, sizeof msg);
    free(buf);
    if (st != ST_OK)
        return diag_set(d, st, "--set", 0, "%s", msg);
    return ST_OK;
}

enum status params_load(const struct param_table *tab, void *config, const char *path,
                        const struct param_override *ovr, size_t n_ovr, struct diag *d)
{
    set_defaults(tab, config);
    struct loading ld = {.tab = tab, .config = config, .slots = 1};
    for (size_t s = 0; s < tab->n_sections; s++)
        if ((size_t)tab->sections[s].max > ld.slots)
            ld.slots = (size_t)tab->sections[s].max;
    ld.set_line = xcalloc(tab->n * ld.slots + 1, sizeof *ld.set_line);
    ld.seen = xcalloc(tab->n * ld.slots + 1, sizeof *ld.seen);
    ld.header_line = xcalloc(tab->n_sections * ld.slots + 1, sizeof *ld.header_line);
    enum status st = path ? load_file(&ld, path, d) : ST_OK;
    for (size_t i = 0; st == ST_OK && i < n_ovr; i++)
        st = apply_override(&ld, ovr[i].text, d);
    free(ld.set_line);
    free(ld.seen);
    free(ld.header_line);
    return st;
}

/* Writes the "key = value" lines of section's defs for the struct base. */
static void write_keys(const struct param_table *tab, const char *section, const void *base,
                       FILE *out)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        if (strcmp(def->section, section))
            continue;
        char value[PARAM_STRING_MAX + 64];
        format_value(def, base, value, sizeof value);
        fprintf(out, "%s =%s%s\n", def->key, value[0] ? " " : "", value);
    }
}

/* Writes every instance of sec as [name INSTANCE] and its keys. */
static void write_instances(const struct param_table *tab, const struct param_section *sec,
                            const void *config, bool *first, FILE *out)
{
    for (int k = 0; k < *instance_count(sec, config); k++) {
        fprintf(out, "%s[%s %s]\n", *first ? "" : "\n", sec->name,
                instance_name(sec, config, k));
        *first = false;
        write_keys(tab, sec->name, instance(sec, config, k), out);
    }
}

/* True when def is the first of its section in the table. */
static bool first_of_section(const struct param_table *tab, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(tab->defs[j].section, tab->defs[i].section))
            return false;
    return true;
}

static bool section_has_defs(const struct param_table *tab, const char *section)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section))
            return true;
    return false;
}

void params_write(const struct param_table *tab, const void *config, FILE *out)
{
    const char *open = NULL; /* the plain section whose header was written last */
    bool first = true;
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        const struct param_section *sec = find_section(tab, def->section);
        if (sec) {
            if (first_of_section(tab, i))
                write_instances(tab, sec, config, &first, out);
            if (*instance_count(sec, config) > 0)
                open = NULL;
            continue;
        }
        if (!open || strcmp(def->section, open))
            fprintf(out, "%s[%s]\n", first ? "" : "\n", def->section);
        open = def->section;
        first = false;
        char value[PARAM_STRING_MAX + 64];
        format_value(def, config, value, sizeof value);
        fprintf(out, "%s =%s%s\n", def->key, value[0] ? " " : "", value);
    }
    for (size_t s = 0; s < tab->n_sections; s++)
        if (!section_has_defs(tab, tab->sections[s].name))
            write_instances(tab, &tab->sections[s], config, &first, out);
}

char *params_to_string(const struct param_table *tab, const void *config)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        fputs("wormsim: out of memory\n", stderr);
        abort();
    }
    params_write(tab, config, f);
    fclose(f);
    return buf;
}

static const char *type_name(enum param_type t)
{
    static const char *const names[] = {"integer", "number",   "probability", "duration",
                                        "rate",    "bytes",    "bit rate",    "UTC time",
                                        "yes/no",  "choice",   "text",        "name",
                                        "value"};
    _Static_assert(sizeof names / sizeof names[0] == PARAM_CUSTOM + 1, "a name per type");
    return names[t];
}

static void write_section_help(const struct param_section *sec, FILE *out)
{
    char name[96], what[64];
    snprintf(name, sizeof name, "[%s NAME]", sec->name);
    snprintf(what, sizeof what, "repeatable, up to %d section%s", sec->max,
             sec->max == 1 ? "" : "s");
    fprintf(out, "%-36s %s\n    %s\n", name, what, sec->help ? sec->help : "");
}

void params_write_help(const struct param_table *tab, FILE *out)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        const struct param_section *sec = find_section(tab, def->section);
        if (sec && first_of_section(tab, i))
            write_section_help(sec, out);
        char name[96], bounds[120] = "";
        snprintf(name, sizeof name, "%s.%s%s", def->section, sec ? "NAME." : "", def->key);
        if (def->min <= def->max) {
            char b[100];
            format_bounds(def, b, sizeof b);
            snprintf(bounds, sizeof bounds, "  (%s)", b);
        } else if (def->type == PARAM_ENUM) {
            snprintf(bounds, sizeof bounds, "  (%s)", def->choices);
        }
        fprintf(out, "%-36s %-12s default %s%s\n    %s\n", name, type_name(def->type),
                def->def[0] ? def->def : "\"\"", bounds, def->help);
    }
    for (size_t s = 0; s < tab->n_sections; s++)
        if (!section_has_defs(tab, tab->sections[s].name))
            write_section_help(&tab->sections[s], out);
}
