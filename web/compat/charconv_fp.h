// Emscripten 3.1.6 ships libc++ 14, which has no floating-point std::from_chars (the call binds to
// the deleted bool overload). The web build force-includes this header (web/CMakeLists.txt) so the
// engine's C++17 parsing code compiles unchanged; native builds use the real libstdc++ functions.
#pragma once
#if defined(__EMSCRIPTEN__) && defined(__cplusplus)
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>

namespace std {

template <class T>
inline from_chars_result tcplab_from_chars_fp(const char* first, const char* last, T& value) {
    // from_chars syntax: optional '-', no leading spaces, no '+', no hex prefix in general format.
    const char* p = first;
    if (p != last && *p == '-') ++p;
    if (p == last || !((*p >= '0' && *p <= '9') || *p == '.' || *p == 'i' || *p == 'I' || *p == 'n' || *p == 'N'))
        return {first, errc::invalid_argument};
    std::string s(first, last);
    if (p + 1 < last && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) s.resize(static_cast<size_t>(p + 1 - first));
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str()) return {first, errc::invalid_argument};
    const char* ptr = first + (end - s.c_str());
    if (errno == ERANGE) return {ptr, errc::result_out_of_range};
    value = static_cast<T>(v);
    return {ptr, errc{}};
}

inline from_chars_result from_chars(const char* first, const char* last, double& value,
                                    chars_format = chars_format::general) {
    return tcplab_from_chars_fp(first, last, value);
}
inline from_chars_result from_chars(const char* first, const char* last, float& value,
                                    chars_format = chars_format::general) {
    return tcplab_from_chars_fp(first, last, value);
}

}  // namespace std
#endif
