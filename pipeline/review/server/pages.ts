import type { ArticleSummary, ReviewRow, ReviewTarget, StatusCounts } from '../review-entries.ts';
import { wordDiff } from '../word-diff.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { PAGE_STYLE } from './page-style.ts';

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The URL path of an article × target page (each segment of the id encoded). */
export function targetPath(locale: string, articleId: string): string {
  return `/review/${encodeURIComponent(locale)}/${articleId.split('/').map(encodeURIComponent).join('/')}`;
}

const STATUSES = ['machine', 'reviewed', 'stale', 'rejected', 'missing'] as const;

function layout(title: string, body: string, options: { nonce: string; token?: string; script?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${options.token === undefined ? '' : `<meta name="review-token" content="${escapeHtml(options.token)}">\n`}<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
${options.script === undefined ? '' : `<script nonce="${escapeHtml(options.nonce)}">${options.script}</script>`}
</body>
</html>
`;
}

/** `<b>N</b> machine · … · <b>N</b> missing`, and `· <b>N</b> unknown` when there are any. */
function countsHtml(counts: StatusCounts): string {
  return [...STATUSES.map((s) => `<b>${counts[s]}</b> ${s}`), ...(counts.unknown > 0 ? [`<b>${counts.unknown}</b> unknown`] : [])].join(' · ');
}

/**
 * The home page: one table row per article (a link named with its id to its first target's page)
 * and, per target, a link to the article × target page with the counts of machine / reviewed /
 * stale / rejected / missing (and unknown, when any) entries, or, for a target whose locale or
 * state file cannot be read (`problems[locale]`), that problem in a `p.problem` instead.
 */
export function renderHome(summary: ReadonlyArray<ArticleSummary & { problems?: Record<string, string> }>, locales: readonly string[], options: { nonce: string; workspace: string }): string {
  const head = `<tr><th scope="col">Article</th>${locales.map((l) => `<th scope="col">${escapeHtml(l)}</th>`).join('')}</tr>`;
  const broken = summary.filter((article) => Object.keys(article.problems ?? {}).length > 0).length;
  const rows = summary.map((article) => {
    const cells = locales.map((locale) => {
      const counts = article.targets[locale];
      const problem = article.problems?.[locale];
      const detail = problem !== undefined ? `<p class="problem">broken: ${escapeHtml(problem)}</p>` : `<div class="counts">${counts ? countsHtml(counts) : ''}</div>`;
      return `<td><a href="${targetPath(locale, article.id)}">${escapeHtml(article.id)} → ${escapeHtml(locale)}</a>${detail}</td>`;
    });
    const first = locales[0];
    const name = first === undefined ? escapeHtml(article.id) : `<a href="${targetPath(first, article.id)}">${escapeHtml(article.id)}</a>`;
    return `<tr><th scope="row">${name}<div class="counts">${escapeHtml(article.file)}</div></th>${cells.join('')}</tr>`;
  });
  const body = `<main>
<h1>Review translations</h1>
<p class="counts">Workspace ${escapeHtml(options.workspace)} · ${summary.length} ${summary.length === 1 ? 'article' : 'articles'} · targets ${locales.map(escapeHtml).join(', ')}</p>
${broken === 0 ? '' : `<p class="problem" role="alert">${broken} ${broken === 1 ? 'article has a locale file' : 'articles have locale files'} that cannot be read: fix ${broken === 1 ? 'it' : 'them'} (the problem is shown on ${broken === 1 ? 'its row' : 'their rows'}), then reload.</p>\n`}${summary.length === 0 ? '<p>No articles found: check the <code>source</code> glob of the config.</p>' : `<table><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`}
</main>`;
  return layout('Review translations', body, { nonce: options.nonce });
}

/** Markdown shown readably: the text as written, markup characters dimmed. */
function readableMarkdown(markdown: string): string {
  const MARKUP = /(<\/?[A-Za-z][^>]*>|\]\([^)]*\)|\*\*|__|[*_`~[\]]|\{\{[^}]*\}\})/g;
  let out = '';
  let last = 0;
  for (const match of markdown.matchAll(MARKUP)) {
    out += escapeHtml(markdown.slice(last, match.index)) + `<span class="mk">${escapeHtml(match[0])}</span>`;
    last = (match.index as number) + match[0].length;
  }
  return out + escapeHtml(markdown.slice(last));
}

function diffHtml(before: string, after: string): string {
  return wordDiff(before, after)
    .map((part) => (part.op === 'same' ? escapeHtml(part.text) : part.op === 'added' ? `<ins>${escapeHtml(part.text)}</ins>` : `<del>${escapeHtml(part.text)}</del>`))
    .join('');
}

function renderRow(row: ReviewRow, locale: string): string {
  const id = `row-${row.key}`;
  const hints: string[] = [];
  if (row.suggestion !== undefined) {
    hints.push(`<div class="hint"><span class="label">Machine suggestion for the new source</span>${escapeHtml(row.suggestion)} <button type="button" data-action="insert" data-text="${escapeHtml(row.suggestion)}">Use suggestion</button></div>`);
  }
  for (const match of row.fuzzy) {
    hints.push(`<div class="hint"><span class="label">Fuzzy match ${match.score}%: ${escapeHtml(match.source)}</span>${escapeHtml(match.target)} <button type="button" data-action="insert" data-text="${escapeHtml(match.target)}">Use fuzzy match</button></div>`);
  }
  const stale =
    row.previousSource !== undefined
      ? `<div><span class="label">Source changed since the last review (<del>removed</del>, <ins>added</ins>)</span><p class="diff">${diffHtml(row.previousSource, row.source)}</p><span class="label">Previous source</span><p class="diff">${escapeHtml(row.previousSource)}</p></div>`
      : '';
  const notes = row.notes.length > 0 ? `<ul class="notes">${row.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<section class="entry" id="${escapeHtml(id)}" data-key="${escapeHtml(row.key)}" data-status="${row.status}" aria-labelledby="${escapeHtml(id)}-key">
<header><span class="status status-${row.status}">${row.status}</span><span class="key" id="${escapeHtml(id)}-key">${escapeHtml(row.key)}</span>${row.origin ? `<span class="key">by ${escapeHtml(row.origin)}</span>` : ''}</header>
<div><span class="label">Source (id)</span><div class="source" lang="id">${readableMarkdown(row.source)}</div>${stale}${notes}</div>
<div><textarea lang="${escapeHtml(locale)}" aria-label="Translation of ${escapeHtml(row.key)}" spellcheck="true">${escapeHtml(row.value ?? '')}</textarea>${hints.join('')}
<div class="actions"><button type="button" data-action="save">Save</button><button type="button" data-action="approve">Approve</button><button type="button" data-action="reject">Reject</button><p class="outcome" role="status"></p></div>
<p class="problem" role="alert"></p></div>
</section>`;
}

/**
 * The article × target page: one `section.entry` per segment with its status (visible text), the
 * source, the translation in a textarea named `Translation of <key>`, hints to insert, the word
 * diff of a stale entry's sources, Save / Approve / Reject, and a `role="status"` and a
 * `role="alert"` element for outcomes and refusals. The token goes in `<meta name="review-token">`;
 * the locale file's hash in `main[data-file-hash]`.
 */
export function renderTargetPage(target: ReviewTarget, options: { nonce: string; token: string }): string {
  const counts: StatusCounts = { machine: 0, reviewed: 0, stale: 0, rejected: 0, missing: 0, unknown: 0 };
  for (const row of target.rows) counts[row.status]++;
  const body = `<main data-locale="${escapeHtml(target.locale)}" data-article="${escapeHtml(target.article.id)}" data-file-hash="${escapeHtml(target.fileHash)}">
<p><a href="/">All articles</a></p>
<h1>${escapeHtml(target.article.id)} → ${escapeHtml(target.locale)}</h1>
<p class="counts">${escapeHtml(target.article.file)} · ${escapeHtml(target.localeFile)} · ${countsHtml(counts)}</p>
<div class="toolbar">
<label><input type="checkbox" id="attention"> Only entries needing attention</label>
<span id="shown" class="counts"></span>
<span class="keys">Keys: <kbd>Alt</kbd>+<kbd>↓</kbd> next entry · <kbd>Alt</kbd>+<kbd>↑</kbd> previous entry · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> approve · <kbd>Ctrl</kbd>+<kbd>S</kbd> save</span>
</div>
${target.rows.length === 0 ? '<p>This article has nothing to translate.</p>' : target.rows.map((row) => renderRow(row, target.locale)).join('\n')}
</main>`;
  return layout(`${target.article.id} → ${target.locale}`, body, { nonce: options.nonce, token: options.token, script: PAGE_SCRIPT });
}

/** A page for an error (unknown article or locale, broken locale file). */
export function renderErrorPage(status: number, message: string, options: { nonce: string }): string {
  return layout(`Error ${status}`, `<main><p><a href="/">All articles</a></p><h1>Error ${status}</h1><p role="alert">${escapeHtml(message)}</p></main>`, options);
}
