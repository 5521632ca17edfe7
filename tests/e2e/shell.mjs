// Browser test of the page around the canvas (web/shell.html, tcplab-page.js, tcplab-api.js, the
// touch input of web/touch_input.cpp), driven as a person would: keys, clicks and fingers at the
// coordinates of the app's own layout report. Checks that a wasm trap shows the banner with "Reload"
// (English and Chinese) and emits 'error'; that Tab reaches the keyboard toolbar and Enter/Space work;
// that a click inside a cross-origin iframe gives the canvas the keyboard; the aria-live narration,
// document.title, the favicon; swipe, tap, long-press and pinch at 390x844. Any page or console
// error outside the trap section fails. Saves screenshots of the banner, the toolbar and the phone.
//
//   node shell.mjs --site build/web/site [--screenshots DIR]
import { serveSite, launchChromium, checker } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const opt = { site: null, screenshots: null };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opt.site || !fs.existsSync(path.join(opt.site, 'index.html'))) {
  console.error('usage: shell.mjs --site build/web/site [--screenshots DIR] (build the site first: scripts/build-web.sh)');
  process.exit(1);
}
const HANDSHAKE = '01-three-way-handshake';

const { check, section, done } = checker();

const extraPages = new Map();
const { server, base } = await serveSite(opt.site, extraPages);
const port = Number(new URL(base).port);
const browser = await launchChromium();
if (opt.screenshots) fs.mkdirSync(opt.screenshots, { recursive: true });
const shot = async (page, name) => { if (opt.screenshots) await page.screenshot({ path: path.join(opt.screenshots, name) }); };

async function openPage(url, { width = 1280, height = 800, touch = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(url);
  return { context, page, errors };
}
// target: a Page or a Frame.
async function ready(target, what) {
  const r = await target.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 90000);
    window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
  }));
  return check(r === 'ready', `${what}: ready`, r);
}
// Waits for n frames of the page's animation loop (the app runs one frame per animation frame).
const frames = (target, n = 2) => target.evaluate((k) => new Promise((r) => {
  const tick = () => (k-- <= 0 ? r() : requestAnimationFrame(tick));
  tick();
}), n);
const status = (target) => target.evaluate(() => window.tcplab.status());
const layout = (target) => target.evaluate(() => window.tcplab.layout());
const centre = (b) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
const visible = (b, L) => b.w > 0 && b.h > 0 && !b.clipped && b.x >= 0 && b.y >= 0 && b.x + b.w <= L.width && b.y + b.h <= L.height;
const active = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? (e.dataset && e.dataset.act) || e.id || e.tagName : null;
});

// --- 1. A trap shows the banner with Reload, in both languages, and emits 'error' -------------------
await section('a wasm trap: banner with Reload (en, zh), error event, the loop stops', async () => {
  for (const [lang, stopped, reload, inFrame] of [['en', /tcplab stopped/, 'Reload', 1], ['zh', /已停止运行/, '重新加载', 0]]) {
    const { context, page, errors } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=${lang}`);
    if (!(await ready(page, lang))) { await context.close(); continue; }
    await page.evaluate(() => { window.__errors = []; window.tcplab.on('error', (e) => window.__errors.push(e.message)); });
    // In a frame of the main loop, or in a timer callback outside any frame: both must be reported.
    await page.evaluate((f) => { if (f) window.Module._tcplab_debug_trap(1); else setTimeout(() => window.Module._tcplab_debug_trap(0), 0); }, inFrame);
    await page.waitForFunction(() => document.getElementById('tcplab-errors').classList.contains('fatal'), null, { timeout: 10000 }).catch(() => {});
    const b = await page.evaluate(() => {
      const box = document.getElementById('tcplab-errors');
      const btn = box.querySelector('.reload');
      const r = btn.getBoundingClientRect();
      return { shown: box.classList.contains('shown'), text: box.innerText, reload: btn.textContent, w: r.width, h: r.height,
               events: window.__errors, focus: document.activeElement === btn };
    });
    check(b.shown && stopped.test(b.text), `${lang}: the banner says tcplab stopped`, b.text);
    check(/RuntimeError|unreachable/.test(b.text), `${lang}: the banner names the trap`, b.text);
    check(b.reload === reload && b.w > 20 && b.h > 10 && b.focus, `${lang}: a visible, focused "${reload}" button`, b);
    check(b.events.length === 1, `${lang}: one 'error' event`, b.events);
    check(errors.some((e) => /RuntimeError|unreachable/.test(e)), `${lang}: the trap reached the page as an error`, errors);
    const after = await page.evaluate(() => { try { window.tcplab.status(); return 'answered'; } catch (e) { return e.message; } });
    check(/stopped/.test(after), `${lang}: the API refuses calls once stopped`, after);
    if (lang === 'en') await shot(page, 'shell-trap-banner-en.png');
    if (lang === 'zh') {
      await shot(page, 'shell-trap-banner-zh.png');
      await page.click('#tcplab-errors .reload');
      await page.waitForLoadState('load');
      if (await ready(page, 'after Reload')) {
        const st = await status(page);
        check(st.ready && !(await page.evaluate(() => document.getElementById('tcplab-errors').classList.contains('shown'))),
              'Reload starts the app afresh, no banner', st);
      }
    }
    await context.close();
  }

  // Inside a cross-origin iframe, the parent hears about it.
  extraPages.set('/shell-parent.html', `<!doctype html><meta charset="utf-8"><body style="margin:0">
<iframe id="lab" src="${base}/?scenario=${HANDSHAKE}" style="width:960px;height:600px;border:0"></iframe>
<script>
  window.msgs = [];
  addEventListener('message', (e) => { if (e.data && e.data.tcplab) window.msgs.push(e.data); });
</script>`);
  const { context, page } = await openPage(`http://localhost:${port}/shell-parent.html`);
  await page.waitForFunction(() => window.msgs.some((m) => m.tcplab === 'ready'), null, { timeout: 90000 });
  const frame = page.frames().find((f) => f.url().startsWith(base));
  await frame.evaluate(() => window.Module._tcplab_debug_trap(1));
  await page.waitForFunction(() => window.msgs.some((m) => m.tcplab === 'error'), null, { timeout: 10000 }).catch(() => {});
  const m = await page.evaluate(() => window.msgs.find((x) => x.tcplab === 'error'));
  check(m && /RuntimeError|unreachable/.test(m.message), 'iframe: the parent receives {tcplab: "error"}', m);
  await context.close();
});

// --- 2. Keyboard: Tab reaches the toolbar, Enter and Space work ------------------------------------
await section('keyboard: Tab reaches every control, Enter/Space activate them', async () => {
  const { context, page, errors } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=en`);
  if (!(await ready(page, 'keyboard'))) return;
  await frames(page, 3);
  check((await active(page)) === 'canvas', 'a page of its own: the canvas has the keyboard at once', await active(page));
  const hidden = await page.evaluate(() => document.getElementById('tcplab-keys').getBoundingClientRect().bottom);
  check(hidden <= 0, 'the toolbar is out of sight until it has the focus', hidden);
  const order = [];
  for (let i = 0; i < 7; i++) { await page.keyboard.press('Tab'); order.push(await active(page)); }
  check(JSON.stringify(order) === JSON.stringify(['step_back', 'play', 'step', 'reset', 'time', 'lesson', 'lang']),
        'Tab from the canvas goes through step back, play, step, reset, time, lesson, language', order);
  const bar = await page.evaluate(() => document.getElementById('tcplab-keys').getBoundingClientRect().toJSON());
  check(bar.top >= 0 && bar.height > 20, 'with the focus inside, the toolbar is on screen', bar);
  const labels = await page.evaluate(() => [...document.querySelectorAll('#tcplab-keys button')].map((b) => [b.dataset.act, b.getAttribute('aria-label'), b.title]));
  check(labels.every(([, l]) => l && l.length > 1), 'every button has an aria-label', labels);
  check(/←/.test(labels[0][2]) && /Space/.test(labels[1][2]) && /→/.test(labels[2][2]), 'the shortcuts are shown with their buttons', labels);

  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab');  // lesson, time, reset, step
  check((await active(page)) === 'step', 'Shift+Tab goes back', await active(page));
  await shot(page, 'shell-toolbar-focused.png');
  const s0 = await status(page);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  const s2 = await status(page);
  check(s2.events > s0.events, 'Enter and Space on "Step" step the engine', [s0.events, s2.events]);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  check((await active(page)) === 'step_back', 'on "Step back"', await active(page));
  await page.keyboard.press('Enter');
  const s3 = await status(page);
  check(s3.events < s2.events, 'Enter on "Step back" goes back one event', [s2.events, s3.events]);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await frames(page, 2);
  const s4 = await status(page);
  check(s4.playing === true, 'Space on "Play" plays (once: the canvas does not see the key too)', s4);
  await page.keyboard.press('Space');
  check((await status(page)).playing === false, 'Space again pauses');
  check(await page.evaluate(() => /Play/.test(document.querySelector('[data-act=play]').textContent)), 'the button reads Play again');

  await page.keyboard.press('Tab'); await page.keyboard.press('Tab'); await page.keyboard.press('Tab');
  check((await active(page)) === 'time', 'on the time slider', await active(page));
  await page.keyboard.press('End');
  const end = await status(page);
  const max = await page.evaluate(() => Number(document.querySelector('[data-act=time]').max));
  check(end.time_us === max && max >= end.end_us && end.end_us > 0, 'End on the slider: the end of the lesson (or of what was played)', [end, max]);
  await page.keyboard.press('Home');
  check((await status(page)).time_us === 0, 'Home on the slider: time 0');

  await page.keyboard.press('Tab');
  check((await active(page)) === 'lesson', 'on the lesson list', await active(page));
  const lessons = await page.evaluate(() => window.tcplab.lessons());
  await page.keyboard.press('ArrowDown');
  await frames(page, 2);
  const st = await status(page);
  check(st.scenario === lessons[1].name, 'ArrowDown on the list loads the next lesson', [st.scenario, lessons[1].name]);
  await page.waitForFunction((t) => document.title === t, `${lessons[1].en} — tcplab`, { timeout: 5000 }).catch(() => {});
  check(await page.evaluate(() => document.title) === `${lessons[1].en} — tcplab`, 'document.title follows the lesson', await page.evaluate(() => document.title));

  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 5000 }).catch(() => {});
  const zh = await page.evaluate(() => ({ title: document.title, lang: document.documentElement.lang, play: document.querySelector('[data-act=play]').textContent,
                                          label: document.getElementById('canvas').getAttribute('aria-label') }));
  check((await status(page)).lang === 'zh', 'Enter on the language button: the app speaks Chinese');
  check(zh.title === `${lessons[1].zh} — tcplab` && zh.lang === 'zh-CN' && /播放/.test(zh.play), 'title, html lang and buttons in Chinese', zh);
  check(zh.label.includes(lessons[1].zh), 'the canvas is labelled with the lesson', zh.label);

  // Back on the canvas, the app's own shortcuts work and Tab still leaves it.
  await page.evaluate(() => document.getElementById('canvas').focus());
  const k0 = await status(page);
  await page.keyboard.press('ArrowRight');
  await frames(page, 2);
  check((await status(page)).events > k0.events, 'ArrowRight on the canvas steps');
  await page.keyboard.press('Tab');
  check((await active(page)) === 'step_back', 'Tab leaves the canvas (no keyboard trap)', await active(page));
  check(errors.length === 0, 'no page errors', errors);
  await context.close();
});

// --- 3. Cross-origin iframe: a click gives the canvas the keyboard ----------------------------------
await section('cross-origin iframe: click, then Space plays', async () => {
  extraPages.set('/shell-embed.html', `<!doctype html><meta charset="utf-8"><body style="margin:0">
<p style="height:40px;margin:0"><button id="before">a course page button</button></p>
<iframe id="lab" src="${base}/?scenario=${HANDSHAKE}&panels=graph,timeline" style="width:960px;height:600px;border:0"></iframe>`);
  const { context, page, errors } = await openPage(`http://localhost:${port}/shell-embed.html`, { width: 1000, height: 700 });
  const frame = await (async () => { for (let i = 0; i < 100; i++) { const f = page.frames().find((x) => x.url().startsWith(base)); if (f) return f; await page.waitForTimeout(50); } return null; })();
  if (!check(frame !== null, 'the iframe is there') || !(await ready(frame, 'iframe'))) { await context.close(); return; }
  await frames(frame, 3);
  await page.focus('#before');
  await page.keyboard.press('Space');
  await frames(frame, 2);
  check((await status(frame)).playing === false, 'before a click the course page keeps its keys');
  const L = await layout(frame);
  const graph = L.boxes.find((b) => b.kind === 'panel' && b.id === 'graph');
  const p = graph ? centre(graph) : { x: 480, y: 300 };
  await page.mouse.click(p.x, 40 + p.y);
  await frames(frame, 2);
  check((await frame.evaluate(() => document.activeElement && document.activeElement.id)) === 'canvas', 'the click focused the canvas inside the iframe');
  await page.keyboard.press('Space');
  await frames(frame, 3);
  const st = await status(frame);
  check(st.playing === true, 'Space (pressed in the parent page\'s keyboard) plays the lab', st);
  check(errors.length === 0, 'no page errors', errors);
  await context.close();
});

// --- 4. Screen readers: narration mirror, title, favicon -------------------------------------------
await section('aria-live narration, document.title, favicon', async () => {
  const { context, page, errors } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=en`);
  if (!(await ready(page, 'aria'))) return;
  const lessons = await page.evaluate(() => window.tcplab.lessons());
  const hs = lessons.find((l) => l.name === HANDSHAKE);
  await page.waitForFunction((t) => document.title === t, `${hs.en} — tcplab`, { timeout: 5000 }).catch(() => {});
  check(await page.evaluate(() => document.title) === `${hs.en} — tcplab`, 'document.title = the lesson title + " — tcplab"', await page.evaluate(() => document.title));
  const canvas = await page.evaluate(() => { const c = document.getElementById('canvas'); return { role: c.getAttribute('role'), label: c.getAttribute('aria-label'), desc: document.getElementById(c.getAttribute('aria-describedby')).textContent }; });
  check(canvas.role === 'application' && canvas.label.includes(hs.en) && /Space/.test(canvas.desc), 'the canvas is labelled and its keys described', canvas);
  // Step through the handshake with the keyboard, as a person would.
  for (let i = 0; i < 40; i++) { await page.keyboard.press('ArrowRight'); await frames(page, 1); }
  await frames(page, 3);
  const live = await page.evaluate(() => { const r = document.getElementById('tcplab-live'); return { polite: r.getAttribute('aria-live'), lines: [...r.children].map((p) => p.textContent) }; });
  check(live.polite === 'polite', 'the narration region is aria-live="polite"');
  check(live.lines.length >= 5, 'the region received the narration lines', live.lines);
  check(live.lines.some((l) => /SYN/.test(l) && /seq=/.test(l)) && live.lines.some((l) => /ESTABLISHED/.test(l)),
        'the lines tell the SYN and the change to ESTABLISHED', live.lines);
  check(live.lines.length <= 20 && live.lines.every((l) => l.trim().length > 3), 'at most the last 20 lines, none empty', live.lines.length);
  await page.evaluate(() => window.tcplab.setLang('zh'));
  await page.waitForFunction((t) => document.title === t, `${hs.zh} — tcplab`, { timeout: 5000 }).catch(() => {});
  check(await page.evaluate(() => document.title) === `${hs.zh} — tcplab`, 'document.title follows the language', await page.evaluate(() => document.title));
  const icon = await page.evaluate(async () => {
    const l = document.querySelector('link[rel~=icon]');
    if (!l) return null;
    const img = new Image();
    img.src = l.href;
    try { await img.decode(); } catch (e) { return { href: l.href.slice(0, 30), decoded: false }; }
    return { href: l.href.slice(0, 30), decoded: img.naturalWidth > 0 };
  });
  check(icon && icon.decoded && /^data:image\/svg/.test(icon.href), 'a favicon that decodes as an image', icon);
  check(errors.length === 0, 'no page errors', errors);
  await context.close();

  const zh = await openPage(`${base}/?lang=zh`);
  const loading = await zh.page.evaluate(() => { const l = document.getElementById('tcplab-loading'); return l ? l.textContent : '(already gone)'; });
  check(loading === '正在加载 tcplab…' || loading === '(already gone)', 'the loading text in Chinese', loading);
  await zh.context.close();
});

// --- 5. Touch at 390x844 ---------------------------------------------------------------------------
await section('touch at 390x844: swipe scrolls, tap clicks, long-press drops, pinch zooms', async () => {
  const { context, page, errors } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=en`, { width: 390, height: 844, touch: true });
  if (!(await ready(page, 'touch'))) return;
  await frames(page, 3);
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: i + 1 })) });
  async function swipe(from, to, steps = 8) {
    await touch('touchStart', [from]);
    await frames(page, 2);
    for (let i = 1; i <= steps; i++) {
      await touch('touchMove', [{ x: from.x + (to.x - from.x) * i / steps, y: from.y + (to.y - from.y) * i / steps }]);
      await frames(page, 1);
    }
    await touch('touchEnd', []);
    await frames(page, 3);
  }
  const positions = (L) => new Map(L.boxes.map((b) => [b.kind + ':' + b.id, b]));
  // Needs the ladder's segments in the layout report (web/ui/timeline.cpp reports them): without,
  // it is said so and skipped. KNOWN GAP: on the phone layout with tabs the swipe check has not
  // been made to pass yet (see the report of the shell branch).
  if (!(await layout(page)).boxes.some((b) => b.kind === 'segment')) {
    console.log('  SKIP  touch journeys: this build reports no ladder segments in its layout');
    check(errors.length === 0, 'no page errors', errors);
    await context.close();
    return;
  }

  // Swipe up where nothing takes drags (no control, segment or ladder under the finger).
  let L = await layout(page);
  const takesDrags = (b) => b.kind === 'control' || b.kind === 'segment' || (b.kind === 'panel' && b.id === 'timeline');
  let from = null;
  for (let y = 600; y > 250 && !from; y -= 20) {
    for (const x of [195, 100, 300]) {
      if (!L.boxes.some((b) => takesDrags(b) && x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) { from = { x, y }; break; }
    }
  }
  check(from !== null, 'a place to swipe that is not a control', from);
  if (from) {
    const before = positions(L);
    await swipe(from, { x: from.x, y: from.y - 300 });
    const after = positions(await layout(page));
    const moved = [...after].filter(([k, b]) => before.has(k) && Math.abs(b.x - before.get(k).x) < 1 && before.get(k).y - b.y > 100);
    check(moved.length > 0, 'a one-finger swipe up scrolls the panel under the finger (its boxes moved up > 100 px)',
          [...after].slice(0, 6).map(([k, b]) => [k, before.has(k) ? Math.round(before.get(k).y) : null, Math.round(b.y)]));
    await shot(page, 'shell-touch-390x844-scrolled.png');
    await swipe({ x: from.x, y: from.y - 300 }, from);  // and back
  }

  // The rest needs the controls and the ladder's segments in the layout report (web/ui/*.cpp report
  // them); a build whose panels report neither is said so and skipped, any other gap fails.
  L = await layout(page);
  if (!L.boxes.some((b) => b.kind === 'control' || b.kind === 'segment')) {
    console.log('  SKIP  tap, long press, pinch: this build reports no controls or segments in its layout');
    check(errors.length === 0, 'no page errors', errors);
    await context.close();
    return;
  }
  // Tap the transport bar's "Step" (wherever the layout put it; scroll it into view first).
  let step = L.boxes.find((b) => b.kind === 'control' && b.id === 'step' && visible(b, L));
  for (let i = 0; i < 4 && !step && from; i++) {
    await swipe({ x: from.x, y: 700 }, { x: from.x, y: 400 });
    L = await layout(page);
    step = L.boxes.find((b) => b.kind === 'control' && b.id === 'step' && visible(b, L));
  }
  if (check(!!step, 'the "Step" button is on screen', L.boxes.filter((b) => b.kind === 'control').map((b) => b.id))) {
    const s0 = await status(page);
    await page.touchscreen.tap(centre(step).x, centre(step).y);
    await frames(page, 4);
    const s1 = await status(page);
    check(s1.events > s0.events, 'a tap on "Step" steps the engine', [s0.events, s1.events]);
  }

  // Long-press a segment in flight: the segment menu opens; tap its "Drop" (the second item).
  const segs = await page.evaluate(() => window.tcplab.trace().entries.filter((e) => e.kind === 'segment_sent'));
  await page.evaluate((s) => window.tcplab.seek(Math.round((s.time_us + s.arrival_us) / 2)), segs[0] || { time_us: 0, arrival_us: 0 });
  await frames(page, 3);
  L = await layout(page);
  const ladderTab = L.boxes.find((b) => b.kind === 'tab' && b.id === 'tab.timeline' && visible(b, L));
  if (ladderTab) {  // the phone layout shows one panel at a time: open the ladder's tab with a tap
    await page.touchscreen.tap(centre(ladderTab).x, centre(ladderTab).y);
    await frames(page, 4);
    L = await layout(page);
  }
  const idx = segs[0] ? segs[0].index : -1;
  let seg = L.boxes.find((b) => b.kind === 'segment' && b.id === 'seg.' + idx);
  if (check(!!seg && visible(seg, L), 'the SYN in flight is drawn on the ladder', seg)) {
    const p = centre(seg);
    await touch('touchStart', [p]);
    await page.waitForTimeout(900);  // a long press: longer than 500 ms
    await frames(page, 4);
    await touch('touchEnd', []);
    await frames(page, 4);
    L = await layout(page);
    const menu = L.boxes.find((b) => b.kind === 'popup' && /segment_menu/.test(b.id));
    if (check(!!menu, 'the long press opened the segment menu', L.boxes.filter((b) => b.kind === 'popup'))) {
      await shot(page, 'shell-touch-390x844-longpress.png');
      await page.touchscreen.tap(menu.x + menu.w / 2, menu.y + menu.h * 0.75);
      await frames(page, 4);
      const dropped = await page.evaluate((id) => window.tcplab.trace().entries.some((e) => e.kind === 'segment_dropped' && e.packet_id === id), segs[0].packet_id);
      check(dropped, 'the trace shows the SYN dropped');
    }
  }

  // Pinch on the ladder: its segments' spacing changes.
  L = await layout(page);
  const tl = L.boxes.find((b) => b.kind === 'panel' && b.id === 'timeline' && visible(b, L));
  if (check(!!tl, 'the ladder is on screen')) {
    await page.evaluate(() => window.tcplab.runToEnd());
    await frames(page, 3);
    const spread = (Lx) => { const ys = Lx.boxes.filter((b) => b.kind === 'segment').map((b) => b.y + b.h / 2); return ys.length > 1 ? Math.max(...ys) - Math.min(...ys) : 0; };
    const s0 = spread(await layout(page));
    const c = centre(tl);
    await touch('touchStart', [{ x: c.x, y: c.y - 20 }, { x: c.x, y: c.y + 20 }]);
    await frames(page, 2);
    for (let i = 1; i <= 6; i++) { await touch('touchMove', [{ x: c.x, y: c.y - 20 - 15 * i }, { x: c.x, y: c.y + 20 + 15 * i }]); await frames(page, 1); }
    await touch('touchEnd', []);
    await frames(page, 3);
    const s1 = spread(await layout(page));
    check(s0 > 0 && Math.abs(s1 - s0) > 10, 'a two-finger pinch zooms the ladder', [s0, s1]);
  }
  await shot(page, 'shell-touch-390x844.png');
  check(errors.length === 0, 'no page errors', errors);
  await context.close();
});

await browser.close();
server.close();
done('shell');
