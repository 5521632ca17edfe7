// Browser frame-time benchmark (not a test: it prints figures and asserts nothing about speed).
// Loads a scenario whose trace has about 10,000 segments, runs it to the end, and measures the app's
// work per frame (window.tcplab.frameTimes(): the ImGui frame plus the GL calls) and the frame rate
// the page achieves, at a full-size and at a small canvas. In headless Chromium, WebGL runs on
// SwiftShader (software), so the frame rate also includes software rasterisation of every pixel.
//
//   node bench_frames.mjs --site build/web/site [--seconds 3]
import { serveSite, launchChromium } from './harness.mjs';

const opt = { site: null, seconds: '3' };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opt.site) { console.error('usage: bench_frames.mjs --site DIR [--seconds N]'); process.exit(2); }

// 5,000 full-sized data segments, each acknowledged: about 10,000 segments in all.
const BULK = `title  Bulk transfer (frame-time benchmark)
hosts  A=10.0.0.1 B=10.0.0.2
isn    A=1000 B=5000
link   delay=20ms
at 0ms   B listen 80
at 0ms   A connect B:80
at 100ms A send ${5000 * 1460}
at 60s   A close
at 60s   B close
`;

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const { server, base } = await serveSite(opt.site);
const browser = await launchChromium();
try {
  // The same page with the 7-segment handshake lesson is the baseline: the difference is what the
  // long trace costs; the rest is the page's fixed cost (SwiftShader filling every pixel).
  for (const [w, h, scenario] of [[1280, 800, BULK], [1280, 800, '01-three-way-handshake'],
                                  [640, 400, BULK], [640, 400, '01-three-way-handshake']]) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${base}/index.html`);
    await page.evaluate(() => window.tcplab.ready);
    const loaded = await page.evaluate((t) => window.tcplab.load(t), scenario);
    if (!loaded.ok) throw new Error('load failed: ' + JSON.stringify(loaded));
    const segs = await page.evaluate(() => {
      window.tcplab.runToEnd();
      const tr = window.tcplab.trace();
      return (Array.isArray(tr) ? tr : tr.entries).filter((e) => e.kind === 'segment_sent').length;
    });
    const fps = await page.evaluate((secs) => new Promise((resolve) => {
      let n = 0; const t0 = performance.now();
      const tick = () => { n++; if (performance.now() - t0 < secs * 1000) requestAnimationFrame(tick); else resolve(n / ((performance.now() - t0) / 1000)); };
      requestAnimationFrame(tick);
    }), Number(opt.seconds));
    const work = await page.evaluate(() => window.tcplab.frameTimes());
    console.log(`${w}x${h}: ${segs} segments; work per frame median ${pct(work, 0.5).toFixed(2)} ms, ` +
                `p95 ${pct(work, 0.95).toFixed(2)} ms (${work.length} frames); page frame rate ${fps.toFixed(1)} fps`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
