// Printable names of the engine's small enums.
#include "sim.h"
#include "socket_error.h"
#include "timers.h"
#include "trace.h"

namespace tcplab {

const char* timer_name(TimerKind k) {
    switch (k) {
        case TimerKind::Retransmission: return "retransmission";
        case TimerKind::TimeWait: return "time_wait";
        case TimerKind::FinWait2: return "fin_wait_2";
        case TimerKind::DelayedAck: return "delayed_ack";
    }
    return "?";
}

const char* error_name(SocketError e) {
    switch (e) {
        case SocketError::None: return "OK";
        case SocketError::ConnRefused: return "ECONNREFUSED";
        case SocketError::TimedOut: return "ETIMEDOUT";
        case SocketError::ConnReset: return "ECONNRESET";
        case SocketError::ConnAborted: return "ECONNABORTED";
        case SocketError::NotConnected: return "ENOTCONN";
        case SocketError::IsConnected: return "EISCONN";
        case SocketError::InvalidState: return "EINVAL";
        case SocketError::Closing: return "EPIPE";
        case SocketError::AddrInUse: return "EADDRINUSE";
        case SocketError::WouldBlock: return "EAGAIN";
    }
    return "?";
}

const char* trace_kind_name(TraceKind k) {
    switch (k) {
        case TraceKind::UserCall: return "user_call";
        case TraceKind::UserResult: return "user_result";
        case TraceKind::SegmentSent: return "segment_sent";
        case TraceKind::SegmentDelivered: return "segment_delivered";
        case TraceKind::SegmentDropped: return "segment_dropped";
        case TraceKind::SegmentDuplicated: return "segment_duplicated";
        case TraceKind::SegmentInjected: return "segment_injected";
        case TraceKind::StateChange: return "state_change";
        case TraceKind::RuleFired: return "rule_fired";
        case TraceKind::TimerSet: return "timer_set";
        case TraceKind::TimerCancelled: return "timer_cancelled";
        case TraceKind::TimerFired: return "timer_fired";
        case TraceKind::DataDelivered: return "data_delivered";
        case TraceKind::Expect: return "expect";
        case TraceKind::Note: return "note";
    }
    return "?";
}

const char* call_name(Call c) {
    switch (c) {
        case Call::Listen: return "listen";
        case Call::Accept: return "accept";
        case Call::Connect: return "connect";
        case Call::Send: return "send";
        case Call::SendFromListen: return "send_from_listen";
        case Call::Recv: return "recv";
        case Call::Shutdown: return "shutdown";
        case Call::Close: return "close";
        case Call::Abort: return "abort";
        case Call::SetLinger0: return "linger0";
        case Call::SetAutoRecv: return "autorecv";
    }
    return "?";
}

const std::string* TraceEntry::param(const std::string& name) const {
    for (const auto& p : params)
        if (p.name == name) return &p.value;
    return nullptr;
}

}  // namespace tcplab
