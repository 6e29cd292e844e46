/* params_write.c - a resolved scenario written back as text that params_load reads to the same
 * config (params_write, params_to_string), and the one-line-per-key documentation
 * (params_write_help) that `wormsim keys` and --help print. */
#include "params.h"
#include "params_internal.h"

#include <stdlib.h>
#include <string.h>

/* Writes the "key = value" lines of section's defs for the struct base. */
static void write_keys(const struct param_table *tab, const char *section, const void *base,
                       FILE *out)
{
    for (size_t i = 0; i < tab->n; i++) {
        const struct param_def *def = &tab->defs[i];
        if (strcmp(def->section, section))
            continue;
        char value[PARAM_STRING_MAX + 64];
        params_format_value(def, base, value, sizeof value);
        fprintf(out, "%s =%s%s\n", def->key, value[0] ? " " : "", value);
    }
}

/* Writes every instance of sec as [name INSTANCE] and its keys. */
static void write_instances(const struct param_table *tab, const struct param_section *sec,
                            const void *config, bool *first, FILE *out)
{
    for (int k = 0; k < *params_instance_count(sec, config); k++) {
        fprintf(out, "%s[%s %s]\n", *first ? "" : "\n", sec->name,
                params_instance_name(sec, config, k));
        *first = false;
        write_keys(tab, sec->name, params_instance(sec, config, k), out);
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
        const struct param_section *sec = params_find_section(tab, def->section);
        if (sec) {
            if (first_of_section(tab, i))
                write_instances(tab, sec, config, &first, out);
            if (*params_instance_count(sec, config) > 0)
                open = NULL;
            continue;
        }
        if (!open || strcmp(def->section, open))
            fprintf(out, "%s[%s]\n", first ? "" : "\n", def->section);
        open = def->section;
        first = false;
        char value[PARAM_STRING_MAX + 64];
        params_format_value(def, config, value, sizeof value);
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
        const struct param_section *sec = params_find_section(tab, def->section);
        if (sec && first_of_section(tab, i))
            write_section_help(sec, out);
        char name[96], bounds[120] = "";
        snprintf(name, sizeof name, "%s.%s%s", def->section, sec ? "NAME." : "", def->key);
        if (def->min <= def->max) {
            char b[100];
            params_format_bounds(def, b, sizeof b);
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
