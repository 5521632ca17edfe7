#include "capture/capture_json.h"

#include "export/json.h"
#include "trace_text.h"

namespace tcplab {

std::string issue_text(const CaptureIssue& i) {
    if (i.number == 0) return i.message;
    return "packet " + std::to_string(i.number) + " at byte " + std::to_string(i.offset) + ": " + i.message;
}

std::vector<std::string> explanation_lines(const SegmentExplanation& e, const ObservedConnection& o) {
    std::vector<std::string> out;
    for (SeqNote n : e.seq.notes) {
        std::string line = seq_note_text(n);
        if (n == SeqNote::DuplicateAck) line += " #" + std::to_string(e.seq.dup_ack_number);
        if ((n == SeqNote::Retransmission) && e.seq.retransmits_number) {
            line += " of packet " + std::to_string(e.seq.retransmits_number) + " (transmission " +
                    std::to_string(e.seq.transmission) + "), " + time_text(e.seq.since_first_ns / 1000) +
                    " after the previous one";
            if (e.expected_rto_us > 0)
                line += "; profile " + o.config.profile.name + " waits " + time_text(e.expected_rto_us);
        }
        out.push_back(line);
    }
    for (const std::string& w : e.why) out.push_back("why: " + w);
    return out;
}

nlohmann::json observed_json(const std::string& file, const CaptureSummary& summary, const CaptureConnection& c,
                             const ObservedConnection& o) {
    nlohmann::json doc = trace_json(o.config, o.trace);
    nlohmann::json segs = nlohmann::json::array();
    for (size_t i = 0; i < c.segments.size(); ++i) {
        const CapturedSegment& cs = c.segments[i];
        const SegmentExplanation& e = o.segments[i];
        nlohmann::json notes = nlohmann::json::array();
        for (SeqNote n : e.seq.notes) notes.push_back(seq_note_key(n));
        segs.push_back({{"packet", cs.number},
                        {"offset", cs.offset},
                        {"time_ns", cs.time_ns},
                        {"from", c.from_a(cs) ? "A" : "B"},
                        {"notes", notes},
                        {"text", explanation_lines(e, o)},
                        {"sender_state", state_name(e.sender_state)},
                        {"receiver_state", state_name(e.receiver_state)}});
    }
    nlohmann::json states = nlohmann::json::object();
    for (int side = 0; side < 2; ++side) {
        nlohmann::json list = nlohmann::json::array();
        for (const StateAtTime& s : o.states[side]) list.push_back({{"time_ns", s.time_ns}, {"state", state_name(s.state)}});
        states[side == 0 ? "A" : "B"] = list;
    }
    nlohmann::json tw = nlohmann::json::object();
    for (int side = 0; side < 2; ++side)
        if (o.time_wait_start_ns[side] >= 0)
            tw[side == 0 ? "A" : "B"] = {{"start_ns", o.time_wait_start_ns[side]}, {"end_ns", o.time_wait_end_ns[side]}};
    nlohmann::json spans = nlohmann::json::array();
    for (const auto& sp : o.uncertain_spans) spans.push_back({{"from_ns", sp.from_ns}, {"to_ns", sp.to_ns}});
    doc["capture"] = {{"file", file},
                      {"uncertain_spans", spans},
                      {"format", summary.format},
                      {"link_type", summary.link_type},
                      {"connection", c.number},
                      {"a", c.a_text()},
                      {"b", c.b_text()},
                      {"start_ns", o.start_ns},
                      {"vantage", vantage_name(o.vantage)},
                      {"one_way_ns", o.one_way_ns},
                      {"segments", segs},
                      {"states", states},
                      {"time_wait", tw},
                      {"uncertain", o.uncertain}};
    return doc;
}

}  // namespace tcplab
