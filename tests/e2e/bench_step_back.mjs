// Browser step-back benchmark (not a test: it prints figures and asserts nothing about speed).
// For traces of about 1k, 10k and 100k segments: run to the end, then time window.tcplab.stepBack()
// (the controller: restore the latest checkpoint, replay at most K events) and, separately, the next
// frame the page draws after it. Checkpoints every K events keep both flat in the trace's length
// (goal: <= 30 ms at 100k segments in the page).
//
//   node bench_step_back.mjs --site build/web/site [--steps 30]
import { serveSite, launchChromium } from './harness.mjs';

const opt = { site: null, steps: '30' };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opt.site) { console.error('usage: bench_step_back.mjs --site DIR [--steps N]'); process.exit(2); }

// The same lesson as bench/step_back_lesson.h: one bulk transfer in 100-byte segments.
const lesson = (segments) => `hosts A=10.0.0.1 B=10.0.0.2
isn A=1000 B=5000
link delay=5ms
param mss=100
at 0 B listen 80
at 0 A connect B:80
at 50ms A send ${Math.floor(segments * 100 * 2 / 3)}
`;

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const { server, base } = await serveSite(opt.site);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => { console.error('page error: ' + e.message); process.exitCode = 1; });
  await page.goto(`${base}/index.html`);
  await page.evaluate(() => window.tcplab.ready);
  for (const n of [1000, 10000, 100000]) {
    const loaded = await page.evaluate((t) => window.tcplab.load(t), lesson(n));
    if (!loaded.ok) throw new Error('load failed: ' + JSON.stringify(loaded));
    const r = await page.evaluate(async (steps) => {
      const t0 = performance.now();
      window.tcplab.runToEnd();
      const runMs = performance.now() - t0;
      const st = window.tcplab.status();
      const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
      await frame();
      const back = [], frames = [];
      for (let i = 0; i < steps; i++) {
        const a = performance.now();
        window.tcplab.stepBack();
        back.push(performance.now() - a);
        await frame();
        frames.push(window.tcplab.frameTimes().slice(-1)[0]);
      }
      return { runMs, segments: st.segments, events: st.sim_events, back, frames };
    }, Number(opt.steps));
    console.log(`${r.segments} segments (${r.events} events; run to the end ${(r.runMs / 1000).toFixed(1)} s): ` +
                `stepBack() median ${pct(r.back, 0.5).toFixed(2)} ms, max ${Math.max(...r.back).toFixed(2)} ms; ` +
                `next frame's work median ${pct(r.frames, 0.5).toFixed(2)} ms, max ${Math.max(...r.frames).toFixed(2)} ms`);
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}
