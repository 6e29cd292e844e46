/* model.c - the descriptor through which the command line (app/main.c) runs the Code Red
 * world without including any model header: parameter table, cross-key validation, run
 * settings, and the world's create/start/destroy hooks. */
#include <math.h>
#include <string.h>

#include "config.h"
#include "describe.h"
#include "model.h"
#include "model_theory.h"
#include "network.h"
#include "sensors.h"
#include "world.h"
#include "worm_kind.h"

static const struct param_table *model_params(void) { return config_table(); }

/* The hosts a [subnet] declares must fit in it (topology and routers: network_create). */
static enum status validate_subnets(const struct world_config *c, const char *path,
                                    struct diag *d)
{
    for (int i = 0; i < c->n_subnets; i++) {
        const struct subnet_section *s = &c->subnets[i];
        double size = pow(2, 32 - s->prefix.len);
        if (s->infected > s->vulnerable)
            return diag_set(d, ST_INPUT, path, 0,
                            "[subnet %s]: infected (%ld) exceeds vulnerable (%ld)", s->name,
                            s->infected, s->vulnerable);
        if (s->line_prefix > 0) {
            if (s->line_prefix < s->prefix.len || s->line_prefix > 31)
                return diag_set(d, ST_INPUT, path, 0,
                                "[subnet %s]: line_prefix must lie between the prefix length "
                                "(%d) and 31", s->name, s->prefix.len);
            double line = pow(2, 32 - s->line_prefix), lines = size / line;
            if (s->devices_hang > lines || s->vulnerable > lines * (line - 1))
                return diag_set(d, ST_INPUT, path, 0,
                                "[subnet %s]: %.0f lines of %.0f addresses cannot hold %ld DSL "
                                "routers and %ld hosts", s->name, lines, line, s->devices_hang,
                                s->vulnerable);
        } else if (s->vulnerable + s->devices_hang > size) {
            return diag_set(d, ST_INPUT, path, 0,
                            "[subnet %s]: %ld hosts do not fit in %.0f addresses", s->name,
                            s->vulnerable + s->devices_hang, size);
        }
    }
    return ST_OK;
}

static enum status model_validate(const void *config, const char *path, struct diag *d)
{
    const struct world_config *c = config;
    enum status st = validate_subnets(c, path, d);
    if (st != ST_OK)
        return st;
    struct network *net; /* topology, routers and countermeasures: built once to check them */
    st = network_create(&net, c, 0, path, d);
    if (st != ST_OK)
        return st;
    network_free(net);
    if ((st = sensors_validate(c, path, d)) != ST_OK)
        return st;
    if (c->end_epoch_s <= c->start_epoch_s)
        return diag_set(d, ST_INPUT, path, 0, "run.end must be after run.start");
    if (c->record_from_epoch_s >= c->end_epoch_s)
        return diag_set(d, ST_INPUT, path, 0, "run.record_from must be before run.end");
    if (c->share_english + c->share_japanese + c->share_chinese > 1 + 1e-12)
        return diag_set(d, ST_INPUT, path, 0,
                        "population.share_english + share_japanese + share_chinese exceed 1");
    static const char *const sections[WORMS_MAX] = {"worm", "worm2"};
    int variants_seen = 0;
    for (int i = 0; i < WORMS_MAX; i++) {
        const struct worm_config *k = &c->worms[i];
        const char *sec = sections[i];
        if (k->variant == WORM_NONE) {
            if (i == 0)
                return diag_set(d, ST_INPUT, path, 0, "worm.variant = none: a run needs a worm");
            continue;
        }
        if (variants_seen >> k->variant & 1)
            return diag_set(d, ST_INPUT, path, 0,
                            "worm and worm2 are both %s: two worms must be different variants",
                            config_variant_name(k->variant));
        variants_seen |= 1 << k->variant;
        if ((k->seed_hosts > 0 || k->seed_nat_sites > 0) &&
            (k->seed_epoch_s < c->start_epoch_s || k->seed_epoch_s > c->end_epoch_s))
            return diag_set(d, ST_INPUT, path, 0,
                            "%s.seed_time must lie between run.start and run.end", sec);
        if (k->seed_hosts > c->vulnerable && !c->hosts_file[0])
            return diag_set(d, ST_INPUT, path, 0, "%s.seed_hosts (%ld) exceeds population.vulnerable (%ld)",
                            sec, k->seed_hosts, c->vulnerable);
        if (k->seed_nat_sites > c->nat_sites)
            return diag_set(d, ST_INPUT, path, 0,
                            "%s.seed_nat_sites (%ld) exceeds population.nat_sites (%ld)", sec,
                            k->seed_nat_sites, c->nat_sites);
        if (k->variant != WORM_NONE && worm_kind(k->variant)->targets == TARGETS_NEARBY) {
            if (fabs(k->p_random + k->p_same8 + k->p_same16 - 1) > 1e-9)
                return diag_set(d, ST_INPUT, path, 0,
                                "%s.p_random + p_same8 + p_same16 must add up to 1", sec);
            if (c->space.len != 0)
                return diag_set(d, ST_INPUT, path, 0,
                                "%s.variant = %s scans all of IPv4: space.prefix must be 0.0.0.0/0",
                                sec, worm_kind(k->variant)->name);
        }
        if (k->threads_chinese &&
            (k->threads_chinese % k->threads || k->threads_chinese > 4 * k->threads))
            return diag_set(d, ST_INPUT, path, 0,
                            "%s.threads_chinese must be 1 to 4 times %s.threads", sec, sec);
    }
    if ((c->devices_hang > 0 || c->devices_restart > 0) && c->hosts_file[0])
        return diag_set(d, ST_INPUT, path, 0,
                        "population.devices_hang and devices_restart need a generated population "
                        "(no hosts_file)");
    if (c->nat_sites > 0 && c->nat_site_hosts == 0)
        return diag_set(d, ST_INPUT, path, 0,
                        "population.nat_sites is set but population.nat_site_hosts is 0");
    if (c->nat_sites > 0 && c->space.len != 0)
        return diag_set(d, ST_INPUT, path, 0,
                        "population.nat_sites needs space.prefix = 0.0.0.0/0 (sites use private /16s)");
    return ST_OK;
}

static void model_settings(const void *config, struct model_run_settings *out)
{
    const struct world_config *c = config;
    static const char *const modes[] = {"fast", "per-scan"};
    out->name = c->name;
    out->start_epoch_s = c->start_epoch_s;
    out->end_epoch_s = c->end_epoch_s;
    out->sample_s = c->sample_s;
    out->seed = (uint64_t)c->seed;
    out->mode = modes[c->mode];
    /* A chained run (run.record_from) is about the part it stores. */
    out->focus_epoch_s = c->worms[0].seed_epoch_s > c->record_from_epoch_s ? c->worms[0].seed_epoch_s
                                                                          : c->record_from_epoch_s;
    out->store_limit_bytes = c->store_limit_bytes;
    out->store_limit_key = "run.store_limit";
}

static void model_set_seed(void *config, uint64_t seed)
{
    ((struct world_config *)config)->seed = (long)seed;
}

static enum status model_create(void **state, const void *config, uint64_t seed,
                                const char *path, struct diag *d)
{
    struct world *w;
    enum status st = world_create(&w, config, seed, path, d);
    if (st == ST_OK)
        *state = w;
    return st;
}

static void model_start(void *state, struct engine *eng, const struct model_observer *obs)
{
    world_start(state, eng, obs);
}

static void model_totals(const void *state, struct model_totals *out) { world_totals(state, out); }

static void model_destroy(void *state) { world_free(state); }

static int model_columns(const void *state, const char *const **names)
{
    return world_columns(state, names);
}

static enum status model_outputs_check(const void *config, const char *db_dir,
                                       const char *path, struct diag *d)
{
    return sensors_check_dirs(config, db_dir, path, d);
}

static enum status model_outputs_open(void *state, const char *db_dir, long long run,
                                      void (*report)(const char *, const char *, void *),
                                      void *arg, struct diag *d)
{
    return sensors_open(world_sensors(state), db_dir, run, report, arg, d);
}

static enum status model_outputs_close(void *state, bool ok, struct diag *d)
{
    struct diag ignored;
    enum status st = world_sensor_error(state, d);
    enum status closed = sensors_close(world_sensors(state), ok && st == ST_OK,
                                       st == ST_OK ? d : &ignored);
    return st != ST_OK ? st : closed;
}

const struct model_desc wormsim_model = {
    .name = "codered",
    .params = model_params,
    .config_size = sizeof(struct world_config),
    .validate = model_validate,
    .settings = model_settings,
    .set_seed = model_set_seed,
    .create = model_create,
    .columns = model_columns,
    .start = model_start,
    .totals = model_totals,
    .destroy = model_destroy,
    .column_info = describe_column,
    .figures = figures_of_run,
    .plots = &describe_plots,
    .progress_column = "infected",
    .outputs_check = model_outputs_check,
    .outputs_open = model_outputs_open,
    .outputs_close = model_outputs_close,
    .fit = model_theory_fit,
    .theory = model_theory_curves,
    .key_source = describe_source,
};
