#!/usr/bin/env python3
"""Assembles the static site and prints the size of what a visitor downloads.

  package_site.py --out DIR --shell shell.html --page tcplab-page.js --api tcplab-api.js
                  --catalog i18n_ui.inc --js tcplab.js --single-js tcplab-single.js
                  --font tcplab-font.otf [--minify-js minify_js.cjs --node node]


DIR gets index.html, tcplab-page.js, tcplab-api.js, tcplab.js, tcplab.wasm, lessons/ (each lesson
as the page reads it, fetched when it opens, and index.json) and tcplab.html: one self-contained
file (the SINGLE_FILE build with the wasm inlined, the scripts, the page and every lesson) that
works from file:// and on platforms that accept single files only. The page's own texts (loading,
errors, keyboard controls) are the messages of the page catalog (engine/i18n_page.inc), copied into tcplab-page.js in
both languages, so they show before the wasm starts. With --minify-js, both Emscripten JS
files and the page's two scripts are minified (terser) first.

The size report ends with the budget check: the download without the font subset must stay
within BUDGET_FACTOR x the bare ImGui + SDL2 window. A visitor downloads the lesson index and the
lesson they open: the check counts the largest lesson. Over budget, it exits 1, so the web build
(and CI) fails; the site files are still written, to inspect them.
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import embed_text  # noqa: E402  (the lessons as the page reads them)

# A bare Dear ImGui 1.86 + SDL2 + WebGL2 window built the same way (wasm + js, gzip -9), measured
# on this toolchain (docs: shared wasm-toolchain notes). The budget: 1.6x that, plus the font.
REFERENCE_GZIP = 231 * 1024
BUDGET_FACTOR = 1.6


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def write_if_changed(path: str, data: bytes) -> None:
    if os.path.exists(path) and read(path) == data:
        return
    with open(path, "wb") as f:
        f.write(data)


def minified(node: str, script: str, code: bytes, module: bool = False) -> bytes:
    env = dict(os.environ)
    env["NODE_PATH"] = os.pathsep.join(p for p in ("/usr/share/nodejs", env.get("NODE_PATH", "")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "in.js"), os.path.join(tmp, "min.js")
        with open(src, "wb") as f:
            f.write(code)
        subprocess.run([node, script, src, out] + (["--module"] if module else []), check=True, env=env)
        return read(out)


PAGE_TEXT_SLOT = "/*@PAGE_TEXT@*/null"
MSG_RE = re.compile(r'^MSG\("(page\.[^"]+)",\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\)', re.M)


def with_page_text(page_js: str, catalog: str) -> str:
    """tcplab-page.js with the catalog's page.* messages, {key: {en, zh}}, in its slot."""
    if PAGE_TEXT_SLOT not in page_js:
        raise SystemExit("package_site: tcplab-page.js lacks " + PAGE_TEXT_SLOT)
    text = {}
    for key, en, zh in MSG_RE.findall(catalog):
        if not en.strip() or not zh.strip():
            raise SystemExit("package_site: page text %s lacks its English or Chinese" % key)
        text[key] = {"en": json.loads('"%s"' % en), "zh": json.loads('"%s"' % zh)}
    if len(text) != catalog.count('\nMSG('):
        raise SystemExit("package_site: a MSG line of the page catalog does not parse")
    if not text:
        raise SystemExit("package_site: no page.* messages in the catalog")
    return page_js.replace(PAGE_TEXT_SLOT, json.dumps(text, ensure_ascii=False, sort_keys=True))


def single_file(shell: str, scripts: dict, module_js: str, lessons: dict) -> str:
    """The page with its scripts inlined and the module as an inert script block that
    tcplab-api.js starts itself (it must set Module.arguments from the URL first)."""
    def inline(js: str) -> str:
        return js.replace("</script", "<\\/script")  # nothing inside a <script> may close it early
    for name, js in scripts.items():
        tag = '<script src="%s"></script>' % name
        if tag not in shell:
            raise SystemExit("package_site: shell.html lacks " + tag)
        block = "<script>" + inline(js) + "</script>"
        if name == "tcplab-api.js":
            block = '<script type="text/plain" id="tcplab-module">' + inline(module_js) + "</script>\n" + block
            # The lessons the site serves from lessons/, here as JSON ('</' escaped, still JSON).
            data = json.dumps(lessons, ensure_ascii=False).replace("</", "<\\/")
            block = '<script type="application/json" id="tcplab-lessons">' + data + "</script>\n" + block
        shell = shell.replace(tag, block)
    return shell


def main() -> None:
    ap = argparse.ArgumentParser()
    for name in ("out", "shell", "page", "api", "catalog", "js", "single_js", "font"):
        ap.add_argument("--" + name.replace("_", "-"), required=True)
    ap.add_argument("--minify-js", help="minify_js.cjs: minify the Emscripten JS with terser")
    ap.add_argument("--node", default="node")
    ap.add_argument("--lessons", nargs="+", required=True, help="scenarios/*.scn")
    a = ap.parse_args()
    js, single_js = read(a.js), read(a.single_js)
    page_js = with_page_text(read(a.page).decode(), read(a.catalog).decode()).encode()
    api_js = read(a.api)
    if a.minify_js:
        js, single_js = (minified(a.node, a.minify_js, code, module=True) for code in (js, single_js))
        page_js, api_js = (minified(a.node, a.minify_js, code) for code in (page_js, api_js))
    os.makedirs(a.out, exist_ok=True)
    wasm = os.path.splitext(a.js)[0] + ".wasm"

    write_if_changed(os.path.join(a.out, "index.html"), read(a.shell))
    write_if_changed(os.path.join(a.out, "tcplab-page.js"), page_js)
    write_if_changed(os.path.join(a.out, "tcplab-api.js"), api_js)
    write_if_changed(os.path.join(a.out, "tcplab.js"), js)
    write_if_changed(os.path.join(a.out, "tcplab.wasm"), read(wasm))
    scripts = {"tcplab-page.js": page_js.decode(), "tcplab-api.js": api_js.decode()}
    embed_text.lessons(os.path.join(a.out, "lessons"), a.lessons)
    lessons = embed_text.lesson_files(a.lessons)
    page = single_file(read(a.shell).decode(), scripts, single_js.decode(), lessons)
    write_if_changed(os.path.join(a.out, "tcplab.html"), page.encode())

    largest = max(lessons, key=lambda n: gz(lessons[n].encode()))
    rows = [(n, read(os.path.join(a.out, n))) for n in
            ("index.html", "tcplab-page.js", "tcplab-api.js", "tcplab.js", "tcplab.wasm", "lessons/index.json")]
    rows.append(("lessons/%s.scn (largest)" % largest, lessons[largest].encode()))
    font = read(a.font)
    print("tcplab site: %s" % a.out)
    print("  %-44s %10s %10s" % ("file", "raw", "gzip -9"))
    total_raw = total_gz = 0
    for name, data in rows:
        total_raw += len(data)
        total_gz += gz(data)
        print("  %-44s %10d %10d" % (name, len(data), gz(data)))
    print("  %-44s %10d %10d" % ("total download", total_raw, total_gz))
    print("  %-44s %10d %10d" % ("  of which font subset", len(font), gz(font)))
    app_gz = total_gz - gz(font)
    budget = REFERENCE_GZIP * BUDGET_FACTOR
    single = read(os.path.join(a.out, "tcplab.html"))
    print("  %-44s %10d %10d" % ("tcplab.html (single file)", len(single), gz(single)))
    every = "".join(lessons.values()).encode()
    print("  %-44s %10d %10d" % ("all %d lessons (on demand)" % len(lessons), len(every), gz(every)))
    print("  budget: download without the font subset <= %.1fx the bare ImGui+SDL2 window (%d KB gzip)"
          " = %.0f KB gzip" % (BUDGET_FACTOR, REFERENCE_GZIP // 1024, budget / 1024))
    if app_gz <= budget:
        verdict = "ok, %.1f KB headroom" % ((budget - app_gz) / 1024)
    else:
        verdict = "OVER BUDGET by %.1f KB" % ((app_gz - budget) / 1024)
    print("  app without font: %.1f KB gzip = %.2fx the bare window: %s"
          % (app_gz / 1024, app_gz / REFERENCE_GZIP, verdict))
    if app_gz > budget:
        print("package_site: the download without the font exceeds the size budget (%.0f > %.0f KB gzip)"
              % (app_gz / 1024, budget / 1024), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
