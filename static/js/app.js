/*
 * Høringsrunde: start the DKFDS components (accordions, error summary focus,
 * tooltips …). An external file on purpose: the Content-Security-Policy
 * allows no inline scripts. dkfds.min.js is loaded before this file (both
 * with defer, so in document order) and exposes window.DKFDS.
 */
(function () {
  'use strict';

  function start() {
    if (window.DKFDS && typeof window.DKFDS.init === 'function') {
      window.DKFDS.init();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
