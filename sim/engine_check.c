/* engine_check.c - engine_check: asserts every invariant listed at the top of engine.c. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "status.h"

/* Checks one entry's bookkeeping; marks its slot as referenced. */
static void check_entry(const struct engine *e, const struct entry *en, unsigned char *seen,
                        size_t *live, size_t *dead)
{
    assert(isfinite(en->t) && en->t >= e->now);
    assert(en->seq < e->next_seq);
    assert(en->slot < e->nslots && e->slots[en->slot].fn && (en->gen & 1));
    assert(en->slot < e->nslots && !seen[en->slot]);
    seen[en->slot] = 1;
    if (entry_live(e, en)) {
        (*live)++;
    } else {
        assert(e->slots[en->slot].gen == en->gen + 1);
        (*dead)++;
    }
}

/* Armed timers are due no earlier than now; tnext is the earliest, found afresh. */
static void check_timers(const struct engine *e)
{
    int first = -1;
    for (int i = 0; i < e->ntimers; i++) {
        const struct timer *tm = &e->timers[i];
        assert(tm->fn && (!tm->armed || (isfinite(tm->t) && tm->t >= e->now && tm->seq < e->next_seq)));
        if (tm->armed && (first < 0 || tm->t < e->timers[first].t ||
                          (tm->t == e->timers[first].t && tm->seq < e->timers[first].seq)))
            first = i;
    }
    assert(e->tnext == first);
}

/* Asserts every invariant listed at the top of engine.c. O(entries + buckets + slots). */
void engine_check(struct engine *eng)
{
    const struct engine *e = eng;
    assert(e->nslots <= e->slots_cap && e->heap_n <= e->heap_cap && e->over_n <= e->over_cap);
    unsigned char *seen = xcalloc(e->nslots ? e->nslots : 1, 1);
    size_t live = 0, dead = 0;

    bool active = e->cend > 0;
    if (active)
        assert(e->na >= 1 && e->na <= e->head_cap && e->next_a <= e->na &&
               e->chlim == (double)e->next_a && e->cend == (double)e->na && e->width > 0 &&
               e->inv_w == 1.0 / e->width && isfinite(e->inv_w));
    else
        assert(e->na == 0 && e->heap_n == 0 && e->chlim == -INFINITY && e->nchunks == 0 &&
               e->nf == e->nbf);
    assert(e->nbf >= 1 && e->nf <= e->nbf && e->nbf < e->off_cap);
    assert(e->flim == (e->nf == e->nbf ? INFINITY : e->nf == 0 ? -INFINITY : (double)e->nf));

    for (size_t i = 0; i < e->heap_n; i++) {
        const struct entry *en = &e->heap[i];
        check_entry(e, en, seen, &live, &dead);
        assert(coarse_pos(e, en->t) < e->chlim);
        assert(i == 0 || !before(en, &e->heap[(i - 1) / 2]));
    }
    if (e->nf < e->nbf) {
        for (size_t j = e->nf; j < e->nbf; j++) {
            assert(e->off[j] <= e->off[j + 1] && e->off[e->nbf] <= e->fine_cap);
            for (size_t i = e->off[j]; i < e->off[j + 1]; i++) {
                const struct entry *en = &e->fine[i];
                check_entry(e, en, seen, &live, &dead);
                assert(coarse_pos(e, en->t) < e->chlim);
                assert(fine_index(e, fine_pos(e, en->t)) == j);
            }
        }
    }
    size_t used_chunks = 0;
    for (size_t j = 0; j < e->na; j++) {
        const struct bucket *h = &e->head[j];
        assert(h->chunk == NONE ? h->n == 0 && h->count == 0
                                : h->n >= 1 && h->n <= CHUNK_ENTRIES && h->count >= h->n);
        size_t in_bucket = 0;
        if (j < e->next_a)
            assert(h->chunk == NONE);
        uint32_t n = h->n;
        for (uint32_t c = h->chunk; c != NONE; c = e->chunks[c].next, n = CHUNK_ENTRIES) {
            assert(c < e->nchunks && used_chunks < e->nchunks);
            used_chunks++;
            for (uint32_t i = 0; i < n; i++) {
                const struct entry *en = &e->chunks[c].e[i];
                check_entry(e, en, seen, &live, &dead);
                double p = coarse_pos(e, en->t);
                assert(p >= e->chlim && p < e->cend && (size_t)p == j);
                in_bucket++;
            }
        }
        assert(in_bucket == h->count);
    }
    size_t free_chunks = 0;
    for (uint32_t c = e->free_chunk; c != NONE; c = e->chunks[c].next) {
        assert(c < e->nchunks && free_chunks < e->nchunks);
        free_chunks++;
    }
    assert(used_chunks + free_chunks == e->nchunks);
    for (size_t i = 0; i < e->over_n; i++) {
        check_entry(e, &e->over[i], seen, &live, &dead);
        assert(coarse_pos(e, e->over[i].t) >= e->cend);
    }
    assert(live == e->live && dead == e->dead);
    assert(e->dead <= e->live + GC_SLACK);

    for (uint32_t i = 0; i < e->nfree; i++) {
        uint32_t s = e->free[i];
        assert(s < e->nslots && !seen[s] && !(e->slots[s].gen & 1));
        seen[s] = 2;
    }
    assert(e->nfree + live + dead == e->nslots);
    check_timers(e);
    free(seen);
}
