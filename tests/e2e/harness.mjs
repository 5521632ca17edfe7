// Shared by the browser end-to-end test and the frame-time benchmark: a static server for the built
// site on 127.0.0.1 (a free port) and Debian's chromium with WebGL2 through SwiftShader.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.png': 'image/png', '.json': 'application/json', '.scn': 'text/plain; charset=utf-8' };

// Serves `site`; `extraPages` (path -> html) adds pages of the test's own (the cross-origin parent).
export async function serveSite(site, extraPages = new Map()) {
  const root = path.resolve(site);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (extraPages.has(url.pathname)) {
      res.writeHead(200, { 'content-type': MIME['.html'] });
      res.end(extraPages.get(url.pathname));
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

// check(cond, what, detail) prints ok/FAIL and counts; section(name, fn) runs a group and counts a
// throw as a failure; done(name) prints the totals and exits 1 on any failure.
export function checker() {
  let failures = 0, passes = 0;
  const check = (cond, what, detail) => {
    if (cond) { passes++; console.log(`  ok    ${what}`); }
    else { failures++; console.log(`  FAIL  ${what}${detail === undefined ? '' : ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))}`); }
    return cond;
  };
  const section = async (name, fn) => {
    console.log(`\n== ${name}`);
    try { await fn(); } catch (e) { failures++; console.log(`  FAIL  ${name} threw: ${e && e.stack ? e.stack : e}`); }
  };
  const done = (name) => {
    console.log(`\n${name}: ${passes} passed, ${failures} failed`);
    process.exit(failures ? 1 : 0);
  };
  return { check, section, done };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],  // playwright gives the browser a fresh temporary profile
  });
}

// Shrinks a screenshot in place with pngquant when it is installed (scripts/install-deps.sh web
// installs it); without it the PNG stays as the browser wrote it.
export function compressPng(file) {
  const r = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=70-95', '--output', file, '--', file]);
  return r.status === 0;
}

// `--name value` pairs into an object with `names` as keys (null when not given); exits 2 with the
// usage line when one of `required` is missing or the site is not built.
export function parseOptions(names, required, usage) {
  const opt = Object.fromEntries(names.map((n) => [n, null]));
  for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  if (required.some((n) => !opt[n])) { console.error(`usage: ${usage}`); process.exit(2); }
  if (opt.site && !fs.existsSync(path.join(opt.site, 'index.html'))) {
    console.error(`${opt.site}/index.html is missing: build the site first (scripts/build-web.sh)`);
    process.exit(1);
  }
  return opt;
}

// A fresh browser context and page at `url` whose page errors, console errors, crashes and HTTP
// errors (not the browser's own favicon probe) are collected in `errors`.
export async function openPage(browser, url, { width, height, touch = false, scale = 1, downloads = false, clipboard = false }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch, isMobile: touch, acceptDownloads: downloads });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    if (m.type() === 'warning' && /^tcplab: (copy|no clipboard)/.test(m.text())) errors.push(m.text());  // a copy that failed
  });
  page.on('crash', () => errors.push('page crashed'));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('favicon.ico')) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(url);
  return { context, page, errors };
}

// A screenshot of the page into `dir` (nothing when no directory was given), compressed.
export async function screenshot(page, dir, name) {
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  compressPng(file);
}
