// "What if" in the page (web/what_if.cpp, docs/teaching.md): Controls > What if replays the lesson
// under a hypothesis; the banner over the state diagram names it and sets the run's ending beside
// the real one's. The notes' two why-questions: lesson 11 (old duplicate SYN) under a two-way
// handshake, lesson 14 (lost last ACK) without TIME_WAIT.
#include <catch2/catch.hpp>

#include "builtin_scenarios.h"
#include "headless_imgui.h"
#include "ui/app_state.h"
#include "ui/layout_report.h"
#include "ui/panels.h"

using namespace tcplab;

namespace {

void open_lesson(AppState& s, const std::string& prefix) {
    for (const BuiltinScenario& b : builtin_scenarios())
        if (std::string(b.name).rfind(prefix, 0) == 0) {
            std::string err;
            REQUIRE(s.load(b.name, b.text, &err));
            return;
        }
    FAIL("no lesson " << prefix);
}

int rule_count(const AppState& s, const char* key) {
    int n = 0;
    for (const TraceEntry& e : s.trace()) n += std::string(rule_info(e.rule).key) == key;
    return n;
}

// Two whole frames of the page at 1280x800 (the second draws with the first's layout).
void draw_frames(AppState& s) {
    for (int i = 0; i < 2; ++i) {
        render::pulses_begin_frame();
        ImGui::NewFrame();
        s.refresh_index();
        ui::draw_layout(s, 1280, 800);
        ImGui::Render();
    }
}

}  // namespace

TEST_CASE("what if: lesson 11 under a two-way handshake ends with B holding a connection nobody asked for", "[app][whatif]") {
    AppState s;
    open_lesson(s, "11-");
    CHECK(s.what_if_compare.empty());
    s.set_what_if(Hypothesis::TwoWayHandshake);
    REQUIRE(s.what_if == Hypothesis::TwoWayHandshake);
    s.run->advance_to(s.lesson_end);
    CHECK(rule_count(s, "whatif.listen_rcv_syn_established") >= 1);  // RFC 9293 3.5 Figure 9 taken away
    INFO(s.what_if_compare);
    // Real TCP passes the lesson's checks; the first one the hypothesis breaks is line 44's SYN_RCVD.
    CHECK(s.what_if_compare == "Real TCP: 14 of the lesson's 14 checks pass. Here 1 failed; the first, line 44: "
                               "expect at 100ms B=SYN_RCVD (B is ESTABLISHED).");
    s.set_what_if(Hypothesis::None);  // back to real TCP: no whatif rule, no banner text
    s.run->advance_to(s.lesson_end);
    CHECK(rule_count(s, "whatif.listen_rcv_syn_established") == 0);
    CHECK(s.what_if_compare.empty());
}

TEST_CASE("what if: lesson 14 without TIME_WAIT: B's retransmitted FIN meets a RST; the banner is drawn over the diagram", "[app][whatif]") {
    HeadlessImGui ui(1280, 800);
    AppState s;
    open_lesson(s, "14-");
    s.set_what_if(Hypothesis::NoTimeWait);
    s.run->advance_to(s.lesson_end);
    CHECK(rule_count(s, "whatif.no_time_wait") >= 1);  // RFC 9293 3.6.1 MUST-13 taken away
    // A no longer answers B's retransmitted FIN with an ACK from TIME_WAIT but with a RST (3.10.7.1).
    bool rst_to_b = false;
    for (const TraceEntry& e : s.trace())
        rst_to_b |= e.kind == TraceKind::SegmentSent && e.host == 0 && e.peer_host == 1 && (e.packet.seg.flags & kRST);
    CHECK(rst_to_b);
    INFO(s.what_if_compare);
    CHECK(s.what_if_compare.find("Here ") != std::string::npos);
    CHECK(s.what_if_compare.find("failed") != std::string::npos);
    draw_frames(s);
    const ui::LaidOutBox* banner = nullptr;
    for (const ui::LaidOutBox& b : ui::layout_report().boxes)
        if (b.id == "whatif.banner") banner = &b;
    REQUIRE(banner);
    CHECK(banner->text.rfind("WHAT IF (not real TCP): no TIME_WAIT.", 0) == 0);
    CHECK(banner->text.find(s.what_if_compare) != std::string::npos);

    // Overlaid with the real outcome on the ladder: where A sends its RST, real TCP's A, still in
    // TIME_WAIT, sends an ACK (drawn faded, "real TCP: ACK ..."); the RST is marked as not real TCP's.
    REQUIRE(s.what_if_overlay);
    const TraceEntry* rst = nullptr;
    for (const TraceEntry& e : s.trace())
        if (e.kind == TraceKind::SegmentSent && e.host == 0 && e.peer_host == 1 && (e.packet.seg.flags & kRST)) rst = &e;
    REQUIRE(rst);
    CHECK_FALSE(s.what_if_overlay->real_sends(*rst));
    const TraceEntry* real_ack = nullptr;
    for (const TraceEntry& e : s.what_if_overlay->real_only)
        if (e.host == 0 && e.peer_host == 1 && e.time == rst->time && e.packet.seg.flags == kACK) real_ack = &e;
    REQUIRE(real_ack);
    s.seek(s.lesson_end);
    std::string ghost, marked;
    draw_frames(s);
    for (const ui::LaidOutBox& b : ui::layout_report().boxes) {
        if (b.id == "whatif.real." + std::to_string(real_ack->index)) ghost = b.text;
        if (b.id == "seglabel." + std::to_string(rst->index)) marked = b.text;
    }
    CHECK(ghost.rfind("real TCP: ACK", 0) == 0);
    CHECK(marked.find("RST") != std::string::npos);
    CHECK(marked.find("(not in real TCP)") != std::string::npos);
    s.set_what_if(Hypothesis::None);
    CHECK_FALSE(s.what_if_overlay);
}

