// Segments on the wire: scripted and live faults, the channel, arrival and demultiplexing
// (exact 4-tuple first, then a listener on the local port, else the closed-port reply).
#include "sim_core.h"
#include "trace_text.h"

namespace tcplab {

int SimCore::host_by_ip(uint32_t ip) const {
    for (size_t i = 0; i < hosts.size(); ++i)
        if (hosts[i].ip == ip) return static_cast<int>(i);
    return -1;
}

uint32_t SimCore::new_flight(int from, int to, const Packet& pkt) {
    uint32_t slot;
    if (!free_flights.empty()) {
        slot = free_flights.back();
        free_flights.pop_back();
    } else {
        slot = static_cast<uint32_t>(flights.size());
        flights.emplace_back();
    }
    Flight& f = flights[slot];
    f.id = next_packet_id++;
    f.live = true;
    f.from = from;
    f.to = to;
    f.pkt = pkt;
    return slot;
}

// "A -> B"; an address no host has is written as the address.
std::string SimCore::route(int from, int to, const Packet& p) const {
    auto name = [&](int h, uint32_t ip) { return h >= 0 ? hosts[h].name : ipv4_string(ip); };
    return name(from, p.src_ip) + " -> " + name(to, p.dst_ip);
}

void SimCore::send_packet(int from, int conn_id, Packet pkt, bool retransmission) {
    Host& h = hosts[from];
    h.segments_sent++;
    stat_segments++;
    const int to = host_by_ip(pkt.dst_ip);

    // Faults first (live, then scripted in the order added), then the channel's own randomness.
    const char* drop = nullptr;
    Micros extra_delay = 0;
    bool fault_copy = false;
    Micros copy_delay = 0;
    if (to < 0) {
        drop = "no_host";
    } else if (h.drop_next > 0) {
        h.drop_next--;
        drop = "live";
    } else {
        for (int fi : active_faults) {
            const Fault& f = inputs.faults[fi];
            if (f.host >= 0 && f.host != from) continue;
            int& hits = fault_hits[fi];
            if (f.kind == Fault::Kind::DropNth) {
                if (hits == 0 && h.segments_sent == static_cast<uint64_t>(f.nth)) {
                    hits++;
                    drop = "fault";
                }
            } else {
                if (f.count > 0 && hits >= f.count) continue;
                if (now < f.after || (pkt.seg.flags & f.flags_mask) != f.flags_value) continue;
                hits++;
                if (f.kind == Fault::Kind::DropMatching) drop = "fault";
                else if (f.kind == Fault::Kind::DelayMatching) extra_delay += f.extra_delay;
                else if (f.kind == Fault::Kind::DuplicateMatching) { fault_copy = true; copy_delay = f.extra_delay; }
            }
            if (drop) break;
        }
    }
    Transmission tx;
    if (!drop) {
        const size_t bytes = Channel::wire_bytes(static_cast<size_t>(pkt.seg.data_offset()) * 4, pkt.seg.payload.size());
        tx = channel(from, to).transmit(now, bytes, rng);
        if (tx.lost) drop = "loss";
    }
    const Micros arrival = drop ? -1 : tx.arrival + extra_delay;

    uint32_t slot = 0;
    uint64_t id;
    if (!drop) {
        slot = new_flight(from, to, pkt);
        id = flights[slot].id;
        push(Event{arrival, 0, EvKind::Arrival, 0, conn_id, slot});
    } else {
        id = next_packet_id++;
    }
    if (tracing) {
        TraceEntry* t = add_segment_entry(TraceKind::SegmentSent, from, conn_id,
                                          retransmission ? "segment.retransmit" : "segment.sent", id, from, to, pkt);
        t->arrival = arrival;
        t->retransmission = retransmission;
        t->text = route(from, to, pkt) + ": " + segment_summary(pkt.seg) + (retransmission ? " (retransmission)" : "") +
                  (drop ? std::string(", lost") : ", arrives at " + time_text(arrival));
        if (drop) {
            const std::string key = std::string("drop.") + drop;
            TraceEntry* d = add_segment_entry(TraceKind::SegmentDropped, from, conn_id, key.c_str(), id, from, to, pkt);
            const std::string why = std::string(drop) == "loss" ? "lost on the link"
                                  : std::string(drop) == "fault" ? "dropped by a scripted fault"
                                  : std::string(drop) == "live" ? "dropped by the user"
                                  : "no host has that address";
            d->text = route(from, to, pkt) + ": " + segment_summary(pkt.seg) + " " + why;
        }
    }
    if (drop || !(tx.duplicated || fault_copy)) return;

    const Micros copy_arrival = fault_copy ? arrival + copy_delay : tx.copy_arrival + extra_delay;
    const uint32_t copy_slot = new_flight(from, to, pkt);
    const uint64_t copy_id = flights[copy_slot].id;
    push(Event{copy_arrival, 0, EvKind::Arrival, 0, conn_id, copy_slot});
    if (TraceEntry* t = add_segment_entry(TraceKind::SegmentDuplicated, from, conn_id,
                                          fault_copy ? "dup.fault" : "dup.channel", copy_id, from, to, pkt)) {
        t->arrival = copy_arrival;
        t->params.push_back({"original", std::to_string(id)});
        t->params.push_back({"copy", std::to_string(copy_id)});
        t->text = route(from, to, pkt) + ": " + segment_summary(pkt.seg) + " duplicated, the copy arrives at " +
                  time_text(copy_arrival);
    }
}

void SimCore::deliver(uint32_t slot) {
    Flight f = std::move(flights[slot]);
    flights[slot] = Flight{};
    free_flights.push_back(slot);
    const Packet& pkt = f.pkt;
    const Segment& seg = pkt.seg;
    const int h = f.to;
    size_t entry = SIZE_MAX;
    if (TraceEntry* t = add_segment_entry(TraceKind::SegmentDelivered, h, -1, "segment.delivered", f.id, f.from, h, pkt)) {
        entry = t->index;
        t->text = route(f.from, h, pkt) + ": " + segment_summary(seg) + " arrives";
    }
    SimEnv env(*this);
    arriving_src_ip = pkt.src_ip;
    auto exact = by_tuple.find({ip_port(pkt.dst_ip, seg.dst_port), ip_port(pkt.src_ip, seg.src_port)});
    auto to_listener = [&](Conn& c) {
        if (entry != SIZE_MAX) trace[entry].conn = c.id;
        // RFC 9293 3.10.7.2: only a SYN (no RST, no ACK) opens a connection; the listener itself
        // answers the rest (ignore RST, RST for an ACK).
        if ((seg.flags & (kSYN | kRST | kACK)) == kSYN) {
            const int child = spawn_child(c, pkt);
            if (entry != SIZE_MAX && child >= 0) trace[entry].conn = child;
        } else {
            c.ep.segment_arrives(env, seg);
        }
    };
    auto listener = [&]() -> Conn* {
        auto l = listeners.find(ip_port(pkt.dst_ip, seg.dst_port));
        return l == listeners.end() ? nullptr : conn(l->second);
    };
    if (exact != by_tuple.end()) {
        Conn& c = *conn(exact->second);
        if (entry != SIZE_MAX) trace[entry].conn = c.id;
        c.ep.segment_arrives(env, seg);
        // A SYN that reopened from TIME-WAIT (time_wait_syn_reopens) goes on to the listener.
        if (c.ep.take_reopening_syn())
            if (Conn* l = listener()) to_listener(*l);
    } else if (Conn* l = listener()) {
        to_listener(*l);
    } else {
        Segment reply;
        if (Endpoint::reset_for_closed(seg, reply)) {
            if (TraceEntry* t = add_entry(TraceKind::RuleFired, h, -1)) {
                const RuleInfo& ri = rule_info(Rule::ClosedPortReset);
                t->key = std::string("rule.") + ri.key;
                t->rule = Rule::ClosedPortReset;
                t->params = {{"port", std::to_string(seg.dst_port)}, {"section", ri.section}};
                t->text = hosts[h].name + ": " + ri.en + " (port " + std::to_string(seg.dst_port) + ")";
            }
            reply.src_port = seg.dst_port;
            reply.dst_port = seg.src_port;
            send_packet(h, -1, Packet{pkt.dst_ip, pkt.src_ip, std::move(reply)}, false);
        }
    }
    arriving_src_ip = 0;
}

// A crafted segment: from `host`'s address (or a spoofed one) to `to_host`, put on the wire at
// `at`; it arrives after the link's propagation delay, with no loss or other randomness.
void SimCore::inject(const Fault& f) {
    const int n = static_cast<int>(hosts.size());
    if (f.to_host < 0 || f.to_host >= n) return;
    const int from = f.host >= 0 && f.host < n ? f.host : -1;
    Packet p;
    p.src_ip = f.src_ip ? *f.src_ip : (from >= 0 ? hosts[from].ip : 0);
    p.dst_ip = hosts[f.to_host].ip;
    p.seg = f.segment;
    if (from >= 0 && (p.seg.src_port == 0 || p.seg.dst_port == 0)) {
        // Default ports: those of the sending host's default connection.
        if (const Conn* c = conn(default_socket(from))) {
            if (p.seg.src_port == 0) p.seg.src_port = c->ep.tcb().local_port;
            if (p.seg.dst_port == 0) p.seg.dst_port = c->ep.tcb().remote_port;
        }
    }
    const Micros delay = from >= 0 ? channel(from, f.to_host).params.delay : config.link.delay;
    const Micros arrival = now + delay;
    const uint32_t slot = new_flight(from, f.to_host, p);
    push(Event{arrival, 0, EvKind::Arrival, 0, -1, slot});
    if (TraceEntry* t = add_segment_entry(TraceKind::SegmentInjected, from, -1, "segment.injected", flights[slot].id,
                                          from, f.to_host, p)) {
        t->arrival = arrival;
        t->line = f.line;
        t->text = (from >= 0 ? hosts[from].name : ipv4_string(p.src_ip)) + " -> " + hosts[f.to_host].name +
                  ": injected " + segment_summary(p.seg) + ", arrives at " + time_text(arrival);
    }
}

}  // namespace tcplab
