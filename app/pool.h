/* pool.h - the workers of a sweep: processes that take a task (bytes), compute, and hand back a
 * result (bytes). Two transports behind one interface: fork()ed children with a pipe each way
 * (pool_fork.c, always built) and MPI ranks (pool_mpi.c, `make MPI=1`), where rank 0 is the
 * dispatcher and ranks 1..K-1 the workers. The dispatcher assigns tasks dynamically: a worker
 * gets its next task when it hands back a result. Only the dispatcher writes the database. */
#ifndef WORMSIM_POOL_H
#define WORMSIM_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct pool;

/* A worker's job: computes the result of task[0..n) into a malloc'ed *result of *rn bytes. */
typedef void (*pool_work_fn)(const void *task, size_t n, void **result, size_t *rn, void *arg);

/* Starts the workers: with fork, n children (n >= 1); with MPI, every rank but 0 (n is ignored).
 * Returns ST_OK in the dispatcher with *p set. In an MPI worker rank it serves tasks until the
 * dispatcher stops the pool and then returns ST_OK with *p NULL: the caller must return without
 * touching the database. ST_IO (with a message) if a process or pipe cannot be made. */
enum status pool_start(struct pool **p, int n, pool_work_fn work, void *arg, struct diag *d);

/* The number of workers still alive. */
int pool_alive(const struct pool *p);

/* Whether worker w is alive (not killed, not stopped). */
bool pool_is_alive(const struct pool *p, int w);

/* The number of workers started. Workers are numbered 0..pool_size - 1. */
int pool_size(const struct pool *p);

/* Hands a task to worker w, which must be alive and idle. ST_IO if the worker is gone (it is
 * then counted dead). */
enum status pool_send(struct pool *p, int w, const void *task, size_t n, struct diag *d);

/* Waits for a result from any busy worker. ST_OK: *w handed back *result (malloc'ed, *rn bytes,
 * caller frees). ST_IO: worker *w died without a result (killed, crashed): it is dead now, and
 * d says how. ST_INTERRUPTED: the wait was cut short by a signal (no worker reported); call
 * again. ST_NOT_FOUND: no worker is busy. */
enum status pool_wait(struct pool *p, int *w, void **result, size_t *rn, struct diag *d);

/* Asks every busy worker to stop its task early (SIGINT to fork workers; MPI workers are not
 * interrupted and finish their task). */
void pool_interrupt(struct pool *p);

/* Stops the workers (they finish nothing new) and frees p. NULL is allowed. */
void pool_stop(struct pool *p);

/* Whether this build has MPI, and whether it runs under mpirun with more than one rank. */
bool pool_mpi_available(void);

#endif
