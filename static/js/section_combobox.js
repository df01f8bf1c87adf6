/*
 * Høringsrunde: a searchable choice of section for each piece of a letter.
 *
 * Progressive enhancement over the native <select data-combobox>: without
 * this script the select works as it is. With it, each select gets a text box
 * (ARIA 1.2 combobox pattern, list autocomplete) that filters the options as
 * one types ("85", "aflast", "generelt"); the select stays in the form, hidden,
 * and holds the value that is sent. One list is built at a time, for the box
 * in use, so sixty pieces with 140 options each stay light.
 *
 * Keys: Down/Up open the list and move in it, Enter or Tab take the marked
 * option, Escape closes the list (a second Escape restores the last choice),
 * Home/End move in the text. A screen reader hears the marked option through
 * aria-activedescendant and the number of matches through a live region.
 */
(function () {
  'use strict';

  var MAX_SHOWN = 60;
  var status = null;
  var help = null;  // the page's explanation, with the texts said as one types (translated there)

  function normal(text) {
    return (text || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function say(message) {
    if (!status) {
      status = document.createElement('div');
      status.className = 'sr-only';
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      document.body.appendChild(status);
    }
    status.textContent = message;
  }

  function enhance(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) { return; }
    var box = document.createElement('input');
    var list = document.createElement('ul');
    var listId = select.id + '-options';
    box.type = 'text';
    box.id = select.id + '-search';
    box.className = 'form-input app-combobox-input';
    box.setAttribute('role', 'combobox');
    box.setAttribute('aria-autocomplete', 'list');
    box.setAttribute('aria-expanded', 'false');
    box.setAttribute('aria-controls', listId);
    box.setAttribute('autocomplete', 'off');
    box.setAttribute('spellcheck', 'false');
    if (select.getAttribute('aria-describedby')) {
      box.setAttribute('aria-describedby', select.getAttribute('aria-describedby') + ' combobox-help');
    } else {
      box.setAttribute('aria-describedby', 'combobox-help');
    }
    if (select.getAttribute('aria-invalid')) { box.setAttribute('aria-invalid', 'true'); }
    list.id = listId;
    list.className = 'app-combobox-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', label.textContent.trim());
    list.hidden = true;
    label.setAttribute('for', box.id);
    var summaryLinks = document.querySelectorAll('a[href="#' + select.id + '"]');  // the error summary's
    for (var l = 0; l < summaryLinks.length; l++) { summaryLinks[l].setAttribute('href', '#' + box.id); }
    select.hidden = true;
    select.setAttribute('tabindex', '-1');
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(list, select);
    var wrapper = document.createElement('div');
    wrapper.className = 'app-combobox';
    box.parentNode.insertBefore(wrapper, box);
    wrapper.appendChild(box);
    wrapper.appendChild(list);

    var shown = [];
    var active = -1;

    function chosenText() {
      var option = select.options[select.selectedIndex];
      return option ? option.text : '';
    }

    function close() {
      list.hidden = true;
      list.textContent = '';
      box.setAttribute('aria-expanded', 'false');
      box.removeAttribute('aria-activedescendant');
      shown = [];
      active = -1;
    }

    function mark(at) {
      var items = list.children;
      if (active >= 0 && items[active]) { items[active].setAttribute('aria-selected', 'false'); }
      active = at;
      if (active >= 0 && items[active]) {
        items[active].setAttribute('aria-selected', 'true');
        box.setAttribute('aria-activedescendant', items[active].id);
        items[active].scrollIntoView({ block: 'nearest' });
      } else {
        box.removeAttribute('aria-activedescendant');
      }
    }

    function open(filter) {
      var words = normal(filter).split(/\s+/).filter(Boolean);
      list.textContent = '';
      shown = [];
      for (var i = 0; i < select.options.length && shown.length < MAX_SHOWN; i++) {
        var option = select.options[i];
        var text = normal(option.text);
        if (words.every(function (w) { return text.indexOf(w) >= 0; })) {
          var item = document.createElement('li');
          item.id = listId + '-' + i;
          item.setAttribute('role', 'option');
          item.setAttribute('aria-selected', 'false');
          item.className = 'app-combobox-option' + (i === select.selectedIndex ? ' app-combobox-current' : '');
          item.textContent = option.text;
          item.dataset.index = String(i);
          list.appendChild(item);
          shown.push(i);
        }
      }
      list.hidden = false;
      box.setAttribute('aria-expanded', 'true');
      var current = shown.indexOf(select.selectedIndex);
      mark(words.length ? (shown.length ? 0 : -1) : current);
      say(shown.length ? help.dataset.count.replace('{n}', String(shown.length)) : help.dataset.none);
    }

    function take(optionIndex) {
      if (optionIndex >= 0) {
        select.selectedIndex = optionIndex;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      box.value = chosenText();
      close();
    }

    box.value = chosenText();
    box.addEventListener('input', function () { open(box.value); });
    box.addEventListener('keydown', function (event) {
      var isOpen = !list.hidden;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!isOpen) { open(''); return; }
        if (!shown.length) { return; }
        var step = event.key === 'ArrowDown' ? 1 : -1;
        mark(Math.min(shown.length - 1, Math.max(0, active + step)));
      } else if (event.key === 'Enter') {
        if (isOpen) {
          event.preventDefault();  // choosing, not sending the form
          take(active >= 0 ? shown[active] : -1);
        }
      } else if (event.key === 'Tab') {
        if (isOpen && active >= 0) { take(shown[active]); } else if (isOpen) { take(-1); }
      } else if (event.key === 'Escape') {
        if (isOpen) { event.preventDefault(); close(); } else { box.value = chosenText(); }
      }
    });
    box.addEventListener('blur', function () {
      window.setTimeout(function () { if (document.activeElement !== box) { take(-1); } }, 150);
    });
    list.addEventListener('mousedown', function (event) { event.preventDefault(); });  // keep focus in the box
    list.addEventListener('click', function (event) {
      var item = event.target.closest('[role="option"]');
      if (item) { take(parseInt(item.dataset.index, 10)); box.focus(); }
    });
  }

  function start() {
    var selects = document.querySelectorAll('select[data-combobox]');
    if (!selects.length) { return; }
    help = document.getElementById('combobox-help');
    if (!help) { return; }  // the page says how the boxes work; without it, keep the plain selects
    help.hidden = false;
    for (var i = 0; i < selects.length; i++) { enhance(selects[i]); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
