/* params_load.c - the scenario-file reader and --set overrides (params_load, see params.h).
 * The file is read whole, checked to be text, then taken line by line: sections, "key = value"
 * pairs, comments (# or ; at the start of a line, or after white space). Every value goes
 * through one parser per type (params_value.c), so defaults, file values and --set overrides
 * are checked alike. The first error wins and names file, line and key. A repeatable section's
 * keys live in elements of an array: the reader keeps a "place" (plain section, or section and
 * instance) and every field address is the place's base struct plus the def's offset. */
#include "params.h"
#include "params_internal.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 1000             /* characters (code points), not counting the line end */
#define MAX_FILE_BYTES (1L << 20) /* a scenario is a few KB; this stops `check /dev/zero` */

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
        *params_instance_count(sec, config) = 0;
        for (int i = 0; i < sec->max; i++)
            params_instance_name(sec, config, i)[0] = '\0';
    }
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        const struct param_section *sec = params_find_section(tab, def->section);
        char msg[512];
        for (int k = 0; k < (sec ? sec->max : 1); k++) {
            void *base = sec ? params_instance(sec, config, k) : config;
            bool ok = params_apply(def, base, def->section, def->def, msg, sizeof msg);
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
    const struct param_extra *extra; /* a section read by someone else, or NULL */
};

/* The section being read: a plain one (sec NULL), or instance inst of sec. */
struct place {
    char section[128];             /* its name: "worm", "router" */
    const struct param_section *sec;
    int inst;
    char label[128 + PARAM_STRING_MAX]; /* as in its header: "worm", "router cisco-a" */
    char where[128 + PARAM_STRING_MAX]; /* as before a key: "worm", "router.cisco-a" */
    bool extra;                    /* the param_extra's section: its lines go to its reader */
};

static void place_set(struct place *pl, const char *section, const struct param_section *sec,
                      int inst, const char *name)
{
    snprintf(pl->section, sizeof pl->section, "%s", section);
    pl->sec = sec;
    pl->inst = inst;
    pl->extra = false;
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
    char q[PARAM_QUOTE_BYTES];
    if (!params_valid_instance_name(name))
        return diag_set(d, ST_INPUT, path, lineno,
                        "bad name \"%s\" for [%s]: use letters, digits, \"-\", \"_\" and \".\"",
                        params_shorten(name, q, sizeof q), sec->name);
    if (strlen(name) >= sec->name_size)
        return diag_set(d, ST_INPUT, path, lineno, "name for [%s] is longer than %zu characters",
                        sec->name, sec->name_size - 1);
    size_t s = (size_t)(sec - ld->tab->sections);
    int first = params_find_instance(sec, ld->config, name);
    if (first >= 0)
        return diag_set(d, ST_INPUT, path, lineno, "duplicate [%s %s] (first on line %d)",
                        sec->name, name, ld->header_line[s * ld->slots + (size_t)first]);
    int *count = params_instance_count(sec, ld->config);
    if (*count >= sec->max)
        return diag_set(d, ST_INPUT, path, lineno, "too many [%s] sections (at most %d)",
                        sec->name, sec->max);
    int inst = (*count)++;
    snprintf(params_instance_name(sec, ld->config, inst), sec->name_size, "%s", name);
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
    const struct param_section *sec = params_find_section(ld->tab, first);
    if (sec)
        return open_instance(ld, sec, trim(name + word), pl, path, lineno, d);
    if (ld->extra && !strcmp(name, ld->extra->section)) {
        place_set(pl, name, NULL, 0, NULL);
        pl->extra = true;
        return ST_OK;
    }
    if (!valid_name(name) || !params_section_known(ld->tab, name)) {
        char msg[700];
        params_unknown_section_msg(ld->tab, name, msg, sizeof msg);
        if (name[word] && !strchr(msg, '(')) { /* [routr a]: did you mean [router a]? */
            const char *names[128];
            size_t n = 0;
            for (size_t i = 0; i < ld->tab->n_sections && n < 128; i++)
                names[n++] = ld->tab->sections[i].name;
            char near[200] = "";
            params_suggest(first, names, n, near, sizeof near);
            if (near[0]) {
                char *close = strrchr(near, '"'), q[PARAM_QUOTE_BYTES];
                snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%.*s %s\"?)",
                         (int)(close - near), near, params_shorten(trim(name + word), q, sizeof q));
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
    return pl->sec ? params_instance(pl->sec, ld->config, pl->inst) : ld->config;
}

static size_t slot(const struct loading *ld, const struct param_def *def, const struct place *pl)
{
    return (size_t)(def - ld->tab->defs) * ld->slots + (size_t)(pl->sec ? pl->inst : 0);
}

/* Reads path whole and checks that it is text of a scenario's size (the caller frees). */
static enum status read_text(const char *path, char **data, size_t *n, struct diag *d)
{
    enum status st = read_file(path, data, n, d);
    if (st != ST_OK)
        return st;
    long bin = binary_offset((const unsigned char *)*data, *n);
    if (bin >= 0) {
        free(*data);
        return diag_set(d, ST_INPUT, path, 0, "not a text file (binary data at byte %ld)", bin);
    }
    if (*n > (size_t)MAX_FILE_BYTES) {
        free(*data);
        return diag_set(d, ST_INPUT, path, 0, "file is too large for a scenario (over %ld KiB)",
                        MAX_FILE_BYTES / 1024);
    }
    return ST_OK;
}

/* A "[...]" line s (trimmed, without its comment): opens the section it names at pl. */
static enum status header_line(struct loading *ld, char *s, struct place *pl, const char *path,
                               int lineno, struct diag *d)
{
    char q[PARAM_QUOTE_BYTES];
    char *close = strchr(s, ']');
    if (!close)
        return diag_set(d, ST_INPUT, path, lineno, "unterminated section header");
    if (close[1]) /* s is trimmed: something follows the "]" */
        return diag_set(d, ST_INPUT, path, lineno, "expected \"[section]\", got \"%s\"",
                        params_shorten(s, q, sizeof q));
    *close = '\0';
    return open_section(ld, s + 1, pl, path, lineno, d);
}

/* A "key = value" line s (trimmed, without its comment) in the section at pl. */
static enum status key_line(struct loading *ld, char *s, const struct place *pl,
                            const char *path, int lineno, struct diag *d)
{
    char msg[700], q[PARAM_QUOTE_BYTES];
    char *eq = strchr(s, '=');
    if (!eq)
        return diag_set(d, ST_INPUT, path, lineno, "expected \"key = value\", got \"%s\"",
                        params_shorten(s, q, sizeof q));
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!*key)
        return diag_set(d, ST_INPUT, path, lineno, "expected \"key = value\", got \"=%s\"",
                        params_shorten(value, q, sizeof q));
    if (!pl->section[0])
        return diag_set(d, ST_INPUT, path, lineno, "key \"%s\" outside any section",
                        params_shorten(key, q, sizeof q));
    if (pl->extra)
        return ld->extra->line(key, value, path, lineno, ld->extra->arg, d);
    const struct param_def *def = params_find_def(ld->tab, pl->section, key);
    if (!def) {
        params_unknown_key_msg(ld->tab, pl->section, pl->label, key, msg, sizeof msg);
        return diag_set(d, ST_INPUT, path, lineno, "%s", msg);
    }
    int *set_line = &ld->set_line[slot(ld, def, pl)];
    if (*set_line)
        return diag_set(d, ST_INPUT, path, lineno,
                        "duplicate key \"%s\" in [%s] (first set on line %d)", key, pl->label,
                        *set_line);
    *set_line = lineno;
    if (!params_apply(def, place_base(ld, pl), pl->where, value, msg, sizeof msg))
        return diag_set(d, ST_INPUT, path, lineno, "%s", msg);
    return ST_OK;
}

/* Reads the scenario at path, or text when it is not NULL (path then only names it). */
static enum status load_file(struct loading *ld, const char *path, const char *text,
                             struct diag *d)
{
    char *data = NULL;
    size_t n = 0;
    enum status st = text ? ST_OK : read_text(path, &data, &n, d);
    if (st != ST_OK)
        return st;
    if (text) {
        data = xstrdup(text);
        n = strlen(text);
    }
    struct place pl = {.section = ""};
    int lineno = 0, settings = 0;
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
            st = header_line(ld, s, &pl, path, lineno, d);
            settings += pl.sec != NULL; /* a header of a repeatable section adds an instance */
        } else {
            st = key_line(ld, s, &pl, path, lineno, d);
            settings++;
        }
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
    for (int i = 0; i < *params_instance_count(sec, config) && n < max; i++)
        names[n++] = params_instance_name(sec, config, i);
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
    const struct param_section *sec = params_find_section(ld->tab, section);
    if (!sec) {
        if (!params_section_known(ld->tab, section)) {
            params_unknown_section_msg(ld->tab, section, why, len);
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
    int inst = params_find_instance(sec, ld->config, name);
    if (inst < 0) {
        const char *names[256];
        size_t n = instance_names(sec, ld->config, names, 256);
        char q[PARAM_QUOTE_BYTES];
        snprintf(why, len, "no [%s %s] in the scenario", section, params_shorten(name, q, sizeof q));
        params_suggest(name, names, n, why, len);
        return NULL;
    }
    place_set(pl, section, sec, inst, name);
    return trim(last + 1);
}

/* One override: buf is a writable copy of text; on error the whole message goes to msg. */
static enum status override_one(struct loading *ld, const char *whole, char *buf, char *msg,
                                size_t len)
{
    char why[700], text[PARAM_QUOTE_BYTES];
    params_shorten(whole, text, sizeof text);
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
    const struct param_def *def = params_find_def(ld->tab, pl.section, key);
    if (!def) {
        params_unknown_key_msg(ld->tab, pl.section, pl.label, key, why, sizeof why);
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    bool *seen = &ld->seen[slot(ld, def, &pl)];
    if (*seen) {
        snprintf(msg, len, "--set %s.%s is given twice", pl.where, key);
        return ST_INPUT;
    }
    *seen = true;
    if (!params_apply(def, place_base(ld, &pl), pl.where, value, why, sizeof why)) {
        snprintf(msg, len, "--set %s: %s", text, why);
        return ST_INPUT;
    }
    return ST_OK;
}

static enum status apply_override(struct loading *ld, const char *text, struct diag *d)
{
    char msg[1024], q[PARAM_QUOTE_BYTES];
    /* The checks a file's text gets: UTF-8 without control characters, and its line length. */
    long bin = binary_offset((const unsigned char *)text, strlen(text));
    const char *eol = strpbrk(text, "\r\n"); /* a line of a file cannot hold one */
    if (eol && (bin < 0 || eol - text < bin))
        bin = eol - text;
    if (bin >= 0)
        return diag_set(d, ST_INPUT, "--set", 0, "--set %s: not text (a control character or "
                        "invalid UTF-8 at byte %ld)", params_shorten(text, q, sizeof q), bin);
    if (utf8_length(text, strlen(text)) > MAX_LINE)
        return diag_set(d, ST_INPUT, "--set", 0, "--set %s: longer than %d characters",
                        params_shorten(text, q, sizeof q), MAX_LINE);
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
    return params_load_ex(tab, config, path, NULL, ovr, n_ovr, NULL, d);
}

enum status params_load_ex(const struct param_table *tab, void *config, const char *path,
                           const char *text, const struct param_override *ovr, size_t n_ovr,
                           const struct param_extra *extra, struct diag *d)
{
    set_defaults(tab, config);
    struct loading ld = {.tab = tab, .config = config, .slots = 1, .extra = extra};
    for (size_t s = 0; s < tab->n_sections; s++)
        if ((size_t)tab->sections[s].max > ld.slots)
            ld.slots = (size_t)tab->sections[s].max;
    ld.set_line = xcalloc(tab->n * ld.slots + 1, sizeof *ld.set_line);
    ld.seen = xcalloc(tab->n * ld.slots + 1, sizeof *ld.seen);
    ld.header_line = xcalloc(tab->n_sections * ld.slots + 1, sizeof *ld.header_line);
    enum status st = path || text ? load_file(&ld, path ? path : "(text)", text, d) : ST_OK;
    for (size_t i = 0; st == ST_OK && i < n_ovr; i++)
        st = apply_override(&ld, ovr[i].text, d);
    free(ld.set_line);
    free(ld.seen);
    free(ld.header_line);
    return st;
}

int params_key_line(const char *path, const char *section, const char *instance,
                    const char *key)
{
    char *data = NULL;
    size_t n = 0;
    struct diag ignored;
    if (!path || read_file(path, &data, &n, &ignored) != ST_OK)
        return 0;
    int lineno = 0, header = 0, found = 0;
    bool inside = false;
    for (char *line = data; line && !found;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *s = trim(line);
        line = nl ? nl + 1 : NULL;
        if (!*s || *s == '#' || *s == ';')
            continue;
        cut_comment(s);
        s = trim(s);
        char *eq = strchr(s, '=');
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (close)
                *close = '\0';
            char *name = trim(s + 1), *inst = name + strcspn(name, " \t");
            if (*inst)
                *inst++ = '\0';
            inst = trim(inst);
            inside = !strcmp(name, section) && (instance ? !strcmp(inst, instance) : !*inst);
            if (inside && !header)
                header = lineno;
        } else if (inside && key && eq) {
            *eq = '\0';
            if (!strcmp(trim(s), key))
                found = lineno;
        }
    }
    free(data);
    return found ? found : header;
}
