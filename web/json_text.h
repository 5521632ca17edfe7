// Small JSON messages the page writes often (status, states, results), by hand: nlohmann::json's
// object construction costs download size at every place it is used (the page's size budget).
#pragma once
#include <cstdint>
#include <string>

namespace tcplab {

// `s` as a JSON string literal, quotes included (UTF-8 passes through).
std::string json_quote(const std::string& s);

// {"key":value,...} in the order the fields are added.
class JsonObject {
public:
    JsonObject& str(const char* key, const std::string& v) { return raw(key, json_quote(v)); }
    JsonObject& num(const char* key, int64_t v) { return raw(key, std::to_string(v)); }
    JsonObject& real(const char* key, double v);
    JsonObject& flag(const char* key, bool v) { return raw(key, v ? "true" : "false"); }
    JsonObject& raw(const char* key, const std::string& json);  // a value already in JSON: null, an object
    std::string text() const { return out_ + "}"; }

private:
    std::string out_ = "{";
};

}  // namespace tcplab
