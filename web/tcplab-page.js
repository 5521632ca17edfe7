// The page around the canvas (web/shell.html): its texts in the page's language (from the lang URL
// parameter before the app starts, from the app afterwards), the error banner, the canvas's focus,
// a keyboard toolbar for the playback controls, the narration mirrored for screen readers, and
// document.title. Runs before tcplab-api.js, which calls window.tcplabPage for the banner.
(function () {
  'use strict';

  // Both languages of every message of engine/i18n_page.inc, put here by package_site.py.
  const TEXT = /*@PAGE_TEXT@*/null || {};
  const $ = (sel) => document.querySelector(sel);

  function urlLang() {
    const p = new URLSearchParams(location.search);
    const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
    const v = hash.get('lang') || p.get('lang');
    return v === 'zh' ? 'zh' : 'en';
  }
  let lang = urlLang();

  function t(key, vars) {
    const m = TEXT['page.' + key];
    let s = m ? (m[lang] || m.en) : key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split('{' + k + '}').join(v);
    return s;
  }

  // --- Banner ---------------------------------------------------------------------------------
  // Known English messages of the app's start-up, in the page's language.
  const KNOWN = [[/^WebGL2 is not available/, 'no_webgl'], [/^WebGL context lost/, 'context_lost'],
                 [/^cannot load tcplab\.js/, 'no_script']];
  function localized(message) {
    for (const [re, key] of KNOWN) if (re.test(message)) return t(key);
    return message;
  }
  let fatalShown = false;
  function banner(title, messages, fatal) {
    const box = $('#tcplab-errors');
    if (!box) return;
    if (fatal && !fatalShown) {
      fatalShown = true;
      box.classList.add('fatal');
      box.querySelector('strong').textContent = t('stopped');
      box.querySelector('ul').textContent = '';
    } else if (!fatalShown && !box.querySelector('strong').textContent) {
      box.querySelector('strong').textContent = 'tcplab';
    }
    const list = box.querySelector('ul');
    for (const m of messages) {
      const text = (title ? title + ': ' : '') + localized(String(m));
      if ([...list.children].some((li) => li.textContent === text)) continue;
      const li = document.createElement('li');
      li.textContent = text;
      list.appendChild(li);
    }
    box.classList.add('shown');
    if (fatal) box.querySelector('.reload').focus({ preventScroll: true });
  }

  // --- Texts in the current language ------------------------------------------------------------
  const keyName = { step_back: '←', play: null, step: '→' };
  function applyTexts(st) {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    const loading = $('#tcplab-loading');
    if (loading) loading.textContent = t('loading');
    const box = $('#tcplab-errors');
    if (box) {
      box.querySelector('.close').setAttribute('aria-label', t('close'));
      box.querySelector('.reload').textContent = t('reload');
      if (fatalShown) box.querySelector('strong').textContent = t('stopped');
    }
    $('#tcplab-keyhelp').textContent = t('keyhelp');
    $('#tcplab-keys').setAttribute('aria-label', t('toolbar'));
    $('#tcplab-live').setAttribute('aria-label', t('narration'));
    const playing = !!(st && st.playing);
    for (const b of document.querySelectorAll('#tcplab-keys button')) {
      const act = b.dataset.act;
      if (act === 'lang') {
        b.textContent = t('lang');
        b.setAttribute('aria-label', t('lang.label'));
        b.title = t('lang.label');
        continue;
      }
      const label = act === 'play' ? t(playing ? 'pause' : 'play') : t(act);
      const key = act === 'play' ? t('key.space') : keyName[act];
      b.textContent = label;
      if (key) {
        const k = document.createElement('kbd');
        k.textContent = key;
        k.setAttribute('aria-hidden', 'true');
        b.appendChild(k);
        b.title = label + ' (' + t('shortcut', { key }) + ')';
      } else {
        b.title = label;
      }
      b.setAttribute('aria-label', label);
    }
    $('#tcplab-keys [data-act=time]').setAttribute('aria-label', t('time'));
    $('#tcplab-keys [data-act=lesson]').setAttribute('aria-label', t('lesson'));
  }

  // --- The canvas takes the keyboard when a person points at it ---------------------------------
  // SDL prevents the default of mousedown (so a click would not move the focus, and inside an iframe
  // the keyboard would stay with the parent page): focus it ourselves, first thing.
  function wireFocus() {
    const canvas = $('#canvas');
    const focus = () => { if (document.activeElement !== canvas) canvas.focus({ preventScroll: true }); };
    canvas.addEventListener('pointerdown', focus);
    canvas.addEventListener('touchstart', focus, { passive: true });
    // SDL prevents the default of every key on the canvas, Tab included: let Tab move the focus.
    window.addEventListener('keydown', (e) => { if (e.key === 'Tab') e.stopPropagation(); }, true);
    window.addEventListener('keyup', (e) => { if (e.key === 'Tab') e.stopPropagation(); }, true);
  }

  // --- After the app is ready: toolbar, narration mirror, title ---------------------------------
  function formatTime(us) {
    us = Math.max(0, Number(us) || 0);
    if (us < 1000) return us + ' µs';
    if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 1 : 0).replace(/\.0$/, '') + ' ms';
    return (us / 1e6).toFixed(us < 1e7 ? 2 : 1) + ' s';
  }

  function attach(api) {
    const bar = $('#tcplab-keys');
    const scrub = bar.querySelector('[data-act=time]');
    const timeText = bar.querySelector('[data-act=time_text]');
    const select = bar.querySelector('[data-act=lesson]');
    const lessons = api.lessons();
    let last = null;   // the last status shown
    let key = '';      // what the texts were last built for

    function fillLessons(st) {
      select.textContent = '';
      const names = lessons.map((l) => l.name);
      if (!names.includes(st.scenario)) {
        const o = document.createElement('option');
        o.value = '';
        o.textContent = st.title || '—';
        select.appendChild(o);
      }
      for (const l of lessons) {
        const o = document.createElement('option');
        o.value = l.name;
        o.textContent = l[lang] || l.en;
        select.appendChild(o);
      }
      select.value = names.includes(st.scenario) ? st.scenario : '';
    }

    function sync() {
      let st;
      try { st = api.status(); } catch (e) { return; }  // stopped: the banner says so
      if (st.lang && st.lang !== lang) lang = st.lang;
      const k = [lang, st.scenario, st.title, st.playing].join('\u0001');
      if (k !== key) {
        const lessonChanged = !last || last.scenario !== st.scenario || last.title !== st.title || last.lang !== st.lang;
        key = k;
        applyTexts(st);
        if (lessonChanged) fillLessons(st);
        const title = st.title || st.scenario || '';
        document.title = title ? title + ' — tcplab' : 'tcplab';
        $('#canvas').setAttribute('aria-label', t('canvas', { title: title || 'tcplab' }));
      }
      const end = Math.max(1, Number(st.end_us) || 0, Number(st.time_us) || 0);
      if (Number(scrub.max) !== end) {
        scrub.max = String(end);
        scrub.step = String(Math.max(1, Math.round(end / 100)));
      }
      if (!scrub.matches(':active')) scrub.value = String(st.time_us);
      const tt = t('time_of', { now: formatTime(st.time_us), end: formatTime(end) });
      timeText.textContent = tt;
      scrub.setAttribute('aria-valuetext', tt);
      last = st;
    }

    function act(name, value) {
      const st = api.status();
      if (name === 'step_back') api.stepBack();
      else if (name === 'step') api.step();
      else if (name === 'play') (st.playing ? api.pause() : api.play());
      else if (name === 'reset') api.reset();
      else if (name === 'lang') api.setLang(lang === 'zh' ? 'en' : 'zh');
      else if (name === 'time') api.seek(Number(value));
      else if (name === 'lesson' && value) { api.load(value).then(sync); return; }  // fetched first
      sync();
    }
    bar.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (b && bar.contains(b)) act(b.dataset.act);
    });
    scrub.addEventListener('input', () => act('time', scrub.value));
    select.addEventListener('change', () => act('lesson', select.value));
    // The shortcuts also work from the toolbar's buttons (not inside the slider and the list,
    // where the arrows have their own meaning).
    bar.addEventListener('keydown', (e) => {
      if (e.target.tagName !== 'BUTTON' || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowLeft') { act('step_back'); e.preventDefault(); }
      if (e.key === 'ArrowRight') { act('step'); e.preventDefault(); }
    });

    // Each narration line of what happens, for screen readers (the last few stay in the region).
    const live = $('#tcplab-live');
    const SPOKEN = new Set(['note', 'state_change', 'segment_sent', 'segment_dropped', 'segment_injected',
                            'user_call', 'user_result', 'timer_fired']);
    api.on('event', (e) => {
      if (!e || e.type !== 'trace' || !SPOKEN.has(e.kind) || !e.narration) return;
      const line = document.createElement('p');
      line.textContent = e.narration;
      live.appendChild(line);
      while (live.childElementCount > 20) live.firstElementChild.remove();
    });

    sync();
    setInterval(sync, 250);
    // A page of its own (not a course page's iframe): the keyboard goes to the app at once.
    if (window.parent === window && (document.activeElement === document.body || !document.activeElement)) {
      $('#canvas').focus({ preventScroll: true });
    }
  }

  // --- The student's ID (askid=1: one link for a class, each student types their own) -----------
  // Resolves with the ID typed; the app starts after it, so the numbers are the student's from the start.
  function askStudent() {
    return new Promise((resolve) => {
      const form = document.createElement('form');
      form.id = 'tcplab-student';
      const label = document.createElement('label');
      label.htmlFor = 'tcplab-student-id';
      label.textContent = t('student.title');
      const input = document.createElement('input');
      Object.assign(input, { id: 'tcplab-student-id', required: true, maxLength: 200, autocomplete: 'off' });
      const why = document.createElement('p');
      why.textContent = t('student.why');
      const go = document.createElement('button');
      go.type = 'submit';
      go.textContent = t('student.start');
      form.append(label, input, go, why);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const id = input.value.trim();
        if (!id) return;
        form.remove();
        resolve(id);
      });
      const loading = $('#tcplab-loading');
      if (loading) loading.style.display = 'none';  // back once the ID is given and the app loads
      document.body.appendChild(form);
      input.focus({ preventScroll: true });
    }).finally(() => { const l = $('#tcplab-loading'); if (l) l.style.display = ''; });
  }

  window.tcplabPage = { banner, askStudent, get lang() { return lang; }, text: t };
  applyTexts(null);
  wireFocus();
  window.addEventListener('tcplab-ready', (e) => attach(e.detail));
})();
