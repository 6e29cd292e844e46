/* paths.c - file-system helpers used by the store and the plots. */
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* mkdir -p of the directory part of path. */
enum status paths_make_parents(const char *path, struct diag *d)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    enum status st = ST_OK;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; ; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            struct stat sb;
            if (stat(dir, &sb) != 0) {
                if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
                    st = diag_set(d, ST_IO, "", 0, "cannot create directory %s: %s", dir,
                                  strerror(errno));
                    break;
                }
            } else if (!S_ISDIR(sb.st_mode)) {
                st = diag_set(d, ST_IO, "", 0, "cannot create directory %s: not a directory",
                              dir);
                break;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(dir);
    return st;
}
