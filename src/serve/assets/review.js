// tilmech serve: the review view. Confirming, inserting matches, the checks
// as the translator types, batches, conflicts, history and concordance —
// all over the JSON API (docs/serve.md); the server decides everything.
(() => {
  'use strict';
  const root = document.getElementById('review');
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const base = `/api/review/${root.dataset.event}/${root.dataset.lang}`;
  const segments = [...root.querySelectorAll('.segment')];
  let active = segments[0] || null;

  const area = (seg) => seg.querySelector('textarea.target');
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  async function api(method, path, body) {
    const r = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body ? { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    let data = {};
    try { data = await r.json(); } catch (_) { /* an empty answer */ }
    return { status: r.status, data };
  }

  // --- QA as the translator types -------------------------------------
  const timers = new Map();
  function scheduleQa(seg) {
    clearTimeout(timers.get(seg));
    timers.set(seg, setTimeout(() => runQa(seg), 250));
  }
  async function runQa(seg) {
    const target = area(seg).value;
    const list = seg.querySelector('ul.qa');
    if (!target.trim()) { list.replaceChildren(); return; }
    const { status, data } = await api('POST', `${base}/qa`, { id: seg.dataset.id, target });
    if (status !== 200 || area(seg).value !== target) return;
    showFindings(list, data.findings);
  }
  function showFindings(list, findings) {
    list.replaceChildren(...findings.map((f) =>
      el('li', f.severity, `${f.check} (${f.severity}): ${f.message}`)));
  }

  // --- Status display ---------------------------------------------------
  function setStatus(seg, status, version) {
    seg.dataset.status = status;
    if (version) seg.dataset.version = version;
    seg.className = seg.className.replace(/status-\w+/, 'status-' + status);
    seg.querySelector('[data-role=status]').textContent = status;
  }
  function showProgress(p) {
    if (!p) return;
    for (const span of document.querySelectorAll('#progress [data-p]')) {
      span.textContent = p[span.dataset.p];
    }
  }

  // --- Confirming -------------------------------------------------------
  const findSeg = (id) => segments.find((s) => s.dataset.id === id);
  function payload(seg, extra = {}) {
    return {
      id: seg.dataset.id,
      source: seg.querySelector('.source').textContent,
      target: area(seg).value,
      version: seg.dataset.version,
      ...extra,
    };
  }

  // Confirms `items` (payloads) together; asks once about QA errors.
  async function confirm(items) {
    if (!items.length) return false;
    let { status, data } = await api('POST', `${base}/confirm`, { segments: items });
    if (status === 422 && data.error === 'qa') {
      if (!(await askOverride(data.segments))) return false;
      const blocked = new Set(data.segments.map((s) => s.id));
      items = items.map((i) => (blocked.has(i.id) ? { ...i, force: true } : i));
      ({ status, data } = await api('POST', `${base}/confirm`, { segments: items }));
    }
    if (status === 409) {
      for (const c of data.conflicts) showConflict(findSeg(c.id), c);
      say(`Not confirmed: ${data.conflicts.length} segment(s) were changed by someone else since you loaded them.`);
      return false;
    }
    if (status !== 200) {
      say(data.error || `Not confirmed (${status}).`);
      return false;
    }
    for (const s of data.segments) {
      const seg = findSeg(s.id);
      setStatus(seg, s.status, s.version);
      seg.querySelector('[data-role=conflict]').hidden = true;
      if (data.changed) seg.querySelector('[data-role=who]').textContent = 'confirmed just now';
    }
    showProgress(data.progress);
    const written = data.paragraphs_written || [];
    say(data.changed
      ? `Confirmed ${items.length} segment(s)${written.length ? `; paragraph ${written.join(', ')} written to the event` : ''}.`
      : 'Already confirmed: nothing changed.');
    return true;
  }

  const batchStatus = document.getElementById('batch-status');
  function say(text) { batchStatus.textContent = text; }

  function askOverride(blocked) {
    const dialog = document.getElementById('qa-confirm');
    const list = document.getElementById('qa-confirm-list');
    list.replaceChildren(...blocked.flatMap((b) => b.findings
      .filter((f) => f.severity === 'error')
      .map((f) => el('li', 'error', `${b.id}: ${f.check}: ${f.message}`))));
    return new Promise((ok) => {
      dialog.addEventListener('close', () => ok(dialog.returnValue === 'force'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  function showConflict(seg, c) {
    const box = seg.querySelector('[data-role=conflict]');
    const theirs = c.theirs.target ?? '';
    const who = c.theirs.user ? `${c.theirs.user}, ${c.theirs.time}` : 'the event file';
    box.replaceChildren(
      el('p', '', c.source_changed
        ? 'The source sentence has changed since you loaded it:'
        : `Changed by ${who} since you loaded it (${c.theirs.status}). Nothing was overwritten.`),
      el('p', 'version-label', 'Theirs:'),
      Object.assign(el('p', 'theirs', theirs), { lang: root.dataset.lang }),
      el('p', 'version-label', 'Yours:'),
      Object.assign(el('p', 'yours', c.yours), { lang: root.dataset.lang }),
    );
    if (c.source_changed) {
      box.append(el('p', '', 'Reload the page to review the new sentence.'));
    } else {
      const keep = el('button', '', 'Keep theirs');
      keep.type = 'button';
      keep.addEventListener('click', () => {
        area(seg).value = theirs;
        setStatus(seg, c.theirs.status, c.version);
        box.hidden = true;
        area(seg).focus();
      });
      const mine = el('button', '', 'Confirm mine over theirs');
      mine.type = 'button';
      mine.addEventListener('click', async () => {
        area(seg).value = c.yours;
        seg.dataset.version = c.version;
        await confirm([payload(seg)]);
      });
      box.append(keep, ' ', mine);
    }
    box.hidden = false;
  }

  const visible = () => segments.filter((s) => !s.hidden);
  function nextUnconfirmed(after) {
    const list = visible();
    const start = list.indexOf(after);
    for (let i = 1; i <= list.length; i++) {
      const s = list[(start + i) % list.length];
      if (s.dataset.status !== 'confirmed') return s;
    }
    return null;
  }

  async function confirmActive(seg) {
    if (!area(seg).value.trim()) { say(`${seg.dataset.id}: write a translation first.`); return; }
    if (await confirm([payload(seg)])) {
      const next = nextUnconfirmed(seg);
      if (next) { area(next).focus(); next.scrollIntoView({ block: 'center' }); }
    }
  }

  function insert(seg, n) {
    const m = seg.querySelectorAll('.match')[n - 1];
    if (!m) return;
    const t = area(seg);
    t.value = m.dataset.target;
    t.focus();
    scheduleQa(seg);
  }

  // --- History ----------------------------------------------------------
  async function toggleHistory(seg, button) {
    const box = seg.querySelector('[data-role=history]');
    if (!box.hidden) { box.hidden = true; button.setAttribute('aria-expanded', 'false'); return; }
    const { data } = await api('GET', `${base}/history/${seg.dataset.id}`);
    const versions = data.versions || [];
    if (!versions.length) {
      box.replaceChildren(el('p', 'hint', 'Not confirmed here yet.'));
    } else {
      const list = el('ol', 'versions');
      for (const v of versions.slice().reverse()) {
        const li = el('li');
        li.append(el('p', 'hint', `${v.user}, ${v.time}${v.overridden?.length ? ` · QA overridden: ${v.overridden.join(', ')}` : ''}${v.revert_of ? ` · reverts version ${v.revert_of}` : ''}`));
        const text = el('p', 'version-text');
        text.lang = root.dataset.lang;
        if (v.diff.length) {
          for (const o of v.diff) text.append(o.op === 'equal' ? o.text : el(o.op === 'delete' ? 'del' : 'ins', '', o.text));
        } else {
          text.textContent = v.target;
        }
        li.append(text);
        const revert = el('button', '', 'Revert to this version');
        revert.type = 'button';
        revert.addEventListener('click', async () => {
          area(seg).value = v.target;
          if (await confirm([payload(seg, { revert_of: v.seq })])) {
            box.hidden = true;
            button.setAttribute('aria-expanded', 'false');
          }
        });
        li.append(revert);
        list.append(li);
      }
      box.replaceChildren(list);
    }
    box.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  }

  // --- Concordance ------------------------------------------------------
  const conc = document.getElementById('concordance');
  function openConcordance() {
    const selected = window.getSelection().toString().trim()
      || (document.activeElement?.tagName === 'TEXTAREA'
        ? document.activeElement.value.substring(document.activeElement.selectionStart, document.activeElement.selectionEnd).trim()
        : '');
    if (selected) document.getElementById('concordance-q').value = selected;
    conc.showModal();
    document.getElementById('concordance-q').focus();
    if (selected) search();
  }
  function highlighted(text, phrase) {
    const p = el('span');
    const lower = text.toLowerCase();
    const needle = phrase.toLowerCase();
    let at = 0;
    for (;;) {
      const i = needle ? lower.indexOf(needle, at) : -1;
      if (i < 0) { p.append(text.slice(at)); return p; }
      p.append(text.slice(at, i), el('mark', '', text.slice(i, i + needle.length)));
      at = i + needle.length;
    }
  }
  async function search() {
    const q = document.getElementById('concordance-q').value.trim();
    const lang = document.getElementById('concordance-lang').value;
    if (!q) return;
    const { data } = await api('GET', `/api/concordance?q=${encodeURIComponent(q)}&lang=${lang}`);
    const hits = data.hits || [];
    document.getElementById('concordance-count').textContent = `${hits.length} unit(s) contain «${q}».`;
    document.getElementById('concordance-hits').replaceChildren(...hits.map((h) => {
      const li = el('li');
      for (const [l, text] of Object.entries(h.segments)) {
        const line = el('p');
        line.lang = l;
        line.append(el('span', 'hint', l + ': '), highlighted(text, q));
        li.append(line);
      }
      li.append(el('p', 'hint', [h.document, h.status, h.author].filter(Boolean).join(' · ')));
      return li;
    }));
  }
  document.getElementById('concordance-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  conc.querySelector('[data-close]').addEventListener('click', () => conc.close());
  document.getElementById('open-concordance').addEventListener('click', openConcordance);
  const help = document.getElementById('help');
  document.getElementById('open-help').addEventListener('click', () => help.showModal());

  // --- Filters and batches ----------------------------------------------
  function applyFilters() {
    const status = document.getElementById('filter-status').value;
    const min = Number(document.getElementById('filter-min').value || 0);
    const max = Number(document.getElementById('filter-max').value || 101);
    for (const s of segments) {
      const st = s.dataset.status;
      const score = Number(s.dataset.score);
      const okStatus = status === 'all' || st === status || (status === 'unconfirmed' && st !== 'confirmed');
      s.hidden = !(okStatus && score >= min && score <= max);
    }
  }
  for (const id of ['filter-status', 'filter-min', 'filter-max']) {
    document.getElementById(id).addEventListener('input', applyFilters);
  }
  document.getElementById('filters').addEventListener('submit', (e) => e.preventDefault());
  document.getElementById('confirm-exact').addEventListener('click', () => {
    confirm(segments
      .filter((s) => ['exact', 'context'].includes(s.dataset.category) && s.dataset.status !== 'confirmed' && area(s).value.trim())
      .map((s) => payload(s)));
  });
  document.getElementById('confirm-shown').addEventListener('click', () => {
    const chosen = visible().filter((s) => s.dataset.status !== 'confirmed' && area(s).value.trim());
    const empty = visible().filter((s) => !area(s).value.trim()).length;
    confirm(chosen.map((s) => payload(s))).then((ok) => {
      if (ok && empty) say(`${batchStatus.textContent} ${empty} shown segment(s) have no translation yet.`);
    });
  });

  // --- Wiring -----------------------------------------------------------
  for (const seg of segments) {
    seg.addEventListener('focusin', () => { active = seg; });
    area(seg).addEventListener('input', () => scheduleQa(seg));
    seg.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-action]');
      if (!b) return;
      if (b.dataset.action === 'confirm') confirmActive(seg);
      if (b.dataset.action === 'insert') insert(seg, Number(b.dataset.index));
      if (b.dataset.action === 'history') toggleHistory(seg, b);
    });
  }
  document.addEventListener('keydown', (e) => {
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.shiftKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      openConcordance();
    } else if (ctrl && e.key === 'Enter' && active && root.dataset.reviews === 'yes') {
      e.preventDefault();
      confirmActive(active);
    } else if (ctrl && !e.shiftKey && ['1', '2', '3'].includes(e.key) && active) {
      e.preventDefault();
      insert(active, Number(e.key));
    } else if (e.key === '?' && !['TEXTAREA', 'INPUT', 'SELECT'].includes(e.target.tagName)) {
      e.preventDefault();
      help.showModal();
    }
  });
})();
