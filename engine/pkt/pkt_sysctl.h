// `sysctl -w name=value` lines of packetdrill scripts, mapped onto the behaviour profile's
// parameters where tcplab models the variable (FreeBSD net.inet.tcp.*, Linux net.ipv4.tcp_*).
// The table, with the profile parameter each variable drives: docs/packetdrill.md.
#pragma once
#include <optional>
#include <string>

#include "../profile.h"

namespace tcplab::pkt {

// nullopt: the variable is not modelled (the line is skipped by name); "": applied;
// otherwise the error (a bad value).
std::optional<std::string> apply_sysctl(Profile& p, const std::string& name, const std::string& value);

}  // namespace tcplab::pkt
