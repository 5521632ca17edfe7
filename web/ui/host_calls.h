// Which user calls the action buttons offer in which state: a small table after RFC 9293
// section 3.10 (3.10.1 OPEN, 3.10.2 SEND, 3.10.4 CLOSE, 3.10.5 ABORT) read through the socket API.
// It only enables buttons; the engine still answers every call (and reports the error).
//
//   call      valid when the host's socket is in
//   listen    CLOSED                                  (passive OPEN)
//   connect   CLOSED                                  (active OPEN)
//   send      ESTABLISHED, CLOSE_WAIT                 (SEND; queued before ESTABLISHED is not offered)
//   shutdown  SYN_RCVD, ESTABLISHED, CLOSE_WAIT       (CLOSE: FIN after queued data)
//   close     any state but CLOSED                    (CLOSE, or delete the TCB in LISTEN/SYN_SENT)
//   abort     any state but CLOSED                    (ABORT: RST where synchronized)
#pragma once
#include "sim.h"
#include "state.h"

namespace tcplab::ui {

struct HostCallInfo {
    Call call;
    const char* label_key;  // "ui.call.listen" ...
    const char* tip_key;    // "ui.call.listen.tip"
};

extern const HostCallInfo kHostCalls[6];
bool call_valid(Call call, State state);

}  // namespace tcplab::ui
