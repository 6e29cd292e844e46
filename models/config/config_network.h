/* config_network.h - the scenario keys of the network a scan crosses: [router NAME],
 * [link NAME], [subnet NAME] and [countermeasure NAME] sections (SOURCES §10, §11;
 * seed 000's campus, seed 001's DSL provider). Only config.c includes it: the rows expand into
 * its parameter table. Router keys left at 0 take the preset's value (models/router.c gives
 * the preset values and their sources). */
#ifndef WORMSIM_CONFIG_NETWORK_H
#define WORMSIM_CONFIG_NETWORK_H

#include <stddef.h>

#include "config.h"

#define RT(field) offsetof(struct router_section, field)
#define LK(field) offsetof(struct link_section, field)
#define SN(field) offsetof(struct subnet_section, field)
#define CM(field) offsetof(struct countermeasure_section, field)

#define NETWORK_DEFS \
    {"router", "preset", PARAM_ENUM, "none", 1, 0, \
     "none|cisco7000-16mb|cisco7500-64mb|cisco7500-128mb", \
     "the router's memory and CPU model; none: it only forwards and counts load", RT(preset), \
     NULL, NULL}, \
    {"router", "memory", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "installed memory (0: the preset's)", RT(memory_bytes), NULL, NULL}, \
    {"router", "system_memory", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "memory the system takes (0: the preset's)", RT(system_bytes), NULL, NULL}, \
    {"router", "fail_free", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "the router fails (mallocfail) when free memory falls below this (0: the preset's)", \
     RT(fail_bytes), NULL, NULL}, \
    {"router", "cache_entry", PARAM_BYTES, "0", 0, 1e6, NULL, \
     "bytes per fast-switching cache entry (0: the preset's, 147 B: 20,772 bytes for 141 entries " \
     "in the published show ip cache example)", \
     RT(cache_entry_bytes), NULL, NULL}, \
    {"router", "aging", PARAM_PROB, "0", 1, 0, NULL, \
     "share of the cache invalidated each minute (0: the preset's; SOURCES §10: about 1/20)", \
     RT(age_fraction), NULL, NULL}, \
    {"router", "reload", PARAM_DURATION, "0s", 0, 86400, NULL, \
     "time a failed router takes to reload (0s: the preset's)", RT(reload_s), NULL, NULL}, \
    {"router", "switching", PARAM_ENUM, "preset", 1, 0, \
     "preset|fast-per-destination|fast-per-network|cef", \
     "route cache: one entry per destination (equal-cost paths), per classful network, or CEF", \
     RT(switching), NULL, NULL}, \
    {"router", "pressure_free", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "below this much free memory the cache ages pressure_factor times faster (0: the preset's; " \
     "not published)", RT(pressure_free_bytes), NULL, NULL}, \
    {"router", "pressure_factor", PARAM_REAL, "0", 0, 1000, NULL, \
     "how much faster the cache ages under memory pressure (0: the preset's; not published)", \
     RT(pressure_factor), NULL, NULL}, \
    {"router", "cache_floor", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "no cache entry is added that would leave less free memory than this (0: the preset's; " \
     "not published; 1B switches the protection off)", RT(cache_floor_bytes), \
     NULL, NULL}, \
    {"router", "static_route_to_interface", PARAM_BOOL, "no", 1, 0, NULL, \
     "a static route points at a broadcast interface (ip route 0.0.0.0 0.0.0.0 Vlan3): the " \
     "router ARPs for every destination (Cisco 12808)", RT(arp_per_destination), NULL, NULL}, \
    {"router", "proxy_arp", PARAM_BOOL, "yes", 1, 0, NULL, \
     "the next router answers ARP for any address (the IOS default): entries complete", \
     RT(proxy_arp), NULL, NULL}, \
    {"router", "arp_timeout", PARAM_DURATION, "0s", 0, 86400, NULL, \
     "complete ARP entries expire after this (0s: the preset's, IOS's 4 h)", RT(arp_timeout_s), \
     NULL, NULL}, \
    {"router", "arp_incomplete", PARAM_DURATION, "0s", 0, 86400, NULL, \
     "unanswered ARP entries expire after this (0s: the preset's; not published)", \
     RT(arp_incomplete_s), NULL, NULL}, \
    {"router", "arp_entry", PARAM_BYTES, "0", 0, 1e6, NULL, \
     "bytes per ARP entry (0: the preset's; not published)", RT(arp_entry_bytes), NULL, NULL}, \
    {"router", "buffer_size", PARAM_BYTES, "0", 0, 1e6, NULL, \
     "bytes a packet buffer takes while a process-switched packet waits (0: the preset's)", \
     RT(buffer_bytes), NULL, NULL}, \
    {"router", "hold_queue", PARAM_INT, "0", 0, 100000, NULL, \
     "process-switched packets that may wait; more are dropped (0: the preset's, IOS's 75)", \
     RT(hold_queue), NULL, NULL}, \
    {"router", "cpu_fail_after", PARAM_DURATION, "0s", 0, 86400, NULL, \
     "the router reloads after this long at 100% CPU (0s: never; SOURCES §10: it \"can\" happen)", \
     RT(cpu_fail_after_s), NULL, NULL}, \
    {"link", "from", PARAM_NAME, "", 1, 0, NULL, "one end: a router or internet", LK(from), NULL, \
     NULL}, \
    {"link", "to", PARAM_NAME, "", 1, 0, NULL, "the other end: a router or internet", LK(to), \
     NULL, NULL}, \
    {"link", "capacity", PARAM_BITRATE, "100Mbps", 1, 0, NULL, "bit rate of the link", \
     LK(capacity_bps), NULL, NULL}, \
    {"subnet", "prefix", PARAM_CUSTOM, "0.0.0.0/32", 1, 0, NULL, \
     "the addresses of the LAN (a subnet inside another is matched first)", SN(prefix), \
     parse_prefix, format_prefix}, \
    {"subnet", "router", PARAM_NAME, "", 1, 0, NULL, "the router the LAN sits behind", \
     SN(router), NULL, NULL}, \
    {"subnet", "vulnerable", PARAM_INT, "0", 0, 65536, NULL, \
     "vulnerable IIS hosts placed in the subnet (beyond the population's)", SN(vulnerable), NULL, \
     NULL}, \
    {"subnet", "infected", PARAM_INT, "0", 0, 65536, NULL, \
     "of those, hosts infected by [worm] at its seed_time", SN(infected), NULL, NULL}, \
    {"subnet", "devices_hang", PARAM_INT, "0", 0, 65536, NULL, \
     "DSL routers that hang on a probe until power-cycled, one per customer line", \
     SN(devices_hang), NULL, NULL}, \
    {"subnet", "line_prefix", PARAM_INT, "0", 0, 32, NULL, \
     "0, or customer lines of this prefix length: a line's first address is its DSL router, " \
     "and while it hangs the line is cut off", SN(line_prefix), NULL, NULL}, \
    {"countermeasure", "at", PARAM_TIME, "2001-07-19T00:00Z", 1, 0, NULL, \
     "when the operator acts, UTC", CM(at_epoch_s), NULL, NULL}, \
    {"countermeasure", "action", PARAM_ENUM, "cut", 1, 0, \
     "cut|reconnect|filter|unfilter|cef|fast|add_memory", \
     "cut or reconnect a subnet; filter or unfilter port 80 at a router; switch a router to CEF " \
     "or back to fast switching; add memory to a router", CM(action), NULL, NULL}, \
    {"countermeasure", "target", PARAM_NAME, "", 1, 0, NULL, \
     "the subnet (cut, reconnect) or router (the others) acted on", CM(target), NULL, NULL}, \
    {"countermeasure", "memory", PARAM_BYTES, "0", 0, 1e12, NULL, \
     "memory added (add_memory)", CM(memory_bytes), NULL, NULL},

#define NETWORK_SECTIONS \
    PARAM_SECTION("router", struct world_config, routers, n_routers, name, \
                  "a router on the path of scans (SOURCES §10)"), \
    PARAM_SECTION("link", struct world_config, links, n_links, name, \
                  "a link between two routers, or a router and internet"), \
    PARAM_SECTION("subnet", struct world_config, subnets, n_subnets, name, \
                  "a LAN behind a router; its hosts' scans cross the routers"), \
    PARAM_SECTION("countermeasure", struct world_config, countermeasures, n_countermeasures, \
                  name, "an operator's action at a given time"),

#endif
