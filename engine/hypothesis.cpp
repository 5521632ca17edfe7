#include "hypothesis.h"

namespace tcplab {

namespace {

struct Info {
    Hypothesis h;
    const char* name;
    const char* en;
    const char* zh;
};

const Info kInfos[] = {
    {Hypothesis::TwoWayHandshake, "two-way-handshake",
     "WHAT IF (not real TCP): a two-way handshake. The server is ESTABLISHED as soon as a SYN arrives, so an "
     "old duplicate SYN opens a connection nobody asked for; real TCP waits in SYN_RCVD for the client's ACK "
     "(RFC 9293 3.5, Figure 9).",
     "假设(并非真实的TCP):两次握手。服务器一收到SYN就进入ESTABLISHED(已建立连接)状态,已失效的连接请求报文段"
     "也会建立一个没有人请求的连接;真实的TCP在SYN_RCVD(同步收到)状态等待客户的确认(RFC 9293 3.5,图9)。"},
    {Hypothesis::NoTimeWait, "no-time-wait",
     "WHAT IF (not real TCP): no TIME_WAIT. The side that closes first deletes its TCB as soon as it sends "
     "the last ACK; real TCP waits 2MSL so that a lost last ACK can be sent again and old segments die out "
     "(RFC 9293 3.6.1, MUST-13).",
     "假设(并非真实的TCP):没有TIME_WAIT(时间等待)状态。先关闭的一方发出最后的确认后立即删除TCB;"
     "真实的TCP要等待2MSL,以便重传丢失的最后确认,并让本连接的旧报文段从网络中消失(RFC 9293 3.6.1,MUST-13)。"},
};

const Info* info(Hypothesis h) {
    for (const Info& i : kInfos)
        if (i.h == h) return &i;
    return nullptr;
}

}  // namespace

std::optional<Hypothesis> hypothesis_by_name(std::string_view name) {
    for (const Info& i : kInfos)
        if (name == i.name) return i.h;
    return std::nullopt;
}

const char* hypothesis_name(Hypothesis h) {
    const Info* i = info(h);
    return i ? i->name : "";
}

std::vector<std::string> hypothesis_names() {
    std::vector<std::string> out;
    for (const Info& i : kInfos) out.push_back(i.name);
    return out;
}

std::string hypothesis_summary(Hypothesis h, const std::string& lang) {
    const Info* i = info(h);
    if (!i) return "";
    return lang == "zh" ? i->zh : i->en;
}

}  // namespace tcplab
