/* column.c - the names under which a series column's kind is stored (model.h, column_kind):
 * "level" for a state at the sample time, "count" for a count over the sample interval. */
#include <string.h>

#include "model.h"

const char *column_kind_name(enum column_kind k)
{
    return k == COLUMN_COUNT ? "count" : "level";
}

bool column_kind_parse(const char *text, enum column_kind *k)
{
    if (text && !strcmp(text, "level")) {
        *k = COLUMN_LEVEL;
        return true;
    }
    if (text && !strcmp(text, "count")) {
        *k = COLUMN_COUNT;
        return true;
    }
    return false;
}
