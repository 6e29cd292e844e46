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

/* Attempts per second of one host from its threads (docs/SOURCES.md §7, §18): each of
 * `threads` threads makes blocking connects one after another; an address costs answer_s if
 * something answers there (a web server, or an RST) and dark_s (21 s: three SYNs, then Windows
 * 2000 gives up) if nothing does. With component shares p[] and the share live[c] of addresses
 * that answer in component c's space (random, own /8, own /16), the mean time per attempt is
 *   T = sum_c p[c] (live[c] answer_s + (1 - live[c]) dark_s)
 * and the rate threads / T (renewal reward: long-run attempts per second per thread = 1 / T). */
double crii_thread_rate(double threads, double dark_s, double answer_s,
                        const double p[CRII_COMPONENTS], const double live[CRII_COMPONENTS]);

/* SOURCES §6: in October 2001 or later (or 2002 on) it reboots instead of spreading. */
bool crii_expired(double clock_epoch_s);

#endif
