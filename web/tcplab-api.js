// window.tcplab: the page's JavaScript API, the URL parameters and the postMessage bridge for
// cross-origin iframes (docs/embedding.md). It reads the URL, then starts the wasm module
// (tcplab.js, or the inlined copy in the single-file tcplab.html) with the settings as arguments.
(function () {
  'use strict';

  const PANELS = ['graph', 'timeline', 'controls', 'log', 'tcb', 'timers', 'all'];
  const METHODS = ['load', 'play', 'pause', 'step', 'stepBack', 'seek', 'runToEnd', 'setSpeed', 'setLang',
                   'reset', 'status', 'states', 'trace', 'frameTimes', 'layout', 'builtins', 'lessons', 'link',
                   'encodeScenario', 'results', 'resultsCsv'];

  const listeners = new Map();  // event name -> Set of callbacks
  const urlErrors = [];
  let isReady = false;
  let stopped = null;  // the message of the trap or error that stopped the app
  let builtinNames = [];
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // a failed start is reported through the banner and 'error' events

  // --- Error banner (web/tcplab-page.js draws it, in the page's language) -------------------------
  function showErrors(title, messages, fatal) {
    if (window.tcplabPage) { window.tcplabPage.banner(title, messages, fatal); return; }
    const box = document.getElementById('tcplab-errors');  // a page without tcplab-page.js
    if (!box) return;
    for (const m of messages) {
      const li = document.createElement('li');
      li.textContent = title ? title + ': ' + m : m;
      box.querySelector('ul').appendChild(li);
    }
    box.classList.add('shown', fatal ? 'fatal' : 'notice');
  }

  // --- Events ---------------------------------------------------------------------------------
  function emit(name, data) {
    const set = listeners.get(name);
    if (set) for (const cb of [...set]) { try { cb(data); } catch (e) { console.error(e); } }
    for (const sub of bridgeSubscribers) {
      if (!sub.events.has(name) && !sub.events.has('*')) continue;
      try { sub.post({ tcplab: 'event', event: name, data }); } catch (e) { sub.events.clear(); }  // the parent went away
    }
  }

  function on(name, cb) {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(cb);
    if (name === 'ready' && isReady) cb(status());
    return () => off(name, cb);
  }
  function off(name, cb) { const s = listeners.get(name); if (s) s.delete(cb); }

  // --- Calls into wasm ------------------------------------------------------------------------
  function requireReady() {
    if (stopped !== null) throw new Error('tcplab stopped: ' + stopped);
    if (!isReady) throw new Error('tcplab is not ready yet: await window.tcplab.ready first');
  }
  // A trap inside a call (a memory error in the engine, say) stops the app like one in a frame.
  function guarded(fn) {
    try { return fn(); } catch (e) {
      if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) onFatal(describe(e));
      throw e;
    }
  }
  function callJson(fn, ...args) {
    requireReady();
    const M = window.Module;
    const ptrs = [];
    const conv = args.map((a) => {
      if (typeof a !== 'string') return a;
      const n = M.lengthBytesUTF8(a) + 1;
      const p = M._malloc(n);
      M.stringToUTF8(a, p, n);
      ptrs.push(p);
      return p;
    });
    try {
      const r = guarded(() => M['_' + fn](...conv));
      return typeof r === 'number' && r !== 0 ? JSON.parse(M.UTF8ToString(r)) : r;
    } finally {
      if (stopped === null) for (const p of ptrs) M._free(p);
    }
  }
  function callVoid(fn, ...args) { requireReady(); guarded(() => window.Module['_' + fn](...args)); }

  // --- The lessons: their texts are not in the wasm. The site serves lessons/NAME.scn and
  // lessons/index.json (their names); the single file inlines them (#tcplab-lessons). Each is
  // fetched once, when it first opens; the app asks through Module.tcplabLesson (main_web.cpp).
  const lessonTexts = new Map();  // name -> {text} | {error} | Promise (being fetched)
  let lessonNames = [];
  function resolveLesson(q) {
    if (lessonNames.includes(q)) return q;
    const hits = lessonNames.filter((n) => n.includes(q));  // as the app does: a unique part of a name
    return hits.length === 1 ? hits[0] : null;
  }
  function fetchLesson(name) {
    const had = lessonTexts.get(name);
    if (had) return Promise.resolve(had);
    const url = 'lessons/' + encodeURIComponent(name) + '.scn';
    const p = fetch(url)
      .then((r) => (r.ok ? r.text().then((text) => ({ text })) : { error: 'cannot fetch ' + url + ': HTTP ' + r.status }))
      .catch((e) => ({ error: 'cannot fetch ' + url + ': ' + (e && e.message ? e.message : e) }))
      .then((got) => { lessonTexts.set(name, got); return got; });
    lessonTexts.set(name, p);
    return p;
  }
  async function prepareLessons(launchName) {
    const inline = document.getElementById('tcplab-lessons');
    if (inline) {
      const all = JSON.parse(inline.textContent);
      lessonNames = Object.keys(all);
      for (const n of lessonNames) lessonTexts.set(n, { text: all[n] });
      return;
    }
    try {
      const r = await fetch('lessons/index.json');
      if (!r.ok) throw new Error('HTTP ' + r.status);
      lessonNames = await r.json();
    } catch (e) {
      console.warn('tcplab: cannot fetch lessons/index.json: ' + e.message);
      return;
    }
    // The lesson the app opens first: the URL's, else the first (also the fallback for bad text).
    const first = (launchName !== null && resolveLesson(launchName)) || lessonNames[0];
    if (first) await fetchLesson(first);
  }
  // For the app: the text now, or null and a callback to the app when the fetch has ended.
  function lessonForApp(name) {
    const had = lessonTexts.get(name);
    if (had && !(had instanceof Promise)) return had;
    fetchLesson(name).then(() => { if (isReady && stopped === null) callJson('tcplab_lesson_arrived', name); });
    return null;
  }

  // load('01-three-way-handshake') | load(scenarioText) | load({name}) | load({text})
  // -> Promise of {ok: true} | {ok: false, errors: [{line, column, message}]}
  async function load(what) {
    let name = null, text = null;
    if (what && typeof what === 'object') { name = what.name || null; text = what.text || null; }
    else if (typeof what === 'string' && /\s/.test(what.trim())) text = what;
    else if (typeof what === 'string') name = what.trim();
    if (text !== null) return callJson('tcplab_load_text', text);
    if (name === null || name === '') return { ok: false, errors: [{ line: 0, column: 0, message: 'load() needs a scenario name or text' }] };
    const resolved = resolveLesson(name);  // the app also accepts a unique part of a name
    if (resolved !== null) { await ready; await fetchLesson(resolved); name = resolved; }
    return callJson('tcplab_load_builtin', name);
  }
  function status() { return callJson('tcplab_status'); }

  // --- Scenario text in URLs: deflate (zlib, RFC 1950) + base64url, with the browser's own streams
  function base64urlToBytes(s) {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/\s/g, '');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const bin = atob(padded);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function bytesToBase64url(bytes) {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  async function pipe(bytes, stream) {
    const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
    return new Uint8Array(await out.arrayBuffer());
  }
  async function decodeScenario(param) {
    if (typeof DecompressionStream === 'undefined') throw new Error('this browser cannot decompress (no DecompressionStream)');
    let bytes;
    try { bytes = base64urlToBytes(param); } catch (e) { throw new Error('not base64url'); }
    let raw;
    try { raw = await pipe(bytes, new DecompressionStream('deflate')); } catch (e) { throw new Error('not deflate (zlib) data'); }
    return new TextDecoder('utf-8', { fatal: false }).decode(raw);
  }
  async function encodeScenario(text) {
    return bytesToBase64url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate')));
  }

  // --- URL parameters -> module arguments ----------------------------------------------------
  function urlParams() {
    const p = new URLSearchParams(location.search);
    const hash = location.hash.replace(/^#/, '');
    if (hash.includes('=')) for (const [k, v] of new URLSearchParams(hash)) p.set(k, v);  // the hash wins
    return p;
  }

  async function launchArguments() {
    const p = urlParams();
    const args = [];
    const bad = (name, msg) => urlErrors.push(name + ': ' + msg);
    const known = ['scenario', 's', 'text', 'lang', 'autoplay', 'speed', 'profile', 'theme', 'panels', 'transport', 'fps', 'skipidle', 'predict', 'student', 'askid'];
    for (const k of p.keys()) if (!known.includes(k)) bad(k, 'unknown parameter (known: ' + known.join(', ') + ')');

    const lang = p.get('lang');
    if (lang !== null) { if (lang === 'en' || lang === 'zh') args.push('--lang', lang); else bad('lang', 'must be en or zh, got "' + lang + '"'); }
    const theme = p.get('theme');
    if (theme !== null) { if (theme === 'light' || theme === 'dark') args.push('--theme', theme); else bad('theme', 'must be light or dark, got "' + theme + '"'); }
    if (theme === 'light') document.body.classList.add('light');
    const autoplay = p.get('autoplay');
    if (autoplay !== null) {
      if (['1', 'true', 'yes', ''].includes(autoplay)) args.push('--autoplay');
      else if (!['0', 'false', 'no'].includes(autoplay)) bad('autoplay', 'must be 1 or 0, got "' + autoplay + '"');
    }
    const speed = p.get('speed');
    if (speed !== null) {
      const v = Number(speed);
      if (speed.trim() !== '' && Number.isFinite(v) && v >= 0.1 && v <= 100) args.push('--speed', String(v));
      else bad('speed', 'must be a number from 0.1 to 100, got "' + speed + '"');
    }
    const profile = p.get('profile');
    if (profile !== null) { if (/^[A-Za-z0-9_.-]+$/.test(profile)) args.push('--profile', profile); else bad('profile', 'not a profile name: "' + profile + '"'); }
    const panels = p.get('panels');
    if (panels !== null) {
      const list = panels.split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = list.filter((x) => !PANELS.includes(x));
      if (unknown.length || !list.length) bad('panels', 'unknown panel(s) "' + unknown.join(',') + '"; known: ' + PANELS.join(','));
      else args.push('--panels', list.join(','));
    }
    const transport = p.get('transport');
    if (transport !== null) {
      if (['1', 'true', 'yes', ''].includes(transport)) args.push('--transport', '1');
      else if (['0', 'false', 'no'].includes(transport)) args.push('--transport', '0');
      else bad('transport', 'must be 1 or 0, got "' + transport + '"');
    }
    if (p.get('fps') === '1') args.push('--frame-overlay');
    const skipidle = p.get('skipidle');
    if (skipidle !== null) {
      if (['0', 'false', 'no'].includes(skipidle)) args.push('--skip-idle', '0');
      else if (!['1', 'true', 'yes', ''].includes(skipidle)) bad('skipidle', 'must be 1 or 0, got "' + skipidle + '"');
    }

    const predict = p.get('predict');
    if (predict !== null) {
      if (['states', 'numbers', 'both'].includes(predict)) args.push('--predict', predict);
      else bad('predict', 'must be states, numbers or both, got "' + predict + '"');
    }
    const student = p.get('student');
    if (student !== null) {
      if (student.trim() !== '' && student.length <= 200) args.push('--student', student);
      else bad('student', 'must be a student ID of 1 to 200 characters');
    }
    // askid=1: the page asks for the ID before the app starts, then keeps it in the address so
    // that a reload gives the same numbers. A student= in the link wins (the platform filled it).
    const askid = p.get('askid');
    if (askid !== null && !['1', '0'].includes(askid)) bad('askid', 'must be 1 or 0, got "' + askid + '"');
    if (askid === '1' && student === null && window.tcplabPage) {
      const id = await window.tcplabPage.askStudent();
      args.push('--student', id);
      const url = new URL(location.href);
      url.searchParams.set('student', id);
      history.replaceState(history.state, '', url);
    }
    args.push('--page-url', location.href.split(/[?#]/)[0]);

    // Inline text: s= (deflate + base64url) wins over text= (plain), which wins over scenario= (a name).
    const s = p.get('s');
    const text = p.get('text');
    const scenario = p.get('scenario');
    if (s !== null) {
      try { args.push('--scenario-text', await decodeScenario(s)); } catch (e) { bad('s', 'cannot decode the scenario text (' + e.message + ')'); }
    } else if (text !== null) {
      args.push('--scenario-text', text);
    } else if (scenario !== null) {
      if (/^[A-Za-z0-9_.-]+$/.test(scenario)) args.push('--scenario', scenario);
      else bad('scenario', 'not a scenario name: "' + scenario + '"');
    }
    return { args, scenario: s === null && text === null ? scenario : null };
  }

  // --- postMessage bridge (cross-origin iframes) ---------------------------------------------
  // Request: {tcplab: 'request', id, method, args: [...]}   Reply: {tcplab: 'reply', id, ok, result | error}
  // Subscribe: method 'subscribe' / 'unsubscribe' with args [eventName or '*'].
  // Unprompted: {tcplab: 'ready', status, builtins} and {tcplab: 'event', event, data}.
  const bridgeSubscribers = [];
  function bridgeFor(source, origin) {
    let sub = bridgeSubscribers.find((b) => b.source === source);
    if (!sub) {
      const target = origin && origin !== 'null' ? origin : '*';
      sub = { source, events: new Set(), post: (m) => source.postMessage(m, target) };
      bridgeSubscribers.push(sub);
    }
    return sub;
  }
  window.addEventListener('message', async (ev) => {
    const m = ev.data;
    if (!m || typeof m !== 'object' || m.tcplab !== 'request' || !ev.source) return;
    const sub = bridgeFor(ev.source, ev.origin);
    const reply = (body) => sub.post(Object.assign({ tcplab: 'reply', id: m.id }, body));
    try {
      if (m.method === 'subscribe' || m.method === 'unsubscribe') {
        const name = String((m.args || [])[0] || '*');
        if (m.method === 'subscribe') sub.events.add(name); else sub.events.delete(name);
        reply({ ok: true, result: null });
        return;
      }
      if (!METHODS.includes(m.method)) throw new Error('unknown method "' + m.method + '"');
      await ready;
      const result = await api[m.method](...(Array.isArray(m.args) ? m.args : []));
      reply({ ok: true, result: result === undefined ? null : result });
    } catch (e) {
      reply({ ok: false, error: String(e && e.message ? e.message : e) });
    }
  });

  // --- The API ------------------------------------------------------------------------------
  const api = {
    ready,
    get isReady() { return isReady; },
    load,
    play: () => callVoid('tcplab_play'),
    pause: () => callVoid('tcplab_pause'),
    step: () => callVoid('tcplab_step'),
    stepBack: () => callVoid('tcplab_step_back'),
    seek: (us) => callVoid('tcplab_seek', Number(us)),
    runToEnd: () => callVoid('tcplab_run_to_end'),
    setSpeed: (x) => callVoid('tcplab_set_speed', Number(x)),
    setLang: (lang) => callJson('tcplab_set_lang', String(lang)),
    reset: () => callVoid('tcplab_reset'),
    status,
    states: () => callJson('tcplab_states'),
    trace: () => callJson('tcplab_trace'),
    frameTimes: () => callJson('tcplab_frame_times'),
    // Where this frame put every panel, control, node and label (CSS px): for tests and tools.
    layout: () => callJson('tcplab_layout'),
    builtins: () => builtinNames.slice(),
    // [{name, en, zh}]: the built-in lessons with their titles in both languages.
    lessons: () => callJson('tcplab_builtin_titles'),
    link: (base) => callJson('tcplab_link_url', String(base || location.href.split(/[?#]/)[0])),
    encodeScenario,
    decodeScenario,
    urlErrors: () => urlErrors.slice(),
    // Predict mode: every answer so far ({type: 'answer' | 'score', ..., time}) and the same as CSV.
    results: () => results.map((r) => Object.assign({}, r)),
    resultsCsv,
    on,
    off,
  };
  window.tcplab = api;

  // --- Start the module ----------------------------------------------------------------------
  function onReady() {
    isReady = true;
    builtinNames = callJson('tcplab_builtin_names') || [];
    const loading = document.getElementById('tcplab-loading');
    if (loading) loading.remove();
    const st = status();
    if (st && st.error) {
      const list = Array.isArray(st.error) ? st.error : [st.error];
      for (const e of list) urlErrors.push('scenario: ' + (e && e.message ? `line ${e.line}:${e.column}: ${e.message}` : String(e)));
    } else if (launch.scenario !== null && !builtinNames.some((n) => n.includes(launch.scenario))) {
      // The app accepts a unique part of a name ("three-way-handshake"); none matched.
      urlErrors.push('scenario: unknown scenario "' + launch.scenario + '"; built-in: ' + builtinNames.join(', '));
    }
    if (urlErrors.length) showErrors(window.tcplabPage ? window.tcplabPage.text('url') : 'URL', urlErrors, false);
    resolveReady(api);
    window.dispatchEvent(new CustomEvent('tcplab-ready', { detail: api }));
    emit('ready', st);
    if (window.parent !== window) window.parent.postMessage({ tcplab: 'ready', status: st, builtins: builtinNames }, '*');
  }

  // The app cannot go on: a wasm trap (RuntimeError), an abort, an uncaught error or rejection in
  // the page, a failed start. Stops the main loop, shows the banner with "Reload", emits 'error'
  // (listeners, postMessage subscribers, and {tcplab: 'error'} to a parent page).
  function describe(e) {
    if (e && e.message) return (e.name && e.name !== 'Error' ? e.name + ': ' : '') + e.message;
    return String(e);
  }
  function onFatal(message) {
    message = String(message);
    const first = stopped === null;
    if (first) stopped = message;
    const loading = document.getElementById('tcplab-loading');
    if (loading) loading.remove();
    try { if (window.Module && window.Module.pauseMainLoop) window.Module.pauseMainLoop(); } catch (e) { /* already gone */ }
    showErrors('', [message], true);
    if (!first) return;
    emit('error', { message });
    if (window.parent !== window) window.parent.postMessage({ tcplab: 'error', message }, '*');
    rejectReady(new Error(message));
  }
  window.addEventListener('error', (ev) => onFatal(describe(ev.error || ev.message)));
  window.addEventListener('unhandledrejection', (ev) => onFatal(describe(ev.reason)));

  // --- Predict mode's results (docs/teaching.md): every answer and the final score, with the time,
  // to listeners, postMessage subscribers and, unprompted, to the embedding page; also as CSV.
  const results = [];
  const CSV_COLUMNS = ['time', 'lesson', 'student', 'mode', 'question', 'kind', 'host', 'answer',
                       'correct_answer', 'correct_symbolic', 'result', 'attempt', 'right', 'wrong', 'skipped', 'total'];
  function csvCell(v) {
    const t = v === undefined || v === null ? '' : String(v);
    return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  function resultsCsv() {
    const rows = [CSV_COLUMNS.join(',')];
    for (const r of results) {
      const s = r.type === 'score' ? r : r.score || {};
      const row = Object.assign({}, r, { right: s.right, wrong: s.wrong, skipped: s.skipped, total: s.total });
      if (r.type === 'score') { row.question = '(score)'; row.result = 'done'; }
      rows.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
    }
    return rows.join('\r\n') + '\r\n';
  }
  function onResult(e) {
    const r = Object.assign({ time: new Date().toISOString() }, e);
    results.push(r);
    emit('result', r);
    if (window.parent !== window) window.parent.postMessage({ tcplab: 'result', data: r }, '*');
  }
  function copyResults() {
    const csv = resultsCsv();
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(csv).then(() => csv);
    return Promise.reject(new Error('no clipboard in this browser'));
  }
  function downloadCsv() {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([resultsCsv()], { type: 'text/csv' }));
    a.download = 'tcplab-results.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function onEvents(json) {
    let list;
    try { list = JSON.parse(json); } catch (e) { return; }
    for (const e of list) {
      if (e && e.schema === 'tcplab-result') { onResult(e); continue; }
      if (e && e.type === 'copy_results') { copyResults().catch((err) => console.warn(err.message)); continue; }
      if (e && e.type === 'download_csv') { downloadCsv(); continue; }
      emit('event', e);
      const kind = e && (e.type || e.kind);
      if (typeof kind === 'string' && kind !== 'event') emit(kind, e);
    }
  }

  let launch = { args: [], scenario: null };
  async function start() {
    launch = await launchArguments();
    const lessonsReady = prepareLessons(launch.scenario);
    const canvas = document.getElementById('canvas');
    canvas.addEventListener('webglcontextlost', (e) => { e.preventDefault(); onFatal('WebGL context lost: reload the page'); });
    window.Module = Object.assign(window.Module || {}, {
      canvas,
      arguments: launch.args,
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      tcplabReady: onReady,
      tcplabEvents: onEvents,
      tcplabFatal: onFatal,
      tcplabLesson: lessonForApp,
      // main() waits for the lesson it opens first (fetched while tcplab.js and the wasm load).
      preRun: [() => {
        window.Module.addRunDependency('tcplab-lessons');
        lessonsReady.finally(() => window.Module.removeRunDependency('tcplab-lessons'));
      }],
      // The app's copies (Copy link, the exercise link, Ctrl+C in a text field) also go to the
      // system clipboard: SDL's clipboard in the browser is the page's own memory.
      tcplabCopy: (text) => {
        if (!navigator.clipboard || !navigator.clipboard.writeText) { console.warn('tcplab: no clipboard in this browser'); return; }
        navigator.clipboard.writeText(text).then(() => emit('copied', { text }), (e) => console.warn('tcplab: copy: ' + e.message));
      },
      onAbort: (what) => onFatal('abort: ' + what),
      // A frame that traps never returns: the error reaches window 'error'; no frame runs after it.
      preMainLoop: () => stopped === null,
    });
    const inline = document.getElementById('tcplab-module');  // single-file build
    const script = document.createElement('script');
    if (inline) script.textContent = inline.textContent;
    else {
      script.src = 'tcplab.js';
      script.onerror = () => onFatal('cannot load tcplab.js');
    }
    document.body.appendChild(script);
  }
  const boot = () => start().catch((e) => onFatal(e && e.message ? e.message : e));
  // Settings live in the URL: a changed hash (a link within a course page) starts over with them.
  window.addEventListener('hashchange', () => location.reload());
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
