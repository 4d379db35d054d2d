// The full-screen kitchen board: live like the dashboard's board, and loud. Every
// new order (one nobody has accepted yet) puts a count in the tab's title, shows a
// banner, raises a browser notification and beeps every few seconds until someone
// accepts it with a ready time. Timers say how long each order has waited and turn
// red when it is late. Sound and notifications need one tap first (browsers allow
// them only after a gesture).
(function () {
  var body = document.getElementById('board-body');
  if (!body) return;
  var id = body.getAttribute('data-restaurant');
  var state = document.getElementById('live-state');
  var ringer = document.getElementById('ringer');
  var ringerText = document.getElementById('ringer-text');
  var hint = document.getElementById('alerts-hint');
  var baseTitle = document.title;
  var audio = null, alertsOn = false, notified = {};
  var loading = false, again = false, last = null, dropped = false;
  window.kitchenRings = 0;

  function waiting() { return body.querySelectorAll('.ticket[data-new]'); }

  function beep() {
    window.kitchenRings++;
    if (!audio) return;
    try {
      var t = audio.currentTime;
      [[0, 880], [0.25, 1175], [0.5, 880]].forEach(function (n) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.frequency.value = n[1];
        o.connect(g); g.connect(audio.destination);
        g.gain.setValueAtTime(0.0001, t + n[0]);
        g.gain.exponentialRampToValueAtTime(0.5, t + n[0] + 0.02);
        g.gain.exponentialRampToValueAtTime(0.0001, t + n[0] + 0.22);
        o.start(t + n[0]); o.stop(t + n[0] + 0.24);
      });
    } catch (e) {}
  }

  function notify(t) {
    if (!alertsOn || !window.Notification || Notification.permission !== 'granted') return;
    var lines = Array.prototype.map.call(t.querySelectorAll('.lines li'), function (li) { return li.textContent.trim(); });
    try { new Notification('New order ' + t.getAttribute('data-number'), { body: lines.join('\n'), tag: t.getAttribute('data-order') }); } catch (e) {}
  }

  function minutes(ms) {
    var m = Math.floor(ms / 60000);
    if (m < 1) return 'just now';
    if (m < 60) return m + ' min ago';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min ago';
  }

  function timers() {
    var now = Date.now();
    body.querySelectorAll('.ticket').forEach(function (t) {
      var placed = Date.parse(t.getAttribute('data-placed')), due = Date.parse(t.getAttribute('data-due'));
      var el = t.querySelector('.elapsed');
      if (el && !isNaN(placed)) el.textContent = minutes(now - placed);
      var ready = t.closest('[data-status="READY_FOR_PICKUP"]');
      t.classList.toggle('late', !ready && !isNaN(due) && now > due);
    });
  }

  function update() {
    var list = waiting(), n = list.length, fresh = false;
    document.title = n ? '(' + n + ') New order' + (n > 1 ? 's' : '') + ' · ' + baseTitle : baseTitle;
    ringer.hidden = n === 0;
    document.body.classList.toggle('ringing', n > 0);
    if (n) {
      var text = n === 1 ? 'New order ' + list[0].getAttribute('data-number') + ': accept it with a ready time.'
        : n + ' new orders: accept each with a ready time.';
      if (ringerText.textContent !== text) ringerText.textContent = text;
    }
    list.forEach(function (t) {
      var oid = t.getAttribute('data-order');
      if (notified[oid]) return;
      notified[oid] = true; fresh = true;
      notify(t);
    });
    if (fresh) beep();
    timers();
  }

  function enable() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx && !audio) audio = new Ctx();
      if (audio && audio.state === 'suspended') audio.resume();
    } catch (e) {}
    alertsOn = true;
    if (window.Notification && Notification.permission === 'default') {
      try { Notification.requestPermission(); } catch (e) {}
    }
    hint.hidden = true;
    document.getElementById('alerts-on').hidden = true;
    document.body.classList.add('alerts-on');
    if (waiting().length) beep();
  }
  document.getElementById('alerts-enable').addEventListener('click', enable);
  document.getElementById('alerts-on').addEventListener('click', enable);

  // Ring until accepted: a new order keeps beeping every few seconds.
  setInterval(function () { if (waiting().length) beep(); }, 5000);
  setInterval(timers, 15000);

  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    fetch('/dashboard/' + encodeURIComponent(id) + '/board?view=kitchen', { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        if (html === last) return;
        last = html;
        // Keep an open cancel form open, so a new order does not close it under a finger.
        var open = Array.prototype.map.call(body.querySelectorAll('details.cancel[open]'), function (d) { return d.closest('.ticket').getAttribute('data-order'); });
        body.innerHTML = html;
        open.forEach(function (oid) { var d = body.querySelector('[data-order="' + oid + '"] details.cancel'); if (d) d.open = true; });
        update();
      })
      .catch(function () { again = false; setTimeout(refresh, 2000); })
      .then(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  update();
  var poll = null;
  function startPolling() { if (!poll) poll = setInterval(refresh, 10000); }
  function stopPolling() { if (poll) { clearInterval(poll); poll = null; } }
  setInterval(refresh, 30000);
  if (!window.EventSource) { state.textContent = 'refreshing every 10 s'; startPolling(); return; }
  var es = new EventSource('/api/restaurants/' + encodeURIComponent(id) + '/orders/stream');
  es.onopen = function () { state.textContent = 'live'; state.className = 'live on'; stopPolling(); if (dropped) refresh(); dropped = false; };
  es.onerror = function () { state.textContent = 'connection lost, reconnecting…'; state.className = 'live off'; dropped = true; startPolling(); };
  es.addEventListener('order', function () { refresh(); });
})();
