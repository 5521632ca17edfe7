// `#ifdef` blocks: see pkt_ifdef.h.
#include "pkt_ifdef.h"

#include <cctype>

#include "pkt_script.h"

namespace tcplab::pkt {

std::set<std::string> pkt_defines_for_profile(const std::string& profile) {
    if (profile == "freebsd") return {"FreeBSD"};
    if (profile == "linux") return {"Linux"};
    return {"STANDARD"};
}

IfdefResult apply_ifdefs(std::string_view text, const std::set<std::string>& defines, const std::string& file,
                         std::vector<PktError>& errors) {
    IfdefResult r;
    r.text.reserve(text.size());
    int open_line = 0;   // line of the open #ifdef, 0 = none
    bool dropping = false;
    int line = 1;
    size_t i = 0;
    while (i <= text.size()) {
        size_t e = text.find('\n', i);
        if (e == std::string_view::npos) e = text.size();
        std::string_view l = text.substr(i, e - i);
        size_t b = 0;
        while (b < l.size() && (l[b] == ' ' || l[b] == '\t')) ++b;
        std::string_view body = l.substr(b);
        bool directive = false;
        if (body.rfind("#ifdef", 0) == 0 && (body.size() == 6 || std::isspace(static_cast<unsigned char>(body[6])))) {
            directive = true;
            size_t n = 6;
            while (n < body.size() && std::isspace(static_cast<unsigned char>(body[n]))) ++n;
            size_t ne = n;
            while (ne < body.size() && (std::isalnum(static_cast<unsigned char>(body[ne])) || body[ne] == '_')) ++ne;
            if (open_line) {
                errors.push_back({file, line, static_cast<int>(b) + 1,
                                  "#ifdef inside the #ifdef of line " + std::to_string(open_line) + " (blocks do not nest)"});
            } else if (ne == n) {
                errors.push_back({file, line, static_cast<int>(b + n) + 1, "#ifdef must be followed by a name"});
            } else {
                open_line = line;
                dropping = !defines.count(std::string(body.substr(n, ne - n)));
                ++(dropping ? r.dropped : r.kept);
            }
        } else if (body.rfind("#endif", 0) == 0) {
            directive = true;
            if (!open_line) errors.push_back({file, line, static_cast<int>(b) + 1, "#endif without #ifdef"});
            open_line = 0;
            dropping = false;
        }
        if (directive || dropping) {
            for (char c : l) r.text += c == '\r' ? c : ' ';
        } else {
            r.text.append(l);
        }
        if (e == text.size()) break;
        r.text += '\n';
        i = e + 1;
        ++line;
    }
    if (open_line) errors.push_back({file, open_line, 1, "#ifdef without #endif"});
    return r;
}

}  // namespace tcplab::pkt
