/** The review pages' stylesheet, inlined in each page (no external resource, works offline). */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --line: #8884; --muted: #777; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.35rem; margin: .2rem 0 .6rem; }
a { color: #0969da; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
.counts { font-variant-numeric: tabular-nums; color: var(--muted); }
.counts b { color: inherit; font-weight: 600; }
.toolbar { display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; position: sticky; top: 0; padding: .5rem 0; background: Canvas; border-bottom: 1px solid var(--line); z-index: 1; }
.keys { color: var(--muted); font-size: .85rem; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .25rem; font-size: .8rem; }
.entry { display: grid; grid-template-columns: 1fr 1fr; gap: .4rem 1.2rem; padding: .8rem 0; border-bottom: 1px solid var(--line); }
.entry[hidden] { display: none; }
.entry:focus-within { background: #8881; }
.entry header { grid-column: 1 / -1; display: flex; gap: .8rem; align-items: baseline; }
.key { font: .8rem ui-monospace, monospace; color: var(--muted); }
.status { font-weight: 600; text-transform: none; padding: 0 .4rem; border-radius: 3px; border: 1px solid var(--line); }
.status-machine, .status-unknown { color: var(--warn); }
.status-reviewed { color: var(--ok); }
.status-stale, .status-rejected, .status-missing { color: var(--bad); }
.source { white-space: pre-wrap; }
.mk { color: var(--muted); font-family: ui-monospace, monospace; font-size: .9em; }
.diff { white-space: pre-wrap; font-size: .92rem; margin: .3rem 0; }
.diff del { background: #ff818266; text-decoration: line-through; }
.diff ins { background: #4ac26b55; text-decoration: none; }
.label { color: var(--muted); font-size: .8rem; display: block; }
textarea { width: 100%; min-height: 4.2rem; font: inherit; padding: .35rem; resize: vertical; }
.hint { font-size: .9rem; margin: .25rem 0; }
.actions { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin-top: .3rem; }
.outcome { color: var(--ok); margin: 0; }
.problem { color: var(--bad); margin: 0; white-space: pre-wrap; }
.problem:empty, .outcome:empty { display: none; }
.notes { color: var(--muted); font-size: .85rem; margin: .2rem 0; padding-left: 1.1rem; }
`;
