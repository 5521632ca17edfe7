#include "json_text.h"

#include <cstdio>

namespace tcplab {

std::string json_quote(const std::string& s) {
    std::string r = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': r += "\\\""; break;
            case '\\': r += "\\\\"; break;
            case '\n': r += "\\n"; break;
            case '\r': r += "\\r"; break;
            case '\t': r += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    r += buf;
                } else {
                    r += static_cast<char>(c);
                }
        }
    }
    return r + "\"";
}

JsonObject& JsonObject::real(const char* key, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return raw(key, buf);
}

JsonObject& JsonObject::raw(const char* key, const std::string& json) {
    if (out_.size() > 1) out_ += ',';
    out_ += '"';
    out_ += key;
    out_ += "\":";
    out_ += json;
    return *this;
}

}  // namespace tcplab
