#include "layout_report.h"

#include "imgui_internal.h"
#include "json_text.h"

namespace tcplab::ui {

namespace {
LayoutReport g_report;
}

void report_begin_frame(const char* layout, float width, float height) {
    g_report.layout = layout;
    g_report.width = width;
    g_report.height = height;
    g_report.boxes.clear();
}

void report_box(const char* kind, std::string id, ImVec2 min, ImVec2 max, std::string text, float font_px) {
    LaidOutBox b;
    b.kind = kind;
    b.id = std::move(id);
    b.x = min.x;
    b.y = min.y;
    b.w = max.x - min.x;
    b.h = max.y - min.y;
    b.text = std::move(text);
    b.font_px = b.text.empty() ? 0.0f : (font_px > 0 ? font_px : ImGui::GetFontSize());
    if (ImGuiWindow* w = ImGui::GetCurrentWindowRead()) {
        // Compare against the window's clip rect (the panel's visible area), with half a pixel of slack.
        const ImRect& c = w->ClipRect;
        b.clipped = min.x < c.Min.x - 0.5f || min.y < c.Min.y - 0.5f || max.x > c.Max.x + 0.5f || max.y > c.Max.y + 0.5f;
    }
    g_report.boxes.push_back(std::move(b));
}

void report_item(const char* kind, std::string id, std::string text) {
    report_box(kind, std::move(id), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), std::move(text));
}

const LayoutReport& layout_report() { return g_report; }

std::string layout_report_json() {
    std::string boxes = "[";
    for (const LaidOutBox& b : g_report.boxes) {
        JsonObject j;
        j.str("kind", b.kind).str("id", b.id).real("x", b.x).real("y", b.y).real("w", b.w).real("h", b.h);
        if (!b.text.empty()) j.str("text", b.text).real("font_px", b.font_px);
        if (b.clipped) j.flag("clipped", true);
        boxes += (boxes.size() > 1 ? "," : "") + j.text();
    }
    return JsonObject().str("layout", g_report.layout).real("width", g_report.width).real("height", g_report.height)
        .raw("boxes", boxes + "]").text();
}

}  // namespace tcplab::ui
