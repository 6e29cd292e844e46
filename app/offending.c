/* offending.c - the line of the key a cross-key error is about. Validation of a whole scenario
 * (end before start, a link to an unknown router) knows the keys but not the lines; its
 * messages name the key as "section.key", "[section NAME]: key ..." or "section \"NAME\": ...",
 * so the first such name in the message is looked up in the file (params_key_line). */
#include "offending.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "params.h"

/* Copies the run of [a-z0-9_-.] characters (a name) at s into buf; returns its length. */
static size_t word(const char *s, char *buf, size_t len, bool dots)
{
    size_t n = 0;
    while ((isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' || (dots && s[n] == '.')) &&
           n + 1 < len) {
        buf[n] = s[n];
        n++;
    }
    buf[n] = '\0';
    return n;
}

int offending_line(const char *path, const char *msg)
{
    char section[64], instance[64], key[64];
    if (msg[0] == '[') { /* "[link up]: from = ..." */
        size_t n = word(msg + 1, section, sizeof section, false);
        if (msg[1 + n] != ' ')
            return params_key_line(path, section, NULL, NULL);
        size_t m = word(msg + 2 + n, instance, sizeof instance, true);
        const char *rest = msg + 2 + n + m;
        bool has_key = !strncmp(rest, "]: ", 3) && word(rest + 3, key, sizeof key, false);
        return params_key_line(path, section, instance, has_key ? key : NULL);
    }
    for (const char *p = msg; *p; p++) {
        if (p != msg && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        size_t n = word(p, section, sizeof section, false);
        if (n == 0)
            continue;
        if (p[n] == ' ' && p[n + 1] == '"') { /* router "cisco-a": pressure_factor ... */
            size_t m = word(p + n + 2, instance, sizeof instance, true);
            const char *rest = p + n + 2 + m;
            bool has_key = !strncmp(rest, "\": ", 3) && word(rest + 3, key, sizeof key, false);
            int line = params_key_line(path, section, instance, has_key ? key : NULL);
            if (line)
                return line;
        } else if (p[n] == '.' && word(p + n + 1, key, sizeof key, false)) { /* run.end */
            int line = params_key_line(path, section, NULL, key);
            if (line)
                return line;
        }
        p += n - 1;
    }
    return 0;
}
