/* world_check.c - the world's invariants, asserted from the hosts up (O(hosts)): counts agree
 * with host states, each worm's `susc` holds exactly the UP (or OFF) hosts it has not
 * infected and its `spread` exactly its spreading hosts not simulated scan by scan, phases
 * agree with counts, and every group sum of the fast mode agrees with a recount
 * (spread_check). For tests. */
#include <assert.h>

#include "codered.h"
#include "world.h"
#include "world_internal.h"

void world_check(const struct world *w)
{
    uint32_t up = 0, any = 0, crashed = 0, rebooting = 0, patched = 0, ever = 0, dev_down = 0;
    uint32_t off = 0, filtered = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        switch (w->state[h]) {
        case HOST_UP:
            up += population_is_iis(w->pop.kind[h]);
            any += w->infected[h] != 0;
            break;
        case HOST_DEVICE_DOWN:
            dev_down++;
            break;
        case HOST_CRASHED:
            crashed++;
            break;
        case HOST_REBOOTING:
            rebooting++;
            break;
        case HOST_PATCHED:
            patched++;
            break;
        case HOST_OFF:
            off++;
            break;
        case HOST_FILTERED:
            filtered++;
            break;
        default:
            assert(w->pop.kind[h] == KIND_OTHER_WEB);
        }
        assert(w->state[h] == HOST_UP || w->infected[h] == 0);
        ever += w->ever[h] != 0;
    }
    assert(up == w->n_up && any == w->n_infected_any && crashed == w->n_crashed &&
           rebooting == w->n_rebooting && patched == w->n_patched && ever == w->n_ever &&
           dev_down == w->n_devices_down && off == w->n_off && filtered == w->n_filtered);
    for (int i = 0; i < w->n_worms; i++) {
        const struct worm *k = &w->worms[i];
        uint32_t inf = 0, susc = 0, ph[3] = {0, 0, 0};
        for (uint32_t h = 0; h < w->pop.n; h++) {
            bool by = w->infected[h] >> k->idx & 1;
            inf += by;
            if (by)
                ph[k->phase[h]]++;
            bool should = (w->state[h] == HOST_UP || w->state[h] == HOST_OFF) && !by;
            assert(hostset_has(&k->susc, h) == should);
            susc += should;
            /* A spreading host is in `spread`, or scans scan by scan (scan_by_scan.c). */
            bool spreading = by && k->phase[h] == CRV1_SPREAD;
            int di = w->n_detail ? detail_index(w, h) : -1;
            if (di >= 0)
                assert(!hostset_has(&k->spread, h) && w->detail[di].spreading[k->idx] == spreading);
            else
                assert(hostset_has(&k->spread, h) == spreading);
        }
        assert(inf == k->n_infected && susc == k->susc.total_count);
        assert(k->spread.total_count + k->n_detail_spreading == k->n_phase[CRV1_SPREAD]);
        assert(ph[0] == k->n_phase[0] && ph[1] == k->n_phase[1] && ph[2] == k->n_phase[2]);
        spread_check(k);
    }
}
