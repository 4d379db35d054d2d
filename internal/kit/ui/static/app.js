// The few behaviours every page shares. Pages work without it; kept tiny on purpose.
(function () {
  // The CSRF token goes with every form and fetch the page makes, so pages need no
  // per-form boilerplate.
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : '';
  if (!token) {
    var m = document.cookie.match(/(?:^|; )sl_csrf=([^;]*)/);
    token = m ? decodeURIComponent(m[1]) : '';
  }
  window.slCSRF = token;
  document.addEventListener('submit', function (e) {
    var f = e.target;
    if (!token || !f || f.method.toLowerCase() === 'get' || f.querySelector('input[name="csrf_token"]')) return;
    var i = document.createElement('input');
    i.type = 'hidden'; i.name = 'csrf_token'; i.value = token;
    f.appendChild(i);
  }, true);

  // A page that comes back with an error (a form refused) moves focus to it and
  // scrolls it into view: on a phone the message is often below the fold, and a
  // screen reader announces it.
  function showError() {
    var err = Array.prototype.find.call(document.querySelectorAll('main [role="alert"], main p.error'), function (el) {
      return el.textContent.trim() !== '' && el.getClientRects().length > 0; // an empty or hidden live region waits
    });
    if (!err) return;
    if (!err.hasAttribute('tabindex')) err.setAttribute('tabindex', '-1');
    err.focus({preventScroll: true});
    err.scrollIntoView({block: 'center'});
  }

  // "Go back" links return to the previous page when there is one; otherwise they
  // follow their address.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-back]');
    if (a && document.referrer && history.length > 1) {
      e.preventDefault();
      history.back();
    }
  });

  // The header menu is a <details>: it opens and closes without script. Here it
  // also closes on Escape (focus back on its button), and when a click or the focus
  // goes elsewhere on the page.
  function menus() { return document.querySelectorAll('details.menu[open]'); }
  function close(d, refocus) {
    d.removeAttribute('open');
    if (refocus) d.querySelector('summary').focus();
  }
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    menus().forEach(function (d) { close(d, d.contains(document.activeElement)); });
  });
  document.addEventListener('click', function (e) {
    menus().forEach(function (d) { if (!d.contains(e.target)) close(d, false); });
  });
  document.addEventListener('focusin', function (e) {
    menus().forEach(function (d) { if (!d.contains(e.target)) close(d, false); });
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', showError);
  else showError();
})();
