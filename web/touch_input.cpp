#include "touch_input.h"

#include <cfloat>
#include <cmath>

#include "imgui_internal.h"  // the active item and the window the wheel would scroll

namespace tcplab {

namespace {

const ImVec2 kOff(-FLT_MAX, -FLT_MAX);  // no mouse: nothing hovered, tooltips close

float dist(ImVec2 a, ImVec2 b) { return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)); }

// Whether the item the press activated wants the finger's motion as a mouse drag: sliders, drags
// and text fields (they claim the left/right navigation keys), widgets that read the wheel
// themselves (the ladder pans on drag and zooms on the wheel), scrollbars, a window being moved.
bool active_item_takes_drags() {
    ImGuiContext& g = *GImGui;
    if (g.MovingWindow) return true;
    if (g.ActiveId == 0) return false;
    ImGuiWindow* w = g.ActiveIdWindow;
    if (w && g.ActiveId == w->MoveId) return false;  // the empty space of a window that cannot move
    if (g.ActiveIdUsingMouseWheel || g.ActiveIdUsingNavDirMask != 0) return true;
    return w && (g.ActiveId == ImGui::GetWindowScrollbarID(w, ImGuiAxis_X) || g.ActiveId == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y));
}

// Pixels one wheel notch scrolls the window ImGui would scroll (the same walk and step as
// ImGui::UpdateMouseWheel in 1.86), so that content follows the finger; 0: nothing to scroll.
float wheel_step(ImGuiAxis axis) {
    ImGuiContext& g = *GImGui;
    ImGuiWindow* w = g.WheelingWindow ? g.WheelingWindow : g.HoveredWindow;
    if (!w) return 0;
    auto scroll_max = [axis](const ImGuiWindow* x) { return axis == ImGuiAxis_Y ? x->ScrollMax.y : x->ScrollMax.x; };
    while ((w->Flags & ImGuiWindowFlags_ChildWindow) &&
           (scroll_max(w) == 0.0f || ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs))))
        w = w->ParentWindow;
    if ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) return 0;
    if (axis == ImGuiAxis_Y) return ImFloor(ImMin(5 * w->CalcFontSize(), w->InnerRect.GetHeight() * 0.67f));
    return ImFloor(ImMin(2 * w->CalcFontSize(), w->InnerRect.GetWidth() * 0.67f));
}

}  // namespace

void TouchInput::event(const SDL_Event& e, ImVec2 display) {
    switch (e.type) {
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION: {
            driving_ = true;
            const ImVec2 p(e.tfinger.x * display.x, e.tfinger.y * display.y);
            const int64_t id = static_cast<int64_t>(e.tfinger.fingerId);
            if (e.type == SDL_FINGERDOWN) finger_down(id, p, e.tfinger.timestamp);
            else if (e.type == SDL_FINGERUP) finger_up(id, p, e.tfinger.timestamp);
            else finger_motion(id, p);
            break;
        }
        case SDL_MOUSEMOTION:
        case SDL_MOUSEBUTTONDOWN: {
            // A real mouse (SDL synthesizes none from touch here): it drives again once no gesture runs.
            const Uint32 which = e.type == SDL_MOUSEMOTION ? e.motion.which : e.button.which;
            if (which != SDL_TOUCH_MOUSEID && count_ == 0 && scripted_ == 0) {
                driving_ = false;
                mode_ = Mode::Idle;
            }
            break;
        }
        default: break;
    }
}

void TouchInput::finger_down(int64_t id, ImVec2 p, uint32_t t) {
    if (count_ == 0) {
        fingers_[0] = {id, p};
        count_ = 1;
        start_ = last_ = p;
        down_ms_ = t;
        press_frames_ = 0;
        wheel_x_ = wheel_y_ = 0;
        mode_ = Mode::Pending;
    } else if (count_ == 1) {
        fingers_[1] = {id, p};
        count_ = 2;
        if (mode_ == Mode::Pending || mode_ == Mode::Drag) cancel_press();
        mode_ = Mode::Pinch;
        pinch_dist_ = dist(fingers_[0].pos, fingers_[1].pos);
        pinch_center_ = ImVec2((fingers_[0].pos.x + p.x) / 2, (fingers_[0].pos.y + p.y) / 2);
    }
}

void TouchInput::finger_motion(int64_t id, ImVec2 p) {
    int i = 0;
    while (i < count_ && fingers_[i].id != id) ++i;
    if (i == count_) return;
    fingers_[i].pos = p;
    if (mode_ == Mode::Pinch && count_ == 2) {
        const float d = dist(fingers_[0].pos, fingers_[1].pos);
        if (pinch_dist_ > 1.0f && d > 1.0f) pinch_accum_ *= d / pinch_dist_;
        pinch_dist_ = d;
        pinch_center_ = ImVec2((fingers_[0].pos.x + fingers_[1].pos.x) / 2, (fingers_[0].pos.y + fingers_[1].pos.y) / 2);
        return;
    }
    if (i != 0 || count_ != 1) return;
    if (mode_ == Mode::Scroll) {
        wheel_x_ += p.x - last_.x;
        wheel_y_ += p.y - last_.y;
    }
    last_ = p;
}

void TouchInput::finger_up(int64_t id, ImVec2 p, uint32_t t) {
    int i = 0;
    while (i < count_ && fingers_[i].id != id) ++i;
    if (i == count_) return;
    if (count_ == 2) {
        if (i == 0) fingers_[0] = fingers_[1];
        count_ = 1;
        mode_ = Mode::Done;  // the pinch is over; the finger left on the glass does nothing more
        return;
    }
    count_ = 0;
    switch (mode_) {
        case Mode::Pending:
            // A tap: a press that ImGui sees for at least one frame, then the release on the same spot.
            if (press_frames_ == 0) script({start_, true, false});
            script({start_, false, false});
            mode_ = Mode::Resting;
            rest_until_ = t + kTooltipMs;
            break;
        case Mode::Drag:
            script({p, false, false});
            mode_ = Mode::Idle;
            break;
        default: mode_ = Mode::Idle; break;
    }
}

void TouchInput::cancel_press() {
    // Moved off while held, then released off: ImGui's buttons fire only on a release over them.
    if (press_frames_ > 0) {
        script({kOff, true, false});
        script({kOff, false, false});
    }
    press_frames_ = 0;
}

TouchInput::Mouse TouchInput::live() const {
    switch (mode_) {
        case Mode::Pending: return {start_, true, false};
        case Mode::Drag: return {last_, true, false};
        case Mode::Scroll:  // the pointer stays where the swipe began: the wheel goes to that panel
        case Mode::Resting: return {start_, false, false};
        default: return {kOff, false, false};
    }
}

void TouchInput::apply(ImGuiIO& io, uint32_t now_ms) {
    pinch_zoom_ = pinch_accum_;
    pinch_accum_ = 1.0f;
    if (!driving_) return;

    const bool moved = dist(last_, start_) > kSlopPx;
    if (mode_ == Mode::Pending && !moved && now_ms - down_ms_ >= kLongPressMs && press_frames_ >= kLongPressFrames) {
        // Long press = right click where the finger is.
        cancel_press();
        script({start_, false, true});
        script({start_, false, false});
        mode_ = Mode::Done;
    } else if (mode_ == Mode::Pending && moved && press_frames_ > 0) {
        // ImGui has seen the press: its active item decides between a drag and a scroll.
        if (active_item_takes_drags()) {
            mode_ = Mode::Drag;
        } else {
            cancel_press();
            mode_ = Mode::Scroll;
            wheel_x_ = last_.x - start_.x;
            wheel_y_ = last_.y - start_.y;
        }
    }
    if (mode_ == Mode::Resting && static_cast<int32_t>(now_ms - rest_until_) >= 0) mode_ = Mode::Idle;

    Mouse m;
    if (scripted_ > 0) {
        m = script_[0];
        for (int i = 1; i < scripted_; ++i) script_[i - 1] = script_[i];
        --scripted_;
    } else {
        m = live();
        if (mode_ == Mode::Pending) ++press_frames_;
        if (mode_ == Mode::Scroll) {
            // Finger down the screen = content down = scrolling up (negative scroll, positive wheel).
            const float sy = wheel_step(ImGuiAxis_Y), sx = wheel_step(ImGuiAxis_X);
            if (sy > 0 && wheel_y_ != 0) {
                io.MouseWheel += wheel_y_ / sy;
                wheel_y_ = 0;
            }
            if (sx > 0 && wheel_x_ != 0) {
                io.MouseWheelH += wheel_x_ / sx;
                wheel_x_ = 0;
            }
        }
    }
    io.MousePos = m.pos;
    io.MouseDown[0] = m.left;
    io.MouseDown[1] = m.right;
    io.MouseDown[2] = false;
}

}  // namespace tcplab
