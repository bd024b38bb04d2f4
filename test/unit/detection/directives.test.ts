/**
 * Ignore directives (any comment syntax, any case), ignored fingerprints, and the comment syntax helper.
 */
import * as assert from 'node:assert/strict';
import { fingerprint, ignoreDirectiveFor, scan } from '../../../src/detection';
import { fill } from './helpers';

function lines(template: string, fileName = 'deploy.env'): number[] {
  const { text } = fill(template);
  return scan(text, { fileName, maxBytes: 0 }).findings.map((f) => f.line);
}

describe('ignore directives', () => {
  it('ignore-line silences only its own line, in any comment syntax and case', () => {
    assert.deepEqual(lines('GITEA_TOKEN={T} # gogs-key-hygiene:ignore-line\nGOGS_TOKEN={T2}\n'), [2]);
    assert.deepEqual(lines('const GITEA_TOKEN = "{T}"; // Gogs-Key-Hygiene:Ignore-Line\n', 'a.ts'), []);
    assert.deepEqual(lines('GITEA_TOKEN: {T} <!-- GOGS-KEY-HYGIENE:IGNORE-LINE -->\n', 'a.md'), []);
    assert.deepEqual(lines('set GITEA_TOKEN={T} & REM gogs-key-hygiene:ignore-line\r\n', 'a.bat'), []);
  });

  it('ignore-next-line silences the following line only', () => {
    assert.deepEqual(lines('# gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN={T}\nGOGS_TOKEN={T2}\n'), [3]);
    assert.deepEqual(lines('-- gogs-key-hygiene: ignore-next-line\nINSERT INTO access_token VALUES (1,1,\'a\',\'{T}\');\n', 'dump.sql'), []);
  });

  it('disable … enable silences a region; disable without enable runs to the end', () => {
    assert.deepEqual(lines('GITEA_TOKEN={T}\n# gogs-key-hygiene:disable\nGITEA_TOKEN={T2}\nGOGS_TOKEN={T}\n# gogs-key-hygiene:enable\nGOGS_TOKEN={T2}\n'), [1, 6]);
    assert.deepEqual(lines('GITEA_TOKEN={T}\n/* gogs-key-hygiene:DISABLE */\nGITEA_TOKEN={T2}\n\n\nGOGS_TOKEN={T}\n', 'a.c'), [1]);
  });

  it('ignores near-miss directive text', () => {
    assert.deepEqual(lines('GITEA_TOKEN={T} # gogs-key-hygiene:ignore-lines\n'), [1]);
    assert.deepEqual(lines('GITEA_TOKEN={T} # gogs-key-hygiene ignore-line\n'), [1]);
    assert.deepEqual(lines('GITEA_TOKEN={T} # gogs-key-hygiene:enable\n'), [1]);
  });

  it('does not count directive text outside comments: in strings or URLs', () => {
    assert.deepEqual(lines('msg = "see gogs-key-hygiene:disable"\nGITEA_TOKEN = "{T}"\n', 'a.py'), [2]);
    assert.deepEqual(lines("msg = '# gogs-key-hygiene:disable'\nGITEA_TOKEN = '{T}'\n", 'a.py'), [2]);
    assert.deepEqual(lines('const s = "// gogs-key-hygiene:ignore-next-line";\nconst GITEA_TOKEN = "{T}";\n', 'a.ts'), [2]);
    assert.deepEqual(lines('see https://example.test/?q=gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN={T}\n', 'notes.md'), [2]);
    assert.deepEqual(lines('see https://example.test/page#gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN={T}\n', 'notes.md'), [2]);
    assert.deepEqual(lines('GITEA_TOKEN={T} x=gogs-key-hygiene:ignore-line\n'), [1]);
    assert.deepEqual(lines("    'gogs-key-hygiene:disable',\nGITEA_TOKEN = '{T}'\n", 'a.py'), [2]);
  });

  it('counts directives after a comment opener outside quotes, in many comment syntaxes', () => {
    for (const [prefix, suffix, name] of [
      ['# ', '', 'a.py'], ['x = 1  # ', '', 'a.py'], ['// ', '', 'a.ts'], ['foo(); // ', '', 'a.ts'], ['/* ', ' */', 'a.c'], [' * ', '', 'a.c'],
      ['<!-- ', ' -->', 'a.md'], ['-- ', '', 'a.sql'], ['; ', '', 'a.ini'], ['REM ', '', 'a.bat'], ['@rem ', '', 'a.bat'], [':: ', '', 'a.bat'],
      ['% ', '', 'a.tex'], ["' ", '', 'a.vb'], ['" ', '', 'a.vim'], ['{# ', ' #}', 'a.j2'], ['{{!-- ', ' --}}', 'a.hbs'], ['(* ', ' *)', 'a.ml'],
      [`s = "it's" # `, '', 'a.py'], ["// it's a fixture // ", '', 'a.ts'],
    ] as const) {
      assert.deepEqual(lines(`${prefix}gogs-key-hygiene:ignore-next-line${suffix}\nGITEA_TOKEN = "{T}"\n`, name), [], `${prefix}…${suffix}`);
    }
  });

  it('drops tokens whose fingerprint the user ignored, and only those', () => {
    const { text, token } = fill('GITEA_TOKEN={T}\nGOGS_TOKEN={T2}\n');
    const all = scan(text, { maxBytes: 0 }).findings;
    assert.equal(all.length, 2);
    const some = scan(text, { maxBytes: 0, ignoredFingerprints: [fingerprint(token).toUpperCase()] }).findings;
    assert.deepEqual(some.map((f) => f.line), [2]);
  });
});

describe('fingerprint', () => {
  it('is the SHA-256 hex of the token', () => {
    assert.equal(fingerprint('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('ignoreDirectiveFor', () => {
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ['shellscript', undefined, '# '], ['python', undefined, '# '], ['yaml', undefined, '# '], ['dotenv', undefined, '# '],
    ['ini', undefined, '# '], ['typescript', undefined, '// '], ['go', undefined, '// '], ['java', undefined, '// '],
    ['jsonc', undefined, '// '], ['markdown', undefined, '<!-- '], ['html', undefined, '<!-- '], ['bat', undefined, 'REM '],
    ['sql', undefined, '-- '], ['lua', undefined, '-- '], ['css', undefined, '/* '], ['clojure', undefined, '; '],
    ['json', '/w/.vscode/settings.json', '// '], ['json', '/w/package.json', undefined],
    ['plaintext', '/w/.git-credentials', undefined], ['plaintext', '/w/.netrc', '# '], ['plaintext', '/w/deploy.env', '# '],
  ];
  for (const [lang, file, prefix] of cases) {
    it(`${lang}${file ? ` (${file})` : ''} → ${prefix ?? 'no comments'}`, () => {
      const d = ignoreDirectiveFor(lang, file);
      assert.equal(d?.prefix, prefix);
    });
  }

  it('produces directives the scanner honours', () => {
    for (const [lang, file, name] of [['python', 'a.py', 'a.py'], ['markdown', 'a.md', 'a.md'], ['bat', 'a.bat', 'a.bat'], ['css', 'a.css', 'a.css'],
      ['vb', 'a.vb', 'a.vb'], ['vim', 'a.vim', 'a.vim'], ['jinja', 'a.j2', 'a.j2'], ['handlebars', 'a.hbs', 'a.hbs'], ['ocaml', 'a.ml', 'a.ml'],
      ['sql', 'a.sql', 'a.sql'], ['clojure', 'a.clj', 'a.clj'], ['tex', 'a.tex', 'a.tex'], ['typescript', 'a.ts', 'a.ts']] as const) {
      const d = ignoreDirectiveFor(lang, file);
      assert.ok(d);
      const { text } = fill(`${d.prefix}gogs-key-hygiene:ignore-next-line${d.suffix}\nGITEA_TOKEN = "{T}"\n`);
      assert.deepEqual(scan(text, { fileName: name, maxBytes: 0 }).findings, [], lang);
    }
  });
});
