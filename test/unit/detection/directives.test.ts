/**
 * Ignore directives (any comment syntax, any case), ignored fingerprints, and the comment syntax helper.
 */
import * as assert from 'node:assert/strict';
import { fingerprint, ignoreDirectiveFor, ignoreLineInserts, scan } from '../../../src/detection';
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

describe('directive text inside multi-line strings (the lexer decides what is a comment)', () => {
  // Each case: a multi-line string whose inner line looks like a comment holding a directive, then a token in code.
  // The line check alone sees a comment opener at the start of that inner line.
  const cases: Array<[kind: string, fileName: string, languageId: string, text: string]> = [
    ['JS template literal', 'help.ts', 'typescript', 'const help = `\n// gogs-key-hygiene:disable\n`;\nconst GITEA_TOKEN = "{T}";\n'],
    ['JS template literal, next-line', 'help.js', 'javascript', 'const help = `\n  # gogs-key-hygiene:ignore-next-line\n`; const GITEA_TOKEN = "{T}";\n'],
    ['JS template literal after ${…}', 'help.ts', 'typescript', 'const help = `${a} and ${`x`}\n/* gogs-key-hygiene:disable */\n`;\nconst GITEA_TOKEN = "{T}";\n'],
    ['Python """ string', 'tool.py', 'python', 'HELP = """\n# gogs-key-hygiene:disable\n"""\nGITEA_TOKEN = "{T}"\n'],
    ["Python f''' string", 'tool.py', 'python', "HELP = f'''\n  # gogs-key-hygiene:ignore-next-line\n'''; GITEA_TOKEN = '{T}'\n"],
    ['YAML | block scalar', 'ci.yml', 'yaml', 'script: |\n  # gogs-key-hygiene:disable\n  echo hi\ngitea_token: {T}\n'],
    ['YAML >- block scalar in a list', 'ci.yaml', 'yaml', 'steps:\n  - run: >-\n      # gogs-key-hygiene:disable\n      make\n  - gitea_token: {T}\n'],
    ['shell here-document', 'deploy.sh', 'shellscript', 'cat > notes <<EOF\n# gogs-key-hygiene:disable\nEOF\nexport GITEA_TOKEN={T}\n'],
    ['shell multi-line quotes', 'deploy.sh', 'shellscript', 'echo "usage:\n  # gogs-key-hygiene:disable\n"\nexport GITEA_TOKEN={T}\n'],
    ['Go raw string', 'main.go', 'go', 'var help = `\n// gogs-key-hygiene:disable\n`\nconst giteaToken = "{T}"\n'],
    ['Java text block', 'Main.java', 'java', 'String help = """\n  // gogs-key-hygiene:disable\n  """;\nString GITEA_TOKEN = "{T}";\n'],
    ['Kotlin raw string', 'Main.kt', 'kotlin', 'val help = """\n  // gogs-key-hygiene:disable\n"""\nval GITEA_TOKEN = "{T}"\n'],
    ['C# verbatim string', 'Program.cs', 'csharp', 'var help = @"\n  // gogs-key-hygiene:disable\n";\nvar GITEA_TOKEN = "{T}";\n'],
    ['Ruby multi-line string', 'tool.rb', 'ruby', 'HELP = "\n# gogs-key-hygiene:disable\n"\nGITEA_TOKEN = "{T}"\n'],
    ['PowerShell here-string', 'deploy.ps1', 'powershell', '$help = @"\n# gogs-key-hygiene:disable\n"@\n$env:GITEA_TOKEN = "{T}"\n'],
    ['dotenv multi-line value', '.env', 'dotenv', 'MOTD="welcome\n# gogs-key-hygiene:disable\n"\nGITEA_TOKEN={T}\n'],
  ];
  for (const [kind, fileName, languageId, template] of cases) {
    it(`${kind}: does not silence the token (by language id and by file name alone)`, () => {
      const { text } = fill(template);
      const tokenLine = text.split('\n').findIndex((l) => /[0-9a-f]{40}/.test(l)) + 1;
      // the editor passes the language id; the CLI and the workspace scan only a path
      assert.deepEqual(scan(text, { fileName: `/w/${fileName}`, languageId, maxBytes: 0 }).findings.map((f) => f.line), [tokenLine], 'by language id');
      assert.deepEqual(scan(text, { fileName: `/w/${fileName}`, maxBytes: 0 }).findings.map((f) => f.line), [tokenLine], 'by file name');
    });
  }

  it('an enable inside a string does not end a real disable region', () => {
    const { text } = fill('// gogs-key-hygiene:disable\nconst s = `\n// gogs-key-hygiene:enable\n`;\nconst GITEA_TOKEN = "{T}";\n');
    assert.deepEqual(scan(text, { fileName: 'a.ts', maxBytes: 0 }).findings, []);
  });

  it('real comments still count around and after multi-line strings, in each comment style of these languages', () => {
    const honoured: Array<[fileName: string, text: string]> = [
      ['a.ts', 'const s = `\n// not a comment\n`;\n// gogs-key-hygiene:ignore-next-line\nconst GITEA_TOKEN = "{T}";\n'],
      ['a.ts', 'const s = `x`; /* gogs-key-hygiene:ignore-next-line */\nconst GITEA_TOKEN = "{T}";\n'],
      ['a.ts', '/*\n * gogs-key-hygiene:disable\n */\nconst GITEA_TOKEN = "{T}";\n'],
      ['a.ts', 'const re = /x/; // gogs-key-hygiene:ignore-next-line\nconst GITEA_TOKEN = "{T}";\n'],
      ['a.py', 'HELP = """\ntext\n"""\n# gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN = "{T}"\n'],
      ['a.py', 'GITEA_TOKEN = "{T}"  # gogs-key-hygiene:ignore-line\n'],
      ['ci.yml', 'script: |\n  echo hi\n# gogs-key-hygiene:ignore-next-line\ngitea_token: {T}\n'],
      ['ci.yml', 'gitea_token: {T} # gogs-key-hygiene:ignore-line\n'],
      ['run.sh', 'cat <<EOF\nbody\nEOF\n# gogs-key-hygiene:ignore-next-line\nexport GITEA_TOKEN={T}\n'],
      ['run.sh', 'export GITEA_TOKEN={T} # gogs-key-hygiene:ignore-line\n'],
      ['main.go', 'var s = `raw`\n// gogs-key-hygiene:ignore-next-line\nconst giteaToken = "{T}"\n'],
      ['Main.java', '/* gogs-key-hygiene:ignore-next-line */\nString GITEA_TOKEN = "{T}";\n'],
      ['Main.kt', '// gogs-key-hygiene:ignore-next-line\nval GITEA_TOKEN = "{T}"\n'],
      ['Program.cs', 'var GITEA_TOKEN = "{T}"; // gogs-key-hygiene:ignore-line\n'],
      ['tool.rb', 'GITEA_TOKEN = "{T}" # gogs-key-hygiene:ignore-line\n'],
      ['deploy.ps1', '<# gogs-key-hygiene:ignore-next-line #>\n$env:GITEA_TOKEN = "{T}"\n'],
      ['deploy.ps1', '$env:GITEA_TOKEN = "{T}" # gogs-key-hygiene:ignore-line\n'],
      ['.env', 'MOTD="hi"\n# gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN={T}\n'],
    ];
    for (const [fileName, template] of honoured) {
      const { text } = fill(template);
      assert.deepEqual(scan(text, { fileName, maxBytes: 0 }).findings, [], `${fileName}: ${JSON.stringify(template)}`);
    }
  });

  it('languages the lexer does not model keep the line check (Markdown, SQL, PHP)', () => {
    assert.deepEqual(lines('```\n<!-- gogs-key-hygiene:ignore-next-line -->\nGITEA_TOKEN: {T}\n```\n', 'notes.md'), []);
    assert.deepEqual(lines("-- gogs-key-hygiene: ignore-next-line\nINSERT INTO access_token VALUES (1,1,'a','{T}');\n", 'dump.sql'), []);
    assert.deepEqual(lines("<p>Don't</p>\n<?php // gogs-key-hygiene:ignore-next-line\n$GITEA_TOKEN = '{T}';\n", 'page.php'), []);
  });
});

describe('ignoreLineInserts (what "Ignore this token on this line" inserts)', () => {
  const apply = (text: string, inserts: ReadonlyArray<{ offset: number; text: string }>): string => {
    let out = '';
    let at = 0;
    for (const i of inserts) {
      out += text.slice(at, i.offset) + i.text;
      at = i.offset;
    }
    return out + text.slice(at);
  };

  it('puts ignore-next-line above a line of code, with its indentation', () => {
    const { text, token } = fill('import os\n    GOGS_TOKEN = "{T}"\n');
    const inserts = ignoreLineInserts(text, 2, { languageId: 'python', fileName: 'a.py', eol: '\n' });
    assert.equal(apply(text, inserts ?? []), `import os\n    # gogs-key-hygiene:ignore-next-line\n    GOGS_TOKEN = "${token}"\n`);
  });

  // a token on a line inside a multi-line string: a comment line above it would be string content
  const cases: Array<[kind: string, fileName: string, languageId: string, template: string, expected: string]> = [
    ['YAML | block', 'ci.yml', 'yaml', 'jobs:\n  x:\n    run: |\n      echo hi\n      export GITEA_TOKEN={T}\n    env: {}\n',
      'jobs:\n  x:\n    # gogs-key-hygiene:disable\n    run: |\n      echo hi\n      export GITEA_TOKEN={T}\n    # gogs-key-hygiene:enable\n    env: {}\n'],
    ['JS template literal', 'a.ts', 'typescript', 'const script = `\nGITEA_TOKEN={T}\n`;\nrun(script);\n',
      '// gogs-key-hygiene:disable\nconst script = `\nGITEA_TOKEN={T}\n`;\n// gogs-key-hygiene:enable\nrun(script);\n'],
    ['Python """ string at the end of the file', 'a.py', 'python', 'ENV = """\nGITEA_TOKEN={T}\n"""',
      '# gogs-key-hygiene:disable\nENV = """\nGITEA_TOKEN={T}\n"""\n# gogs-key-hygiene:enable'],
    ['shell here-document', 'a.sh', 'shellscript', 'cat > .env <<EOF\nGITEA_TOKEN={T}\nEOF\necho done\n',
      '# gogs-key-hygiene:disable\ncat > .env <<EOF\nGITEA_TOKEN={T}\nEOF\n# gogs-key-hygiene:enable\necho done\n'],
  ];
  for (const [kind, fileName, languageId, template, expected] of cases) {
    it(`${kind}: brackets the whole string with disable … enable, and the finding goes away`, () => {
      const { text, token } = fill(template);
      const line = text.split('\n').findIndex((l) => l.includes(token)) + 1;
      assert.equal(scan(text, { fileName, languageId, maxBytes: 0 }).findings.length, 1, 'the token is found before');
      const inserts = ignoreLineInserts(text, line, { languageId, fileName, eol: '\n' });
      assert.ok(inserts, 'a way to ignore it');
      const out = apply(text, inserts);
      assert.equal(out, expected.replace('{T}', token));
      assert.deepEqual(scan(out, { fileName, languageId, maxBytes: 0 }).findings, []);
    });
  }

  it('returns undefined for files without comments', () => {
    const { text } = fill('{"gitea_token": "{T}"}');
    assert.equal(ignoreLineInserts(text, 1, { languageId: 'json', fileName: '/w/config.json', eol: '\n' }), undefined);
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
