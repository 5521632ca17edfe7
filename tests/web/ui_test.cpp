// The web front end without a window: the App controller, the numbering modes and full ImGui
// frames of every panel (ImGui builds draw lists without a GPU).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "app.h"
#include "headless_imgui.h"
#include "imgui.h"
#include "render/pulses.h"
#include "ui/app_state.h"
#include "ui/numbering.h"
#include "ui/panels.h"

using namespace tcplab;
using nlohmann::json;

namespace {

// A segment entry as the simulator records it, for the labeler.
TraceEntry seg(uint64_t index, bool from_a, uint16_t flags, Seq seq, Seq ack, size_t len = 0) {
    TraceEntry e;
    e.index = index;
    e.kind = TraceKind::SegmentSent;
    e.host = from_a ? 0 : 1;
    e.peer_host = from_a ? 1 : 0;
    e.packet.src_ip = from_a ? 0x0a000001 : 0x0a000002;
    e.packet.dst_ip = from_a ? 0x0a000002 : 0x0a000001;
    e.packet.seg.src_port = from_a ? 40000 : 80;
    e.packet.seg.dst_port = from_a ? 80 : 40000;
    e.packet.seg.flags = flags;
    e.packet.seg.seq = seq;
    e.packet.seg.ack = ack;
    e.packet.seg.payload.assign(len, 'a');
    return e;
}

using Headless = HeadlessImGui;

json states(const App& app) { return json::parse(app.states_json()); }
json status(const App& app) { return json::parse(app.status_json()); }

}  // namespace

// The course notes' four-way close: seq=u, ack=u+1 (seq=v), FIN seq=w ack=u+1, last ACK seq=u+1 ack=w+1.
TEST_CASE("symbolic numbering follows the course notes (x, y, u, v, w)", "[numbering]") {
    ui::Labeler lab;
    std::vector<TraceEntry> t = {
        seg(0, true, kSYN, 1000, 0),
        seg(1, false, kSYN | kACK, 5000, 1001),
        seg(2, true, kACK, 1001, 5001),
        seg(3, true, kACK | kPSH, 1001, 5001, 100),
        seg(4, false, kACK, 5001, 1101),
        seg(5, true, kFIN | kACK, 1101, 5001),
        seg(6, false, kACK, 5001, 1102),
        seg(7, false, kACK | kPSH, 5001, 1102, 20),
        seg(8, false, kFIN | kACK, 5021, 1102),
        seg(9, true, kACK, 1102, 5022),
    };
    for (const auto& e : t) lab.add(e);
    auto sym = [&](int i) { return lab.summary(t[i], ui::Numbering::Symbolic); };
    CHECK(sym(0) == "SYN seq=x");
    CHECK(sym(1) == "SYN,ACK seq=y ack=x+1");
    CHECK(sym(2) == "ACK seq=x+1 ack=y+1");
    CHECK(sym(3) == "PSH,ACK seq=x+1 ack=y+1 len=100");
    CHECK(sym(4) == "ACK seq=y+1 ack=x+1+100");
    CHECK(sym(5) == "FIN,ACK seq=u ack=y+1");
    CHECK(sym(6) == "ACK seq=v ack=u+1");
    CHECK(sym(7) == "PSH,ACK seq=v ack=u+1 len=20");  // data still flows in CLOSE_WAIT
    CHECK(sym(8) == "FIN,ACK seq=w ack=u+1");
    CHECK(sym(9) == "ACK seq=u+1 ack=w+1");
    CHECK(lab.summary(t[1], ui::Numbering::Relative) == "SYN,ACK seq=0 ack=1");
    CHECK(lab.summary(t[9], ui::Numbering::Relative) == "ACK seq=102 ack=22");
    CHECK(lab.summary(t[9], ui::Numbering::Absolute) == "ACK seq=1102 ack=5022");
    // The TCB panel's view of A's numbers after the close.
    CHECK(lab.label(0x0a000001, 40000, 0x0a000002, 80, 1102, ui::Numbering::Symbolic) == "u+1");
    CHECK(lab.label(0x0a000002, 80, 0x0a000001, 40000, 5022, ui::Numbering::Symbolic) == "w+1");
}

TEST_CASE("no FIN in between: w names the FIN even when it equals v", "[numbering]") {
    ui::Labeler lab;
    std::vector<TraceEntry> t = {
        seg(0, true, kSYN, 7, 0),         seg(1, false, kSYN | kACK, 90, 8), seg(2, true, kACK, 8, 91),
        seg(3, true, kFIN | kACK, 8, 91), seg(4, false, kACK, 91, 9),        seg(5, false, kFIN | kACK, 91, 9),
        seg(6, true, kACK, 9, 92),
    };
    for (const auto& e : t) lab.add(e);
    CHECK(lab.summary(t[4], ui::Numbering::Symbolic) == "ACK seq=v ack=u+1");
    CHECK(lab.summary(t[5], ui::Numbering::Symbolic) == "FIN,ACK seq=w ack=u+1");
    CHECK(lab.summary(t[6], ui::Numbering::Symbolic) == "ACK seq=u+1 ack=w+1");
}

TEST_CASE("controller: load, run to the end, step back, seek and replay exactly", "[app]") {
    Headless ui(1400, 900);
    App app;
    AppOptions o;
    o.scenario = "02-four-way-close";
    app.init(o);
    CHECK(status(app)["ready"] == true);
    CHECK(status(app)["scenario"] == "02-four-way-close");
    app.run_to_end();
    json s = states(app);
    CHECK(s["A"] == "CLOSED");
    CHECK(s["B"] == "CLOSED");
    CHECK(status(app)["failed"] == 0);
    std::string full = app.trace_json();
    uint64_t events = status(app)["events"];
    REQUIRE(events > 10);

    app.step_back();
    CHECK(status(app)["events"].get<uint64_t>() < events);
    app.seek(0);
    CHECK(status(app)["time_us"] == 0);
    CHECK(states(app)["A"] == "CLOSED");
    app.seek(msec(500));  // during the close: A has sent its FIN
    CHECK(status(app)["time_us"] == 500000);
    app.run_to_end();
    CHECK(app.trace_json() == full);  // the replay is the same run
    ui.frame(app);
}

TEST_CASE("controller: a bad scenario reports line and column and keeps the running one", "[app]") {
    Headless ui(1400, 900);
    App app;
    AppOptions o;
    o.scenario = "01-three-way-handshake";
    app.init(o);
    std::string err;
    CHECK_FALSE(app.load_text("hosts A=10.0.0.1 B=10.0.0.2\nat 0 B frobnicate 80\n", &err));
    json e = json::parse(err);
    REQUIRE(e.is_array());
    REQUIRE(!e.empty());
    CHECK(e[0]["line"] == 2);
    CHECK(e[0]["column"].get<int>() > 0);
    CHECK(status(app)["scenario"] == "01-three-way-handshake");
    CHECK(status(app)["error"].is_array());
    ui.frame(app);  // the error is drawn, nothing crashes
    CHECK_FALSE(app.load_builtin("no-such-scenario", &err));
}

TEST_CASE("controller: playback advances virtual time at speed x 0.1", "[app]") {
    Headless ui(1400, 900);
    App app;
    AppOptions o;
    o.scenario = "01-three-way-handshake";
    o.autoplay = true;
    app.init(o);
    for (int i = 0; i < 60; ++i) ui.frame(app, 1.0f / 60);  // one second of real time at 1x
    CHECK(status(app)["time_us"].get<int64_t>() == Approx(100000).margin(200));
    CHECK(states(app)["A"] == "SYN_SENT");  // the SYN,ACK arrives at 110 ms
    app.set_speed(10);
    for (int i = 0; i < 60; ++i) ui.frame(app, 1.0f / 60);
    CHECK(states(app)["A"] == "ESTABLISHED");
    CHECK(states(app)["B"] == "ESTABLISHED");
}

TEST_CASE("controller: live socket calls from the host buttons", "[app]") {
    Headless ui(1400, 900);
    AppState s;
    std::string err;
    REQUIRE(s.load("", "hosts A=10.0.0.1 B=10.0.0.2\nlink delay=50ms\n", &err));
    REQUIRE(s.ready());
    s.host_call(HostCall{1, Call::Listen, 0});
    CHECK(s.sim()->host_state(1) == State::Listen);
    s.host_call(HostCall{0, Call::Connect, 0});
    CHECK(s.sim()->host_state(0) == State::SynSent);
    s.seek(msec(200));
    CHECK(s.sim()->host_state(0) == State::Established);
    CHECK(s.sim()->host_state(1) == State::Established);
    s.host_call(HostCall{0, Call::Send, 300});
    s.host_call(HostCall{0, Call::Shutdown, 0});
    CHECK(s.sim()->host_state(0) == State::FinWait1);
    s.seek(msec(400));
    CHECK(s.sim()->host_state(1) == State::CloseWait);
    CHECK(s.sim()->app_received(1, "").size() == 300);
    // Rewinding replays the recorded live calls.
    s.seek(msec(100));
    s.seek(msec(400));
    CHECK(s.sim()->host_state(1) == State::CloseWait);
}

TEST_CASE("drop the next segment from A: the SYN is lost and retransmitted", "[app]") {
    AppState s;
    std::string err;
    REQUIRE(s.load("", "hosts A=10.0.0.1 B=10.0.0.2\nlink delay=50ms\nat 0 B listen 80\nat 10ms A connect B:80\n", &err));
    s.arm_drop_next(0);
    s.seek(sec(3));
    s.refresh_index();
    int syns = 0, retx = 0;
    for (uint32_t i : s.index.segments) {
        const TraceEntry& e = s.trace()[i];
        if (e.host == 0 && e.packet.seg.flags == kSYN) {
            ++syns;
            retx += e.retransmission;
        }
    }
    CHECK(syns == 2);
    CHECK(retx == 1);
    CHECK(s.index.dropped.size() == 1);
    CHECK(s.sim()->host_state(0) == State::Established);
}

TEST_CASE("every panel draws, wide and narrow, English and Chinese", "[frames]") {
    for (float width : {1400.0f, 600.0f}) {
        for (const char* lang : {"en", "zh"}) {
            Headless ui(width, 900);
            App app;
            AppOptions o;
            o.scenario = "14-time-wait-lost-last-ack";
            o.lang = lang;
            app.init(o);
            int v0 = ui.frame(app);
            CHECK(v0 > 1000);
            app.seek(msec(1200));
            CHECK(ui.frame(app) > v0);
            app.run_to_end();
            CHECK(ui.frame(app) > v0);
        }
    }
}

TEST_CASE("panels option limits what is drawn", "[frames]") {
    Headless ui(1200, 800);
    App all, two;
    AppOptions o;
    o.scenario = "02-four-way-close";
    all.init(o);
    o.panels = "graph,timeline";
    two.init(o);
    all.run_to_end();
    two.run_to_end();
    int va = ui.frame(all), vt = ui.frame(two);
    CHECK(vt < va);
    CHECK(vt > 1000);
}

// 10,000 segments: the timeline draws only the visible time range (binary search), so a zoomed-in
// view of a long trace costs about what a short trace costs.
TEST_CASE("a 10,000-segment trace: only the visible part of the timeline is drawn", "[frames]") {
    Headless ui(1400, 900);
    App app;
    std::string err;
    REQUIRE(app.load_text("hosts A=10.0.0.1 B=10.0.0.2\nlink delay=10ms\nat 0 B listen 80\n"
                          "at 10ms A connect B:80\nat 100ms A send 8000000\n", &err));
    app.run_to_end();
    json st = status(app);
    REQUIRE(st["events"].get<int>() > 20000);
    app.seek(msec(40));  // the handshake and the first data; the timeline shows its first ~100 ms
    int zoomed = ui.frame(app);
    app.seek(msec(2000));
    int later = ui.frame(app);
    // Same zoom, far later in the trace: bounded by what fits on screen, not by the trace's length.
    CHECK(later < 200000);
    CHECK(zoomed < 200000);
}

TEST_CASE("take_events streams each new trace entry once, and says when time went back", "[app]") {
    App app;
    AppOptions o;
    o.scenario = "01-three-way-handshake";
    app.init(o);
    app.seek(msec(200));
    std::vector<std::string> ev = app.take_events();
    REQUIRE(ev.size() > 5);
    int changes = 0;
    for (const std::string& s : ev) {
        json j = json::parse(s);
        if (j["type"] == "trace" && j["kind"] == "state_change") ++changes;
    }
    CHECK(changes == 5);  // B: LISTEN, SYN_RCVD, ESTABLISHED; A: SYN_SENT, ESTABLISHED
    CHECK(app.take_events().empty());
    app.step_back();
    ev = app.take_events();
    REQUIRE(!ev.empty());
    CHECK(json::parse(ev.front())["type"] == "rewind");
}

// The link carries pasted text in the page's format (zlib, base64url): inflate it with zlib.
TEST_CASE("copy link: built-in name, or the pasted text as zlib base64url", "[app]") {
    App app;
    AppOptions o;
    o.scenario = "01-three-way-handshake";
    o.lang = "zh";
    app.init(o);
    std::string url = app.link_url("http://x/");
    CHECK(url.rfind("http://x/?scenario=01-three-way-handshake&lang=zh&speed=1&theme=dark", 0) == 0);
    std::string text = "# mine\nhosts A=10.0.0.1 B=10.0.0.2\nat 0 B listen 80\nat 1ms A connect B:80\n";
    std::string err;
    REQUIRE(app.load_text(text, &err));
    url = app.link_url("http://x/");
    size_t at = url.find("?s=");
    REQUIRE(at != std::string::npos);
    std::string b64 = url.substr(at + 3, url.find('&') - at - 3);
    std::string bin;
    uint32_t acc = 0;
    int bits = 0;
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (char c : b64) {
        size_t v = alphabet.find(c);
        REQUIRE(v != std::string::npos);
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bin += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    std::vector<unsigned char> out(4096);
    uLongf out_len = out.size();
    REQUIRE(uncompress(out.data(), &out_len, reinterpret_cast<const Bytef*>(bin.data()), bin.size()) == Z_OK);
    CHECK(std::string(reinterpret_cast<char*>(out.data()), out_len) == text);
}

TEST_CASE("an unknown profile from the URL is reported and the scenario's own is used", "[app]") {
    App app;
    AppOptions o;
    o.scenario = "01-three-way-handshake";
    o.profile = "windows95";
    app.init(o);
    json st = status(app);
    CHECK(st["ready"] == true);
    CHECK(st["warning"].get<std::string>().find("windows95") != std::string::npos);
    app.run_to_end();
    CHECK(states(app)["A"] == "ESTABLISHED");
}

TEST_CASE("the inspector opens for a selected segment and closes for a non-segment", "[frames]") {
    Headless ui(1400, 900);
    AppState s;
    std::string err;
    REQUIRE(s.load("", "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nat 0 B listen 80\nat 10ms A connect B:80\n"
                   "at 200ms A send 40\n", &err));
    s.seek(msec(300));
    s.refresh_index();
    auto draw = [&] {
        render::pulses_begin_frame();
        ImGui::NewFrame();
        s.refresh_index();
        ui::draw_layout(s, 1400, 900);
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    };
    int closed = draw();
    REQUIRE(s.index.segments.size() >= 4);
    s.selected = s.index.segments[3];  // A's data segment: header grid plus a hex dump
    REQUIRE(s.trace()[static_cast<size_t>(s.selected)].packet.seg.payload.size() == 40);
    int open = draw();
    CHECK(open > closed + 500);
    CHECK(s.selected >= 0);
    s.selected = s.index.state_changes.front();  // not a segment: the inspector closes itself
    draw();
    CHECK(s.selected == -1);
}
