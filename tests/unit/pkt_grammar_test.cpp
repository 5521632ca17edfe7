// The packetdrill grammar of google/packetdrill and the nplab fork FreeBSD's suite uses, and the
// harness semantics of `tcplab pkt` (docs/packetdrill.md): what each construct parses to, and that
// each check the runner performs can fail.
#include <catch2/catch.hpp>

#include "pkt/pkt_ifdef.h"
#include "pkt/pkt_runner.h"

using namespace tcplab;
using namespace tcplab::pkt;

namespace {

PktScript parse_ok(const std::string& text, const std::set<std::string>& defines = {"STANDARD"}) {
    auto r = parse_pkt_script(text, "t.pkt", defines);
    if (auto* errs = std::get_if<std::vector<PktError>>(&r)) {
        for (const auto& e : *errs) UNSCOPED_INFO(e.format());
        FAIL("script did not parse");
    }
    return std::get<PktScript>(r);
}

std::vector<std::string> parse_errors(const std::string& text) {
    auto r = parse_pkt_script(text, "t.pkt");
    std::vector<std::string> out;
    if (auto* errs = std::get_if<std::vector<PktError>>(&r))
        for (const auto& e : *errs) out.push_back(e.format());
    return out;
}

PktRunResult run(const std::string& text, const std::string& profile = "rfc9293", bool strict = false,
                 Seq isn = 2000000000u) {
    PktRunOptions opt;
    opt.profile = *profile_by_name(profile);
    opt.strict = strict;
    opt.local_isn = isn;
    return run_pkt_script(parse_ok(text, profile == "freebsd" ? std::set<std::string>{"FreeBSD"} : std::set<std::string>{"STANDARD"}), opt);
}

// An active open to ESTABLISHED, nonblocking, as the FreeBSD suite writes it.
const std::string kOpen =
    "--tolerance_usecs=10000\n"
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)\n"
    "+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0\n"
    "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
    "+0 > S 0:0(0) <...>\n"
    "+0.1 < S. 0:0(0) ack 1 win 32767 <mss 1460,sackOK,eol,eol>\n"
    "+0 > . 1:1(0) ack 1\n";

}  // namespace

TEST_CASE("pkt grammar: a note after a plain result and after an errno") {
    PktScript s = parse_ok("0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)\n"
                           "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
                           "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = ...\n");
    REQUIRE(s.events.size() == 3);
    CHECK(s.events[0].call.expected == 2);
    CHECK(s.events[0].call.note == "flags O_RDWR");
    CHECK(s.events[0].call.expected_errno.empty());
    CHECK(s.events[1].call.expected == -1);
    CHECK(s.events[1].call.expected_errno == "EINPROGRESS");
    CHECK(s.events[2].call.expected_any);
}

TEST_CASE("pkt grammar: #ifdef keeps the block of a defined name only, lines stay true") {
    const std::string text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                             "#ifdef STANDARD\n"
                             "+0 close(3) = 0\n"
                             "#endif\n"
                             "#ifdef FreeBSD\n"
                             "+0 shutdown(3, SHUT_WR) = 0\n"
                             "#endif\n";
    PktScript std_branch = parse_ok(text, {"STANDARD"});
    REQUIRE(std_branch.events.size() == 2);
    CHECK(std_branch.events[1].call.name == "close");
    CHECK(std_branch.events[1].line == 3);
    CHECK(std_branch.ifdef_kept == 1);
    CHECK(std_branch.ifdef_dropped == 1);
    PktScript bsd = parse_ok(text, {"FreeBSD"});
    REQUIRE(bsd.events.size() == 2);
    CHECK(bsd.events[1].call.name == "shutdown");
    CHECK(bsd.events[1].line == 6);
    CHECK(pkt_defines_for_profile("freebsd") == std::set<std::string>{"FreeBSD"});
    CHECK(pkt_defines_for_profile("rfc793") == std::set<std::string>{"STANDARD"});
}

TEST_CASE("pkt grammar: #ifdef errors are located") {
    CHECK(parse_errors("#ifdef A\n#ifdef B\n#endif\n") ==
          std::vector<std::string>{"t.pkt:2:1: error: #ifdef inside the #ifdef of line 1 (blocks do not nest)"});
    CHECK(parse_errors("0 close(3) = 0\n  #endif\n") == std::vector<std::string>{"t.pkt:2:3: error: #endif without #ifdef"});
    CHECK(parse_errors("#ifdef A\n") == std::vector<std::string>{"t.pkt:1:1: error: #ifdef without #endif"});
}

TEST_CASE("pkt grammar: segments with IP fields, wildcards, absolute seq, md5, udp encapsulation, no flags") {
    PktScript s = parse_ok("0 > S. ...(0) ack 65537 win 65535 <mss 1460,sackOK,eol,eol>\n"
                           "+0 < F 1:1(0) ack 2 win 32767\n"
                           "+0 < (ttl 3) . 1:1(0) ack 1 win 32767 <nop,nop,md5 valid>\n"
                           "+0 > (tos 0x28) R. 0:0(0)! ack 2 win 0/udp(9811 > 1)\n"
                           "+0 > S 0:0(0) win 65535 <...>\n"
                           "+0 < - 1:1(0) win 100\n"
                           "+0 <[noecn] . 1:1(0) ack 1 win 32767\n");
    REQUIRE(s.events.size() == 7);
    const PacketSpec& wild = s.events[0].packet;
    CHECK(wild.any_seq);
    CHECK(wild.flags == (kSYN | kACK));
    CHECK(*wild.ack == 65537);
    const PacketSpec& fin = s.events[1].packet;
    CHECK(fin.flags == kFIN);
    CHECK(*fin.ack == 2);  // an ack number without the ACK flag is allowed
    CHECK(s.events[2].packet.ignored_options == std::vector<std::string>{"IP fields (ttl 3)", "md5 valid"});
    const PacketSpec& rst = s.events[3].packet;
    CHECK(rst.absolute_seq);
    CHECK(rst.ignored_options == std::vector<std::string>{"IP fields (tos 40)"});
    REQUIRE(rst.udp);
    CHECK(*rst.udp == std::make_pair<uint16_t, uint16_t>(9811, 1));
    CHECK(s.events[4].packet.options_unchecked);
    CHECK_FALSE(s.events[4].packet.has_options);
    CHECK(s.events[5].packet.flags == 0);
    CHECK(s.events[6].packet.ignored_options == std::vector<std::string>{"IP fields (noecn)"});
}

TEST_CASE("pkt grammar: FreeBSD TCPI_ state names, multi-line shell commands, sockstat and sysctl") {
    PktScript s = parse_ok("0 %{ assert tcpi_state == TCPI_SYN_RECEIVED }%\n"
                           "+0 %{ assert tcpi_state == TCPI_FIN_WAIT_1 }%\n"
                           "+0 `echo 'a\n b' | cat`\n"
                           "+0 `sockstat -4 -P tcp -s | grep packetdril | grep -c TIME_WAIT | grep 1`\n"
                           "+0 `sysctl -w net.inet.tcp.insecure_rst=1`\n"
                           "+0 `tcpdrop -s TIME_WAIT`\n");
    REQUIRE(s.events.size() == 6);
    CHECK(s.events[0].assert_states == std::vector<State>{State::SynRcvd});
    CHECK(s.events[1].assert_states == std::vector<State>{State::FinWait1});
    CHECK(s.events[2].kind == PktEvent::Kind::Skipped);
    CHECK(s.events[3].line == 5);
    CHECK(s.events[3].shell.kind == ShellCommand::Kind::StateCount);
    CHECK(s.events[3].shell.state == State::TimeWait);
    CHECK(s.events[3].shell.count == 1);
    CHECK(s.events[4].shell.kind == ShellCommand::Kind::Sysctl);
    CHECK(s.events[4].shell.name == "net.inet.tcp.insecure_rst");
    CHECK(s.events[4].shell.value == "1");
    CHECK(s.events[5].shell.kind == ShellCommand::Kind::DropState);
    CHECK(parse_errors("0 `sysctl -w a=1\n") == std::vector<std::string>{"t.pkt:1:3: error: unterminated `shell command` (missing `)"});
}

TEST_CASE("pkt grammar: wildcards only where packetdrill allows them") {
    CHECK(parse_errors("0 < S ...(0) win 1\n") ==
          std::vector<std::string>{"t.pkt:1:7: error: '...' (sequence number not checked) is only for outbound segments"});
    CHECK(parse_errors("0 < S 0:0(0) <...>\n") ==
          std::vector<std::string>{"t.pkt:1:18: error: '<...>' (options not checked) is only for outbound segments"});
    CHECK(parse_errors("0 < (hops 3) S 0:0(0)\n").size() == 1);
}

TEST_CASE("pkt harness: a segment no '>' line reads is left unread, --strict fails on it") {
    const std::string script = kOpen + "+0.1 close(3) = 0\n";  // the FIN close() sends has no '>' line
    PktRunResult lenient = run(script);
    CHECK(lenient.outcome == PktRunResult::Outcome::Pass);
    PktRunResult strict = run(script, "rfc9293", true);
    CHECK(strict.outcome == PktRunResult::Outcome::Fail);
    CHECK(strict.message.find("unexpected outbound segment") != std::string::npos);
}

TEST_CASE("pkt harness: an unread segment is still the next one a '>' line reads") {
    // close() sends the FIN at 0.2; the '>' line expecting a pure ACK reads that FIN.
    PktRunResult r = run(kOpen + "+0.1 close(3) = 0\n+0.1 < . 1:1(0) ack 2 win 32767\n+0 > . 2:2(0) ack 1\n");
    CHECK(r.outcome == PktRunResult::Outcome::Fail);
    CHECK(r.message.rfind("flags differ", 0) == 0);
}

TEST_CASE("pkt harness: a script whose every check was skipped reports SKIP") {
    PktRunResult r = run("0 `sysctl -w net.inet.tcp.keepcnt=8`\n"
                         "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                         "+0 getsockopt(3, IPPROTO_TCP, TCP_KEEPCNT, [8], [4]) = 0\n"
                         "+0 close(3) = 0\n");
    CHECK(r.outcome == PktRunResult::Outcome::Skip);
    CHECK(r.checks == 0);
    CHECK(r.skipped == 2);
    CHECK(run(kOpen).outcome == PktRunResult::Outcome::Pass);
    CHECK(run(kOpen).checks == 3);  // connect, two '>' lines
}

TEST_CASE("pkt harness: sockstat state counts are checks that can fail") {
    const std::string count = "+0 `sockstat -4 -P tcp -s | grep packetdril | grep -c ESTABLISHED | grep ";
    CHECK(run(kOpen + count + "1`\n").outcome == PktRunResult::Outcome::Pass);
    PktRunResult wrong = run(kOpen + count + "0`\n");
    CHECK(wrong.outcome == PktRunResult::Outcome::Fail);
    CHECK(wrong.line == 9);
    CHECK(wrong.message.rfind("1 connection in ESTABLISHED, expected 0", 0) == 0);
}

TEST_CASE("pkt harness: sysctl lines drive profile parameters, others are skipped by name") {
    // An in-window RST not at RCV.NXT: rfc9293 answers with a challenge ACK (RFC 5961 3.2) ...
    const std::string rst = "+0.1 < R 5:5(0) win 32767\n+0 > . 1:1(0) ack 1\n";
    CHECK(run(kOpen + rst).outcome == PktRunResult::Outcome::Pass);
    // ... FreeBSD's insecure_rst=1 turns that off (RFC 793: the RST resets the connection).
    PktRunResult insecure = run("0 `sysctl -w net.inet.tcp.insecure_rst=1`\n" + kOpen + rst);
    CHECK(insecure.outcome == PktRunResult::Outcome::Fail);
    PktRunResult unknown = run("0 `sysctl -w net.inet.tcp.hostcache.purgenow=1`\n" + kOpen);
    CHECK(unknown.outcome == PktRunResult::Outcome::Pass);
    REQUIRE(unknown.warnings.size() == 1);
    CHECK(unknown.warnings[0] == "1: warning: skipped sysctl net.inet.tcp.hostcache.purgenow=1 (not modelled by tcplab)");
}

TEST_CASE("pkt harness: absolute sequence numbers and the local ISN") {
    // `!`: the RST for a SYN,ACK with a bad ack carries that ack as its absolute seq (RFC 9293 3.10.7.3).
    const std::string bad_ack = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                                "+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0\n"
                                "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
                                "+0 > S 0:0(0) <...>\n"
                                "+0.1 < S. 0:0(0) ack 7 win 32767\n";
    CHECK(run(bad_ack + "+0 > R 7:7(0)\n").outcome == PktRunResult::Outcome::Pass);          // relative: ISN+7
    CHECK(run(bad_ack + "+0 > R 1000007:1000007(0)!\n", "rfc9293", false, 1000000).outcome ==
          PktRunResult::Outcome::Pass);                                                        // absolute
    CHECK(run(bad_ack + "+0 > R 7:7(0)!\n", "rfc9293", false, 1000000).outcome == PktRunResult::Outcome::Fail);
}
