/**
 * The live console, `GET /_emulator/`: one self-contained page (inline CSS
 * and script, nothing fetched from elsewhere, works offline) that polls
 * `GET /_emulator/state` and drives the switches with the control plane's
 * POST endpoints. Everything it writes into the page goes through
 * `textContent`, never `innerHTML`: request paths come from clients.
 * A control token, when the emulator has one, comes from the URL fragment
 * (`/_emulator/#token=…`), which the browser never sends to a server.
 */
export const consolePage = String.raw`
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cloud-token emulator · console</title>
<style>
:root{--bg:#0f1420;--panel:#171e2e;--panel2:#1d2638;--line:#2a3550;--text:#e6ebf5;--muted:#8b97b0;--issued:#34c77b;--rejected:#f0a33a;--limited:#a77cf2;--faulted:#ef5a6f;--accent:#4ea1ff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif}
header{display:flex;align-items:center;gap:16px;padding:14px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
header h1{font-size:17px;margin:0;white-space:nowrap;font-weight:650;letter-spacing:.2px}
header .meta{color:var(--muted);font-size:12.5px;display:flex;gap:14px;flex-wrap:wrap}
header .meta b{color:var(--text);font-weight:600}
.live{margin-left:auto;display:flex;align-items:center;gap:8px;font-size:12.5px;color:var(--muted)}
.dot{width:9px;height:9px;border-radius:50%;background:var(--muted)}
.dot.on{background:var(--issued);box-shadow:0 0 0 3px rgba(52,199,123,.18)}
.dot.off{background:var(--faulted)}
main{padding:18px 24px 28px;display:grid;gap:16px;grid-template-columns:repeat(12,1fr)}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0}
.card h2{margin:0 0 10px;font-size:12px;text-transform:uppercase;letter-spacing:.8px;color:var(--muted);font-weight:600;display:flex;justify-content:space-between;align-items:baseline}
.span12{grid-column:span 12}.span8{grid-column:span 8}.span7{grid-column:span 7}.span5{grid-column:span 5}.span4{grid-column:span 4}
@media (max-width:1000px){.span8,.span7,.span5,.span4{grid-column:span 12}}
.counters{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:10px}
.counter{background:var(--panel2);border-radius:8px;padding:10px 12px;border-left:3px solid var(--line)}
.counter .n{font-size:24px;font-weight:680;font-variant-numeric:tabular-nums}
.counter .l{font-size:11.5px;color:var(--muted)}
.c-issued{border-left-color:var(--issued)}.c-rejected{border-left-color:var(--rejected)}.c-limited{border-left-color:var(--limited)}.c-faulted{border-left-color:var(--faulted)}.c-api{border-left-color:var(--accent)}
.legend{display:flex;gap:14px;font-size:12px;color:var(--muted);text-transform:none;letter-spacing:0}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg{display:block;width:100%}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;color:var(--muted);font-weight:500;font-size:11.5px;padding:4px 8px;border-bottom:1px solid var(--line)}
td{padding:5px 8px;border-bottom:1px solid rgba(42,53,80,.55);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:340px}
td.mono,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.chip{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;font-variant-numeric:tabular-nums}
.s2{background:rgba(52,199,123,.16);color:var(--issued)}.s4{background:rgba(240,163,58,.16);color:var(--rejected)}.s429{background:rgba(167,124,242,.18);color:var(--limited)}.s5{background:rgba(239,90,111,.16);color:var(--faulted)}
.bars .row{display:grid;grid-template-columns:52px 1fr 52px;align-items:center;gap:10px;margin:6px 0}
.bars .track{height:12px;background:var(--panel2);border-radius:6px;overflow:hidden}
.bars .fill{height:100%;border-radius:6px}
.bars .v{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.empty{color:var(--muted);font-size:13px;padding:8px 0}
.ban{color:var(--faulted);font-weight:600;font-variant-numeric:tabular-nums}
.ok{color:var(--issued)}
.groups{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:14px}
.group h3{margin:0 0 8px;font-size:12.5px;color:var(--text);font-weight:600}
.btns{display:flex;flex-wrap:wrap;gap:8px}
button{background:var(--panel2);color:var(--text);border:1px solid var(--line);border-radius:7px;padding:7px 11px;font:inherit;font-size:12.5px;cursor:pointer}
button:hover{border-color:var(--accent)}
button.danger{border-color:rgba(239,90,111,.55)}
button.warn{border-color:rgba(167,124,242,.55)}
.pending{margin-top:12px;font-size:12.5px;color:var(--muted)}
.pending span{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;background:var(--panel2);border-radius:6px;color:var(--text)}
#toast{position:fixed;right:20px;bottom:20px;background:var(--panel2);border:1px solid var(--line);border-radius:8px;padding:10px 14px;font-size:13px;opacity:0;transition:opacity .2s}
#toast.show{opacity:1}
#toast.err{border-color:var(--faulted)}
footer{grid-column:span 12;color:var(--muted);font-size:12px}
</style>
</head>
<body>
<header>
  <h1>cloud-token emulator</h1>
  <div class="meta">
    <span>profile <b id="profile">…</b></span>
    <span>time scale <b id="time-scale">…</b></span>
    <span>emulator clock <b id="emulator-time">…</b></span>
    <span>clients <b id="clients">…</b></span>
    <span>latency <b id="latency">…</b></span>
  </div>
  <div class="live"><span class="dot" id="live-dot"></span><span id="live-text">connecting…</span></div>
</header>
<main>
  <section class="card span12">
    <h2>Token endpoint <span>POST /connect/token</span></h2>
    <div class="counters">
      <div class="counter"><div class="n" data-testid="token-total">0</div><div class="l">requests</div></div>
      <div class="counter c-issued"><div class="n" data-testid="token-issued">0</div><div class="l">issued</div></div>
      <div class="counter c-rejected"><div class="n" data-testid="token-rejected">0</div><div class="l">rejected</div></div>
      <div class="counter c-limited"><div class="n" data-testid="token-rate-limited">0</div><div class="l">rate-limited</div></div>
      <div class="counter c-faulted"><div class="n" data-testid="token-faulted">0</div><div class="l">faulted</div></div>
      <div class="counter"><div class="n" data-testid="max-concurrent">0</div><div class="l">max concurrent</div></div>
      <div class="counter"><div class="n" data-testid="lockouts">0</div><div class="l">lockouts</div></div>
      <div class="counter"><div class="n" data-testid="revocations">0</div><div class="l">revocations</div></div>
      <div class="counter c-api"><div class="n" data-testid="api-total">0</div><div class="l">API requests</div></div>
    </div>
  </section>
  <section class="card span12">
    <h2>Token requests per second, last 60 s
      <span class="legend"><span><i style="background:var(--issued)"></i>issued</span><span><i style="background:var(--rejected)"></i>rejected</span><span><i style="background:var(--limited)"></i>rate-limited</span><span><i style="background:var(--faulted)"></i>faulted</span></span>
    </h2>
    <svg id="timeline" data-testid="timeline" viewBox="0 0 1200 170" preserveAspectRatio="none" height="170" role="img" aria-label="token requests per second"></svg>
  </section>
  <section class="card span7">
    <h2>Lockout state per client</h2>
    <div id="lockouts-body"></div>
  </section>
  <section class="card span5">
    <h2>API answers by status</h2>
    <div class="bars" id="status-bars"></div>
  </section>
  <section class="card span12">
    <h2>Recent API calls <span>newest first · tokens shortened</span></h2>
    <table>
      <thead><tr><th>method</th><th>path</th><th>status</th><th>token carried</th><th>jti</th></tr></thead>
      <tbody id="recent"></tbody>
    </table>
  </section>
  <section class="card span12">
    <h2>Fault switches</h2>
    <div class="groups">
      <div class="group"><h3>Next token request</h3><div class="btns">
        <button data-testid="fault-token-503" data-post="token-faults" data-body='{"count":1,"kind":"status","status":503}'>503 server error</button>
        <button class="warn" data-testid="fault-token-429" data-post="token-faults" data-body='{"count":1,"kind":"rate-limit","retryAfter":"30"}'>429 Retry-After 30</button>
        <button data-testid="fault-token-invalid-client" data-post="token-faults" data-body='{"count":1,"kind":"oauth-error","error":"invalid_client"}'>400 invalid_client</button>
        <button data-testid="fault-token-reset" data-post="token-faults" data-body='{"count":1,"kind":"reset"}'>connection reset</button>
        <button data-testid="fault-token-html" data-post="token-faults" data-body='{"count":1,"kind":"html"}'>HTML page</button>
      </div></div>
      <div class="group"><h3>Next API requests</h3><div class="btns">
        <button class="warn" data-testid="fault-api-429" data-post="api-faults" data-body='{"count":3,"status":429,"retryAfter":"5"}'>429 Retry-After 5 ×3</button>
        <button data-testid="fault-api-503" data-post="api-faults" data-body='{"count":1,"status":503}'>503 ×1</button>
      </div></div>
      <div class="group"><h3>Emulator</h3><div class="btns">
        <button class="danger" data-testid="revoke" data-post="revoke" data-body='{}'>Revoke all tokens</button>
        <button data-testid="latency-on" data-post="latency" data-body='{"tokenMs":500,"apiMs":0}'>Token latency 500 ms</button>
        <button data-testid="latency-off" data-post="latency" data-body='{"tokenMs":0,"apiMs":0}'>Latency off</button>
        <button data-testid="reset" data-post="reset" data-body='{}'>Reset</button>
      </div></div>
    </div>
    <div class="pending" id="pending"></div>
  </section>
  <footer>Every switch is also a JSON POST under <span class="mono">/_emulator/</span>; run <span class="mono">cloud-token-emulator --help</span> for the curl lines. Client secrets are never shown; tokens only by their first and last characters.</footer>
</main>
<div id="toast"></div>
<script>
(function () {
  'use strict';
  var tokenMatch = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  var controlToken = tokenMatch ? decodeURIComponent(tokenMatch[1]) : '';
  var colors = { issued: '#34c77b', rejected: '#f0a33a', rateLimited: '#a77cf2', faulted: '#ef5a6f' };
  var outcomes = ['issued', 'rejected', 'rateLimited', 'faulted'];
  var statusColors = { s2: '#34c77b', s4: '#f0a33a', s429: '#a77cf2', s5: '#ef5a6f' };
  var last = null;
  var receivedAt = 0;

  function headers(extra) {
    var h = extra || {};
    if (controlToken) h.authorization = 'Bearer ' + controlToken;
    return h;
  }
  function $(id) { return document.getElementById(id); }
  function text(testId, value) {
    var el = document.querySelector('[data-testid="' + testId + '"]');
    if (el && el.textContent !== String(value)) el.textContent = String(value);
  }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = String(content);
    return e;
  }
  function statusClass(status) {
    if (status === 429) return 's429';
    if (status >= 500) return 's5';
    if (status >= 400) return 's4';
    return 's2';
  }
  function duration(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    return (m > 0 ? m + ' min ' : '') + (s % 60) + ' s';
  }
  function toast(message, isError) {
    var t = $('toast');
    t.textContent = message;
    t.className = 'show' + (isError ? ' err' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.className = ''; }, 2500);
  }

  function renderTimeline(state) {
    var svg = $('timeline');
    var ns = 'http://www.w3.org/2000/svg';
    var width = 1200, height = 170, top = 10, bottom = 22, seconds = 60;
    var nowSecond = Math.floor(state.serverTime / 1000) * 1000;
    var bySecond = {};
    var totals = { issued: 0, rejected: 0, rateLimited: 0, faulted: 0 };
    state.timeline.forEach(function (b) {
      bySecond[b.at] = b;
      if (b.at > nowSecond - seconds * 1000) outcomes.forEach(function (o) { totals[o] += b[o]; });
    });
    var max = 1;
    for (var i = 0; i < seconds; i++) {
      var b = bySecond[nowSecond - (seconds - 1 - i) * 1000];
      if (b) max = Math.max(max, b.issued + b.rejected + b.rateLimited + b.faulted);
    }
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var plot = height - top - bottom;
    for (var g = 0; g <= 4; g++) {
      var y = top + plot - (plot * g) / 4;
      var line = document.createElementNS(ns, 'line');
      line.setAttribute('x1', '34'); line.setAttribute('x2', String(width));
      line.setAttribute('y1', String(y)); line.setAttribute('y2', String(y));
      line.setAttribute('stroke', '#2a3550'); line.setAttribute('stroke-width', '1');
      svg.appendChild(line);
      var label = document.createElementNS(ns, 'text');
      label.setAttribute('x', '28'); label.setAttribute('y', String(y + 4));
      label.setAttribute('text-anchor', 'end'); label.setAttribute('fill', '#8b97b0'); label.setAttribute('font-size', '11');
      label.textContent = String(Math.round((max * g) / 4));
      svg.appendChild(label);
    }
    var slot = (width - 40) / seconds;
    for (var s = 0; s < seconds; s++) {
      var at = nowSecond - (seconds - 1 - s) * 1000;
      var bucket = bySecond[at];
      var x = 40 + s * slot;
      if (s % 10 === 0 || s === seconds - 1) {
        var tick = document.createElementNS(ns, 'text');
        tick.setAttribute('x', String(x + slot / 2)); tick.setAttribute('y', String(height - 6));
        tick.setAttribute('text-anchor', 'middle'); tick.setAttribute('fill', '#8b97b0'); tick.setAttribute('font-size', '11');
        tick.textContent = s === seconds - 1 ? 'now' : '-' + (seconds - 1 - s) + 's';
        svg.appendChild(tick);
      }
      if (!bucket) continue;
      var base = top + plot;
      outcomes.forEach(function (o) {
        if (!bucket[o]) return;
        var h = (bucket[o] / max) * plot;
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', String(x + 2)); rect.setAttribute('width', String(Math.max(2, slot - 4)));
        rect.setAttribute('y', String(base - h)); rect.setAttribute('height', String(h));
        rect.setAttribute('fill', colors[o]); rect.setAttribute('rx', '2');
        rect.setAttribute('data-outcome', o);
        var title = document.createElementNS(ns, 'title');
        title.textContent = bucket[o] + ' ' + o + ' at ' + new Date(at).toLocaleTimeString();
        rect.appendChild(title);
        svg.appendChild(rect);
        base -= h;
      });
    }
    svg.setAttribute('data-issued', String(totals.issued));
    svg.setAttribute('data-rejected', String(totals.rejected));
    svg.setAttribute('data-rate-limited', String(totals.rateLimited));
    svg.setAttribute('data-faulted', String(totals.faulted));
  }

  function renderLockouts() {
    var body = $('lockouts-body');
    if (!last) return;
    var elapsed = Date.now() - receivedAt;
    while (body.firstChild) body.removeChild(body.firstChild);
    if (last.lockoutStates.length === 0) {
      body.appendChild(el('div', 'empty', 'No failures counting, no client locked out. (' + last.clientIds.length + ' client' + (last.clientIds.length === 1 ? '' : 's') + ' known.)'));
      return;
    }
    var table = el('table');
    var head = el('tr');
    ['client id', 'failures', 'state', 'Retry-After (cloud)'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    last.lockoutStates.forEach(function (s) {
      var tr = el('tr');
      tr.setAttribute('data-testid', 'lockout-row');
      tr.appendChild(el('td', 'mono', s.clientId || '(none)'));
      tr.appendChild(el('td', '', s.failures + ' / ' + s.failureLimit));
      var remaining = s.bannedForMs - elapsed;
      tr.appendChild(remaining > 0 ? el('td', 'ban', 'locked out · ' + duration(remaining) + ' left') : el('td', 'ok', s.bannedForMs > 0 ? 'ban over' : 'counting'));
      tr.appendChild(el('td', 'mono', s.retryAfter || '–'));
      table.appendChild(tr);
    });
    body.appendChild(table);
    if (last.lockoutStatesOmitted > 0) {
      var more = el('div', 'empty', '… and ' + last.lockoutStatesOmitted + ' more not listed: bans come first, then the latest failures.');
      more.setAttribute('data-testid', 'lockouts-omitted');
      body.appendChild(more);
    }
  }

  function render(state) {
    var t = state.tokenRequests;
    text('token-total', t.total); text('token-issued', t.issued); text('token-rejected', t.rejected);
    text('token-rate-limited', t.rateLimited); text('token-faulted', t.faulted);
    text('max-concurrent', state.maxConcurrentTokenRequests); text('lockouts', state.lockouts);
    text('revocations', state.revocations); text('api-total', state.apiRequests.total);
    $('profile').textContent = state.profile;
    $('time-scale').textContent = String(state.timeScale);
    $('emulator-time').textContent = state.emulatorTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    $('clients').textContent = state.clientIds.join(', ');
    $('latency').textContent = 'token ' + state.latency.tokenMs + ' ms · API ' + state.latency.apiMs + ' ms';
    renderTimeline(state);
    renderLockouts();

    var bars = $('status-bars');
    while (bars.firstChild) bars.removeChild(bars.firstChild);
    var statuses = Object.keys(state.apiRequests.byStatus).sort();
    var most = 1;
    statuses.forEach(function (s) { most = Math.max(most, state.apiRequests.byStatus[s]); });
    if (statuses.length === 0) bars.appendChild(el('div', 'empty', 'No API requests yet.'));
    statuses.forEach(function (s) {
      var n = state.apiRequests.byStatus[s];
      var row = el('div', 'row');
      row.setAttribute('data-testid', 'api-status-' + s);
      row.setAttribute('data-count', String(n));
      var chip = el('span', 'chip ' + statusClass(Number(s)), s);
      var cell = el('div'); cell.appendChild(chip); row.appendChild(cell);
      var track = el('div', 'track');
      var fill = el('div', 'fill');
      fill.style.width = ((n / most) * 100).toFixed(1) + '%';
      fill.style.background = statusColors[statusClass(Number(s))];
      track.appendChild(fill); row.appendChild(track);
      row.appendChild(el('div', 'v', n));
      bars.appendChild(row);
    });

    var recent = $('recent');
    while (recent.firstChild) recent.removeChild(recent.firstChild);
    if (state.recentApiRequests.length === 0) {
      var none = el('tr'); var td = el('td', 'empty', 'No API requests yet.'); td.colSpan = 5; none.appendChild(td); recent.appendChild(none);
    }
    state.recentApiRequests.forEach(function (r) {
      var tr = el('tr');
      tr.setAttribute('data-testid', 'recent-call');
      tr.appendChild(el('td', 'mono', r.method));
      tr.appendChild(el('td', 'mono', r.url));
      var st = el('td'); st.appendChild(el('span', 'chip ' + statusClass(r.status), r.status)); tr.appendChild(st);
      tr.appendChild(el('td', 'mono', r.tokenPreview || (r.hadAuthorization ? '(not bearer)' : '(none)')));
      tr.appendChild(el('td', 'mono', r.jti ? r.jti.slice(0, 8) : '–'));
      recent.appendChild(tr);
    });

    var pending = $('pending');
    while (pending.firstChild) pending.removeChild(pending.firstChild);
    var items = [];
    state.pendingTokenFaults.forEach(function (p) {
      var f = p.fault;
      items.push('token: ' + f.kind + (f.status ? ' ' + f.status : '') + (f.error ? ' ' + f.error : '') + (f.retryAfter ? ' Retry-After ' + f.retryAfter : '') + ' ×' + p.remaining);
    });
    state.pendingApiFaults.forEach(function (p) {
      items.push('API: ' + p.fault.status + (p.fault.retryAfter ? ' Retry-After ' + p.fault.retryAfter : '') + ' ×' + p.remaining);
    });
    pending.appendChild(document.createTextNode(items.length ? 'Waiting: ' : 'No faults waiting.'));
    items.forEach(function (item) { var s = el('span', '', item); s.setAttribute('data-testid', 'pending-fault'); pending.appendChild(s); });
  }

  function setLive(ok) {
    $('live-dot').className = 'dot ' + (ok ? 'on' : 'off');
    $('live-text').textContent = ok ? 'live · updated ' + new Date().toLocaleTimeString() : 'disconnected';
  }

  function poll() {
    fetch('state', { headers: headers(), cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('state answered ' + r.status);
        return r.json();
      })
      .then(function (state) { last = state; receivedAt = Date.now(); render(state); setLive(true); })
      .catch(function () { setLive(false); })
      .then(function () { setTimeout(poll, 700); });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-post]') : null;
    if (!button) return;
    fetch(button.getAttribute('data-post'), {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: button.getAttribute('data-body'),
    })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.detail || ('answered ' + r.status));
          toast(button.textContent + ' ✓', false);
        });
      })
      .catch(function (error) { toast(String(error.message || error), true); });
  });

  setInterval(renderLockouts, 250);
  poll();
})();
</script>
</body>
</html>
`;
