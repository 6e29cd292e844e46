/* params_units.c - numbers with units in scenario text: durations, byte counts, rates and bit
 * rates (see params.h), plain integers with "_" separators, and the shortest text that reads
 * back as the same double. Every parser accepts the whole text or fails with a reason. */
#include "params.h"
#include "params_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A finite number at the start of text; *end points past it. Rejects inf, nan and hex. */
bool params_leading_number(const char *text, double *v, const char **end)
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
    if (!params_leading_number(text, &v, &end)) {
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
    char q[PARAM_QUOTE_BYTES];
    snprintf(err, errlen, "unknown unit \"%s\" (use %s)", params_shorten(end, q, sizeof q),
             unit_list);
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
void params_format_double(double v, char *buf, size_t len)
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
        params_format_double(bits_per_s / u[i].mul, num, sizeof num);
        if (strtod(num, NULL) * u[i].mul == bits_per_s && strlen(num) < 9) {
            snprintf(buf, len, "%s%s", num, u[i].name);
            return;
        }
    }
    params_format_double(bits_per_s, num, sizeof num);
    snprintf(buf, len, "%sbps", num);
}

bool params_parse_int(const char *text, long *out, char *err, size_t errlen)
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
