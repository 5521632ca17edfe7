// Sequence-number labels, in three modes (the web UI's ladder, inspector and TCB panel, the quiz
// key and the answer checker all use these, so a student types what the page shows):
//   absolute  - the 32-bit numbers on the wire;
//   relative  - as Wireshark: offsets from each side's ISN;
//   symbolic  - as the course notes write them: x and y for the two ISNs (x = the first SYN),
//               u for the first FIN's number, v for the other side's number when it acknowledges
//               that FIN before sending a FIN of its own (CLOSE_WAIT), w for the second FIN;
//               data offsets as "x+1+N".
// A segment has one label everywhere (ladder, narration, inspector): the one it had when it was
// sent, also for its delivered / dropped / duplicated entries (found by packet id).
// The labeler is fed the trace's segments in order and only reads them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "segment.h"
#include "trace.h"

namespace tcplab {

enum class Numbering : uint8_t { Absolute, Relative, Symbolic };

class Labeler {
public:
    void clear();
    // Feeds one SegmentSent / SegmentInjected entry (in trace order).
    void add(const TraceEntry& e);
    // Labels of a segment entry's seq and ack ("" for ack when the ACK flag is off). `e` is a fed
    // entry or any later entry about the same packet (SegmentDelivered, SegmentDropped ...).
    std::string seq_label(const TraceEntry& e, Numbering mode) const;
    std::string ack_label(const TraceEntry& e, Numbering mode) const;
    // "SYN,ACK seq=y ack=x+1 len=0" (len only when non-zero).
    std::string summary(const TraceEntry& e, Numbering mode) const;
    // A number in the space of the host that sends from (ip, port) to (peer_ip, peer_port),
    // as known after trace entry `upto` (used by the TCB panel: ISS, SND.NXT ... RCV.NXT).
    std::string label(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, Seq value,
                      Numbering mode, uint64_t upto = UINT64_MAX) const;

    // What a symbolic or relative answer about a fed segment entry's seq (or ack) is measured
    // against: the relative base of that number's side and the names (x, y, u, v, w) its flow
    // had when the segment was sent. False when the entry is unknown.
    struct Symbol {
        char name;
        Seq value;
    };
    struct Context {
        Seq base = 0;
        std::vector<Symbol> symbols;
    };
    bool context(const TraceEntry& e, bool ack, Context* out) const;
    // The value of a name on the first flow with the host at `ip` (any flow when ip is 0), as known
    // after trace entry `upto` (note placeholders such as {x+1}).
    std::optional<Seq> symbol_value(char name, uint32_t ip = 0, uint64_t upto = UINT64_MAX) const;

    // Going back in time: what the labeler knew at a point, and back to it (then feed on from there).
    struct Mark;
    Mark mark() const;
    void rewind(const Mark& m);

private:
    struct Anchor {
        Seq value;
        char name;       // 'x' 'y' 'u' 'v' 'w'
        bool isn;
        uint64_t since;  // trace index that introduced it
    };
    struct Side {
        uint32_t ip = 0;
        uint16_t port = 0;
        bool has_base = false;
        Seq base = 0;   // relative numbering base (ISN, or the first number seen)
        std::vector<Anchor> anchors;
        bool fin_seen = false;
    };
    struct Flow {
        Side side[2];
        int first_fin_side = -1;
        bool v_set = false;
        int isn_count = 0;
    };
    // Where to find a fed entry's flow and side, by trace index.
    struct Where {
        int32_t flow = -1;
        int8_t side = 0;
        uint64_t packet_id = 0;
    };
    int find_flow(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, int* side) const;
    // The fed entry `e` is about: its flow, side and trace index (false when unknown).
    bool resolve(const TraceEntry& e, Where* w, uint64_t* upto) const;
    std::string render(const Side& s, Seq value, Numbering mode, uint64_t upto) const;

    std::vector<Flow> flows_;
    std::vector<Where> where_;
    // packet id -> the fed entry's trace index; after a rewind, stale ones fail the packet id check
    std::unordered_map<uint64_t, uint64_t> sent_index_;
};

struct Labeler::Mark {
    std::vector<Flow> flows;
    size_t fed = 0;
};

// The value of a written label in a flow's context, modulo 2^32: "1001", "x+1", "y + 1", "u",
// "w+1", "x+1+100", "4294967295+2" (an unwrapped 4294967297 is 1 too). A leading bare number is
// relative to ctx.base when `relative`. nullopt, with `error` saying what was expected, when it
// cannot be read or names something the flow does not have (yet).
std::optional<Seq> eval_label(std::string_view text, const Labeler::Context& ctx, bool relative, std::string* error);

}  // namespace tcplab
