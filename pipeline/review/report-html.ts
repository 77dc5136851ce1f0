/**
 * The review report: one self-contained HTML page (inline CSS, no script, no external resource)
 * showing, per article and target, each segment's source beside its translation, its status, and
 * for stale entries the word diff of the previous and the current source. Pure: text in, text out.
 */
import { escapeUTF8 } from 'entities';
import type { ReviewRow, ReviewStatus, ReviewTarget } from './review-entries.ts';
import { wordDiff } from './word-diff.ts';

export interface ReportInput {
  /** Targets to show, in order; their rows already filtered (e.g. to what changed since a commit). */
  targets: ReviewTarget[];
  /** Source locale (column heading). */
  sourceLocale: string;
  /** The git revision rows were compared with (`--since`), shown in the heading. */
  since?: string;
}

const STATUSES: readonly ReviewStatus[] = ['machine', 'reviewed', 'stale', 'rejected', 'missing', 'unknown'];

/** Text escaped for HTML content and quoted attribute values (`& < > " '`). */
const esc = (text: string): string => escapeUTF8(text);

const CSS = `
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f2f2f2}
col.key{width:9rem}col.status{width:6.5rem}
.text{white-space:pre-wrap}
.key{font-family:ui-monospace,monospace;font-size:.85em}
.status{font-weight:600}
tr.s-stale td.status,tr.s-rejected td.status,tr.s-missing td.status,tr.s-unknown td.status{color:#a4000f}
tr.s-reviewed td.status{color:#1a6b1a}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.hint{margin-top:.4rem;color:#555;font-size:.9em}
.hint b{font-weight:600}
.counts{color:#555}
`;

/** The whole report page. Every text from the workspace is HTML-escaped. */
export function renderReport(input: ReportInput): string {
  const title = input.since === undefined ? 'Translation review' : `Translation review: changes since ${input.since}`;
  const rows = input.targets.reduce((n, t) => n + t.rows.length, 0);
  const body: string[] = [`<h1>${esc(title)}</h1>`];
  if (rows === 0) {
    body.push(`<p>${input.since === undefined ? 'No segments to review.' : `No source or translation changed since ${esc(input.since)}.`}</p>`);
  } else {
    body.push('<nav><ul>');
    input.targets.forEach((target, i) => body.push(`<li><a href="#t${i}">${esc(target.article.id)} → ${esc(target.locale)}</a> <span class="counts">${esc(countsText(target.rows))}</span></li>`));
    body.push('</ul></nav>');
    input.targets.forEach((target, i) => body.push(renderTarget(target, input.sourceLocale, `t${i}`)));
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function countsText(rows: readonly ReviewRow[]): string {
  const counts = STATUSES.map((status) => [status, rows.filter((r) => r.status === status).length] as const).filter(([, n]) => n > 0);
  return counts.map(([status, n]) => `${n} ${status}`).join(', ');
}

function renderTarget(target: ReviewTarget, sourceLocale: string, anchor: string): string {
  const out = [
    `<section id="${anchor}">`,
    `<h2>${esc(target.article.id)} → ${esc(target.locale)}</h2>`,
    `<p class="counts">${esc(target.article.file)} · ${esc(target.localeFile)} · ${esc(countsText(target.rows))}</p>`,
    '<table>',
    '<colgroup><col class="key"><col><col><col class="status"></colgroup>',
    `<thead><tr><th scope="col">Key</th><th scope="col">Source (${esc(sourceLocale)})</th><th scope="col">Translation (${esc(target.locale)})</th><th scope="col">Status</th></tr></thead>`,
    '<tbody>',
  ];
  for (const row of target.rows) out.push(renderRow(row));
  out.push('</tbody>', '</table>', '</section>');
  return out.join('\n');
}

function renderRow(row: ReviewRow): string {
  const source =
    row.status === 'stale' && row.previousSource !== undefined
      ? `<div class="text">${diffHtml(row.previousSource, row.source)}</div><div class="hint"><b>was:</b> <span class="text">${esc(row.previousSource)}</span></div>`
      : `<div class="text">${esc(row.source)}</div>`;
  const hints: string[] = [];
  if (row.suggestion !== undefined) hints.push(`<div class="hint"><b>machine suggestion:</b> <span class="text">${esc(row.suggestion)}</span></div>`);
  for (const f of row.fuzzy) hints.push(`<div class="hint"><b>fuzzy ${f.score}%:</b> <span class="text">${esc(f.source)}</span> → <span class="text">${esc(f.target)}</span></div>`);
  for (const note of row.notes) hints.push(`<div class="hint"><b>comment:</b> <span class="text">${esc(note)}</span></div>`);
  const value = row.value === undefined ? '<em>(no translation)</em>' : `<div class="text">${esc(row.value)}</div>`;
  return `<tr class="s-${row.status}"><td class="key">${esc(row.key)}</td><td>${source}</td><td>${value}${hints.join('')}</td><td class="status">${row.status}</td></tr>`;
}

/** The new source with removed words in `<del>` and added words in `<ins>`. */
function diffHtml(before: string, after: string): string {
  return wordDiff(before, after)
    .map((part) => (part.op === 'same' ? esc(part.text) : part.op === 'added' ? `<ins>${esc(part.text)}</ins>` : `<del>${esc(part.text)}</del>`))
    .join('');
}
