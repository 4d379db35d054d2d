// Keeps the order board live: the server pushes a small event whenever an order of
// this restaurant changes, and the board is re-rendered by the server and swapped in.
// Without EventSource (or while it reconnects) the board is polled instead.
(function () {
  var body = document.getElementById('board-body');
  if (!body) return;
  var id = body.getAttribute('data-restaurant');
  var state = document.getElementById('live-state');
  var loading = false, again = false, last = null, dropped = false;

  function refresh(highlight) {
    if (loading) { again = true; return; }
    loading = true;
    fetch('/dashboard/' + encodeURIComponent(id) + '/board', { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        // Swap only on change, so a button is not replaced under the user's finger.
        if (html === last) return;
        last = html;
        body.innerHTML = html;
        if (highlight) {
          var t = body.querySelector('[data-order="' + highlight + '"]');
          if (t) t.classList.add('fresh');
        }
      })
      // A failed reload is tried again shortly, so no change is missed for long.
      .catch(function () { again = false; setTimeout(refresh, 2000); })
      .then(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  var poll = null;
  function startPolling() { if (!poll) poll = setInterval(function () { refresh(); }, 10000); }
  function stopPolling() { if (poll) { clearInterval(poll); poll = null; } }

  // A slow safety net besides the stream: the board never stays stale for long.
  setInterval(function () { refresh(); }, 30000);

  if (!window.EventSource) { state.textContent = 'refreshing every 10 s'; startPolling(); return; }
  var es = new EventSource('/api/restaurants/' + encodeURIComponent(id) + '/orders/stream');
  // The page arrives with a fresh board; after a dropped connection it may have
  // missed events, so it reloads the board once the stream is back.
  es.onopen = function () { state.textContent = 'live'; stopPolling(); if (dropped) refresh(); dropped = false; };
  es.onerror = function () { state.textContent = 'reconnecting…'; dropped = true; startPolling(); };
  es.addEventListener('order', function (e) {
    var ev = {};
    try { ev = JSON.parse(e.data); } catch (x) {}
    refresh(ev.kind === 'created' ? ev.orderId : null);
  });
})();
