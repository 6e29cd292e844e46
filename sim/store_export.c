/* store_export.c - a run's series and events as CSV (RFC 4180): one line per sample with the
 * UTC time, the simulated seconds and each declared column, numbers in the shortest form that
 * reads back as the same double, so the same run always exports the same bytes. */
#include "store.h"
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"

/* 2^53: integral doubles below this print exactly as integers. */
#define STORE_EXACT_INT 9007199254740992.0
/* Formats a number for CSV: integral values below 2^53 as integers ("-0" as "0"), others in
 * the shortest of %.15g, %.16g, %.17g that reads back as the same double; NaN as an empty
 * field, infinities as inf / -inf. The same double always gives the same text. */
void store_format_number(double v, char *buf, size_t len)
{
    if (isnan(v)) {
        buf[0] = '\0';
    } else if (isinf(v)) {
        snprintf(buf, len, "%s", v > 0 ? "inf" : "-inf");
    } else if (v == floor(v) && fabs(v) < STORE_EXACT_INT) {
        snprintf(buf, len, "%.0f", v == 0 ? 0.0 : v);
    } else {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
}

/* Writes a CSV field, quoted (RFC 4180) if it holds a comma, quote, CR or LF. */
void store_write_field(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    putc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            putc('"', out);
        putc(*p, out);
    }
    putc('"', out);
}

static enum status write_done(FILE *out, struct diag *d)
{
    if (fflush(out) != 0 || ferror(out))
        return diag_set(d, ST_IO, "", 0, "cannot write CSV: %s", strerror(errno));
    return ST_OK;
}

enum status store_export_csv(struct store *s, int64_t run, FILE *out, struct diag *d)
{
    struct run_row row;
    enum status st = store_run_get(s, run, &row, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM series_columns WHERE run = ?1 ORDER BY col",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read series columns");
    sqlite3_bind_int64(q, 1, run);
    fputs("time_utc,t_s", out);
    int ncols = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        putc(',', out);
        store_write_field(out, (const char *)sqlite3_column_text(q, 0));
        ncols++;
    }
    sqlite3_finalize(q);
    putc('\n', out);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read series columns");

    /* The key order gives the rows sample by sample, columns in order; a column missing at
     * some t (never written by store_sample, but possible in a hand-edited file) is left empty. */
    if (sqlite3_prepare_v2(s->db, "SELECT t, col, value FROM series WHERE run = ?1"
                           " ORDER BY t, col", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read the series");
    sqlite3_bind_int64(q, 1, run);
    char num[40], when[32];
    rc = sqlite3_step(q);
    while (rc == SQLITE_ROW) {
        double t = sqlite3_column_double(q, 0);
        calendar_format(row.start_epoch_s + t, when, sizeof when);
        store_format_number(t, num, sizeof num);
        fprintf(out, "%s,%s", when, num);
        int next = 0; /* the next column to print */
        while (rc == SQLITE_ROW && sqlite3_column_double(q, 0) == t) {
            int col = sqlite3_column_int(q, 1);
            if (col >= next && col < ncols) {
                for (; next <= col; next++)
                    putc(',', out);
                store_format_number(column_value(q, 2), num, sizeof num);
                fputs(num, out);
            }
            rc = sqlite3_step(q);
        }
        for (; next < ncols; next++)
            putc(',', out);
        putc('\n', out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read the series");
    return write_done(out, d);
}

enum status store_export_events_csv(struct store *s, int64_t run, FILE *out, struct diag *d)
{
    struct run_row row;
    enum status st = store_run_get(s, run, &row, d);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT t, kind, subject, detail FROM events WHERE run = ?1"
                           " ORDER BY t, seq", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, d, "cannot read events");
    sqlite3_bind_int64(q, 1, run);
    fputs("time_utc,kind,subject,detail\n", out);
    char when[32];
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        calendar_format(row.start_epoch_s + sqlite3_column_double(q, 0), when, sizeof when);
        fputs(when, out);
        for (int i = 1; i <= 3; i++) {
            putc(',', out);
            store_write_field(out, (const char *)sqlite3_column_text(q, i));
        }
        putc('\n', out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, d, "cannot read events");
    return write_done(out, d);
}

