/* crii.h - Code Red II's choice of targets and its calendar (SOURCES §6; eEye
 * AL20010804). Per scan: with probability 1/8 a random IPv4 address, 1/2 one in the scanning
 * host's own /8, 3/8 one in its own /16; addresses in 127/8 and 224/8 and the host's own
 * address are drawn again. */
#ifndef WORMSIM_CRII_H
#define WORMSIM_CRII_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

enum crii_component { CRII_RANDOM = 0, CRII_SAME8 = 1, CRII_SAME16 = 2, CRII_COMPONENTS = 3 };

/* The worm's own shares of the components: 1/8 random, 1/2 same /8, 3/8 same /16. */
extern const double CRII_SHARES[CRII_COMPONENTS];

/* True for addresses Code Red II draws again (127/8, 224/8). */
static inline bool crii_redrawn(uint32_t addr) { return (addr >> 24) == 127 || (addr >> 24) == 224; }

/* One target for a host at `self` with component shares p[] (CRII_SHARES, or a what-if's;
 * they add to 1), and which component chose it (if component != NULL). */
uint32_t crii_pick_target(gsl_rng *r, uint32_t self, const double p[CRII_COMPONENTS],
                          enum crii_component *component);

/* Number of addresses a component can reach from self after the redraws: the denominators of
 * the fast mode's hit rates. */
double crii_component_space(enum crii_component c, uint32_t self);

/* True when `address` is one the component reaches from self (in its range, not redrawn). */
bool crii_component_reaches(enum crii_component c, uint32_t self, uint32_t address);

/* SOURCES §6: in October 2001 or later (or 2002 on) it reboots instead of spreading. */
bool crii_expired(double clock_epoch_s);

#endif
