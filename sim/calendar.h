/* calendar.h - simulated time to UTC dates.
 * Simulated time is a double of seconds since the scenario's start; the start is a UTC instant
 * (seconds since 1970-01-01T00:00Z, no leap seconds). A host whose clock is off by `offset_s`
 * sees the date of (start + t + offset_s); worms read their phase from that. */
#ifndef WORMSIM_CALENDAR_H
#define WORMSIM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

struct utc_date {
    int year, month, day; /* month 1-12, day 1-31 */
    int hour, min, sec;
};

/* Breaks a UTC epoch time (seconds, may be fractional: floored) into its date. */
struct utc_date calendar_date(double epoch_s);

/* Seconds since the epoch of a UTC date (fields must be in range). */
double calendar_epoch(int year, int month, int day, int hour, int min, int sec);

/* Parses "2001-07-19T10:00Z", "2001-07-19T10:00:30Z", "2001-07-19" (midnight) into epoch
 * seconds. Returns false on anything else (including an invalid day such as 2001-02-30). */
bool calendar_parse(const char *text, double *epoch_s);

/* Formats epoch seconds as "2001-07-19T10:00:00Z" into buf (at least 21 bytes). */
void calendar_format(double epoch_s, char *buf, size_t len);

/* Days in a month of a year (Gregorian). */
int calendar_days_in_month(int year, int month);

#endif
