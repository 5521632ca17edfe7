#include "render/shader.h"

#include <initializer_list>

namespace tcplab::render {

const char* glsl_header() {
#ifdef __EMSCRIPTEN__
    return "#version 300 es\nprecision highp float;\n";
#else
    return "#version 330 core\n";
#endif
}

namespace {

GLuint compile(GLenum type, const char* src, std::string* log) {
    GLuint sh = glCreateShader(type);
    const char* parts[] = {glsl_header(), "#line 1\n", src};
    glShaderSource(sh, 3, parts, nullptr);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char buf[2048] = {};
        glGetShaderInfoLog(sh, sizeof buf, nullptr, buf);
        *log += (type == GL_VERTEX_SHADER ? "vertex shader: " : "fragment shader: ");
        *log += buf;
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

}  // namespace

GLuint build_program(const char* vertex_src, const char* fragment_src,
                     std::initializer_list<const char*> attributes, std::string* log) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertex_src, log);
    GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_src, log);
    if (!vs || !fs) {
        if (vs) glDeleteShader(vs);
        if (fs) glDeleteShader(fs);
        return 0;
    }
    GLuint prog = glCreateProgram();
    glAttachShader(prog, vs);
    glAttachShader(prog, fs);
    GLuint loc = 0;
    for (const char* name : attributes) glBindAttribLocation(prog, loc++, name);
    glLinkProgram(prog);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(prog, GL_LINK_STATUS, &ok);
    if (!ok) {
        char buf[2048] = {};
        glGetProgramInfoLog(prog, sizeof buf, nullptr, buf);
        *log += "link: ";
        *log += buf;
        glDeleteProgram(prog);
        return 0;
    }
    return prog;
}

}  // namespace tcplab::render
