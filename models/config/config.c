/* config.c - the scenario keys, their defaults and the source of every default.
 * Sources are sections of docs/SOURCES.md, quoted as "SOURCES §N" (section N there, which names
 * the documents); [uncertain] marks a value the 2001 record does not pin down: a parameter to
 * vary, not a fact (docs/SOURCES.md §15 lists them). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>

#define F(field) offsetof(struct world_config, field)

static bool parse_prefix(const char *text, void *field, char *err, size_t errlen)
{
    if (prefix_parse(text, field))
        return true;
    snprintf(err, errlen, "expected a prefix like 10.0.0.0/16 (host bits zero)");
    return false;
}

static void format_prefix(const void *field, char *buf, size_t len)
{
    prefix_format(field, buf, len);
}

#include "config_network.h" /* after parse_prefix and format_prefix, which its rows use */
#include "config_removal.h"

static bool parse_addr(const char *text, void *field, char *err, size_t errlen)
{
    if (ipv4_parse(text, field))
        return true;
    snprintf(err, errlen, "expected an IPv4 address like 198.137.240.91");
    return false;
}

static void format_addr(const void *field, char *buf, size_t len)
{
    ipv4_format(*(const uint32_t *)field, buf, len);
}

#include "config_sensors.h" /* after parse_prefix and parse_addr, which its rows use */

#define W(i, field) (offsetof(struct world_config, worms) + (i) * sizeof(struct worm_config) + \
                    offsetof(struct worm_config, field))

/* The keys of one worm section; [worm] and [worm2] differ only in name and default variant. */
#define WORM_DEFS(SECTION, IDX, VARIANT) \
    {SECTION, "variant", PARAM_ENUM, VARIANT, 1, 0, "crv2|crii|crv1|none", \
     "crv2: Code Red I v2 (random seed, 19 July 2001); crii: Code Red II (4 August 2001); crv1: Code Red I v1 (static seed, 13 July 2001); none", \
     W(IDX, variant), NULL, NULL}, \
    /* SOURCES §4: 100 threads. */ \
    {SECTION, "threads", PARAM_INT, "100", 1, 10000, NULL, \
     "scanning threads per infected host", W(IDX, threads), NULL, NULL}, \
    /* SOURCES §7: 5 to 14 attempts/s published, about 6/s usual. */ \
    {SECTION, "scan_rate", PARAM_RATE, "0", 0, 100000, NULL, \
     "scans per second per host; 0: threads / time per address (thread model)", W(IDX, scan_rate), \
     NULL, NULL}, \
    /* SOURCES §7: Windows 2000 gives up on a silent address after 21 s. */ \
    {SECTION, "dark_timeout", PARAM_DURATION, "21s", 0.001, 600, NULL, \
     "time a thread waits on an address that never answers", W(IDX, dark_timeout_s), NULL, NULL}, \
    /* [uncertain] a refused or served connection costs a round trip or a few. */ \
    {SECTION, "answer_time", PARAM_DURATION, "500ms", 0.001, 600, NULL, \
     "time a thread spends on an address that answers", W(IDX, answer_time_s), NULL, NULL}, \
    /* [uncertain] SOURCES §18: hosts without a web server that answer with an RST. */ \
    {SECTION, "answering_per_host", PARAM_REAL, "1", 1, 1000, NULL, \
     "crii thread model: addresses that answer per host of the population in the same /16 and " \
     "/8 (1: only the population's hosts answer)", W(IDX, answering_per_host), NULL, NULL}, \
    {SECTION, "seed_hosts", PARAM_INT, "1", 0, 10000000, NULL, \
     "hosts infected at seed_time (chosen at random among the vulnerable)", W(IDX, seed_hosts), NULL, \
     NULL}, \
    {SECTION, "seed_nat_sites", PARAM_INT, "0", 0, 273, NULL, \
     "NAT sites that start with one infected host at seed_time (besides seed_hosts)", \
     W(IDX, seed_nat_sites), NULL, NULL}, \
    /* SOURCES §5: CRv2 from about 10:00 UTC 19 July 2001. */ \
    {SECTION, "seed_time", PARAM_TIME, "2001-07-19T10:00Z", 1, 0, NULL, \
     "when the seed hosts are infected", W(IDX, seed_epoch_s), NULL, NULL}, \
    /* SOURCES §4: days 20-27 flood 198.137.240.91 (www1.whitehouse.gov). */ \
    {SECTION, "flood_target", PARAM_CUSTOM, "198.137.240.91", 1, 0, NULL, \
     "address flooded on days 20-27", W(IDX, flood_target), parse_addr, format_addr}, \
    /* SOURCES §4: about 100 connections, about 100 KB each, then about 4.5 h sleep. */ \
    {SECTION, "flood_connections", PARAM_INT, "100", 0, 100000, NULL, \
     "connections each flooding host opens per burst", W(IDX, flood_connections), NULL, NULL}, \
    {SECTION, "flood_bytes_per_connection", PARAM_BYTES, "100KB", 0, 1e12, NULL, \
     "bytes sent through each flood connection", W(IDX, flood_bytes_per_connection), NULL, NULL}, \
    {SECTION, "flood_sleep", PARAM_DURATION, "4.5h", 1, 30 * 86400.0, NULL, \
     "sleep between flood bursts", W(IDX, flood_sleep_s), NULL, NULL}, \
    /* SOURCES §7: the probe is about 3.8 KB after the handshake. */ \
    {SECTION, "probe_bytes", PARAM_BYTES, "3.8KB", 0, 1e9, NULL, \
     "payload sent to a host that accepts the connection", W(IDX, probe_bytes), NULL, NULL}, \
    /* SOURCES §6: 300 threads, 600 when the system language is Chinese. */ \
    {SECTION, "threads_chinese", PARAM_INT, "0", 0, 40000, NULL, \
     "threads on Chinese-language hosts, a multiple (up to 4x) of threads; 0: same as threads", \
     W(IDX, threads_chinese), NULL, NULL}, \
    /* SOURCES §6: 1/8 random, 1/2 own /8, 3/8 own /16. */ \
    {SECTION, "p_random", PARAM_PROB, "0.125", 1, 0, NULL, \
     "crii: share of scans to a random address", W(IDX, p_random), NULL, NULL}, \
    {SECTION, "p_same8", PARAM_PROB, "0.5", 1, 0, NULL, \
     "crii: share of scans to an address in the host's own /8", W(IDX, p_same8), NULL, NULL}, \
    {SECTION, "p_same16", PARAM_PROB, "0.375", 1, 0, NULL, \
     "crii: share of scans to an address in the host's own /16", W(IDX, p_same16), NULL, NULL}, \
    /* SOURCES §6: the main thread sleeps 24 h (48 h on Chinese systems), then reboots. */ \
    {SECTION, "lifetime", PARAM_DURATION, "24h", 1, 365 * 86400.0, NULL, \
     "crii: scanning time before the worm reboots the host", W(IDX, lifetime_s), NULL, NULL}, \
    {SECTION, "lifetime_chinese", PARAM_DURATION, "48h", 1, 365 * 86400.0, NULL, \
     "crii: the same on Chinese-language hosts", W(IDX, lifetime_chinese_s), NULL, NULL}, \
    /* SOURCES §5: CRv1's generator had a constant seed. [uncertain] its constants: \
     * ours are a scrambled bijection of the space (models/crv1seq.c). */ \
    /* SOURCES §19 (CERT lab, NANOG 2 Aug 2001): threads sleeping through a phase woke "hours" \
     * after 00:00 UTC on the 1st: a sleep() does not look at the clock. A sleep of length L \
     * begun at a random moment ends uniformly in [0, L) after midnight. [uncertain] L. */ \
    {SECTION, "sleep_length", PARAM_DURATION, "4h", 0, 86400, NULL, \
     "a dormant host wakes to spread a uniform time in [0, sleep_length) after its clock's " \
     "00:00 on the 1st (0s: at once)", W(IDX, sleep_length_s), NULL, NULL}, \
    {SECTION, "sequence_key", PARAM_INT, "1", 0, 9007199254740991.0, NULL, \
     "crv1: the static seed, choosing the address sequence every instance walks", \
     W(IDX, sequence_key), NULL, NULL}, \
    /* SOURCES §5, §19: CERT's "more than 13,000 hosts" by 19 July. [derived] S = 13,000 / \
     * (r V / 2^32 x 6 d) = 13,000 / (6/s x 360,000 / 2^32 x 518,400 s) = 50. */ \
    {SECTION, "sequences", PARAM_INT, "50", 1, 1024, NULL, \
     "crv1: distinct address lists (S); each list is walked from its start by its walkers", \
     W(IDX, sequences), NULL, NULL}, \
    /* SOURCES §19: [uncertain] how v1 mapped instances and threads onto its lists. */ \
    {SECTION, "sequence_map", PARAM_ENUM, "instance", 1, 0, "instance|thread", \
     "crv1: instance: each instance walks one list (a hash of its address) at its full rate; " \
     "thread: thread i of every instance walks list i mod S at rate / threads", \
     W(IDX, sequence_map), NULL, NULL}, \

static const struct param_def DEFS[] = {
    {"run", "name", PARAM_STRING, "", 1, 0, NULL,
     "scenario name stored with the run (empty: the file name without .ini)", F(name), NULL, NULL},
    {"run", "start", PARAM_TIME, "2001-07-19T00:00Z", 1, 0, NULL,
     "simulated start, UTC", F(start_epoch_s), NULL, NULL},
    {"run", "end", PARAM_TIME, "2001-07-20T12:00Z", 1, 0, NULL,
     "simulated end, UTC (after start)", F(end_epoch_s), NULL, NULL},
    /* SOURCES §19: a later scenario continues an earlier one by re-running it (runs are
     * deterministic) and storing samples only from here. */
    {"run", "record_from", PARAM_TIME, "1970-01-01T00:00Z", 1, 0, NULL,
     "store samples from this time on (before run.start: from the start); the run simulates "
     "from run.start all the same", F(record_from_epoch_s), NULL, NULL},
    {"run", "seed", PARAM_INT, "1", 0, 9007199254740991.0, NULL,
     "run seed: every random stream derives from it and its name", F(seed), NULL, NULL},
    {"run", "mode", PARAM_ENUM, "fast", 1, 0, "fast|per-scan",
     "fast: draw only state-changing scans (exact in distribution); per-scan: draw every scan",
     F(mode), NULL, NULL},
    {"run", "sample", PARAM_DURATION, "60s", 1, 86400, NULL,
     "interval between stored samples", F(sample_s), NULL, NULL},
    {"run", "store_limit", PARAM_BYTES, "4GB", 0, 1e15, NULL,
     "refuse a run whose stored series would exceed this, estimated before it starts (0: no limit)",
     F(store_limit_bytes), NULL, NULL},

    {"space", "prefix", PARAM_CUSTOM, "0.0.0.0/0", 1, 0, NULL,
     "address space the worm scans and the hosts live in (0.0.0.0/0: all of IPv4)", F(space),
     parse_prefix, format_prefix},
    {"space", "exclude_private", PARAM_BOOL, "yes", 1, 0, NULL,
     "no hosts in 10/8, 172.16/12, 192.168/16 (they are behind NAT, unreachable)",
     F(exclude_private), NULL, NULL},
    {"space", "exclude_unallocated", PARAM_BOOL, "yes", 1, 0, NULL,
     "no hosts in /8s IANA had not allocated by July 2001 (0/8, 127/8, 224/3 never hold hosts)",
     F(exclude_unallocated), NULL, NULL},

    /* SOURCES §8: 360,000 to 500,000 reachable vulnerable hosts. */
    {"population", "vulnerable", PARAM_INT, "360000", 0, 50000000, NULL,
     "vulnerable IIS hosts (SOURCES §8: 360,000 to 500,000 on 19 July 2001)", F(vulnerable), NULL, NULL},
    /* [uncertain] other hosts with port 80 open: only their share of the space matters here. */
    {"population", "other_web", PARAM_INT, "0", 0, 50000000, NULL,
     "other hosts with port 80 open: they answer probes but cannot be infected", F(other_web),
     NULL, NULL},
    {"population", "hosts_file", PARAM_STRING, "", 1, 0, NULL,
     "file of \"prefix count\" lines placing the vulnerable hosts (empty: generated)",
     F(hosts_file), NULL, NULL},
    /* [uncertain] how concentrated the vulnerable servers were. */
    {"population", "occupied_16s", PARAM_INT, "20000", 1, 65536, NULL,
     "number of /16 networks holding vulnerable hosts", F(occupied_16s), NULL, NULL},
    /* [uncertain] how uneven the density was: web servers cluster in hosting and campus
     * networks, and unpatched IIS (Windows 2000 installs it by default) in home, DSL and cable
     * blocks (SOURCES §11: infected IIS hosts on a Tokyo ADSL provider). */
    {"population", "slash8_spread", PARAM_REAL, "1.0", 0, 4, NULL,
     "lognormal sigma of host density between /8s (0: even)", F(slash8_spread), NULL, NULL},
    {"population", "slash16_spread", PARAM_REAL, "1.5", 0, 4, NULL,
     "lognormal sigma of host density between the /16s of a /8 (0: even)", F(slash16_spread),
     NULL, NULL},
    {"population", "broadband_share", PARAM_PROB, "0.25", 1, 0, NULL,
     "share of occupied /16s that are home, DSL or cable blocks", F(broadband_share), NULL, NULL},
    {"population", "broadband_factor", PARAM_REAL, "4", 1, 100, NULL,
     "vulnerable hosts are this many times denser in home, DSL and cable blocks",
     F(broadband_factor), NULL, NULL},
    /* SOURCES §6: behind NAT, local preference reaches private addresses. */
    {"population", "nat_sites", PARAM_INT, "0", 0, 273, NULL,
     "sites behind NAT; site k uses the k-th private /16 (10.0/16 ... 192.168/16)",
     F(nat_sites), NULL, NULL},
    {"population", "nat_site_hosts", PARAM_INT, "0", 0, 65536, NULL,
     "vulnerable hosts inside each NAT site", F(nat_site_hosts), NULL, NULL},
    /* SOURCES §11: Cisco 600 DSL routers stop forwarding until
     * power-cycled; Yamaha RT80i, RTA50i and Furukawa MUCHO-E restart. [uncertain] numbers and
     * delays. Devices sit where home and DSL lines are (the vulnerable-host density). */
    {"population", "devices_hang", PARAM_INT, "0", 0, 10000000, NULL,
     "embedded web servers (DSL routers) that hang on the probe until power-cycled",
     F(devices_hang), NULL, NULL},
    {"population", "devices_restart", PARAM_INT, "0", 0, 10000000, NULL,
     "embedded web servers that restart on the probe", F(devices_restart), NULL, NULL},
    {"population", "device_power_cycle", PARAM_DURATION, "12h", 0, 365 * 86400.0, NULL,
     "a hung device works again after its owner power-cycles it, this long after; 0s: never",
     F(device_power_cycle_s), NULL, NULL},
    {"population", "device_restart", PARAM_DURATION, "2min", 0, 86400, NULL,
     "a device that restarts is down this long", F(device_restart_s), NULL, NULL},
    /* SOURCES §3: IIS 4.0 (NT 4) and 5.0 (Windows 2000). [uncertain] mix. */
    {"population", "share_nt4", PARAM_PROB, "0.2", 1, 0, NULL,
     "share of vulnerable IIS that is IIS 4 on Windows NT 4 (Code Red II crashes it)",
     F(share_nt4), NULL, NULL},
    /* [uncertain] locale shares of IIS hosts. */
    {"population", "share_english", PARAM_PROB, "0.5", 1, 0, NULL,
     "share of hosts with an English-language system", F(share_english), NULL, NULL},
    {"population", "share_japanese", PARAM_PROB, "0.03", 1, 0, NULL,
     "share of hosts with a Japanese-language system", F(share_japanese), NULL, NULL},
    {"population", "share_chinese", PARAM_PROB, "0.03", 1, 0, NULL,
     "share of hosts with a Chinese-language system", F(share_chinese), NULL, NULL},
    /* SOURCES §11: Japanese IIS "often crashed" instead of being infected. */
    {"population", "japanese_crash", PARAM_PROB, "0.5", 1, 0, NULL,
     "chance that a probe crashes a Japanese IIS instead of infecting it", F(japanese_crash),
     NULL, NULL},
    /* SOURCES §11: IIS 5 restarts itself; [uncertain] after how long. */
    {"population", "iis_restart", PARAM_DURATION, "10min", 0, 365 * 86400.0, NULL,
     "a crashed IIS serves (and is vulnerable) again after this; 0s: never", F(iis_restart_s),
     NULL, NULL},
    /* SOURCES §11: IIS 4 needs an administrator to restart it.
     * [uncertain] how soon one did. */
    {"population", "iis4_restart", PARAM_DURATION, "1d", 0, 365 * 86400.0, NULL,
     "an IIS 4 that Code Red II crashed serves again after this; 0s: never", F(iis4_restart_s),
     NULL, NULL},
    /* [uncertain] a Windows 2000 server restarts in a few minutes. */
    {"population", "reboot_time", PARAM_DURATION, "5min", 0, 86400, NULL,
     "a host the worm reboots is down (and unreachable) this long", F(reboot_s), NULL, NULL},
    /* SOURCES §4: hosts with wrong clocks are in the wrong phase. [uncertain] amounts. */
    {"population", "clock_sd", PARAM_DURATION, "5min", 0, 86400, NULL,
     "standard deviation of ordinary clock errors", F(clock_sd_s), NULL, NULL},
    {"population", "clock_wrong_share", PARAM_PROB, "0.01", 1, 0, NULL,
     "share of hosts whose clock is badly wrong", F(clock_wrong_share), NULL, NULL},
    {"population", "clock_wrong_range", PARAM_DURATION, "30d", 0, 3650 * 86400.0, NULL,
     "a badly wrong clock is off by a uniform amount up to this, either way",
     F(clock_wrong_range_s), NULL, NULL},
    /* SOURCES §4: memory-resident, a reboot removes it. [uncertain] reboot frequency. */
    /* SOURCES §8: about 30 % of sampled IIS 5.0 servers were still
     * vulnerable in late July, about 12 % two days after 31 July: a fall to 0.4 in 5 to 8
     * days, 0.11 to 0.18 per day [derived]. Off by default. */
    {"population", "patch_rate", PARAM_RATE, "0", 0, 100, NULL,
     "chance per unit time that a vulnerable host is patched (\"0.12/d\"): it reboots and is immune",
     F(patch_rate), NULL, NULL},
    {"population", "patch_start", PARAM_TIME, "2001-07-19T00:00Z", 1, 0, NULL,
     "patching starts at this time (or at run.start if later)", F(patch_start_epoch_s), NULL, NULL},
    {"population", "uptime_mean", PARAM_DURATION, "0s", 0, 3650 * 86400.0, NULL,
     "mean time from infection to the host's next reboot (exponential); 0s: no reboots",
     F(uptime_mean_s), NULL, NULL},

    REMOVAL_DEFS
WORM_DEFS("worm", 0, "crv2")
    WORM_DEFS("worm2", 1, "none")
    NETWORK_DEFS
    SENSOR_DEFS
};

static const struct param_section SECTIONS[] = {NETWORK_SECTIONS SENSOR_SECTIONS};

static const struct param_table TABLE = {DEFS, sizeof DEFS / sizeof DEFS[0], SECTIONS,
                                         sizeof SECTIONS / sizeof SECTIONS[0]};

const struct param_table *config_table(void) { return &TABLE; }

double config_scan_rate(const struct worm_config *c, double live_share)
{
    if (c->scan_rate > 0)
        return c->scan_rate;
    double per_address = (1 - live_share) * c->dark_timeout_s + live_share * c->answer_time_s;
    return (double)c->threads / per_address;
}

const char *config_variant_name(int variant)
{
    static const char *const names[] = {"crv2", "crii", "crv1", "none"};
    return names[variant];
}
