/* params_internal.h - what the parts of the scenario reader share; no other module includes it.
 * The reader is split by job:
 *   params_units.c  numbers and units in text (durations, bytes, rates, bit rates, integers)
 *   params_value.c  one value of a def: parse by type, check bounds, format back
 *   params_table.c  names in a table: sections, keys, instances, "did you mean" suggestions
 *   params_load.c   reading a scenario file and --set overrides (params_load)
 *   params_write.c  writing a resolved scenario back, and the help lines
 * In what follows, `base` is the struct that holds a def's field: the config struct, or one
 * element of a repeatable section's array. */
#ifndef WORMSIM_PARAMS_INTERNAL_H
#define WORMSIM_PARAMS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"

/* ---- params_units.c */

/* A finite number at the start of text; *end points past it. Rejects inf, nan and hex. */
bool params_leading_number(const char *text, double *v, const char **end);
/* A whole integer, "_" allowed between digits (360_000); false and a reason in err otherwise. */
bool params_parse_int(const char *text, long *out, char *err, size_t errlen);
/* The shortest %g form that reads back as the same double. */
void params_format_double(double v, char *buf, size_t len);

/* ---- params_value.c */

/* Instance names and PARAM_NAME values: letters, digits, "-", "_" and "." only. */
bool params_valid_instance_name(const char *s);
/* Parses and range-checks text for def into base; on error writes the message to msg. where
 * names the section in messages: "worm", or "router.cisco-a" for an instance. */
bool params_apply(const struct param_def *def, void *base, const char *where, const char *text,
                  char *msg, size_t len);
/* The def's field of base as text that params_apply accepts. */
void params_format_value(const struct param_def *def, const void *base, char *buf, size_t len);
/* "1 to 10000", "1s to 86400s": the def's bounds in its base unit. */
void params_format_bounds(const struct param_def *def, char *buf, size_t len);

/* ---- params_table.c */

/* Appends ' (did you mean "x"?)' to buf when one of the n candidates is close to word. */
void params_suggest(const char *word, const char *const *candidates, size_t n, char *buf,
                    size_t len);
/* The def of section.key, or NULL. */
const struct param_def *params_find_def(const struct param_table *tab, const char *section,
                                        const char *key);
/* The repeatable section called name, or NULL. */
const struct param_section *params_find_section(const struct param_table *tab, const char *name);
/* True when section names a plain section (one with defs) or a repeatable one. */
bool params_section_known(const struct param_table *tab, const char *section);
/* 'unknown section "x"' with a suggestion, into buf. */
void params_unknown_section_msg(const struct param_table *tab, const char *section, char *buf,
                                size_t len);
/* 'unknown key "k" in [label]' with a suggestion; label names the section as in its header:
 * "worm", "router cisco-a". */
void params_unknown_key_msg(const struct param_table *tab, const char *section,
                            const char *label, const char *key, char *buf, size_t len);
/* The count of sec's instances in config, element i of its array, and that element's name. */
int *params_instance_count(const struct param_section *sec, const void *config);
char *params_instance(const struct param_section *sec, const void *config, int i);
char *params_instance_name(const struct param_section *sec, const void *config, int i);
/* Index of the instance of sec called name, or -1. */
int params_find_instance(const struct param_section *sec, const void *config, const char *name);

#endif
