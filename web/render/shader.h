// Compiles the GLSL in shaders/ (embedded at build time into glsl_sources.h) for the GL in use:
// the sources have no #version line; WebGL2 gets "#version 300 es" + a precision, desktop GL
// "#version 330 core". Same source, both builds.
#pragma once
#include <string>

#include "render/gl.h"

namespace tcplab::render {

const char* glsl_header();

// Returns 0 and fills *log on a compile or link error. Attribute names are bound to locations in
// order (attributes[0] -> 0, ...).
GLuint build_program(const char* vertex_src, const char* fragment_src,
                     std::initializer_list<const char*> attributes, std::string* log);

}  // namespace tcplab::render
