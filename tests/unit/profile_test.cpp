// profile_by_name, describe, set_profile_param (engine/profile.cpp; values documented in docs/profiles.md).
#include <catch2/catch.hpp>

#include <set>

#include "profile.h"

using namespace tcplab;

TEST_CASE("profile: the four profiles exist, unknown names do not", "[profile]") {
    CHECK(profile_names() == std::vector<std::string>{"rfc9293", "rfc793", "linux", "freebsd"});
    for (const auto& n : profile_names()) {
        auto p = profile_by_name(n);
        REQUIRE(p);
        CHECK(p->name == n);
    }
    CHECK_FALSE(profile_by_name("bsd"));
    CHECK_FALSE(profile_by_name(""));
    CHECK_FALSE(profile_by_name("RFC9293"));
}

TEST_CASE("profile: rfc9293 values (RFC 9293, RFC 5961, RFC 6298)", "[profile]") {
    Profile p = *profile_by_name("rfc9293");
    CHECK(p.challenge_ack);
    CHECK_FALSE(p.rfc1337_ignore_rst_in_time_wait);
    CHECK(p.msl == sec(30));
    CHECK(p.time_wait_duration() == sec(60));
    CHECK(p.initial_rto == sec(1));
    CHECK(p.min_rto == sec(1));
    CHECK(p.max_rto == sec(60));
    CHECK(p.syn_retries == 7);
    CHECK(p.fin_wait_2_timeout == 0);
    CHECK(p.delayed_ack == 0);
    CHECK(p.rst_on_close_with_unread_data);
    // The struct's defaults are the rfc9293 profile.
    Profile d;
    CHECK(d.syn_retries == p.syn_retries);
    CHECK(d.msl == p.msl);
}

TEST_CASE("profile: rfc793 values", "[profile]") {
    Profile p = *profile_by_name("rfc793");
    CHECK_FALSE(p.challenge_ack);
    CHECK(p.msl == sec(120));
    CHECK(p.time_wait_duration() == sec(240));
    CHECK(p.initial_rto == sec(1));
    CHECK_FALSE(p.rst_on_close_with_unread_data);
    CHECK(p.delayed_ack == 0);
}

TEST_CASE("profile: linux values (sysctl defaults)", "[profile]") {
    Profile p = *profile_by_name("linux");
    CHECK(p.challenge_ack);
    CHECK_FALSE(p.rfc1337_ignore_rst_in_time_wait);
    CHECK(p.time_wait_duration() == sec(60));
    CHECK(p.fin_wait_2_timeout == sec(60));
    CHECK(p.syn_retries == 6);
    CHECK(p.synack_retries == 5);
    CHECK(p.data_retries == 15);
    CHECK(p.linear_syn_retries == 4);  // net.ipv4.tcp_syn_linear_timeouts (Linux 6.x default)
    CHECK(p.initial_rto == sec(1));
    CHECK(p.min_rto == msec(200));
    CHECK(p.max_rto == sec(120));
    CHECK(p.delayed_ack == msec(40));
    CHECK(p.rst_on_close_with_unread_data);
}

TEST_CASE("profile: set_profile_param parses times, numbers and booleans for every field", "[profile]") {
    Profile p;
    CHECK(set_profile_param(p, "msl", "2min") == "");
    CHECK(p.msl == sec(120));
    CHECK(set_profile_param(p, "min_rto", "200ms") == "");
    CHECK(p.min_rto == msec(200));
    CHECK(set_profile_param(p, "time_wait", "0") == "");
    CHECK(p.time_wait == 0);
    CHECK(set_profile_param(p, "initial_rto", "1.5s") == "");
    CHECK(p.initial_rto == msec(1500));
    CHECK(set_profile_param(p, "syn_retries", "3") == "");
    CHECK(p.syn_retries == 3);
    CHECK(set_profile_param(p, "challenge_ack", "false") == "");
    CHECK_FALSE(p.challenge_ack);
    CHECK(set_profile_param(p, "rfc1337", "on") == "");
    CHECK(p.rfc1337_ignore_rst_in_time_wait);
    CHECK(set_profile_param(p, "mss", "536") == "");
    CHECK(p.mss == 536);
    CHECK(set_profile_param(p, "receive_buffer", "1000") == "");
    CHECK(p.receive_buffer == 1000u);
    CHECK(set_profile_param(p, "delayed_ack", "40ms") == "");
    CHECK(p.delayed_ack == msec(40));
    // Every described parameter can be set back to its own described value.
    Profile lin = *profile_by_name("linux");
    Profile q;
    for (const auto& row : describe(lin)) {
        INFO(row.name << " = " << row.value);
        CHECK(set_profile_param(q, row.name, row.value) == "");
    }
    CHECK(describe(q).size() == describe(lin).size());
    for (size_t i = 0; i < describe(q).size(); ++i) CHECK(describe(q)[i].value == describe(lin)[i].value);
}

TEST_CASE("profile: set_profile_param rejects bad input with a message and leaves the profile alone", "[profile]") {
    Profile p;
    const Profile before = p;
    CHECK(set_profile_param(p, "nonsense", "1").find("unknown profile parameter") != std::string::npos);
    CHECK_FALSE(set_profile_param(p, "msl", "30").empty());        // a time needs a unit
    CHECK_FALSE(set_profile_param(p, "msl", "-1s").empty());
    CHECK_FALSE(set_profile_param(p, "msl", "0").empty());         // MSL 0 is meaningless
    CHECK_FALSE(set_profile_param(p, "syn_retries", "x").empty());
    CHECK_FALSE(set_profile_param(p, "syn_retries", "-2").empty());
    CHECK_FALSE(set_profile_param(p, "syn_retries", "99999").empty());
    CHECK_FALSE(set_profile_param(p, "challenge_ack", "maybe").empty());
    CHECK_FALSE(set_profile_param(p, "mss", "0").empty());
    CHECK_FALSE(set_profile_param(p, "receive_buffer", "16777217").empty());  // above the 16 MiB the parameter takes
    CHECK(p.msl == before.msl);
    CHECK(p.syn_retries == before.syn_retries);
    CHECK(p.challenge_ack == before.challenge_ack);
    CHECK(p.mss == before.mss);
}

TEST_CASE("profile: describe has one row per parameter with a meaning", "[profile]") {
    auto rows = describe(Profile{});
    std::set<std::string> names;
    for (const auto& r : rows) {
        CHECK_FALSE(r.meaning.empty());
        CHECK_FALSE(r.value.empty());
        names.insert(r.name);
    }
    CHECK(names.size() == rows.size());
    for (const char* n : {"challenge_ack", "rfc1337", "msl", "time_wait", "initial_rto", "min_rto", "max_rto",
                          "syn_retries", "synack_retries", "data_retries", "linear_syn_retries",
                          "fin_wait_2_timeout", "delayed_ack", "rst_on_close_with_unread_data", "mss",
                          "receive_buffer"})
        CHECK(names.count(n) == 1);
}
