import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changeBetween, trackChanges, DirtyWindow } from '../../../src/editor/changes';

interface Change {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

const apply = (text: string, c: Change): string => text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);

describe('editor change tracking', () => {
  it('turns a series of edit events into one change that reproduces the new text', () => {
    const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 8 }), text: fc.string({ maxLength: 6 }) });
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (base, edits) => {
        let current = base;
        let window: DirtyWindow | undefined;
        for (const e of edits) {
          const offset = e.at % (current.length + 1);
          const change: Change = { rangeOffset: offset, rangeLength: Math.min(e.len, current.length - offset), text: e.text };
          window = trackChanges(window, base.length, [change]);
          current = apply(current, change);
        }
        const merged = changeBetween(base, current, window);
        assert.equal(apply(base, merged), current);
        assert.ok(merged.rangeOffset >= 0 && merged.rangeLength >= 0);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the change small for a one-character edit in a large text', () => {
    const base = 'x'.repeat(1_000_000);
    const window = trackChanges(undefined, base.length, [{ rangeOffset: 500_000, rangeLength: 0, text: 'y' }]);
    const after = base.slice(0, 500_000) + 'y' + base.slice(500_000);
    const change = changeBetween(base, after, window);
    assert.deepEqual(change, { rangeOffset: 500_000, rangeLength: 0, text: 'y' });
  });

  it('handles several changes of one event, all relative to the text before it', () => {
    const base = 'aaaa bbbb cccc';
    // Two cursors: replace "bbbb" and "aaaa" in one event (offsets refer to `base`).
    const changes: Change[] = [
      { rangeOffset: 5, rangeLength: 4, text: 'B' },
      { rangeOffset: 0, rangeLength: 4, text: 'AA' },
    ];
    const after = 'AA B cccc';
    const change = changeBetween(base, after, trackChanges(undefined, base.length, changes));
    assert.equal(apply(base, change), after);
    assert.equal(change.rangeOffset, 0);
  });

  it('falls back to comparing texts when no window is known', () => {
    assert.deepEqual(changeBetween('hello world', 'hello brave world'), { rangeOffset: 6, rangeLength: 0, text: 'brave ' });
  });
});
