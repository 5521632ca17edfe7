// Browser journeys driven as a person (issue 8): for six lessons, at 1280x800 (top-level page),
// 960x600 and 640x480 (in an iframe of a cross-origin parent page) and 390x844 (a phone, touch),
// a person plays, pauses, steps, steps back three times, drags the scrubber back and forth, drops a
// segment in flight, makes a live socket call and uses the keyboard, with real pointer, touch and
// key events at coordinates taken from the app's own layout report. After every step the states
// the app shows must match the engine's trace, and no page error, console error or sanitizer
// report may appear. The layout of every size is checked in English and Chinese, and screenshots
// of every size x language go to --screenshots.
//
//   node journeys.mjs --site build/web/site [--asan-site build/web-asan/site] [--screenshots docs/screenshots]
//                     [--lessons 01,07] [--sizes 960x600] [--rotate N]
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, launchChromium, compressPng } from './harness.mjs';
import { Person, reach } from './person.mjs';
import { LAYOUT_CHECKS, selftest } from './layout_checks.mjs';
import { stateMismatches, inFlightAt, entriesOf } from './trace_oracle.mjs';

// --- Options --------------------------------------------------------------------------------------
const opt = { site: null, 'asan-site': null, screenshots: null, lessons: null, sizes: null, rotate: null };
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i].replace(/^--/, '');
  opt[k] = process.argv[++i];
}
if (!opt.site) { console.error('usage: journeys.mjs --site DIR [--asan-site DIR] [--screenshots DIR] [--lessons 01,07] [--sizes WxH,...]'); process.exit(2); }
for (const dir of [opt.site, opt['asan-site']].filter(Boolean))
  if (!fs.existsSync(path.join(dir, 'index.html'))) { console.error(`journeys: ${dir}/index.html is missing: build the site first`); process.exit(1); }

const LESSONS = ['01-three-way-handshake', '02-four-way-close', '04-half-close', '07-simultaneous-close',
                 '10-lost-handshake-segments', '14-time-wait-lost-last-ack'];
const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '960x600', width: 960, height: 600, iframe: true },
  { name: '640x480', width: 640, height: 480, iframe: true },
  { name: '390x844', width: 390, height: 844, touch: true },
];
const SCREENSHOT_LESSON = '02-four-way-close';
const lessons = opt.lessons ? LESSONS.filter((l) => opt.lessons.split(',').some((p) => l.startsWith(p))) : LESSONS;
const sizes = opt.sizes ? SIZES.filter((s) => opt.sizes.split(',').includes(s.name)) : SIZES;
// --rotate N: each lesson at one size only, lesson i at size (i + N) mod 4 (the CI's bounded run).

// --- Results --------------------------------------------------------------------------------------
let failures = 0, passes = 0;
const failedWhere = [];
let where = '';
let clock0 = process.hrtime.bigint();
const stamp = () => `${(Number(process.hrtime.bigint() - clock0) / 1e9).toFixed(1).padStart(5)}s`;
function check(cond, what, detail) {
  if (cond) { passes++; console.log(`  ok    ${stamp()} ${what}`); return true; }
  failures++;
  failedWhere.push(`${where}: ${what}`);
  const d = detail === undefined ? '' : ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail));
  console.log(`  FAIL  ${stamp()} ${what}${d.length > 1500 ? d.slice(0, 1500) + ' ...' : d}`);
  return false;
}

// A box the step needs; a missing one fails the step.
async function need(person, id, what) {
  const b = await person.box(id);
  if (b) return b;
  check(false, what, `the layout reports no box "${id}"`);
  return null;
}

// --- Serving: the lab on 127.0.0.1, the course page that embeds it on localhost (another origin) --
const extraPages = new Map();
extraPages.set('/course-page.html', `<!doctype html><meta charset="utf-8"><title>course page</title>
<body style="margin:0;background:#f4f1ea;font:14px sans-serif">
<p style="margin:0;padding:8px 24px;height:24px">A course page with the lab embedded below.</p>
<iframe id="lab" style="position:absolute;left:24px;top:40px;border:0" allow="clipboard-write"></iframe>
<script>
  const q = new URLSearchParams(location.search), f = document.getElementById('lab');
  f.width = q.get('w'); f.height = q.get('h'); f.src = q.get('src');
</script>`);

async function startSite(site) {
  const s = await serveSite(site, extraPages);
  const port = new URL(s.base).port;
  return { ...s, lab: `http://127.0.0.1:${port}`, parent: `http://localhost:${port}` };
}

// --- Opening a lesson as a person does: a link, top-level or in the course page ---------------------
const ASAN_REPORT = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;
// One browser context per site and size, so that its HTTP and compiled-wasm caches are shared by
// the lessons opened in it (a page each).
const contexts = new Map();
async function contextFor(browser, site, size) {
  const key = `${site.lab} ${size.name}`;
  if (!contexts.has(key)) {
    contexts.set(key, await browser.newContext({
      viewport: size.iframe ? { width: size.width + 48, height: size.height + 64 } : { width: size.width, height: size.height },
      hasTouch: !!size.touch, isMobile: !!size.touch, deviceScaleFactor: size.touch ? 2 : 1,
    }));
  }
  return contexts.get(key);
}

async function openLesson(browser, site, size, lesson, { lang = 'en', params = '' } = {}) {
  const context = await contextFor(browser, site, size);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e}`));
  page.on('crash', () => errors.push('the page crashed'));
  page.on('console', (m) => {
    const text = m.text();
    // The browser's own favicon probe logs a generic "Failed to load resource"; HTTP errors of the
    // app itself are caught below with their URL.
    if (m.type() === 'error' && !text.startsWith('Failed to load resource')) errors.push(`console error: ${text}`);
    else if (ASAN_REPORT.test(text)) errors.push(`sanitizer: ${text}`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !/favicon/.test(r.url())) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  const labUrl = `${site.lab}/?scenario=${lesson}&lang=${lang}${params}`;
  if (size.iframe) await page.goto(`${site.parent}/course-page.html?w=${size.width}&h=${size.height}&src=${encodeURIComponent(labUrl)}`);
  else await page.goto(labUrl);
  const person = await Person.at(page, { touch: !!size.touch, iframe: size.iframe ? '#lab' : null });
  const ready = await person.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('no ready signal within 120 s'), 120000);
    const go = () => window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
    if (window.tcplab) go(); else window.addEventListener('DOMContentLoaded', go);
  }));
  return { page, person, errors, ready };
}

// --- What every step ends with --------------------------------------------------------------------
let seenErrors = 0;
async function settled(j, what) {
  const { person, errors } = j;
  const r = await person.evaluate(() => {
    const b = document.getElementById('tcplab-errors');
    return { status: window.tcplab.status(), states: window.tcplab.states(), trace: window.tcplab.trace(),
             banner: b && b.classList.contains('shown') ? b.innerText : null };
  });
  const fresh = errors.slice(seenErrors);
  seenErrors = errors.length;
  check(fresh.length === 0, `${what}: no page, console or sanitizer error`, fresh);
  check(r.banner === null, `${what}: no error banner`, r.banner);
  check(r.status.ready !== false && !r.status.error, `${what}: the app runs its lesson`, r.status);
  const diff = stateMismatches(r.states, r.trace, r.status.time_us);
  check(diff.length === 0, `${what}: the states shown match the trace at ${r.status.time_us} us`, diff);
  return r;
}

// The layout once the ladder has settled: a followed or fitted view zooms in over a few frames
// until every text has room (while some have none, the toolbar says so: timeline.hidden).
async function settledLayout(person, maxFrames = 40) {
  let r = await person.layout();
  for (let i = 0; i < maxFrames && r.boxes.some((b) => b.id === 'timeline.hidden'); i++) {
    await person.frames(1);
    r = await person.layout();
  }
  return r;
}

function layoutChecks(report, what, { expectGraph = true, expectLadder = true } = {}) {
  for (const [name, fn] of Object.entries(LAYOUT_CHECKS)) {
    const problems = fn(report);
    check(problems.length === 0, `${what}: ${name}`, problems);
  }
  // Checks on boxes only mean something when the boxes are reported at all.
  const has = (kind, prefix) => report.boxes.some((b) => b.kind === kind && b.id.startsWith(prefix));
  for (const [kind, prefix, wanted] of [['node', 'node.', expectGraph], ['segment', 'seg.', expectLadder]]) {
    if (!wanted) continue;
    check(has(kind, prefix), `${what}: ${kind} boxes are reported`, report.boxes.map((b) => b.id).slice(0, 40));
  }
}

// --- The journey ------------------------------------------------------------------------------------
// Engine events (sim_events; older builds: trace entries): an expect checked while playing adds a
// trace entry between engine events, which a step back does not land on.
const evs = (x) => (x.sim_events !== undefined ? x.sim_events : x.events);

async function journey(j, size, lesson, { screenshots = false } = {}) {
  const { person } = j;
  const act = (box) => person.press(box);
  let r = await settled(j, 'opened');
  const end = r.status.end_us;
  check(end > 0, 'the scrubber knows the lesson\'s length before it plays', r.status);
  layoutChecks(await settledLayout(person), 'EN at the start', { expectLadder: false });

  // Play, then pause once virtual time has advanced.
  const play = await need(person, 'play_pause', 'play');
  if (play) {
    await act(play);
    const st = await person.until((s) => s.playing && s.time_us > 0);
    check(st.playing && st.time_us > 0, 'play: playing, virtual time advances', st);
    await act(await person.box('play_pause') || play);
    const paused = await person.until((s) => !s.playing, 30);
    check(!paused.playing, 'pause: stopped', paused);
    await settled(j, 'after play and pause');
  }

  // Step forward four times, then back three times: each step back returns to the state before
  // the last step that did something (a step at the end of the lesson does nothing).
  const stepBox = await need(person, 'step', 'step');
  const backBox = await need(person, 'step_back', 'step back');
  const key = (x) => `${x.time_us}/${evs(x)}`;
  const visited = [await person.status()];
  if (stepBox) {
    for (let i = 0; i < 4; i++) {
      const before = visited[visited.length - 1];
      await act(await person.box('step') || stepBox);
      const after = await person.status();
      if (key(after) !== key(before)) visited.push(after);
      check(after.time_us >= before.time_us && (key(after) !== key(before) || after.idle), `step ${i + 1}: the next event happens`, { before, after });
    }
    await settled(j, 'after four steps');
    layoutChecks(await settledLayout(person), 'EN after four steps');
  }
  if (backBox && visited.length >= 2) {
    for (let i = 1; i <= 3 && visited.length >= 2; i++) {
      await act(await person.box('step_back') || backBox);
      const st = await person.status();
      visited.pop();
      const want = visited[visited.length - 1];
      check(evs(st) === evs(want),
            `step back ${i}: back to the state before the last step`, { now: st, then: want });
      await settled(j, `after step back ${i}`);
    }
  }

  // The scrubber: press at 80 %, drag back to 20 %, forth to 60 %, release; then a click at 30 %.
  const scrub = await need(person, 'scrubber', 'scrubber');
  if (scrub) {
    // With idle time skipped the scrubber is not linear in time: positions must keep their order.
    const seen = [];
    await person.drag(scrub, [0.8, 0.2, 0.6], { onMove: async () => seen.push(await person.status()) });
    const st = await person.status();
    check(st.end_us > 0 && seen.length === 2 && seen[0].time_us < st.time_us && st.time_us <= st.end_us,
          'scrubber drag: back to ~20 %, forth to ~60 % (later than at 20 %)',
           { during: seen.map((s) => s.time_us), after: st.time_us, end: st.end_us });
    check(!st.playing, 'scrubbing leaves playback paused', st);
    await settled(j, 'after dragging the scrubber');
    await act(await person.box('scrubber') || scrub, { fx: 0.3 });
    const at30 = await person.status();
    check(at30.end_us > 0 && seen.length === 2 && at30.time_us >= seen[0].time_us && at30.time_us <= st.time_us,
          'scrubber click at 30 %: between the times at 20 % and 60 %',
           { time_us: at30.time_us, at20: seen[0] && seen[0].time_us, at60: st.time_us });
    await settled(j, 'after clicking the scrubber');
    layoutChecks(await settledLayout(person), 'EN after scrubbing');
  }
  if (screenshots) await takeScreenshots(j, size);

  if (!size.touch) await keyboard(j, size);
  await dropSegment(j, size);
  await liveCall(j, size);

  // Chinese: the language button, then the same layout checks, and the screenshots.
  const zh = await reach(person, 'lang.zh', 'controls');
  if (!zh) {
    check(false, 'the language button lang.zh can be reached', (await person.layout()).boxes.map((b) => b.id));
  } else {
    await act(zh);
    const st = await person.until((s) => s.lang === 'zh', 30);
    check(st.lang === 'zh', 'the language button switches to Chinese', st.lang);
    check(!!(await reach(person, (b) => b.kind === 'segment', 'timeline')), 'ZH: the ladder is in view (its tab on a phone)');
    layoutChecks(await settledLayout(person), 'ZH');
    await settled(j, 'in Chinese');
  }
}

// Drop a segment in flight: shift-click on a mouse, long-press on a touch screen, on its arrow.
async function dropSegment(j, size) {
  const { person } = j;
  // Back to the start (the reset button), where the lesson's segments are still to come.
  const resetBox = await need(person, 'reset', 'reset');
  if (!resetBox) return;
  await person.press(resetBox);
  const st0 = await person.until((s) => s.time_us === 0, 30);
  check(st0.time_us === 0 && !st0.playing, 'reset: back at 0 us, paused', st0);
  const stepBox = await person.box('step');
  let target = null;
  for (let i = 0; i < 12 && !target; i++) {
    const { st, trace } = await person.evaluate(() => ({ st: window.tcplab.status(), trace: window.tcplab.trace() }));
    const flying = inFlightAt(trace, st.time_us);
    if (flying.length) { target = flying[0]; break; }
    if (!stepBox || st.idle) break;
    await person.press(stepBox);
  }
  if (!check(target !== null, 'a segment is in flight to drop (stepping forward until one is)')) return;
  // On a phone the ladder is a tab of its own.
  const seg = await reach(person, `seg.${target.index}`, 'timeline');
  if (!check(!!seg, `drop: the arrow of segment ${target.index} (${target.segment.flags_text}) is in view`,
             (await person.layout()).boxes.map((b) => b.id))) return;
  if (size.touch) {
    // A long press is the right click: the segment's menu, then a tap on "Drop".
    await person.longPress(seg);
    const drop = await need(person, 'menu.drop', 'the long press opens the segment menu with "Drop"');
    if (!drop) return;
    await person.tap(drop);
  } else {
    await person.click(seg, { modifiers: ['Shift'] });
  }
  const trace = await person.evaluate(() => window.tcplab.trace());
  const dropped = entriesOf(trace).some((e) => e.kind === 'segment_dropped' && e.packet_id === target.packet_id);
  check(dropped, `drop (${size.touch ? 'long press, Drop' : 'shift-click'}) on the arrow of the ${target.segment.flags_text} in flight: it is lost`,
        { packet_id: target.packet_id, seg });
  await settled(j, 'after dropping a segment');
}

// A live socket call from a host's button: it takes effect at once, also when paused. The call
// is one the host's state allows: close an open connection, else listen on a closed host.
const CLOSABLE = ['SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'CLOSE_WAIT'];
async function liveCall(j, size) {
  const { person } = j;
  const states = await person.evaluate(() => window.tcplab.states());
  const hosts = Object.keys(states).filter((h) => h !== 'connections');
  const host = hosts.find((h) => CLOSABLE.includes(states[h])) || hosts.find((h) => states[h] === 'CLOSED');
  if (!check(!!host, 'a host that can make a socket call', states)) return;
  const call = CLOSABLE.includes(states[host]) ? 'close' : 'listen';
  const id = `call.${host}.${call}`;
  const box = await reach(person, id, 'controls');
  if (!box) {
    check(false, `live call: the button ${id} can be reached`, (await person.layout()).boxes.map((b) => b.id));
    return;
  }
  const before = entriesOf(await person.evaluate(() => window.tcplab.trace())).filter((e) => e.kind === 'user_call').length;
  await person.press(box);
  const after = await person.evaluate(() => ({ trace: window.tcplab.trace(), st: window.tcplab.status() }));
  const userCalls = entriesOf(after.trace).filter((e) => e.kind === 'user_call');
  check(userCalls.length > before, `live call ${host} ${call} (${states[host]}): in the trace at once (paused: ${!after.st.playing})`, { before, after: userCalls.length });
  await settled(j, `after the live call ${id}`);
}

// Keyboard: focus the canvas by clicking into a panel (its heading), then →, ← and Space.
async function keyboard(j, size) {
  const { person } = j;
  const report = await person.layout();
  const p = report.boxes.find((b) => b.kind === 'panel' && b.id === 'timeline') || report.boxes.find((b) => b.kind === 'panel');
  if (!check(!!p, 'keyboard: a panel to click into', report.boxes.map((b) => b.id))) return;
  // On the panel's heading (its left end, where its title is: no widget there).
  await person.click(p, { fx: Math.min(0.5, 14 / p.w), fy: Math.min(0.5, 10 / p.h) });
  const s0 = await person.status();
  const states0 = await person.evaluate(() => window.tcplab.states());
  await person.key('ArrowRight');
  const s1 = await person.status();
  if (!check(evs(s1) > evs(s0) || s1.time_us > s0.time_us || s0.idle, '→ steps forward', { s0, s1 })) return;
  const states1 = await person.evaluate(() => window.tcplab.states());
  await person.key('ArrowLeft');
  const s2 = await person.status();
  // ← undoes the engine event → processed: the state right before it (a timed expectation checked
  // between the two events belongs to that state, so the clock may stand later than before →).
  const states2 = await person.evaluate(() => window.tcplab.states());
  check(evs(s2) === evs(s0) && s2.time_us <= s1.time_us && JSON.stringify(states2) === JSON.stringify(states0),
        '← steps back to the engine events and states before →', { s0, s1, s2, states0, states1, states2 });
  await person.key('Space');
  const s3 = await person.until((s) => s.playing || s.time_us > s2.time_us, 10);
  if (check(s3.playing || s3.time_us > s2.time_us, 'Space plays', s3)) {
    await person.key('Space');
    const s4 = await person.until((s) => !s.playing, 10);
    check(!s4.playing, 'Space pauses again', s4);
  }
  await settled(j, 'after the keyboard');
}

// The mouse to a corner of the state diagram where nothing is (no tooltip in the picture; a move
// out of an iframe leaves the app's last mouse position as it was).
async function restMouse(person) {
  const g = await person.box('graph', 0);
  if (g) {
    const p = await person.point(g, 0.02, 0.98);
    await person.page.mouse.move(p.x, p.y);
  }
  await person.frames(3);
}

async function takeScreenshots(j, size) {  // of the lesson of the journey, one per size and language
  if (!opt.screenshots) return;
  fs.mkdirSync(opt.screenshots, { recursive: true });
  const { person, page } = j;
  if (!size.touch) await restMouse(person);
  for (const lang of ['en', 'zh']) {
    await person.evaluate((l) => window.tcplab.setLang(l), lang);
    await person.frames(3);
    const file = path.join(opt.screenshots, `journey-${size.name}-${lang}.png`);
    await (size.iframe ? page.locator('#lab').screenshot({ path: file }) : page.screenshot({ path: file }));
    compressPng(file);
    check(fs.statSync(file).size > 5000, `saved ${file} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
  }
  await person.evaluate(() => window.tcplab.setLang('en'));
  await person.frames(2);
}

// --- The README's embed: 960x600, panels=graph,timeline, both languages ---------------------------
async function readmeEmbed(browser, site) {
  const size = SIZES[1];
  for (const lang of ['en', 'zh']) {
    where = `README embed 960x600 panels=graph,timeline ${lang}`;
    console.log(`\n== ${where}`);
    const j = await openLesson(browser, site, size, '07-simultaneous-close', { lang, params: '&autoplay=1&panels=graph,timeline' });
    seenErrors = 0;
    if (check(j.ready === 'ready', 'ready', j.ready)) {
      await j.person.until((s) => s.time_us > 600000, 900);
      const pause = await need(j.person, 'play_pause', 'the transport bar is there without the controls panel');
      if (pause) await j.person.press(pause);
      for (const id of ['step_back', 'step', 'scrubber']) await need(j.person, id, `transport control ${id} without the controls panel`);
      layoutChecks(await settledLayout(j.person), `README embed ${lang}`);
      await settled(j, 'README embed');
      if (opt.screenshots) {
        await restMouse(j.person);
        const file = path.join(opt.screenshots, `readme-embed-960x600-${lang}.png`);
        await j.page.locator('#lab').screenshot({ path: file });
        compressPng(file);
      }
    }
    await j.page.close();
  }
}

// --- Run ----------------------------------------------------------------------------------------------
const started = process.hrtime.bigint();
where = 'layout checks self-test';
console.log(`== ${where}`);
const st = selftest();
check(st.length === 0, 'every layout check rejects its planted fault and accepts a good layout', st);

const browser = await launchChromium();
const runs = [{ site: await startSite(opt.site), label: '', all: true }];
if (opt['asan-site']) runs.push({ site: await startSite(opt['asan-site']), label: ' [ASan build]', all: false });
for (const run of runs) {
  console.log(`\njourneys: serving ${run.label ? opt['asan-site'] : opt.site} at ${run.site.lab}${run.label}`);
  for (const [li, lesson] of lessons.entries()) {
    // The sanitizer build runs one size per lesson, a different one for each lesson (and so does
    // the normal build with --rotate, shifted so that the two builds meet each lesson at other sizes).
    const rotate = run.all ? (opt.rotate === null ? null : Number(opt.rotate)) : (Number(opt.rotate || 0) + 2);
    const these = rotate === null ? sizes : [sizes[(li + rotate) % sizes.length]];
    for (const size of these) {
      where = `${lesson} at ${size.name}${size.iframe ? ' (iframe, cross-origin)' : ''}${size.touch ? ' (touch)' : ''}${run.label}`;
      console.log(`\n== ${where}`);
      const t0 = clock0 = process.hrtime.bigint();
      const j = await openLesson(browser, run.site, size, lesson);
      seenErrors = 0;
      try {
        if (check(j.ready === 'ready', 'the app starts', [j.ready, ...j.errors])) {
          await journey(j, size, lesson, { screenshots: run.all && (lesson === SCREENSHOT_LESSON || rotate !== null) });
        }
      } catch (e) {
        check(false, 'the journey ran to its end', e && e.stack ? e.stack : String(e));
      }
      await j.page.close();
      console.log(`  info  ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
    }
  }
  if (run.all && sizes.includes(SIZES[1])) await readmeEmbed(browser, run.site);
  run.site.server.close();
}
await browser.close();
const secs = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`\njourneys: ${passes} passed, ${failures} failed, ${secs.toFixed(0)} s`);
if (failures) console.log('failed:\n  ' + [...new Set(failedWhere)].join('\n  '));
process.exit(failures ? 1 : 0);
