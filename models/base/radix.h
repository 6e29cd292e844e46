/* radix.h - sorting integer keys in linear time (LSD radix sort), for building the population:
 * a million addresses sort in a few passes over memory instead of n log n comparisons. The
 * result is the same as any other sort's (keys are totally ordered and equal keys are equal). */
#ifndef WORMSIM_RADIX_H
#define WORMSIM_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sorts a[0, n) ascending. Time O(n + passes * 2^digit), passes = ceil(bits of (max - min) / 11);
 * scratch of n keys is allocated (aborts on out of memory). */
void radix_sort_u32(uint32_t *a, size_t n);
void radix_sort_u64(uint64_t *a, size_t n);

#endif
