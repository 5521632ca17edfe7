#include "trace_text.h"

#include <cstdio>

namespace tcplab {

std::string time_text(Micros t) {
    char buf[48];
    if (t % 1000 == 0)
        std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(t / 1000000),
                      static_cast<long long>((t % 1000000) / 1000));
    else
        std::snprintf(buf, sizeof buf, "%lld.%06llds", static_cast<long long>(t / 1000000),
                      static_cast<long long>(t % 1000000));
    return buf;
}

std::string bytes_preview(const std::vector<uint8_t>& data, size_t from, size_t max) {
    std::string out = "\"";
    const size_t end = data.size() - from > max ? from + max : data.size();
    for (size_t i = from; i < end; ++i) {
        const uint8_t c = data[i];
        if (c == '\n') out += "\\n";
        else if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c >= 32 && c < 127) out += static_cast<char>(c);
        else { char b[8]; std::snprintf(b, sizeof b, "\\x%02x", c); out += b; }
    }
    out += '"';
    if (end < data.size()) out += "...";
    return out;
}

}  // namespace tcplab
