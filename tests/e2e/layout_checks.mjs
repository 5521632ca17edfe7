// Layout checks over one frame's report (window.tcplab.layout(): {layout, width, height, boxes}).
// Each check returns a list of problems (strings naming the boxes); an empty list passes. Pure
// functions: selftest() feeds them broken layouts so that none of them can pass vacuously.

export const MIN_FONT_PX = 11;
const SLACK = 0.5;  // px: boxes that only touch do not overlap

function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > SLACK && h > SLACK;
}
const name = (b) => `${b.id}${b.text ? ` "${b.text}"` : ''} [${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.w)}x${Math.round(b.h)}]`;

function pairwiseOverlaps(boxes) {
  const out = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i], boxes[j])) out.push(`${name(boxes[i])} overlaps ${name(boxes[j])}`);
  return out;
}

export function nodesOverlap(report) {
  return pairwiseOverlaps(report.boxes.filter((b) => b.kind === 'node'));
}

// Graph edge labels, ladder segment labels and lifeline state tags: every label that is drawn.
export function labelsOverlap(report) {
  return pairwiseOverlaps(report.boxes.filter((b) => b.kind === 'label' && b.w > 0 && b.h > 0));
}

export function segmentsWithoutLabel(report) {
  const labels = new Set(report.boxes.filter((b) => b.kind === 'label').map((b) => b.id));
  return report.boxes.filter((b) => b.kind === 'segment' && /^seg\.\d+$/.test(b.id))
    .filter((b) => !labels.has('seglabel.' + b.id.slice(4))).map((b) => `${name(b)} has no seglabel`);
}

export function textTooSmall(report) {
  return report.boxes.filter((b) => b.text && b.font_px > 0 && b.font_px < MIN_FONT_PX - 0.01)
    .map((b) => `${name(b)} at ${b.font_px} px`);
}

// Controls and tabs: the transport bar whole and on the canvas; every other control whole across
// (a control cut at the top or bottom edge of a panel that scrolls is scrolled, not clipped).
export const TRANSPORT = ['reset', 'step_back', 'play_pause', 'step', 'next', 'end', 'scrubber', 'speed'];
export function controlsClipped(report) {
  const out = [];
  const panels = report.boxes.filter((b) => b.kind === 'panel');
  for (const b of report.boxes) {
    if (b.kind !== 'control' && b.kind !== 'tab') continue;
    const offCanvasX = b.x < -SLACK || b.x + b.w > report.width + SLACK;
    const offCanvasY = b.y < -SLACK || b.y + b.h > report.height + SLACK;
    const withinPanelX = panels.some((p) => b.x >= p.x - SLACK && b.x + b.w <= p.x + p.w + SLACK &&
                                            b.y < p.y + p.h && b.y + b.h > p.y);
    if (TRANSPORT.includes(b.id) || b.kind === 'tab') {
      if (b.clipped) out.push(`${name(b)} is clipped by its panel`);
      else if (offCanvasX || offCanvasY) out.push(`${name(b)} is outside the ${report.width}x${report.height} canvas`);
    } else if (offCanvasX) out.push(`${name(b)} is outside the ${report.width} px wide canvas`);
    else if (b.clipped && !withinPanelX) out.push(`${name(b)} is cut off sideways by its panel`);
  }
  return out;
}

export const LAYOUT_CHECKS = {
  'no two state nodes overlap': nodesOverlap,
  'no two drawn labels overlap': labelsOverlap,
  'every visible segment has its label': segmentsWithoutLabel,
  [`no text smaller than ${MIN_FONT_PX} CSS px`]: textTooSmall,
  'no control clipped or off the canvas': controlsClipped,
};

// Each check must find the fault planted in a small broken report, and accept the repaired one.
export function selftest() {
  const box = (kind, id, x, y, w, h, extra = {}) => ({ kind, id, x, y, w, h, ...extra });
  const good = { width: 400, height: 300, boxes: [
    box('node', 'node.LISTEN', 10, 10, 80, 30), box('node', 'node.CLOSED', 90, 10, 80, 30),
    box('label', 'edge.CLOSED.LISTEN', 10, 50, 60, 14, { text: 'passive OPEN', font_px: 13 }),
    box('segment', 'seg.4', 100, 100, 200, 20), box('label', 'seglabel.4', 150, 90, 60, 14, { text: 'SYN', font_px: 12 }),
    box('control', 'play_pause', 0, 280, 60, 20, { text: 'Play', font_px: 13 }),
  ] };
  const broken = {
    'no two state nodes overlap': (r) => { r.boxes[1].x = 60; },
    'no two drawn labels overlap': (r) => { r.boxes[4].x = 20; r.boxes[4].y = 55; },
    'every visible segment has its label': (r) => { r.boxes.splice(4, 1); },
    [`no text smaller than ${MIN_FONT_PX} CSS px`]: (r) => { r.boxes[2].font_px = 9; },
    'no control clipped or off the canvas': (r) => { r.boxes[5].y = 290; },
  };
  const problems = [];
  for (const [what, check] of Object.entries(LAYOUT_CHECKS)) {
    if (check(good).length) problems.push(`${what}: rejects a good layout: ${check(good)}`);
    const bad = structuredClone(good);
    broken[what](bad);
    if (!check(bad).length) problems.push(`${what}: accepts a broken layout`);
  }
  const clipped = structuredClone(good);
  clipped.boxes[5].clipped = true;
  if (!controlsClipped(clipped).length) problems.push('a transport control marked clipped passes');
  const sideways = structuredClone(good);
  sideways.boxes.push(box('panel', 'controls', 0, 100, 150, 100), box('control', 'call.A.close', 120, 150, 60, 20, { text: 'close', font_px: 13, clipped: true }));
  if (!controlsClipped(sideways).length) problems.push('a call button cut off sideways passes');
  sideways.boxes[sideways.boxes.length - 1] = box('control', 'call.A.close', 20, 190, 60, 20, { text: 'close', font_px: 13, clipped: true });
  if (controlsClipped(sideways).length) problems.push('a call button scrolled half out of its panel fails');
  return problems;
}
