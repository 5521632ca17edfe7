// The backdrop behind the ImGui windows: a paper-like grid (minor lines every 24 CSS px, major
// every 120) that fades toward the edges, a soft glow and a vignette. Lines are anti-aliased in
// device pixels so they stay one pixel thin on high-DPI screens. Kept to a few ALU operations per
// pixel: with software rendering (SwiftShader) a full-screen pass is a large part of the frame.
in vec2 v_uv;
out vec4 frag_color;

uniform float u_pixel_ratio;  // device pixels per CSS pixel
uniform float u_time;         // seconds, for a slow drift of the glow
uniform vec3 u_base;          // theme colours
uniform vec3 u_minor;
uniform vec3 u_major;
uniform vec3 u_glow;

float grid_line(vec2 css_px, float spacing) {
    vec2 d = abs(fract(css_px / spacing + 0.5) - 0.5) * (spacing * u_pixel_ratio);  // device px to a line
    return clamp(1.0 - min(d.x, d.y), 0.0, 1.0);
}

void main() {
    vec2 css_px = gl_FragCoord.xy / u_pixel_ratio;
    vec2 c = v_uv - 0.5;
    float r2 = dot(c, c);                               // 0 at the centre, 0.5 in the corners
    float fade = clamp(1.0 - 3.0 * r2, 0.0, 1.0);
    vec2 g = c - vec2(0.25 * sin(u_time * 0.05), 0.2);  // the glow's centre drifts slowly
    vec3 col = mix(u_base, u_glow, 0.35 * clamp(1.0 - 5.0 * dot(g, g), 0.0, 1.0));
    col = mix(col, u_minor, grid_line(css_px, 24.0) * fade);
    col = mix(col, u_major, grid_line(css_px, 120.0) * fade);
    frag_color = vec4(col * (1.0 - 0.6 * r2), 1.0);
}
