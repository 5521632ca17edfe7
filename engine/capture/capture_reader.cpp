// Capture decoding. The header layouts are the standards' (IEEE 802.1Q, RFC 791, RFC 8200,
// RFC 9293 3.1) and the link types' (tcpdump.org/linktypes.html).
#include "capture/capture_reader.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tcplab {
namespace {

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

constexpr uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86DD;

// Sum of 16-bit words (RFC 1071), not yet folded.
uint32_t add_words(uint32_t sum, const uint8_t* p, size_t n) {
    for (size_t i = 0; i + 1 < n; i += 2) sum += be16(p + i);
    if (n & 1) sum += uint32_t(p[n - 1]) << 8;
    return sum;
}

uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<uint16_t>(sum);
}

// The pseudo-header's sum alone: what a sender that offloads checksumming to the NIC leaves in the
// field (Linux CHECKSUM_PARTIAL; on loopback it is never completed), so a capture on the sender
// shows it.
uint16_t pseudo_header_sum(const CapturedSegment& c, size_t tcp_len) {
    uint32_t sum = 0;
    const size_t alen = c.src.v6 ? 16 : 4;
    sum = add_words(sum, c.src.bytes.data(), alen);
    sum = add_words(sum, c.dst.bytes.data(), alen);
    sum += 6;
    sum += static_cast<uint32_t>(tcp_len & 0xFFFF) + static_cast<uint32_t>(tcp_len >> 16);
    return fold(sum);
}

bool tcp_checksum_ok(const CapturedSegment& c, const uint8_t* tcp, size_t tcp_len) {
    return fold(add_words(pseudo_header_sum(c, tcp_len), tcp, tcp_len)) == 0xFFFF;
}

// RFC 9293 3.1 options: the ones the engine knows; the rest are skipped by their length.
std::string decode_options(const uint8_t* p, size_t n, TcpOptions& o) {
    size_t i = 0;
    while (i < n) {
        const uint8_t kind = p[i];
        if (kind == 0) break;
        if (kind == 1) { ++i; continue; }
        if (i + 1 >= n || p[i + 1] < 2 || i + p[i + 1] > n) return "a TCP option's length runs past the header";
        const uint8_t len = p[i + 1];
        if (kind == 2 && len == 4) o.mss = be16(p + i + 2);
        else if (kind == 3 && len == 3) o.window_scale = p[i + 2];
        else if (kind == 4 && len == 2) o.sack_permitted = true;
        else if (kind == 8 && len == 10) o.timestamps = Timestamps{be32(p + i + 2), be32(p + i + 6)};
        i += len;
    }
    return "";
}

// `p` starts at the TCP header; `tcp_len` is its length on the wire, `have` what was captured.
std::string decode_tcp(const uint8_t* p, size_t have, size_t tcp_len, CapturedSegment& c) {
    if (have < 20) return "the TCP header is cut by the snap length";
    const size_t hlen = size_t(p[12] >> 4) * 4;
    if (hlen < 20 || hlen > tcp_len) return "bad TCP data offset " + std::to_string(hlen / 4);
    if (have < hlen) return "the TCP options are cut by the snap length";
    Segment& s = c.seg;
    s.src_port = be16(p);
    s.dst_port = be16(p + 2);
    s.seq = be32(p + 4);
    s.ack = be32(p + 8);
    s.flags = static_cast<uint16_t>(p[13]);
    s.window = be16(p + 14);
    s.checksum = be16(p + 16);
    s.urgent = be16(p + 18);
    if (std::string e = decode_options(p + 20, hlen - 20, s.options); !e.empty()) return e;
    c.payload_len = static_cast<uint32_t>(tcp_len - hlen);
    c.truncated = have < tcp_len;
    if (!c.truncated && !tcp_checksum_ok(c, p, tcp_len)) {
        const uint16_t partial = pseudo_header_sum(c, tcp_len);
        c.checksum_offloaded = s.checksum == partial || s.checksum == static_cast<uint16_t>(~partial);
        c.checksum_bad = !c.checksum_offloaded;
    }
    return "";
}

std::string decode_ipv4(const uint8_t* p, size_t have, CapturedSegment& c) {
    if (have < 20) return "the IPv4 header is cut by the snap length";
    if (p[0] >> 4 != 4) return "not IPv4 (version " + std::to_string(p[0] >> 4) + ")";
    const size_t ihl = size_t(p[0] & 0x0F) * 4;
    const size_t total = be16(p + 2);
    if (ihl < 20 || total < ihl) return "bad IPv4 header length";
    if (have < ihl) return "the IPv4 options are cut by the snap length";
    const uint16_t frag = be16(p + 6);
    if (p[9] != 6) return "not TCP (IP protocol " + std::to_string(p[9]) + ")";
    if ((frag & 0x1FFF) != 0 || (frag & 0x2000) != 0) return "an IPv4 fragment (fragments are not reassembled)";
    c.src.v6 = c.dst.v6 = false;
    std::memcpy(c.src.bytes.data(), p + 12, 4);
    std::memcpy(c.dst.bytes.data(), p + 16, 4);
    // Ethernet pads short frames: the IP total length says where the datagram ends.
    const size_t end = std::min(have, total);
    return decode_tcp(p + ihl, end - ihl, total - ihl, c);
}

std::string decode_ipv6(const uint8_t* p, size_t have, CapturedSegment& c) {
    if (have < 40) return "the IPv6 header is cut by the snap length";
    if (p[0] >> 4 != 6) return "not IPv6 (version " + std::to_string(p[0] >> 4) + ")";
    size_t payload = be16(p + 4);
    uint8_t next = p[6];
    c.src.v6 = c.dst.v6 = true;
    std::memcpy(c.src.bytes.data(), p + 8, 16);
    std::memcpy(c.dst.bytes.data(), p + 24, 16);
    size_t off = 40;
    // Extension headers before TCP (RFC 8200 4): hop-by-hop, routing, destination options.
    while (next == 0 || next == 43 || next == 60) {
        if (have < off + 2) return "an IPv6 extension header is cut by the snap length";
        const size_t len = (size_t(p[off + 1]) + 1) * 8;
        next = p[off];
        off += len;
        if (len > payload) return "bad IPv6 extension header length";
        payload -= len;
    }
    if (next == 44) return "an IPv6 fragment (fragments are not reassembled)";
    if (next != 6) return "not TCP (IPv6 next header " + std::to_string(next) + ")";
    if (have < off) return "the IPv6 header is cut by the snap length";
    const size_t end = std::min(have, off + payload);
    return decode_tcp(p + off, end - off, payload, c);
}

std::string decode_ethertype(uint16_t type, const uint8_t* p, size_t have, CapturedSegment& c) {
    if (type == kEtherIpv4) return decode_ipv4(p, have, c);
    if (type == kEtherIpv6) return decode_ipv6(p, have, c);
    char buf[64];
    std::snprintf(buf, sizeof buf, "not IP (EtherType 0x%04x)", type);
    return buf;
}

std::string decode_ip_by_version(const uint8_t* p, size_t have, CapturedSegment& c) {
    if (have < 1) return "an empty packet";
    if (p[0] >> 4 == 4) return decode_ipv4(p, have, c);
    if (p[0] >> 4 == 6) return decode_ipv6(p, have, c);
    return "not IP (version " + std::to_string(p[0] >> 4) + ")";
}

}  // namespace

std::string IpAddress::text() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
    return buf;
}

bool IpAddress::loopback() const {
    if (!v6) return bytes[0] == 127;
    for (int i = 0; i < 15; ++i)
        if (bytes[i] != 0) return false;
    return bytes[15] == 1;
}

std::string decode_frame(int dlt, const uint8_t* p, uint32_t caplen, uint32_t wirelen, CapturedSegment& c) {
    (void)wirelen;  // the IP header's length fields say how long the datagram was
    const size_t have = caplen;
    switch (dlt) {
        case DLT_EN10MB: {
            if (have < 14) return "the Ethernet header is cut by the snap length";
            size_t off = 12;
            uint16_t type = be16(p + off);
            // 802.1Q and 802.1ad (QinQ) tags, any number of them.
            while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                off += 4;
                if (have < off + 2) return "a VLAN tag is cut by the snap length";
                type = be16(p + off);
            }
            off += 2;
            return decode_ethertype(type, p + off, have - off, c);
        }
        case DLT_LINUX_SLL:
            if (have < 16) return "the Linux cooked (SLL) header is cut by the snap length";
            return decode_ethertype(be16(p + 14), p + 16, have - 16, c);
        case DLT_LINUX_SLL2:
            if (have < 20) return "the Linux cooked (SLL2) header is cut by the snap length";
            return decode_ethertype(be16(p), p + 20, have - 20, c);
        case DLT_RAW:
#ifdef DLT_IPV4
        case DLT_IPV4:
        case DLT_IPV6:
#endif
            return decode_ip_by_version(p, have, c);
        case DLT_NULL:
        case DLT_LOOP: {
            if (have < 4) return "the loopback header is cut by the snap length";
            // DLT_NULL's family is in the writer's byte order, DLT_LOOP's in network order.
            uint32_t fam;
            std::memcpy(&fam, p, 4);
            if (dlt == DLT_LOOP) fam = be32(p);
            else if (fam > 0xFFFF) fam = be32(p);
            if (fam == 2) return decode_ipv4(p + 4, have - 4, c);
            if (fam == 24 || fam == 28 || fam == 30) return decode_ipv6(p + 4, have - 4, c);
            return "not IP (address family " + std::to_string(fam) + ")";
        }
        default: {
            const char* name = pcap_datalink_val_to_name(dlt);
            return std::string("link type ") + (name ? name : std::to_string(dlt)) + " is not supported";
        }
    }
}

std::string read_capture(const std::string& path, const std::function<void(const CapturedSegment&)>& on_segment,
                         CaptureSummary& summary) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return path + ": " + std::strerror(errno);
    return read_capture_stream(f, path, on_segment, summary);
}

std::string read_capture_stream(FILE* f, const std::string& path,
                                const std::function<void(const CapturedSegment&)>& on_segment, CaptureSummary& summary) {
    uint8_t magic[4] = {};
    const size_t got = std::fread(magic, 1, 4, f);
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::rewind(f);
    if (size == 0) {
        std::fclose(f);
        return path + ": an empty file (0 bytes), not a capture";
    }
    summary.format = got == 4 && be32(magic) == 0x0A0D0D0A ? "pcapng" : "pcap";
    char err[PCAP_ERRBUF_SIZE] = {};
    // pcap_fopen_offline takes the FILE, so ftell() gives each record's offset.
    pcap_t* pc = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!pc) {
        std::fclose(f);
        return path + ": not a pcap or pcapng capture (" + err + ")";
    }
    const int dlt = pcap_datalink(pc);
    const char* dname = pcap_datalink_val_to_name(dlt);
    summary.link_type = dname ? dname : std::to_string(dlt);
    for (;;) {
        const uint64_t offset = static_cast<uint64_t>(std::ftell(pcap_file(pc)));
        pcap_pkthdr* h = nullptr;
        const u_char* data = nullptr;
        const int r = pcap_next_ex(pc, &h, &data);
        if (r == PCAP_ERROR_BREAK) break;
        if (r != 1) {
            summary.read_error = true;
            summary.issues.push_back({summary.packets + 1, offset, std::string("unreadable record: ") + pcap_geterr(pc)});
            break;
        }
        ++summary.packets;
        CapturedSegment c;
        c.number = summary.packets;
        c.offset = offset;
        // tv_usec holds nanoseconds here. Seconds past 2106 (pcapng allows 64 bits) are clamped, so
        // that every difference of two times fits in 64 bits.
        int64_t secs = static_cast<int64_t>(h->ts.tv_sec);
        if (secs < 0 || secs >= (int64_t(1) << 32)) {
            summary.issues.push_back({c.number, offset, "timestamp out of range (clamped)"});
            secs = secs < 0 ? 0 : (int64_t(1) << 32) - 1;
        }
        c.time_ns = secs * 1000000000 + std::min<int64_t>(int64_t(h->ts.tv_usec), 999999999);
        std::string why = decode_frame(dlt, data, h->caplen, h->len, c);
        if (!why.empty()) {
            summary.issues.push_back({c.number, offset, why});
            continue;
        }
        if (c.checksum_bad) summary.issues.push_back({c.number, offset, "bad TCP checksum (flagged; still analyzed)"});
        if (c.checksum_offloaded) ++summary.checksums_offloaded;
        ++summary.tcp;
        on_segment(c);
    }
    pcap_close(pc);  // closes f
    return "";
}

}  // namespace tcplab
