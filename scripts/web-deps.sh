#!/usr/bin/env bash
# Prepares the third-party sources the front end builds from, once per machine, outside the repo:
#   - Dear ImGui 1.86 and SDL2 2.26.5 from Debian *source* packages (apt-get source, through a
#     project-local deb-src list so the system's apt configuration stays untouched);
#   - SDL2 built for wasm with its own CMake under emcmake, installed into a cached prefix. "Lean":
#     no software blitters (SDL_LEAN_AND_MEAN), no audio, joystick, haptic, sensor, power, renderer,
#     no dummy or offscreen video driver (only the Emscripten one); the front end only needs a
#     window, input and a GL context, and this saves ~200 KB of wasm. Compiled to LLVM bitcode
#     with the app's size flags (web/CMakeLists.txt), for its link-time optimization. Built from a
#     copy of the source whose Emscripten driver does not hook up a software framebuffer or colour
#     cursors (the app draws with WebGL and uses system cursors): those hooks alone keep SDL's
#     surface, pixel-conversion and blit code (about 5 KB gzip) in the page.
# Prints nothing but progress; exports nothing. Paths (override with TCPLAB_CACHE):
#   $TCPLAB_CACHE/src/imgui-1.86+ds        the unpacked ImGui source (native + web builds)
#   $TCPLAB_CACHE/sdl2-2.26.5-wasm-em3.1.6-lean3  SDL2 for wasm (lib/cmake/SDL2/SDL2Config.cmake)
# Usage: scripts/web-deps.sh [sources|sdl2-wasm|all]   (default all)
set -euo pipefail
what=${1:-all}
cache=${TCPLAB_CACHE:-$HOME/.cache/tcplab}
imgui_ver=1.86
sdl_ver=2.26.5
# Exact Debian source versions (apt-get source takes no wildcards) and their unpacked folders.
imgui_deb=1.86+ds-1
sdl_deb=2.26.5+dfsg-1
imgui_src="$cache/src/imgui-1.86+ds"
sdl_src="$cache/src/libsdl2-2.26.5+dfsg"
mkdir -p "$cache/src"

fetch_sources() {
  [ -f "$imgui_src/imgui.cpp" ] && [ -f "$sdl_src/CMakeLists.txt" ] && return 0
  local apt="$cache/apt"
  mkdir -p "$apt/lists/partial"
  # Same archive and keys as the system's binary sources, as deb-src.
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$apt/deb-src.sources"
  local opts=(-o "Dir::Etc::SourceList=$apt/deb-src.sources" -o "Dir::Etc::SourceParts=-"
              -o "Dir::State::Lists=$apt/lists" -o "Debug::NoLocking=1")
  echo "web-deps: fetching Debian source packages imgui and libsdl2"
  apt-get "${opts[@]}" update -qq 2>&1 | grep -v "unsandboxed" || true
  (cd "$cache/src" && apt-get "${opts[@]}" source -qq "imgui=$imgui_deb" "libsdl2=$sdl_deb" >/dev/null)
  [ -f "$imgui_src/imgui.cpp" ] || { echo "web-deps: imgui $imgui_ver not unpacked" >&2; exit 1; }
  [ -f "$sdl_src/CMakeLists.txt" ] || { echo "web-deps: libsdl2 $sdl_ver not unpacked" >&2; exit 1; }
}

# Comments out the one line of FILE that contains each fixed string (and fails if it is not one).
unhook() {
  python3 - "$@" <<'PY'
import sys
path, hooks = sys.argv[1], sys.argv[2:]
lines = open(path).read().split("\n")
for h in hooks:
    hits = [i for i, l in enumerate(lines) if h in l]
    if len(hits) != 1:
        sys.exit("web-deps: %s: expected one line with %r, found %d" % (path, h, len(hits)))
    lines[hits[0]] = "/* tcplab: not used */ // " + lines[hits[0]]
open(path, "w").write("\n".join(lines))
PY
}

build_sdl2_wasm() {
  local prefix="$cache/sdl2-$sdl_ver-wasm-em3.1.6-lean3"  # a new name for each new set of options
  [ -f "$prefix/lib/cmake/SDL2/SDL2Config.cmake" ] && return 0
  fetch_sources
  export NODE_PATH=/usr/share/nodejs
  local b="$prefix.build"
  echo "web-deps: building SDL2 $sdl_ver for wasm (once per machine, about 3 minutes)"
  rm -rf "$b" "$b.src"
  cp -a "$sdl_src" "$b.src"
  local drv="$b.src/src/video/emscripten"
  unhook "$drv/SDL_emscriptenvideo.c" 'device->CreateWindowFramebuffer' 'device->UpdateWindowFramebuffer' \
    'device->DestroyWindowFramebuffer'
  unhook "$drv/SDL_emscriptenmouse.c" 'mouse->CreateCursor '
  # Bitcode (-flto -Oz), so the app's link-time optimization reaches into SDL as well.
  emcmake cmake -S "$b.src" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$prefix.tmp" \
    -DCMAKE_C_FLAGS="-DSDL_LEAN_AND_MEAN=1 -flto -mnontrapping-fptoint -msign-ext -mbulk-memory" \
    -DCMAKE_C_FLAGS_MINSIZEREL="-Oz -DNDEBUG" -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF \
    -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_HIDAPI=OFF -DSDL_RENDER=OFF \
    -DSDL_DUMMYVIDEO=OFF -DSDL_OFFSCREEN=OFF >"$b.log" 2>&1 \
    || { tail -30 "$b.log" >&2; exit 1; }
  cmake --build "$b" -j2 >>"$b.log" 2>&1 || { tail -30 "$b.log" >&2; exit 1; }
  rm -rf "$prefix.tmp"
  cmake --install "$b" >>"$b.log" 2>&1
  # Install into a temporary prefix and rename, so an interrupted build never looks complete.
  # SDL2's config files locate the prefix relative to themselves, so the move is safe.
  rm -rf "$prefix" && mv "$prefix.tmp" "$prefix"
  rm -rf "$b" "$b.src"
}

case "$what" in
  sources) fetch_sources ;;
  sdl2-wasm) build_sdl2_wasm ;;
  all) fetch_sources; build_sdl2_wasm ;;
  *) echo "usage: $0 [sources|sdl2-wasm|all]" >&2; exit 2 ;;
esac
