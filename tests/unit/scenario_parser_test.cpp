// The scenario language parser (docs/scenario-language.md): what each directive becomes, and the
// exact error (file:line:column) for each class of mistake.
#include <catch2/catch.hpp>

#include "scenario/scenario.h"

using namespace tcplab;

namespace {

const char* kHosts = "hosts A=10.0.0.1 B=10.0.0.2\n";

Scenario parse_ok(const std::string& text) {
    auto r = parse_scenario(text, "t.scn");
    if (auto* errs = std::get_if<std::vector<ScenarioError>>(&r)) {
        for (const auto& e : *errs) UNSCOPED_INFO(e.format());
        FAIL("expected the scenario to parse");
    }
    return std::get<Scenario>(std::move(r));
}

std::vector<std::string> errors(const std::string& text) {
    auto r = parse_scenario(text, "t.scn");
    std::vector<std::string> out;
    if (auto* errs = std::get_if<std::vector<ScenarioError>>(&r))
        for (const auto& e : *errs) out.push_back(e.format());
    return out;
}

// The only error of a scenario made of the hosts line and `body` (which starts on line 2).
std::string error_of(const std::string& body) {
    auto e = errors(std::string(kHosts) + body);
    if (e.size() != 1) {
        for (const auto& x : e) UNSCOPED_INFO(x);
        FAIL("expected exactly one error, got " << e.size());
    }
    return e[0];
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

TEST_CASE("times: units, fractions, bare zero") {
    CHECK(parse_time("0") == Micros{0});
    CHECK(parse_time("250us") == Micros{250});
    CHECK(parse_time("500ms") == msec(500));
    CHECK(parse_time("2s") == sec(2));
    CHECK(parse_time("1.5s") == msec(1500));
    CHECK(parse_time("2min") == sec(120));
    CHECK(parse_time("0.5ms") == Micros{500});
    CHECK_FALSE(parse_time("5"));
    CHECK_FALSE(parse_time("5x"));
    CHECK_FALSE(parse_time("ms"));
    CHECK_FALSE(parse_time("1."));
    CHECK_FALSE(parse_time("-1s"));
    CHECK_FALSE(parse_time("99999999999999999999s"));
}

TEST_CASE("format_time is the shortest exact form") {
    CHECK(format_time(0) == "0ms");
    CHECK(format_time(250) == "250us");
    CHECK(format_time(msec(10)) == "10ms");
    CHECK(format_time(1500) == "1.5ms");
    CHECK(format_time(msec(1500)) == "1.5s");
    CHECK(format_time(sec(60)) == "60s");
}

// ---------------------------------------------------------------------------------------------
// Directives
// ---------------------------------------------------------------------------------------------

TEST_CASE("header directives fill the SimConfig") {
    Scenario s = parse_ok(
        "# a comment\n"
        "title        Simultaneous close   # not a comment: text runs to the end\n"
        "title.zh     同时关闭\n"
        "description  Both ends call close()\n"
        "description  at the same time.\n"
        "illustrates  RFC 9293 3.6, Figure 13\n"
        "hosts        A=10.0.0.1 B=10.0.0.2\n"
        "isn          A=1000 B=0x1388\n"
        "seed         42\n"
        "profile      rfc9293\n"
        "link         delay=20ms jitter=1ms loss=10% dup=0.5 reorder=0% bandwidth=10Mbps\n"
        "link A->B    delay=100ms\n"
        "end          70s\n");
    CHECK(s.title == "Simultaneous close   # not a comment: text runs to the end");
    CHECK(s.title_zh == "同时关闭");
    CHECK(s.description == "Both ends call close() at the same time.");
    CHECK(s.illustrates == "RFC 9293 3.6, Figure 13");
    CHECK(s.name == "t");
    REQUIRE(s.config.hosts.size() == 2);
    CHECK(s.config.hosts[0].name == "A");
    CHECK(s.config.hosts[0].ip == 0x0a000001u);
    CHECK(s.config.hosts[1].ip == 0x0a000002u);
    CHECK(s.config.hosts[0].isn == Seq{1000});
    CHECK(s.config.hosts[1].isn == Seq{5000});
    CHECK(s.config.seed == 42);
    CHECK(s.config.link.delay == msec(20));
    CHECK(s.config.link.jitter == msec(1));
    CHECK(s.config.link.loss == Approx(0.1));
    CHECK(s.config.link.duplicate == Approx(0.5));
    CHECK(s.config.link.bandwidth_bps == 10000000u);
    REQUIRE(s.config.links.size() == 1);
    CHECK(s.config.links[0].from == 0);
    CHECK(s.config.links[0].to == 1);
    CHECK(s.config.links[0].params.delay == msec(100));
    CHECK(s.config.links[0].params.loss == Approx(0.1));  // starts from the plain `link` line
    CHECK(s.end == sec(70));
}

TEST_CASE("isn random leaves the ISNs to the seed") {
    Scenario s = parse_ok(std::string(kHosts) + "isn random\n");
    CHECK_FALSE(s.config.hosts[0].isn);
    CHECK_FALSE(s.config.hosts[1].isn);
}

TEST_CASE("profile, param, per-host param and msl build the profiles") {
    Scenario s = parse_ok(std::string(kHosts) +
                          "profile linux\n"
                          "param syn_retries=3 min_rto=200ms\n"
                          "param B time_wait=0\n"
                          "msl 2s\n");
    CHECK(s.profile_name == "linux");
    CHECK(s.config.profile.syn_retries == 3);
    CHECK(s.config.profile.min_rto == msec(200));
    CHECK(s.config.profile.msl == sec(2));
    CHECK_FALSE(s.config.hosts[0].profile);
    REQUIRE(s.config.hosts[1].profile);
    CHECK(s.config.hosts[1].profile->time_wait == 0);
    CHECK(s.config.hosts[1].profile->syn_retries == 3);  // per-host starts from the shared params

    SimConfig cfg;
    RunOptions o;
    o.profile = "rfc793";
    o.seed = 7;
    CHECK(build_sim_config(s, o, cfg).empty());
    CHECK(cfg.profile.name == "rfc793");
    CHECK(cfg.profile.syn_retries == 3);  // params re-applied on the override
    CHECK(cfg.seed == 7);
}

TEST_CASE("timed calls become Actions") {
    Scenario s = parse_ok(std::string(kHosts) +
                          "at 1s    A close\n"  // out of order: sorted by time
                          "at 0ms   B listen 80 backlog=5 manual-accept as srv\n"
                          "at 10ms  A connect B:80 from=40000 isn=123 as c1\n"
                          "at 20ms  B accept as s1\n"
                          "at 30ms  A send 5\n"
                          "at 40ms  A.c1 send \"hi\\n\\x41\"\n"
                          "at 50ms  B recv 3\n"
                          "at 60ms  B recv\n"
                          "at 70ms  A shutdown\n"
                          "at 80ms  A abort\n"
                          "at 90ms  A linger0\n"
                          "at 95ms  B autorecv off\n"
                          "at 99ms  B.srv send 10 to A:40000\n");
    REQUIRE(s.actions.size() == 13);
    const Action& listen = s.actions[0];
    CHECK(listen.call == Call::Listen);
    CHECK(listen.host == 1);
    CHECK(listen.port == 80);
    CHECK(listen.backlog == 5);
    CHECK(listen.manual_accept);
    CHECK(listen.new_socket == "srv");
    CHECK(listen.line == 3);
    const Action& conn = s.actions[1];
    CHECK(conn.call == Call::Connect);
    CHECK(conn.at == msec(10));
    CHECK(conn.remote_host == 1);
    CHECK(conn.port == 80);
    CHECK(conn.local_port == 40000);
    CHECK(conn.isn == Seq{123});
    CHECK(conn.new_socket == "c1");
    CHECK(s.actions[2].call == Call::Accept);
    CHECK(s.actions[2].new_socket == "s1");
    CHECK(s.actions[3].data == std::vector<uint8_t>{'a', 'b', 'c', 'd', 'e'});
    CHECK(s.actions[4].socket == "c1");
    CHECK(s.actions[4].data == std::vector<uint8_t>{'h', 'i', '\n', 'A'});
    CHECK(s.actions[5].call == Call::Recv);
    CHECK(s.actions[5].count == 3);
    CHECK(s.actions[6].count == 0);
    CHECK(s.actions[7].call == Call::Shutdown);
    CHECK(s.actions[8].call == Call::Abort);
    CHECK(s.actions[9].call == Call::SetLinger0);
    CHECK(s.actions[10].call == Call::SetAutoRecv);
    CHECK_FALSE(s.actions[10].flag);
    const Action& sfl = s.actions[11];
    CHECK(sfl.call == Call::SendFromListen);
    CHECK(sfl.socket == "srv");
    CHECK(sfl.remote_host == 0);
    CHECK(sfl.port == 40000);
    CHECK(sfl.data.size() == 10);
    CHECK(s.actions[12].call == Call::Close);
    CHECK(s.actions[12].at == sec(1));
}

TEST_CASE("faults: drop #N, drop/delay/dup next, inject") {
    Scenario s = parse_ok(std::string(kHosts) +
                          "drop A #3\n"
                          "drop next B FIN after 1s count=2\n"
                          "drop next A SYN+ACK count=all\n"
                          "delay next A ACK by 500ms after 1s\n"
                          "dup next A FIN after 1s by 100ms\n"
                          "inject at 2s A->B SYN seq=900 ack=5001 win=1000 sport=40000 dport=80 data=\"x y\"\n"
                          "inject at 3s B->A RST,ACK len=10\n");
    REQUIRE(s.faults.size() == 7);
    CHECK(s.faults[0].kind == Fault::Kind::DropNth);
    CHECK(s.faults[0].host == 0);
    CHECK(s.faults[0].nth == 3);
    CHECK(s.faults[1].kind == Fault::Kind::DropMatching);
    CHECK(s.faults[1].host == 1);
    CHECK(s.faults[1].flags_mask == kFIN);
    CHECK(s.faults[1].flags_value == kFIN);
    CHECK(s.faults[1].after == sec(1));
    CHECK(s.faults[1].count == 2);
    CHECK(s.faults[2].flags_mask == (kSYN | kACK));
    CHECK(s.faults[2].count == 0);
    CHECK(s.faults[3].kind == Fault::Kind::DelayMatching);
    CHECK(s.faults[3].extra_delay == msec(500));
    CHECK(s.faults[3].after == sec(1));
    CHECK(s.faults[4].kind == Fault::Kind::DuplicateMatching);
    CHECK(s.faults[4].extra_delay == msec(100));
    const Fault& inj = s.faults[5];
    CHECK(inj.kind == Fault::Kind::Inject);
    CHECK(inj.at == sec(2));
    CHECK(inj.host == 0);
    CHECK(inj.to_host == 1);
    CHECK(inj.segment.flags == kSYN);
    CHECK(inj.segment.seq == 900);
    CHECK(inj.segment.ack == 5001);
    CHECK(inj.segment.window == 1000);
    CHECK(inj.segment.src_port == 40000);
    CHECK(inj.segment.dst_port == 80);
    CHECK(inj.segment.payload == std::vector<uint8_t>{'x', ' ', 'y'});
    CHECK(s.faults[6].segment.flags == (kRST | kACK));
    CHECK(s.faults[6].segment.src_port == 0);  // filled in by the simulator
    CHECK(s.faults[6].segment.window == 65535);
    CHECK(s.faults[6].segment.payload.size() == 10);
}

TEST_CASE("notes in one or two languages") {
    Scenario s = parse_ok(std::string(kHosts) +
                          "note at 0ms   en: A sends SYN with seq=x | zh: A 发送 SYN,序号 seq=x\n"
                          "note at 1s    plain English # with a hash\n"
                          "note at 2s    zh: 只有中文\n");
    REQUIRE(s.notes.size() == 3);
    CHECK(s.notes[0].en == "A sends SYN with seq=x");
    CHECK(s.notes[0].zh == "A 发送 SYN,序号 seq=x");
    CHECK(s.notes[0].line == 2);
    CHECK(s.notes[1].at == sec(1));
    CHECK(s.notes[1].en == "plain English # with a hash");
    CHECK(s.notes[2].zh == "只有中文");
    CHECK(s.notes[2].en.empty());
}

TEST_CASE("expectations") {
    Scenario s = parse_ok(std::string(kHosts) +
                          "at 0 A connect B:80 as c1\n"
                          "expect at 2s   A=TIME_WAIT B=closed\n"
                          "expect by 70s  A.c1=CLOSED\n"
                          "expect segment A->B SYN seq=1000 len=0 by 1s\n"
                          "expect segment B->A SYN,ACK seq=5000 ack=1001\n"
                          "expect no-segment B->A RST by 5s\n"
                          "expect call A connect = ECONNREFUSED\n"
                          "expect call A.c1 connect=OK by 1s\n"
                          "expect data B \"hello\" by 2s\n"
                          "expect data B len=100\n");
    REQUIRE(s.expects.size() == 10);
    const Expect& a = s.expects[0];
    CHECK(a.kind == Expect::Kind::StateAt);
    CHECK(a.at == sec(2));
    CHECK(a.timed);
    CHECK(a.host == 0);
    CHECK(a.state == State::TimeWait);
    CHECK(a.source_text == "expect at 2s A=TIME_WAIT");
    CHECK(a.loc.line == 3);
    CHECK(a.loc.column == 16);
    CHECK(s.expects[1].host == 1);
    CHECK(s.expects[1].state == State::Closed);
    CHECK(s.expects[2].kind == Expect::Kind::StateBy);
    CHECK(s.expects[2].socket == "c1");
    const Expect& seg = s.expects[3];
    CHECK(seg.kind == Expect::Kind::Segment);
    CHECK(seg.host == 0);
    CHECK(seg.to_host == 1);
    CHECK(seg.flags == uint16_t(kSYN));
    CHECK(seg.seq == Seq{1000});
    CHECK_FALSE(seg.ack);
    CHECK(seg.len == 0u);
    CHECK(seg.at == sec(1));
    CHECK(seg.timed);
    CHECK(seg.source_text == "expect segment A->B SYN seq=1000 len=0 by 1s");
    CHECK_FALSE(s.expects[4].timed);
    CHECK(s.expects[4].ack == Seq{1001});
    CHECK(s.expects[5].kind == Expect::Kind::NoSegment);
    CHECK(s.expects[5].flags == uint16_t(kRST));
    CHECK(s.expects[6].kind == Expect::Kind::CallResult);
    CHECK(s.expects[6].call == Call::Connect);
    CHECK(s.expects[6].error == SocketError::ConnRefused);
    CHECK(s.expects[7].error == SocketError::None);
    CHECK(s.expects[7].socket == "c1");
    CHECK(s.expects[8].kind == Expect::Kind::Data);
    CHECK(s.expects[8].data == "hello");
    CHECK(s.expects[9].data_is_count);
    CHECK(s.expects[9].len == 100u);
}

TEST_CASE("CRLF line ends, a BOM and tabs are accepted") {
    Scenario s = parse_ok("\xEF\xBB\xBFhosts\tA=10.0.0.1 B=10.0.0.2\r\nat 0ms\tB listen 80\r\n");
    CHECK(s.actions.size() == 1);
}

// ---------------------------------------------------------------------------------------------
// Errors: one test per class, with the exact message and column
// ---------------------------------------------------------------------------------------------

TEST_CASE("error: unknown directive") {
    CHECK(error_of("frobnicate 1\n") ==
          "t.scn:2:1: error: unknown directive 'frobnicate' (title, description, illustrates, hosts, isn, seed, "
          "profile, param, msl, link, end, at, drop, delay, dup, inject, note, ask, option, model, expect, mutate)");
}

TEST_CASE("error: unknown host, with the column of the name") {
    CHECK(error_of("at 0ms C listen 80\n") == "t.scn:2:8: error: unknown host 'C' (hosts: A, B)");
    CHECK(error_of("at 0ms A connect C:80\n") == "t.scn:2:18: error: unknown host 'C' (hosts: A, B)");
    CHECK(error_of("expect segment A->Q SYN\n") == "t.scn:2:19: error: unknown host 'Q' (hosts: A, B)");
}

TEST_CASE("error: duplicate host and bad hosts lines") {
    CHECK(errors("hosts A=10.0.0.1 A=10.0.0.2 B=10.0.0.3\n") ==
          std::vector<std::string>{"t.scn:1:18: error: duplicate host 'A'"});
    CHECK(errors("hosts A=10.0.0.1 B=10.0.0.1\n") ==
          std::vector<std::string>{"t.scn:1:20: error: address 10.0.0.1 is already used by host A"});
    CHECK(errors("hosts A=10.0.0.1 B=10.0.300.2\n") ==
          std::vector<std::string>{"t.scn:1:20: error: bad IPv4 address '10.0.300.2'"});
    CHECK(errors("hosts A=10.0.0.1\n") ==
          std::vector<std::string>{"t.scn:1:17: error: 'hosts' needs at least 2 hosts (e.g. hosts A=10.0.0.1 B=10.0.0.2)"});
    CHECK(errors("hosts A=10.0.0.1 B=10.0.0.2\nhosts C=10.0.0.3 D=10.0.0.4\n") ==
          std::vector<std::string>{"t.scn:2:1: error: 'hosts' given twice (first on line 1)"});
    CHECK(errors("at 0ms A close\n") ==
          std::vector<std::string>{"t.scn:1:1: error: missing 'hosts' line (e.g. hosts A=10.0.0.1 B=10.0.0.2)"});
}

TEST_CASE("hosts may be declared after the lines that use them") {
    Scenario s = parse_ok("at 0ms B listen 80\nhosts A=10.0.0.1 B=10.0.0.2\n");
    CHECK(s.actions[0].host == 1);
}

TEST_CASE("error: bad time") {
    CHECK(error_of("at 5 A close\n") == "t.scn:2:4: error: bad time '5' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)");
    CHECK(error_of("at 1.5sec A close\n") ==
          "t.scn:2:4: error: bad time '1.5sec' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)");
    CHECK(error_of("expect at soon A=CLOSED\n") ==
          "t.scn:2:11: error: bad time 'soon' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)");
}

TEST_CASE("error: actions before 0") {
    CHECK(error_of("at -1s A close\n") == "t.scn:2:4: error: time before 0: '-1s'");
    CHECK(error_of("inject at -5ms A->B RST\n") == "t.scn:2:11: error: time before 0: '-5ms'");
}

TEST_CASE("times going backwards are fine") {
    Scenario s = parse_ok(std::string(kHosts) + "at 2s A close\nat 1s B listen 80\nat 0 A connect B:80\n");
    CHECK(s.actions[0].call == Call::Connect);
    CHECK(s.actions[1].call == Call::Listen);
    CHECK(s.actions[2].call == Call::Close);
}

TEST_CASE("error: bad flag, with the column of the bad name") {
    CHECK(error_of("drop next A SYNN\n") ==
          "t.scn:2:13: error: unknown flag 'SYNN' (flags: SYN FIN RST PSH ACK URG ECE CWR)");
    CHECK(error_of("expect segment A->B SYN,AKC seq=1\n") ==
          "t.scn:2:25: error: unknown flag 'AKC' (flags: SYN FIN RST PSH ACK URG ECE CWR)");
    CHECK(error_of("inject at 1s A->B SYN,\n") == "t.scn:2:23: error: empty flag name in 'SYN,'");
}

TEST_CASE("error: missing argument, at the end of the line") {
    CHECK(error_of("at 0ms A\n") ==
          "t.scn:2:9: error: missing call (listen, connect, accept, send, recv, shutdown, close, abort, linger0, "
          "autorecv) after 'A'");
    CHECK(error_of("at 0ms B listen   # port forgotten\n") == "t.scn:2:16: error: missing port after 'listen'");
    CHECK(error_of("at\n") == "t.scn:2:3: error: missing time after 'at'");
    CHECK(error_of("delay next A ACK\n") ==
          "t.scn:2:17: error: missing 'by TIME' (how much longer the segment takes) after 'ACK'");
    CHECK(error_of("title\n") == "t.scn:2:6: error: missing text after 'title'");
}

TEST_CASE("error: unknown call and unexpected words") {
    CHECK(error_of("at 0 A conect B:80\n") ==
          "t.scn:2:8: error: unknown call 'conect' (listen, connect, accept, send, recv, shutdown, close, abort, "
          "linger0, autorecv)");
    CHECK(error_of("at 0 A close now\n") == "t.scn:2:14: error: unexpected 'now'");
    CHECK(error_of("at 0 A connect B:80 form=40000\n") ==
          "t.scn:2:21: error: unexpected 'form=40000' (connect HOST:PORT [from=PORT] [isn=N] [as NAME])");
}

TEST_CASE("error: numbers and ports out of range") {
    CHECK(error_of("at 0 B listen 70000\n") == "t.scn:2:15: error: port out of range: '70000' (at most 65535)");
    CHECK(error_of("at 0 B listen 0\n") == "t.scn:2:15: error: port out of range: '0' (1..65535)");
    CHECK(error_of("at 0 A connect B:http\n") == "t.scn:2:18: error: bad port 'http'");
    CHECK(error_of("isn A=4294967296\n") ==
          "t.scn:2:7: error: sequence number out of range: '4294967296' (at most 4294967295)");
    CHECK(error_of("drop A #0\n") == "t.scn:2:8: error: segments are counted from #1");
}

TEST_CASE("error: unknown state, result, profile, parameter, link key") {
    CHECK(error_of("expect at 1s A=ESTABLISH\n") ==
          "t.scn:2:16: error: unknown state 'ESTABLISH' (CLOSED LISTEN SYN_SENT SYN_RCVD ESTABLISHED FIN_WAIT_1 "
          "FIN_WAIT_2 CLOSE_WAIT CLOSING LAST_ACK TIME_WAIT)");
    CHECK(error_of("expect call A connect = EREFUSED\n") ==
          "t.scn:2:25: error: unknown result 'EREFUSED' (OK, ECONNREFUSED, ETIMEDOUT, ECONNRESET, ECONNABORTED, "
          "ENOTCONN, EISCONN, EINVAL, EPIPE, EADDRINUSE, EAGAIN)");
    CHECK(error_of("profile bsd\n") == "t.scn:2:9: error: unknown profile 'bsd' (rfc9293, rfc793, linux, freebsd)");
    CHECK(error_of("link delay=50ms lost=1%\n") ==
          "t.scn:2:17: error: unknown link parameter 'lost' (delay, jitter, loss, dup, reorder, reorder_delay, "
          "bandwidth)");
    CHECK(error_of("link loss=150%\n") == "t.scn:2:11: error: probability out of range: '150%' (0%..100%)");
    auto p = errors(std::string(kHosts) + "param no_such_param=1\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].rfind("t.scn:2:7: error: ", 0) == 0);
}

TEST_CASE("error: unknown socket names a socket never created with `as`") {
    CHECK(error_of("at 0 B listen 80 as srv\nat 1s B.svr close\n") ==
          "t.scn:3:9: error: unknown socket 'svr' on host B (name it with 'as svr' on a listen, connect or accept)");
}

TEST_CASE("error: unterminated string and bad escape") {
    CHECK(error_of("at 0 A send \"hello\n") == "t.scn:2:13: error: unterminated string");
    CHECK(error_of("at 0 A send \"a\\qb\"\n") == "t.scn:2:13: error: unknown escape '\\q'");
}

TEST_CASE("all errors of a file are reported, in line order") {
    auto e = errors("hosts A=10.0.0.1 B=10.0.0.2\n"
                    "at 0 C listen 80\n"
                    "bogus\n"
                    "expect at 1s A=NOPE\n"
                    "drop next A XYZ\n");
    REQUIRE(e.size() == 4);
    CHECK(e[0].rfind("t.scn:2:6: error: unknown host 'C'", 0) == 0);
    CHECK(e[1].rfind("t.scn:3:1: error: unknown directive 'bogus'", 0) == 0);
    CHECK(e[2].rfind("t.scn:4:16: error: unknown state 'NOPE'", 0) == 0);
    CHECK(e[3].rfind("t.scn:5:13: error: unknown flag 'XYZ'", 0) == 0);
}

TEST_CASE("columns count characters, not bytes") {
    CHECK(error_of("at 0 A close 中\n") == "t.scn:2:14: error: unexpected '中'");
    // A UTF-8 word before the error moves the column by one per character (bytes would give 22).
    CHECK(error_of("at 0 A send \"中文\" x\n") == "t.scn:2:18: error: unexpected 'x'");
}

TEST_CASE("garbage never crashes the parser") {
    const char* inputs[] = {
        "", "\n\n\n", "#", "\"", "at", "at 0", "hosts", "hosts =", "hosts A= B=", "expect", "expect segment",
        "expect call A", "expect call A connect =", "inject at 1s A->", "drop", "drop next", "link ->",
        "hosts A=1.2.3.4 B=1.2.3.5\nat 0 A send \"\\x4\"", "hosts A=1.2.3.4 B=1.2.3.5\nexpect data A",
        "hosts A=1.2.3.4 B=1.2.3.5\nlink A->A delay=1ms", "\xff\xfe\x00garbage",
    };
    for (const char* in : inputs) {
        auto r = parse_scenario(in, "g.scn");
        CHECK(std::holds_alternative<std::vector<ScenarioError>>(r));
    }
}

TEST_CASE("mutated scenarios never crash the parser and errors always have a location") {
    // Deterministic mutations (byte flips, deletions, insertions of syntax characters) of a valid
    // scenario that uses every directive.
    const std::string base =
        "title T\nhosts A=10.0.0.1 B=10.0.0.2\nisn A=1 B=2\nseed 3\nprofile linux\nparam B msl=1s\nmsl 2s\n"
        "link delay=5ms loss=1%\nlink A->B dup=0.5\nend 9s\nat 0 B listen 80 as s\nat 1ms A connect B:80 from=9 isn=4\n"
        "at 2ms A send \"x\\ty\"\nat 3ms B.s send 3 to A:9\nat 4ms B recv 2\nat 5ms B autorecv off\ndrop A #2\n"
        "drop next B FIN after 1s count=all\ndelay next A ACK by 1ms\ndup next A SYN by 2ms\n"
        "inject at 1s A->B RST seq=5 data=\"q\"\nnote at 1s en: a | zh: b\nexpect at 1s A=CLOSED B.s=LISTEN\n"
        "expect by 2s A=TIME_WAIT\nexpect segment A->B SYN seq=1 by 1s\nexpect no-segment B->A RST\n"
        "expect call A connect = OK\nexpect data B \"x\" by 3s\n";
    REQUIRE(std::holds_alternative<Scenario>(parse_scenario(base, "m.scn")));
    const char syntax[] = " \n\t\"#=.:,+->%\\0123456789xAB";
    uint64_t rng = 12345;
    auto next = [&]() {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<size_t>(rng >> 33);
    };
    int errors_seen = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string s = base;
        int edits = 1 + static_cast<int>(next() % 4);
        for (int k = 0; k < edits && !s.empty(); ++k) {
            size_t at = next() % s.size();
            switch (next() % 3) {
                case 0: s[at] = syntax[next() % (sizeof syntax - 1)]; break;
                case 1: s.erase(at, 1 + next() % 6); break;
                default: s.insert(at, 1, syntax[next() % (sizeof syntax - 1)]); break;
            }
        }
        auto r = parse_scenario(s, "m.scn");
        if (auto* errs = std::get_if<std::vector<ScenarioError>>(&r)) {
            ++errors_seen;
            for (const auto& e : *errs) {
                CHECK(e.loc.line >= 1);
                CHECK(e.loc.column >= 1);
                CHECK_FALSE(e.message.empty());
            }
        }
    }
    CHECK(errors_seen > 1000);  // the mutations do produce errors
}
