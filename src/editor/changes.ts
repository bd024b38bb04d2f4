// Pure helpers of the diagnostics pipeline (no `vscode` import, unit-tested under plain mocha).

/** Known-unchanged head and tail of a document since its last scan (UTF-16 units). */
export interface DirtyWindow {
  prefix: number;
  suffix: number;
  length: number;
}

/**
 * Folds one `onDidChangeTextDocument` event's `contentChanges` (all relative to the document
 * before the event) into the window of text that may differ from the last scanned text.
 * @param current the window so far, or undefined right after a scan
 * @param baseLength length of the last scanned text (used when `current` is undefined)
 */
export function trackChanges(
  current: DirtyWindow | undefined,
  baseLength: number,
  changes: readonly { rangeOffset: number; rangeLength: number; text: string }[],
): DirtyWindow {
  let { prefix, suffix, length } = current ?? { prefix: baseLength, suffix: baseLength, length: baseLength };
  let delta = 0;
  for (const c of changes) {
    prefix = Math.min(prefix, c.rangeOffset);
    suffix = Math.min(suffix, length - c.rangeOffset - c.rangeLength);
    delta += c.text.length - c.rangeLength;
  }
  length += delta;
  return { prefix: Math.max(0, prefix), suffix: Math.max(0, suffix), length };
}

/**
 * One change `{rangeOffset, rangeLength, text}` that turns `before` into `after`, using the
 * tracked window when there is one (O(changed span)) and a prefix/suffix comparison otherwise.
 */
export function changeBetween(before: string, after: string, window?: DirtyWindow): { rangeOffset: number; rangeLength: number; text: string } {
  const max = Math.min(before.length, after.length);
  let p: number;
  let s: number;
  if (window && window.length === after.length) {
    p = Math.min(window.prefix, max);
    s = Math.min(window.suffix, max - p);
  } else {
    p = 0;
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    s = 0;
    while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  }
  return { rangeOffset: p, rangeLength: before.length - p - s, text: after.slice(p, after.length - s) };
}
