/* params_each.c - every resolved key of a config as (name, text, number), for the store's
 * run_params table: the text is what params_write writes, the number the value in its base
 * unit (booleans 0/1, an enum's choice index), NaN for text. */
#include "params.h"
#include "params_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double number_of(const struct param_def *def, const void *base)
{
    const char *field = (const char *)base + def->offset;
    switch (def->type) {
    case PARAM_INT: return (double)*(const long *)field;
    case PARAM_REAL: case PARAM_PROB: case PARAM_DURATION: case PARAM_RATE: case PARAM_BYTES:
    case PARAM_BITRATE: case PARAM_TIME:
        return *(const double *)field;
    case PARAM_BOOL: case PARAM_ENUM: return (double)*(const int *)field;
    default: return NAN;
    }
}

/* The keys of section for the struct base, named prefix.key. */
static void each_key(const struct param_table *tab, const char *section, const char *prefix,
                     const void *base,
                     void (*fn)(const char *key, const char *text, double number, void *arg),
                     void *arg)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        if (strcmp(def->section, section))
            continue;
        char name[2 * PARAM_NAME_MAX + 128], value[PARAM_STRING_MAX + 64];
        snprintf(name, sizeof name, "%s.%s", prefix, def->key);
        params_format_value(def, base, value, sizeof value);
        fn(name, value, number_of(def, base), arg);
    }
}

void params_each(const struct param_table *tab, const void *config,
                 void (*fn)(const char *key, const char *text, double number, void *arg),
                 void *arg)
{
    for (size_t i = 0; i < tab->n; i++) {
        const char *section = tab->defs[i].section;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(tab->defs[j].section, section) != 0;
        if (first && !params_find_section(tab, section))
            each_key(tab, section, section, config, fn, arg);
    }
    for (size_t s = 0; s < tab->n_sections; s++) {
        const struct param_section *sec = &tab->sections[s];
        for (int k = 0; k < *params_instance_count(sec, config); k++) {
            char prefix[2 * PARAM_NAME_MAX + 64];
            snprintf(prefix, sizeof prefix, "%s.%s", sec->name,
                     params_instance_name(sec, config, k));
            each_key(tab, sec->name, prefix, params_instance(sec, config, k), fn, arg);
        }
    }
}
