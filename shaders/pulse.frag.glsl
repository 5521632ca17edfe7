// Anti-aliased line core plus a bright blob travelling along it (u_phase 0 at A, 1 at B).
in vec2 v_local;
out vec4 frag_color;

uniform vec4 u_color;
uniform float u_length;     // segment length in pixels
uniform float u_half_width; // half the quad width in pixels
uniform float u_core;       // half the line width in pixels
uniform float u_phase;

void main() {
    float across = abs(v_local.y) * u_half_width;            // pixels from the centre line
    float core = 1.0 - smoothstep(u_core - 0.5, u_core + 0.5, across);
    float along = (v_local.x - u_phase) * u_length;           // pixels from the pulse centre
    float blob = exp(-(along * along) / (2.0 * 14.0 * 14.0)) * exp(-(across * across) / (2.0 * 3.0 * 3.0));
    float trail = (v_local.x < u_phase) ? exp(-(u_phase - v_local.x) * u_length / 60.0) : 0.0;
    float a = max(core * (0.35 + 0.65 * trail), blob);
    frag_color = vec4(mix(u_color.rgb, vec3(1.0), 0.5 * blob), u_color.a * a);
}
