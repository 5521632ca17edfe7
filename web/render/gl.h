// One include for OpenGL: WebGL2 (OpenGL ES 3.0) in the browser, desktop OpenGL 3.3 core natively.
// The shaders in shaders/ are written once; shader.cpp prepends the matching #version header.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif
