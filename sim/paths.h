/* paths.h - file-system helpers used by the store and the plots. */
#ifndef WORMSIM_PATHS_H
#define WORMSIM_PATHS_H

#include "status.h"

/* Creates the missing directories of path's directory part (mkdir -p); ST_IO with a message
 * naming the directory if one cannot be made or a path part is not a directory. */
enum status paths_make_parents(const char *path, struct diag *d);

#endif
