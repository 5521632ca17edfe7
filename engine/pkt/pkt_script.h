// A packetdrill script (google/packetdrill), parsed: timed socket calls on the local stack, segments
// the remote side injects (`<`) and segments the local stack must send (`>`), state assertions.
// The supported subset and what is skipped are listed in docs/packetdrill.md.
//
// Sequence numbers are kept as written: the remote side's numbers are absolute (its ISN is what the
// first inbound SYN says), the local side's are relative to the local ISN. The runner
// (pkt_runner.h) maps them.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../segment.h"
#include "../state.h"
#include "../vtime.h"

namespace tcplab::pkt {

struct PktError {
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;
    std::string format() const;  // "file:line:column: error: message"
};

// When an event happens. `start` is absolute or relative to the previous event; `*` is any time.
struct TimeSpec {
    enum class Kind : uint8_t { Absolute, Relative, Any };
    Kind kind = Kind::Relative;
    Micros start = 0;
    Micros range_end = -1;        // `a~b`: the event may happen up to b (same kind as start)
    Micros blocking_end = -1;     // `a...b`: a blocking call returns at b
    bool blocking_end_relative = false;  // `a...+d`
};

struct PacketSpec {
    bool inbound = false;         // `<` (remote -> local) or `>` (local -> remote)
    uint16_t flags = 0;
    Seq start = 0;
    Seq end = 0;
    uint32_t len = 0;
    std::optional<Seq> ack;
    std::optional<uint32_t> window;
    std::optional<uint16_t> urgent;
    bool has_options = false;     // `<...>` was written
    bool options_unchecked = false;  // `<...>`: options not checked (outbound only)
    bool absolute_seq = false;    // `0:0(0)!`: the local sequence number is absolute, not ISN-relative
    bool any_seq = false;         // `...(len)`: the sequence number is not checked (outbound only)
    TcpOptions options;
    // `/udp(sport > dport)`: the segment travels in UDP with these ports instead of the script's
    // default encapsulation (RFC 6951-style TCP over UDP, FreeBSD net.inet.tcp.udp_tunneling_port).
    std::optional<std::pair<uint16_t, uint16_t>> udp;
    // Parsed but not modelled, by name: sack blocks, md5, `(ttl N)` / `[ecn ...]` IP fields.
    std::vector<std::string> ignored_options;
};

// A syscall argument: 3, SOCK_STREAM, ..., [1], {onoff=1, linger=0}, O_RDWR|O_NONBLOCK, "text".
struct Expr {
    enum class Kind : uint8_t { Int, Ident, Ellipsis, List, Struct, Or, String, Call };
    Kind kind = Kind::Int;
    int64_t number = 0;
    std::string name;              // Ident / String / Call name
    std::vector<Expr> items;       // List / Struct / Or / Call arguments
    std::vector<std::string> field_names;  // Struct: "" for positional fields
    int column = 0;

    // A field of a struct by name (any of the names), or nullptr.
    const Expr* field(std::initializer_list<const char*> names) const;
};

struct Syscall {
    std::string name;
    std::vector<Expr> args;
    int64_t expected = 0;          // expected return value
    bool expected_any = false;     // `= ...`: the return value is not checked
    std::string expected_errno;    // "EINPROGRESS" ... ("" = none)
    std::string note;              // `= 0x02 (flags O_RDWR)`: the words in parentheses, not checked
};

// The shell commands the FreeBSD suite uses that tcplab can carry out; any other is skipped.
struct ShellCommand {
    enum class Kind : uint8_t { Other, StateCount, DropState, Sysctl };
    Kind kind = Kind::Other;
    State state = State::Closed;   // StateCount: `sockstat ... | grep -c STATE | grep N`; DropState: `tcpdrop -s STATE`
    int count = 0;                 // StateCount: N
    std::string name, value;       // Sysctl: `sysctl -w name=value`
};

struct PktEvent {
    enum class Kind : uint8_t { Packet, Syscall, Assert, Shell, Skipped };
    Kind kind = Kind::Skipped;
    int line = 0;
    int column = 0;
    TimeSpec time;
    std::string text;              // the line as written (trimmed, for reports)
    PacketSpec packet;
    Syscall call;
    std::vector<State> assert_states;  // tcpi_state == X, one per assert statement
    ShellCommand shell;
    std::string skip_reason;       // Skipped, or the part of an Assert block that was skipped
};

struct PktScript {
    std::string file;
    Micros tolerance = 4000;       // --tolerance_usecs
    std::vector<PktEvent> events;
    // `--flags` lines that do not apply to the simulator: (line, text).
    std::vector<std::pair<int, std::string>> skipped_flags;
    int ifdef_kept = 0, ifdef_dropped = 0;  // `#ifdef NAME` blocks (pkt_ifdef.h)
};

using PktParseResult = std::variant<PktScript, std::vector<PktError>>;
// `defines`: the names `#ifdef` blocks test (pkt_defines_for_profile(); default: the standard branch).
PktParseResult parse_pkt_script(std::string_view text, const std::string& file = "<input>",
                                const std::set<std::string>& defines = {"STANDARD"});
PktParseResult load_pkt_file(const std::string& path, const std::set<std::string>& defines = {"STANDARD"});

// Linux errno values by name ("ECONNREFUSED" -> 111), as scripts write them in SO_ERROR results.
std::optional<int> errno_value(std::string_view name);
// packetdrill's flag letters for a segment: "S.", "P.", "F.", "R" ...
std::string pkt_flags_string(uint16_t flags);
// One-line packetdrill form: "S. 0:0(0) ack 1 win 65535 <mss 1460>".
std::string packet_spec_string(const PacketSpec& p);

}  // namespace tcplab::pkt
