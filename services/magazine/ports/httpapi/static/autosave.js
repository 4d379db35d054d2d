// Autosave of the article form: while a writer types, the form is saved through the
// API every few seconds at the version it was opened at (so a change made elsewhere
// is never overwritten: the writer is told instead). Without script the Save button
// does the same.
(function () {
  var form = document.getElementById('edit-article');
  if (!form || !form.dataset.autosave) return;
  var status = document.getElementById('autosave-status');
  var version = form.querySelector('input[name="version"]');
  var dirty = false, busy = false, stopped = false;
  form.addEventListener('input', function () { dirty = true; });
  function field(name) {
    var el = form.querySelector('[name="' + name + '"]');
    return el ? el.value : undefined;
  }
  function say(text) { if (status) status.textContent = text; }
  function save() {
    if (!dirty || busy || stopped) return;
    dirty = false; busy = true;
    var body = {title: field('title'), subtitle: field('subtitle'), excerpt: field('excerpt'), body: field('body'),
      category: field('category'), tags: (field('tags') || '').split(','), version: parseInt(version.value, 10)};
    if (field('slug') !== undefined) body.slug = field('slug');
    fetch(form.dataset.autosave, {method: 'PATCH', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': window.slCSRF || ''}, body: JSON.stringify(body)})
      .then(function (res) {
        return res.json().then(function (j) { return {ok: res.ok, status: res.status, j: j}; });
      })
      .then(function (r) {
        busy = false;
        if (r.ok) {
          form.ownerDocument.querySelectorAll('input[name="version"]').forEach(function (v) { v.value = r.j.version; });
          say('Saved at ' + new Date().toLocaleTimeString([], {hour: 'numeric', minute: '2-digit'}) + '.');
        } else if (r.status === 409) {
          stopped = true;
          say('Someone else changed this article. Copy your text, reload the page, and make your changes again.');
        } else {
          dirty = true;
          say('Not saved yet: ' + (r.j.error || 'please check the form') + '');
        }
      })
      .catch(function () { busy = false; dirty = true; say('Not saved yet: no connection. Trying again.'); });
  }
  setInterval(save, 5000);
})();
