/* global document, Node, sessionStorage, history, location, fetch, EventSource, URL, setInterval, setTimeout, clearTimeout, prompt */
// The live ops page. Reads the token from the URL fragment (#token=...) or
// asks for it, keeps it in sessionStorage (gone with the tab), sends it as a
// bearer header; only the event stream takes it as ?token=, since
// EventSource cannot send headers. Times come from the service's clock
// (every event carries `now`), so "time in step" is right even when the
// service's clock is not this browser's.
'use strict';

const KEY = 'hotline-ops-token';
const $ = (id) => document.getElementById(id);
let token = takeToken();
let offset = 0; // browser time minus service time
const live = new Map(); // id -> call list item
let selected;
let source;
let reconnectTimer;

function takeToken() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY) || askToken();
}

function askToken() {
  const t = prompt('Ops token') || '';
  if (t) sessionStorage.setItem(KEY, t);
  return t;
}

const serverNow = () => Date.now() - offset;
const noteNow = (now) => { if (typeof now === 'number') offset = Date.now() - now; };

let asking = false;
async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${token}` } });
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    // Several requests fail together on a wrong token: ask once.
    if (!asking) {
      asking = true;
      token = askToken();
      asking = false;
    }
    throw new Error('unauthorized');
  }
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res;
}

function fmtDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    // Through the CSSOM: the page's CSP refuses style attributes.
    else if (k === 'style') Object.assign(e.style, v);
    else if (k === 'className') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const stepTag = (step) => el('span', { className: 'step', dataset: { step } }, step);

// Rows are kept per id and updated in place, so a row (or a playing voice
// note) is never swapped out from under the pointer by a refresh.
function keyedRows(body, items, make, update) {
  const have = new Map([...body.rows].map((tr) => [tr.dataset.id, tr]));
  const rows = items.map((item) => {
    const tr = have.get(item.id) || make(item);
    update(tr, item);
    return tr;
  });
  for (const [id, tr] of have) if (!items.some((i) => i.id === id)) tr.remove();
  rows.forEach((tr, i) => { if (body.rows[i] !== tr) body.insertBefore(tr, body.rows[i] || null); });
}

// ---- live calls ----
function renderLive() {
  const calls = [...live.values()].sort((a, b) => a.startedAt - b.startedAt);
  keyedRows($('live').tBodies[0], calls,
    (c) => el('tr', { className: 'call', dataset: { id: c.id }, onclick: () => select(c.id) },
      el('td', {}, c.id), el('td', {}, c.from), el('td', { className: 'step-cell' }), el('td', { className: 'in-step' }), el('td', { className: 'duration' })),
    (tr, c) => {
      tr.classList.toggle('selected', c.id === selected);
      if (tr.dataset.step !== c.step) {
        tr.dataset.step = c.step;
        tr.querySelector('.step-cell').replaceChildren(stepTag(c.step));
      }
      tr.querySelector('.in-step').textContent = fmtDuration(serverNow() - c.stepSince);
      tr.querySelector('.duration').textContent = fmtDuration(serverNow() - c.startedAt);
    });
  $('live-empty').hidden = calls.length > 0;
}

// ---- one call's timeline as a strip ----
async function select(id) {
  selected = id;
  renderLive();
  await drawCall(id);
}

let drawPending;
function redrawSoon(id) {
  if (drawPending) return;
  drawPending = setTimeout(() => { drawPending = undefined; void drawCall(id); }, 250);
}

async function drawCall(id) {
  const c = await (await api(`/calls/${encodeURIComponent(id)}?mask=1`)).json();
  if (id !== selected) return;
  $('detail').hidden = false;
  $('detail-id').textContent = `${c.id} (${c.from})`;
  $('detail-outcome').textContent = c.live ? 'live' : `${c.outcome}, hung up by ${c.endedBy}`;
  const last = c.timeline.length ? c.timeline[c.timeline.length - 1].t : 0;
  const total = Math.max(1, c.live ? serverNow() - c.startedAt : last);
  $('strip').replaceChildren(...c.steps.map((s) => {
    const to = s.to ?? total;
    return el('div', { className: 'seg', dataset: { step: s.step }, style: { flex: `${Math.max(1, to - s.from)} 1 0` }, title: `${s.step} ${fmtDuration(to - s.from)}` }, s.step);
  }));
  // Where a rule was broken, on the strip and beside the entry it ends at.
  const broken = (c.verdict && c.verdict.violations) || [];
  const pct = (ms) => Math.min(100, Math.max(0, (ms / total) * 100));
  for (const v of broken) {
    // A timed rule's measured stretch as a band, and a mark where it was broken (kept inside the strip).
    if (typeof v.from === 'number') {
      $('strip').append(el('div', { className: 'band', style: { left: `${pct(v.from)}%`, width: `${Math.max(0.5, pct(v.at) - pct(v.from))}%` }, title: `${v.rule}: ${v.detail}` }));
    }
    $('strip').append(el('div', { className: 'mark', style: { left: `${Math.min(98.5, Math.max(1.5, pct(v.at)))}%` }, title: `${v.rule}: ${v.detail}` }, '!'));
  }
  if (c.live) {
    $('verdict').textContent = 'standards: checked when the call ends';
    $('verdict').className = 'verdict';
  } else if (c.verdict) {
    $('verdict').textContent = c.verdict.pass ? 'standards: pass' : `standards: ${broken.length} rule(s) broken`;
    $('verdict').className = c.verdict.pass ? 'verdict pass' : 'verdict fail';
  } else {
    $('verdict').textContent = 'standards: not checked';
    $('verdict').className = 'verdict';
  }
  const fmtMeasure = (x) => (typeof x === 'number' ? `${(x / 1000).toFixed(1)} s` : String(x));
  $('violations').replaceChildren(...broken.map((v) =>
    el('li', { className: 'violation', dataset: { rule: v.rule } }, `${(v.at / 1000).toFixed(1)} s  ${v.rule}: ${v.detail} (measured ${fmtMeasure(v.measured)}, limit ${fmtMeasure(v.threshold)})`)));
  const lines = (tl) => tl.map((e) => {
    const { t, kind, ...rest } = e;
    const detail = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    const hit = broken.some((v) => v.at === t);
    return el('li', hit ? { className: 'broke' } : {}, `${(t / 1000).toFixed(1).padStart(7)} s  ${kind}  ${detail}`);
  });
  $('entries').replaceChildren(...lines(c.timeline));
  $('other-leg-title').hidden = $('other-leg').hidden = !c.otherLeg;
  if (c.otherLeg) {
    $('other-leg-title').textContent = `The ${c.otherLeg.name}'s leg`;
    $('other-leg').replaceChildren(...lines(c.otherLeg.timeline));
  }
}

// ---- numbers of the day ----
let lastKpis;
function renderKpis(k) {
  noteNow(k.now);
  lastKpis = k;
  const d = k.day;
  $('k-calls').textContent = d.calls;
  $('k-p95').textContent = d.answerP95Ms === undefined || d.answerP95Ms === null ? '–' : `${d.answerP95Ms} ms`;
  $('k-abandon').textContent = `${Math.round(d.abandonRate * 100)} %`;
  $('k-silent').textContent = d.leftWithoutWord;
  $('k-pending').textContent = k.callbacks.up ? k.callbacks.pending : 'queue down';
  $('k-oldest').textContent = k.callbacks.oldestPendingAt ? fmtDuration(serverNow() - Date.parse(k.callbacks.oldestPendingAt)) : '–';
  $('outcomes').textContent = `Today (${d.day}): ` + Object.entries(d.byOutcome).map(([o, n]) => `${o} ${n}`).join(' · ');
  const s = d.standards;
  if (s) {
    const rules = Object.entries(s.byRule).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`);
    $('standards-day').textContent = `Standards today: ${s.passed} of ${s.checked} calls passed` + (rules.length ? ` · broken: ${rules.join(' · ')}` : '');
  }
}

// ---- callback queue ----
async function loadCallbacks() {
  const { callbacks } = await (await api('/callbacks?status=pending,dialing')).json();
  keyedRows($('callbacks').tBodies[0], callbacks,
    (r) => el('tr', { dataset: { id: r.id } },
      el('td', { className: 'age', dataset: { since: r.createdAt } }), el('td', {}, r.number + (r.extension ? ` ext ${r.extension}` : '')),
      el('td', {}, r.target), el('td', {}, r.reason), el('td', { className: 'status' }),
      el('td', {}, r.hasVoiceNote ? voiceNote(r.id) : '–'),
      el('td', {}, el('button', { onclick: () => closeCallback(r.id, 'done') }, 'done'), ' ', el('button', { onclick: () => closeCallback(r.id, 'cancel') }, 'cancel'))),
    (tr, r) => {
      tr.querySelector('.status').textContent = r.status;
      tr.querySelector('.age').textContent = fmtDuration(serverNow() - Date.parse(r.createdAt));
    });
  $('callbacks-empty').hidden = callbacks.length > 0;
}

function voiceNote(id) {
  const audio = el('audio', { controls: '', preload: 'none', className: 'voice-note' });
  // The audio element cannot send the token: fetch the WAV with it, play it from a blob: URL.
  const play = el('button', { className: 'play', onclick: async () => {
    // Opus is a fraction of the WAV's size; ask for it only where this browser plays it.
    const opus = audio.canPlayType('audio/ogg; codecs=opus') !== '';
    const accept = opus ? 'audio/ogg; codecs=opus, audio/wav;q=0.5' : 'audio/wav';
    if (!audio.src) audio.src = URL.createObjectURL(await (await api(`/callbacks/${encodeURIComponent(id)}/voice-note`, { headers: { accept } })).blob());
    audio.play().catch(() => undefined);
  } }, '▶ play');
  return el('span', {}, play, ' ', audio);
}

async function closeCallback(id, action) {
  await api(`/callbacks/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
  await loadCallbacks();
}

// ---- recent calls ----
async function loadRecent() {
  const { calls } = await (await api('/calls?limit=20')).json();
  keyedRows($('recent').tBodies[0], calls.filter((c) => !c.live),
    (c) => el('tr', { className: 'call', dataset: { id: c.id }, onclick: () => select(c.id) },
      el('td', {}, c.id), el('td', {}, c.from), el('td', {}, c.direction === 'callback' ? `callback: ${c.outcome}` : c.outcome), el('td', {}, c.endedBy),
      el('td', { className: 'standards' }), el('td', { className: 'ended' })),
    (tr, c) => {
      tr.querySelector('.ended').textContent = fmtDuration(serverNow() - c.endedAt) + ' ago';
      const s = tr.querySelector('.standards');
      s.textContent = c.standards === 'fail' ? `${c.violations} broken` : c.standards || '–';
      s.className = `standards ${c.standards || ''}`;
    });
}

// ---- the event stream, reconnecting after a restart ----
function connect() {
  clearTimeout(reconnectTimer);
  source?.close();
  source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
  const on = (name, fn) => source.addEventListener(name, (ev) => { const d = JSON.parse(ev.data); noteNow(d.now); fn(d); });
  on('hello', (d) => {
    $('conn').textContent = 'live';
    $('conn').className = 'conn on';
    live.clear();
    for (const c of d.live) live.set(c.id, c);
    renderLive();
    void loadCallbacks();
    void loadRecent();
  });
  on('call', (d) => { live.set(d.call.id, d.call); renderLive(); });
  on('entry', (d) => { if (d.id === selected) redrawSoon(d.id); });
  on('ended', (d) => {
    live.delete(d.call.id);
    renderLive();
    void loadRecent();
    if (d.call.id === selected) redrawSoon(d.call.id);
  });
  on('kpis', renderKpis);
  on('callbacks', () => void loadCallbacks());
  source.onerror = () => {
    $('conn').textContent = 'reconnecting…';
    $('conn').className = 'conn off';
    // EventSource retries by itself after a dropped stream, but gives up for
    // good after a refused one (a restart in progress, a 401): start over.
    // A plain request first: on a wrong token it asks for the right one.
    if (source.readyState === EventSource.CLOSED) {
      reconnectTimer = setTimeout(() => void api('/kpis').catch(() => undefined).finally(connect), 3000);
    }
  };
}

// Ages and times in step move on between events.
setInterval(() => {
  $('clock').textContent = new Date(serverNow()).toISOString().slice(11, 19) + ' UTC';
  renderLive();
  for (const td of document.querySelectorAll('#callbacks td.age')) td.textContent = fmtDuration(serverNow() - Date.parse(td.dataset.since));
  if (lastKpis) renderKpis({ ...lastKpis, now: serverNow() });
}, 1000);
connect();
