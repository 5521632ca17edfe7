// The exercise-link builder as a teacher uses it, and the link as students meet it (docs/teaching.md):
// the teacher opens Controls > Exercise link, picks the mode, the language, the panels and "each
// student types it" with the pointer at the coordinates of the app's layout report, and copies the
// link and the iframe snippet (checked on the system clipboard); the snippet, pasted as it is into a
// cross-origin course page, opens at 960x600 and asks for the ID; a phone student opens the link,
// types an ID, and gets their own numbers: the ISN the native `tcplab quiz --student` key gives.
//
//   node exercise.mjs --site build/web/site --tcplab build/native/engine/tcplab --lesson scenarios/01-three-way-handshake.scn [--screenshots DIR]
import { serveSite, launchChromium, checker, parseOptions, openPage, screenshot } from './harness.mjs';
import { Person, reach } from './person.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const opt = parseOptions(['site', 'tcplab', 'lesson', 'screenshots'], ['site', 'tcplab', 'lesson'],
                         'exercise.mjs --site DIR --tcplab BIN --lesson FILE.scn [--screenshots DIR]');
const { check, section, done } = checker();
const LESSON = path.basename(opt.lesson, '.scn');
const isnFor = (student) => {
  const key = JSON.parse(execFileSync(opt.tcplab, ['quiz', opt.lesson, '--student', student, '--json'], { encoding: 'utf8' }));
  return key.hosts.find((h) => h.name === 'A').isn;
};

const extraPages = new Map();
const { server, base } = await serveSite(opt.site, extraPages);
const port = Number(new URL(base).port);
const browser = await launchChromium();

const open = (url, o) => openPage(browser, url, o);
async function ready(frame, what) {
  const r = await frame.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 90000);
    window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
  }));
  return check(r === 'ready', `${what}: the lab is ready`, r);
}
const shot = (page, name) => screenshot(page, opt.screenshots, name);
// Presses the control `id` (brought into view in the controls panel first), then lets it draw.
async function press(me, id) {
  const b = await reach(me, id, 'controls');
  check(!!b, `${id} is on screen`, b);
  if (b) await me.press(b);
  return b;
}
// What the app put on the system clipboard after pressing `id`: the 'copied' event and the
// clipboard itself must agree.
async function copy(me, page, id) {
  await me.evaluate(() => { window.__copied = []; window.tcplab.on('copied', (e) => window.__copied.push(e.text)); });
  await press(me, id);
  await me.until(() => true, 1);
  for (let i = 0; i < 300 && !(await me.evaluate(() => window.__copied.length)); i++) await me.frames(1);
  const event = await me.evaluate(() => window.__copied[0] || null);
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch((e) => 'error: ' + e.message));
  check(event !== null && clip === event, `${id}: the text is on the system clipboard`, { event, clip });
  return clip;
}
// The student-ID form of the page, as a person fills it: a click in the field, the keys, Enter.
async function typeStudent(page, frameSelector, id, { touch = false } = {}) {
  const frame = frameSelector ? await (await page.waitForSelector(frameSelector)).contentFrame() : page.mainFrame();
  const input = await frame.waitForSelector('#tcplab-student-id', { timeout: 30000 }).catch(() => null);
  if (!check(!!input, 'the page asks for the student ID before the lesson')) return null;
  const box = await input.boundingBox();
  const view = page.viewportSize();
  check(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width && box.y + box.height <= view.height && box.height >= 32,
        'the ID field is on screen and big enough to hit', box);
  if (touch) await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  else await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  check(await frame.evaluate(() => document.activeElement && document.activeElement.id === 'tcplab-student-id'), 'the field has the focus');
  check(await frame.evaluate(() => getComputedStyle(document.getElementById('tcplab-loading')).display === 'none'), 'no "Loading" text under the form');
  await page.keyboard.type(id);
  return frame;
}

let iframeSnippet = null, classLink = null;

await section('a teacher builds an exercise link (desktop, pointer)', async () => {
  const { context, page, errors } = await open(`${base}/?scenario=${LESSON}&lang=en`, { width: 1280, height: 800, clipboard: true });
  const me = await Person.at(page);
  if (!(await ready(me, 'teacher'))) return;
  await press(me, 'ex.title');
  for (const id of ['ex.mode.2', 'ex.lang.1', 'ex.panel.tcb', 'ex.panel.timers', 'ex.student.2']) await press(me, id);
  await shot(page, 'exercise-builder.png');
  classLink = await copy(me, page, 'ex.copy_link');
  const want = `${base}/?scenario=${LESSON}&lang=zh&panels=graph,timeline,controls,log&predict=numbers&askid=1`;
  check(classLink === want, 'Copy link: the lesson, 中文, four panels, seq/ack questions, the ID asked for', { got: classLink, want });
  const shown = await reach(me, 'ex.copied', 'controls');
  check(!!shown && shown.text === classLink, 'the copied link is shown in the builder', shown && shown.text);
  iframeSnippet = await copy(me, page, 'ex.copy_iframe');
  check(iframeSnippet === `<iframe src="${want.replaceAll('&', '&amp;')}" width="960" height="600" style="border:0" allow="clipboard-write" title="tcplab: 三次握手"></iframe>`,
        'Copy iframe: the same link in a 960x600 iframe, & escaped, titled in the lesson\'s language', iframeSnippet);

  // One student's own link: "this ID" with an ID typed into the builder's field.
  await press(me, 'ex.student.1');
  const field = await reach(me, 'ex.student_id', 'controls');
  if (check(!!field, 'the ID field shows for "this ID"')) {
    await me.press(field);
    await me.frames(2);
    await page.keyboard.type('li 4');
    await me.frames(2);
    const own = await copy(me, page, 'ex.copy_link');
    check(own === `${base}/?scenario=${LESSON}&lang=zh&panels=graph,timeline,controls,log&predict=numbers&student=li%204`,
          'with "this ID": student=li%204 instead of askid', own);
  }
  // The view's own Copy link is absolute too (it used to copy "?scenario=..." into the app's memory only).
  const view = await copy(me, page, 'copy_link');
  check(view.startsWith(`${base}/?scenario=${LESSON}&lang=en`), 'View > Copy link: an absolute link on the clipboard', view);
  check(errors.length === 0, 'no page or console errors', errors);
  await context.close();
});

await section('the snippet pasted into a cross-origin course page (960x600), a student types the ID', async () => {
  if (!iframeSnippet) return check(false, 'the snippet from the builder');
  // The course page is http://localhost:PORT, the lab http://127.0.0.1:PORT: different origins.
  extraPages.set('/course.html', `<!doctype html><meta charset="utf-8"><body style="margin:0">${iframeSnippet}
<script>window.results = []; addEventListener('message', (e) => { if (e.data && e.data.tcplab === 'result') window.results.push(e.data.data); });</script>`);
  const { context, page, errors } = await open(`http://localhost:${port}/course.html`, { width: 1000, height: 640 });
  const frame = await typeStudent(page, 'iframe', 'zhang san');
  if (!frame) return;
  await shot(page, 'exercise-iframe-id.png');
  await page.keyboard.press('Enter');
  const me = await Person.at(page, { iframe: 'iframe' });
  if (!(await ready(frame, 'iframe'))) return;
  const st = await me.status();
  check(st.student === 'zhang san' && st.lang === 'zh' && st.predict && st.predict.mode === 'numbers',
        'the lab runs for "zhang san", in 中文, asking seq/ack', st);
  const panels = (await me.layout()).boxes.filter((b) => b.kind === 'panel' || b.kind === 'tab').map((b) => b.id);
  check(!panels.some((id) => /tcb|timers/.test(id)) && panels.some((id) => /timeline/.test(id)), 'TCB and timers are not shown, the ladder is', panels);
  check(new URL(await frame.evaluate(() => location.href)).searchParams.get('student') === 'zhang san', 'the ID stays in the address (a reload keeps the numbers)');
  // The lesson's own question at 10 ms comes first, then A's SYN: Skip shows each answer, and the
  // course page gets each with the ID.
  await me.press(await reach(me, 'play_pause', 'controls'));
  let q = null;
  for (let n = 0; n < 2; n++) {
    q = null;
    for (let i = 0; i < 900 && !q; i++) { q = await me.box('predict.question', 0); if (!q || (await me.box('predict.verdict', 0))) { q = null; await me.frames(1); } }
    check(!!q, n === 0 ? 'play stops at the lesson\'s own first question' : 'then at the first seq/ack question', q && q.text);
    const skip = await me.box('predict.skip');
    if (skip) await me.press(skip);
    if (n === 0) { const cont = await me.box('predict.continue'); if (cont) await me.press(cont); }
  }
  for (let i = 0; i < 300 && (await page.evaluate(() => window.results.length)) < 2; i++) await me.frames(1);
  const got = await page.evaluate(() => window.results);
  check(got.length === 2 && got[0].question === 'syn_cost' && got[0].student === 'zhang san', 'first the lesson\'s own question, skipped, with the ID', got[0]);
  const first = got.find((r) => r.question === 'A.seg.1') || null;
  const isn = isnFor('zhang san');
  check(!!first && first.student === 'zhang san' && first.correct_answer.includes(`seq=${isn}`) && isn !== 1000,
        'the course page gets the answer with the ID, and the SYN\'s seq is the ISN of the teacher\'s key (tcplab quiz --student)', { first, isn });
  check(errors.length === 0, 'no page or console errors', errors);
  await context.close();
});

await section('a student opens the class link on a phone (390x844, touch)', async () => {
  if (!classLink) return check(false, 'the class link from the builder');
  const { context, page, errors } = await open(classLink, { width: 390, height: 844, touch: true, scale: 2 });
  const label = await page.waitForSelector('#tcplab-student label', { timeout: 30000 }).catch(() => null);
  check(!!label && (await label.textContent()) === '你的学号', 'the form speaks the link\'s language: 你的学号', label && (await label.textContent()));
  const frame = await typeStudent(page, null, 'w5', { touch: true });
  if (!frame) return;
  await shot(page, 'exercise-phone-id.png');
  const go = await page.$('#tcplab-student button');
  const gb = await go.boundingBox();
  await page.touchscreen.tap(gb.x + gb.width / 2, gb.y + gb.height / 2);
  if (!(await ready(page, 'phone'))) return;
  const st = await page.evaluate(() => window.tcplab.status());
  check(st.student === 'w5' && !(await page.$('#tcplab-student')), 'the form is gone and the lab runs for w5', st.student);
  check(errors.length === 0, 'no page or console errors', errors);
  await context.close();
});

await section('a bad askid is reported, the page still starts', async () => {
  const { context, page } = await open(`${base}/?scenario=${LESSON}&askid=maybe`, { width: 960, height: 600 });
  if (!(await ready(page, 'askid=maybe'))) return;
  const text = await page.evaluate(() => document.getElementById('tcplab-errors').innerText);
  check(/askid: must be 1 or 0/.test(text), 'the banner names askid', text);
  check(!(await page.$('#tcplab-student')), 'no ID form for a bad value');
  await context.close();
});

await browser.close();
server.close();
done('exercise');
