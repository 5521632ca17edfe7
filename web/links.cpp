// Links to the page: "Copy link" (the view as it is) and the exercise-link builder (what a teacher
// gives students: lesson, mode, language, panels, student ID). The parameters are the ones
// web/tcplab-api.js reads (docs/embedding.md).
#include <cctype>
#include <cstdio>

#include "ui/app_state.h"
#include "ui/panels.h"

namespace tcplab {

namespace {

// Scenario text in the page's "s" parameter format (web/tcplab-api.js decodeScenario): zlib data,
// base64url. Written as deflate *stored* blocks (no compression, no library), which every inflater
// reads; the page's encodeScenario() makes the shorter, compressed form.
std::string zlib_stored_base64url(const std::string& text) {
    std::string z = {'\x78', '\x01'};
    size_t pos = 0;
    do {
        size_t n = std::min<size_t>(65535, text.size() - pos);
        bool last = pos + n == text.size();
        z += static_cast<char>(last ? 1 : 0);
        z += static_cast<char>(n & 0xff);
        z += static_cast<char>(n >> 8);
        z += static_cast<char>(~n & 0xff);
        z += static_cast<char>((~n >> 8) & 0xff);
        z.append(text, pos, n);
        pos += n;
    } while (pos < text.size());
    uint32_t a = 1, b = 0;
    for (unsigned char c : text) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    uint32_t adler = (b << 16) | a;
    for (int shift = 24; shift >= 0; shift -= 8) z += static_cast<char>((adler >> shift) & 0xff);
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    size_t i = 0;
    for (; i + 2 < z.size(); i += 3) {
        uint32_t v = (uint8_t(z[i]) << 16) | (uint8_t(z[i + 1]) << 8) | uint8_t(z[i + 2]);
        out += k[v >> 18];
        out += k[(v >> 12) & 63];
        out += k[(v >> 6) & 63];
        out += k[v & 63];
    }
    if (i + 1 == z.size()) {
        uint32_t v = uint8_t(z[i]) << 16;
        out += k[v >> 18];
        out += k[(v >> 12) & 63];
    } else if (i + 2 == z.size()) {
        uint32_t v = (uint8_t(z[i]) << 16) | (uint8_t(z[i + 1]) << 8);
        out += k[v >> 18];
        out += k[(v >> 12) & 63];
        out += k[(v >> 6) & 63];
    }
    return out;
}

std::string url_encode(const std::string& v) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : v) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string html_attribute(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else if (c == '<') out += "&lt;";
        else out += c;
    }
    return out;
}

}  // namespace

// base?scenario=NAME (a built-in lesson) or base?s=TEXT (the teacher's own text).
std::string AppState::lesson_url(const std::string& base) const {
    std::string url = base + ((base.find('?') == std::string::npos) ? "?" : "&");
    if (!scenario_name.empty()) return url + "scenario=" + url_encode(scenario_name);
    return url + "s=" + zlib_stored_base64url(scenario_text);
}

std::string AppState::link_url(const std::string& base) const {
    std::string url = lesson_url(base);
    url += "&lang=" + lang;
    char sp[32];
    std::snprintf(sp, sizeof sp, "%g", speed);
    url += std::string("&speed=") + sp;
    if (!link.profile.empty()) url += "&profile=" + url_encode(link.profile);
    url += std::string("&theme=") + (dark ? "dark" : "light");
    if (options.panels != "all" && !options.panels.empty()) url += "&panels=" + url_encode(options.panels);
    if (!options.transport) url += "&transport=0";
    if (options.autoplay) url += "&autoplay=1";
    if (!skip_idle) url += "&skipidle=0";
    if (show_overlay) url += "&fps=1";
    if (predict.on) url += std::string("&predict=") + quiz::mode_name(predict.mode);
    return url;
}

std::string AppState::exercise_url() const {
    const Exercise& e = exercise;
    std::string url = lesson_url(options.page_url);
    url += e.lang ? "&lang=zh" : "&lang=en";
    if (!link.profile.empty()) url += "&profile=" + url_encode(link.profile);
    std::string panels;
    bool all = true;
    for (int p = 0; p < ui::kPanelCount; ++p) {
        if (!e.panel[p]) all = false;
        else panels += (panels.empty() ? "" : ",") + std::string(ui::kPanelNames[p]);
    }
    if (!all && !panels.empty()) url += "&panels=" + panels;
    if (e.mode > 0) url += std::string("&predict=") + quiz::mode_name(static_cast<quiz::Mode>(e.mode - 1));
    if (e.student == 1 && !e.student_id.empty()) url += "&student=" + url_encode(e.student_id);
    if (e.student == 2) url += "&askid=1";
    return url;
}

std::string AppState::exercise_iframe() const {
    const std::string title = "tcplab: " + (scenario ? scenario->title_in(exercise.lang != 0) : std::string("lesson"));
    return "<iframe src=\"" + html_attribute(exercise_url()) + "\" width=\"960\" height=\"600\" style=\"border:0\" "
           "allow=\"clipboard-write\" title=\"" + html_attribute(title) + "\"></iframe>";
}

}  // namespace tcplab
