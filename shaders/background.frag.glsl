// The backdrop behind the ImGui windows: a paper-like grid (minor lines every 24 CSS px, major
// every 120) that fades toward the edges, with a soft vignette. Lines are anti-aliased in device
// pixels so they stay one pixel thin on high-DPI screens.
in vec2 v_uv;
out vec4 frag_color;

uniform float u_pixel_ratio;  // device pixels per CSS pixel
uniform float u_time;         // seconds, for a slow drift of the glow
uniform vec3 u_base;          // theme colours
uniform vec3 u_minor;
uniform vec3 u_major;
uniform vec3 u_glow;

float grid_line(vec2 css_px, float spacing) {
    vec2 d = abs(fract(css_px / spacing + 0.5) - 0.5) * spacing * u_pixel_ratio;  // device px to a line
    float dist = min(d.x, d.y);
    return 1.0 - smoothstep(0.0, 1.0, dist);
}

void main() {
    vec2 css_px = gl_FragCoord.xy / u_pixel_ratio;
    vec2 c = v_uv - 0.5;
    float fade = 1.0 - smoothstep(0.25, 0.75, length(c));
    vec3 col = u_base;
    vec2 glow_at = vec2(0.25 * sin(u_time * 0.05), 0.2 + 0.05 * cos(u_time * 0.07));
    col = mix(col, u_glow, 0.35 * exp(-6.0 * dot(c - glow_at, c - glow_at)));
    col = mix(col, u_minor, grid_line(css_px, 24.0) * fade);
    col = mix(col, u_major, grid_line(css_px, 120.0) * fade);
    col *= 1.0 - 0.35 * smoothstep(0.35, 0.85, length(c * vec2(1.1, 1.0)));
    frag_color = vec4(col, 1.0);
}
