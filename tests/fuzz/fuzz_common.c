/* fuzz_common.c - the shared checks of the fuzz harnesses (see fuzz_common.h). */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"

/* Aborts with a message: libFuzzer keeps the input that did it. */
static void broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, detail);
    abort();
}

/* Whether s is valid UTF-8 (RFC 3629) with no control character. */
static int whole_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7F)
            return 0;
        size_t extra = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                     : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
        if (extra == 9)
            return 0;
        for (size_t k = 1; k <= extra; k++)
            if ((p[k] & 0xC0) != 0x80)
                return 0;
        p += extra + 1;
    }
    return 1;
}

const char *fuzz_write_file(const void *data, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/wormsim-fuzz-%d.ini", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
        broken("cannot write the input file", path);
    return path;
}

enum status fuzz_check(const char *path, const struct param_override *ovr, size_t n)
{
    const struct model_desc *m = &wormsim_model;
    void *c = xcalloc(1, m->config_size);
    struct diag d = {0};
    enum status st = params_load(m->params(), c, path, ovr, n, &d);
    if (st == ST_OK)
        st = m->validate(c, path ? path : "--set", &d);
    if (st != ST_OK) {
        if (!whole_text(d.msg))
            broken("message is not whole text", d.msg);
        if (!d.msg[0])
            broken("error without a message", status_str(st));
        free(c);
        return st;
    }
    /* The stored scenario must load, validate and write back to the same text. */
    char *text = params_to_string(m->params(), c);
    char stored[64];
    snprintf(stored, sizeof stored, "/tmp/wormsim-fuzz-%d.stored.ini", (int)getpid());
    FILE *f = fopen(stored, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        broken("cannot write the stored scenario", stored);
    void *c2 = xcalloc(1, m->config_size);
    if (params_load(m->params(), c2, stored, NULL, 0, &d) != ST_OK)
        broken("stored scenario does not load", d.msg);
    if (m->validate(c2, stored, &d) != ST_OK)
        broken("stored scenario does not validate", d.msg);
    char *text2 = params_to_string(m->params(), c2);
    if (strcmp(text, text2) != 0)
        broken("stored scenario does not write back the same", text2);
    free(text);
    free(text2);
    free(c2);
    free(c);
    unlink(stored);
    return ST_OK;
}
