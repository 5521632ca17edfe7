#include "text.h"

#include <cstdio>

#include "i18n.h"
#include "imgui.h"

namespace tcplab::ui {

namespace {
std::string g_lang = "en";
Lang g_code = Lang::En;
}  // namespace

void set_lang(const std::string& lang) {
    g_code = parse_lang(lang).value_or(Lang::En);
    g_lang = lang_code(g_code);
}
const std::string& lang() { return g_lang; }
bool zh() { return g_code == Lang::Zh; }

const char* tr(const char* key) { return tcplab::tr(key, g_code); }
std::string tr(const std::string& key) { return tcplab::tr(key, g_code); }

std::string substitute(std::string text, std::string_view name, const std::string& value) {
    std::string pat = "{" + std::string(name) + "}";
    for (size_t at = text.find(pat); at != std::string::npos; at = text.find(pat, at + value.size()))
        text.replace(at, pat.size(), value);
    return text;
}

std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> args) {
    for (const auto& [name, value] : args) text = substitute(std::move(text), name, value);
    return text;
}

std::string format_time(Micros t) {
    char buf[48];
    if (t == kNever) return "-";
    double a = t < 0 ? -double(t) : double(t);
    if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.3f s", double(t) / 1e6);
    else if (a >= 1e3) std::snprintf(buf, sizeof buf, "%.1f ms", double(t) / 1e3);
    else std::snprintf(buf, sizeof buf, "%lld us", static_cast<long long>(t));
    return buf;
}

std::string format_duration(Micros d) {
    char buf[48];
    if (d >= sec(10)) std::snprintf(buf, sizeof buf, "%.1f s", double(d) / 1e6);
    else if (d >= sec(1)) std::snprintf(buf, sizeof buf, "%.2f s", double(d) / 1e6);
    else if (d >= msec(1)) std::snprintf(buf, sizeof buf, "%g ms", double(d) / 1e3);
    else std::snprintf(buf, sizeof buf, "%lld us", static_cast<long long>(d));
    return buf;
}

void same_line_if_fits(float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + width <= right) ImGui::SameLine();
}

float checkbox_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float small_button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace tcplab::ui
