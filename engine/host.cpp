// Hosts and their BSD-style socket layer over the TCP endpoints, and SimEnv, the Env the endpoints
// call back into.
//
// Decisions (documented in docs/ too):
// - A listener's endpoint stays in LISTEN. Each SYN makes a child endpoint (the listener's
//   profile, addresses set, passive) that takes the SYN: LISTEN -> SYN_RCVD -> ESTABLISHED.
// - Auto-accept (the default): the child becomes the host's default socket as soon as it is made
//   (SYN_RCVD), so the host's state shows the passive path LISTEN -> SYN_RCVD -> ESTABLISHED. If the
//   child goes back to LISTEN (RST in SYN_RCVD) it is discarded and the listener is the default again.
//   Manual accept: established children wait in the accept queue until Accept.
// - Backlog: embryonic children plus the not-yet-accepted established ones; a SYN beyond it is
//   dropped (Rule::BacklogFull).
// - ISN: HostConfig::isn + 64000 * (connections this host opened before), counting active and
//   passive ones; Action::isn overrides (still counted); no isn: a 32-bit draw from the seeded Rng.
#include <algorithm>

#include "sim_core.h"
#include "trace_text.h"

namespace tcplab {

// ---------------------------------------------------------------------------------------------
// Sockets
// ---------------------------------------------------------------------------------------------

Conn* SimCore::conn(int id) {
    auto it = conns.find(id);
    return it == conns.end() ? nullptr : &it->second;
}

const Conn* SimCore::conn(int id) const {
    auto it = conns.find(id);
    return it == conns.end() ? nullptr : &it->second;
}

int SimCore::default_socket(int host) const {
    const Host& h = hosts[host];
    if (const Conn* c = conn(h.last_conn); c && !c->discarded) return c->id;
    if (const Conn* c = conn(h.listener); c && !c->discarded) return c->id;
    return -1;
}

Conn* SimCore::find_socket(int host, const std::string& name) {
    if (name.empty()) return conn(default_socket(host));
    const auto& names = hosts[host].sockets;
    auto it = names.find(name);
    return it == names.end() ? nullptr : conn(it->second);
}

const Conn* SimCore::find_socket(int host, const std::string& name) const {
    return const_cast<SimCore*>(this)->find_socket(host, name);
}

Conn& SimCore::new_conn(int host, const std::string& name, const Profile& p) {
    const int id = next_conn_id++;
    Conn c;
    c.id = id;
    c.host = host;
    c.socket = name.empty() ? "s" + std::to_string(id) : name;
    c.ep = Endpoint(id, p);
    hosts[host].sockets[c.socket] = id;
    return conns.emplace(id, std::move(c)).first->second;
}

static std::pair<uint64_t, uint64_t> tuple_of(const Tcb& t) {
    return {ip_port(t.local_ip, t.local_port), ip_port(t.remote_ip, t.remote_port)};
}

void SimCore::register_tuple(Conn& c) {
    c.tuple = tuple_of(c.ep.tcb());
    by_tuple[c.tuple] = c.id;
    c.registered = true;
}

void SimCore::register_listener(Conn& c) {
    c.listener = true;
    c.listen_key = ip_port(c.ep.tcb().local_ip, c.ep.tcb().local_port);
    listeners[c.listen_key] = c.id;
    hosts[c.host].listener = c.id;
}

// Keys are the ones stored at registration: the endpoint may have cleared its TCB by now.
void SimCore::unregister(Conn& c) {
    if (c.registered) {
        auto it = by_tuple.find(c.tuple);
        if (it != by_tuple.end() && it->second == c.id) by_tuple.erase(it);
        c.registered = false;
    }
    if (c.listener) {
        auto it = listeners.find(c.listen_key);
        if (it != listeners.end() && it->second == c.id) listeners.erase(it);
    }
}

void SimCore::leave_embryonic(Conn& c) {
    if (!c.embryonic_counted) return;
    c.embryonic_counted = false;
    if (Conn* l = conn(c.parent)) l->embryonic--;
}

void SimCore::discard(Conn& c) {
    unregister(c);
    leave_embryonic(c);
    if (Conn* l = conn(c.parent)) {
        auto& q = l->accept_queue;
        q.erase(std::remove(q.begin(), q.end(), c.id), q.end());
    }
    if (hosts[c.host].last_conn == c.id) hosts[c.host].last_conn = -1;
    c.discarded = true;
    to_reap.push_back(c.id);
}

// The application reads up to `max` bytes (0 = all buffered).
void SimCore::app_read(Conn& c, size_t max) {
    const size_t avail = c.ep.receive_buffer().size();
    if (avail == 0) return;
    const size_t n = max == 0 ? avail : std::min(max, avail);
    const size_t before = c.app_received.size();
    SimEnv env(*this);
    const size_t got = c.ep.receive(env, c.app_received, n);
    (void)got;
    if (TraceEntry* t = add_entry(TraceKind::DataDelivered, c.host, c.id)) {
        const size_t count = c.app_received.size() - before;
        t->key = "app.data";
        t->params.push_back({"bytes", std::to_string(count)});
        t->params.push_back({"data", bytes_preview(c.app_received, before)});
        t->params.push_back({"socket", c.socket});
        t->text = hosts[c.host].name + ": application read " + std::to_string(count) + " bytes " +
                  bytes_preview(c.app_received, before);
    }
}

// An asynchronous result of an earlier call (connect completed or failed, connection reset).
void SimCore::user_result(Conn& c, const char* call, SocketError e) {
    if (TraceEntry* t = add_entry(TraceKind::UserResult, c.host, c.id)) {
        t->key = std::string("call.") + call;
        t->error = e;
        t->params.push_back({"socket", c.socket});
        const Tcb& tcb = c.ep.tcb();
        const int peer = host_by_ip(tcb.remote_ip);
        t->params.push_back({"remote", peer >= 0 ? hosts[peer].name : ipv4_string(tcb.remote_ip)});
        t->params.push_back({"port", std::to_string(tcb.remote_port)});
        t->params.push_back({"result", error_name(e)});
        t->text = hosts[c.host].name + ": " + call + " -> " + error_name(e);
    }
}

// ---------------------------------------------------------------------------------------------
// User calls
// ---------------------------------------------------------------------------------------------

static std::vector<uint8_t> payload_of(const Action& a) {
    if (!a.data.empty() || a.count == 0) return a.data;
    std::vector<uint8_t> out(a.count);
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>('a' + i % 26);
    return out;
}

static std::string call_args(const SimCore& s, const Action& a) {
    auto remote = [&] {
        const std::string h = a.remote_host >= 0 && static_cast<size_t>(a.remote_host) < s.hosts.size()
                                  ? s.hosts[a.remote_host].name : "?";
        return h + ":" + std::to_string(a.port);
    };
    switch (a.call) {
        case Call::Listen: return std::to_string(a.port) + ", backlog " + std::to_string(a.backlog);
        case Call::Connect: return remote();
        case Call::Send: return std::to_string(payload_of(a).size()) + " bytes";
        case Call::SendFromListen: return std::to_string(payload_of(a).size()) + " bytes to " + remote();
        case Call::Recv: return a.count ? std::to_string(a.count) : std::string();
        case Call::SetLinger0:
        case Call::SetAutoRecv: return a.flag ? "on" : "off";
        default: return {};
    }
}

void SimCore::do_action(const Action& a) {
    if (a.host < 0 || static_cast<size_t>(a.host) >= hosts.size()) return;
    Host& h = hosts[a.host];
    SimEnv env(*this);
    size_t entry = SIZE_MAX;
    if (TraceEntry* t = add_entry(TraceKind::UserCall, a.host, -1)) {
        t->key = std::string("call.") + call_name(a.call);
        t->line = a.line;
        if (!a.socket.empty()) t->params.push_back({"socket", a.socket});
        if (!a.new_socket.empty()) t->params.push_back({"as", a.new_socket});
        if (a.port) t->params.push_back({"port", std::to_string(a.port)});
        if (a.remote_host >= 0 && static_cast<size_t>(a.remote_host) < hosts.size())
            t->params.push_back({"remote", hosts[a.remote_host].name});
        if (a.call == Call::Send || a.call == Call::SendFromListen)
            t->params.push_back({"bytes", std::to_string(payload_of(a).size())});
        entry = trace.size() - 1;
    }
    SocketError err = SocketError::None;
    std::string extra;  // appended to the text
    Conn* c = nullptr;

    auto open_socket = [&](const Profile& p) -> Conn& {
        return new_conn(a.host, a.new_socket.empty() ? a.socket : a.new_socket, p);
    };

    switch (a.call) {
        case Call::Listen: {
            if (listeners.count(ip_port(h.ip, a.port))) { err = SocketError::AddrInUse; break; }
            c = &open_socket(h.profile);
            c->backlog = a.backlog;
            c->manual_accept = a.manual_accept;
            Tcb& t = c->ep.tcb_for_setup();
            t.local_ip = h.ip;
            t.local_port = a.port;
            calling_conn = c->id;
            err = c->ep.open_passive(env);
            register_listener(*c);
            break;
        }
        case Call::Accept: {
            Conn* l = find_socket(a.host, a.socket);
            if (l == nullptr || !l->listener) l = conn(h.listener);
            if (l == nullptr || !l->listener) { err = SocketError::InvalidState; break; }
            if (l->manual_accept) {
                if (l->accept_queue.empty()) { err = SocketError::WouldBlock; break; }
                c = conn(l->accept_queue.front());
                l->accept_queue.erase(l->accept_queue.begin());
            } else {
                // Auto-accept already took the connection; accept() names the oldest established
                // one no earlier accept() named, so scripts read the same in both modes.
                auto& u = l->unclaimed;
                u.erase(std::remove_if(u.begin(), u.end(), [&](int id) { const Conn* x = conn(id); return !x || x->discarded; }), u.end());
                auto it = std::find_if(u.begin(), u.end(), [&](int id) { return conn(id)->was_established; });
                if (it == u.end()) { err = SocketError::WouldBlock; break; }
                c = conn(*it);
                u.erase(it);
            }
            c->accepted = true;
            h.last_conn = c->id;
            if (!a.new_socket.empty() && a.new_socket != c->socket) {
                h.sockets.erase(c->socket);
                c->socket = a.new_socket;
                h.sockets[c->socket] = c->id;
            }
            break;
        }
        case Call::Connect: {
            if (a.remote_host < 0 || static_cast<size_t>(a.remote_host) >= hosts.size()) { err = SocketError::InvalidState; break; }
            const uint32_t rip = hosts[a.remote_host].ip;
            auto in_use = [&](uint16_t port) {
                return by_tuple.count({ip_port(h.ip, port), ip_port(rip, a.port)}) > 0 ||
                       listeners.count(ip_port(h.ip, port)) > 0;
            };
            uint16_t port = a.local_port;
            if (port == 0) {
                // Ephemeral ports from 40000 up, wrapping, skipping 4-tuples in use.
                for (int tries = 0; tries < 65536 - 40000 && port == 0; ++tries) {
                    const uint16_t p = h.next_port;
                    h.next_port = p == 65535 ? 40000 : static_cast<uint16_t>(p + 1);
                    if (!in_use(p)) port = p;
                }
                if (port == 0) { err = SocketError::AddrInUse; break; }
            } else if (in_use(port)) {
                err = SocketError::AddrInUse;
                break;
            }
            c = &open_socket(h.profile);
            Tcb& t = c->ep.tcb_for_setup();
            t.local_ip = h.ip;
            t.local_port = port;
            t.remote_ip = rip;
            t.remote_port = a.port;
            c->isn = a.isn;
            register_tuple(*c);
            h.last_conn = c->id;
            calling_conn = c->id;
            err = c->ep.open_active(env);
            extra = " from port " + std::to_string(port);
            break;
        }
        case Call::Send: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            calling_conn = c->id;
            if (c->ep.state() == State::Closed && c->failed) {
                // After a reset (Linux tcp_sendmsg, FreeBSD sosend): the pending error once, then EPIPE.
                err = c->pending_error != SocketError::None ? c->pending_error : SocketError::Closing;
                c->pending_error = SocketError::None;
                break;
            }
            const auto data = payload_of(a);
            err = c->ep.send(env, data);
            break;
        }
        case Call::SendFromListen: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr || !c->listener) { err = SocketError::InvalidState; break; }
            if (a.remote_host < 0 || static_cast<size_t>(a.remote_host) >= hosts.size()) { err = SocketError::InvalidState; break; }
            // The socket stops being a listener: it becomes one connection to the foreign socket.
            unregister(*c);
            c->listener = false;
            if (h.listener == c->id) h.listener = -1;
            Tcb& t = c->ep.tcb_for_setup();
            t.remote_ip = hosts[a.remote_host].ip;
            t.remote_port = a.port;
            c->isn = a.isn;
            register_tuple(*c);
            h.last_conn = c->id;
            calling_conn = c->id;
            const auto data = payload_of(a);
            err = c->ep.send(env, data);
            if (c->ep.state() == State::Listen) {  // refused: it is still the listener
                unregister(*c);
                t.remote_ip = 0;
                t.remote_port = 0;
                register_listener(*c);
            }
            break;
        }
        case Call::Recv: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            const size_t before = c->app_received.size();
            calling_conn = c->id;
            app_read(*c, a.count);
            const size_t got = c->app_received.size() - before;
            const bool gone = c->ep.state() == State::Closed && c->failed;
            if (got == 0 && gone) {
                // After a reset: the pending error once (ECONNRESET), then end of stream.
                err = c->pending_error;
                c->pending_error = SocketError::None;
            } else if (got == 0 && !c->ep.peer_closed()) {
                err = SocketError::WouldBlock;
            }
            if (entry != SIZE_MAX) trace[entry].params.push_back({"bytes", std::to_string(got)});
            extra = " read " + std::to_string(got) + " bytes" + (got == 0 && (c->ep.peer_closed() || (gone && err == SocketError::None)) ? " (end of stream)" : "");
            break;
        }
        case Call::Shutdown: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            calling_conn = c->id;
            err = c->ep.close(env, false);
            break;
        }
        case Call::Close: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            calling_conn = c->id;
            if (c->listener) {
                // Closing a listener also resets the connections nobody accepted yet.
                std::vector<int> pending = c->accept_queue;
                std::vector<int> embryonic;
                for (auto& [id, ch] : conns)
                    if (ch.parent == c->id && ch.ep.state() == State::SynRcvd) embryonic.push_back(id);
                err = c->ep.close(env);
                unregister(*c);
                for (int id : pending)
                    if (Conn* ch = conn(id)) { calling_conn = id; ch->ep.abort(env); }
                for (int id : embryonic)  // only with listener_close_drops_embryonic (FreeBSD's syncache)
                    if (Conn* ch = conn(id)) { calling_conn = id; ch->ep.drop_embryonic(env); }
                break;
            }
            if (c->ep.state() == State::Closed && c->failed) {
                // The connection is already gone (reset, timed out): close() only frees the socket.
                c->pending_error = SocketError::None;
            } else if (c->linger0) {
                if (tracing) SimEnv(*this).trace_rule(c->ep, Rule::Linger0Abort);
                err = c->ep.abort(env);
            } else if (c->ep.profile().rst_on_close_with_unread_data && !c->ep.receive_buffer().empty()) {
                if (tracing) SimEnv(*this).trace_rule(c->ep, Rule::CloseWithUnreadData);
                err = c->ep.abort(env);
            } else {
                err = c->ep.close(env, true);
            }
            break;
        }
        case Call::Abort: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            calling_conn = c->id;
            err = c->ep.abort(env);
            break;
        }
        case Call::SetLinger0: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            c->linger0 = a.flag;
            break;
        }
        case Call::SetAutoRecv: {
            c = find_socket(a.host, a.socket);
            if (c == nullptr) { err = SocketError::NotConnected; break; }
            c->autorecv = a.flag;
            if (a.flag) to_read.push_back(c->id);
            break;
        }
    }
    calling_conn = -1;
    if (c != nullptr && err != SocketError::None) c->error = err;
    if (entry != SIZE_MAX) {
        TraceEntry& t = trace[entry];
        t.conn = c ? c->id : -1;
        t.error = err;
        if (c) t.params.push_back({"socket_name", c->socket});
        t.params.push_back({"result", error_name(err)});
        const std::string args = call_args(*this, a);
        t.text = h.name + ": " + call_name(a.call) + "(" + args + ") = " + error_name(err) + extra;
    }
}

// ---------------------------------------------------------------------------------------------
// A SYN reaches a listener: a child connection takes it (the listener stays in LISTEN)
// ---------------------------------------------------------------------------------------------

int SimCore::spawn_child(Conn& l, const Packet& pkt) {
    SimEnv env(*this);
    if (l.embryonic + static_cast<int>(l.accept_queue.size()) >= l.backlog) {
        if (tracing) env.trace_rule(l.ep, Rule::BacklogFull);
        return -1;
    }
    const int lid = l.id;
    const int host = l.host;
    Conn& ch = new_conn(host, "", l.ep.profile());
    ch.parent = lid;
    auto setup = [&] {
        Tcb& t = ch.ep.tcb_for_setup();
        t.local_ip = pkt.dst_ip;
        t.local_port = pkt.seg.dst_port;
        t.remote_ip = pkt.src_ip;
        t.remote_port = pkt.seg.src_port;
        t.passive = true;
    };
    setup();
    mute = true;  // the child's CLOSED -> LISTEN is not an event anyone saw
    ch.ep.open_passive(env);
    mute = false;
    setup();
    register_tuple(ch);
    Conn& listener = *conn(lid);
    listener.embryonic++;
    ch.embryonic_counted = true;
    if (TraceEntry* t = add_entry(TraceKind::RuleFired, host, lid)) {
        t->key = std::string("rule.") + rule_info(Rule::ListenerSpawnChild).key;
        t->rule = Rule::ListenerSpawnChild;
        t->from = t->to = State::Listen;
        t->params.push_back({"child", std::to_string(ch.id)});
        t->text = hosts[host].name + ": " + rule_info(Rule::ListenerSpawnChild).en + " (connection " +
                  std::to_string(ch.id) + ")";
    }
    if (!listener.manual_accept) {
        ch.accepted = true;
        hosts[host].last_conn = ch.id;
        listener.unclaimed.push_back(ch.id);
    }
    arriving_src_ip = pkt.src_ip;
    ch.ep.segment_arrives(env, pkt.seg);
    arriving_src_ip = 0;
    if (!ch.discarded && ch.ep.state() == State::Listen) discard(ch);  // the SYN was not taken
    return ch.id;
}

// ---------------------------------------------------------------------------------------------
// SimEnv: what the endpoints call
// ---------------------------------------------------------------------------------------------

Seq SimEnv::choose_isn(const Endpoint& ep) {
    Conn* c = s_.conn(ep.id());
    Host& h = s_.hosts[c->host];
    const uint32_t n = h.connections_opened++;
    if (c->isn) return *c->isn;
    if (h.isn) return *h.isn + 64000u * n;
    return s_.rng.next32();
}

void SimEnv::output(const Endpoint& ep, Segment seg, bool retransmission) {
    Conn* c = s_.conn(ep.id());
    Packet p;
    p.src_ip = ep.tcb().local_ip != 0 ? ep.tcb().local_ip : s_.hosts[c->host].ip;
    p.dst_ip = ep.tcb().remote_ip != 0 ? ep.tcb().remote_ip : s_.arriving_src_ip;
    p.seg = std::move(seg);
    s_.send_packet(c->host, c->id, std::move(p), retransmission);
}

void SimEnv::timer_changed(const Endpoint& ep, TimerKind kind) {
    Conn* c = s_.conn(ep.id());
    const int k = static_cast<int>(kind);
    const Micros d = ep.timer_deadline(kind);
    const Micros old = c->timer_known[k];
    if (d == old) return;
    c->timer_known[k] = d;
    if (d != kNever) s_.push(Event{d, 0, EvKind::Timer, static_cast<uint8_t>(k), c->id, 0});
    if (!tracing()) return;
    const bool firing = s_.firing_conn == c->id && s_.firing_timer == k;
    if (d == kNever && (firing || old == kNever)) return;  // a timer that fired is not "cancelled"
    TraceEntry* t = s_.add_entry(d == kNever ? TraceKind::TimerCancelled : TraceKind::TimerSet, c->host, c->id);
    t->key = std::string("timer.") + timer_name(kind);
    t->timer = kind;
    t->deadline = d == kNever ? old : d;
    t->params = {{"timer", timer_name(kind)}, {"deadline", time_text(t->deadline)}};
    t->text = s_.hosts[c->host].name + ": " + timer_name(kind) + " timer " +
              (d == kNever ? "cancelled" : "set, expires at " + time_text(d));
}

void SimEnv::trace_state(const Endpoint& ep, State from, State to, Rule rule) {
    if (!tracing()) return;
    Conn* c = s_.conn(ep.id());
    TraceEntry* t = s_.add_entry(TraceKind::StateChange, c->host, c->id);
    const RuleInfo& ri = rule_info(rule);
    t->key = std::string("rule.") + ri.key;
    t->from = from;
    t->to = to;
    t->rule = rule;
    const Tcb& tcb = ep.tcb();
    t->params = {{"from", state_name(from)}, {"to", state_name(to)}, {"section", ri.section},
                 {"iss", std::to_string(tcb.iss)}, {"irs", std::to_string(tcb.irs)},
                 {"snd_una", std::to_string(tcb.snd_una)}, {"snd_nxt", std::to_string(tcb.snd_nxt)},
                 {"rcv_nxt", std::to_string(tcb.rcv_nxt)}};
    t->text = s_.hosts[c->host].name + ": " + state_name(from) + " -> " + state_name(to) + " (" + ri.en + ")";
}

void SimEnv::trace_rule(const Endpoint& ep, Rule rule) {
    if (!tracing()) return;
    Conn* c = s_.conn(ep.id());
    TraceEntry* t = s_.add_entry(TraceKind::RuleFired, c->host, c->id);
    const RuleInfo& ri = rule_info(rule);
    t->key = std::string("rule.") + ri.key;
    t->from = t->to = ep.state();
    t->rule = rule;
    t->params = {{"state", state_name(ep.state())}, {"section", ri.section}};
    t->text = s_.hosts[c->host].name + ": " + ri.en;
}

void SimEnv::on_established(Endpoint& ep) {
    Conn* c = s_.conn(ep.id());
    c->was_established = true;
    if (c->parent >= 0) {
        s_.leave_embryonic(*c);
        if (!c->accepted)
            if (Conn* l = s_.conn(c->parent)) l->accept_queue.push_back(c->id);
    } else {
        s_.user_result(*c, "connect", SocketError::None);
    }
}

void SimEnv::on_data(Endpoint& ep) {
    Conn* c = s_.conn(ep.id());
    if (c->autorecv) s_.to_read.push_back(c->id);
}

void SimEnv::on_closed(Endpoint& ep, SocketError why) {
    Conn* c = s_.conn(ep.id());
    if (c->was_established) s_.stat_completed++;
    // An error the application caused itself (abort, linger 0) is the call's result, not news.
    if (why != SocketError::None && !(s_.calling_conn == c->id && why == SocketError::ConnAborted)) {
        c->error = why;
        c->pending_error = why;
        c->failed = true;
        s_.user_result(*c, c->was_established || c->parent >= 0 ? "error" : "connect", why);
    }
    s_.unregister(*c);
    s_.leave_embryonic(*c);
    if (Conn* l = s_.conn(c->parent)) {
        auto& q = l->accept_queue;
        q.erase(std::remove(q.begin(), q.end(), c->id), q.end());
    }
    if (s_.config.reap_closed) s_.to_reap.push_back(c->id);
}

void SimEnv::on_back_to_listen(Endpoint& ep) {
    Conn* c = s_.conn(ep.id());
    if (c->parent >= 0) {
        s_.discard(*c);  // the listener that made it is still listening
        return;
    }
    // A socket that was itself a listener (SEND from LISTEN) listens again.
    s_.unregister(*c);
    s_.register_listener(*c);
}

}  // namespace tcplab
