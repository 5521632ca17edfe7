// Predict mode as a student meets it (docs/teaching.md), in a 960x600 iframe of a cross-origin
// course page and on a phone: the lesson stops before each event, the student answers with the
// pointer and the keyboard at the coordinates the app's layout report gives, right and wrong, sees
// the verdict and the rule, retries, skips to the end; the course page receives every answer as a
// {tcplab: 'result'} message; the CSV (API and the card's button) has the same rows; the answer key
// `tcplab quiz --student` prints (native) is what the page (wasm) marks right.
//
//   node predict.mjs --site build/web/site --tcplab build/native/engine/tcplab --lesson scenarios/01-three-way-handshake.scn [--screenshots DIR]
import { serveSite, launchChromium, checker, parseOptions, openPage, screenshot } from './harness.mjs';
import { Person, reach } from './person.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const opt = parseOptions(['site', 'tcplab', 'lesson', 'screenshots'], ['site', 'tcplab', 'lesson'],
                         'predict.mjs --site DIR --tcplab BIN --lesson FILE.scn [--screenshots DIR]');
const { check, section, done } = checker();
const STUDENT = 'alice 王';
const LESSON = path.basename(opt.lesson, '.scn');

// The teacher's key for this student, from the native CLI.
const key = JSON.parse(execFileSync(opt.tcplab, ['quiz', opt.lesson, '--student', STUDENT, '--json'], { encoding: 'utf8' }));
const keyQ = (id) => key.questions.find((q) => q.id === id);

const extraPages = new Map();
const { server, base } = await serveSite(opt.site, extraPages);
const port = Number(new URL(base).port);
const browser = await launchChromium();

const open = (url, o) => openPage(browser, url, o);
async function ready(person) {
  const r = await person.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 90000);
    window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
  }));
  return check(r === 'ready', 'the lab is ready', r);
}
// The card's question, once playback has stopped for it.
async function question(person, maxFrames = 900) {
  for (let i = 0; i < maxFrames; i++) {
    const b = await person.box('predict.question', 0);
    const v = await person.box('predict.verdict', 0);
    if (b && !v) return b;
    await person.frames(1);
  }
  return null;
}
const shot = (page, name) => screenshot(page, opt.screenshots, name);
// Clicks a text field of the card and types, as a person does: looks at the field until the text
// shows (the field takes the keys once the click has activated it).
async function typeInto(person, page, id, text) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await person.press(await person.box(id));
    await person.frames(2);
    await page.keyboard.type(text);
    await person.frames(2);
    const b = await person.box(id);
    if (b && b.text === text) return true;
    if (b && b.text) for (let i = 0; i < b.text.length; i++) await page.keyboard.press('Backspace');
  }
  return check(false, `typing "${text}" into ${id}`);
}
// The next stop asks HOST's next state; the student clicks STATE, which is right, and continues.
async function stateRight(person, host, state, what) {
  const q = await question(person);
  check(!!q && q.text.startsWith(`${host} is about to change state`), what, q && q.text);
  await person.press(await person.box(`predict.state.${state}`));
  const v = await person.box('predict.verdict');
  check(!!v && /Right/.test(v.text), `${state} is right`, v && v.text);
  await person.press(await person.box('predict.continue'));
}

await section('a student in a 960x600 iframe of a cross-origin course page', async () => {
  const src = `${base}/?scenario=${LESSON}&predict=both&student=${encodeURIComponent(STUDENT)}&lang=en`;
  // The parent is http://localhost:PORT, the lab http://127.0.0.1:PORT: different origins.
  extraPages.set('/course.html', `<!doctype html><meta charset="utf-8"><body style="margin:0">
<iframe id="lab" src="${src}" style="width:960px;height:600px;border:0"></iframe>
<script>
  window.results = [];
  addEventListener('message', (e) => { if (e.data && e.data.tcplab === 'result') window.results.push(e.data.data); });
</script>`);
  const { context, page, errors } = await open(`http://localhost:${port}/course.html`, { width: 1000, height: 640, downloads: true });
  const me = await Person.at(page, { iframe: '#lab' });
  if (!(await ready(me))) return;

  const play = await reach(me, 'play_pause', 'controls');
  check(!!play, 'the play button is on screen', play);
  await me.press(play);
  let q = await question(me);
  check(!!q && /B is about to change state/.test(q.text), 'play stops before B listens and asks its next state', q && q.text);
  let st = await me.status();
  check(st.playing === false && st.predict && st.predict.question === 'B.state.1', 'paused at question B.state.1', st.predict);
  await shot(page, 'predict-iframe-question.png');

  // Wrong, then the verdict, the rule and the lit edge.
  await me.press(await me.box('predict.state.SYN_RCVD'));
  const verdict = await me.box('predict.verdict');
  check(!!verdict && /Not quite/.test(verdict.text) && /LISTEN/.test(verdict.text), 'a wrong state: "Not quite" and the answer LISTEN', verdict && verdict.text);
  const rule = await me.box('predict.rule');
  check(!!rule && /RFC 9293 3\.\d/.test(rule.text), 'the rule that decides it, with its RFC 9293 section', rule && rule.text);
  await shot(page, 'predict-iframe-wrong.png');
  // Try again is practice: right now, but the score keeps the first answer.
  await me.press(await me.box('predict.retry'));
  await me.press(await me.box('predict.state.LISTEN'));
  const again = await me.box('predict.verdict');
  check(!!again && /Right/.test(again.text), 'after "Try again", LISTEN is right', again && again.text);
  await me.press(await me.box('predict.continue'));

  // The lesson's own question at 10 ms (ask syn_cost ... choice), before A's SYN: an option tapped.
  q = await question(me);
  check(!!q && /What is true of a SYN segment\?/.test(q.text), 'at 10 ms the lesson asks its own multiple-choice question', q && q.text);
  await shot(page, 'predict-iframe-own-question.png');
  const option = await me.box('ask.option.0');
  check(!!option && /consumes one sequence number/.test(option.text), 'its first option, on screen', option && option.text);
  const ownSkip = await me.box('predict.skip');
  check(!!ownSkip && ownSkip.x + ownSkip.w <= 960 && ownSkip.y + ownSkip.h <= 600, 'Skip is on screen under the options', ownSkip);
  await me.press(option);
  const choice = await me.box('predict.verdict');
  check(!!choice && /Right/.test(choice.text), 'the correct option is right', choice && choice.text);
  await me.press(await me.box('predict.continue'));

  // A's connect: SYN_SENT, right at the first try.
  await stateRight(me, 'A', 'SYN_SENT', 'next stop: A changes state');

  // The SYN A sends: typed with the keyboard in the x, y numbering, Enter to check.
  q = await question(me);
  check(!!q && /A sends a segment to B/.test(q.text), 'next: the segment A sends', q && q.text);
  await me.press(await me.box('predict.flag.SYN'));
  await typeInto(me, page, 'predict.seq', 'x');
  await me.key('Enter');
  const syn = await me.box('predict.verdict', 30);  // the card answers in the frame after the key
  check(!!syn && /Right/.test(syn.text), 'SYN seq=x (typed, Enter) is right', syn && syn.text);
  const synKey = keyQ('A.seg.1');
  check(!!synKey && syn && syn.text.includes(String(synKey.answer.seq.absolute)), `the page's answer is the CLI key's for ${STUDENT}: seq=${synKey && synKey.answer.seq.absolute}`, syn && syn.text);
  check(synKey && synKey.answer.seq.absolute !== 1000, 'the student has their own ISN, not the lesson\'s 1000', synKey && synKey.answer.seq.absolute);
  await me.press(await me.box('predict.continue'));

  // The SYN reaches B at 60 ms: first the lesson's own questions of that time (its state, then the
  // ack B's answer carries, typed in the x, y numbering and checked against the CLI's key).
  q = await question(me);
  check(!!q && /A's SYN has just reached B\. What state is B in now\?/.test(q.text), 'at 60 ms the lesson asks B\'s state', q && q.text);
  check((await me.status()).time_us === 60000, 'stopped at 60 ms', (await me.status()).time_us);
  await me.press(await me.box('predict.state.SYN_RCVD'));
  const authoredState = await me.box('predict.verdict');
  check(!!authoredState && /Right/.test(authoredState.text), 'SYN_RCVD is right', authoredState && authoredState.text);
  await me.press(await me.box('predict.continue'));
  q = await question(me);
  check(!!q && /What acknowledgment number does it carry\?/.test(q.text), 'then the ack of B\'s SYN,ACK', q && q.text);
  await typeInto(me, page, 'ask.field', 'x+1');
  await me.press(await me.box('predict.check'));
  const authoredAck = await me.box('predict.verdict');
  const ackKey = key.authored.find((a) => a.id === 'synack_ack');
  check(!!authoredAck && /Right/.test(authoredAck.text) && authoredAck.text.includes(`x+1=${ackKey.answer.absolute}`),
        `x+1 is right, and the answer is the CLI key's for ${STUDENT}: ${ackKey.answer.absolute}`, authoredAck && authoredAck.text);
  await me.press(await me.box('predict.continue'));

  // Then predict mode's own: B's next state, and the SYN,ACK it sends, at the same stop.
  await stateRight(me, 'B', 'SYN_RCVD', 'the SYN arrives: B changes state');
  // The SYN,ACK typed wrong (ack=x: the SYN consumed one number), then skip everything else.
  q = await question(me);
  check(!!q && /B sends a segment to A/.test(q.text), 'at the same stop: the segment B sends', q && q.text);
  await me.press(await me.box('predict.flag.SYN'));
  await me.press(await me.box('predict.flag.ACK'));
  await typeInto(me, page, 'predict.seq', 'y');
  await typeInto(me, page, 'predict.ack', 'x');
  await me.press(await me.box('predict.check'));
  const synack = await me.box('predict.verdict');
  check(!!synack && /Not quite/.test(synack.text) && /ack=x\+1/.test(synack.text), 'SYN,ACK with ack=x is wrong; the answer shows ack=x+1', synack && synack.text);
  await me.press(await me.box('predict.continue'));
  for (let i = 0; i < 40; i++) {
    if (await me.box('predict.summary', 0)) break;
    const skip = await me.box('predict.skip', 0);
    if (skip && !(await me.box('predict.verdict', 0))) { await me.press(skip); continue; }
    const cont = await me.box('predict.continue', 0);
    if (cont) { await me.press(cont); continue; }
    await me.frames(2);
  }
  const summary = await me.box('predict.summary', 30);
  const total = key.questions.length + key.authored.length;
  check(!!summary && summary.text.includes(`right 6, wrong 2, skipped ${total - 8}, of ${total}`), `the final score: right 6 (B.state.1 counts its first answer), wrong 2, skipped ${total - 8}, of ${total} (predict's and the lesson's own)`, summary && summary.text);
  await shot(page, 'predict-iframe-summary.png');

  // The course page got every answer, in order, with the student, and the score last.
  await me.frames(3);
  const got = await page.evaluate(() => window.results);
  check(got.length === 9 + (total - 8) + 1, 'the parent received each answer (a retry is one more) and the score', got.length);
  const first = got[0] || {};
  check(first.schema === 'tcplab-result' && first.version === 1 && first.type === 'answer' && first.lesson === LESSON &&
        first.student === STUDENT && first.question === 'B.state.1' && first.answer === 'SYN_RCVD' &&
        first.correct_answer === 'LISTEN' && first.result === 'wrong' && first.attempt === 1 && !isNaN(Date.parse(first.time)),
        'the first message: B.state.1, answered SYN_RCVD, wrong, attempt 1, with the time', first);
  check(got[1] && got[1].result === 'right' && got[1].attempt === 2 && got[1].score.wrong === 1, 'the retry: right, attempt 2, still scored wrong', got[1]);
  // Native key == wasm page: every question's correct answer, as the CLI printed it for this student.
  const keyText = (k) => k.kind === 'state' ? k.answer.state
    : `${k.answer.flags} seq=${k.answer.seq.absolute}` + (k.answer.ack ? ` ack=${k.answer.ack.absolute}` : '');
  // The lesson's own: a state or a number as the key has it; a choice's or a why's text as written.
  const authoredKey = (id) => key.authored.find((a) => a.id === id);
  const authoredText = (a) => a.kind === 'state' ? a.answer.state
    : a.kind === 'field' && a.answer.absolute !== undefined ? String(a.answer.absolute) : null;
  const wrongKey = (r) => {
    if (keyQ(r.question)) return keyText(keyQ(r.question)) !== r.correct_answer;
    const a = authoredKey(r.question);
    if (!a || !r.kind.startsWith('authored-')) return true;
    const t = authoredText(a);
    return t === null ? !r.correct_answer : t !== r.correct_answer;
  };
  const mismatch = got.filter((r) => r.type === 'answer').filter(wrongKey);
  check(mismatch.length === 0 && key.questions.length + key.authored.length === total,
        'every answer the page (wasm) marks is the CLI key (native) for the student, predict\'s and the lesson\'s own', mismatch.slice(0, 3));
  const last = got[got.length - 1] || {};
  check(got.slice(9, -1).every((r) => r.result === 'skipped'), 'the rest arrive as skipped', got.slice(9, -1).map((r) => r.result));
  check(last.type === 'score' && last.right === 6 && last.wrong === 2 && last.skipped === total - 8 && last.total === total, 'the last message is the score', last);

  // The CSV: the same rows, from the API and from the card's button (a download).
  const csv = await me.evaluate(() => window.tcplab.resultsCsv());
  const rows = csv.trim().split('\r\n');
  check(rows.length === got.length + 1 && rows[0].startsWith('time,lesson,student'), 'the CSV has a header and one row per message', rows.length);
  check(rows.slice(1).every((r, i) => r.includes(got[i].type === 'score' ? '(score)' : got[i].question) && r.startsWith(got[i].time)),
        'each CSV row is the message the parent got (time, question)', rows.slice(1, 3));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), me.press(await me.box('predict.csv'))]);
  const file = await download.path();
  check(download.suggestedFilename() === 'tcplab-results.csv' && fs.readFileSync(file, 'utf8') === csv, 'the CSV button downloads the same CSV');
  check(errors.length === 0, 'no page or console errors', errors);
  await context.close();
});

await section('a student on a phone (390x844, touch, 中文)', async () => {
  const { context, page, errors } = await open(`${base}/?scenario=${LESSON}&predict=states&lang=zh`, { width: 390, height: 844, touch: true, scale: 2 });
  const me = await Person.at(page, { touch: true });
  if (!(await ready(me))) return;
  await me.press(await reach(me, 'play_pause', 'controls'));
  const q = await question(me);
  check(!!q && /即将进行状态变迁/.test(q.text), 'the question in Chinese', q && q.text);
  const listen = await me.box('predict.state.LISTEN');
  check(!!listen && listen.text.includes('收听') && listen.x >= 0 && listen.x + listen.w <= 390, 'LISTEN with the course notes\' name 收听, on screen', listen);
  await me.press(listen);
  const v = await me.box('predict.verdict');
  check(!!v && /正确/.test(v.text), 'tapped LISTEN: 正确', v && v.text);
  await shot(page, 'predict-phone-zh.png');
  // The lesson's own question next, in Chinese: its long options wrap inside the phone's width.
  await me.press(await me.box('predict.continue'));
  const own = await question(me);
  check(!!own && /关于 SYN 报文段/.test(own.text), 'the lesson\'s own question in Chinese', own && own.text);
  const opt0 = await me.box('ask.option.0');
  check(!!opt0 && /消耗掉一个序号/.test(opt0.text) && opt0.x >= 0 && opt0.x + opt0.w <= 390, 'its options in Chinese, within the screen', opt0);
  await me.press(await me.box('ask.option.2'));
  const ownV = await me.box('predict.verdict');
  check(!!ownV && /不对/.test(ownV.text) && /消耗掉一个序号/.test(ownV.text), 'a wrong option: 不对, and the right one shown', ownV && ownV.text);
  const said = await me.box('predict.you_said');
  check(!!said && /可以携带数据/.test(said.text), 'the answer given, as the card showed it (中文)', said && said.text);
  await shot(page, 'predict-phone-zh-own.png');
  check(errors.length === 0, 'no page or console errors', errors);
  await context.close();
});

await browser.close();
server.close();
done('predict');
