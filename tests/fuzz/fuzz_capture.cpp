// libFuzzer target: a capture file (pcap or pcapng) through libpcap, the frame decoder, the
// connection splitter and both observers. Any crash, sanitizer report or hang is a bug; bad input
// must end in a CaptureIssue or an error message.
#include <cstdint>
#include <cstdio>

#include "capture/capture_reader.h"
#include "capture/connections.h"
#include "capture/observer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    FILE* f = fmemopen(const_cast<uint8_t*>(data), size, "rb");
    if (!f) return 0;
    tcplab::CaptureSummary summary;
    tcplab::ConnectionSplitter splitter;
    (void)tcplab::read_capture_stream(f, "fuzz", [&](const tcplab::CapturedSegment& s) { splitter.add(s); }, summary);
    static const tcplab::Profile linux_profile = *tcplab::profile_by_name("linux");
    for (const auto& c : splitter.connections()) (void)tcplab::observe_connection(c, linux_profile, tcplab::Vantage::Auto);
    return 0;
}
