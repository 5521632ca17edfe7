// The `#ifdef NAME` ... `#endif` blocks of the nplab/packetdrill dialect FreeBSD's test suite uses.
// As in nplab's lexer: a block is kept when NAME is defined, blocks do not nest and there is no
// `#else`. Dropped lines (and the directive lines) are blanked, so line and column numbers of
// everything else stay true. Which names a profile defines: pkt_defines_for_profile().
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab::pkt {

struct PktError;

struct IfdefResult {
    std::string text;   // the script with directives and dropped blocks blanked
    int kept = 0;       // blocks whose name was defined
    int dropped = 0;    // blocks whose name was not
};

IfdefResult apply_ifdefs(std::string_view text, const std::set<std::string>& defines, const std::string& file,
                         std::vector<PktError>& errors);

// The names a profile defines: freebsd -> FreeBSD, linux -> Linux, rfc9293 / rfc793 -> STANDARD
// (the suite's name for the behaviour the RFC prescribes where FreeBSD chooses otherwise).
std::set<std::string> pkt_defines_for_profile(const std::string& profile);

}  // namespace tcplab::pkt
