// tcplab quiz FILE: the predict questions of a lesson and then its authored questions, with their
// answers: the key a teacher needs.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "i18n.h"
#include "quiz/authored.h"
#include "quiz/quiz_json.h"

namespace tcplab::cli {
namespace {

struct QuizArgs {
    std::string file;
    std::string student;
    std::string mode = "both";
    bool json = false;
};

std::string number_text(const quiz::NumberKey& k) {
    return k.symbolic_and_value() + " (relative " + k.relative + ")";
}

std::string why_text(const quiz::Explanation& x) {
    std::string s;
    if (!x.section.empty()) s += "RFC 9293 " + x.section + ": ";
    s += x.en;
    return s;
}

std::string segment_text(const Scenario& sc, const quiz::Question& s) {
    std::string t = sc.config.hosts[static_cast<size_t>(s.host)].name + "->" +
                    sc.config.hosts[static_cast<size_t>(s.to_host)].name + " " + flags_string(s.flags) +
                    " seq=" + number_text(s.seq);
    if (s.has_ack) t += " ack=" + number_text(s.ack);
    return t + " len=" + std::to_string(s.len) + ", sent at " + format_time(s.time) + " (" + s.id + ")";
}

void print_authored(const Scenario& sc, const std::vector<quiz::AuthoredAnswer>& answers) {
    std::printf("\nAuthored questions: %zu\n\n", answers.size());
    int n = 0;
    for (const auto& an : answers) {
        const AuthoredQuestion& q = *an.ask;
        std::printf("%3d. %-14s %8s  %s: %s\n", ++n, q.id.c_str(), format_time(q.at).c_str(),
                    quiz::authored_kind_name(q.kind), an.text.en.c_str());
        if (!an.text.zh.empty()) std::printf("                          %s\n", an.text.zh.c_str());
        switch (q.kind) {
            case AuthoredQuestion::Kind::State:
                std::printf("                          answer: %s (%s)\n", state_name(an.state),
                            tr(state_name_key(state_name(an.state)), Lang::Zh));
                break;
            case AuthoredQuestion::Kind::Field:
                std::printf("                          answer: %s = %s  [%s]\n", quiz::authored_field_name(q.field),
                            (q.field == AuthoredQuestion::Field::Seq || q.field == AuthoredQuestion::Field::Ack
                                 ? number_text(q.field == AuthoredQuestion::Field::Seq ? an.segment.seq : an.segment.ack)
                                 : quiz::field_answer_text(an))
                                .c_str(),
                            segment_text(sc, an.segment).c_str());
                break;
            case AuthoredQuestion::Kind::Lost:
                std::printf("                          answer: %s\n", segment_text(sc, an.segment).c_str());
                break;
            case AuthoredQuestion::Kind::Choice: {
                char letter = 'a';
                for (const auto& o : an.options)
                    std::printf("                          %c) [%c] %s%s%s\n", letter++, o.correct ? 'x' : ' ',
                                o.text.en.c_str(), o.text.zh.empty() ? "" : " | ", o.text.zh.c_str());
                break;
            }
            case AuthoredQuestion::Kind::Why:
                std::printf("                          model: %s\n", an.model.en.c_str());
                if (!an.model.zh.empty()) std::printf("                          %s\n", an.model.zh.c_str());
                break;
        }
    }
}

int quiz_run(const QuizArgs& a) {
    auto mode = quiz::parse_mode(a.mode);
    if (!mode) {
        std::fprintf(stderr, "tcplab: unknown mode '%s' (states, numbers, both)\n", a.mode.c_str());
        return kExitUsage;
    }
    auto sc = load_scenario_or_report(a.file);
    if (!sc) return kExitUsage;
    apply_student(*sc, a.student);
    ScenarioRun run(*sc);
    run.run_to_end();
    const auto questions = quiz::predict_questions(*sc, run.sim().trace(), *mode);
    const quiz::AuthoredKey authored = quiz::authored_key(*sc);
    if (!authored.errors.empty()) {
        for (const auto& e : authored.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
        return kExitUsage;
    }
    if (a.json) {
        std::cout << quiz::quiz_json(*sc, questions, *mode, authored.answers).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    const std::string title = sc->title.empty() ? sc->name : sc->title;
    std::printf("%s  (%s, %s, mode %s): %zu questions\n", title.c_str(), a.file.c_str(),
                a.student.empty() ? "the lesson's numbers" : ("student " + a.student).c_str(), a.mode.c_str(),
                questions.size());
    std::printf("ISNs:");
    for (const auto& h : sc->config.hosts)
        if (h.isn) std::printf(" %s=%u", h.name.c_str(), *h.isn);
    std::printf("\n\n");
    int n = 0;
    for (const auto& q : questions) {
        const std::string host = sc->config.hosts[static_cast<size_t>(q.host)].name;
        std::printf("%3d. %-10s %8s  ", ++n, q.id.c_str(), format_time(q.time).c_str());
        if (q.kind == quiz::Question::Kind::State) {
            std::printf("%s's next state?  %s (%s), from %s\n", host.c_str(), state_name(q.state),
                        tr(state_name_key(state_name(q.state)), Lang::Zh), state_name(q.from));
        } else {
            const std::string to = sc->config.hosts[static_cast<size_t>(q.to_host)].name;
            std::printf("the segment %s sends to %s%s?  %s seq=%s", host.c_str(), to.c_str(),
                        q.retransmission ? " (retransmission)" : "", flags_string(q.flags).c_str(),
                        number_text(q.seq).c_str());
            if (q.has_ack) std::printf(" ack=%s", number_text(q.ack).c_str());
            std::printf(" len=%u\n", q.len);
        }
        if (!q.why.en.empty()) std::printf("                          why: %s\n", why_text(q.why).c_str());
    }
    if (!authored.answers.empty()) print_authored(*sc, authored.answers);
    return kExitOk;
}

RegisterCommand reg("quiz", "The predict questions of a lesson with their answers (the teacher's key)", [](CLI::App& app) {
    auto a = std::make_shared<QuizArgs>();
    app.add_option("file", a->file, "Scenario file (.scn)")->required();
    app.add_option("--student", a->student, "Per-student numbers: the key for this student ID (docs/teaching.md)")->type_name("ID");
    app.add_option("--mode", a->mode, "Which questions: states, numbers or both (default both)")->type_name("M");
    app.add_flag("--json", a->json, "Print the key as JSON (schema tcplab-quiz, docs/teaching.md)");
    return [a]() { return quiz_run(*a); };
});

}  // namespace
}  // namespace tcplab::cli
