// The door: scans with the camera (the browser's BarcodeDetector, or the vendored
// jsQR where there is none), sends each code without leaving the page, says the
// verdict with a sound and a buzz, and keeps the counters live. Without script
// the forms work as plain forms.
(function () {
  "use strict";
  var door = document.getElementById("door");
  if (!door) return;
  var box = document.getElementById("verdict-box");
  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var counts = {in: document.getElementById("n-in"), sold: document.getElementById("n-sold"),
    cash: document.getElementById("n-cash"), cashWrap: document.getElementById("n-cash-wrap")};

  // Sound and vibration: one high beep for in, a low double buzz for a refusal,
  // a middle tone for cash due.
  var audio;
  function tone(freq, ms, at) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = freq;
      o.type = freq < 400 ? "square" : "sine";
      g.gain.value = 0.2;
      o.connect(g);
      g.connect(audio.destination);
      var t = audio.currentTime + (at || 0) / 1000;
      o.start(t);
      o.stop(t + ms / 1000);
    } catch (e) { /* no sound on this device */ }
  }
  function signal(kind) {
    door.dataset.lastSignal = kind;
    if (kind === "ok") { tone(880, 150); if (navigator.vibrate) navigator.vibrate(80); }
    else if (kind === "due") { tone(520, 250); if (navigator.vibrate) navigator.vibrate([120, 60, 120]); }
    else { tone(220, 220); tone(220, 220, 300); if (navigator.vibrate) navigator.vibrate([250, 100, 250]); }
  }

  function setCounts(c) {
    if (!c) return;
    counts.in.textContent = c.checkedIn;
    counts.sold.textContent = c.sold;
    counts.cash.textContent = c.cashWaiting;
    counts.cashWrap.hidden = !c.cashWaiting;
  }
  function hidden(name, value) {
    var i = document.createElement("input");
    i.type = "hidden"; i.name = name; i.value = value;
    return i;
  }
  function postForm(action, fields, label, cls) {
    var f = document.createElement("form");
    f.method = "post"; f.action = action;
    f.appendChild(hidden("csrf_token", csrf));
    Object.keys(fields).forEach(function (k) { f.appendChild(hidden(k, fields[k])); });
    var b = document.createElement("button");
    b.type = "submit"; b.textContent = label;
    if (cls) b.className = cls;
    f.appendChild(b);
    return f;
  }
  function show(v) {
    var kind = v.ok ? "ok" : (v.cash ? "due" : "bad");
    var d = document.createElement("div");
    d.className = "verdict " + kind;
    d.id = "verdict";
    d.dataset.code = v.code;
    d.appendChild(document.createTextNode(v.title));
    if (v.detail) {
      var s = document.createElement("small");
      s.textContent = v.detail;
      d.appendChild(s);
    }
    if (v.cash) {
      d.appendChild(postForm(door.dataset.post + "/cash/" + encodeURIComponent(v.cash.orderId), {},
        "Cash received — admit " + v.cash.tickets, ""));
    }
    if (v.canUndo && v.ticket) {
      d.appendChild(postForm(door.dataset.post, {code: v.ticket, undo: "1"}, "Undo this scan", "secondary"));
    }
    box.replaceChildren(d);
    setCounts(v.counts);
    signal(kind);
  }
  function send(action, body) {
    return fetch(action, {method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json"}})
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) return {ok: false, code: j.code || "ERROR", title: j.error || "That did not work; try again."};
          return j;
        });
      })
      .catch(function () { return {ok: false, code: "OFFLINE", title: "No connection. Try again, or use the list below."}; })
      .then(show);
  }
  function check(code) {
    var body = new URLSearchParams();
    body.set("csrf_token", csrf);
    body.set("code", code);
    return send(door.dataset.post, body);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var code = input.value.trim();
    if (!code) return;
    check(code).then(function () { input.value = ""; input.focus(); });
  });
  // The verdict's own buttons (cash received, undo) answer in place too.
  box.addEventListener("submit", function (e) {
    e.preventDefault();
    send(e.target.action, new URLSearchParams(new FormData(e.target)));
  });

  // Other doors scan too: the counters follow.
  setInterval(function () {
    if (document.hidden) return;
    fetch(door.dataset.counts, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; }).then(setCounts).catch(function () {});
  }, 10000);

  // The camera.
  var start = document.getElementById("cam-start");
  var stop = document.getElementById("cam-stop");
  var frame = document.getElementById("cam-frame");
  var video = document.getElementById("cam");
  var note = document.getElementById("cam-note");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    note.textContent = "This browser cannot use the camera here; type the code below.";
    return;
  }
  start.hidden = false;
  var stream = null, detect = null, last = "", lastAt = 0, busy = false;

  function decoder() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (fs) {
        if (fs.indexOf("qr_code") < 0) throw new Error("no qr");
        var bd = new window.BarcodeDetector({formats: ["qr_code"]});
        return function () {
          return bd.detect(video).then(function (cs) { return cs.length ? cs[0].rawValue : ""; });
        };
      }).catch(fallback);
    }
    return fallback();
  }
  // jsQR reads the frames where the browser has no BarcodeDetector.
  function fallback() {
    return new Promise(function (ok, fail) {
      if (window.jsQR) return ok();
      var s = document.createElement("script");
      s.src = door.dataset.decoder;
      s.onload = ok;
      s.onerror = function () { fail(new Error("decoder did not load")); };
      document.head.appendChild(s);
    }).then(function () {
      var c = document.createElement("canvas"), ctx = c.getContext("2d", {willReadFrequently: true});
      return function () {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve("");
        var scale = Math.min(1, 640 / Math.max(w, h));
        c.width = Math.round(w * scale); c.height = Math.round(h * scale);
        ctx.drawImage(video, 0, 0, c.width, c.height);
        var img = ctx.getImageData(0, 0, c.width, c.height);
        var hit = window.jsQR(img.data, c.width, c.height, {inversionAttempts: "dontInvert"});
        return Promise.resolve(hit ? hit.data : "");
      };
    });
  }
  function loop() {
    if (!stream) return;
    if (busy || video.readyState < 2) { requestAnimationFrame(loop); return; }
    busy = true;
    detect().then(function (code) {
      var now = Date.now();
      // The same ticket held in front of the camera is sent once, not every frame.
      if (code && (code !== last || now - lastAt > 15000)) {
        last = code; lastAt = now;
        return check(code).then(function () { return new Promise(function (r) { setTimeout(r, 1200); }); });
      }
    }).catch(function () {}).then(function () { busy = false; setTimeout(loop, 120); });
  }
  start.addEventListener("click", function () {
    note.textContent = "Starting the camera…";
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        return video.play();
      })
      .then(decoder)
      .then(function (d) {
        detect = d;
        frame.hidden = false;
        start.hidden = true;
        note.textContent = "Point the camera at the ticket's QR code.";
        loop();
      })
      .catch(function () {
        stopCam();
        note.textContent = "The camera could not start; type the code below.";
      });
  });
  function stopCam() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    frame.hidden = true;
    start.hidden = false;
  }
  stop.addEventListener("click", function () { stopCam(); note.textContent = ""; });
})();
