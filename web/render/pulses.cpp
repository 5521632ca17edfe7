#include "render/pulses.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "glsl_sources.h"
#include "render/gl.h"
#include "render/shader.h"

namespace tcplab::render {

namespace {
struct Pulse { ImVec2 a, b; float phase; ImU32 color; float width; };

std::vector<Pulse> g_pulses;
GLuint g_program = 0, g_vao = 0, g_vbo = 0;
GLint g_proj = -1, g_color = -1, g_length = -1, g_half_width = -1, g_core = -1, g_phase = -1;

void draw_pulse(const ImDrawList*, const ImDrawCmd* cmd) {
    const size_t index = static_cast<size_t>(reinterpret_cast<uintptr_t>(cmd->UserCallbackData));
    const ImDrawData* dd = ImGui::GetDrawData();
    if (!g_program || index >= g_pulses.size() || !dd) return;
    const Pulse& p = g_pulses[index];

    // Scissor to the command's clip rectangle, in framebuffer pixels (GL origin bottom-left).
    const ImVec2 off = dd->DisplayPos, sc = dd->FramebufferScale;
    const float fb_h = dd->DisplaySize.y * sc.y;
    const float x0 = (cmd->ClipRect.x - off.x) * sc.x, y0 = (cmd->ClipRect.y - off.y) * sc.y;
    const float x1 = (cmd->ClipRect.z - off.x) * sc.x, y1 = (cmd->ClipRect.w - off.y) * sc.y;
    if (x1 <= x0 || y1 <= y0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<GLint>(x0), static_cast<GLint>(fb_h - y1), static_cast<GLsizei>(x1 - x0),
              static_cast<GLsizei>(y1 - y0));
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    // The quad around a -> b, padded for the glow.
    const float dx = p.b.x - p.a.x, dy = p.b.y - p.a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f) return;
    const float ux = dx / len, uy = dy / len, half = 10.0f + p.width;
    const float nx = -uy * half, ny = ux * half;
    const float pad = half / len;  // the caps extend past the ends, in units of the length
    const float ex = ux * half, ey = uy * half;
    const float v[] = {
        p.a.x - ex + nx, p.a.y - ey + ny, -pad, 1.0f,  p.a.x - ex - nx, p.a.y - ey - ny, -pad, -1.0f,
        p.b.x + ex + nx, p.b.y + ey + ny, 1 + pad, 1.0f, p.b.x + ex - nx, p.b.y + ey - ny, 1 + pad, -1.0f,
    };
    const float L = off.x, R = off.x + dd->DisplaySize.x, T = off.y, B = off.y + dd->DisplaySize.y;
    const float proj[16] = {2.0f / (R - L), 0, 0, 0, 0, 2.0f / (T - B), 0, 0, 0, 0, -1, 0,
                            (R + L) / (L - R), (T + B) / (B - T), 0, 1};
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(p.color);

    glUseProgram(g_program);
    glUniformMatrix4fv(g_proj, 1, GL_FALSE, proj);
    glUniform4f(g_color, c.x, c.y, c.z, c.w);
    glUniform1f(g_length, len);
    glUniform1f(g_half_width, half);
    glUniform1f(g_core, p.width * 0.5f);
    glUniform1f(g_phase, p.phase);
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof v, v, GL_STREAM_DRAW);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
}
}  // namespace

bool pulses_init(std::string* log) {
    g_program = build_program(glsl::kPulseVert, glsl::kPulseFrag, {"a_pos", "a_local"}, log);
    if (!g_program) return false;
    g_proj = glGetUniformLocation(g_program, "u_proj");
    g_color = glGetUniformLocation(g_program, "u_color");
    g_length = glGetUniformLocation(g_program, "u_length");
    g_half_width = glGetUniformLocation(g_program, "u_half_width");
    g_core = glGetUniformLocation(g_program, "u_core");
    g_phase = glGetUniformLocation(g_program, "u_phase");
    glGenVertexArrays(1, &g_vao);
    glGenBuffers(1, &g_vbo);
    return true;
}

void pulses_begin_frame() { g_pulses.clear(); }

void add_pulse(ImDrawList* draw_list, ImVec2 a, ImVec2 b, float phase, ImU32 color, float line_width) {
    if (!draw_list) return;
    g_pulses.push_back({a, b, phase, color, line_width});
    draw_list->AddCallback(draw_pulse, reinterpret_cast<void*>(static_cast<uintptr_t>(g_pulses.size() - 1)));
    draw_list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // hand GL state back to ImGui
}

void pulses_shutdown() {
    if (g_vbo) glDeleteBuffers(1, &g_vbo);
    if (g_vao) glDeleteVertexArrays(1, &g_vao);
    if (g_program) glDeleteProgram(g_program);
    g_vbo = g_vao = g_program = 0;
}

}  // namespace tcplab::render
