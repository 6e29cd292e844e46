/* params.c - parameter tables and the scenario-file reader (see params.h).
 * The file is read whole, checked to be text, then taken line by line: sections, "key = value"
 * pairs, comments (# or ; at the start of a line, or after white space). Every value goes
 * through one parser per type, so defaults, file values and --set overrides are checked alike.
 * The first error wins and names file, line and key. An unknown name gets a suggestion when a
 * known one is within edit distance 2 (and less than the word's length) or one is a prefix of
 * the other (3 letters or more). */
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
static double numeric_value(const struct param_def *def, const void *config)
{
    const char *field = (const char *)config + def->offset;
    switch (def->type) {
    case PARAM_INT: return (double)*(const long *)field;
    case PARAM_REAL: case PARAM_PROB: case PARAM_DURATION: case PARAM_RATE: case PARAM_BYTES:
    case PARAM_TIME:
        return *(const double *)field;
    default: return NAN;
    }
}

/* Parses text into the def's field of config. */
static bool parse_value(const struct param_def *def, void *config, const char *text, char *err,
                        size_t errlen)
{
    char *field = (char *)config + def->offset;
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
    case PARAM_CUSTOM:
        return def->parse(text, field, err, errlen);
    }
    return false;
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

static void format_value(const struct param_def *def, const void *config, char *buf, size_t len)
{
    const char *field = (const char *)config + def->offset;
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
    case PARAM_TIME: calendar_format(*(const double *)field, buf, len); return;
    case PARAM_BOOL: snprintf(buf, len, "%s", *(const int *)field ? "yes" : "no"); return;
    case PARAM_ENUM: choice_name(def->choices, *(const int *)field, buf, len); return;
    case PARAM_STRING: snprintf(buf, len, "%s", field); return;
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

static bool section_known(const struct param_table *tab, const char *section)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section))
            return true;
    return false;
}

static void unknown_section_msg(const struct param_table *tab, const char *section, char *buf,
                                size_t len)
{
    const char *names[128];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 128; i++)
        if (i == 0 || strcmp(tab->defs[i].section, tab->defs[i - 1].section))
            names[n++] = tab->defs[i].section;
    snprintf(buf, len, "unknown section \"%s\"", section);
    suggest(section, names, n, buf, len);
}

static void unknown_key_msg(const struct param_table *tab, const char *section, const char *key,
                            char *buf, size_t len)
{
    const char *names[256];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 256; i++)
        if (!strcmp(tab->defs[i].section, section))
            names[n++] = tab->defs[i].key;
    snprintf(buf, len, "unknown key \"%s\" in [%s]", key, section);
    suggest(key, names, n, buf, len);
}

/* ---- applying one setting ---------------------------------------------------------- */

/* Parses and range-checks text for def into config; on error writes the message to msg. */
static bool apply(const struct param_def *def, void *config, const char *text, char *msg,
                  size_t len)
{
    if (!*text && def->type != PARAM_STRING) {
        snprintf(msg, len, "missing value for %s.%s", def->section, def->key);
        return false;
    }
    char err[300];
    if (!parse_value(def, config, text, err, sizeof err)) {
        snprintf(msg, len, "bad value \"%s\" for %s.%s: %s", text, def->section, def->key, err);
        return false;
    }
    double v = numeric_value(def, config);
    if (def->min <= def->max && !isnan(v) && (v < def->min || v > def->max)) {
        char bounds[100];
        format_bounds(def, bounds, sizeof bounds);
        snprintf(msg, len, "%s.%s = %s is out of range (%s)", def->section, def->key, text,
                 bounds);
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

static void set_defaults(const struct param_table *tab, void *config)
{
    for (size_t i = 0; i < tab->n; i++) {
        char msg[512];
        bool ok = apply(&tab->defs[i], config, tab->defs[i].def, msg, sizeof msg);
        assert(ok && "a parameter's default does not parse");
        (void)ok;
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

static enum status load_file(const struct param_table *tab, void *config, const char *path,
                             int *set_line, struct diag *d)
{
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
    char section[128] = "";
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
            char *name = trim(s + 1);
            if (!valid_name(name) || !section_known(tab, name)) {
                unknown_section_msg(tab, name, msg, sizeof msg);
                st = diag_set(d, ST_INPUT, path, lineno, "%s", msg);
                break;
            }
            snprintf(section, sizeof section, "%s", name);
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
        if (!section[0]) {
            st = diag_set(d, ST_INPUT, path, lineno, "key \"%s\" outside any section", key);
            break;
        }
        const struct param_def *def = find_def(tab, section, key);
        if (!def) {
            unknown_key_msg(tab, section, key, msg, sizeof msg);
            st = diag_set(d, ST_INPUT, path, lineno, "%s", msg);
            break;
        }
        size_t idx = (size_t)(def - tab->defs);
        if (set_line[idx]) {
            st = diag_set(d, ST_INPUT, path, lineno, "duplicate key \"%s\" in [%s] (first set on line %d)",
                          key, section, set_line[idx]);
            break;
        }
        set_line[idx] = lineno;
        settings++;
        if (!apply(def, config, value, msg, sizeof msg))
            st = diag_set(d, ST_INPUT, path, lineno, "%s", msg);
    }
    if (st == ST_OK && settings == 0)
        st = diag_set(d, ST_INPUT, path, 0, "file is empty (no settings)");
    free(data);
    return st;
}

/* One override: buf is a writable copy of text; on error the whole message goes to msg. */
static enum status override_one(const struct param_table *tab, void *config, const char *text,
                                char *buf, bool *seen, char *msg, size_t len)
{
    char why[600];
    char *eq = strchr(buf, '='), *dot = strchr(buf, '.');
    if (!eq || !dot || dot > eq) {
        snprintf(msg, len, "--set %s: expected section.key=value, like worm.threads=300", text);
        return ST_INPUT;
    }
    *eq = '\0';
    *dot = '\0';
    char *section = trim(buf), *key = trim(dot + 1), *value = trim(eq + 1);
    if (!section_known(tab, section)) {
        unknown_section_msg(tab, section, why, sizeof why);
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    const struct param_def *def = find_def(tab, section, key);
    if (!def) {
        unknown_key_msg(tab, section, key, why, sizeof why);
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    size_t idx = (size_t)(def - tab->defs);
    if (seen[idx]) {
        snprintf(msg, len, "--set %s.%s is given twice", section, key);
        return ST_INPUT;
    }
    seen[idx] = true;
    if (!apply(def, config, value, why, sizeof why)) {
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    return ST_OK;
}

static enum status apply_override(const struct param_table *tab, void *config, const char *text,
                                  bool *seen, struct diag *d)
{
    char msg[768];
    char *buf = xstrdup(text);
    enum status st = override_one(tab, config, text, buf, seen, msg, sizeof msg);
    free(buf);
    if (st != ST_OK)
        return diag_set(d, st, "--set", 0, "%s", msg);
    return ST_OK;
}

enum status params_load(const struct param_table *tab, void *config, const char *path,
                        const struct param_override *ovr, size_t n_ovr, struct diag *d)
{
    set_defaults(tab, config);
    int *set_line = xcalloc(tab->n, sizeof *set_line);
    bool *seen = xcalloc(tab->n, sizeof *seen);
    enum status st = path ? load_file(tab, config, path, set_line, d) : ST_OK;
    for (size_t i = 0; st == ST_OK && i < n_ovr; i++)
        st = apply_override(tab, config, ovr[i].text, seen, d);
    free(set_line);
    free(seen);
    return st;
}

void params_write(const struct param_table *tab, const void *config, FILE *out)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        if (i == 0 || strcmp(def->section, tab->defs[i - 1].section))
            fprintf(out, "%s[%s]\n", i ? "\n" : "", def->section);
        char value[PARAM_STRING_MAX + 64];
        format_value(def, config, value, sizeof value);
        fprintf(out, "%s =%s%s\n", def->key, value[0] ? " " : "", value);
    }
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
    static const char *const names[] = {"integer", "number", "probability", "duration", "rate",
                                        "bytes", "UTC time", "yes/no", "choice", "text", "value"};
    return names[t];
}

void params_write_help(const struct param_table *tab, FILE *out)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        char name[96], bounds[120] = "";
        snprintf(name, sizeof name, "%s.%s", def->section, def->key);
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
}
