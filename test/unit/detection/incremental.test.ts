/**
 * Incremental scanning: `rescan` after random edits equals a full `scan` of the new text (fast-check property),
 * and the public result objects of both are identical.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { rescan, scan, ScanOptions, ScanResult, TextChange } from '../../../src/detection';
import { fill, randomToken } from './helpers';

/**
 * Lines of the kinds the detector reads: tokens in context (many of them depending on Gogs/Gitea evidence a few
 * lines away), evidence lines, commit ids, directives, tables, multi-line contexts.
 */
const SNIPPETS = [
  'GITEA_TOKEN={T}',
  'export GOGS_TOKEN="{T}"',
  'token: {T}',
  'TOKEN={T}',
  'password = {T}',
  'api_key: "{T}"',
  'headers = {"Authorization": "token {T}"}',
  'Authorization: Bearer {T}',
  '# the old token was {T}',
  'client = Client("https://h.test", "{T}")',
  'GITEA_URL=https://gitea.x.test',
  '# this talks to our gogs server',
  'API=https://api.github.com',
  'curl -H "Authorization: token {T}" https://gitea.x.test/api/v1/user',
  'GET /api/v1/repos/a/b?token={T} 200',
  'https://bot:{T}@gitea.x.test/a/b.git',
  'machine gitea.x.test\n  login bot\n  password {T}',
  "INSERT INTO `access_token` VALUES (1,1,'ci','{T}',1,2);",
  'id,uid,name,sha1\n1,1,ci,{T}',
  '{"name": "ci", "sha1": "{T}"}',
  'env:\n  - name: GITEA_TOKEN\n    value: "{T}"',
  '- uses: actions/checkout@{S}',
  'commit {S}',
  '# gogs-key-hygiene:ignore-next-line',
  '// gogs-key-hygiene:disable',
  '// gogs-key-hygiene:enable',
  // multi-line strings, which decide whether a directive below them is in a comment (files the lexer reads)
  'const help = `',
  '`;',
  'HELP = """',
  '"""',
  'script: |',
  'cat <<EOF',
  'EOF',
  'x = 1',
  '',
];

const FILE_NAMES = ['deploy.env', 'config.yml', 'yarn.lock', 'app.ini', 'notes.md', '.netrc', 'client.ts', 'tool.py', 'run.sh'];

function buildDoc(picks: number[], filler: number): string {
  const lines: string[] = ['# first line'];
  for (const p of picks) {
    lines.push(fill(SNIPPETS[p % SNIPPETS.length]).text);
    for (let k = 0; k < filler % 8; k++) lines.push(`filler ${k} ${'w'.repeat((filler * 37 + k * 11) % 300)}`);
  }
  return lines.join(p(picks) ? '\r\n' : '\n');
}
function p(picks: number[]): boolean {
  return picks.length % 5 === 0;
}

/** What an edit inserts. */
const INSERTS = fc.oneof(
  fc.constantFrom('a', 'f', '0', '9', 'g', 'A', '\n', '\r\n', '=', ':', '"', "'", '#', ' ', '@', '/', '\\', '%3D', ','),
  fc.constantFrom('GITEA_TOKEN=', 'Authorization: token ', '?token=', 'https://u:', '@gitea.x.test', 'gogs-key-hygiene:ignore-line',
    '# gogs-key-hygiene:disable\n', 'gogs-key-hygiene:enable', 'gitea ', 'github ', 'commit ', 'sha: ', 'TOKEN=', '`', '"""', '<<EOF\n',
    '\n'.repeat(31), 'w'.repeat(2000), '\ngitea\n'),
  fc.constant('').map(() => randomToken()),
  fc.constant('').map(() => `\nGOGS_TOKEN=${randomToken()}\n`),
);

interface Edit { at: number; del: number; ins: string }
const EDIT = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.oneof(fc.nat(8), fc.nat(3000)), ins: INSERTS });

/** Turns relative edits into non-overlapping VS Code changes (offsets into the old text) and applies them. */
function apply(text: string, edits: Edit[]): { next: string; changes: TextChange[] } {
  const ranges: TextChange[] = [];
  for (const e of edits) {
    const rangeOffset = Math.floor(e.at * text.length);
    const rangeLength = Math.min(e.del, text.length - rangeOffset);
    const overlaps = ranges.some((r) => rangeOffset <= r.rangeOffset + r.rangeLength && r.rangeOffset <= rangeOffset + rangeLength);
    if (!overlaps) ranges.push({ rangeOffset, rangeLength, text: e.ins });
  }
  // VS Code reports multi-cursor changes from the end of the document backwards; apply in that order
  ranges.sort((a, b) => b.rangeOffset - a.rangeOffset);
  let next = text;
  for (const r of ranges) next = next.slice(0, r.rangeOffset) + r.text + next.slice(r.rangeOffset + r.rangeLength);
  return { next, changes: ranges };
}

function strip(r: ScanResult): ScanResult {
  return JSON.parse(JSON.stringify(r)) as ScanResult;
}

describe('incremental rescan', function () {
  this.timeout(120_000);

  it('equals a full scan after every random edit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(SNIPPETS.length * 3), { minLength: 3, maxLength: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(...FILE_NAMES),
        fc.array(fc.array(EDIT, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        (picks, filler, fileName, steps) => {
          const options: ScanOptions = { fileName, maxBytes: 0 };
          let text = buildDoc(picks, filler);
          let prev = scan(text, options);
          for (const edits of steps) {
            const { next, changes } = apply(text, edits);
            const inc = rescan(prev, text, next, changes, options);
            const full = scan(next, options);
            assert.deepEqual(strip(inc), strip(full));
            text = next;
            prev = inc;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('equals a full scan when edits add or remove Gogs/Gitea evidence lines away from tokens (property)', () => {
    // generic keys whose verdict depends on evidence up to 30 lines / 4 KiB away, separated by long filler lines
    const near = ['TOKEN={T}', 'password = {T}', 'token: {T}', 'Authorization: Bearer {T}', '# the token is {T}', 'api_key: {T}',
      'GITEA_URL=https://gitea.x.test', '# gogs server', 'API=https://api.github.com', '# gogs-key-hygiene:disable', '# gogs-key-hygiene:enable'];
    const line = fc.tuple(fc.nat(near.length - 1), fc.nat(1500)).map(([i, w]) => `${fill(near[i]).text}\n${'w'.repeat(w)}`);
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.oneof(fc.nat(40), fc.nat(2500)),
      ins: fc.constantFrom('', '\ngitea\n', '\ngithub\n', 'gogs ', '\n'.repeat(35), 'x'.repeat(3000), '\n# gogs-key-hygiene:disable\n', 'TOKEN='),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 4, maxLength: 40 }), fc.array(fc.array(edit, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 10 }), (lines, steps) => {
        const options: ScanOptions = { fileName: 'service.conf', maxBytes: 0 };
        let text = `# header line\n${lines.join('\n')}\n`;
        let prev = scan(text, options);
        for (const edits of steps) {
          const { next, changes } = apply(text, edits);
          const inc = rescan(prev, text, next, changes, options);
          assert.deepEqual(strip(inc), strip(scan(next, options)));
          text = next;
          prev = inc;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps findings far from the edit and moves their lines', () => {
    const { text } = fill(`GITEA_TOKEN={T}\n${'filler\n'.repeat(2000)}GOGS_TOKEN={T2}\n`);
    const options = { maxBytes: 0 };
    const before = scan(text, options);
    assert.deepEqual(before.findings.map((f) => f.line), [1, 2002]);
    const at = text.indexOf('filler') + 7 * 1000;
    const next = text.slice(0, at) + 'one more line\n' + text.slice(at);
    const after = rescan(before, text, next, [{ rangeOffset: at, rangeLength: 0, text: 'one more line\n' }], options);
    assert.deepEqual(after.findings.map((f) => f.line), [1, 2003]);
    assert.deepEqual(strip(after), strip(scan(next, options)));
  });

  it('applies a directive typed far above to findings far below (disable region)', () => {
    const { text } = fill(`# header\nx=1\n${'filler\n'.repeat(3000)}GOGS_TOKEN={T}\n`);
    const options = { maxBytes: 0 };
    const before = scan(text, options);
    assert.equal(before.findings.length, 1);
    const ins = '# gogs-key-hygiene:disable\n';
    const at = text.indexOf('x=1');
    const next = text.slice(0, at) + ins + text.slice(at);
    const after = rescan(before, text, next, [{ rangeOffset: at, rangeLength: 0, text: ins }], options);
    assert.deepEqual(after.findings, []);
  });

  it('re-decides directives after an edit far above them: a backtick that opens a template literal silences nothing', () => {
    // the directive is 20,000 characters below the edit: its rescan region does not reach it, but what the lexer
    // says about it (comment or string) depends on everything above
    const { text } = fill(`// client\nconst a = 1;\n${'// filler line\n'.repeat(1300)}// gogs-key-hygiene:disable\nconst GITEA_TOKEN = "{T}";\nconst b = \`x\`;\n`);
    const options: ScanOptions = { fileName: 'client.ts', maxBytes: 0 };
    const before = scan(text, options);
    assert.deepEqual(before.findings, []);
    const at = text.indexOf('1;');
    const opened = `${text.slice(0, at)}\`${text.slice(at)}`; // const a = `1; … the directive is now inside the literal
    const inc = rescan(before, text, opened, [{ rangeOffset: at, rangeLength: 0, text: '`' }], options);
    assert.deepEqual(strip(inc), strip(scan(opened, options)));
    assert.equal(inc.findings.length, 1, 'the directive no longer counts');
    // and closing it again honours the directive again
    const closed = `${opened.slice(0, at + 1)}\`${opened.slice(at + 1)}`;
    const inc2 = rescan(inc, opened, closed, [{ rangeOffset: at + 1, rangeLength: 0, text: '`' }], options);
    assert.deepEqual(strip(inc2), strip(scan(closed, options)));
    assert.deepEqual(inc2.findings, []);
  });

  it('falls back to a full scan when changes do not add up or options change', () => {
    const { text } = fill('GITEA_TOKEN={T}\n');
    const before = scan(text, { maxBytes: 0 });
    const next = `${text}GOGS_TOKEN=${randomToken()}\n`;
    assert.deepEqual(strip(rescan(before, text, next, [], { maxBytes: 0 })), strip(scan(next, { maxBytes: 0 })));
    assert.deepEqual(strip(rescan(before, text, next, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }], { maxBytes: 0 })), strip(scan(next, { maxBytes: 0 })));
    assert.deepEqual(strip(rescan(before, text, text, [], { maxBytes: 0, fileName: 'yarn.lock' })), strip(scan(text, { maxBytes: 0, fileName: 'yarn.lock' })));
    assert.deepEqual(strip(rescan({ findings: [] }, text, next, [], { maxBytes: 0 })), strip(scan(next, { maxBytes: 0 })));
  });

  it('announces too-large, minified and binary texts instead of scanning them', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    assert.equal(scan(big).skipped?.reason, 'too-large');
    assert.equal(scan(big, { maxBytes: 0 }).skipped, undefined);
    const min = `!function(){${'var a=1;'.repeat(40_000)}}();`;
    assert.equal(scan(min, { maxBytes: 1024 * 1024 }).skipped?.reason, 'minified');
    assert.equal(scan(min, { maxBytes: 0 }).skipped, undefined, 'the CLI (no cap) scans minified files');
    assert.equal(scan('GITEA_TOKEN=\u0000').skipped?.reason, 'binary');
    // crossing the cap while typing is reported by rescan as well
    const near = `${'y'.repeat(99)}\n`.repeat(10_485).padEnd(1024 * 1024 - 1, 'y');
    const r0 = scan(near);
    assert.equal(r0.skipped, undefined);
    const r1 = rescan(r0, near, `${near}zz`, [{ rangeOffset: near.length, rangeLength: 0, text: 'zz' }]);
    assert.equal(r1.skipped?.reason, 'too-large');
    assert.ok(r1.skipped.detail.includes('MiB'));
  });
});
