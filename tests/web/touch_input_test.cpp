// web/touch_input.cpp on real ImGui frames without a window: SDL finger events in, clicks, drags,
// scrolling, right clicks and pinch out, at exact (virtual) times.
#include <catch2/catch.hpp>

#include <SDL.h>

#include "imgui.h"
#include "touch_input.h"

using namespace tcplab;

namespace {

constexpr float kW = 400, kH = 600;

// A window with a button and a slider at fixed places, and a scrolling child holding a button
// among 100 lines of text.
struct Scene {
    TouchInput touch;
    uint32_t ms = 1000;
    int clicks = 0, child_clicks = 0, right_clicks = 0;
    float slider = 0.5f, scroll = 0, zoom = 1.0f;

    Scene() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(kW, kH);
        io.IniFilename = nullptr;
        unsigned char* px;
        int tw, th;
        io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
        frames(2);
    }
    ~Scene() { ImGui::DestroyContext(); }

    void frame(uint32_t dt_ms = 16) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = static_cast<float>(dt_ms) / 1000.0f;
        ms += dt_ms;
        touch.apply(io, ms);
        zoom *= touch.pinch_zoom();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(kW, kH));
        ImGui::Begin("scene", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        ImGui::SetCursorPos(ImVec2(10, 10));
        if (ImGui::Button("button", ImVec2(100, 40))) ++clicks;
        if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ++right_clicks;
        ImGui::SetCursorPos(ImVec2(10, 60));
        ImGui::SetNextItemWidth(300);
        ImGui::SliderFloat("##slider", &slider, 0.0f, 1.0f);
        ImGui::SetCursorPos(ImVec2(10, 120));
        ImGui::BeginChild("list", ImVec2(380, 300), true);
        if (ImGui::Button("in the list", ImVec2(200, 40))) ++child_clicks;
        for (int i = 0; i < 100; ++i) ImGui::Text("line %d", i);
        scroll = ImGui::GetScrollY();
        ImGui::EndChild();
        ImGui::End();
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void finger(Uint32 type, int id, float x, float y) {
        SDL_Event e{};
        e.type = type;
        e.tfinger.fingerId = id;
        e.tfinger.x = x / kW;
        e.tfinger.y = y / kH;
        e.tfinger.timestamp = ms;
        touch.event(e, ImVec2(kW, kH));
    }
    // A finger from (x0, y0) to (x1, y1) in `steps` frames, then lifted.
    void swipe(float x0, float y0, float x1, float y1, int steps = 10) {
        finger(SDL_FINGERDOWN, 1, x0, y0);
        frames(2);
        for (int i = 1; i <= steps; ++i) {
            finger(SDL_FINGERMOTION, 1, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
            frame();
        }
        finger(SDL_FINGERUP, 1, x1, y1);
        frames(4);
    }
};

}  // namespace

TEST_CASE("touch: a tap clicks, its tooltip time passes, then the pointer leaves", "[touch]") {
    Scene s;
    s.finger(SDL_FINGERDOWN, 1, 60, 30);
    s.finger(SDL_FINGERUP, 1, 60, 30);  // down and up between two frames: still one press, one release
    s.frames(3);
    CHECK(s.clicks == 1);
    CHECK(ImGui::GetIO().MousePos.x == 60.0f);  // resting on the button: its tooltip would show
    s.frames(TouchInput::kTooltipMs / 16 + 2);
    CHECK_FALSE(ImGui::IsMousePosValid());
    CHECK(s.clicks == 1);
}

TEST_CASE("touch: a swipe scrolls the panel under the finger, the content follows it", "[touch]") {
    Scene s;
    s.swipe(300, 380, 300, 180);  // on the list's text, right of its button
    CHECK(s.scroll == Approx(200).margin(8));
    CHECK(s.child_clicks == 0);
    s.swipe(300, 200, 300, 300);
    CHECK(s.scroll == Approx(100).margin(8));
}

TEST_CASE("touch: a swipe that starts on a button scrolls and does not click it", "[touch]") {
    Scene s;
    s.swipe(100, 150, 100, 50);  // on "in the list"
    CHECK(s.child_clicks == 0);
    CHECK(s.scroll == Approx(100).margin(8));
}

TEST_CASE("touch: a drag on a slider drags the slider, nothing scrolls", "[touch]") {
    Scene s;
    s.swipe(160, 70, 310, 70);
    CHECK(s.slider > 0.9f);
    CHECK(s.scroll == 0.0f);
}

TEST_CASE("touch: a long press is a right click, not a click", "[touch]") {
    Scene s;
    s.finger(SDL_FINGERDOWN, 1, 60, 30);
    s.frames(TouchInput::kLongPressMs / 16 + 6);
    s.finger(SDL_FINGERUP, 1, 60, 30);
    s.frames(4);
    CHECK(s.right_clicks == 1);
    CHECK(s.clicks == 0);
}

TEST_CASE("touch: on a slow page a tap whose release comes late is still a tap", "[touch]") {
    // 1.5 s frames: the release reaches the app two frames after the press, 3 s later.
    Scene s;
    s.finger(SDL_FINGERDOWN, 1, 60, 30);
    s.frame(1500);
    s.frame(1500);
    s.finger(SDL_FINGERUP, 1, 60, 30);
    s.frame(1500);
    s.frame(1500);
    CHECK(s.clicks == 1);
    CHECK(s.right_clicks == 0);
}

TEST_CASE("touch: on a slow page a long press is still a right click", "[touch]") {
    Scene s;
    s.finger(SDL_FINGERDOWN, 1, 60, 30);
    for (int i = 0; i < TouchInput::kLongPressFrames + 2; ++i) s.frame(1500);
    s.finger(SDL_FINGERUP, 1, 60, 30);
    s.frames(4);
    CHECK(s.right_clicks == 1);
    CHECK(s.clicks == 0);
}

TEST_CASE("touch: two fingers apart zoom in, together zoom out, around their midpoint", "[touch]") {
    Scene s;
    s.finger(SDL_FINGERDOWN, 1, 200, 250);
    s.finger(SDL_FINGERDOWN, 2, 200, 350);
    s.frame();
    for (int i = 1; i <= 5; ++i) {
        s.finger(SDL_FINGERMOTION, 1, 200, 250 - 10 * i);
        s.finger(SDL_FINGERMOTION, 2, 200, 350 + 10 * i);
        s.frame();
    }
    CHECK(s.zoom == Approx(2.0f).epsilon(0.01));  // the fingers went from 100 to 200 px apart
    CHECK(s.touch.pinch_center().y == Approx(300.0f));
    s.finger(SDL_FINGERUP, 2, 200, 400);
    s.finger(SDL_FINGERMOTION, 1, 200, 100);  // the finger left behind does nothing more
    s.frames(2);
    s.finger(SDL_FINGERUP, 1, 200, 100);
    s.frames(2);
    CHECK(s.clicks == 0);
    CHECK(s.child_clicks == 0);
    CHECK(s.scroll == 0.0f);
    CHECK(s.zoom == Approx(2.0f).epsilon(0.01));
}
