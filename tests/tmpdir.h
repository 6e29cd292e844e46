/* tmpdir.h - temporary directories for the tests that write files (store, plot). */
#ifndef WORMSIM_TMPDIR_H
#define WORMSIM_TMPDIR_H

/* Removes a directory tree made by a test (no symbolic links are ever created in it). */
void tmpdir_remove_tree(const char *path);

#endif
