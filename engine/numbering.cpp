#include "numbering.h"

#include <cctype>

namespace tcplab {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

const char* const kNumberHelp = "a number (1001), a relative number (1) or a name (x+1, y, u+1, w+1, x+1+100)";

}  // namespace


void Labeler::clear() {
    flows_.clear();
    where_.clear();
    sent_index_.clear();
}

Labeler::Mark Labeler::mark() const { return Mark{flows_, where_.size()}; }

void Labeler::rewind(const Mark& m) {
    flows_ = m.flows;
    if (where_.size() > m.fed) where_.resize(m.fed);
}

int Labeler::find_flow(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, int* side) const {
    for (size_t i = 0; i < flows_.size(); ++i) {
        const Flow& f = flows_[i];
        for (int s = 0; s < 2; ++s) {
            if (f.side[s].ip == ip && f.side[s].port == port && f.side[1 - s].ip == peer_ip &&
                f.side[1 - s].port == peer_port) {
                *side = s;
                return static_cast<int>(i);
            }
        }
    }
    return -1;
}

void Labeler::add(const TraceEntry& e) {
    if (where_.size() <= e.index) where_.resize(e.index + 1);
    const Packet& p = e.packet;
    const Segment& seg = p.seg;
    int s = 0;
    // Most traces have one or a few flows; search the most recent first.
    int fi = find_flow(p.src_ip, seg.src_port, p.dst_ip, seg.dst_port, &s);
    if (fi < 0) {
        Flow f;
        f.side[0].ip = p.src_ip;
        f.side[0].port = seg.src_port;
        f.side[1].ip = p.dst_ip;
        f.side[1].port = seg.dst_port;
        flows_.push_back(f);
        fi = static_cast<int>(flows_.size()) - 1;
        s = 0;
    }
    where_[e.index] = Where{fi, static_cast<int8_t>(s), e.packet_id};
    sent_index_[e.packet_id] = e.index;
    Flow& f = flows_[fi];
    Side& me = f.side[s];
    Side& peer = f.side[1 - s];

    // A new SYN from a side whose old connection finished (same ports reused) starts a new space.
    if (seg.has(kSYN) && !seg.has(kRST)) {
        bool known_isn = false;
        for (const Anchor& a : me.anchors)
            if (a.isn && a.value == seg.seq) known_isn = true;
        if (!known_isn) {
            if (me.has_base && me.fin_seen) {  // port reuse after a full close: start over
                { Side fresh; fresh.ip = me.ip; fresh.port = me.port; me = fresh; }
                { Side fresh; fresh.ip = peer.ip; fresh.port = peer.port; peer = fresh; }
                f.first_fin_side = -1;
                f.v_set = false;
                f.isn_count = 0;
            }
            if (!me.has_base || me.anchors.empty() || !me.anchors.front().isn) {
                me.has_base = true;
                me.base = seg.seq;
                char name = (f.isn_count == 0) ? 'x' : 'y';
                me.anchors.insert(me.anchors.begin(), Anchor{seg.seq, name, true, e.index});
                ++f.isn_count;
            }
        }
    }
    if (!me.has_base && !seg.has(kRST)) {
        me.has_base = true;
        me.base = seg.seq;
    }
    // v: the other side's number when it first acknowledges the first FIN, before any FIN of its
    // own (in a simultaneous close the acknowledging side has sent its FIN: its number is w+1).
    if (f.first_fin_side == 1 - s && !f.v_set && !me.fin_seen && seg.has(kACK) && !seg.has(kFIN) && !seg.has(kRST)) {
        const Side& closer = f.side[f.first_fin_side];
        for (const Anchor& a : closer.anchors) {
            if (a.name == 'u' && seq_gt(seg.ack, a.value)) {
                me.anchors.push_back(Anchor{seg.seq, 'v', false, e.index});
                f.v_set = true;
            }
        }
    }
    if (seg.has(kFIN) && !me.fin_seen) {
        me.fin_seen = true;
        Seq fin = seg.seq + static_cast<Seq>(seg.payload.size()) + (seg.has(kSYN) ? 1 : 0);
        char name = 0;
        if (f.first_fin_side < 0) {
            f.first_fin_side = s;
            name = 'u';
        } else if (f.first_fin_side != s) {
            name = 'w';
        }
        if (name) me.anchors.push_back(Anchor{fin, name, false, e.index});
    }
}

std::string Labeler::render(const Side& s, Seq value, Numbering mode, uint64_t upto) const {
    if (mode == Numbering::Absolute || !s.has_base) return std::to_string(value);
    if (mode == Numbering::Relative) return std::to_string(static_cast<uint32_t>(value - s.base));
    const Anchor* best = nullptr;
    uint32_t best_d = 0;
    for (const Anchor& a : s.anchors) {
        if (a.since > upto) continue;
        uint32_t d = value - a.value;
        if (d >= 0x80000000u) continue;  // before this anchor
        if (!best || d <= best_d) {      // ties: the later anchor (w over v)
            best = &a;
            best_d = d;
        }
    }
    if (!best) return std::to_string(value);
    std::string name(1, best->name);
    if (best_d == 0) return name;
    if (best->isn && best_d > 1) return name + "+1+" + std::to_string(best_d - 1);
    return name + "+" + std::to_string(best_d);
}

bool Labeler::resolve(const TraceEntry& e, Where* w, uint64_t* upto) const {
    uint64_t i = e.index;
    if (e.kind != TraceKind::SegmentSent && e.kind != TraceKind::SegmentInjected) {
        auto it = sent_index_.find(e.packet_id);
        if (it == sent_index_.end()) return false;
        i = it->second;
    }
    if (i >= where_.size() || where_[i].flow < 0 || where_[i].packet_id != e.packet_id) return false;
    *w = where_[i];
    *upto = i;
    return true;
}

std::string Labeler::seq_label(const TraceEntry& e, Numbering mode) const {
    Where w;
    uint64_t upto = 0;
    if (!resolve(e, &w, &upto)) return std::to_string(e.packet.seg.seq);
    return render(flows_[w.flow].side[w.side], e.packet.seg.seq, mode, upto);
}

std::string Labeler::ack_label(const TraceEntry& e, Numbering mode) const {
    if (!e.packet.seg.has(kACK)) return "";
    Where w;
    uint64_t upto = 0;
    if (!resolve(e, &w, &upto)) return std::to_string(e.packet.seg.ack);
    return render(flows_[w.flow].side[1 - w.side], e.packet.seg.ack, mode, upto);
}

std::string Labeler::summary(const TraceEntry& e, Numbering mode) const {
    const Segment& seg = e.packet.seg;
    std::string s = flags_string(seg.flags) + " seq=" + seq_label(e, mode);
    if (seg.has(kACK)) s += " ack=" + ack_label(e, mode);
    if (!seg.payload.empty()) s += " len=" + std::to_string(seg.payload.size());
    return s;
}

bool Labeler::context(const TraceEntry& e, bool ack, Context* out) const {
    Where w;
    uint64_t upto = 0;
    if (!resolve(e, &w, &upto)) return false;
    const Flow& f = flows_[w.flow];
    const Side& s = f.side[ack ? 1 - w.side : w.side];
    out->base = s.has_base ? s.base : 0;
    out->symbols.clear();
    for (const Side& side : f.side)
        for (const Anchor& a : side.anchors)
            if (a.since <= upto) out->symbols.push_back(Symbol{a.name, a.value});
    return true;
}

std::optional<Seq> Labeler::symbol_value(char name, uint32_t ip, uint64_t upto) const {
    for (const Flow& f : flows_) {
        if (ip != 0 && f.side[0].ip != ip && f.side[1].ip != ip) continue;
        for (const Side& side : f.side)
            for (const Anchor& a : side.anchors)
                if (a.name == name && a.since <= upto) return a.value;
    }
    return std::nullopt;
}

std::string Labeler::label(uint32_t ip, uint16_t port, uint32_t peer_ip, uint16_t peer_port, Seq value,
                           Numbering mode, uint64_t upto) const {
    int s = 0;
    int fi = find_flow(ip, port, peer_ip, peer_port, &s);
    if (fi < 0) return std::to_string(value);
    return render(flows_[fi].side[s], value, mode, upto);
}

std::optional<Seq> eval_label(std::string_view t, const Labeler::Context& ctx, bool relative, std::string* error) {
    // Messages are put together without temporaries: this is in the page, near its size budget.
    auto fail = [error](const char* before, std::string_view what, const char* after) -> std::optional<Seq> {
        error->assign(before);
        error->append(what);
        error->append(after);
        return std::nullopt;
    };
    while (!t.empty() && is_blank(t.front())) t.remove_prefix(1);
    while (!t.empty() && is_blank(t.back())) t.remove_suffix(1);
    if (t.empty()) return fail("empty answer: expected ", kNumberHelp, "");
    Seq sum = 0;
    bool first = true;
    size_t i = 0;
    while (i < t.size()) {
        bool minus = false;
        if (!first) {
            if (t[i] != '+' && t[i] != '-') return fail("expected '+' or '-' at '", t.substr(i), "'");
            minus = t[i] == '-';
            ++i;
            while (i < t.size() && is_blank(t[i])) ++i;
        }
        if (i >= t.size()) return fail("missing a term at the end of '", t, "'");
        Seq term = 0;
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
        if (std::isdigit(static_cast<unsigned char>(c))) {
            uint64_t v = 0;
            size_t digits = 0;
            for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) {
                if (++digits > 19) return fail("number too long in '", t, "'");
                v = v * 10 + static_cast<uint64_t>(t[i] - '0');
            }
            term = static_cast<Seq>(v);  // modulo 2^32: an unwrapped absolute number still counts
            if (first && relative) term += ctx.base;
        } else if (std::string_view("xyuvw").find(c) != std::string_view::npos) {
            const Labeler::Symbol* found = nullptr;
            for (const auto& s : ctx.symbols)
                if (s.name == c) found = &s;
            if (!found) {
                fail("'", std::string_view(&c, 1), "' is not defined at this segment (defined:");
                for (const auto& s : ctx.symbols) {
                    error->push_back(' ');
                    error->push_back(s.name);
                }
                error->append(ctx.symbols.empty() ? " none)" : ")");
                return std::nullopt;
            }
            term = found->value;
            ++i;
        } else {
            return fail("unexpected '", t.substr(i, 1), "': expected a number, a relative number or a name (1001, 1, x+1, u+1, w+1)");
        }
        sum = minus ? sum - term : sum + term;
        first = false;
        while (i < t.size() && is_blank(t[i])) ++i;
    }
    return sum;
}

}  // namespace tcplab
