/**
 * An integer with commas between groups of three digits (`22170` → `22,170`), as
 * `toLocaleString('en-US')` writes it, without loading ICU's number formatting (about 50 ms of a
 * command's start-up here, for a summary line).
 */
export function formatCount(value: number): string {
  const digits = String(Math.abs(Math.trunc(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
