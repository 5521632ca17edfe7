#include "diagram.h"


namespace tcplab {

using S = State;
using P = EdgePath;
using K = EdgeKind;

// Positions follow RFC 9293 Figure 5: CLOSED on top, LISTEN below it, SYN_RCVD left and SYN_SENT
// right, ESTABLISHED in the middle, the active close down the left (FIN_WAIT_1, FIN_WAIT_2), the
// passive close down the right (CLOSE_WAIT, LAST_ACK), CLOSING and TIME_WAIT in the middle, and
// CLOSED again bottom right.
static const DiagramNode kNodes[kStateCount] = {
    {S::Closed, 0.50f, 0.04f, 0.86f, 0.96f},
    {S::Listen, 0.50f, 0.20f, 0.50f, 0.20f},
    {S::SynSent, 0.86f, 0.36f, 0.86f, 0.36f},
    {S::SynRcvd, 0.14f, 0.36f, 0.14f, 0.36f},
    {S::Established, 0.50f, 0.52f, 0.50f, 0.52f},
    {S::FinWait1, 0.14f, 0.66f, 0.14f, 0.66f},
    {S::FinWait2, 0.14f, 0.81f, 0.14f, 0.81f},
    {S::CloseWait, 0.86f, 0.66f, 0.86f, 0.66f},
    {S::Closing, 0.50f, 0.81f, 0.50f, 0.81f},
    {S::LastAck, 0.86f, 0.81f, 0.86f, 0.81f},
    {S::TimeWait, 0.50f, 0.96f, 0.50f, 0.96f},
};

static const DiagramEdge kEdges[] = {
    // --- RFC 9293 Figure 5 -----------------------------------------------------------------------
    {S::Closed, S::Listen, "closed.listen", "passive OPEN / create TCB", "被动打开 / 创建传输控制块TCB", P::Server, K::Normal, "3.10.1", false},
    {S::Closed, S::SynSent, "closed.syn_sent", "active OPEN / create TCB, snd SYN", "主动打开 / 创建传输控制块TCB,发送SYN", P::Client, K::Normal, "3.10.1", false},
    {S::Listen, S::Closed, "listen.closed", "CLOSE / delete TCB", "关闭 / 删除传输控制块TCB", P::Other, K::Normal, "3.10.4", false},
    {S::Listen, S::SynRcvd, "listen.syn_rcvd", "rcv SYN / snd SYN,ACK", "收到SYN / 发送SYN+ACK", P::Server, K::Normal, "3.10.7.2", false},
    {S::Listen, S::SynSent, "listen.syn_sent", "SEND / snd SYN", "发送数据(SEND) / 发送SYN", P::Other, K::Normal, "3.10.2", false},
    {S::SynSent, S::SynRcvd, "syn_sent.syn_rcvd", "rcv SYN / snd SYN,ACK (simultaneous open)", "收到SYN / 发送SYN+ACK(同时打开)", P::Other, K::Normal, "3.10.7.3", false},
    {S::SynSent, S::Established, "syn_sent.established", "rcv SYN,ACK / snd ACK", "收到SYN+ACK / 发送ACK", P::Client, K::Normal, "3.10.7.3", false},
    {S::SynSent, S::Closed, "syn_sent.closed", "CLOSE / delete TCB", "关闭 / 删除传输控制块TCB", P::Other, K::Normal, "3.10.4", true},
    {S::SynRcvd, S::Established, "syn_rcvd.established", "rcv ACK of SYN / x", "收到对SYN的确认ACK / 无动作", P::Server, K::Normal, "3.10.7.4", false},
    {S::SynRcvd, S::Listen, "syn_rcvd.listen", "rcv RST (after a passive OPEN) / x", "收到RST(被动打开时) / 回到收听状态", P::Other, K::Reset, "3.10.7.4", false},
    {S::SynRcvd, S::FinWait1, "syn_rcvd.fin_wait_1", "CLOSE / snd FIN", "关闭 / 发送FIN", P::Other, K::Normal, "3.10.4", false},
    {S::Established, S::FinWait1, "established.fin_wait_1", "CLOSE / snd FIN", "关闭 / 发送FIN", P::Client, K::Normal, "3.10.4", false},
    {S::Established, S::CloseWait, "established.close_wait", "rcv FIN / snd ACK", "收到FIN / 发送ACK", P::Server, K::Normal, "3.10.7.4", false},
    {S::FinWait1, S::FinWait2, "fin_wait_1.fin_wait_2", "rcv ACK of FIN / x", "收到对FIN的确认ACK / 无动作", P::Client, K::Normal, "3.10.7.4", false},
    {S::FinWait1, S::Closing, "fin_wait_1.closing", "rcv FIN / snd ACK (simultaneous close)", "收到FIN / 发送ACK(同时关闭)", P::Other, K::Normal, "3.10.7.4", false},
    {S::FinWait1, S::TimeWait, "fin_wait_1.time_wait", "rcv FIN,ACK of FIN / snd ACK", "收到FIN+ACK(确认了己方FIN) / 发送ACK", P::Other, K::Normal, "3.10.7.4", false},
    {S::FinWait2, S::TimeWait, "fin_wait_2.time_wait", "rcv FIN / snd ACK", "收到FIN / 发送ACK", P::Client, K::Normal, "3.10.7.4", false},
    {S::CloseWait, S::LastAck, "close_wait.last_ack", "CLOSE / snd FIN", "关闭 / 发送FIN", P::Server, K::Normal, "3.10.4", false},
    {S::Closing, S::TimeWait, "closing.time_wait", "rcv ACK of FIN / x", "收到对FIN的确认ACK / 无动作", P::Other, K::Normal, "3.10.7.4", false},
    {S::LastAck, S::Closed, "last_ack.closed", "rcv ACK of FIN / delete TCB", "收到对FIN的确认ACK / 删除传输控制块TCB", P::Server, K::Normal, "3.10.7.4", true},
    {S::TimeWait, S::Closed, "time_wait.closed", "timeout=2MSL / delete TCB", "时间等待计时器2MSL超时 / 删除传输控制块TCB", P::Client, K::Normal, "3.10.8", true},

    // --- Reset exits (Figure 5 note 3; sections 3.10.5 ABORT and 3.10.7 RST processing) -----------
    {S::SynSent, S::Closed, "syn_sent.closed.rst", "rcv RST,ACK / connection refused", "收到RST复位报文段 / 连接被拒绝", P::Other, K::Reset, "3.10.7.3", true},
    {S::SynRcvd, S::Closed, "syn_rcvd.closed.rst", "rcv RST (after an active OPEN) or ABORT / delete TCB", "收到RST(主动打开时)或中止 / 删除传输控制块TCB", P::Other, K::Reset, "3.10.7.4", true},
    {S::Established, S::Closed, "established.closed.rst", "rcv RST or ABORT / (snd RST)", "收到RST或中止 / (发送RST)", P::Other, K::Reset, "3.10.7.4", true},
    {S::FinWait1, S::Closed, "fin_wait_1.closed.rst", "rcv RST or ABORT / (snd RST)", "收到RST或中止 / (发送RST)", P::Other, K::Reset, "3.10.7.4", true},
    {S::FinWait2, S::Closed, "fin_wait_2.closed.rst", "rcv RST or ABORT / (snd RST)", "收到RST或中止 / (发送RST)", P::Other, K::Reset, "3.10.7.4", true},
    {S::CloseWait, S::Closed, "close_wait.closed.rst", "rcv RST or ABORT / (snd RST)", "收到RST或中止 / (发送RST)", P::Other, K::Reset, "3.10.7.4", true},
    {S::Closing, S::Closed, "closing.closed.rst", "rcv RST / delete TCB", "收到RST / 删除传输控制块TCB", P::Other, K::Reset, "3.10.7.4", true},
    {S::LastAck, S::Closed, "last_ack.closed.rst", "rcv RST / delete TCB", "收到RST / 删除传输控制块TCB", P::Other, K::Reset, "3.10.7.4", true},
    {S::TimeWait, S::Closed, "time_wait.closed.rst", "rcv RST / delete TCB (TIME-WAIT assassination)", "收到RST / 删除传输控制块TCB(时间等待被提前终止)", P::Other, K::Reset, "3.10.7.4, RFC 1337", true},

    // --- Timeout exits (section 3.10.8: user timeout / retransmissions exhausted) ------------------
    {S::SynSent, S::Closed, "syn_sent.closed.timeout", "SYN retransmissions exhausted / connect fails (ETIMEDOUT)", "SYN重传次数用尽 / connect超时失败(ETIMEDOUT)", P::Other, K::Timeout, "3.10.8", true},
    {S::SynRcvd, S::Closed, "syn_rcvd.closed.timeout", "SYN,ACK retransmissions exhausted / delete TCB", "SYN+ACK重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
    {S::Established, S::Closed, "established.closed.timeout", "data retransmissions exhausted / delete TCB", "数据重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
    {S::FinWait1, S::Closed, "fin_wait_1.closed.timeout", "FIN retransmissions exhausted / delete TCB", "FIN重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
    {S::FinWait2, S::Closed, "fin_wait_2.closed.timeout", "FIN_WAIT_2 timer expires / delete TCB", "终止等待2计时器超时 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8 (Linux tcp_fin_timeout)", true},
    {S::CloseWait, S::Closed, "close_wait.closed.timeout", "data retransmissions exhausted / delete TCB", "数据重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
    {S::Closing, S::Closed, "closing.closed.timeout", "FIN retransmissions exhausted / delete TCB", "FIN重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
    {S::LastAck, S::Closed, "last_ack.closed.timeout", "FIN retransmissions exhausted / delete TCB", "FIN重传次数用尽 / 删除传输控制块TCB", P::Other, K::Timeout, "3.10.8", true},
};

std::span<const DiagramNode> diagram_nodes() { return kNodes; }
const DiagramNode& diagram_node(State s) { return kNodes[static_cast<int>(s)]; }
std::span<const DiagramEdge> diagram_edges() { return kEdges; }

std::optional<size_t> find_edge(std::string_view key) {
    for (size_t i = 0; i < std::size(kEdges); ++i)
        if (key == kEdges[i].key) return i;
    return std::nullopt;
}

std::optional<size_t> find_edge(State from, State to, EdgeKind kind) {
    for (size_t i = 0; i < std::size(kEdges); ++i)
        if (kEdges[i].from == from && kEdges[i].to == to && kEdges[i].kind == kind) return i;
    return std::nullopt;
}

EdgeKind rule_exit_kind(Rule rule) {
    switch (rule) {
        // A RST received (3.10.7.3, 3.10.7.4 second and fourth) or sent by ABORT (3.10.5) and the
        // socket layer's abortive closes.
        case Rule::SynSentRcvRst:
        case Rule::SynRcvdRstPassive:
        case Rule::SynRcvdRstActive:
        case Rule::RstReset:
        case Rule::RstInClosingStates:
        case Rule::SynInWindowReset:
        case Rule::AbortUnsynchronized:
        case Rule::AbortSendRst:
        case Rule::AbortClosing:
        case Rule::CloseWithUnreadData:
        case Rule::DataAfterCloseReset:
        case Rule::Linger0Abort:
            return EdgeKind::Reset;
        // Retransmissions exhausted (3.8.3 R2, 3.10.8) and the FIN_WAIT_2 timer. The 2MSL expiry
        // (TimeWaitTimeout) is the figure's own TIME_WAIT -> CLOSED edge, so it stays Normal.
        case Rule::SynSentTimeout:
        case Rule::SynRcvdTimeout:
        case Rule::DataTimeout:
        case Rule::FinWait2Timeout:
            return EdgeKind::Timeout;
        default:
            return EdgeKind::Normal;
    }
}

std::optional<size_t> classify_transition(State from, State to, Rule rule) {
    // A "what if" step (hypothesis.h) is not TCP: no edge of the real diagram may light up for it.
    if (std::string_view(rule_info(rule).key).rfind("whatif.", 0) == 0) return std::nullopt;
    EdgeKind kind = rule_exit_kind(rule);
    if (to == State::Closed) {
        // FIN_WAIT_2 -> CLOSED without a RST can only be its timer.
        if (from == State::FinWait2 && kind == EdgeKind::Normal) kind = EdgeKind::Timeout;
        if (auto e = find_edge(from, to, kind)) return e;
        // LISTEN has one way to CLOSED whatever the call (CLOSE or ABORT: 3.10.4, 3.10.5).
        if (from == State::Listen) return find_edge(from, to, EdgeKind::Normal);
        return std::nullopt;
    }
    // Every other (from, to) pair has exactly one edge whatever the cause.
    std::optional<size_t> found;
    for (size_t i = 0; i < std::size(kEdges); ++i) {
        if (kEdges[i].from != from || kEdges[i].to != to) continue;
        if (found) return std::nullopt;
        found = i;
    }
    return found;
}

const char* edge_kind_name(EdgeKind k) {
    switch (k) {
        case EdgeKind::Normal: return "normal";
        case EdgeKind::Reset: return "reset";
        case EdgeKind::Timeout: return "timeout";
    }
    return "?";
}

const char* edge_path_name(EdgePath p) {
    switch (p) {
        case EdgePath::Other: return "other";
        case EdgePath::Client: return "client";
        case EdgePath::Server: return "server";
    }
    return "?";
}

}  // namespace tcplab
