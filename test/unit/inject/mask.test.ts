import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { maskAll, maskedForm, StreamMasker } from '../../../src/inject/mask';

const newToken = (): string => randomBytes(20).toString('hex');

/** Feeds `text` to a fresh masker cut at `cuts` (sorted offsets) and returns everything it released. */
function streamed(text: string, secrets: string[], cuts: number[]): string {
  const m = new StreamMasker(secrets);
  let out = '';
  let at = 0;
  for (const c of [...cuts, text.length]) {
    out += m.push(text.slice(at, c));
    at = c;
  }
  return out + m.flush();
}

describe('inject/mask', () => {
  it('shows **** and the last 4 characters', () => {
    const t = newToken();
    assert.equal(maskedForm(t), `****${t.slice(-4)}`);
  });

  it('masks every occurrence in one piece of text', () => {
    const t = newToken();
    const out = maskAll(`token=${t}\nagain ${t}${t}!`, [t]);
    assert.equal(out, `token=${maskedForm(t)}\nagain ${maskedForm(t)}${maskedForm(t)}!`);
    assert.ok(!out.includes(t));
  });

  it('masks a token split across two chunks at every possible cut', () => {
    const t = newToken();
    const text = `value: ${t} done\n`;
    for (let cut = 0; cut <= text.length; cut++) {
      const out = streamed(text, [t], [cut]);
      assert.equal(out, `value: ${maskedForm(t)} done\n`, `cut at ${cut}`);
    }
  });

  it('masks a token written one character at a time', () => {
    const t = newToken();
    const text = `a${t}b`;
    const cuts = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
    assert.equal(streamed(text, [t], cuts), `a${maskedForm(t)}b`);
  });

  it('holds back only what could still become the token, and releases it when it does not', () => {
    const t = newToken();
    const m = new StreamMasker([t]);
    assert.equal(m.push(`progress ${t.slice(0, 10)}`), 'progress ');
    assert.equal(m.held, 10);
    assert.equal(m.push('-not-it\n'), `${t.slice(0, 10)}-not-it\n`);
    assert.equal(m.held, 0);
  });

  it('releases a trailing prefix at the end of the stream (it is not the whole token)', () => {
    const t = newToken();
    const m = new StreamMasker([t]);
    assert.equal(m.push(`x${t.slice(0, 39)}`), 'x');
    assert.equal(m.flush(), t.slice(0, 39));
  });

  it('masks several tokens, and the longer one when one contains another', () => {
    const a = newToken();
    const b = newToken();
    const inner = a.slice(5, 25);
    const out = maskAll(`${a} ${b} ${inner}`, [inner, a, b]);
    assert.equal(out, `${maskedForm(a)} ${maskedForm(b)} ${maskedForm(inner)}`);
  });

  it('passes text through unchanged when there is nothing to mask', () => {
    const m = new StreamMasker([]);
    assert.equal(m.push('abc'), 'abc');
    assert.equal(m.flush(), '');
  });

  it('never lets a whole token through, whatever the chunking (property)', () => {
    const t = newToken();
    const piece = fc.oneof(fc.constant(t), fc.constant(t.slice(0, 20)), fc.string({ maxLength: 12 }), fc.constantFrom('\n', '0', t[0]));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, rawCuts) => {
        const text = pieces.join('');
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const out = streamed(text, [t], cuts);
        assert.ok(!out.includes(t));
        // Streaming gives exactly what masking the whole text at once gives.
        assert.equal(out, maskAll(text, [t]));
      }),
      { numRuns: 500 },
    );
  });
});
