// "What if" in the page as a student meets it (docs/teaching.md): Controls > What if (not real TCP)
// replays the lesson under a hypothesis, chosen with the pointer (desktop) or a finger (phone, 中文)
// at the coordinates of the app's layout report. The banner over the state diagram names the
// hypothesis and the lesson's checks it breaks; the run is the engine's under that hypothesis (the
// lost last ACK's retransmitted FIN meets a RST); "real TCP" takes it all back.
//
//   node what_if.mjs --site build/web/site [--screenshots DIR]
import { serveSite, launchChromium, checker, parseOptions, openPage, screenshot } from './harness.mjs';
import { Person, reach } from './person.mjs';

const opt = parseOptions(['site', 'screenshots'], ['site'], 'what_if.mjs --site DIR [--screenshots DIR]');
const { check, section, done } = checker();
const { server, base } = await serveSite(opt.site);
const browser = await launchChromium();
const LESSON = '14-time-wait-lost-last-ack';

async function ready(me, what) {
  const r = await me.evaluate(() => new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 90000);
    window.tcplab.ready.then(() => { clearTimeout(t); resolve('ready'); }, (e) => { clearTimeout(t); resolve('failed: ' + e.message); });
  }));
  return check(r === 'ready', `${what}: the lab is ready`, r);
}
async function press(me, id) {
  const b = await reach(me, id, 'controls');
  check(!!b, `${id} is on screen`, b);
  if (b) await me.press(b);
}
// The banner, once the restarted lesson has drawn it (a few frames), or null.
async function banner(me, want = true) {
  for (let i = 0; i < 60; i++) {
    const b = await me.box('whatif.banner', 0);
    if (!!b === want) return b;
    await me.frames(1);
  }
  return want ? null : await me.box('whatif.banner', 0);
}

for (const [name, size, lang, touch] of [['desktop', { width: 1280, height: 800 }, 'en', false],
                                          ['phone', { width: 390, height: 844, scale: 2 }, 'zh', true]]) {
  await section(`${name} (${size.width}x${size.height}, ${lang}): no TIME_WAIT, then real TCP again`, async () => {
    const { context, page, errors } = await openPage(browser, `${base}/?scenario=${LESSON}&lang=${lang}`, { ...size, touch });
    const me = await Person.at(page, { touch });
    if (!(await ready(me, name))) return;
    check(!(await me.box('whatif.banner', 0)) && (await me.status()).what_if === '', 'real TCP at first: no banner');
    await press(me, 'whatif.title');
    await press(me, 'whatif.no-time-wait');
    const st = await me.until((s) => s.what_if === 'no-time-wait', 60);
    check(st.what_if === 'no-time-wait' && st.time_us === 0, 'the lesson restarts under "no TIME_WAIT"', st);
    // On a phone the diagram and the controls are tabs: the banner is over the diagram.
    const b = await reach(me, 'whatif.banner', 'graph');
    const head = lang === 'zh' ? '假设(并非真实的TCP):没有TIME_WAIT' : 'WHAT IF (not real TCP): no TIME_WAIT.';
    check(!!b && b.text.startsWith(head), 'the banner over the diagram says it is not real TCP', b && b.text);
    const breaks = lang === 'zh' ? /本课 \d+ 项检查通过 \d+ 项。 ?此处有 6 项未通过;第一项在第 66 行:expect at 555ms C=TIME_WAIT/
                                 : /Real TCP: (\d+) of the lesson's \1 checks pass\. Here 6 failed; the first, line 66: expect at 555ms C=TIME_WAIT \(C is CLOSED\)/;
    check(!!b && breaks.test(b.text), 'beside real TCP\'s result: the lesson\'s checks the hypothesis breaks, the first with its line', b && b.text);
    check(!!b && b.x >= 0 && b.x + b.w <= size.width + 0.5, 'the banner fits the width (wrapped)', b);
    await screenshot(page, opt.screenshots, `what-if-${name}.png`);
    const rst = await me.evaluate(() => {
      window.tcplab.runToEnd();
      const t = window.tcplab.trace();
      return (Array.isArray(t) ? t : t.entries).filter((e) => e.kind === 'segment_sent' && e.host === 0 && /RST/.test(e.segment.flags_text)).length;
    });
    check(rst === 1, 'A, with no TIME_WAIT, answers B\'s retransmitted FIN with a RST (RFC 9293 3.10.7.1)', rst);
    // Overlaid on the ladder, at that moment: real TCP's own ACK from TIME_WAIT, faded, and the RST
    // marked as not real TCP's.
    const rstAt = await me.evaluate(() => {
      const t = window.tcplab.trace();
      const e = (Array.isArray(t) ? t : t.entries).find((x) => x.kind === 'segment_sent' && x.host === 0 && /RST/.test(x.segment.flags_text));
      return e ? e.time_us : 0;
    });
    await me.evaluate((us) => window.tcplab.seek(us), rstAt + 30000);
    const ghost = await reach(me, (x) => x.id.startsWith('whatif.real.') && x.kind === 'label', 'timeline');
    const realWord = lang === 'zh' ? '真实TCP:' : 'real TCP:';
    check(!!ghost && ghost.text.startsWith(`${realWord} ACK`), 'the ladder overlays real TCP\'s ACK where A sends its RST', ghost && ghost.text);
    const marked = await me.box((await me.layout()).boxes.find((x) => x.kind === 'label' && /RST/.test(x.text || '') && x.id.startsWith('seglabel.'))?.id || 'none', 2);
    check(!!marked && marked.text.includes(lang === 'zh' ? '(真实TCP不发送)' : '(not in real TCP)'), 'and marks the RST as not real TCP\'s', marked && marked.text);
    await screenshot(page, opt.screenshots, `what-if-overlay-${name}.png`);
    await press(me, 'whatif.none');
    const back = await me.until((s) => s.what_if === '', 60);
    check(back.what_if === '' && !(await banner(me, false)), '"real TCP": the banner is gone', back);
    const real = await me.evaluate(() => { window.tcplab.runToEnd(); return window.tcplab.status(); });
    check(real.failed === 0 && real.passed > 0, 'and the lesson\'s checks all pass again', real);
    check(errors.length === 0, 'no page or console errors', errors);
    await context.close();
  });
}

await browser.close();
server.close();
done('what-if');
