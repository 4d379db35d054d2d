// The ticket form's running total, asked of the events service as quantities and
// the discount code change; the sticky "Get tickets" bar on phones; errors brought
// into view. The form works the same without this script.
(function () {
  "use strict";
  var err = document.getElementById("buy-error");
  if (err) {
    err.scrollIntoView({block: "center"});
    err.focus();
  }
  var share = document.getElementById("share");
  if (share && navigator.share) {
    share.addEventListener("click", function (e) {
      e.preventDefault();
      navigator.share({title: share.dataset.title, url: share.dataset.url}).catch(function () {});
    });
  }
  var form = document.getElementById("buy");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-price]");
  var code = form.querySelector("#code");
  var out = {
    tickets: document.getElementById("total-tickets"),
    discountRow: document.getElementById("total-discount-row"),
    discount: document.getElementById("total-discount"),
    sum: document.getElementById("total-sum"),
    note: document.getElementById("total-note")
  };
  var bar = document.getElementById("buybar");
  var barLink = document.getElementById("buybar-link");
  var button = document.getElementById("buy-button");

  function money(cents) {
    return "$" + (cents / 100).toFixed(2);
  }
  function chosen() {
    var n = 0, cents = 0;
    selects.forEach(function (s) {
      var q = parseInt(s.value, 10) || 0;
      n += q;
      cents += q * (parseInt(s.dataset.price, 10) || 0);
    });
    return {n: n, cents: cents};
  }
  function label(total) {
    barLink.textContent = total ? "Get tickets · " + total : "Get tickets";
  }
  // What the page knows at once (prices times quantities), then the service's word.
  function local() {
    var c = chosen();
    out.tickets.textContent = c.n ? money(c.cents) : "—";
    if (!code || !code.value.trim()) {
      out.discountRow.hidden = true;
      out.sum.textContent = c.n ? money(c.cents) : "—";
      label(c.n ? money(c.cents) : "");
    }
    return c;
  }
  var seq = 0;
  function ask() {
    var c = local();
    if (!c.n) {
      out.note.textContent = "";
      return;
    }
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    body.delete("apply");
    fetch(form.dataset.quote, {method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (q) {
        if (mine !== seq) return;
        if (q.error) {
          out.note.textContent = q.error;
          out.discountRow.hidden = true;
          out.sum.textContent = money(c.cents);
          label(money(c.cents));
          return;
        }
        out.note.textContent = "";
        out.tickets.textContent = q.subtotal;
        out.discountRow.hidden = !q.discount;
        out.discount.textContent = q.discount || "";
        out.sum.textContent = q.total;
        label(q.total);
      })
      .catch(function () { if (mine === seq) out.note.textContent = ""; });
  }
  var timer;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(ask, 350);
  }
  selects.forEach(function (s) { s.addEventListener("change", ask); });
  if (code) {
    code.addEventListener("input", function () { local(); soon(); });
    var apply = form.querySelector('button[name="apply"]');
    if (apply) apply.addEventListener("click", function (e) { e.preventDefault(); ask(); });
  }
  if (chosen().n) ask();

  // The bar shows while the form's own button is out of sight (phones: the form is
  // below the flyer and the description).
  if (bar && "IntersectionObserver" in window) {
    new IntersectionObserver(function (es) {
      bar.hidden = es[0].isIntersecting || window.innerWidth > 768;
    }).observe(button);
    barLink.addEventListener("click", function (e) {
      e.preventDefault();
      if (chosen().n && form.reportValidity()) {
        form.requestSubmit(button);
        return;
      }
      form.scrollIntoView({block: "start", behavior: "smooth"});
      (selects[0] || button).focus({preventScroll: true});
    });
  }
})();
