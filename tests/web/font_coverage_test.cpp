// Every character the page can draw is in its font subset (web/tools/subset_font.py): a character
// left out shows as '?' in the UI (it happened to 便 in the "no TIME_WAIT" banner). The subset's
// glyph ranges against the i18n catalog, the rules, the state diagram's labels, the hypotheses'
// banners and the embedded lessons, in both languages.
#include <catch2/catch.hpp>

#include <string>

#include "builtin_scenarios.h"
#include "diagram.h"
#include "hypothesis.h"
#include "i18n.h"
#include "render/fonts.h"

using namespace tcplab;

namespace {

bool in_font(ImWchar c) {
    for (const ImWchar* r = render::kFontRanges; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

// The characters of `text` (UTF-8) that the font lacks, as "U+4FBF" entries.
std::string missing(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        uint32_t c = n == 1 ? b : b & (0x3F >> (n - 1));
        for (size_t k = 1; k < n && i + k < text.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += n;
        if (c < 0x20 || c == 0x7F || c > 0xFFFF || in_font(static_cast<ImWchar>(c))) continue;
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X ", static_cast<unsigned>(c));
        out += buf;
    }
    return out;
}

}  // namespace

TEST_CASE("font subset: every text the page draws has its glyphs", "[font]") {
    for (const Message& m : all_messages()) {
        INFO(m.key << " (" << m.source << ")");
        CHECK(missing(m.en) == "");
        CHECK(missing(m.zh) == "");
    }
    for (const DiagramEdge& e : diagram_edges()) {
        INFO("edge " << e.key);
        CHECK(missing(e.zh) == "");
    }
    for (const std::string& name : hypothesis_names()) {
        INFO("what if " << name);
        CHECK(missing(hypothesis_summary(*hypothesis_by_name(name), "zh")) == "");
    }
    for (const BuiltinScenario& b : builtin_scenarios()) {
        INFO("lesson " << b.name);
        CHECK(missing(b.text) == "");
    }
}
