// pcap writer (the classic libpcap format, microsecond timestamps, little-endian).
#include "export/pcap.h"

#include <fstream>

namespace tcplab {

namespace {

void le32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void le16(std::vector<uint8_t>& b, uint16_t v) {
    b.push_back(static_cast<uint8_t>(v & 0xff));
    b.push_back(static_cast<uint8_t>(v >> 8));
}

}  // namespace

std::vector<uint8_t> trace_pcap(const Trace& trace) {
    std::vector<uint8_t> out;
    le32(out, 0xa1b2c3d4);  // magic: microsecond timestamps
    le16(out, 2);
    le16(out, 4);
    le32(out, 0);           // thiszone
    le32(out, 0);           // sigfigs
    le32(out, 65535);       // snaplen
    le32(out, kPcapLinktypeRaw);
    uint16_t ip_id = 1;
    for (const TraceEntry& t : trace) {
        if (t.kind != TraceKind::SegmentSent && t.kind != TraceKind::SegmentDuplicated &&
            t.kind != TraceKind::SegmentInjected)
            continue;
        // The channel's copy is seen on the wire when it was made (at the original's send time).
        std::vector<uint8_t> pkt = encode_ipv4(t.packet, ip_id++);
        const Micros time = t.time < 0 ? 0 : t.time;
        le32(out, static_cast<uint32_t>(time / 1000000));
        le32(out, static_cast<uint32_t>(time % 1000000));
        le32(out, static_cast<uint32_t>(pkt.size()));
        le32(out, static_cast<uint32_t>(pkt.size()));
        out.insert(out.end(), pkt.begin(), pkt.end());
    }
    return out;
}

std::string write_pcap(const Trace& trace, const std::string& path) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return "cannot write " + path;
    std::vector<uint8_t> bytes = trace_pcap(trace);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) return "cannot write " + path;
    return "";
}

}  // namespace tcplab
