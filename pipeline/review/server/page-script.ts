/**
 * The article page's script, inlined (no build step, no external resource). Progressive: the page
 * reads without it. It posts Save / Approve / Reject with the page's token (`<meta
 * name="review-token">`) and the locale file's hash the page was rendered from, updates the row's
 * status and the hash from the answer, shows the outcome in the row's `role="status"` element
 * (`no change` for a save of the value already on disk: the status stays)
 * and a refusal (conflict, markup problem) in its `role="alert"` element; inserts suggestions;
 * filters rows needing attention; and binds the keyboard shortcuts the page lists.
 */
export const PAGE_SCRIPT = `
(() => {
  const main = document.querySelector('main');
  const token = document.querySelector('meta[name="review-token"]').content;
  const ATTENTION = new Set(['machine', 'stale', 'rejected', 'missing', 'unknown']);
  const entries = () => [...document.querySelectorAll('.entry')];
  const visible = () => entries().filter((row) => !row.hidden);
  const say = (row, outcome, problem) => {
    row.querySelector('.outcome').textContent = outcome || '';
    row.querySelector('.problem').textContent = problem || '';
  };
  const setStatus = (row, status) => {
    row.dataset.status = status;
    const el = row.querySelector('.status');
    el.textContent = status;
    el.className = 'status status-' + status;
  };
  const busy = new WeakSet();

  async function send(action, row) {
    if (busy.has(row)) return;
    const textarea = row.querySelector('textarea');
    if (action !== 'save' && textarea.value !== textarea.defaultValue) {
      say(row, '', 'You edited this entry: Save it first (a saved edit is reviewed), or undo the edit, then ' + action + ' it.');
      return;
    }
    const body = { locale: main.dataset.locale, article: main.dataset.article, key: row.dataset.key, fileHash: main.dataset.fileHash };
    if (action === 'save') body.value = textarea.value;
    say(row, '', '');
    busy.add(row);
    let response, data;
    try {
      response = await fetch('/api/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Review-Token': token }, body: JSON.stringify(body) });
      data = await response.json();
    } catch (error) {
      say(row, '', 'The review server did not answer (' + error.message + '). Nothing was saved.');
      return;
    } finally {
      busy.delete(row);
    }
    if (response.ok && data.unchanged) {
      // The value on disk already: nothing written, the status (machine, stale…) stays.
      if (data.fileHash) main.dataset.fileHash = data.fileHash;
      textarea.defaultValue = textarea.value;
      say(row, 'no change', '');
      return;
    }
    if (response.ok) {
      main.dataset.fileHash = data.fileHash;
      setStatus(row, data.status);
      textarea.defaultValue = textarea.value;
      say(row, data.outcome, '');
      return;
    }
    let message = data.message || ('refused (' + response.status + ')');
    if (data.problems) message += '\\n' + data.problems.map((p) => '• ' + p).join('\\n');
    if (data.conflict && typeof data.conflict.disk === 'string') message += '\\nOn disk: ' + data.conflict.disk;
    if (data.conflict && typeof data.conflict.yours === 'string') message += '\\nYours: ' + data.conflict.yours;
    say(row, '', message);
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const row = button.closest('.entry');
    const action = button.dataset.action;
    if (action === 'insert') {
      const textarea = row.querySelector('textarea');
      textarea.value = button.dataset.text;
      textarea.focus();
      say(row, 'inserted: Save to keep it', '');
      return;
    }
    send(action, row);
  });

  const filter = document.getElementById('attention');
  const applyFilter = () => {
    for (const row of entries()) row.hidden = filter.checked && !ATTENTION.has(row.dataset.status);
    const shown = visible().length;
    document.getElementById('shown').textContent = shown + ' of ' + entries().length + ' entries shown';
  };
  filter.addEventListener('change', applyFilter);
  applyFilter();

  const current = () => document.activeElement && document.activeElement.closest ? document.activeElement.closest('.entry') : null;
  const focusRow = (row) => {
    if (!row) return;
    const textarea = row.querySelector('textarea');
    textarea.focus();
    row.scrollIntoView({ block: 'center' });
  };
  document.addEventListener('keydown', (event) => {
    const row = current();
    if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const rows = visible();
      const at = row ? rows.indexOf(row) : -1;
      const next = event.key === 'ArrowDown' ? rows[at + 1] ?? (at === -1 ? rows[0] : undefined) : rows[at - 1] ?? (at === -1 ? rows[rows.length - 1] : undefined);
      focusRow(next);
      return;
    }
    if (!row) return;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      send('approve', row);
    } else if ((event.ctrlKey || event.metaKey) && (event.key === 's' || event.key === 'S')) {
      event.preventDefault();
      send('save', row);
    }
  });
})();
`;
