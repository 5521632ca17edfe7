// Trace -> JSON in the documented schema (docs/trace-schema.md, version 1).
#include <catch2/catch.hpp>

#include "export/json.h"

using namespace tcplab;
using nlohmann::json;

namespace {

Scenario parse(const std::string& text) {
    auto r = parse_scenario(text, "j.scn");
    REQUIRE(std::holds_alternative<Scenario>(r));
    return std::get<Scenario>(std::move(r));
}

const char* kHandshake =
    "title Handshake\ntitle.zh 三次握手\nhosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=50ms\nend 1s\n"
    "at 0 B listen 80\nat 10ms A connect B:80 from=40000\n"
    "note at 10ms en: A sends SYN | zh: A 发送 SYN\n"
    "expect segment A->B SYN seq=1000 len=0\n"
    "expect at 1s A=CLOSED\n";

}  // namespace

TEST_CASE("top level: schema, version, scenario, hosts, entries, results") {
    Scenario sc = parse(kHandshake);
    ScenarioRun run(sc);
    run.run_to_end();
    json j = trace_json(run);
    CHECK(j["schema"] == "tcplab-trace");
    CHECK(j["version"] == 1);
    CHECK(j["scenario"]["name"] == "j");
    CHECK(j["scenario"]["title"] == "Handshake");
    CHECK(j["scenario"]["title_zh"] == "三次握手");
    CHECK(j["scenario"]["profile"] == "rfc9293");
    CHECK(j["scenario"]["end_us"] == 1000000);
    CHECK(j["scenario"]["notes"][0]["zh"] == "A 发送 SYN");
    CHECK(j["scenario"]["expects"].size() == 2);
    CHECK(j["scenario"]["expects"][1]["kind"] == "state_at");
    CHECK(j["scenario"]["expects"][1]["at_us"] == 1000000);
    REQUIRE(j["hosts"].size() == 2);
    CHECK(j["hosts"][0] == json{{"index", 0}, {"name", "A"}, {"ip", "10.0.0.1"}, {"isn", 1000}, {"profile", "rfc9293"}});
    CHECK(j["results"]["passed"] == 1);
    CHECK(j["results"]["failed"] == 1);  // A is ESTABLISHED at 1s, not CLOSED
    CHECK(j["results"]["items"][1]["ok"] == false);
    CHECK(j["results"]["items"][1]["detail"] == "A is ESTABLISHED");
    CHECK(j["entries"].size() == run.sim().trace().size());
}

TEST_CASE("segment entries carry the whole header") {
    Scenario sc = parse(kHandshake);
    ScenarioRun run(sc);
    run.run_to_end();
    json j = trace_json(run);
    const json* syn = nullptr;
    for (const auto& e : j["entries"])
        if (e["kind"] == "segment_sent" && e["host"] == 0) {
            syn = &e;
            break;
        }
    REQUIRE(syn);
    CHECK((*syn)["time_us"] == 10000);
    CHECK((*syn)["peer"] == 1);
    CHECK((*syn)["retransmission"] == false);
    CHECK((*syn)["arrival_us"] == 60000);
    const json& s = (*syn)["segment"];
    CHECK(s["src_ip"] == "10.0.0.1");
    CHECK(s["dst_ip"] == "10.0.0.2");
    CHECK(s["src_port"] == 40000);
    CHECK(s["dst_port"] == 80);
    CHECK(s["seq"] == 1000);
    CHECK(s["flags"] == json::array({"SYN"}));
    CHECK(s["flags_text"] == "SYN");
    CHECK(s["len"] == 0);
    CHECK(s["seg_len"] == 1);
    CHECK(s["payload_hex"] == "");
}

TEST_CASE("state changes, notes and expects") {
    Scenario sc = parse(kHandshake);
    ScenarioRun run(sc);
    run.run_to_end();
    json j = trace_json(run);
    bool saw_syn_sent = false, saw_note = false, saw_failed_expect = false;
    for (const auto& e : j["entries"]) {
        if (e["kind"] == "state_change" && e["to"] == "SYN_SENT") {
            saw_syn_sent = true;
            CHECK(e["from"] == "CLOSED");
            CHECK(e["host"] == 0);
            CHECK(e["rule"].is_string());
            CHECK(e["section"].is_string());
        }
        if (e["kind"] == "note") {
            saw_note = true;
            CHECK(e["en"] == "A sends SYN");
            CHECK(e["zh"] == "A 发送 SYN");
            CHECK(e["line"] == 9);
        }
        if (e["kind"] == "expect" && e["ok"] == false) {
            saw_failed_expect = true;
            CHECK(e["line"] == 11);
            CHECK(e["time_us"] == 1000000);
        }
    }
    CHECK(saw_syn_sent);
    CHECK(saw_note);
    CHECK(saw_failed_expect);
}

TEST_CASE("a hand-made entry: options, payload, nullable host and arrival") {
    TraceEntry t;
    t.index = 7;
    t.time = 1500;
    t.kind = TraceKind::SegmentInjected;
    t.host = -1;
    t.peer_host = 1;
    t.arrival = -1;
    t.packet.src_ip = 0xc0a80001u;
    t.packet.seg.flags = kRST | kACK;
    t.packet.seg.options.mss = 536;
    t.packet.seg.options.timestamps = Timestamps{5, 6};
    t.packet.seg.payload = {0x00, 0xff};
    t.params = {{"why", "test"}};
    json e = trace_entry_json(t);
    CHECK(e["index"] == 7);
    CHECK(e["kind"] == "segment_injected");
    CHECK(e["host"].is_null());
    CHECK(e["conn"].is_null());
    CHECK(e["arrival_us"].is_null());
    CHECK(e["params"] == json{{"why", "test"}});
    CHECK(e["segment"]["src_ip"] == "192.168.0.1");
    CHECK(e["segment"]["flags"] == json::array({"RST", "ACK"}));
    CHECK(e["segment"]["options"] == json{{"mss", 536}, {"timestamps", {{"value", 5}, {"echo", 6}}}});
    CHECK(e["segment"]["payload_hex"] == "00ff");
    CHECK(e["segment"]["data_offset"] == 5 + 4 / 4 + 12 / 4);
}

TEST_CASE("without a scenario, scenario and results are null") {
    SimConfig c;
    c.hosts = {HostConfig{"A", 1, {}, {}, {}}, HostConfig{"B", 2, {}, {}, {}}};
    json j = trace_json(c, Trace{});
    CHECK(j["scenario"].is_null());
    CHECK(j["results"].is_null());
    CHECK(j["entries"].empty());
    CHECK(j["hosts"][1]["isn"].is_null());
}
