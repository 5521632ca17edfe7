// The bilingual catalog: no key without both languages, no UI key without a message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "diagram.h"
#include "i18n.h"
#include "rules.h"
#include "state.h"

using namespace tcplab;

static std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> names;
    static const std::regex re(R"(\{([a-z_]+)\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        names.insert((*it)[1]);
    return names;
}

TEST_CASE("i18n: every message has English and Chinese text", "[i18n]") {
    REQUIRE(all_messages().size() > 50);
    std::set<std::string> seen;
    for (const auto& m : all_messages()) {
        INFO(m.key << " (" << m.source << ")");
        CHECK(seen.insert(m.key).second);  // no duplicate keys across catalogs
        REQUIRE(m.en != nullptr);
        REQUIRE(m.zh != nullptr);
        CHECK(std::string(m.en).size() > 0);
        CHECK(std::string(m.zh).size() > 0);
        // Templates name the same parameters in both languages.
        CHECK(placeholders(m.en) == placeholders(m.zh));
    }
}

TEST_CASE("i18n: every rule of rules.def has both languages", "[i18n]") {
    for (int i = 1; i < kRuleCount; ++i) {
        const RuleInfo& r = rule_info(static_cast<Rule>(i));
        std::string key = std::string("rule.") + r.key;
        INFO(key);
        CHECK(has_message(key));
        CHECK(std::string(tr(key, Lang::En)) == r.en);
        CHECK(std::string(tr(key, Lang::Zh)) == r.zh);
        CHECK(std::string(r.zh).size() > 0);
    }
}

TEST_CASE("i18n: every diagram edge label has both languages", "[i18n]") {
    for (const auto& e : diagram_edges()) {
        std::string key = std::string("edge.") + e.key;
        INFO(key);
        CHECK(has_message(key));
        CHECK(std::string(tr(key, Lang::Zh)) == e.zh);
    }
}

TEST_CASE("i18n: every state has a name and an explanation in the course notes' terms", "[i18n]") {
    for (int i = 0; i < kStateCount; ++i) {
        const char* name = state_name(static_cast<State>(i));
        INFO(name);
        CHECK(has_message(state_name_key(name)));
        CHECK(has_message(state_explain_key(name)));
        // An explanation says something: who reaches the state and what it waits for.
        CHECK(std::string(tr(state_explain_key(name), Lang::En)).size() > 120);
        CHECK(std::string(tr(state_explain_key(name), Lang::Zh)).size() > 120);
    }
    // The course notes' names (../shared/seeds).
    CHECK(std::string(tr("state.LISTEN.name", Lang::Zh)) == "收听");
    CHECK(std::string(tr("state.SYN_SENT.name", Lang::Zh)) == "同步已发送");
    CHECK(std::string(tr("state.SYN_RCVD.name", Lang::Zh)) == "同步收到");
    CHECK(std::string(tr("state.ESTABLISHED.name", Lang::Zh)) == "已建立连接");
    CHECK(std::string(tr("state.FIN_WAIT_1.name", Lang::Zh)) == "终止等待1");
    CHECK(std::string(tr("state.FIN_WAIT_2.name", Lang::Zh)) == "终止等待2");
    CHECK(std::string(tr("state.CLOSE_WAIT.name", Lang::Zh)) == "关闭等待");
    CHECK(std::string(tr("state.LAST_ACK.name", Lang::Zh)) == "最后确认");
    CHECK(std::string(tr("state.TIME_WAIT.name", Lang::Zh)) == "时间等待");
    CHECK(std::string(tr("state.CLOSED.name", Lang::Zh)) == "关闭");
}

TEST_CASE("i18n: trace keys built from the engine's enums exist", "[i18n]") {
    for (const char* t : {"retransmission", "time_wait", "fin_wait_2", "delayed_ack"})
        CHECK(has_message(std::string("timer.") + t));
    for (const char* c : {"listen", "accept", "connect", "send", "send_from_listen", "recv", "shutdown", "close",
                          "abort", "linger0", "autorecv"})
        CHECK(has_message(std::string("call.") + c));
    for (const char* e : {"OK", "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET", "ECONNABORTED", "ENOTCONN", "EISCONN",
                          "EINVAL", "EPIPE", "EADDRINUSE", "EAGAIN"})
        CHECK(has_message(std::string("error.") + e));
}

// Literal trace keys in the engine sources ("segment.sent", "drop.live" ...) and the ones it builds
// from names ("drop." + reason) all have messages, so a front end can narrate every entry.
TEST_CASE("i18n: every trace key the engine emits exists", "[i18n]") {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(TCPLAB_SOURCE_DIR) / "engine";
    static const std::regex re(R"(\"((segment|dup|drop|app|expect|timer|call)\.[a-z_0-9]+)\")");
    for (const auto& f : fs::directory_iterator(root)) {
        if (f.path().extension() != ".cpp" || f.path().filename() == "i18n.cpp") continue;
        std::ifstream in(f.path());
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
            const std::string key = (*it)[1].str();
            if (key.ends_with(".h") || key.ends_with(".cpp")) continue;  // #include "segment.h"
            INFO(f.path().filename().string() << ": " << key);
            CHECK(has_message(key));
        }
    }
    for (const char* reason : {"loss", "fault", "live", "no_host"}) CHECK(has_message(std::string("drop.") + reason));
    CHECK(has_message("call.error"));  // user_result(c, "error", ...) for a reset of an open connection
}

TEST_CASE("i18n: tr falls back and formats", "[i18n]") {
    CHECK(std::string(tr("state.TIME_WAIT.name", Lang::En)) == "Time wait");
    // An unknown key is echoed (visible), never an empty string or a crash.
    CHECK(std::string(tr("no.such.key", Lang::Zh)) == "no.such.key");
    std::pair<std::string, std::string> params[] = {{"host", "A"}, {"port", "80"}};
    CHECK(format("call.listen", Lang::En, params) == "A calls listen() on port 80 (passive open)");
    CHECK(format_text("{host} {missing}", params) == "A {missing}");
    CHECK(parse_lang("zh-CN") == Lang::Zh);
    CHECK(parse_lang("en") == Lang::En);
    CHECK_FALSE(parse_lang("fr"));
    CHECK_FALSE(parse_lang("zhx"));
}

// Every tr("...") literal in the web front end names a message (scanned at test time, so a label
// added without a catalog entry fails here rather than showing its key to a student).
TEST_CASE("i18n: every tr() key used by the web front end exists", "[i18n]") {
    namespace fs = std::filesystem;
    const fs::path root = TCPLAB_SOURCE_DIR;
    std::vector<fs::path> files;
    if (fs::exists(root / "web" / "app.cpp")) files.push_back(root / "web" / "app.cpp");
    if (fs::is_directory(root / "web" / "ui"))
        for (const auto& f : fs::directory_iterator(root / "web" / "ui"))
            if (f.path().extension() == ".cpp") files.push_back(f.path());
    static const std::regex re(R"(\btr\(\s*\"([^\"]+)\")");
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
            std::string key = (*it)[1];
            INFO(file.filename().string() << ": tr(\"" << key << "\")");
            CHECK(has_message(key));
        }
    }
}
