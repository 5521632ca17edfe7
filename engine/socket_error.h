// Errors a socket call or a failed connection reports, named as errno names.
#pragma once
#include <cstdint>

namespace tcplab {

enum class SocketError : uint8_t {
    None,
    ConnRefused,   // ECONNREFUSED: RST in answer to our SYN
    TimedOut,      // ETIMEDOUT: retransmissions exhausted
    ConnReset,     // ECONNRESET: the peer reset an established connection
    ConnAborted,   // ECONNABORTED: we aborted (ABORT / SO_LINGER 0)
    NotConnected,  // ENOTCONN
    IsConnected,   // EISCONN
    InvalidState,  // EINVAL: the call is not valid in this state ("connection does not exist" etc.)
    Closing,       // EPIPE: "connection closing" (SEND after CLOSE)
    AddrInUse,     // EADDRINUSE
    WouldBlock,    // EAGAIN: nothing to read / accept yet
};

const char* error_name(SocketError e);  // "ECONNREFUSED", ..., "OK" for None

}  // namespace tcplab
