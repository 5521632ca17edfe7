#!/usr/bin/env bash
# The tcplab command's contract: exit statuses, error format, outputs. Usage: cli_test.sh TCPLAB SOURCE_DIR WORK_DIR
set -uo pipefail
tcplab=$1 src=$2 work=$3
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_status() {  # expect_status WANT DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, want $want; stderr: $(cat "$work/err")"
}

# Passing scenario: 0; failing expectation: 1; scenario error: 2; unknown option/profile: 2.
expect_status 0 "run handshake" -- "$tcplab" run "$src/tests/scenarios/handshake.scn"
grep -q '^13 passed, 0 failed$' "$work/out" || fail "run handshake: summary line"
grep -q -- '|--SYN seq=1000 len=0-' "$work/out" || fail "run handshake: SYN arrow"
expect_status 1 "run failing expect" -- "$tcplab" run "$src/tests/cli/failing-expect.scn"
grep -q 'FAIL  .*failing-expect.scn:7: expect at 1s A=CLOSED: A is ESTABLISHED' "$work/out" || fail "failing expect: report"
grep -q '^1 passed, 1 failed$' "$work/out" || fail "failing expect: summary"
expect_status 1 "run --quiet failing" -- "$tcplab" run --quiet "$src/tests/cli/failing-expect.scn"
grep -q 'seq=' "$work/out" && fail "--quiet still draws the ladder"

expect_status 2 "run bad syntax" -- "$tcplab" run "$src/tests/cli/bad-syntax.scn"
bad="$src/tests/cli/bad-syntax.scn"
want="$bad:3:6: error: unknown host 'C' (hosts: A, B)
$bad:4:4: error: bad time '5' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)
$bad:5:21: error: unknown flag 'SYNN' (flags: SYN FIN RST PSH ACK URG ECE CWR)"
[ "$(cat "$work/err")" = "$want" ] || fail "bad syntax: errors were: $(cat "$work/err")"
expect_status 2 "missing file" -- "$tcplab" run "$work/no-such-file.scn"
grep -q 'no-such-file.scn:0:0: error: cannot open file' "$work/err" || fail "missing file message"
expect_status 2 "unknown profile" -- "$tcplab" run --profile bsd "$src/tests/scenarios/handshake.scn"
expect_status 2 "unknown option" -- "$tcplab" run --frobnicate "$src/tests/scenarios/handshake.scn"
expect_status 2 "no subcommand" -- "$tcplab"
# --what-if: a hypothesis that is not TCP, said so first; real TCP's failing expects do not fail the run.
expect_status 0 "run --what-if no-time-wait" -- "$tcplab" run --what-if no-time-wait "$src/scenarios/14-time-wait-lost-last-ack.scn"
head -3 "$work/out" | grep -q '^WHAT IF (not real TCP): no TIME_WAIT' || fail "--what-if: banner"
grep -q 'FAIL  .*14-time-wait-lost-last-ack.scn:[0-9]*: expect no-segment A->B RST: sent at 1.55s: RST seq=1002' "$work/out" \
  || fail "--what-if no-time-wait: the retransmitted FIN meets a RST"
grep -q ' note: ' "$work/out" && fail "--what-if: the lesson's notes (about real TCP) are shown"
"$tcplab" run --what-if two-way-handshake --json - "$src/scenarios/01-three-way-handshake.scn" >"$work/wi.json" 2>/dev/null
grep -q '"hypothesis": "two-way-handshake"' "$work/wi.json" || fail "--what-if --json: hypothesis named"
grep -q 'rule.whatif.listen_rcv_syn_established' "$work/wi.json" || fail "--what-if --json: whatif rule"
expect_status 2 "run --what-if unknown" -- "$tcplab" run --what-if rfc9293 "$src/scenarios/01-three-way-handshake.scn"
grep -q "unknown hypothesis 'rfc9293' (known: two-way-handshake, no-time-wait)" "$work/err" || fail "--what-if unknown: message"
expect_status 2 "profile cannot be a hypothesis" -- "$tcplab" run --profile no-time-wait "$src/scenarios/01-three-way-handshake.scn"
expect_status 2 "--relative with --absolute" -- "$tcplab" run --relative --absolute "$src/tests/scenarios/handshake.scn"

for cmd in run check bench profiles quiz; do
  expect_status 0 "$cmd --help" -- "$tcplab" "$cmd" --help
  grep -q 'Usage:' "$work/out" || fail "$cmd --help prints no usage"
done

# --relative: the handshake as Wireshark numbers it.
expect_status 0 "run --relative" -- "$tcplab" run --relative "$src/tests/scenarios/handshake.scn"
grep -q -- 'SYN,ACK seq=0 ack=1 len=0' "$work/out" || fail "--relative SYN,ACK"

# --json - : only JSON on stdout, in the documented schema; --json FILE too.
expect_status 0 "run --json -" -- "$tcplab" run --json - "$src/tests/scenarios/handshake.scn"
python3 - "$work/out" <<'PY' || fail "--json - output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "tcplab-trace" and d["version"] == 1, d.get("schema")
assert [h["name"] for h in d["hosts"]] == ["A", "B"]
syn = [e for e in d["entries"] if e["kind"] == "segment_sent"][0]
assert syn["segment"]["seq"] == 1000 and syn["segment"]["flags"] == ["SYN"], syn
assert d["results"]["passed"] == 13 and d["results"]["failed"] == 0
PY
expect_status 0 "run --json FILE" -- "$tcplab" run --quiet --json "$work/t.json" "$src/tests/scenarios/handshake.scn"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/t.json" || fail "--json FILE is not JSON"

# check: PASS/FAIL lines, summary, status.
expect_status 0 "check fixtures" -- "$tcplab" check "$src/tests/scenarios"
grep -q '^PASS  .*handshake.scn' "$work/out" || fail "check: PASS line"
n=$(ls "$src"/tests/scenarios/*.scn | wc -l)
grep -q "^$n passed, 0 failed\$" "$work/out" || fail "check: summary $(tail -1 "$work/out"), expected $n passed"
expect_status 1 "check with a failure" -- "$tcplab" check "$src/tests/scenarios/handshake.scn" "$src/tests/cli/failing-expect.scn" "$src/tests/cli/bad-syntax.scn"
grep -q '^FAIL  .*failing-expect.scn' "$work/out" || fail "check: FAIL line"
grep -q 'failing-expect.scn:7: expect at 1s A=CLOSED: A is ESTABLISHED' "$work/out" || fail "check: failing expect detail"
grep -q "bad-syntax.scn:3:6: error: unknown host 'C'" "$work/out" || fail "check: parse error listed"
grep -q '^1 passed, 2 failed$' "$work/out" || fail "check: summary with failures"
expect_status 2 "check missing path" -- "$tcplab" check "$work/nothing-here"

# bench: every lifecycle completes; 11 segments each (SYN, SYN-ACK, ACK, 2 data, 2 ACKs, FIN, ACK, FIN, ACK).
expect_status 0 "bench" -- "$tcplab" bench --connections 200 --concurrency 20
grep -q '^connections      200$' "$work/out" || fail "bench: connections"
grep -q '^segments         2200$' "$work/out" || fail "bench: segments $(grep segments "$work/out")"

# profiles
expect_status 0 "profiles" -- "$tcplab" profiles
for p in rfc9293 rfc793 linux; do grep -q "^profile $p$" "$work/out" || fail "profiles: $p"; done
expect_status 2 "profiles unknown" -- "$tcplab" profiles nope

# quiz: the teacher's key for lesson 01, in the notes' terms; per-student numbers, deterministic.
l01="$src/scenarios/01-three-way-handshake.scn"
expect_status 0 "quiz lesson 01" -- "$tcplab" quiz "$l01"
grep -q '^ISNs: A=1000 B=5000$' "$work/out" || fail "quiz: ISNs"
grep -qF '5. B.seg.1        60ms  the segment B sends to A?  SYN,ACK seq=y=5000 (relative 0) ack=x+1=1001 (relative 1) len=0' "$work/out" || fail "quiz: B's SYN,ACK"
grep -qF 'why: RFC 9293 3.10.7.2: rcv SYN in LISTEN: snd SYN,ACK, enter SYN-RECEIVED' "$work/out" || fail "quiz: rule of the SYN,ACK"
grep -qF "A.state.2     110ms  A's next state?  ESTABLISHED (已建立连接), from SYN_SENT" "$work/out" || fail "quiz: A's ESTABLISHED"
head -1 "$work/out" | grep -q ': 10 questions$' || fail "quiz: 10 questions"
expect_status 0 "quiz --mode states" -- "$tcplab" quiz --mode states "$l01"
head -1 "$work/out" | grep -q ': 5 questions$' || fail "quiz states: 5 questions"
sed '/^Authored questions/,$d' "$work/out" | grep -q 'seg\.' && fail "quiz states: has segment questions"
expect_status 2 "quiz bad mode" -- "$tcplab" quiz --mode everything "$l01"
grep -q "unknown mode 'everything' (states, numbers, both)" "$work/err" || fail "quiz: bad mode message"
"$tcplab" quiz --json --student alice "$l01" >"$work/alice1.json" || fail "quiz --student alice"
"$tcplab" quiz --json --student alice "$l01" >"$work/alice2.json"
"$tcplab" quiz --json --student bob "$l01" >"$work/bob.json"
cmp -s "$work/alice1.json" "$work/alice2.json" || fail "quiz: same student, different key"
cmp -s "$work/alice1.json" "$work/bob.json" && fail "quiz: two students, the same key"
python3 - "$work/alice1.json" "$work/bob.json" <<'PY' || fail "quiz --json"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["schema"] == "tcplab-quiz" and a["version"] == 1 and a["student"] == "alice", a["schema"]
assert [h["isn"] for h in a["hosts"]] == [95935066, 1647711603], a["hosts"]
assert [h["isn"] for h in b["hosts"]] != [h["isn"] for h in a["hosts"]]
sa = next(q for q in a["questions"] if q["id"] == "B.seg.1")
assert sa["kind"] == "segment" and sa["answer"]["flags"] == "SYN,ACK", sa
assert sa["answer"]["seq"]["absolute"] == 1647711603 and sa["answer"]["seq"]["symbolic"] == "y"
assert sa["answer"]["ack"]["absolute"] == 95935067 and sa["answer"]["ack"]["symbolic"] == "x+1"
assert sa["answer"]["ack"]["relative"] == "1" and sa["pause_index"] == 17
assert sa["why"]["section"] == "3.10.7.2" and "95935067" in sa["why"]["notes"][0]["en"]
assert [q["id"] for q in a["questions"]] == [q["id"] for q in b["questions"]]
# The authored questions after the predict ones: answers from alice's run.
au = {q["id"]: q for q in a["authored"]}
assert [q["kind"] for q in a["authored"]] == ["state", "field", "field", "choice", "why"], a["authored"]
assert au["syn_rcvd"]["answer"]["state"] == "SYN_RCVD" and au["syn_rcvd"]["host"] == "B"
assert au["synack_ack"]["field"] == "ack" and au["synack_ack"]["answer"]["absolute"] == 95935067
assert au["synack_ack"]["answer"]["symbolic"] == "x+1" and au["synack_ack"]["segment"]["id"] == "B.seg.1"
assert [o["correct"] for o in au["syn_cost"]["options"]] == [True, False, False, False]
assert au["why_three"]["model"]["zh"].startswith("A 发送确认主要是为了防止已经失效的连接请求报文段")
PY
expect_status 0 "quiz lists authored questions" -- "$tcplab" quiz "$l01"
grep -q '^Authored questions: 5$' "$work/out" || fail "quiz: authored questions"
grep -qF 'answer: ack = x+1=1001 (relative 1)  [B->A SYN,ACK' "$work/out" || fail "quiz: authored field answer"
grep -qF 'a) [x] It carries no data, but it consumes one sequence number' "$work/out" || fail "quiz: authored choice"
l14="$src/scenarios/14-time-wait-lost-last-ack.scn"
expect_status 0 "quiz lesson 14" -- "$tcplab" quiz "$l14"
grep -qF 'answer: A->B ACK seq=u+1=1002 (relative 2) ack=w+1=5002 (relative 2) len=0, sent at 550ms (A.seg.4)' "$work/out" ||
    fail "quiz: authored lost answer"
"$tcplab" quiz --json "$l14" >"$work/l14.json" || fail "quiz --json lesson 14"
python3 - "$work/l14.json" <<'PY' || fail "quiz --json: authored lost and flags answers"
import json, sys
au = {q["id"]: q for q in json.load(open(sys.argv[1]))["authored"]}
lost = au["lost_seg"]["answer"]
assert au["lost_seg"]["kind"] == "lost" and lost["id"] == "A.seg.4" and lost["time_us"] == 550000, lost
assert lost["flags"] == "ACK" and lost["seq"]["symbolic"] == "u+1" and lost["ack"]["absolute"] == 5002, lost
assert au["c_answer"]["field"] == "flags" and au["c_answer"]["answer"] == "RST", au["c_answer"]
assert au["b_waits"]["answer"]["state"] == "LAST_ACK", au["b_waits"]
PY
# An ask the run cannot answer: check reports it at the ask line, quiz refuses the file.
expect_status 1 "check: authored question without a drop" -- "$tcplab" check "$src/tests/bad/bad_ask_lost.scn"
grep -qF "bad_ask_lost.scn:6:16: error: 'which': the run drops no segment at or after 0ms" "$work/out" ||
    fail "check: authored error located"
expect_status 2 "quiz: authored question without a drop" -- "$tcplab" quiz "$src/tests/bad/bad_ask_lost.scn"
expect_status 0 "run --student" -- "$tcplab" run --student alice "$l01"
grep -q -- '|--SYN seq=95935066 len=0-' "$work/out" || fail "run --student: SYN arrow"
grep -q '^17 passed, 0 failed$' "$work/out" || fail "run --student: expectations hold"

[ "$failures" -eq 0 ] && echo "cli: ok"
exit $((failures > 0))
