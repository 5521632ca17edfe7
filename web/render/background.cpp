#include "render/background.h"

#include "glsl_sources.h"
#include "render/gl.h"
#include "render/shader.h"

namespace tcplab::render {

namespace {
GLuint g_program = 0;
GLuint g_vao = 0;  // core profile and WebGL2 want a bound VAO even without attributes
GLint g_pixel_ratio = -1, g_time = -1, g_base = -1, g_minor = -1, g_major = -1, g_glow = -1;

struct Theme { float base[3], minor[3], major[3], glow[3]; };
constexpr Theme kDark = {{0.075f, 0.085f, 0.105f}, {0.12f, 0.135f, 0.165f}, {0.17f, 0.19f, 0.235f},
                         {0.13f, 0.20f, 0.32f}};
constexpr Theme kLight = {{0.955f, 0.960f, 0.970f}, {0.900f, 0.910f, 0.930f}, {0.830f, 0.850f, 0.885f},
                          {0.870f, 0.920f, 1.000f}};
}  // namespace

bool background_init(std::string* log) {
    g_program = build_program(glsl::kFullscreenVert, glsl::kBackgroundFrag, {}, log);
    if (!g_program) return false;
    g_pixel_ratio = glGetUniformLocation(g_program, "u_pixel_ratio");
    g_time = glGetUniformLocation(g_program, "u_time");
    g_base = glGetUniformLocation(g_program, "u_base");
    g_minor = glGetUniformLocation(g_program, "u_minor");
    g_major = glGetUniformLocation(g_program, "u_major");
    g_glow = glGetUniformLocation(g_program, "u_glow");
    glGenVertexArrays(1, &g_vao);
    return true;
}

void background_draw(int fb_width, int fb_height, float pixel_ratio, double time_s, bool dark) {
    glViewport(0, 0, fb_width, fb_height);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    const Theme& t = dark ? kDark : kLight;
    glClearColor(t.base[0], t.base[1], t.base[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!g_program) return;
    glUseProgram(g_program);
    glUniform1f(g_pixel_ratio, pixel_ratio > 0 ? pixel_ratio : 1.0f);
    glUniform1f(g_time, static_cast<float>(time_s));
    glUniform3fv(g_base, 1, t.base);
    glUniform3fv(g_minor, 1, t.minor);
    glUniform3fv(g_major, 1, t.major);
    glUniform3fv(g_glow, 1, t.glow);
    glBindVertexArray(g_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
}

void background_shutdown() {
    if (g_vao) glDeleteVertexArrays(1, &g_vao);
    if (g_program) glDeleteProgram(g_program);
    g_vao = g_program = 0;
}

}  // namespace tcplab::render
