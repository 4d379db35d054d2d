// The packing slip's Print button; kept tiny on purpose.
document.addEventListener('click', function (e) {
  if (e.target && e.target.matches('[data-print]')) window.print();
});

// The dashboard's count of orders to fulfil, kept live: asked again every 20
// seconds while the page is in view; a rise offers to show the new orders.
(function () {
  var badge = document.getElementById('open-count');
  if (!badge || !badge.dataset.live || !window.fetch) return;
  var shown = parseInt(badge.textContent, 10) || 0;
  function ask() {
    if (document.hidden) return;
    fetch(badge.dataset.live, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d || typeof d.toFulfil !== 'number') return;
        badge.textContent = d.toFulfil;
        if (d.toFulfil > shown) document.getElementById('new-orders').hidden = false;
      })
      .catch(function () {});
  }
  setInterval(ask, 20000);
  document.addEventListener('visibilitychange', ask);
})();
