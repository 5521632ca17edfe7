#include "host_calls.h"

namespace tcplab::ui {

const HostCallInfo kHostCalls[6] = {
    {Call::Listen, "ui.call.listen", "ui.call.listen.tip"},
    {Call::Connect, "ui.call.connect", "ui.call.connect.tip"},
    {Call::Send, "ui.call.send", "ui.call.send.tip"},
    {Call::Shutdown, "ui.call.shutdown", "ui.call.shutdown.tip"},
    {Call::Close, "ui.call.close", "ui.call.close.tip"},
    {Call::Abort, "ui.call.abort", "ui.call.abort.tip"},
};

bool call_valid(Call call, State s) {
    switch (call) {
        case Call::Listen:
        case Call::Connect: return s == State::Closed;
        case Call::Send: return s == State::Established || s == State::CloseWait;
        case Call::Shutdown: return s == State::SynRcvd || s == State::Established || s == State::CloseWait;
        case Call::Close:
        case Call::Abort: return s != State::Closed;
        default: return false;
    }
}

}  // namespace tcplab::ui
