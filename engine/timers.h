// The per-connection timers of RFC 9293 section 3.8 and the optional ones real stacks add.
#pragma once
#include <cstdint>

namespace tcplab {

enum class TimerKind : uint8_t { Retransmission, TimeWait, FinWait2, DelayedAck };
constexpr int kTimerCount = 4;

// "retransmission", "time_wait", "fin_wait_2", "delayed_ack" (message keys: "timer.<name>").
const char* timer_name(TimerKind k);

}  // namespace tcplab
