// Touch gestures turned into what Dear ImGui understands, for phones and tablets (docs/embedding.md,
// "Touch"). SDL's own touch-to-mouse synthesis is switched off (main_web.cpp): a finger is not a mouse.
//   tap                    = left click at the finger; the virtual mouse then rests there for a moment,
//                            so the tapped item's tooltip shows, and moves off (no sticky tooltips)
//   one-finger drag        = on a widget that takes drags (sliders, text fields, scrollbars, the ladder,
//                            a window's title bar): a mouse drag; anywhere else: scrolls the panel
//                            under the finger (io.MouseWheel/H, converted so content follows the finger)
//   long press (~500 ms)   = right click (the ladder's segment menu: drop a segment in flight)
//   two-finger pinch       = App::set_pinch (the ladder zooms around the fingers' midpoint)
#pragma once
#include <cstdint>

#include <SDL.h>

#include "imgui.h"

namespace tcplab {

class TouchInput {
public:
    // Every SDL event; finger events are consumed, a real mouse's events hand the mouse back.
    void event(const SDL_Event& e, ImVec2 display);
    // After the platform backend's NewFrame, before ImGui::NewFrame: while touch drives, overrides
    // io.MousePos / MouseDown and adds wheel. now_ms: SDL_GetTicks().
    void apply(ImGuiIO& io, uint32_t now_ms);
    // This frame's pinch (1 = none) and its centre in display coordinates.
    float pinch_zoom() const { return pinch_zoom_; }
    ImVec2 pinch_center() const { return pinch_center_; }

    static constexpr float kSlopPx = 8.0f;          // movement that still counts as a tap
    static constexpr uint32_t kLongPressMs = 500;
    // ... and held for this many frames: when frames are slow (a busy or software-rendered page),
    // the browser delivers the finger's release only after the frame, late; without this a tap
    // on a slow page would turn into a long press.
    static constexpr int kLongPressFrames = 4;
    static constexpr uint32_t kTooltipMs = 2500;    // how long the mouse rests where a tap was

private:
    // Pending: one finger down, pressed, not yet a tap, drag or scroll. Done: the gesture ended (a
    // long press fired, a pinch lost a finger) but a finger is still down. Resting: after a tap.
    enum class Mode { Idle, Pending, Drag, Scroll, Pinch, Done, Resting };
    struct Mouse {
        ImVec2 pos;
        bool left = false, right = false;
    };
    struct Finger {
        int64_t id = -1;
        ImVec2 pos;
    };
    void finger_down(int64_t id, ImVec2 p, uint32_t t);
    void finger_up(int64_t id, ImVec2 p, uint32_t t);
    void finger_motion(int64_t id, ImVec2 p);
    void cancel_press();  // release the left button off any item, so nothing is clicked
    Mouse live() const;

    bool driving_ = false;  // touch owns the mouse (until a real mouse moves)
    Mode mode_ = Mode::Idle;
    Finger fingers_[2];
    int count_ = 0;
    ImVec2 start_;           // where the first finger went down
    ImVec2 last_;            // its latest position
    uint32_t down_ms_ = 0;
    uint32_t rest_until_ = 0;
    int press_frames_ = 0;   // frames that have seen the press (the decision needs ImGui's verdict)
    float wheel_x_ = 0, wheel_y_ = 0;  // finger motion in px not yet given to ImGui
    float pinch_dist_ = 0;
    float pinch_zoom_ = 1.0f, pinch_accum_ = 1.0f;
    ImVec2 pinch_center_;
    // Exact frames to play before the live state (a click, a cancelled press, a right click).
    Mouse script_[8];
    int scripted_ = 0;
    void script(Mouse m) {
        if (scripted_ < 8) script_[scripted_++] = m;
    }
};

}  // namespace tcplab
