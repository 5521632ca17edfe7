// The scenario language: a line-oriented text format a teacher writes by hand (docs/scenario-language.md).
// parse_scenario turns text into a Scenario or a list of errors with file:line:column;
// ScenarioRun drives a Simulator from it and evaluates the `expect` lines as time passes, so the
// CLI (run to the end) and the browser (step live) share one runner.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../sim.h"

namespace tcplab {

class Labeler;

struct SourceLoc {
    std::string file;
    int line = 0;
    int column = 0;
};

struct ScenarioError {
    SourceLoc loc;
    std::string message;
    std::string format() const;  // "file:line:column: error: message"
};

struct Expect {
    enum class Kind : uint8_t {
        StateAt,     // at T: host/socket is in state S
        StateBy,     // by T: host/socket has been in state S at some time <= T (or is in it at T)
        Segment,     // a segment from host with flags/seq/ack/len was sent (optionally by T)
        NoSegment,   // no such segment was sent (optionally by T)
        CallResult,  // a socket call's result/error (e.g. connect -> ECONNREFUSED)
        Data,        // the application on host received these bytes (by T)
    };
    Kind kind = Kind::StateAt;
    Micros at = 0;
    bool timed = false;        // a time was given (`at`/`by`); otherwise checked at the end of the run
    int host = -1;
    int to_host = -1;          // Segment / NoSegment: the receiving host
    std::string socket;
    State state = State::Closed;
    // Segment: only the fields given are compared.
    std::optional<uint16_t> flags;
    std::optional<Seq> seq;
    std::optional<Seq> ack;
    std::optional<uint32_t> len;
    // CallResult
    Call call = Call::Connect;
    std::optional<SocketError> error;
    // Data: the exact bytes read (or only their count, in `len`, when data_is_count).
    std::string data;
    bool data_is_count = false;
    SourceLoc loc;
    std::string source_text;  // the line as written, for reports
};

// A narration line: shown when the simulation reaches `at`, in both languages.
// The text may hold number placeholders, {x}, {x+1}, {u+1}, {C:x+1} (the names of the course
// notes' numbering on the first connection of host C, default the first connection), resolved
// against the run's own numbers (resolve_note_numbers), so that a note stays right under a
// student's ISNs. en_source / zh_source keep the text as written.
struct ScenarioNote {
    Micros at = 0;
    std::string en;
    std::string zh;
    int line = 0;
    std::string en_source, zh_source;
};

// An authored question (`ask` / `option` / `model` lines, docs/scenario-language.md). The teacher
// writes the texts; the answers of State, Field and Lost questions come from the lesson's own run
// (engine/quiz/authored.h), so they follow a student's numbers. Texts are kept as written: they may
// hold the notes' number placeholders, filled when the answers are computed.
struct AuthoredText {
    std::string en, zh;
    int line = 0;
};

struct AuthoredOption {
    AuthoredText text;
    bool correct = false;
};

struct AuthoredQuestion {
    enum class Kind : uint8_t {
        State,   // ask ID at T HOST state: the host's state at T (as `expect at`)
        Field,   // ask ID at T A->B seq|ack|flags|len: that field of the first segment A sends B at or after T
        Lost,    // ask ID at T lost: the first segment the channel drops at or after T
        Choice,  // ask ID at T choice + 2..8 `option ID [correct]` lines, at least one correct
        Why,     // ask ID at T why + exactly one `model ID` line (self-check)
    };
    enum class Field : uint8_t { Seq, Ack, Flags, Len };
    static constexpr size_t kMaxOptions = 8;
    std::string id;
    Kind kind = Kind::State;
    Field field = Field::Seq;
    Micros at = 0;
    int host = -1;
    int to_host = -1;
    AuthoredText text;
    std::vector<AuthoredOption> options;
    std::optional<AuthoredText> model;
    SourceLoc loc;         // the question's subject (HOST, A->B, lost ...): where errors about the run point
    int time_column = 0;   // the TIME word (a time after the run)
};

// A `param` line's setting, kept as text so that a profile override (tcplab run --profile) can
// re-apply it on top of another profile.
struct ParamSetting {
    int host = -1;  // -1 = every host
    std::string name;
    std::string value;
    SourceLoc loc;
};

struct Scenario {
    std::string file;
    std::string name;          // file stem, used in URLs
    std::string title, title_zh;
    std::string description, description_zh;
    // The title / description in a UI language ("zh" or other): the Chinese one where there is one.
    const std::string& title_in(bool zh) const { return zh && !title_zh.empty() ? title_zh : title; }
    const std::string& description_in(bool zh) const { return zh && !description_zh.empty() ? description_zh : description; }
    std::string illustrates;   // RFC section / course-note paragraph
    SimConfig config;          // ready to run: profile and params applied
    std::string profile_name = "rfc9293";
    std::vector<ParamSetting> params;
    std::vector<Action> actions;
    std::vector<Fault> faults;
    std::vector<Expect> expects;
    std::vector<ScenarioNote> notes;
    std::vector<AuthoredQuestion> authored;  // in file order
    Micros end = 0;            // run until this time (0 = until idle, bounded)
    // `mutate` lines: how to take the lesson's key event away (see mutated_scenario_text).
    std::vector<std::string> mutations;
    // Hosts whose `isn` line ends with `fixed`: a student's numbers leave their ISN as written
    // (the lesson's point depends on it, e.g. the wrap past 2^32).
    std::vector<int> fixed_isn_hosts;
    std::string student;       // the student the numbers were drawn for ("" = the lesson's own)
};

using ParseResult = std::variant<Scenario, std::vector<ScenarioError>>;
ParseResult parse_scenario(std::string_view text, const std::string& file = "<input>");
ParseResult load_scenario_file(const std::string& path);

// The scenario text with its `mutate` lines applied: `mutate remove LINE` deletes the lines that
// read LINE (comments and extra blanks aside), any other `mutate LINE` adds LINE. Used by the
// mutation check: with the key event gone, at least one expect must fail. Returns an error
// message in `error` (and nullopt) when there is no `mutate` line or a removal matches nothing.
std::optional<std::string> mutated_scenario_text(std::string_view text, std::string& error);

// Fills the notes' number placeholders from a run of the scenario (a first run, without the notes);
// a placeholder that names nothing in the run stays as written. parse_scenario calls it.
void resolve_note_numbers(Scenario& scenario);
// One text's placeholders filled from the segments a labeler was fed (a run's trace), as the
// notes' are; authored questions' texts use it too.
std::string fill_note_numbers(const std::string& text, const Labeler& labeler, const Scenario& scenario);

// Per-student numbers (docs/teaching.md): a stable 64-bit hash (FNV-1a, the same on every
// platform) of (lesson name, student id) draws each host's ISN and the simulation seed. Every
// number the lesson writes in a host's sequence space (expect segment seq/ack, inject seq/ack,
// connect isn=) moves with that host's ISN, so the expectations still hold; notes are resolved
// again. An empty id leaves the scenario as written.
uint64_t fnv1a64(std::string_view bytes);
uint64_t student_hash(std::string_view lesson, std::string_view student);
void apply_student(Scenario& scenario, const std::string& student);

// "0", "250us", "500ms", "2s", "1.5s", "2min" -> microseconds; nullopt when malformed.
std::optional<Micros> parse_time(std::string_view text);
// The inverse, shortest exact form: 0 -> "0ms", 1500000 -> "1.5s", 250 -> "250us".
std::string format_time(Micros t);

struct RunOptions {
    std::optional<std::string> profile;  // override the scenario's profile
    std::optional<uint64_t> seed;
    bool tracing = true;
    Hypothesis what_if = Hypothesis::None;  // a "what if" replay (hypothesis.h), on every host
};

// The scenario's SimConfig with the run options applied (profile override re-applies the params).
// Returns an error message (empty on success) for an unknown profile.
std::string build_sim_config(const Scenario& scenario, const RunOptions& options, SimConfig& out);

struct ExpectResult {
    const Expect* expect = nullptr;
    bool ok = false;
    std::string detail;  // what was seen instead
};

class ScenarioRun {
public:
    ScenarioRun(const Scenario& scenario, const RunOptions& options = {});
    Simulator& sim();
    const Simulator& sim() const;
    bool step();                  // one event, evaluating expects whose time has come
    void run_until(Micros t);
    void run_to_end();            // to scenario.end (or idle) and evaluate every remaining expect
    const std::vector<ExpectResult>& results() const;
    int passed() const;
    int failed() const;
    const Scenario& scenario() const;
    bool finished() const;        // run_to_end() done, or nothing left to happen
    Micros next_item_time() const;  // the next event or timed expectation

    // Per `expect by`, with tracing off: the connection it denotes, polled after every event.
    struct ByWatch {
        int conn = -1;
        bool observed = false;
        State last = State::Closed;
        bool seen = false;  // a transition into the expected state was observed on `conn`
    };
    // A value to come back to (see Simulator::checkpoint): the simulator's checkpoint and the
    // expectations' bookkeeping. After restore(), stepping on evaluates the expectations again
    // where they were first evaluated, and settle() evaluates those that were due at this point.
    struct Checkpoint {
        Simulator::Checkpoint sim;
        std::vector<ExpectResult> results;
        size_t next_expect = 0;
        bool finished = false;
        std::vector<ByWatch> watch;
    };
    Checkpoint checkpoint() const;
    void restore(const Checkpoint& cp);
    void settle();

private:
    bool evaluate_due_expect();   // the next timed expectation, when it comes before the next event
    void evaluate(const Expect& e);
    SocketError call_result(const Expect& e) const;
    void track_sockets();
    std::vector<const TraceEntry*> transitions(int conn, Micros until) const;

    const Scenario* scenario_;
    Simulator sim_;
    std::vector<ExpectResult> results_;
    size_t next_expect_ = 0;
    std::vector<const Expect*> order_;        // timed expects by time, then the untimed ones
    Micros limit_ = 0;                        // scenario end, or the idle bound
    bool finished_ = false;
    std::vector<ByWatch> watch_;
};

}  // namespace tcplab
