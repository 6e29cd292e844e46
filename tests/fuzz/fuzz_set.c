/* fuzz_set.c - libFuzzer harness: the input is --set overrides, one per line (at most 16),
 * applied to a small valid scenario; each line goes through exactly what `--set` gets on the
 * command line (an argument cannot hold a NUL, so the input stops at one). The result is
 * validated and round-tripped (fuzz_common.c). Run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "rng.h"

#define FUZZ_MAX_SETS 16

static const char base[] =
    "[run]\nstart = 2001-07-19T22:00Z\nend = 2001-07-20T01:00Z\nsample = 60s\n"
    "[space]\nprefix = 10.0.0.0/16\n[population]\nvulnerable = 3000\nother_web = 2000\n"
    "[worm]\nscan_rate = 20/s\nseed_hosts = 1\nseed_time = 2001-07-19T22:00Z\n"
    "[router gw]\npreset = cisco7500-64mb\n[link up]\nfrom = gw\nto = internet\n"
    "[subnet lan]\nprefix = 10.0.1.0/24\nrouter = gw\nvulnerable = 10\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        rng_install_error_handler();
        snprintf(path, sizeof path, "%s", fuzz_write_file(base, sizeof base - 1));
    }
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct param_override ovr[FUZZ_MAX_SETS];
    size_t n = 0;
    for (char *line = text; line && n < FUZZ_MAX_SETS;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        ovr[n++].text = line;
        line = nl ? nl + 1 : NULL;
    }
    fuzz_check(path, ovr, n);
    free(text);
    return 0;
}
