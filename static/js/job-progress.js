// A job's page (templates/jobs/job.html): asks how the job is doing every JOB_POLL_MS and moves the
// progress bar. The status line is a polite live region, changed only when its words change, so a
// screen reader hears each step once. When the job has finished the page loads again with the file.
(function () {
  'use strict';
  var box = document.getElementById('job');
  if (!box || box.dataset.finished === 'true') return;
  var bar = document.getElementById('job-progress');
  var text = document.getElementById('job-status-text');
  var every = parseInt(box.dataset.pollMs, 10) || 2000;
  var delay = every;

  function ask() {
    fetch(box.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        bar.value = status.percent;
        bar.textContent = status.percent + ' %';
        if (text.textContent !== status.text) text.textContent = status.text;
        delay = every;
        window.setTimeout(ask, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000); // the server is busy or away: ask less often
        window.setTimeout(ask, delay);
      });
  }
  window.setTimeout(ask, delay);
})();
