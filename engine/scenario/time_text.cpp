// Times as scenario files write them: "0", "250us", "500ms", "1.5s", "2min".
#include "scenario/scenario.h"

#include <cctype>

namespace tcplab {

std::optional<Micros> parse_time(std::string_view text) {
    if (text == "0") return Micros{0};
    size_t i = 0;
    int64_t whole = 0;
    int64_t frac = 0, frac_scale = 1;
    bool digits = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        whole = whole * 10 + (text[i] - '0');
        if (whole > 1'000'000'000'000) return std::nullopt;
        digits = true;
        ++i;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        bool frac_digits = false;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            if (frac_scale < 1'000'000'000) {
                frac = frac * 10 + (text[i] - '0');
                frac_scale *= 10;
            }
            frac_digits = true;
            ++i;
        }
        if (!frac_digits) return std::nullopt;
    }
    if (!digits) return std::nullopt;
    std::string_view unit = text.substr(i);
    int64_t scale;
    if (unit == "us") scale = 1;
    else if (unit == "ms") scale = 1000;
    else if (unit == "s") scale = 1'000'000;
    else if (unit == "min") scale = 60'000'000;
    else return std::nullopt;
    // At most ~11 days: keeps every product far from overflow.
    if (whole > 1'000'000'000'000 / scale) return std::nullopt;
    return whole * scale + (frac * scale + frac_scale / 2) / frac_scale;
}

std::string format_time(Micros t) {
    if (t == kNever) return "never";
    std::string sign = t < 0 ? "-" : "";
    uint64_t v = static_cast<uint64_t>(t < 0 ? -t : t);
    auto with_fraction = [](uint64_t v, uint64_t unit, int digits, const char* suffix) {
        std::string s = std::to_string(v / unit);
        uint64_t rest = v % unit;
        if (rest) {
            std::string f = std::to_string(rest);
            f.insert(0, static_cast<size_t>(digits) - f.size(), '0');
            while (!f.empty() && f.back() == '0') f.pop_back();
            s += "." + f;
        }
        return s + suffix;
    };
    if (v == 0) return "0ms";
    if (v < 1000) return sign + std::to_string(v) + "us";
    if (v < 1'000'000) return sign + with_fraction(v, 1000, 3, "ms");
    return sign + with_fraction(v, 1'000'000, 6, "s");
}

}  // namespace tcplab
