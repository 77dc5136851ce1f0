import { parseState, type SegmentState, type SegmentStatus, type StateMap } from '../locale/segment-state.ts';

const LINE = /^"((?:[^"\\]|\\.)*)": \{source: "([0-9a-f]*)", written: "([0-9a-f]*)", origin: "((?:[^"\\]|\\.)*)", status: (machine|reviewed|stale|rejected)\}$/;

/**
 * Read a state file fast: the lines `serializeState` writes are matched directly (a full YAML
 * parse of 1,000 state files costs over a second); anything else falls back to `parseState`.
 */
export function readState(text: string): StateMap {
  const state: StateMap = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) return parseState(text);
    const entry: SegmentState = { source: m[2], written: m[3], origin: JSON.parse(`"${m[4]}"`) as string, status: m[5] as SegmentStatus };
    state.set(JSON.parse(`"${m[1]}"`) as string, entry);
  }
  return state;
}
