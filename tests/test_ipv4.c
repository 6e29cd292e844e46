/* test_ipv4.c - address and prefix parsing, formatting and the 2001 address map. */
#include <check.h>

#include "ipv4.h"
#include "suites.h"

START_TEST(addresses)
{
    uint32_t a;
    ck_assert(ipv4_parse("198.137.240.91", &a));
    ck_assert_uint_eq(a, (198u << 24) | (137u << 16) | (240u << 8) | 91u);
    char buf[16];
    ipv4_format(a, buf, sizeof buf);
    ck_assert_str_eq(buf, "198.137.240.91");
    const char *bad[] = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", "a.b.c.d", "", "1..2.3",
                         "1.2.3.0004"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!ipv4_parse(bad[i], &a), "accepted %s", bad[i]);
}
END_TEST

START_TEST(prefixes)
{
    struct prefix p;
    ck_assert(prefix_parse("10.0.0.0/16", &p));
    ck_assert_uint_eq(p.base, 10u << 24);
    ck_assert_int_eq(p.len, 16);
    ck_assert_double_eq(prefix_size(&p), 65536.0);
    ck_assert(prefix_contains(&p, (10u << 24) | 65535u));
    ck_assert(!prefix_contains(&p, (10u << 24) | 65536u));
    ck_assert(prefix_parse("0.0.0.0/0", &p));
    ck_assert_double_eq(prefix_size(&p), 4294967296.0);
    ck_assert(prefix_contains(&p, 0xFFFFFFFFu));
    ck_assert(!prefix_parse("10.0.0.1/8", &p)); /* host bits set */
    ck_assert(!prefix_parse("10.0.0.0/33", &p));
    ck_assert(!prefix_parse("10.0.0.0", &p));
    ck_assert(!prefix_parse("10.0.0.0/", &p));
    char buf[24];
    ck_assert(prefix_parse("192.168.0.0/16", &p));
    prefix_format(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "192.168.0.0/16");
}
END_TEST

START_TEST(address_map_2001)
{
    ck_assert(ipv4_slash8_excluded(0, false, false));
    ck_assert(ipv4_slash8_excluded(127, false, false));
    ck_assert(ipv4_slash8_excluded(224, false, false));
    ck_assert(ipv4_slash8_excluded(255, false, false));
    ck_assert(!ipv4_slash8_excluded(10, false, true));
    ck_assert(ipv4_slash8_excluded(10, true, false));
    ck_assert(ipv4_slash8_excluded(1, false, true));   /* allocated 2010 */
    ck_assert(!ipv4_slash8_excluded(1, false, false));
    ck_assert(!ipv4_slash8_excluded(130, true, true)); /* a university /8 of seed 000's era */
    ck_assert(!ipv4_slash8_excluded(198, true, true));
    uint32_t a;
    ck_assert(ipv4_parse("172.20.1.1", &a) && ipv4_in_private16(a));
    ck_assert(ipv4_parse("172.32.1.1", &a) && !ipv4_in_private16(a));
    ck_assert(ipv4_parse("192.168.255.1", &a) && ipv4_in_private16(a));
    ck_assert(ipv4_parse("192.169.0.1", &a) && !ipv4_in_private16(a));
}
END_TEST

Suite *ipv4_suite(void)
{
    Suite *s = suite_create("ipv4");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, addresses);
    tcase_add_test(tc, prefixes);
    tcase_add_test(tc, address_map_2001);
    suite_add_tcase(s, tc);
    return s;
}
