// Browser end-to-end test of the web build: Debian's chromium (headless, WebGL2 through SwiftShader)
// driven by playwright-core. Fails if WebGL does not render, the engine does not run, the JS API or
// the postMessage bridge misbehave, a malformed scenario crashes the page, or the single-file build
// does not work from file://. Saves the README screenshots.
//
//   node e2e.mjs --site build/web/site --fixtures tests/e2e/fixtures [--screenshots docs/screenshots]
import { serveSite, launchChromium, checker } from './harness.mjs';
import { Person, reach } from './person.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

// --- Options --------------------------------------------------------------------------------------
const opt = { site: null, fixtures: null, screenshots: null };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opt.site || !opt.fixtures) { console.error('usage: e2e.mjs --site DIR --fixtures DIR [--screenshots DIR]'); process.exit(2); }
for (const f of ['index.html', 'tcplab-api.js', 'tcplab.js', 'tcplab.wasm', 'tcplab.html']) {
  if (!fs.existsSync(path.join(opt.site, f))) {
    console.error(`e2e: ${path.join(opt.site, f)} is missing: build the site first (scripts/build-web.sh)`);
    process.exit(1);
  }
}
opt.site = path.resolve(opt.site);
const LIFECYCLE = fs.readFileSync(path.join(opt.fixtures, 'lifecycle.scn'), 'utf8');
const MALFORMED = fs.readFileSync(path.join(opt.fixtures, 'malformed.scn'), 'utf8');
const HANDSHAKE = '01-three-way-handshake';

const { check, section, done } = checker();

// --- Static server on 127.0.0.1, a free port, and Chromium -----------------------------------------
const extraPages = new Map();  // path -> html (the cross-origin parent page)
const { server, base } = await serveSite(opt.site, extraPages);
const port = Number(new URL(base).port);
console.log(`e2e: serving ${opt.site} at ${base}`);
const browser = await launchChromium();

async function openPage(url, { width = 1280, height = 800, scale = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const log = { errors: [], console: [] };
  page.on('pageerror', (e) => log.errors.push(String(e)));
  // HTTP failures are caught by the 'response' listener (with their URL); the console's generic
  // "Failed to load resource" line also covers the browser's own favicon probe, which is not the app's.
  page.on('console', (m) => {
    log.console.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) log.errors.push(m.text());
  });
  page.on('crash', () => log.errors.push('page crashed'));
  page.on('response', (r) => { if (r.status() >= 400) log.errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(url);
  return { context, page, log };
}
async function waitReady(page, what) {
  const ok = await page.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 90000);
    window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
  }));
  return check(ok === 'ready', `${what}: ready signal`, ok);
}
// Frames are slow and uneven under SwiftShader on a loaded machine (hundreds of ms): wait for a
// condition (bounded) rather than for a fixed time; the check after it says what was expected.
function settle(page, fn, arg = null, timeout = 15000) {
  return page.waitForFunction(fn, arg, { timeout }).then(() => true, () => false);
}
function segments(trace) {
  const entries = Array.isArray(trace) ? trace : trace.entries;
  return entries.filter((e) => e.kind === 'segment_sent');
}
function stateChanges(trace, to) {
  const entries = Array.isArray(trace) ? trace : trace.entries;
  return entries.filter((e) => e.kind === 'state_change' && (e.to === to || e.to_state === to));
}
// The canvas as the compositor shows it, decoded in the page: counts pixels that differ from the
// page background and distinct colours. A canvas WebGL never drew shows only the background.
async function canvasPixels(page) {
  const png = await page.locator('#canvas').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    let differ = 0, luma = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      luma += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 24) differ++;
      if (i % 28 === 0) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return { width: c.width, height: c.height, differ, total: d.length / 4, colours: colours.size, luma: luma / (d.length / 4) };
  }, png.toString('base64'));
}
function deflateParam(text) { return zlib.deflateSync(Buffer.from(text, 'utf8')).toString('base64url'); }

// Runs the lifecycle fixture to its end through whatever load path got it in, and checks the result.
async function checkLifecycle(page, what) {
  const r = await page.evaluate(() => {
    window.tcplab.runToEnd();
    return { states: window.tcplab.states(), trace: window.tcplab.trace(), status: window.tcplab.status() };
  });
  check(r.states.A === 'CLOSED' && r.states.B === 'CLOSED', `${what}: both hosts CLOSED at the end`, r.states);
  const segs = segments(r.trace);
  check(segs.length === 7, `${what}: 7 segments (SYN, SYN-ACK, ACK, FIN, ACK, FIN, ACK)`, segs.length);
  const tw = stateChanges(r.trace, 'TIME_WAIT');
  check(tw.length === 1, `${what}: exactly one endpoint went through TIME_WAIT`, tw.length);
  // Three expect lines naming two hosts each: six checks.
  check(r.status.failed === 0 && r.status.passed === 6, `${what}: the scenario's 6 expectations passed, none failed`, r.status);
  return r;
}

// --- 1. The page, WebGL, the default scenario, frame times -----------------------------------------
await section('page loads, WebGL2 renders, frame times', async () => {
  const { context, page, log } = await openPage(`${base}/`);
  if (!(await waitReady(page, 'index.html'))) { console.log(log.console.join('\n')); return; }
  const gl = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    // The app's own context: getContext returns the one the canvas already has, and null for
    // 'webgl2' if the app had made a WebGL 1 context (the glue's GLctx is not a global any more).
    const ctx = c.getContext('webgl2');
    return { webgl2: !!ctx && ctx instanceof WebGL2RenderingContext, version: ctx ? ctx.getParameter(ctx.VERSION) : null,
             canvas: [c.width, c.height], css: [c.clientWidth, c.clientHeight] };
  });
  check(gl.webgl2, 'a WebGL2 context exists', gl.version);
  check(gl.canvas[0] === gl.css[0] && gl.canvas[1] === gl.css[1] && gl.css[0] === 1280,
        'the canvas fills the page (framebuffer = CSS size at devicePixelRatio 1)', gl);
  await page.waitForTimeout(500);
  const px = await canvasPixels(page);
  check(px.differ > px.total * 0.05 && px.colours > 100, 'WebGL drew the app (non-background pixels, many colours)', px);
  check(px.luma < 100, 'the default theme is dark (mean luminance < 100 of 255)', px.luma);
  const builtins = await page.evaluate(() => window.tcplab.builtins());
  check(builtins.includes(HANDSHAKE), `the built-in scenarios include ${HANDSHAKE}`, builtins);
  const ft = await page.evaluate(() => window.tcplab.frameTimes());
  check(Array.isArray(ft) && ft.length > 5 && ft.every((x) => typeof x === 'number' && x > 0),
        'frameTimes() returns the recent frame times', ft.length);
  if (ft.length) {
    const sorted = [...ft].sort((a, b) => a - b);
    console.log(`  info  frame time (work per frame, SwiftShader): median ${sorted[sorted.length >> 1].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms over ${ft.length} frames`);
  }
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();
});

// --- 2. High-DPI ------------------------------------------------------------------------------------
await section('high-DPI: framebuffer at devicePixelRatio 2', async () => {
  const { context, page } = await openPage(`${base}/`, { width: 640, height: 400, scale: 2 });
  if (!(await waitReady(page, 'dpr 2'))) return;
  await page.waitForTimeout(200);
  const size = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height, c.clientWidth, c.clientHeight]; });
  check(size[0] === 1280 && size[1] === 800 && size[2] === 640, 'canvas is 1280x800 device pixels for 640x400 CSS pixels', size);
  await page.setViewportSize({ width: 500, height: 360 });
  // SDL picks the new size up on a later frame: wait for it (bounded) instead of a fixed sleep.
  await page.waitForFunction(() => document.getElementById('canvas').width === 1000, null, { timeout: 15000 }).catch(() => {});
  const resized = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
  check(resized[0] === 1000 && resized[1] === 720, 'the framebuffer follows a resize', resized);
  await context.close();
});

// --- 3. Scenario from the URL (compressed inline text), and a built-in one --------------------------
await section('scenario through URL parameters', async () => {
  const { context, page, log } = await openPage(`${base}/?s=${deflateParam(LIFECYCLE)}&lang=en`);
  if (!(await waitReady(page, 's= parameter'))) return;
  const st = await page.evaluate(() => window.tcplab.status());
  check(st.error === null || st.error === undefined || st.error === '', 'the inline scenario parsed', st.error);
  check(await page.evaluate(() => window.tcplab.urlErrors().length === 0), 'no URL errors');
  check(st.time_us === 0 && st.playing === false, 'without autoplay the lesson waits at 0 (not playing)', st);
  await checkLifecycle(page, 'URL s=');
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();

  const b = await openPage(`${base}/#scenario=${HANDSHAKE}&lang=zh&speed=2&autoplay=1`);
  if (!(await waitReady(b.page, 'scenario= in the hash'))) return;
  // Nobody presses Play: virtual time moves only because autoplay started playback.
  await settle(b.page, () => window.tcplab.status().time_us > 0);
  const playing = await b.page.evaluate(() => window.tcplab.status());
  check(playing.time_us > 0, 'autoplay=1: virtual time advances with no user action', playing);
  const r = await b.page.evaluate(() => { window.tcplab.runToEnd(); return { st: window.tcplab.status(), states: window.tcplab.states(), trace: window.tcplab.trace() }; });
  check(r.st.scenario === HANDSHAKE || String(r.st.scenario).includes('three-way'), 'the built-in scenario from the hash is loaded', r.st.scenario);
  check(r.st.lang === 'zh' && Math.abs(r.st.speed - 2) < 1e-6, 'lang=zh and speed=2 applied', r.st);
  check(r.states.A === 'ESTABLISHED' && r.states.B === 'ESTABLISHED', 'handshake: both ESTABLISHED', r.states);
  // RFC 9293 3.5 Figure 6 with the scenario's ISNs x=1000, y=5000 (then "hello" and its ACK).
  const hs = segments(r.trace).slice(0, 3).map((e) => [e.segment.flags_text, e.segment.seq, e.segment.ack]);
  check(JSON.stringify(hs.map((h) => h.slice(1))) === JSON.stringify([[1000, 0], [5000, 1001], [1001, 5001]]) &&
        /SYN/.test(hs[0][0]) && !/ACK/.test(hs[0][0]) && /SYN/.test(hs[1][0]) && /ACK/.test(hs[1][0]) && hs[2][0] === 'ACK',
        'handshake: SYN seq=x, SYN,ACK seq=y ack=x+1, ACK seq=x+1 ack=y+1', hs);
  check(segments(r.trace).length === 5, 'handshake scenario: 5 segments (3 handshake, data, ACK)', segments(r.trace).length);
  await b.context.close();
});

// --- 4. Bad URL parameters: shown, no crash ----------------------------------------------------------
await section('bad URL parameters are reported, the page still works', async () => {
  const { context, page, log } = await openPage(`${base}/?lang=fr&speed=fast&s=%%%not-base64&panels=graph,bogus&theme=light`);
  if (!(await waitReady(page, 'bad parameters'))) return;
  const banner = await page.evaluate(() => { const b = document.getElementById('tcplab-errors'); return { shown: b.classList.contains('shown'), text: b.innerText }; });
  check(banner.shown, 'the error banner is shown');
  for (const p of ['lang', 'speed', 's', 'panels']) check(banner.text.includes(p + ':'), `the banner names "${p}"`, banner.text);
  const r = await page.evaluate(async () => { await window.tcplab.load('01-three-way-handshake'); window.tcplab.runToEnd(); return window.tcplab.states(); });
  check(r.A === 'ESTABLISHED', 'the app still runs scenarios', r);
  const px = await canvasPixels(page);
  check(px.luma > 150 && px.differ > px.total * 0.05, 'theme=light: a light picture (mean luminance > 150 of 255)', px);
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();

  // A malformed inline scenario (text=) and an unknown name: reported with the line, page alive.
  for (const [query, expect] of [[`text=${encodeURIComponent(MALFORMED)}`, /line 3\b.*frobnicate/],
                                 ['scenario=no-such-scenario', /no-such-scenario/]]) {
    const b = await openPage(`${base}/?${query}`);
    if (!(await waitReady(b.page, query.slice(0, 20)))) continue;
    const text = await b.page.evaluate(() => document.getElementById('tcplab-errors').innerText);
    check(expect.test(text), `${query.split('=')[0]}=: the banner reports the problem`, text);
    check(await b.page.evaluate(async () => { await window.tcplab.load('01-three-way-handshake'); window.tcplab.runToEnd(); return window.tcplab.states().B; }) === 'ESTABLISHED',
          `${query.split('=')[0]}=: the app still runs scenarios`);
    check(b.log.errors.length === 0, 'no page errors', b.log.errors);
    await b.context.close();
  }
});

// --- 5. The JS API: load text, step, step back, seek, malformed text ---------------------------------
await section('JavaScript API', async () => {
  const { context, page, log } = await openPage(`${base}/`);
  if (!(await waitReady(page, 'JS API'))) return;
  const events = await page.evaluate(() => { window.__ev = []; window.tcplab.on('event', (e) => window.__ev.push(e)); return true; });
  const loaded = await page.evaluate((t) => window.tcplab.load(t), LIFECYCLE);
  check(loaded.ok === true, 'load(text) succeeds', loaded);
  const steps = await page.evaluate(() => {
    const t = window.tcplab;
    const s0 = t.status().events;
    t.step(); t.step(); t.step();
    const s3 = t.status().events;
    t.stepBack();
    const s2 = t.status().events;
    return { s0, s3, s2 };
  });
  check(steps.s3 > steps.s0 && steps.s2 < steps.s3, 'step() advances and stepBack() goes back', steps);
  const seek = await page.evaluate(() => { window.tcplab.seek(200000); return { st: window.tcplab.status(), states: window.tcplab.states() }; });
  check(seek.st.time_us === 200000 && seek.states.A === 'ESTABLISHED' && seek.states.B === 'ESTABLISHED',
        'seek(200 ms): both ESTABLISHED', seek);
  const end = await checkLifecycle(page, 'load(text)');
  const back = await page.evaluate(() => { window.tcplab.seek(200000); return { st: window.tcplab.status(), states: window.tcplab.states() }; });
  check(back.st.time_us === 200000 && back.st.events > 0 && back.st.events < end.status.events &&
        back.states.A === 'ESTABLISHED' && back.states.B === 'ESTABLISHED',
        'seek back from the end to 200 ms (exact rewind): both ESTABLISHED again', back);
  await settle(page, () => window.__ev.length > 0);  // events are delivered once per frame
  check(events && (await page.evaluate(() => window.__ev.length)) > 0, 'on("event") delivered events');

  const bad = await page.evaluate((t) => window.tcplab.load(t), MALFORMED);
  check(bad.ok === false && Array.isArray(bad.errors) && bad.errors.length > 0, 'a malformed scenario is rejected', bad);
  check(bad.errors && bad.errors[0] && bad.errors[0].line === 3 && /frobnicate/.test(bad.errors[0].message),
        'the error names line 3 and the bad call', bad.errors);
  // A teacher's lesson with authored questions loads, with no warning (the page asks them: ask.mjs).
  const authored = await page.evaluate(async (t) => ({ r: await window.tcplab.load(t), st: window.tcplab.status() }),
                                       LIFECYCLE + '\nask why1 at 0 why en: Why TIME_WAIT?\nmodel why1 en: The last ACK may be lost.\n');
  check(authored.r.ok === true && !authored.st.warning, 'a lesson with ask/model lines loads, with no warning', authored);
  const badAsk = await page.evaluate((t) => window.tcplab.load(t), LIFECYCLE + '\nask why1 at 0 why en: Why?\n');
  check(badAsk.ok === false && badAsk.errors[0].line === LIFECYCLE.split('\n').length + 1 && /model/.test(badAsk.errors[0].message),
        'an ask line without its model answer is an error at its line', badAsk);
  const unknown = await page.evaluate(() => window.tcplab.load('no-such-scenario'));
  check(unknown.ok === false, 'an unknown scenario name is rejected', unknown);
  await page.waitForTimeout(300);
  const alive = await page.evaluate(() => ({ st: window.tcplab.status(), px: document.getElementById('canvas').width }));
  check(alive.st && alive.st.ready !== undefined, 'the page is alive after the errors', alive);
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();
});

// --- 6. postMessage from a cross-origin parent --------------------------------------------------------
await section('postMessage API from a cross-origin iframe parent', async () => {
  // The parent is served as http://localhost:PORT, the lab as http://127.0.0.1:PORT: different origins.
  extraPages.set('/e2e-parent.html', `<!doctype html><meta charset="utf-8"><body style="margin:0">
<iframe id="lab" src="${base}/" style="width:900px;height:600px;border:0"></iframe>
<script>
  window.readyMsg = new Promise((r) => addEventListener('message', (e) => { if (e.data && e.data.tcplab === 'ready') r(e.data); }));
  const pending = new Map(); let next = 1; window.events = [];
  addEventListener('message', (e) => {
    const m = e.data;
    if (m && m.tcplab === 'reply' && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
    if (m && m.tcplab === 'event') window.events.push(m);
  });
  window.call = (method, ...args) => new Promise((r) => { const id = next++; pending.set(id, r);
    document.getElementById('lab').contentWindow.postMessage({ tcplab: 'request', id, method, args }, '*'); });
</script>`);
  const { context, page, log } = await openPage(`http://localhost:${port}/e2e-parent.html`);
  const ready = await page.evaluate(() => Promise.race([window.readyMsg, new Promise((r) => setTimeout(() => r(null), 90000))]));
  check(ready && ready.tcplab === 'ready' && Array.isArray(ready.builtins), 'the iframe posts {tcplab:"ready"} to its parent', ready);
  const sub = await page.evaluate(() => window.call('subscribe', '*'));
  check(sub.ok === true, 'subscribe', sub);
  const load = await page.evaluate((t) => window.call('load', t), LIFECYCLE);
  check(load.ok === true && load.result && load.result.ok === true, 'load(text) over postMessage', load);
  await page.evaluate(() => window.call('runToEnd'));
  const states = await page.evaluate(() => window.call('states'));
  check(states.ok && states.result.A === 'CLOSED' && states.result.B === 'CLOSED', 'states over postMessage: both CLOSED', states);
  const trace = await page.evaluate(() => window.call('trace'));
  check(trace.ok && segments(trace.result).length === 7, 'trace over postMessage: 7 segments', trace.ok && segments(trace.result).length);
  const bad = await page.evaluate((t) => window.call('load', t), MALFORMED);
  check(bad.ok === true && bad.result.ok === false && bad.result.errors[0].line === 3, 'malformed text over postMessage: error at line 3', bad);
  const nope = await page.evaluate(() => window.call('eval', 'alert(1)'));
  check(nope.ok === false && /unknown method/.test(nope.error), 'unknown methods are refused', nope);
  await settle(page, () => window.events.length > 0);
  check(await page.evaluate(() => window.events.length > 0), 'subscribed events arrive as {tcplab:"event"}');
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();
});

// --- 6b. The lessons on demand: not in the wasm, fetched when they open --------------------------------
await section('lessons fetched when they open', async () => {
  const { context, page, log } = await openPage(`${base}/?scenario=three-way-handshake`);
  if (!(await waitReady(page, 'lessons'))) return;
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((n) => n.startsWith('/lessons/')));
  check(JSON.stringify(await fetched()) === JSON.stringify(['/lessons/index.json', '/lessons/01-three-way-handshake.scn']),
        'at start: the index and the one lesson the URL names (by a part of its name)', await fetched());
  check((await page.evaluate(() => window.tcplab.status().scenario)) === '01-three-way-handshake', 'that lesson is open');
  // Picked in the app's own lesson list, with the pointer: fetched, then opened.
  const me = await Person.at(page);
  await reach(me, 'scenario', 'controls');
  await me.frames(2);  // the Controls tab's first frame has drawn
  await me.press(await reach(me, 'scenario', 'controls'));
  const item = await reach(me, 'scenario.07-simultaneous-close', 'controls');
  check(!!item && /07 {2}Simultaneous close/.test(item.text), 'lesson 07 in the open list', item);
  if (item) await me.press(item);
  const st = await me.until((x) => x.scenario === '07-simultaneous-close', 300);
  check(st.scenario === '07-simultaneous-close' && st.loading === '' && st.end_us > 0, 'picked: lesson 07 opens once fetched', st);
  check((await fetched()).includes('/lessons/07-simultaneous-close.scn'), 'and it was fetched then', await fetched());
  // The page's toolbar list, and the API, for a lesson already fetched: no second request.
  await page.selectOption('#tcplab-keys [data-act=lesson]', '01-three-way-handshake');
  check((await me.until((x) => x.scenario === '01-three-way-handshake', 300)).scenario === '01-three-way-handshake', 'the toolbar list opens lesson 01 again');
  check((await fetched()).filter((n) => n.endsWith('01-three-way-handshake.scn')).length === 1, 'from what was fetched before');
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();

  // A slow network: main() waits for the first lesson, so the app starts with it open, playing.
  {
    const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
    const page = await context.newPage();
    await page.route('**/lessons/02-four-way-close.scn', async (r) => { await new Promise((res) => setTimeout(res, 1500)); await r.continue(); });
    await page.goto(`${base}/?scenario=02-four-way-close&autoplay=1`);
    const st = await page.evaluate(async () => { await window.tcplab.ready; return window.tcplab.status(); });
    check(st.scenario === '02-four-way-close' && st.loading === '' && st.playing === true,
          'a lesson that arrives 1.5 s late: the app starts with it open and autoplaying', st);
    await context.close();
  }

  // A lesson the server cannot give: the error names the file, the lesson open stays.
  const b = await openPage(`${base}/`);
  if (!(await waitReady(b.page, 'lessons (404)'))) return;
  await b.page.route('**/lessons/08-connection-refused.scn', (r) => r.fulfill({ status: 404, body: 'no' }));
  const r = await b.page.evaluate(async () => ({ r: await window.tcplab.load('08-connection-refused'), st: window.tcplab.status() }));
  check(r.r.ok === false && /cannot fetch lessons\/08-connection-refused\.scn: HTTP 404/.test(r.r.errors[0].message) && r.st.scenario === '01-three-way-handshake',
        'a lesson that cannot be fetched: the error says which and why, lesson 01 stays', r);
  check(b.log.errors.filter((e) => !/HTTP 404 for .*08-connection-refused/.test(e)).length === 0, 'no other page errors', b.log.errors);
  await b.context.close();
});

// --- 7. The single-file build from file:// -------------------------------------------------------------
await section('single-file tcplab.html from file://', async () => {
  const url = pathToFileURL(path.resolve(opt.site, 'tcplab.html')).href;
  const { context, page, log } = await openPage(`${url}#scenario=${HANDSHAKE}`);
  if (!(await waitReady(page, 'file://'))) { console.log(log.console.join('\n')); return; }
  await page.waitForTimeout(300);
  const px = await canvasPixels(page);
  check(px.differ > px.total * 0.05 && px.colours > 100, 'file://: WebGL drew the app', px);
  const loaded = await page.evaluate((t) => window.tcplab.load(t), LIFECYCLE);
  check(loaded.ok, 'file://: load(text)', loaded);
  await checkLifecycle(page, 'file://');
  const other = await page.evaluate(async () => { const r = await window.tcplab.load('07-simultaneous-close'); return { r, st: window.tcplab.status() }; });
  check(other.r.ok && other.st.scenario === '07-simultaneous-close' && other.st.end_us > 0, 'file://: another lesson by name, from the copies inlined', other);
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith('data:') && !n.startsWith('blob:')));
  check(requests.length === 0, 'file://: nothing else is fetched', requests);
  check(log.errors.length === 0, 'no page errors', log.errors);
  await context.close();
});

// --- 8. Screenshots for the README: the handshake mid-animation, English and Chinese -----------------
await section('screenshots', async () => {
  if (!opt.screenshots) { console.log('  (no --screenshots directory given)'); return; }
  fs.mkdirSync(opt.screenshots, { recursive: true });
  for (const lang of ['en', 'zh']) {
    const { context, page } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=${lang}`, { width: 1280, height: 800 });
    if (!(await waitReady(page, `screenshot ${lang}`))) continue;
    // Halfway through the SYN,ACK's flight: the second segment, between send and arrival.
    const t = await page.evaluate(() => {
      window.tcplab.runToEnd();
      const tr = window.tcplab.trace();
      const segs = (Array.isArray(tr) ? tr : tr.entries).filter((e) => e.kind === 'segment_sent');
      return segs;
    });
    let at = 75000;
    if (t.length >= 2 && t[1].arrival_us > 0) at = Math.round((t[1].time_us + t[1].arrival_us) / 2);
    // Load afresh and go forward to that time, so the picture does not depend on rewinding.
    await page.evaluate(async ([name, us]) => { await window.tcplab.load(name); window.tcplab.seek(us); }, [HANDSHAKE, at]);
    await page.waitForTimeout(600);
    const file = path.join(opt.screenshots, `handshake-${lang}.png`);
    await page.screenshot({ path: file });
    check(fs.statSync(file).size > 20000, `saved ${file}`);
    await context.close();
  }
});

await browser.close();
server.close();
done('e2e');
