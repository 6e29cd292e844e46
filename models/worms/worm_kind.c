/* worm_kind.c - the table of worm variants (see worm_kind.h): one row per variant, indexed by
 * enum worm_variant; each descriptor lives with its variant's rules. */
#include "worm_kind.h"

#include <assert.h>

const struct worm_kind *const WORM_KINDS[WORM_NONE] = {
    [WORM_CRV2] = &CRV2_KIND,
    [WORM_CRII] = &CRII_KIND,
    [WORM_CRV1] = &CRV1_KIND,
};

const struct worm_kind *worm_kind(int variant)
{
    assert(variant >= 0 && variant < WORM_NONE && WORM_KINDS[variant]);
    return WORM_KINDS[variant];
}
