/* engine.h - the discrete-event engine: a simulated clock and a pending-event set.
 * It knows nothing about worms. An event is a handler pointer, the handler's context (a model's
 * state, passed as void *) and two small integers of payload (a host index, a router index...).
 * Events with equal times run in the order they were scheduled, so runs are deterministic. */
#ifndef WORMSIM_ENGINE_H
#define WORMSIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>

struct engine;

/* A handler runs at its event's time; engine_now() returns that time while it runs. It may
 * schedule and cancel events (including re-scheduling itself) and call engine_stop(). */
typedef void (*event_fn)(struct engine *eng, void *ctx, uint32_t a, uint32_t b);

/* Identifies a scheduled event for engine_cancel(). 0 is never a valid id. */
typedef uint64_t event_id;

/* A new engine with its clock at time 0 and no pending events. Aborts on out of memory. */
struct engine *engine_alloc(void);
void engine_free(struct engine *eng);

/* Schedules fn(eng, ctx, a, b) at simulated time t (seconds, t >= engine_now(), finite).
 * Returns an id usable with engine_cancel until the event has run or been cancelled. */
event_id engine_schedule(struct engine *eng, double t, event_fn fn, void *ctx, uint32_t a,
                         uint32_t b);

/* Cancels a pending event. Returns true if it was pending (it will not run), false if it had
 * already run or been cancelled (a no-op). */
bool engine_cancel(struct engine *eng, event_id id);

/* Timers, for a model's event that is moved far more often than it runs (a worm's next probe,
 * redrawn after every change of rates). A timer lives outside the pending-event set: setting,
 * moving or clearing it is a few stores, and the run loop compares the earliest armed timer
 * with the set's earliest event. The order is that of scheduled events: by time, then by when
 * it was set (setting takes a sequence number as engine_schedule does, clearing takes none,
 * as engine_cancel), so a timer in place of schedule-and-cancel changes no run. A timer is
 * disarmed before its handler runs (which may set it again); it counts as pending while armed.
 * At most ENGINE_TIMERS_MAX per engine. */
#define ENGINE_TIMERS_MAX 8
typedef int engine_timer;

/* A new unarmed timer that runs fn(eng, ctx, 0, 0). Aborts beyond ENGINE_TIMERS_MAX. */
engine_timer engine_timer_new(struct engine *eng, event_fn fn, void *ctx);
/* Arms the timer at t (t >= engine_now(), finite), replacing its earlier time if armed. */
void engine_timer_set(struct engine *eng, engine_timer tm, double t);
void engine_timer_clear(struct engine *eng, engine_timer tm);
bool engine_timer_armed(const struct engine *eng, engine_timer tm);

/* Current simulated time: the time of the event being handled, or where the last run stopped. */
double engine_now(const struct engine *eng);

/* Time of the earliest pending event, or INFINITY when none is pending. */
double engine_next_time(struct engine *eng);

/* Runs events in time order while their time is <= t_end, then sets the clock to t_end (unless
 * stopped early). Returns the number of events run by this call. t_end >= engine_now(); with
 * t_end = INFINITY the clock stays at the last event's time. A run clears an earlier stop. */
uint64_t engine_run(struct engine *eng, double t_end);

/* Makes engine_run return after the current handler. Safe to call from a signal handler's
 * flag check in a handler; not async-signal-safe itself. */
void engine_stop(struct engine *eng);
/* Makes engine_run return (as after engine_stop) after the event during which *flag became
 * non-zero, e.g. a flag a signal handler sets; NULL: no flag. The flag outlives the engine. */
void engine_watch(struct engine *eng, const volatile sig_atomic_t *flag);
bool engine_stopped(const struct engine *eng);

/* Number of events pending (not counting cancelled ones) and run since engine_alloc. */
size_t engine_pending(const struct engine *eng);
uint64_t engine_events_run(const struct engine *eng);

/* Asserts the pending set's invariants (ordering, bookkeeping). For tests; O(n). */
void engine_check(struct engine *eng);

#endif
