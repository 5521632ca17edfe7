// A segment arrow's animated pulse: a quad around the line from A to B, in ImGui's pixel space.
in vec2 a_pos;      // pixels
in vec2 a_local;    // x: 0 at A .. 1 at B; y: -1 .. 1 across the quad
out vec2 v_local;

uniform mat4 u_proj;  // ImGui's orthographic projection

void main() {
    v_local = a_local;
    gl_Position = u_proj * vec4(a_pos, 0.0, 1.0);
}
