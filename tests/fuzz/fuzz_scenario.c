/* fuzz_scenario.c - libFuzzer harness: the input is a scenario file. It is read, validated
 * (which builds the network: topology, routers, countermeasures) and, when valid, stored and
 * read back (fuzz_common.c). Run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "rng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        rng_install_error_handler();
        ready = 1;
    }
    const char *path = fuzz_write_file(data, size);
    fuzz_check(path, NULL, 0);
    unlink(path);
    return 0;
}
