/* params_table.c - looking names up in a parameter table: sections, keys, the instances of a
 * repeatable section, and the "did you mean" suggestion for an unknown name (a known one within
 * edit distance 2, and less than the word's length, or a prefix either way of 3 letters+). */
#include "params.h"
#include "params_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

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
void params_suggest(const char *word, const char *const *candidates, size_t n, char *buf,
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

const struct param_def *params_find_def(const struct param_table *tab, const char *section,
                                        const char *key)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section) && !strcmp(tab->defs[i].key, key))
            return &tab->defs[i];
    return NULL;
}

/* The repeatable section called name, or NULL. */
const struct param_section *params_find_section(const struct param_table *tab, const char *name)
{
    for (size_t i = 0; i < tab->n_sections; i++)
        if (!strcmp(tab->sections[i].name, name))
            return &tab->sections[i];
    return NULL;
}

bool params_section_known(const struct param_table *tab, const char *section)
{
    for (size_t i = 0; i < tab->n; i++)
        if (!strcmp(tab->defs[i].section, section))
            return true;
    return params_find_section(tab, section) != NULL;
}

void params_unknown_section_msg(const struct param_table *tab, const char *section, char *buf,
                                size_t len)
{
    const char *names[128];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 128; i++)
        if (i == 0 || strcmp(tab->defs[i].section, tab->defs[i - 1].section))
            names[n++] = tab->defs[i].section;
    for (size_t i = 0; i < tab->n_sections && n < 128; i++)
        names[n++] = tab->sections[i].name;
    char q[PARAM_QUOTE_BYTES];
    snprintf(buf, len, "unknown section \"%s\"", params_shorten(section, q, sizeof q));
    params_suggest(section, names, n, buf, len);
}

/* Bytes of the UTF-8 character at p, 0 if it is not one or is a control character. */
static size_t text_char(const unsigned char *p)
{
    unsigned char c = *p;
    if (c < 0x20 || c == 0x7F)
        return 0;
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

const char *params_shorten(const char *s, char *buf, size_t len)
{
    assert(len >= PARAM_QUOTE_BYTES);
    (void)len;
    const unsigned char *p = (const unsigned char *)s;
    size_t out = 0;
    for (int chars = 0; *p; chars++) {
        size_t n = text_char(p);
        if (n == 0 || (chars == PARAM_QUOTE_CHARS - 1 && p[n] != '\0')) {
            memcpy(buf + out, "\xe2\x80\xa6", 4); /* U+2026 and the terminator */
            return buf;
        }
        memcpy(buf + out, p, n);
        out += n;
        p += n;
    }
    buf[out] = '\0';
    return buf;
}

/* label names the section as in its header: "worm", "router cisco-a". */
void params_unknown_key_msg(const struct param_table *tab, const char *section,
                            const char *label, const char *key, char *buf, size_t len)
{
    const char *names[256];
    size_t n = 0;
    for (size_t i = 0; i < tab->n && n < 256; i++)
        if (!strcmp(tab->defs[i].section, section))
            names[n++] = tab->defs[i].key;
    char q[PARAM_QUOTE_BYTES];
    snprintf(buf, len, "unknown key \"%s\" in [%s]", params_shorten(key, q, sizeof q), label);
    params_suggest(key, names, n, buf, len);
}

/* ---- instances of repeatable sections ----------------------------------------------- */

int *params_instance_count(const struct param_section *sec, const void *config)
{
    return (int *)((char *)config + sec->count_offset);
}

char *params_instance(const struct param_section *sec, const void *config, int i)
{
    return (char *)config + sec->offset + (size_t)i * sec->stride;
}

char *params_instance_name(const struct param_section *sec, const void *config, int i)
{
    return params_instance(sec, config, i) + sec->name_offset;
}

/* Index of the instance called name, or -1. */
int params_find_instance(const struct param_section *sec, const void *config, const char *name)
{
    for (int i = 0; i < *params_instance_count(sec, config); i++)
        if (!strcmp(params_instance_name(sec, config, i), name))
            return i;
    return -1;
}
