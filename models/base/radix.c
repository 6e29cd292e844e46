/* radix.c - LSD radix sort of 32- and 64-bit keys (see radix.h). Keys are sorted by their
 * offset from the smallest key, so only the bits that vary cost passes; digits are at most
 * RADIX_BITS wide so a pass's counters (on the stack, counted afresh each pass) stay in L1; a
 * pass whose digit is the same for every key is skipped. Short arrays use insertion sort. */
#include "radix.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"

enum {
    RADIX_BITS = 11, /* 2048 counters per pass: 8 KB, in L1 */
    SMALL = 48       /* insertion sort below this */
};

/* Digit layout for keys whose offsets from the minimum have `bits` significant bits. */
static unsigned digit_width(unsigned bits, unsigned *passes)
{
    *passes = (bits + RADIX_BITS - 1) / RADIX_BITS;
    return *passes ? (bits + *passes - 1) / *passes : 0;
}

/* One template for both widths: insertion sort when short, else min/max, then per digit a
 * count and a stable scatter (skipped when the digit is constant), ping-ponging with the
 * scratch. */
#define RADIX_DEFINE(NAME, T)                                                                   \
    void NAME(T *a, size_t n)                                                                   \
    {                                                                                           \
        if (n < SMALL) {                                                                        \
            for (size_t i = 1; i < n; i++) {                                                    \
                T x = a[i];                                                                     \
                size_t j = i;                                                                   \
                for (; j > 0 && a[j - 1] > x; j--)                                              \
                    a[j] = a[j - 1];                                                            \
                a[j] = x;                                                                       \
            }                                                                                   \
            return;                                                                             \
        }                                                                                       \
        T lo = a[0], hi = a[0];                                                                 \
        for (size_t i = 1; i < n; i++) {                                                        \
            lo = a[i] < lo ? a[i] : lo;                                                         \
            hi = a[i] > hi ? a[i] : hi;                                                         \
        }                                                                                       \
        unsigned bits = 0, passes;                                                              \
        for (T span = hi - lo; span; span >>= 1)                                                \
            bits++;                                                                             \
        unsigned d = digit_width(bits, &passes);                                                \
        if (passes == 0)                                                                        \
            return; /* all keys equal */                                                        \
        size_t nd = (size_t)1 << d, mask = nd - 1, count[(size_t)1 << RADIX_BITS];     \
        T *tmp = xmalloc(n * sizeof *tmp), *src = a, *dst = tmp;                                \
        for (unsigned p = 0; p < passes; p++) {                                                 \
            unsigned shift = p * d;                                                             \
            for (size_t k = 0; k < nd; k++)                                                     \
                count[k] = 0;                                                                   \
            for (size_t i = 0; i < n; i++)                                                      \
                count[(size_t)((src[i] - lo) >> shift) & mask]++;                               \
            if (count[(size_t)((src[0] - lo) >> shift) & mask] == n)                            \
                continue; /* every key has this digit: the order stands */                      \
            for (size_t k = 0, sum = 0; k < nd; k++) {                                          \
                size_t m = count[k];                                                            \
                count[k] = sum;                                                                 \
                sum += m;                                                                       \
            }                                                                                   \
            for (size_t i = 0; i < n; i++)                                                      \
                dst[count[(size_t)((src[i] - lo) >> shift) & mask]++] = src[i];                 \
            T *t = src;                                                                         \
            src = dst;                                                                          \
            dst = t;                                                                            \
        }                                                                                       \
        if (src != a)                                                                           \
            memcpy(a, src, n * sizeof *a);                                                      \
        free(tmp);                                                                              \
    }

RADIX_DEFINE(radix_sort_u32, uint32_t)
RADIX_DEFINE(radix_sort_u64, uint64_t)
