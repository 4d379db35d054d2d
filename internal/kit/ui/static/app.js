// Adds the CSRF token to every form and fetch the page makes, so pages need no
// per-form boilerplate. Kept tiny on purpose.
(function () {
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
})();
