/*
 * Høringsrunde: warn before a log-in times out, and let the user stay logged in (WCAG 2.2.1).
 *
 * templates/_session_timeout.html gives the seconds left when the page was made, how long
 * before to warn, and two DKFDS modals. Shortly before the warning the script asks the
 * server how long is really left (another tab may have been used meanwhile; asking does not
 * count as activity). Then it shows "Du bliver snart logget ud" with focus on its heading;
 * "Forbliv logget ind" posts the CSRF token in the background and the dialog closes, focus
 * back where it was. If the time-out has happened, the other modal says so and that the text
 * typed is still on the page: nothing navigates away. When the user has logged in again in
 * another window, coming back here renews the page's CSRF tokens so the form can be saved.
 * Texts come from data attributes, so they follow the page's language.
 */
(function () {
  'use strict';

  var RETRY_MS = 15000; // the server could not be asked (offline): try again after this
  var SLACK_MS = 5000; // more than the warning time plus this left: no warning yet

  function start() {
    var box = document.getElementById('session-timeout');
    if (!box || !window.fetch || !window.FormData || !window.DKFDS || !window.DKFDS.Modal) return;
    var warning = document.getElementById('session-warning');
    var ended = document.getElementById('session-ended');
    var extendForm = warning.querySelector('form[data-session-extend]');
    var problem = warning.querySelector('[data-session-problem]');
    var status = box.querySelector('[data-session-status]');
    var statusUrl = box.getAttribute('data-status-url');
    var warnMs = (parseInt(box.getAttribute('data-warn-seconds'), 10) || 120) * 1000;
    var deadline = 0; // Date.now() at which the log-in times out
    var timer = null;
    var open = null; // the modal shown now
    var previous = null; // what had focus before it

    function text(name) {
      return (box.getAttribute('data-text-' + name) || '').replace('{time}', box.getAttribute('data-time') || '');
    }

    function say(message) {
      status.textContent = '';
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    function ask(method, body) {
      var url = method === 'GET' ? statusUrl : extendForm.getAttribute('action');
      return fetch(url, {
        method: method, body: body, credentials: 'same-origin', cache: 'no-store',
        headers: { Accept: 'application/json' }
      }).then(function (response) {
        if (response.status === 401) return null; // logged out
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      });
    }

    function renewTokens(token) {
      if (!token) return;
      document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) { input.value = token; });
    }

    function learn(result) {
      deadline = Date.now() + result.seconds_left * 1000;
      box.setAttribute('data-time', result.time);
      renewTokens(result.csrf_token);
    }

    function schedule(ms) {
      window.clearTimeout(timer);
      if (ms === undefined) {
        // Before the warning: ask just before it is due. During it: ask when the time is up.
        ms = open === warning ? deadline - Date.now() + 1000 : deadline - warnMs - Date.now() - 1000;
      }
      timer = window.setTimeout(check, Math.min(Math.max(ms, 0), 0x7fffffff));
    }

    function show(modal) {
      if (open === modal) return;
      if (!open) {
        var active = document.activeElement;
        previous = active && active !== document.body ? active : null;
      }
      open = modal; // set first: DKFDS hides the other modal, and that is not a "closed by the user"
      new window.DKFDS.Modal(modal).show();
    }

    function restoreFocus() {
      var back = previous;
      previous = null;
      if (back && document.body.contains(back)) {
        back.focus();
      } else {
        var main = document.getElementById('main-content');
        if (main) main.focus();
      }
    }

    function hide() {
      var modal = open;
      open = null;
      if (modal) new window.DKFDS.Modal(modal).hide();
      restoreFocus();
    }

    // "Luk" or Escape on the modal that says the log-in has ended.
    ended.addEventListener('fds.modal.hidden', function () {
      if (open !== ended) return;
      open = null;
      window.setTimeout(restoreFocus, 0); // DKFDS lifts `inert` from the page just after this event
    });

    function showWarning() {
      warning.querySelector('[data-session-text]').textContent = text('warning');
      problem.hidden = true;
      show(warning);
    }

    function showEnded() {
      window.clearTimeout(timer);
      ended.querySelector('[data-session-text]').textContent = text('ended');
      show(ended);
      window.addEventListener('focus', loggedInAgain);
    }

    // Back from logging in in another window: the page's forms get tokens of the new log-in.
    function loggedInAgain() {
      ask('GET').then(function (result) {
        if (!result) return;
        window.removeEventListener('focus', loggedInAgain);
        learn(result);
        if (open) hide();
        say(text('back'));
        schedule();
      }).catch(function () { /* still offline: the next focus asks again */ });
    }

    function check() {
      ask('GET').then(function (result) {
        if (!result) {
          showEnded();
          return;
        }
        learn(result);
        if (deadline - Date.now() > warnMs + SLACK_MS) {
          if (open === warning) { // kept alive meanwhile, e.g. in another tab
            hide();
            say(text('extended'));
          }
        } else {
          showWarning();
        }
        schedule();
      }).catch(function () { schedule(RETRY_MS); });
    }

    extendForm.addEventListener('submit', function (event) {
      event.preventDefault();
      problem.hidden = true;
      ask('POST', new FormData(extendForm)).then(function (result) {
        if (!result) {
          showEnded();
          return;
        }
        learn(result);
        hide();
        say(text('extended'));
        schedule();
      }).catch(function () {
        // Refused (e.g. the log-in ended meanwhile, and its CSRF token with it) or offline.
        return ask('GET').then(function (result) {
          if (!result) { showEnded(); return; }
          learn(result);
          throw new Error('not extended');
        });
      }).catch(function () {
        problem.textContent = text('failed');
        problem.hidden = false;
      });
    });

    deadline = Date.now() + (parseInt(box.getAttribute('data-seconds-left'), 10) || 0) * 1000;
    schedule();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
