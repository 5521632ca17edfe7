// Browser build only: eglGetProcAddress without Emscripten's table of every GL entry point.
// Nothing here looks GL functions up by name (Dear ImGui's OpenGL ES 3 backend calls them
// directly); SDL only asks for optional EGL extensions, which it may find missing. Emscripten's
// own eglGetProcAddress maps names to all ~400 GL functions, which keeps each of their wrappers in
// the wasm and the JS glue; defined here, it keeps that archive member (and them) out.
#include <EGL/egl.h>

extern "C" {

__eglMustCastToProperFunctionPointerType eglGetProcAddress(const char*) { return nullptr; }

}
