// Sequence-number labels for the timeline, the inspector and the TCB panel, in three modes:
//   absolute  - the 32-bit numbers on the wire;
//   relative  - as Wireshark: offsets from each side's ISN;
//   symbolic  - as the course notes write them: x and y for the two ISNs (x = the first SYN),
//               u for the first FIN's number, v for the other side's number when it acknowledges
//               that FIN, w for the second FIN; data offsets as "x+1+N".
// The labeler is fed the trace's segments in order and only reads them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "segment.h"
#include "trace.h"

namespace tcplab::ui {

enum class Numbering : uint8_t { Absolute, Relative, Symbolic };

class Labeler {
public:
    void clear();
    // Feeds one SegmentSent / SegmentInjected entry (in trace order).
    void add(const TraceEntry& e);
    // Labels of a fed entry's seq and ack ("" for ack when the ACK flag is off).
    std::string seq_label(const TraceEntry& e, Numbering mode) const;
    std::string ack_label(const TraceEntry& e, Numbering mode) const;
    // "SYN,ACK seq=y ack=x+1 len=0" (len only when non-zero).
    std::string summary(const TraceEntry& e, Numbering mode) const;
    // A number in the space of the host that sends from (ip, port) to (peer_ip, peer_port),
    // as known after trace entry `upto` (used by the TCB panel: ISS, SND.NXT ... RCV.NXT).
    std::string label(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, Seq value,
                      Numbering mode, uint64_t upto = UINT64_MAX) const;

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
    };
    int find_flow(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, int* side) const;
    std::string render(const Side& s, Seq value, Numbering mode, uint64_t upto) const;

    std::vector<Flow> flows_;
    std::vector<Where> where_;
};

struct Labeler::Mark {
    std::vector<Flow> flows;
    size_t fed = 0;
};

const char* numbering_key(Numbering n);  // "ui.num.absolute" ...

}  // namespace tcplab::ui
