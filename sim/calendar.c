/* calendar.c - UTC dates from epoch seconds and back, proleptic Gregorian, no leap seconds.
 * Uses the days-from-civil algorithm (H. Hinnant) so it does not depend on the C library's
 * time zone handling: the same answer on every machine. */
#include "calendar.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a civil date. */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int calendar_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2)
        return ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
    return days[month - 1];
}

struct utc_date calendar_date(double epoch_s)
{
    double whole = floor(epoch_s);
    long days = (long)floor(whole / 86400.0);
    long secs = (long)(whole - (double)days * 86400.0);
    struct utc_date u;
    civil_from_days(days, &u.year, &u.month, &u.day);
    u.hour = (int)(secs / 3600);
    u.min = (int)(secs / 60 % 60);
    u.sec = (int)(secs % 60);
    return u;
}

double calendar_epoch(int year, int month, int day, int hour, int min, int sec)
{
    return (double)days_from_civil(year, month, day) * 86400.0 + hour * 3600.0 + min * 60.0 + sec;
}

bool calendar_parse(const char *text, double *epoch_s)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    size_t len = strlen(text);
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    if ((size_t)n != len) {
        int n2 = 0;
        const char *rest = text + n;
        if (sscanf(rest, "T%2d:%2d:%2dZ%n", &h, &mi, &s, &n2) == 3 && n2 == 10 &&
            (size_t)(n + n2) == len) {
            /* full form */
        } else if (s = 0, n2 = 0, sscanf(rest, "T%2d:%2dZ%n", &h, &mi, &n2) == 2 && n2 == 7 &&
                   (size_t)(n + n2) == len) {
            /* minutes form */
        } else {
            return false;
        }
    }
    if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > calendar_days_in_month(y, mo) ||
        h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
        return false;
    *epoch_s = calendar_epoch(y, mo, d, h, mi, s);
    return true;
}

void calendar_format(double epoch_s, char *buf, size_t len)
{
    struct utc_date u = calendar_date(epoch_s);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.year, u.month, u.day, u.hour, u.min,
             u.sec);
}
