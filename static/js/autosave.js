/*
 * Høringsrunde: the response page saves itself while people type.
 *
 * Without this file the page still works (the "Gem kladde" button). With it,
 * the form is posted in the background a moment after typing stops, when the
 * page is hidden or closed, and again when a lost connection comes back.
 * Until the server has the text, a copy waits in this browser (localStorage),
 * so closing the tab while offline loses nothing; it is put back on the
 * next visit and removed once saved. Texts shown come from data attributes
 * on #autosave-status, so they follow the page's language.
 *
 * Where the person is: the state of the save is shown under the field being
 * written in ("Gemt kl. 14.32"), which is ordinary text; #autosave-status is
 * the one polite live region, changed once per save with the result, so a
 * screen reader says it once, never on every keystroke.
 */
(function () {
  'use strict';

  var DELAY_MS = 1500;
  var RETRY_MS = 10000;

  function start() {
    // A page after a successful send names the form whose browser copy is no longer needed.
    var sent = document.querySelector('[data-forget-draft]');
    if (sent) {
      try { window.localStorage.removeItem('horingsrunde:' + sent.getAttribute('data-forget-draft')); } catch (e) { /* private mode */ }
    }
    var form = document.querySelector('form[data-autosave]');
    if (form) guardFiles(form);
    var status = document.getElementById('autosave-status');
    if (!form || !status || !window.fetch || !window.FormData) return;

    var storageKey = 'horingsrunde:' + form.getAttribute('action');
    // "local": the form has no draft on the server (a citizen's, before it is sent): keep the copy here only.
    var localOnly = form.getAttribute('data-autosave') === 'local';
    var timer = null;
    var saving = false;
    var dirty = false;

    var near = document.createElement('p');
    near.className = 'app-field-status';
    near.id = 'autosave-field-status';
    var editing = null;

    // Announced (the live region) and shown next to the field being written in.
    function say(text, short) {
      status.textContent = text;
      near.textContent = short || text;
    }
    function text(name) { return status.getAttribute('data-' + name) || ''; }

    // The status goes under the field last written in: below a text field, after a checkbox's label.
    function follow(el) {
      if (el === editing) return;
      editing = el;
      near.textContent = '';
      var group = el.closest('.form-group-checkbox') || el.closest('.form-group') || el.parentNode;
      group.appendChild(near);
    }

    function fields() {
      return form.querySelectorAll('textarea, input[type=text], input[type=email], input[type=checkbox]');
    }

    function baseOf(name) {
      var base = form.querySelector('input[name="base-' + name + '"]');
      return base ? base.value : null;
    }

    // Each field with the base it was typed on, so a restored text cannot
    // overwrite what a colleague saved since: the server sees the old base.
    function backup() {
      var copy = {};
      fields().forEach(function (el) {
        copy[el.name] = { value: el.type === 'checkbox' ? el.checked : el.value, base: baseOf(el.name) };
      });
      try { window.localStorage.setItem(storageKey, JSON.stringify(copy)); } catch (e) { /* private mode */ }
    }

    function restore() {
      var copy;
      try { copy = JSON.parse(window.localStorage.getItem(storageKey) || 'null'); } catch (e) { copy = null; }
      if (!copy) return;
      var restored = false;
      fields().forEach(function (el) {
        var kept = copy[el.name];
        if (!kept || typeof kept !== 'object') return;
        var current = el.type === 'checkbox' ? el.checked : el.value;
        if (current === kept.value) return;
        if (el.type === 'checkbox') { el.checked = kept.value; } else { el.value = kept.value; markComment(el); }
        var base = form.querySelector('input[name="base-' + el.name + '"]');
        if (base && kept.base) base.value = kept.base;
        restored = true;
      });
      if (restored) {
        say(text('restored'));
        if (localOnly) return;
        schedule();
      } else {
        forget();
      }
    }

    function forget() {
      try { window.localStorage.removeItem(storageKey); } catch (e) { /* private mode */ }
    }

    function markComment(el) {
      var box = el.closest('details.app-comment');
      if (!box) return;
      var mark = box.querySelector('.app-comment-mark');
      if (mark) mark.hidden = el.value.trim() === '';
    }

    function payload() {
      var data = new FormData(form);
      data.delete('attachments');
      data.delete('action');
      data.delete('remove_attachment');
      data.set('autosave', '1');
      return data;
    }

    function showConflict(name, conflict) {
      var box = form.querySelector('[data-conflict-for="' + name + '"]');
      if (!box) return;
      var quote = box.querySelector('.app-conflict-text');
      quote.textContent = '';
      conflict.text.split(/\n\s*\n/).forEach(function (paragraph) {
        var p = document.createElement('p');
        p.textContent = paragraph;
        quote.appendChild(p);
      });
      box.hidden = false;
      var details = box.closest('details');
      if (details) details.open = true;
    }

    function apply(result) {
      if (result.csrf_token) {
        var token = form.querySelector('input[name=csrf_token]');
        if (token) token.value = result.csrf_token;
      }
      Object.keys(result.bases || {}).forEach(function (name) {
        var base = form.querySelector('input[name="base-' + name + '"]');
        if (base) base.value = result.bases[name];
      });
      var conflicts = Object.keys(result.conflicts || {});
      conflicts.forEach(function (name) { showConflict(name, result.conflicts[name]); });
      var errors = Object.keys(result.errors || {});
      if (conflicts.length) {
        say(text('conflict'));
      } else if (errors.length) {
        say(text('invalid') + ' ' + result.errors[errors[0]][0]);
      } else if (result.saved) {
        say(result.saved_at || text('saved'), result.saved_short);
        forget();
      } else if (result.message) {
        say(result.message);
      }
    }

    function save() {
      timer = null;
      if (saving) { dirty = true; return; }
      saving = true;
      dirty = false;
      near.textContent = text('saving'); // not announced: the result is, once
      fetch(form.getAttribute('action'), {
        method: 'POST', body: payload(), credentials: 'same-origin', headers: { Accept: 'application/json' }
      }).then(function (response) {
        return response.json().then(function (result) {
          if (response.status === 400 && result.csrf_token) {
            apply(result);
            dirty = true; // the page was too old: save again with the new token
          } else {
            apply(result);
          }
        });
      }).catch(function () {
        say(text('offline'));
        dirty = true;
        window.setTimeout(schedule, RETRY_MS);
      }).then(function () {
        saving = false;
        if (dirty) schedule();
      });
    }

    function schedule() {
      if (localOnly) return;
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    form.addEventListener('input', function (event) {
      if (!event.target.name || event.target.type === 'file') return;
      if (!localOnly) follow(event.target);
      markComment(event.target);
      backup();
      schedule();
    });
    form.addEventListener('change', function (event) {
      if (event.target.type !== 'checkbox') return;
      if (!localOnly) follow(event.target);
      backup();
      schedule();
    });
    window.addEventListener('online', function () { if (dirty || timer) save(); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && timer && navigator.sendBeacon) {
        window.clearTimeout(timer);
        timer = null;
        navigator.sendBeacon(form.getAttribute('action'), payload());
      }
    });

    // One press of "Indsend" counts; the server also makes sure of it.
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-sending') === '1') { event.preventDefault(); return; }
      if (timer) { window.clearTimeout(timer); timer = null; }
      form.setAttribute('data-sending', '1');
    });

    restore();
  }

  // A file the server would refuse is named next to the field before anything is sent, so a large body
  // is never sent for nothing. Without this script the server says the same and keeps the text.
  function guardFiles(form) {
    var input = form.querySelector('input[type=file][data-max-file-bytes]');
    if (!input) return;
    form.addEventListener('submit', function (event) {
      var most = Number(input.getAttribute('data-max-files'));
      var largest = Number(input.getAttribute('data-max-file-bytes'));
      var problems = [];
      Array.prototype.forEach.call(input.files || [], function (file, index) {
        var kind = index >= most ? 'data-too-many' : (file.size > largest ? 'data-too-large' : null);
        if (kind) problems.push(input.getAttribute(kind).replace('{name}', file.name));
      });
      if (!problems.length) return;
      event.preventDefault();
      event.stopImmediatePropagation(); // the page is not being sent: autosave goes on
      showFileError(input, problems);
    });
  }

  function showFileError(input, problems) {
    var id = input.id + '-error';
    var error = document.getElementById(id);
    if (!error) {
      error = document.createElement('span');
      error.className = 'form-error-message';
      error.id = id;
      input.parentNode.insertBefore(error, input);
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      described.push(id);
      input.setAttribute('aria-describedby', described.join(' '));
    }
    error.textContent = '';
    var prefix = document.createElement('span');
    prefix.className = 'sr-only';
    prefix.textContent = input.getAttribute('data-error-prefix') + ' ';
    error.appendChild(prefix);
    problems.forEach(function (problem, index) {
      if (index) error.appendChild(document.createElement('br'));
      error.appendChild(document.createTextNode(problem));
    });
    input.parentNode.classList.add('form-error');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
