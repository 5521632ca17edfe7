// Browser test of the page around the canvas (web/shell.html, tcplab-page.js, tcplab-api.js, the
// touch input of web/touch_input.cpp), driven as a person would: keys, clicks and fingers at the
// coordinates of the app's own layout report. Checks that a wasm trap shows the banner with "Reload"
// (English and Chinese) and emits 'error'; that Tab reaches the keyboard toolbar and Enter/Space work;
// that a click inside a cross-origin iframe gives the canvas the keyboard; the aria-live narration,
// document.title, the favicon; swipe and pinch at 390x844 (taps and long presses: journeys.mjs). Any page or console
// error outside the trap section fails. Saves screenshots of the banner, the toolbar and the phone.
//
//   node shell.mjs --site build/web/site [--screenshots DIR]
import { serveSite, launchChromium, checker } from './harness.mjs';
import { Person } from './person.mjs';
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
  await page.waitForFunction((n) => window.tcplab.status().scenario === n, lessons[1].name, { timeout: 5000 }).catch(() => {});
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

// --- 5. Touch at 390x844: swipe and pinch (taps and long presses: journeys.mjs) --------------------
await section('touch at 390x844: a swipe scrolls the panel under the finger, a pinch zooms the ladder', async () => {
  const { context, page, errors } = await openPage(`${base}/?scenario=${HANDSHAKE}&lang=en`, { width: 390, height: 844, touch: true });
  if (!(await ready(page, 'touch'))) return;
  const person = await Person.at(page, { touch: true });
  await person.frames(3);

  // The controls tab holds more than fits: a swipe up over it (buttons included: a press that
  // moves is a scroll, not a click) moves its content up with the finger.
  const tab = await person.box('tab.controls');
  if (!check(!!tab, 'the phone layout has a controls tab', (await person.layout()).boxes.map((b) => b.id))) return;
  await person.press(tab);
  await person.frames(2);
  const area = await person.box('controls');
  if (!check(!!area && area.h > 200, 'the controls tab shows its panel', area)) return;
  const inPanel = (L) => new Map(L.boxes.filter((b) => b.kind === 'control' && b.y >= area.y && b.y < area.y + area.h).map((b) => [b.id, b]));
  const before = inPanel(await person.layout());
  const s0 = await person.status();
  await person.touchDrag([await person.point(area, 0.5, 0.85), await person.point(area, 0.5, 0.6), await person.point(area, 0.5, 0.35)]);
  await person.frames(2);
  const after = inPanel(await person.layout());
  const moved = [...after].filter(([id, b]) => before.has(id) && before.get(id).y - b.y > 100);
  check(moved.length > 0, 'a one-finger swipe up scrolls the controls up (> 100 px)',
        [...after].slice(0, 6).map(([id, b]) => [id, before.has(id) ? Math.round(before.get(id).y) : null, Math.round(b.y)]));
  const s1 = await person.status();
  check(s1.events === s0.events && s1.scenario === s0.scenario && !s1.playing, 'the swipe pressed no button on its way', [s0, s1]);
  await shot(page, 'shell-touch-390x844-scrolled.png');

  // A pinch on the ladder (its tab, after "End"): the segments spread apart.
  await person.press(await person.box('end'));
  await person.press(await person.box('tab.timeline'));
  await person.frames(3);
  const tl = await person.box('timeline');
  if (check(!!tl, 'the ladder tab shows the ladder')) {
    // The two segments nearest the pinch's centre: zooming in around it moves them apart.
    const mid = (b) => b.y + b.h / 2;
    const segs0 = (await person.layout()).boxes.filter((b) => b.kind === 'segment').sort((a, b) => Math.abs(mid(a) - (tl.y + tl.h / 2)) - Math.abs(mid(b) - (tl.y + tl.h / 2)));
    const pair = segs0.slice(0, 2).map((b) => b.id);
    const gap = (L) => { const bs = pair.map((id) => L.boxes.find((b) => b.id === id)); return bs.every(Boolean) ? Math.abs(mid(bs[0]) - mid(bs[1])) : 0; };
    const d0 = gap(await person.layout());
    const o = await person.canvasOrigin();
    const c = { x: o.x + tl.x + tl.w / 2, y: o.y + tl.y + tl.h / 2 };
    const touch = (type, points) => person.touch.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: i + 1 })) });
    await touch('touchStart', [{ x: c.x, y: c.y - 20 }, { x: c.x, y: c.y + 20 }]);
    await person.frames(2);
    for (let i = 1; i <= 6; i++) { await touch('touchMove', [{ x: c.x, y: c.y - 20 - 15 * i }, { x: c.x, y: c.y + 20 + 15 * i }]); await person.frames(1); }
    await touch('touchEnd', []);
    await person.frames(3);
    const d1 = gap(await person.layout());
    check(pair.length === 2 && d0 > 0 && d1 - d0 > 10, 'a two-finger pinch outwards zooms the ladder in (the two segments nearest its centre move apart)', { pair, d0, d1 });
  }
  await shot(page, 'shell-touch-390x844.png');
  check(errors.length === 0, 'no page errors', errors);
  await context.close();
});

await browser.close();
server.close();
done('shell');
