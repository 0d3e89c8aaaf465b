// NSynthBox browser panel. Plain JavaScript, no build step, no third-party code: the box runs offline.
// Every control sends the same control event the hardware sends, over one WebSocket (/ws);
// the server pushes the instrument's state back, so the page follows the hardware too.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const clamp01 = (v) => Math.min(1, Math.max(0, v));
  const pct = (v) => Math.round(v * 100);
  const KNOB_LABELS = { position: 'Position', attack: 'Attack', decay: 'Decay', sustain: 'Sustain', release: 'Release', volume: 'Volume' };
  const CORNER_TAGS = ['TL', 'TR', 'BL', 'BR'];
  const HOLD_MS = 250; // after a local move, the server's echo of older values is ignored this long

  const st = {
    hello: null,
    canWrite: false,
    x: 0.5, y: 0.5, corners: [0, 0, 0, 0], knobs: [0, 0, 0, 0, 0, 0], voices: 0,
    padHoldUntil: 0,
    knobHoldUntil: [0, 0, 0, 0, 0, 0],
    rtts: [],
  };

  // ---------------------------------------------------------------- connection
  let ws = null;
  let retryMs = 300;
  let nextId = 1;
  const pending = new Map(); // ping id -> {start, resolve}

  function connect() {
    document.body.classList.add('connecting');
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => { retryMs = 300; document.body.classList.remove('connecting', 'offline'); setTimeout(measureLink, 300); };
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch { return; }
      handle(m);
    };
    ws.onclose = () => {
      document.body.classList.add('offline');
      setConn('offline, reconnecting…', 'bad');
      releaseAllKeys(false);
      for (const p of pending.values()) p.resolve(NaN);
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  function send(msg) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    if (!st.canWrite && msg.t !== 'ping') { nudgePair(); return false; }
    ws.send(JSON.stringify(msg));
    return true;
  }

  function setConn(text, cls) {
    const el = $('conn');
    el.textContent = text;
    el.className = 'pill ' + (cls || '');
  }

  function ping() {
    return new Promise((resolve) => {
      if (!ws || ws.readyState !== WebSocket.OPEN) { resolve(NaN); return; }
      const id = nextId++;
      pending.set(id, { start: performance.now(), resolve });
      ws.send(JSON.stringify({ t: 'ping', id }));
    });
  }

  function handle(m) {
    switch (m.t) {
      case 'hello': onHello(m); break;
      case 'state': onState(m); break;
      case 'meters': onMeters(m); break;
      case 'warnings': onWarnings(m.items); break;
      case 'settings': fillSettings(m.settings); break;
      case 'settingsResult': onSettingsResult(m); break;
      case 'pong': {
        const p = pending.get(m.id);
        if (p) { pending.delete(m.id); p.resolve(performance.now() - p.start); }
        break;
      }
      case 'error':
        if (m.code === 'locked') nudgePair();
        else console.warn('panel:', m.error);
        break;
    }
  }

  // Sound upload: the same import as 'nsynthbox import'; the answer (or what is wrong) shows next to the button.
  function setSoundStatus(text, cls) {
    const el = $('sound-status');
    el.textContent = text;
    el.className = cls || '';
  }
  $('sound-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!st.canWrite) { nudgePair(); return; }
    const file = $('sound-file').files[0];
    if (!file) { setSoundStatus('choose a WAV file of one note', 'error'); return; }
    if (st.maxUploadBytes && file.size > st.maxUploadBytes) {
      setSoundStatus(`the file is larger than ${(st.maxUploadBytes / 1048576).toFixed(1)} MiB: trim the recording to one note of at most 12 s`, 'error');
      return;
    }
    const name = $('sound-name').value.trim() || file.name.replace(/\.[^.]*$/, '');
    setSoundStatus(`importing ${file.name}…`, 'busy');
    $('sound-fields').disabled = true;
    try {
      const res = await fetch(`api/sound?name=${encodeURIComponent(name)}&file=${encodeURIComponent(file.name)}`,
        { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' }, credentials: 'same-origin' });
      let body = {};
      try { body = await res.json(); } catch { body = { error: `the box answered ${res.status}` }; }
      if (res.ok && body.ok) {
        const warnings = (body.warnings || []).map((w) => `warning: ${w}`).join('; ');
        setSoundStatus(warnings ? `${body.message} (${warnings})` : body.message, 'ok');
        $('sound-form').reset();
      } else {
        setSoundStatus(body.error || `the box answered ${res.status}`, 'error');
        if (res.status === 403) nudgePair();
      }
    } catch (err) {
      setSoundStatus(`upload failed: ${err.message}`, 'error');
    } finally {
      $('sound-fields').disabled = !st.canWrite;
    }
  });

  function onHello(h) {
    st.hello = h;
    st.canWrite = h.canWrite;
    document.body.classList.toggle('readonly', !h.canWrite);
    $('pair').hidden = h.canWrite || !h.pinRequired;
    $('model').textContent = h.model;
    setConn(h.canWrite ? 'connected' : 'connected, read-only', h.canWrite ? 'ok' : 'warn');
    buildCorners(h.instruments);
    buildKnobs(h.knobNames);
    buildPatches(h.patchSlots);
    buildMap(h.instruments, h.explainedVariance);
    buildCcMap(h.ccTargets);
    fillSettings(h.settings, true);
    $('settings-fields').disabled = !h.canWrite;
    $('sounds').hidden = !h.canImportSounds;
    $('sound-fields').disabled = !h.canWrite;
    st.maxUploadBytes = h.maxUploadBytes;
    h.state.knobs.forEach((v, i) => { st.knobs[i] = v; knobsDirty.add(i); });
    onState(h.state);
  }

  // State pushes can come faster than the screen refreshes: keep the newest, draw once per frame.
  let drawPending = false;
  const knobsDirty = new Set();
  function onState(s) {
    const now = performance.now();
    st.voices = s.voices;
    if (now >= st.padHoldUntil && pointers.size === 0) { st.x = s.x; st.y = s.y; }
    s.knobs.forEach((v, i) => {
      if (now >= st.knobHoldUntil[i] && dragKnob !== i && st.knobs[i] !== v) { st.knobs[i] = v; knobsDirty.add(i); }
    });
    s.corners.forEach((c, i) => { st.corners[i] = c; });
    requestDraw();
  }
  function requestDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      for (const i of knobsDirty) drawKnob(i);
      knobsDirty.clear();
      st.corners.forEach((c, i) => {
        const sel = $('corner-' + i);
        if (sel && document.activeElement !== sel && sel.value !== String(c)) sel.value = String(c);
      });
      drawPad();
      drawMapState();
    });
  }

  // ---------------------------------------------------------------- corners
  function buildCorners(instruments) {
    const families = new Map();
    for (const inst of instruments) {
      if (!families.has(inst.family)) families.set(inst.family, []);
      families.get(inst.family).push(inst);
    }
    for (let c = 0; c < 4; c++) {
      const sel = $('corner-' + c);
      sel.replaceChildren();
      for (const [family, list] of families) {
        const group = document.createElement('optgroup');
        group.label = family;
        for (const inst of list) group.append(new Option(inst.name, String(inst.i)));
        sel.append(group);
      }
      sel.onchange = () => {
        const i = Number(sel.value);
        st.corners[c] = i;
        send({ t: 'corner', corner: c, instrument: i });
        drawMapState();
      };
    }
  }

  // ---------------------------------------------------------------- XY pad (mouse, pen, multi-touch)
  const pad = $('pad');
  const pointers = new Map(); // pointerId -> {x, y, el}
  let lastXySent = 0;
  let xyTimer = 0;

  function padPoint(e) {
    const r = pad.getBoundingClientRect();
    return { x: clamp01((e.clientX - r.left) / r.width), y: clamp01((e.clientY - r.top) / r.height) };
  }

  pad.addEventListener('pointerdown', (e) => {
    if (!st.canWrite) return;
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    const el = document.createElement('div');
    el.className = 'finger';
    pad.append(el);
    pointers.set(e.pointerId, { ...padPoint(e), el });
    padMoved();
  });
  pad.addEventListener('pointermove', (e) => {
    const p = pointers.get(e.pointerId);
    if (!p) return;
    Object.assign(p, padPoint(e));
    padMoved();
  });
  const padUp = (e) => {
    const p = pointers.get(e.pointerId);
    if (!p) return;
    p.el.remove();
    pointers.delete(e.pointerId);
    st.padHoldUntil = performance.now() + HOLD_MS;
    if (pointers.size > 0) padMoved();
  };
  pad.addEventListener('pointerup', padUp);
  pad.addEventListener('pointercancel', padUp);
  pad.addEventListener('lostpointercapture', padUp);

  // Several fingers steer together: the sound sits at their centre.
  function padMoved() {
    let x = 0, y = 0;
    for (const p of pointers.values()) {
      x += p.x; y += p.y;
      p.el.style.left = (p.x * 100) + '%';
      p.el.style.top = (p.y * 100) + '%';
    }
    st.x = x / pointers.size;
    st.y = y / pointers.size;
    st.padHoldUntil = performance.now() + HOLD_MS;
    drawPad();
    drawMapState();
    sendXyThrottled();
  }

  // At most one position every 8 ms, the last one always sent.
  function sendXyThrottled() {
    const wait = 8 - (performance.now() - lastXySent);
    if (wait <= 0) { sendXy(); return; }
    if (!xyTimer) xyTimer = setTimeout(() => { xyTimer = 0; sendXy(); }, wait);
  }
  function sendXy() {
    lastXySent = performance.now();
    send({ t: 'xy', x: round4(st.x), y: round4(st.y) });
  }
  const round4 = (v) => Math.round(v * 10000) / 10000;

  function drawPad() {
    const puck = $('puck');
    puck.style.left = (st.x * 100) + '%';
    puck.style.top = (st.y * 100) + '%';
    puck.classList.toggle('sounding', st.voices > 0);
    $('pad-readout').textContent = `x ${st.x.toFixed(2)}  y ${st.y.toFixed(2)}`;
  }

  // ---------------------------------------------------------------- knobs
  let dragKnob = -1;

  function buildKnobs(names) {
    const host = $('knobs');
    host.replaceChildren();
    names.forEach((name, i) => {
      const k = document.createElement('div');
      k.className = 'knob';
      k.id = 'knob-' + name;
      k.tabIndex = 0;
      k.setAttribute('role', 'slider');
      k.setAttribute('aria-label', KNOB_LABELS[name] || name);
      k.setAttribute('aria-valuemin', '0');
      k.setAttribute('aria-valuemax', '100');
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 100 100');
      svg.setAttribute('aria-hidden', 'true');
      const track = document.createElementNS(SVG, 'path');
      track.setAttribute('class', 'track');
      track.setAttribute('d', arc(0, 1));
      const valueArc = document.createElementNS(SVG, 'path');
      valueArc.setAttribute('class', 'arc');
      const cap = document.createElementNS(SVG, 'circle');
      cap.setAttribute('class', 'cap');
      cap.setAttribute('cx', '50'); cap.setAttribute('cy', '50'); cap.setAttribute('r', '27');
      const tick = document.createElementNS(SVG, 'line');
      tick.setAttribute('class', 'tick');
      svg.append(track, valueArc, cap, tick);
      const value = document.createElement('span');
      value.className = 'value';
      const label = document.createElement('span');
      label.className = 'name';
      label.textContent = KNOB_LABELS[name] || name;
      k.append(svg, value, label);
      host.append(k);

      let startY = 0, startV = 0;
      k.addEventListener('pointerdown', (e) => {
        if (!st.canWrite) return;
        e.preventDefault();
        k.focus();
        k.setPointerCapture(e.pointerId);
        dragKnob = i; startY = e.clientY; startV = st.knobs[i];
        k.classList.add('moving');
      });
      k.addEventListener('pointermove', (e) => {
        if (dragKnob !== i || !k.hasPointerCapture(e.pointerId)) return;
        const range = e.shiftKey ? 800 : 200; // shift: fine
        setKnob(i, startV + (startY - e.clientY) / range);
      });
      const up = () => { if (dragKnob === i) { dragKnob = -1; st.knobHoldUntil[i] = performance.now() + HOLD_MS; k.classList.remove('moving'); } };
      k.addEventListener('pointerup', up);
      k.addEventListener('pointercancel', up);
      k.addEventListener('lostpointercapture', up);
      k.addEventListener('wheel', (e) => { e.preventDefault(); setKnob(i, st.knobs[i] - Math.sign(e.deltaY) * 0.02); }, { passive: false });
      k.addEventListener('keydown', (e) => {
        const steps = { ArrowUp: 0.01, ArrowRight: 0.01, ArrowDown: -0.01, ArrowLeft: -0.01, PageUp: 0.1, PageDown: -0.1 };
        if (e.key in steps) setKnob(i, st.knobs[i] + steps[e.key]);
        else if (e.key === 'Home') setKnob(i, 0);
        else if (e.key === 'End') setKnob(i, 1);
        else return;
        e.preventDefault();
      });
      drawKnob(i);
    });
  }

  function setKnob(i, v) {
    v = Math.round(clamp01(v) * 1000) / 1000;
    if (v === st.knobs[i]) return;
    st.knobs[i] = v;
    st.knobHoldUntil[i] = performance.now() + HOLD_MS;
    drawKnob(i);
    send({ t: 'knob', knob: st.hello.knobNames[i], v });
  }

  // Arc of the knob's ring from fraction a to b of its 270 degree sweep.
  function arc(a, b) {
    const r = 38, toXY = (f) => {
      const ang = (-135 + 270 * f) * Math.PI / 180;
      return [50 + r * Math.sin(ang), 50 - r * Math.cos(ang)];
    };
    if (b - a < 0.002) b = a + 0.002;
    const [x0, y0] = toXY(a), [x1, y1] = toXY(b);
    return `M ${x0.toFixed(2)} ${y0.toFixed(2)} A ${r} ${r} 0 ${(b - a) * 270 > 180 ? 1 : 0} 1 ${x1.toFixed(2)} ${y1.toFixed(2)}`;
  }

  function drawKnob(i) {
    const names = st.hello && st.hello.knobNames;
    if (!names) return;
    const k = $('knob-' + names[i]);
    if (!k) return;
    const v = st.knobs[i];
    k.querySelector('.arc').setAttribute('d', arc(0, v));
    const ang = (-135 + 270 * v) * Math.PI / 180;
    const tick = k.querySelector('.tick');
    tick.setAttribute('x1', (50 + 10 * Math.sin(ang)).toFixed(2));
    tick.setAttribute('y1', (50 - 10 * Math.cos(ang)).toFixed(2));
    tick.setAttribute('x2', (50 + 24 * Math.sin(ang)).toFixed(2));
    tick.setAttribute('y2', (50 - 24 * Math.cos(ang)).toFixed(2));
    k.querySelector('.value').textContent = pct(v);
    k.setAttribute('aria-valuenow', String(pct(v)));
    k.setAttribute('aria-valuetext', pct(v) + '%');
  }

  // ---------------------------------------------------------------- patches
  let saving = false;
  function buildPatches(n) {
    const host = $('patch-buttons');
    host.replaceChildren();
    for (let slot = 0; slot < n; slot++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'patch';
      b.id = 'patch-' + slot;
      b.textContent = String(slot + 1);
      b.onclick = () => {
        if (send({ t: 'patch', action: saving ? 'save' : 'recall', slot })) {
          $('patch-status').textContent = (saving ? 'saved to ' : 'recalled ') + (slot + 1);
        }
        setSaving(false);
      };
      host.append(b);
    }
  }
  function setSaving(on) {
    saving = on;
    $('patch-save').setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('saving', on);
  }
  $('patch-save').onclick = () => setSaving(!saving);

  // ---------------------------------------------------------------- latent map
  let mapPoints = [];
  const familyHue = (family) => {
    let h = 0;
    for (const ch of family) h = (h * 31 + ch.charCodeAt(0)) % 360;
    return h;
  };

  function buildMap(instruments, explained) {
    mapPoints = instruments.map((i) => ({ x: i.mx * 100, y: i.my * 100, name: i.name }));
    $('map-caption').textContent = `· ${instruments.length} instruments, first two principal components (${Math.round(explained * 100)}% of the variance)`;
    const g = $('map-points');
    g.replaceChildren();
    // Labels go right, left, above or below their point, wherever they do not cover another
    // label or point; where none fits (a crowded spot) the label shows on hover.
    const boxes = mapPoints.map((p) => [p.x - 0.8, p.y - 0.8, p.x + 0.8, p.y + 0.8]);
    const free = (b) => b[0] >= 0 && b[2] <= 100 && b[1] >= 0 && b[3] <= 100
      && !boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
    instruments.forEach((inst, n) => {
      const p = mapPoints[n];
      const item = document.createElementNS(SVG, 'g');
      item.setAttribute('class', 'inst');
      item.dataset.index = String(inst.i);
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', p.x.toFixed(2)); dot.setAttribute('cy', p.y.toFixed(2)); dot.setAttribute('r', '0.7');
      dot.setAttribute('fill', `hsl(${familyHue(inst.family)} 55% 64%)`);
      const text = document.createElementNS(SVG, 'text');
      text.textContent = inst.name;
      const w = inst.name.length * 0.8, h = 1.5;
      const spots = [
        { box: [p.x + 1, p.y - h / 2, p.x + 1 + w, p.y + h / 2], x: p.x + 1, y: p.y + 0.5, anchor: 'start' },
        { box: [p.x - 1 - w, p.y - h / 2, p.x - 1, p.y + h / 2], x: p.x - 1, y: p.y + 0.5, anchor: 'end' },
        { box: [p.x - w / 2, p.y - 1 - h, p.x + w / 2, p.y - 1], x: p.x, y: p.y - 1.3, anchor: 'middle' },
        { box: [p.x - w / 2, p.y + 1, p.x + w / 2, p.y + 1 + h], x: p.x, y: p.y + 2.3, anchor: 'middle' },
      ];
      const spot = spots.find((s) => free(s.box));
      const use = spot || spots[0];
      text.setAttribute('x', use.x.toFixed(2));
      text.setAttribute('y', use.y.toFixed(2));
      text.setAttribute('text-anchor', use.anchor);
      if (spot) boxes.push(spot.box);
      else item.classList.add('crowded');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = inst.program >= 0 ? `${inst.name} (${inst.family}, GM ${inst.program})` : `${inst.name} (${inst.family})`;
      item.append(title, dot, text);
      item.addEventListener('click', () => nudgeCornerTo(inst.i));
      g.append(item);
    });
    const corners = $('map-corners');
    corners.replaceChildren();
    for (let c = 0; c < 4; c++) {
      const mark = document.createElementNS(SVG, 'g');
      mark.setAttribute('class', 'corner-mark c' + c);
      mark.id = 'map-corner-' + c;
      const ring = document.createElementNS(SVG, 'circle');
      ring.setAttribute('r', '2.2');
      const text = document.createElementNS(SVG, 'text');
      mark.append(ring, text);
      corners.append(mark);
    }
    drawMapState();
  }

  // Clicking an instrument on the map puts it in the corner nearest the finger.
  function nudgeCornerTo(instrument) {
    if (!st.canWrite) { nudgePair(); return; }
    const c = (st.y >= 0.5 ? 2 : 0) + (st.x >= 0.5 ? 1 : 0);
    st.corners[c] = instrument;
    $('corner-' + c).value = String(instrument);
    send({ t: 'corner', corner: c, instrument });
    drawMapState();
  }

  // The projection is affine, so the sound's point is the bilinear blend of the corners' points.
  function drawMapState() {
    if (!mapPoints.length) return;
    const pts = st.corners.map((i) => mapPoints[i] || { x: 50, y: 50, name: '?' });
    pts.forEach((p, c) => {
      const mark = $('map-corner-' + c);
      mark.querySelector('circle').setAttribute('cx', p.x.toFixed(2));
      mark.querySelector('circle').setAttribute('cy', p.y.toFixed(2));
      const t = mark.querySelector('text');
      const right = p.x > 60; // keep the name inside the map
      t.setAttribute('x', (right ? p.x - 2.6 : p.x + 2.6).toFixed(2));
      t.setAttribute('y', (p.y - 1.6).toFixed(2));
      t.setAttribute('text-anchor', right ? 'end' : 'start');
      t.textContent = `${CORNER_TAGS[c]} ${p.name}`;
    });
    const [tl, tr, bl, br] = pts;
    $('map-area').setAttribute('points', [tl, tr, br, bl].map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(' '));
    const x = st.x, y = st.y;
    const w = [(1 - x) * (1 - y), x * (1 - y), (1 - x) * y, x * y];
    const px = w[0] * tl.x + w[1] * tr.x + w[2] * bl.x + w[3] * br.x;
    const py = w[0] * tl.y + w[1] * tr.y + w[2] * bl.y + w[3] * br.y;
    const dot = $('map-dot'), voices = $('map-voices');
    dot.setAttribute('cx', px.toFixed(2)); dot.setAttribute('cy', py.toFixed(2));
    voices.setAttribute('cx', px.toFixed(2)); voices.setAttribute('cy', py.toFixed(2));
    voices.setAttribute('r', st.voices > 0 ? (2.2 + Math.min(st.voices, 16) * 0.55).toFixed(2) : '0');
    $('map-pos').dataset.voices = String(st.voices);
  }

  // ---------------------------------------------------------------- keyboard
  const kb = $('keyboard');
  const BLACK = [1, 3, 6, 8, 10];
  const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
  let baseNote = 48;
  let keyCount = 25;
  const down = new Map(); // pointer id or 'k:<key>' -> note
  const heldCount = new Map(); // note -> how many holders

  function buildKeyboard() {
    keyCount = kb.clientWidth < 520 ? 13 : kb.clientWidth < 900 ? 25 : 37;
    kb.replaceChildren();
    const whites = [];
    for (let n = baseNote; n < baseNote + keyCount; n++) if (!BLACK.includes(n % 12)) whites.push(n);
    const ww = 100 / whites.length;
    for (let n = baseNote, wi = 0; n < baseNote + keyCount; n++) {
      const key = document.createElement('div');
      const black = BLACK.includes(n % 12);
      key.className = 'key ' + (black ? 'black' : 'white');
      key.dataset.note = String(n);
      if (black) {
        key.style.left = (wi * ww - ww * 0.3) + '%';
        key.style.width = (ww * 0.6) + '%';
      } else {
        key.style.left = (wi * ww) + '%';
        key.style.width = ww + '%';
        wi++;
        if (n % 12 === 0) {
          const label = document.createElement('span');
          label.className = 'label';
          label.textContent = 'C' + (Math.floor(n / 12) - 1);
          key.append(label);
        }
      }
      if (heldCount.get(n)) key.classList.add('down');
      kb.append(key);
    }
    $('oct-label').textContent = NAMES[baseNote % 12] + (Math.floor(baseNote / 12) - 1);
  }

  function keyEl(note) { return kb.querySelector(`.key[data-note="${note}"]`); }

  function noteOn(holder, note, velocity) {
    down.set(holder, note);
    heldCount.set(note, (heldCount.get(note) || 0) + 1);
    keyEl(note)?.classList.add('down');
    send({ t: 'noteOn', note, velocity: Math.round(clamp01(velocity) * 1000) / 1000 });
  }
  function noteOff(holder) {
    const note = down.get(holder);
    if (note === undefined) return;
    down.delete(holder);
    const left = (heldCount.get(note) || 1) - 1;
    if (left > 0) { heldCount.set(note, left); return; }
    heldCount.delete(note);
    keyEl(note)?.classList.remove('down');
    send({ t: 'noteOff', note });
  }
  function releaseAllKeys(tell) {
    for (const holder of [...down.keys()]) {
      if (tell) noteOff(holder);
      else down.delete(holder);
    }
    heldCount.clear();
    kb.querySelectorAll('.key.down').forEach((k) => k.classList.remove('down'));
  }

  function keyAt(e) {
    const el = document.elementFromPoint(e.clientX, e.clientY);
    const key = el && el.closest ? el.closest('.key') : null;
    return key && kb.contains(key) ? key : null;
  }
  // Lower on the key plays louder, as on a piano where the finger lands nearer the player.
  function velocityAt(e, key) {
    const r = key.getBoundingClientRect();
    return 0.35 + 0.65 * clamp01((e.clientY - r.top) / r.height);
  }

  kb.addEventListener('pointerdown', (e) => {
    if (!st.canWrite) return;
    e.preventDefault();
    kb.setPointerCapture(e.pointerId);
    const key = keyAt(e);
    if (key) noteOn(e.pointerId, Number(key.dataset.note), velocityAt(e, key));
  });
  kb.addEventListener('pointermove', (e) => {
    if (!down.has(e.pointerId)) return;
    const key = keyAt(e);
    const note = key ? Number(key.dataset.note) : undefined;
    if (note === down.get(e.pointerId)) return;
    noteOff(e.pointerId); // glissando: sliding onto the next key plays it
    if (key) noteOn(e.pointerId, note, velocityAt(e, key));
  });
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) kb.addEventListener(type, (e) => noteOff(e.pointerId));

  // The computer's keys as a piano: A W S E D F T G Y H U J K O L; Z and X shift octaves.
  const KEYMAP = 'awsedftgyhujkol';
  const typing = (e) => e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
  window.addEventListener('keydown', (e) => {
    if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || typing(e) || !st.canWrite) return;
    const k = e.key.toLowerCase();
    if (k === 'z') { shiftOctave(-1); return; }
    if (k === 'x') { shiftOctave(1); return; }
    const i = KEYMAP.indexOf(k);
    if (i >= 0 && !down.has('k:' + k)) noteOn('k:' + k, baseNote + (keyCount > 13 ? 12 : 0) + i, 0.8);
  });
  window.addEventListener('keyup', (e) => noteOff('k:' + e.key.toLowerCase()));
  window.addEventListener('blur', () => { for (const holder of [...down.keys()]) if (String(holder).startsWith('k:')) noteOff(holder); });

  function shiftOctave(d) {
    baseNote = Math.min(96, Math.max(12, baseNote + 12 * d));
    buildKeyboard();
  }
  $('oct-down').onclick = () => shiftOctave(-1);
  $('oct-up').onclick = () => shiftOctave(1);
  $('sustain').onchange = (e) => send({ t: 'sustain', down: e.target.checked });
  $('panic').onclick = () => { releaseAllKeys(true); send({ t: 'allNotesOff' }); };
  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(buildKeyboard, 150); });

  // ---------------------------------------------------------------- Web MIDI
  const midiButton = $('midi-connect');
  if (!navigator.requestMIDIAccess) {
    midiButton.disabled = true;
    $('midi-status').textContent = window.isSecureContext
      ? 'Web MIDI is not available in this browser'
      : 'Web MIDI needs the page on localhost or HTTPS';
  } else {
    midiButton.onclick = async () => {
      try {
        const access = await navigator.requestMIDIAccess({ sysex: false });
        const attach = () => {
          const names = [];
          for (const input of access.inputs.values()) {
            input.onmidimessage = onMidi;
            names.push(input.name);
          }
          $('midi-status').textContent = names.length ? 'MIDI in: ' + names.join(', ') : 'no MIDI input connected';
        };
        access.onstatechange = attach;
        attach();
        midiButton.hidden = true;
      } catch (err) {
        $('midi-status').textContent = 'MIDI refused: ' + err.message;
      }
    };
  }
  function onMidi(ev) {
    const d = ev.data;
    if (!d || !d.length || d[0] >= 0xf0) return; // clock, sysex and the like: not for the box
    send({ t: 'midi', data: Array.from(d.slice(0, 3)) });
    const type = d[0] & 0xf0;
    if (type === 0x90 || type === 0x80) keyEl(d[1])?.classList.toggle('down', type === 0x90 && d[2] > 0);
  }

  // ---------------------------------------------------------------- meters and warnings
  let lastLate = 0;
  function onMeters(m) {
    const db = m.peak > 0 ? 20 * Math.log10(m.peak) : -Infinity;
    $('level-bar').style.width = (clamp01((db + 60) / 60) * 100).toFixed(1) + '%';
    $('m-level').textContent = Number.isFinite(db) ? db.toFixed(1) + ' dB' : '−∞ dB';
    $('m-voices').textContent = `${m.voices} / ${st.hello ? st.hello.polyphony : '?'}`;
    $('m-cpu').textContent = m.cpu === null ? '—' : (m.cpu * 100).toFixed(1) + ' %';
    $('m-late').textContent = String(m.lateFrames);
    $('m-late').classList.toggle('alert', m.lateFrames > lastLate);
    lastLate = m.lateFrames;
    $('m-xruns').textContent = m.underruns === null ? '—' : String(m.underruns);
    $('m-clients').textContent = String(m.clients);
  }

  function onWarnings(items) {
    const list = $('warnings');
    list.replaceChildren();
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'dim';
      li.textContent = 'None';
      list.append(li);
      return;
    }
    for (const w of items) {
      const li = document.createElement('li');
      li.className = w.level;
      li.title = w.category;
      const time = document.createElement('time');
      time.dateTime = w.time;
      time.textContent = new Date(w.time).toLocaleTimeString();
      li.append(time, document.createTextNode(w.message));
      list.append(li);
    }
  }

  async function measureLink() {
    const rtt = await ping();
    if (!Number.isFinite(rtt)) return;
    st.rtts.push(rtt);
    if (st.rtts.length > 5) st.rtts.shift();
    const sorted = [...st.rtts].sort((a, b) => a - b);
    $('m-rtt').textContent = sorted[Math.floor(sorted.length / 2)].toFixed(1) + ' ms';
  }
  setInterval(measureLink, 2000);

  // ---------------------------------------------------------------- settings
  const form = $('settings');
  let settingsDirty = false;
  let validateTimer = 0;

  function buildCcMap(targets) {
    const host = $('ccmap');
    host.replaceChildren();
    for (const t of targets) {
      const label = document.createElement('label');
      label.htmlFor = 'cc-' + t;
      label.append(document.createTextNode(KNOB_LABELS[t] || t.toUpperCase()));
      const input = document.createElement('input');
      input.id = 'cc-' + t;
      input.type = 'number';
      input.min = '0'; input.max = '119'; input.step = '1';
      input.inputMode = 'numeric';
      input.placeholder = 'none';
      input.dataset.target = t;
      const err = document.createElement('span');
      err.className = 'error';
      err.id = 'err-ccMap-' + t;
      err.setAttribute('role', 'alert');
      label.append(input, err);
      host.append(label);
    }
  }

  function fillSettings(s, force) {
    const none = s === null || s === undefined;
    st.settings = s;
    form.hidden = none;
    $('settings-none').hidden = !none;
    if (none || (settingsDirty && !force)) return;
    $('midiChannel').value = String(s.midiChannel);
    $('audioDevice').value = s.audioDevice;
    $('modelPath').value = s.modelPath;
    for (const input of $('ccmap').querySelectorAll('input')) {
      const v = s.ccMap[input.dataset.target];
      input.value = v === null || v === undefined ? '' : String(v);
    }
    settingsDirty = false;
    showErrors({});
  }

  function readSettings() {
    const ccMap = {};
    for (const input of $('ccmap').querySelectorAll('input')) ccMap[input.dataset.target] = input.value.trim();
    return {
      midiChannel: $('midiChannel').value.trim(),
      ccMap,
      audioDevice: $('audioDevice').value,
      modelPath: $('modelPath').value,
    };
  }

  function showErrors(errors) {
    for (const el of form.querySelectorAll('.error')) el.textContent = '';
    for (const el of form.querySelectorAll('input')) el.removeAttribute('aria-invalid');
    for (const [field, message] of Object.entries(errors)) {
      const id = field.replace('.', '-');
      const el = $('err-' + id) || $('err-ccMap');
      el.textContent = message;
      const input = field.startsWith('ccMap.') ? $('cc-' + field.slice(6)) : $(field);
      if (input) input.setAttribute('aria-invalid', 'true');
    }
  }

  function onSettingsResult(r) {
    showErrors(r.errors);
    const status = $('settings-status');
    if (r.action === 'save') {
      status.textContent = r.message;
      status.className = r.ok ? 'ok' : 'bad';
      if (r.ok) settingsDirty = false;
    } else if (!r.ok) {
      status.textContent = '';
    }
  }

  form.addEventListener('input', () => {
    settingsDirty = true;
    $('settings-status').textContent = '';
    clearTimeout(validateTimer);
    validateTimer = setTimeout(() => send({ t: 'settings', action: 'validate', settings: readSettings() }), 400);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(validateTimer);
    $('settings-status').textContent = 'saving…';
    $('settings-status').className = '';
    send({ t: 'settings', action: 'save', settings: readSettings() });
  });
  $('settings-reset').onclick = () => { $('settings-status').textContent = ''; fillSettings(st.settings, true); };

  // ---------------------------------------------------------------- pairing
  function nudgePair() {
    const f = $('pair');
    if (f.hidden) return;
    $('pin').focus();
  }
  $('pair').addEventListener('submit', async (e) => {
    e.preventDefault();
    const pin = $('pin').value.trim();
    $('pair-error').textContent = '';
    try {
      const res = await fetch('/api/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pin }), credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        $('pair-error').textContent = body.error || ('refused (' + res.status + ')');
        return;
      }
      $('pin').value = '';
      retryMs = 50;
      ws.close(); // reconnect with the session cookie: the new socket may change things
    } catch (err) {
      $('pair-error').textContent = 'the box did not answer: ' + err.message;
    }
  });

  // For tests and the curious: window.nsb.measure(n) gives the WebSocket round trips in ms.
  window.nsb = {
    ping,
    async measure(n) {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await ping());
      return out;
    },
    state: st,
  };

  buildKeyboard();
  connect();
})();
