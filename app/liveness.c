/* liveness.c - is a "running" run still running? Its process on this host (kill(pid, 0)), or
 * its heartbeat's age (see liveness.h). */
#include "liveness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "calendar.h"

/* Seconds since the UTC epoch of "2001-07-19T10:00:00Z"; NAN-free: -1 if it does not parse. */
static double parse_utc(const char *text)
{
    int y, mo, d, h, mi, s;
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
        return -1;
    return calendar_epoch(y, mo, d, h, mi, s);
}

const char *liveness_status(const struct run_row *row, double now_s, char *why, size_t len)
{
    why[0] = '\0';
    if (strcmp(row->status, "running") != 0)
        return row->status;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    if (row->pid > 0 && row->host[0] && !strcmp(row->host, host)) {
        if (kill((pid_t)row->pid, 0) == 0 || errno == EPERM)
            return row->status; /* alive (EPERM: another user's process) */
        snprintf(why, len, "process %lld on %s is gone (last heartbeat %s)",
                 (long long)row->pid, row->host,
                 row->heartbeat_utc[0] ? row->heartbeat_utc : row->started_utc);
        return "killed";
    }
    const char *last = row->heartbeat_utc[0] ? row->heartbeat_utc : row->started_utc;
    double t = parse_utc(last);
    if (t >= 0 && now_s - t <= LIVENESS_STALE_S)
        return row->status;
    if (row->pid > 0)
        snprintf(why, len, "no heartbeat since %s from process %lld on %s", last,
                 (long long)row->pid, row->host[0] ? row->host : "an unknown host");
    else
        snprintf(why, len, "no heartbeat since %s (no process recorded)", last);
    return "stale";
}
