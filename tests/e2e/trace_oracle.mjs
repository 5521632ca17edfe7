// What the engine's trace says the app should show at a moment: the last state change of each host
// and of each connection at or before that time. The journeys compare it with what the app reports
// (tcplab.states()) after every step a person takes.

export const entriesOf = (trace) => (Array.isArray(trace) ? trace : (trace && trace.entries) || []);

// Host names by index, from the trace document (its config) when entries name hosts by number.
function hostNames(trace) {
  const cfg = trace && !Array.isArray(trace) ? (trace.config || trace) : null;
  const hosts = cfg && (cfg.hosts || (cfg.network && cfg.network.hosts));
  return Array.isArray(hosts) ? hosts.map((h) => (typeof h === 'string' ? h : h.name)) : [];
}

export function expectedAt(trace, timeUs) {
  const names = hostNames(trace);
  const hostName = (h) => (typeof h === 'number' && names[h] !== undefined ? names[h] : h);
  const hosts = {}, conns = {};
  for (const e of entriesOf(trace)) {
    if (e.time_us > timeUs) break;
    if (e.kind !== 'state_change') continue;
    hosts[hostName(e.host)] = { state: e.to, index: e.index, conn: e.conn };
    if (e.conn !== null && e.conn !== undefined) conns[e.conn] = { state: e.to, index: e.index, host: hostName(e.host) };
  }
  return { hosts, conns };
}

// Differences between the app's states() and the trace at `timeUs`; [] when they agree.
export function stateMismatches(states, trace, timeUs) {
  const want = expectedAt(trace, timeUs);
  const out = [];
  const live = new Map((states.connections || []).map((c) => [c.id, c]));
  for (const c of live.values()) {
    const w = want.conns[c.id];
    const expected = w ? w.state : 'CLOSED';
    if (c.state !== expected) out.push(`connection ${c.id} (${c.host}): app ${c.state}, trace ${expected}${w ? ` (entry ${w.index})` : ''}`);
  }
  for (const [id, w] of Object.entries(want.conns))
    if (!live.has(Number(id)) && w.state !== 'CLOSED')
      out.push(`connection ${id} (${w.host}): in the trace in ${w.state} (entry ${w.index}) but not shown by the app`);
  for (const [host, shown] of Object.entries(states)) {
    if (host === 'connections') continue;
    const w = want.hosts[host];
    const expected = w ? w.state : 'CLOSED';
    if (shown === expected) continue;
    // A host with several sockets (a listener and its child, a closed socket and a new one) shows
    // one of them: it agrees when that socket's own state agrees (checked strictly above).
    if ([...live.values()].some((c) => c.host === host && c.state === shown)) continue;
    out.push(`host ${host}: app ${shown}, trace ${expected}${w ? ` (entry ${w.index})` : ''}`);
  }
  return out;
}

// Segments in flight at `timeUs` (sent, not yet arrived, not dropped): candidates to drop.
export function inFlightAt(trace, timeUs) {
  const entries = entriesOf(trace);
  const gone = new Set(entries.filter((e) => (e.kind === 'segment_dropped' || e.kind === 'segment_delivered') && e.time_us <= timeUs)
    .map((e) => e.packet_id));
  return entries.filter((e) => e.kind === 'segment_sent' && e.time_us <= timeUs && e.arrival_us > timeUs && !gone.has(e.packet_id));
}
