/* reader.h - a stored run as the model sees it (struct model_reader over the store) and a
 * stored run's scenario loaded back into the model's config: how the summary of `run` and the
 * HTML report get a run's key figures without the model touching the store. */
#ifndef WORMSIM_READER_H
#define WORMSIM_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "status.h"
#include "store.h"

struct reader_ctx {
    struct store *s;
    int64_t run;
};

/* Fills r to read run `row` of s through ctx (which must outlive r). */
void reader_init(struct model_reader *r, struct reader_ctx *ctx, struct store *s,
                 const struct run_row *row);

/* Loads the run's stored (resolved) scenario into a new config of the model's size (caller
 * frees). ST_INPUT if the stored text no longer reads (a scenario from an older program). */
enum status reader_load_config(struct store *s, int64_t run, void **config, struct diag *d);

/* Fills out (at most max) with the run's key figures; returns how many. 0 if its scenario no
 * longer reads. */
int reader_figures(struct store *s, const struct run_row *row, struct model_figure *out,
                   int max);

#endif
