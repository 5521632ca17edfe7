#include "quiz/quiz_json.h"

#include <functional>

#include "i18n.h"

namespace tcplab::quiz {

using nlohmann::json;

namespace {

json number_json(const NumberKey& k) {
    json names = json::object();
    for (const auto& s : k.context.symbols) names[std::string(1, s.name)] = s.value;
    return {{"absolute", k.absolute}, {"relative", k.relative}, {"symbolic", k.symbolic},
            {"context", {{"base", k.context.base}, {"names", names}}}};
}

json why_json(const Explanation& x) {
    json notes = json::array();
    for (const auto& [en, zh] : x.notes) notes.push_back({{"en", en}, {"zh", zh}});
    return {{"rule", x.rule_key}, {"section", x.section}, {"en", x.en}, {"zh", x.zh}, {"notes", notes}};
}

json text_json(const AuthoredText& t) { return {{"en", t.en}, {"zh", t.zh}}; }

json segment_json(const Question& q) {
    json a = {{"flags", flags_string(q.flags)}, {"len", q.len}, {"seq", number_json(q.seq)}};
    a["ack"] = q.has_ack ? number_json(q.ack) : json(nullptr);
    return a;
}

json authored_json(const AuthoredAnswer& a, const std::function<json(int)>& name) {
    const AuthoredQuestion& q = *a.ask;
    json j = {{"id", q.id}, {"kind", authored_kind_name(q.kind)}, {"time_us", q.at}, {"line", q.loc.line},
              {"question", text_json(a.text)}};
    switch (q.kind) {
        case AuthoredQuestion::Kind::State: {
            const std::string s = state_name(a.state);
            j["host"] = name(q.host);
            j["answer"] = {{"state", s}, {"en", tr(state_name_key(s), Lang::En)}, {"zh", tr(state_name_key(s), Lang::Zh)}};
            break;
        }
        case AuthoredQuestion::Kind::Field:
        case AuthoredQuestion::Kind::Lost: {
            // The segment: its predict question's id and answer (flags, len, seq, ack).
            const Question& s = a.segment;
            json seg = segment_json(s);
            seg.update({{"id", s.id}, {"host", name(s.host)}, {"to", name(s.to_host)}, {"time_us", s.time},
                        {"retransmission", s.retransmission}});
            if (q.kind == AuthoredQuestion::Kind::Lost) {
                j["answer"] = seg;
                break;
            }
            j["host"] = name(q.host);
            j["to"] = name(q.to_host);
            j["field"] = authored_field_name(q.field);
            j["answer"] = seg[authored_field_name(q.field)];
            j["segment"] = seg;
            break;
        }
        case AuthoredQuestion::Kind::Choice: {
            json opts = json::array();
            for (const AuthoredOption& o : a.options) opts.push_back({{"en", o.text.en}, {"zh", o.text.zh}, {"correct", o.correct}});
            j["options"] = opts;
            break;
        }
        case AuthoredQuestion::Kind::Why:
            j["model"] = text_json(a.model);
            break;
    }
    return j;
}

}  // namespace

json quiz_json(const Scenario& sc, const std::vector<Question>& questions, Mode mode,
               const std::vector<AuthoredAnswer>& authored) {
    json hosts = json::array();
    for (const auto& h : sc.config.hosts) {
        json j = {{"name", h.name}};
        j["isn"] = h.isn ? json(*h.isn) : json(nullptr);
        hosts.push_back(j);
    }
    auto name = [&](int h) -> json {
        if (h < 0 || static_cast<size_t>(h) >= sc.config.hosts.size()) return nullptr;
        return sc.config.hosts[static_cast<size_t>(h)].name;
    };
    json qs = json::array();
    for (const Question& q : questions) {
        json j = {{"id", q.id},           {"host", name(q.host)}, {"conn", q.conn},
                  {"pause_index", q.pause_index}, {"time_us", q.time}};
        if (q.kind == Question::Kind::State) {
            const std::string s = state_name(q.state);
            j["kind"] = "state";
            j["from"] = state_name(q.from);
            j["answer"] = {{"state", s}, {"en", tr(state_name_key(s), Lang::En)}, {"zh", tr(state_name_key(s), Lang::Zh)}};
        } else {
            j["kind"] = "segment";
            j["to"] = name(q.to_host);
            j["retransmission"] = q.retransmission;
            j["answer"] = segment_json(q);
        }
        j["why"] = why_json(q.why);
        qs.push_back(j);
    }
    json au = json::array();
    for (const AuthoredAnswer& a : authored) au.push_back(authored_json(a, name));
    return {{"schema", "tcplab-quiz"},
            {"version", kQuizSchemaVersion},
            {"lesson", sc.name},
            {"title", {{"en", sc.title}, {"zh", sc.title_zh}}},
            {"student", sc.student},
            {"mode", mode_name(mode)},
            {"hosts", hosts},
            {"questions", qs},
            {"authored", au}};
}

}  // namespace tcplab::quiz
