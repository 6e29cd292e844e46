/* codered.h - Code Red I's monthly calendar, read from each host's own clock.
 * SOURCES §4 (NIPC 01-015; eEye): days 1-19 of the month spread, days 20-27 flood
 * 198.137.240.91, day 28 to the month's end sleep. The clock is GetSystemTime (UTC) plus the
 * host's clock error, so hosts with wrong clocks change phase at other times. */
#ifndef WORMSIM_CODERED_H
#define WORMSIM_CODERED_H

enum crv1_phase { CRV1_SPREAD = 0, CRV1_FLOOD = 1, CRV1_DORMANT = 2 };

#define CRV1_FIRST_FLOOD_DAY 20   /* SOURCES §4: day 20-27 flood */
#define CRV1_FIRST_DORMANT_DAY 28 /* SOURCES §4: day 28 to month end sleep */

/* Phase for a clock reading (UTC epoch seconds as the host's clock shows them). */
enum crv1_phase codered_phase(double clock_epoch_s);

/* Name of a phase: "spread", "flood", "dormant". */
const char *codered_phase_name(enum crv1_phase p);

/* The true UTC epoch time, after epoch_s, at which a host whose clock runs offset_s ahead
 * enters its next phase (its clock reaching 00:00 of day 20, day 28 or the 1st). */
double codered_next_phase_change(double epoch_s, double offset_s);

#endif
