// Food ordering on the portal. On a restaurant's page: the cart (lines, subtotal,
// tax, total, and the phone's sticky "View order" bar) follows the quantities as
// they change; the server draws the same cart, so the page works without this. On
// an order's page: the status tracker asks again every few seconds until the order
// is picked up or cancelled.
(function () {
  // Made on the first change: building a number format is work a page's first
  // paint need not wait for.
  var money;
  function dollars(c) {
    money = money || new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    return money.format(c / 100);
  }
  // changed: the browser restored another quantity than the page was sent with.
  function changed(sel) {
    var sent = 0;
    for (var i = 0; i < sel.options.length; i++) if (sel.options[i].defaultSelected) { sent = i; break; }
    return sel.selectedIndex !== sent;
  }

  var form = document.getElementById('order');
  if (form && document.getElementById('cart')) {
    var bp = parseInt(form.getAttribute('data-tax-bp'), 10) || 0;
    var lines = document.getElementById('cart-lines');
    var empty = document.getElementById('cart-empty');
    var bar = document.getElementById('cart-bar');
    var recount = function () {
      var sub = 0, count = 0;
      lines.textContent = '';
      form.querySelectorAll('li.dish[data-dish]').forEach(function (li) {
        var sel = li.querySelector('select');
        var q = sel ? parseInt(sel.value, 10) || 0 : 0;
        if (q <= 0) return;
        var price = parseInt(li.getAttribute('data-price'), 10) || 0;
        sub += price * q; count += q;
        var row = document.createElement('li');
        var a = document.createElement('span'), b = document.createElement('span');
        a.textContent = q + '× ' + li.getAttribute('data-name');
        b.textContent = dollars(price * q);
        row.appendChild(a); row.appendChild(document.createTextNode(' ')); row.appendChild(b);
        lines.appendChild(row);
      });
      // The restaurants service's rule: basis points, rounded half up to the cent.
      var tax = sub > 0 && bp > 0 ? Math.floor((sub * bp + 5000) / 10000) : 0;
      document.getElementById('cart-subtotal').textContent = dollars(sub);
      document.getElementById('cart-tax').textContent = dollars(tax);
      document.getElementById('cart-total').textContent = dollars(sub + tax);
      document.querySelectorAll('.js-total').forEach(function (el) { el.textContent = dollars(sub + tax); });
      empty.hidden = count > 0;
      bar.hidden = count === 0;
      document.getElementById('bar-count').textContent = count + (count === 1 ? ' item' : ' items');
    };
    // Once the order button itself is on screen, the bar would only cover it.
    var place = document.getElementById('place');
    if (place && window.IntersectionObserver) {
      new IntersectionObserver(function (es) {
        bar.classList.toggle('beside-button', es[0].isIntersecting);
      }).observe(place);
    }
    form.addEventListener('change', function (e) { if (e.target.matches('select[name^="qty."]')) recount(); });
    // The server drew the cart for the quantities it sent; only quantities the
    // browser restored (coming back to the page) need it drawn again.
    if (Array.prototype.some.call(form.querySelectorAll('select[name^="qty."]'), changed)) recount();
  }

  // Trackers still moving (the order page's, or each open order's on the list).
  var live = document.querySelectorAll('[data-live][id]');
  if (live.length) {
    var timer = setInterval(function () {
      fetch(location.pathname, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html'), moving = 0;
          document.querySelectorAll('[data-live][id]').forEach(function (el) {
            var next = doc.getElementById(el.id);
            if (!next) { el.removeAttribute('data-live'); return; }
            if (next.innerHTML !== el.innerHTML) { el.innerHTML = next.innerHTML; el.className = next.className; }
            if (next.hasAttribute('data-live')) moving++; else el.removeAttribute('data-live');
          });
          if (!moving) clearInterval(timer);
        })
        .catch(function () {});
    }, window.trackEvery || 5000);
  }
})();
