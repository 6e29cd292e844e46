/* pool_fork.c - sweep workers as fork()ed children, one pipe each way per worker.
 * A message on a pipe is a 64-bit length and that many bytes. A child reads a task, runs it
 * and writes its result, until its task pipe closes (the dispatcher stopped the pool or died);
 * then it _exit()s, never touching what the parent opened (the database). The parent waits on
 * every busy worker's result pipe with poll(); end of file there means the worker died.
 *
 *   worker states:  idle --pool_send--> busy --result--> idle
 *                                         \--EOF/kill--> dead (reaped with waitpid)
 * Invariant: n_alive = number of workers not dead; a busy worker is alive. */
#include "pool.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum worker_state { W_IDLE, W_BUSY, W_DEAD };

struct worker {
    pid_t pid;
    int to, from; /* task pipe (write end), result pipe (read end) */
    enum worker_state state;
};

struct pool {
    struct worker *w;
    int n, n_alive;
};

/* Writes all of buf; false on error (EINTR retried). */
static bool write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Reads exactly n bytes; false on end of file or error (EINTR retried). */
static bool read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static bool send_msg(int fd, const void *buf, size_t n)
{
    uint64_t len = n;
    return write_all(fd, &len, sizeof len) && write_all(fd, buf, n);
}

/* Reads one message into a new buffer; false at end of file or on error. */
static bool recv_msg(int fd, void **buf, size_t *n)
{
    uint64_t len;
    if (!read_all(fd, &len, sizeof len))
        return false;
    char *b = xmalloc(len ? len : 1);
    if (!read_all(fd, b, len)) {
        free(b);
        return false;
    }
    *buf = b;
    *n = len;
    return true;
}

/* The child's life: serve tasks until the task pipe closes. Never returns. */
static void serve(int in, int out, pool_work_fn work, void *arg)
{
    signal(SIGPIPE, SIG_IGN);
    void *task;
    size_t n;
    while (recv_msg(in, &task, &n)) {
        void *result = NULL;
        size_t rn = 0;
        work(task, n, &result, &rn, arg);
        free(task);
        bool ok = send_msg(out, result, rn);
        free(result);
        if (!ok)
            break;
    }
    _exit(0);
}

enum status pool_start(struct pool **out, int n, pool_work_fn work, void *arg, struct diag *d)
{
    assert(n >= 1);
    struct pool *p = xcalloc(1, sizeof *p);
    p->w = xcalloc((unsigned long)n, sizeof *p->w);
    *out = p;
    fflush(NULL); /* nothing buffered is written twice */
    signal(SIGPIPE, SIG_IGN); /* a dead worker's pipe is an error to report, not a signal */
    for (int i = 0; i < n; i++) {
        int task[2], result[2];
        if (pipe(task) != 0)
            goto fail;
        if (pipe(result) != 0) {
            close(task[0]);
            close(task[1]);
            goto fail;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(task[0]), close(task[1]), close(result[0]), close(result[1]);
            goto fail;
        }
        if (pid == 0) {
            for (int j = 0; j < i; j++) /* the other workers' pipes are not ours */
                close(p->w[j].to), close(p->w[j].from);
            close(task[1]);
            close(result[0]);
            serve(task[0], result[1], work, arg);
        }
        close(task[0]);
        close(result[1]);
        p->w[i] = (struct worker){.pid = pid, .to = task[1], .from = result[0], .state = W_IDLE};
        p->n = i + 1;
        p->n_alive++;
    }
    return ST_OK;
fail:;
    enum status st = diag_set(d, ST_IO, "", 0, "cannot start worker %d: %s", p->n + 1,
                              strerror(errno));
    pool_stop(p);
    *out = NULL;
    return st;
}

int pool_alive(const struct pool *p) { return p->n_alive; }
int pool_size(const struct pool *p) { return p->n; }
bool pool_is_alive(const struct pool *p, int w) { return p->w[w].state != W_DEAD; }

/* Marks worker i dead, closes its pipes and reaps it; describes how it ended in d. */
static void bury(struct pool *p, int i, struct diag *d)
{
    struct worker *w = &p->w[i];
    assert(w->state != W_DEAD);
    close(w->to);
    close(w->from);
    int status = 0;
    pid_t pid = w->pid;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->state = W_DEAD;
    p->n_alive--;
    if (WIFSIGNALED(status))
        diag_set(d, ST_IO, "", 0, "worker %d (pid %d) was killed by signal %d", i + 1,
                 (int)pid, WTERMSIG(status));
    else
        diag_set(d, ST_IO, "", 0, "worker %d (pid %d) ended without a result", i + 1,
                 (int)pid);
}

enum status pool_send(struct pool *p, int i, const void *task, size_t n, struct diag *d)
{
    struct worker *w = &p->w[i];
    assert(w->state == W_IDLE);
    if (!send_msg(w->to, task, n)) {
        bury(p, i, d);
        return ST_IO;
    }
    w->state = W_BUSY;
    return ST_OK;
}

enum status pool_wait(struct pool *p, int *wi, void **result, size_t *rn, struct diag *d)
{
    struct pollfd *fds = xcalloc((unsigned long)p->n, sizeof *fds);
    int busy = 0;
    for (int i = 0; i < p->n; i++) {
        fds[i].fd = p->w[i].state == W_BUSY ? p->w[i].from : -1;
        fds[i].events = POLLIN;
        busy += p->w[i].state == W_BUSY;
    }
    if (busy == 0) {
        free(fds);
        return ST_NOT_FOUND;
    }
    int k = poll(fds, (nfds_t)p->n, -1);
    enum status st = ST_INTERRUPTED;
    for (int i = 0; k > 0 && i < p->n; i++) {
        if (!fds[i].revents)
            continue;
        *wi = i;
        if (recv_msg(p->w[i].from, result, rn)) {
            p->w[i].state = W_IDLE;
            st = ST_OK;
        } else {
            bury(p, i, d);
            st = ST_IO;
        }
        break;
    }
    free(fds);
    if (k < 0 && errno != EINTR)
        return diag_set(d, ST_IO, "", 0, "cannot wait for the workers: %s", strerror(errno));
    return st;
}

void pool_interrupt(struct pool *p)
{
    for (int i = 0; i < p->n; i++)
        if (p->w[i].state == W_BUSY)
            kill(p->w[i].pid, SIGINT);
}

void pool_stop(struct pool *p)
{
    if (!p)
        return;
    pool_interrupt(p); /* a busy worker stops at its next sample, then sees its pipe closed */
    for (int i = 0; i < p->n; i++)
        if (p->w[i].state != W_DEAD) {
            struct diag ignored;
            bury(p, i, &ignored); /* closing the task pipe ends the child */
        }
    free(p->w);
    free(p);
}

#ifndef WORMSIM_MPI
bool pool_mpi_available(void) { return false; }
#endif
