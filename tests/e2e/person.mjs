// A person in front of the app: finds widgets in the app's own layout report (tcplab.layout(), CSS
// px relative to the canvas) and clicks, drags, taps, long-presses and types at those coordinates
// with real input events, in the top-level page or inside an iframe (whose offset is added).
// Waits count the app's frames (requestAnimationFrame), never wall-clock sleeps, except how long a
// finger rests for a tap or a long press, which are durations by nature.

const LONG_PRESS_MS = 700;
const TAP_MS = 80;

export class Person {
  constructor(page, frame, frameElement, touch) {
    this.page = page;
    this.frame = frame;              // where window.tcplab lives
    this.frameElement = frameElement;  // the <iframe> handle, or null at top level
    this.touch = touch;              // a CDP session when the device has a touch screen
  }

  static async at(page, { touch = false, iframe = null } = {}) {
    let frame = page.mainFrame(), element = null;
    if (iframe) {
      element = await page.waitForSelector(iframe);
      frame = await element.contentFrame();
    }
    const cdp = touch ? await page.context().newCDPSession(page) : null;
    return new Person(page, frame, element, cdp);
  }

  evaluate(fn, arg) { return this.frame.evaluate(fn, arg); }
  status() { return this.evaluate(() => window.tcplab.status()); }
  layout() { return this.evaluate(() => window.tcplab.layout()); }

  // Lets the app draw `n` more frames.
  frames(n = 2) {
    return this.evaluate((count) => new Promise((resolve) => {
      let k = 0;
      const tick = () => (++k >= count ? resolve() : requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    }), n);
  }

  // Polls the app, a frame at a time, until `pred(status)` holds; returns the last status.
  async until(pred, maxFrames = 600) {
    let st = await this.status();
    for (let i = 0; i < maxFrames && !pred(st); i++) {
      await this.frames(1);
      st = await this.status();
    }
    return st;
  }

  // The box `id` as drawn in the latest frames (a few frames' grace for a panel that just appeared).
  async box(id, maxFrames = 3) {
    for (let i = 0; ; i++) {
      const r = await this.layout();
      const b = r.boxes.find((x) => x.id === id && x.w > 0 && x.h > 0);
      if (b || i >= maxFrames) return b || null;
      await this.frames(1);
    }
  }

  // Page coordinates of a point of a box (fractions of its width and height).
  async point(box, fx = 0.5, fy = 0.5) {
    const o = await this.canvasOrigin();
    return { x: o.x + box.x + box.w * fx, y: o.y + box.y + box.h * fy };
  }
  async canvasOrigin() {
    const inner = await this.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { x: r.left, y: r.top }; });
    if (!this.frameElement) return inner;
    const outer = await this.frameElement.boundingBox();
    return { x: outer.x + inner.x, y: outer.y + inner.y };
  }

  async click(box, { button = 'left', modifiers = [], fx = 0.5, fy = 0.5 } = {}) {
    const p = await this.point(box, fx, fy);
    for (const m of modifiers) await this.page.keyboard.down(m);
    await this.page.mouse.move(p.x, p.y);
    await this.frames(1);  // ImGui sees the hover before the press
    await this.page.mouse.down({ button });
    await this.frames(1);
    await this.page.mouse.up({ button });
    await this.frames(2);
    for (const m of modifiers.slice().reverse()) await this.page.keyboard.up(m);
  }

  // Press at the first fraction of the box's width, move through the others, release.
  async drag(box, fractions, { onMove = null } = {}) {
    const pts = [];
    for (const f of fractions) pts.push(await this.point(box, f, 0.5));
    if (this.touch) return this.touchDrag(pts, onMove);
    await this.page.mouse.move(pts[0].x, pts[0].y);
    await this.frames(1);
    await this.page.mouse.down();
    await this.frames(1);
    for (const p of pts.slice(1)) {
      await this.page.mouse.move(p.x, p.y, { steps: 4 });
      await this.frames(2);
      if (onMove) await onMove(p);
    }
    await this.page.mouse.up();
    await this.frames(2);
  }

  // --- Touch (CDP Input.dispatchTouchEvent: real touchstart/move/end in the page) -------------
  async touchEvent(type, p) {
    await this.touch.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y, id: 1 }] : [] });
  }
  // A finger rests ~80 ms on the glass, whatever the frame rate: holding it for frames instead would
  // turn a tap into a long press when frames are slow (a software-rendered WebGL under load).
  async tap(box, fx = 0.5, fy = 0.5) {
    const p = await this.point(box, fx, fy);
    await this.touchEvent('touchStart', p);
    await this.page.waitForTimeout(TAP_MS);
    await this.touchEvent('touchEnd', null);
    await this.frames(3);
  }
  async longPress(box, fx = 0.5, fy = 0.5) {
    const p = await this.point(box, fx, fy);
    await this.touchEvent('touchStart', p);
    await this.frames(2);
    await this.page.waitForTimeout(LONG_PRESS_MS);
    await this.frames(5);  // held for some frames too (web/touch_input.h kLongPressFrames)
    await this.touchEvent('touchEnd', null);
    await this.frames(3);
  }
  async touchDrag(pts, onMove) {
    await this.touchEvent('touchStart', pts[0]);
    await this.page.waitForTimeout(TAP_MS);  // moving off at once, as a swipe does (not a long press)
    for (const p of pts.slice(1)) {
      await this.touchEvent('touchMove', p);
      await this.frames(2);
      if (onMove) await onMove(p);
    }
    await this.touchEvent('touchEnd', null);
    await this.frames(2);
  }

  // A click for a mouse, a tap for a finger.
  press(box, opts = {}) { return this.touch ? this.tap(box, opts.fx, opts.fy) : this.click(box, opts); }

  async key(name) {
    await this.page.keyboard.press(name);
    await this.frames(2);
  }
}

// Brings a widget into view as a person would: on a phone, the tab of its panel; otherwise by
// scrolling its panel (mouse wheel, or a swipe on a touch screen). `match` is an id or a predicate
// on boxes; returns the first matching box, or null when it never shows.
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// The floating window (kind "window", e.g. the inspector) over a box that is not its own, if any.
function windowOver(report, b) {
  return report.boxes.find((w) => w.kind === 'window' && !b.id.startsWith(w.id + '.') && b.id !== w.id && overlap(b, w)) || null;
}
// Closes the window over `box` with the window's own close button, as a person would.
async function uncover(person, box) {
  const w = windowOver(await person.layout(), box);
  if (!w) return;
  const close = await person.box(`${w.id}.close`, 0);
  if (close) await person.press(close);
  await person.frames(1);
}

export async function reach(person, match, panel, maxScrolls = 20) {
  const test = typeof match === 'string' ? (b) => b.id === match : match;
  // Whole, on the canvas and not under a floating window: a widget cut by its panel's edge or
  // covered by the inspector does not take the press.
  let covered = [];
  const find = async () => {
    const r = await person.layout();
    const all = r.boxes.filter((b) => b.w > 0 && b.h > 0 && !b.clipped && b.y >= 0 && b.y + b.h <= r.height && test(b));
    covered = all.filter((b) => windowOver(r, b));
    return all.filter((b) => !windowOver(r, b));
  };
  let found = await find();
  if (found.length) return found[0];
  if (covered.length) {
    await uncover(person, covered[0]);
    found = await find();
    if (found.length) return found[0];
  }
  const tab = await person.box(`tab.${panel}`, 0);
  if (tab) {
    await uncover(person, tab);
    await person.press(tab);
    for (let i = 0; i < 4; i++) {  // the tab's content shows from the next frames on
      found = await find();
      if (found.length) return found[0];
      await person.frames(1);
    }
  }
  // Down to the end, then up to the start (a panel may have been left scrolled down): a scroll
  // that moves nothing in the panel means its end is reached.
  const fingerprint = async () => (await person.layout()).boxes
    .filter((b) => b.kind !== 'panel' && b.kind !== 'window').map((b) => `${b.id}@${Math.round(b.y)}`).join(' ');
  for (const dir of [1, -1]) {
    for (let i = 0; i < maxScrolls; i++) {
      const area = await person.box(panel, 0);
      if (!area) return null;
      const r = await person.layout();
      const visible = { ...area, y: Math.max(area.y, 0), h: Math.min(area.y + area.h, r.height) - Math.max(area.y, 0) };
      const target = visible.h > 20 ? visible : { x: 0, y: 0, w: r.width, h: r.height };  // the whole window scrolls
      const before = await fingerprint();
      if (person.touch) {
        const from = await person.point(target, 0.5, dir > 0 ? 0.8 : 0.3), to = await person.point(target, 0.5, dir > 0 ? 0.3 : 0.8);
        await person.touchDrag([from, { x: from.x, y: (from.y + to.y) / 2 }, to]);
      } else {
        const p = await person.point(target, 0.5, 0.5);
        await person.page.mouse.move(p.x, p.y);
        await person.page.mouse.wheel(0, dir * target.h * 0.5);
        await person.frames(2);
      }
      found = await find();
      if (found.length) return found[0];
      if ((await fingerprint()) === before) break;  // at this end
    }
  }
  return null;
}
