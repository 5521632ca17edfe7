// Segment formatting, flag parsing and the IPv4/TCP wire encoding used by the exporters.
#include "segment.h"

#include <cctype>

namespace tcplab {

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

namespace {

// The order the course notes write them: SYN,ACK and FIN,ACK, not ACK,SYN.
struct FlagName { uint16_t bit; const char* name; char letter; };
constexpr FlagName kFlagOrder[] = {
    {kSYN, "SYN", 'S'}, {kFIN, "FIN", 'F'}, {kRST, "RST", 'R'}, {kPSH, "PSH", 'P'},
    {kACK, "ACK", 'A'}, {kURG, "URG", 'U'}, {kECE, "ECE", 'E'}, {kCWR, "CWR", 'C'},
};

std::string upper(const std::string& s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string flags_string(uint16_t flags) {
    if (flags == 0) return "<none>";
    std::string out;
    for (const auto& f : kFlagOrder) {
        if (!(flags & f.bit)) continue;
        if (!out.empty()) out += ',';
        out += f.name;
    }
    return out;
}

std::optional<uint16_t> parse_flags(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::string t = upper(text);
    if (t == "<NONE>" || t == "NONE") return uint16_t{0};
    bool has_sep = t.find_first_of(",+|") != std::string::npos;
    uint16_t flags = 0;
    size_t i = 0;
    while (i <= t.size()) {
        size_t j = t.find_first_of(",+|", i);
        if (j == std::string::npos) j = t.size();
        std::string word = t.substr(i, j - i);
        if (word.empty()) return std::nullopt;
        bool found = false;
        for (const auto& f : kFlagOrder)
            if (word == f.name) { flags |= f.bit; found = true; }
        if (!found) {
            // "SA", "FA", "S": tcpdump-style letters, only as a single word.
            if (has_sep) return std::nullopt;
            for (char c : word) {
                bool letter_found = false;
                for (const auto& f : kFlagOrder)
                    if (c == f.letter) { flags |= f.bit; letter_found = true; }
                if (!letter_found) return std::nullopt;
            }
        }
        i = j + 1;
    }
    return flags;
}

std::string segment_summary(const Segment& s) {
    std::string out = flags_string(s.flags);
    out += " seq=" + std::to_string(s.seq);
    if (s.has(kACK)) out += " ack=" + std::to_string(s.ack);
    out += " win=" + std::to_string(s.window);
    out += " len=" + std::to_string(s.payload.size());
    return out;
}

// ---------------------------------------------------------------------------------------------
// TCP options (RFC 9293 section 3.2)
// ---------------------------------------------------------------------------------------------

int TcpOptions::encoded_length() const {
    int n = 0;
    if (mss) n += 4;
    if (window_scale) n += 3;
    if (sack_permitted) n += 2;
    if (timestamps) n += 10;
    return (n + 3) / 4 * 4;
}

std::vector<uint8_t> TcpOptions::encode() const {
    std::vector<uint8_t> out;
    if (mss) {
        out.insert(out.end(), {2, 4, static_cast<uint8_t>(*mss >> 8), static_cast<uint8_t>(*mss & 0xff)});
    }
    if (window_scale) out.insert(out.end(), {3, 3, *window_scale});
    if (sack_permitted) out.insert(out.end(), {4, 2});
    if (timestamps) {
        out.insert(out.end(), {8, 10});
        for (uint32_t v : {timestamps->value, timestamps->echo})
            for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
    }
    // Pad with NOPs then a final EOL when padding is needed (what real stacks emit).
    size_t target = static_cast<size_t>(encoded_length());
    while (out.size() + 1 < target) out.push_back(1);
    if (out.size() < target) out.push_back(0);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Wire encoding
// ---------------------------------------------------------------------------------------------

namespace {

void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
    b[at] = static_cast<uint8_t>(v >> 8);
    b[at + 1] = static_cast<uint8_t>(v & 0xff);
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    put16(b, at, static_cast<uint16_t>(v >> 16));
    put16(b, at + 2, static_cast<uint16_t>(v & 0xffff));
}

// One's complement sum of 16-bit words (RFC 1071), not yet complemented.
uint32_t ones_sum(const uint8_t* data, size_t n, uint32_t sum) {
    for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t{data[i]} << 8) | data[i + 1];
    if (n & 1) sum += uint32_t{data[n - 1]} << 8;
    return sum;
}
uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum & 0xffff);
}

// The TCP header and payload with the checksum field as given.
std::vector<uint8_t> tcp_bytes(const Segment& s, uint16_t checksum) {
    std::vector<uint8_t> opts = s.options.encode();
    size_t header = 20 + opts.size();
    std::vector<uint8_t> b(header + s.payload.size(), 0);
    put16(b, 0, s.src_port);
    put16(b, 2, s.dst_port);
    put32(b, 4, s.seq);
    put32(b, 8, s.ack);
    // Data offset in the top 4 bits; the low bit of byte 12 is the AE/NS flag (unused here).
    b[12] = static_cast<uint8_t>((header / 4) << 4);
    b[13] = static_cast<uint8_t>(s.flags & 0xff);
    put16(b, 14, s.window);
    put16(b, 16, checksum);
    put16(b, 18, s.urgent);
    std::copy(opts.begin(), opts.end(), b.begin() + 20);
    std::copy(s.payload.begin(), s.payload.end(), b.begin() + static_cast<long>(header));
    return b;
}

}  // namespace

uint16_t tcp_checksum(const Packet& p) {
    std::vector<uint8_t> tcp = tcp_bytes(p.seg, 0);
    uint32_t sum = 0;
    // Pseudo-header: source, destination, zero + protocol 6, TCP length (RFC 9293 section 3.1).
    sum += p.src_ip >> 16;
    sum += p.src_ip & 0xffff;
    sum += p.dst_ip >> 16;
    sum += p.dst_ip & 0xffff;
    sum += 6;
    sum += static_cast<uint32_t>(tcp.size());
    return fold(ones_sum(tcp.data(), tcp.size(), sum));
}

std::vector<uint8_t> encode_tcp(const Packet& p) { return tcp_bytes(p.seg, tcp_checksum(p)); }

std::vector<uint8_t> encode_ipv4(const Packet& p, uint16_t ip_id) {
    std::vector<uint8_t> tcp = encode_tcp(p);
    std::vector<uint8_t> b(20, 0);
    b[0] = 0x45;  // version 4, IHL 5
    put16(b, 2, static_cast<uint16_t>(20 + tcp.size()));
    put16(b, 4, ip_id);
    put16(b, 6, 0x4000);  // don't fragment
    b[8] = 64;            // TTL
    b[9] = 6;             // TCP
    put32(b, 12, p.src_ip);
    put32(b, 16, p.dst_ip);
    put16(b, 10, fold(ones_sum(b.data(), 20, 0)));
    b.insert(b.end(), tcp.begin(), tcp.end());
    return b;
}

std::string ipv4_string(uint32_t addr) {
    return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "." +
           std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff);
}

}  // namespace tcplab
