// tilmech serve: the live preview and the buttons that add rows. The pages
// work without this file; it only makes them quicker to use.
(() => {
  'use strict';
  const form = document.getElementById('event-form');
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

  // Rows added from a <template> the server rendered with the index __i__.
  for (const button of form.querySelectorAll('button[data-add]')) {
    button.addEventListener('click', () => {
      const group = button.dataset.add;
      const rows = document.getElementById('rows-' + group);
      const tpl = document.getElementById('tpl-' + group);
      const row = tpl.content.cloneNode(true);
      const index = String(rows.children.length);
      for (const el of row.querySelectorAll('*')) {
        for (const attr of ['id', 'name', 'for', 'aria-describedby', 'data-field']) {
          const v = el.getAttribute(attr);
          if (v && v.includes('__i__')) el.setAttribute(attr, v.replaceAll('__i__', index));
        }
      }
      rows.appendChild(row);
      rows.lastElementChild.querySelector('select, input, textarea')?.focus();
      schedule();
    });
  }

  // Ctrl+S (or Cmd+S) saves, as in an editor.
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  let timer = 0;
  let sent = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);

  async function update() {
    const mine = ++sent;
    let data;
    try {
      const response = await fetch('/api/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-CSRF-Token': csrf,
        },
        body: new URLSearchParams(new FormData(form)),
      });
      data = await response.json();
      if (!response.ok && !data.languages) {
        if (mine === sent) showGeneral([data.message || data.error || response.statusText]);
        return;
      }
    } catch (err) {
      if (mine === sent) showGeneral(['The preview could not be updated: ' + err.message]);
      return;
    }
    // An older answer arriving late must not replace a newer one.
    if (mine === sent) show(data);
  }

  function slotFor(field) {
    let id = field.replaceAll('.', '-');
    for (;;) {
      const slot = document.getElementById('err-' + id);
      if (slot) return slot;
      const cut = id.lastIndexOf('-');
      if (cut < 0) return null;
      id = id.slice(0, cut);
    }
  }

  function show(data) {
    for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const general = [];
    const errors = data.errors.map((e) => ({ ...e, lang: null }));
    for (const l of data.languages) for (const e of l.errors) errors.push({ ...e, lang: l.lang });
    for (const e of errors) {
      const text = (e.lang ? e.lang + ': ' : '') + e.message;
      const slot = e.field ? slotFor(e.field) : null;
      if (!slot) {
        general.push(text);
        continue;
      }
      if (slot.textContent) slot.appendChild(document.createElement('br'));
      slot.appendChild(document.createTextNode(text));
      form.querySelector(`[aria-describedby="${slot.id}"]`)?.setAttribute('aria-invalid', 'true');
    }
    showGeneral(general);
    for (const article of document.querySelectorAll('#preview .release')) {
      article.classList.toggle('stale', data.errors.length > 0);
    }
    for (const l of data.languages) showLanguage(l);
  }

  function showGeneral(messages) {
    const list = document.getElementById('preview-errors');
    list.replaceChildren(...messages.map((m) => {
      const li = document.createElement('li');
      li.textContent = m;
      return li;
    }));
  }

  function showLanguage(l) {
    const article = document.getElementById('preview-' + l.lang);
    if (!article) return;
    const body = article.querySelector('.body');
    const parts = [];
    if (l.untranslated.length) {
      const note = document.createElement('p');
      note.className = 'hint';
      note.lang = 'en';
      const n = l.untranslated.length;
      note.textContent = `${n} paragraph${n === 1 ? '' : 's'} not yet translated into ${l.lang}`;
      parts.push(note);
    }
    if (l.headline !== null) {
      const h = document.createElement('h3');
      h.textContent = l.headline;
      parts.push(h);
    }
    for (const b of l.blocks) {
      const p = document.createElement('p');
      p.className = 'block ' + b.origin;
      p.textContent = b.text;
      if (b.origin === 'untranslated') p.lang = '';
      parts.push(p);
    }
    for (const e of l.errors) {
      const p = document.createElement('p');
      p.className = 'error';
      p.lang = 'en';
      p.textContent = e.message;
      parts.push(p);
    }
    body.replaceChildren(...parts);
  }

  update();
})();
