/**
 * Table test of the "Move token to OS keychain" replacement: one row per idiom and quoting
 * situation. Each row builds a document around a fresh random token, plans the replacement,
 * applies the edits and compares the exact resulting text; where a parser is cheap (Node's own JS
 * parser, the TypeScript parser, python3's ast, bash -n, JSON.parse, js-yaml, javac, make -n) the
 * original and the result must both parse.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { applyEdits, planReplacement, ReplacementPlan } from '../../../src/fix';

const TOKEN = '@@';
const newToken = (): string => randomBytes(20).toString('hex');

type Check = 'js' | 'mjs' | 'ts' | 'tsx' | 'python' | 'bash' | 'json' | 'yaml' | 'java' | 'make';

interface Row {
  name: string;
  languageId?: string;
  fileName?: string;
  context?: string;
  envVar?: string;
  /** Document text; `@@` marks the token. */
  before: string;
  after: string;
  check?: Check;
  description?: string;
  placeholder?: boolean;
  /** The fix refused to write a reference at this spot (`reason` set, placeholder written). */
  refused?: boolean;
  /**
   * Run the original (with the token) and the result (with GOGS_TOKEN set to the token) and
   * compare their standard output: the fix must not change what the code does.
   */
  same?: 'bash' | 'python';
}

const yaml = createRequire(__filename)('js-yaml') as { loadAll(s: string): unknown };

function run(cmd: string, args: string[], input: string): void {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} rejected the text:\n${r.stderr}`);
}

/** Parses many Python sources in one python3 process (`ast.parse`): an error message or null per source. */
function pythonErrors(sources: string[]): Array<string | null> {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for s in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(s)',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(str(e))',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<string | null>;
}

/** Compiles many Java sources (each declaring `class Row`) in one javac run: an error or null per source. */
function javaErrors(sources: string[]): Array<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'gkh-java-'));
  try {
    const files = sources.map((src, i) => {
      const f = join(dir, `Row${i}.java`);
      writeFileSync(f, src.replace(/\bclass Row\b/, `class Row${i}`));
      return f;
    });
    const r = spawnSync('javac', ['-Xmaxerrs', '10000', '-d', dir, ...files], { encoding: 'utf8', timeout: 120_000 });
    if (r.error) throw r.error;
    return files.map((f) => {
      const lines = r.stderr.split('\n').filter((l) => l.startsWith(`${f}:`));
      return lines.length > 0 ? lines.join('\n') : r.status === 0 || r.stderr.includes('error') ? null : r.stderr;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node's own parser on an ES module (`node --check x.mjs`): import/export syntax included. */
function checkModule(code: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'gkh-mjs-'));
  try {
    const f = join(dir, 'row.mjs');
    writeFileSync(f, code);
    run(process.execPath, ['--check', f], '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Standard output of a bash program (given on standard input, never on the command line) with GOGS_TOKEN set. */
function bashOutput(code: string, token: string): string {
  const r = spawnSync('bash', ['-s'], {
    input: code, encoding: 'utf8', timeout: 20_000, cwd: tmpdir(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GOGS_TOKEN: token },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`bash failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** What many Python programs print (or how they failed), each run (`exec`) in one python3 process with GOGS_TOKEN set to its token. */
function pythonOutputs(items: Array<{ code: string; token: string }>): string[] {
  const script = [
    'import contextlib, io, json, os, sys',
    'out = []',
    'for item in json.load(sys.stdin):',
    '    os.environ["GOGS_TOKEN"] = item["token"]',
    '    buf = io.StringIO()',
    '    try:',
    '        with contextlib.redirect_stdout(buf):',
    '            exec(compile(item["code"], "<row>", "exec"), {"__name__": "__main__"})',
    '        out.append(buf.getvalue())',
    '    except Exception as e:',
    '        out.append("(failed: %s: %s)" % (type(e).__name__, e))',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(items), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

const checkers: Record<Check, (code: string) => void> = {
  js: (code) => { new vm.Script(code); },
  mjs: checkModule,
  ts: (code) => {
    const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
    const d = out.diagnostics ?? [];
    if (d.length > 0) throw new Error(ts.flattenDiagnosticMessageText(d[0].messageText, '\n'));
  },
  tsx: (code) => {
    const out = ts.transpileModule(code, { reportDiagnostics: true, fileName: 'row.tsx', compilerOptions: { target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.Preserve } });
    const d = out.diagnostics ?? [];
    if (d.length > 0) throw new Error(ts.flattenDiagnosticMessageText(d[0].messageText, '\n'));
  },
  python: (code) => { const e = pythonErrors([code])[0]; if (e !== null) throw new Error(e); },
  bash: (code) => run('bash', ['-n'], code),
  json: (code) => { JSON.parse(code); },
  yaml: (code) => { yaml.loadAll(code); },
  make: (code) => run('make', ['-n', '-s', '-f', '-'], code),
  java: (code) => { const e = javaErrors([code])[0]; if (e !== null) throw new Error(e); },
};

const rows: Row[] = [
  // ---- shell -------------------------------------------------------------------------------
  { name: 'shell: unquoted assignment', languageId: 'shellscript', before: 'TOKEN=@@\n', after: 'TOKEN="$GOGS_TOKEN"\n', check: 'bash', description: '"$GOGS_TOKEN"' },
  { name: 'shell: inside a double-quoted header', languageId: 'shellscript',
    before: 'curl -H "Authorization: token @@" https://git.example.test/api/v1/user\n',
    after: 'curl -H "Authorization: token ${GOGS_TOKEN}" https://git.example.test/api/v1/user\n', check: 'bash' },
  { name: 'shell: end of a single-quoted header (close and reopen the quote)', languageId: 'shellscript',
    before: "curl -H 'Authorization: token @@' https://git.example.test/api/v1/user\n",
    after: `curl -H 'Authorization: token '"$GOGS_TOKEN" https://git.example.test/api/v1/user\n`, check: 'bash' },
  { name: 'shell: middle of a single-quoted string', languageId: 'shellscript',
    before: "echo 'a @@ b'\n", after: `echo 'a '"$GOGS_TOKEN"' b'\n`, check: 'bash' },
  { name: 'shell: whole single-quoted value', languageId: 'shellscript', before: "TOKEN='@@'\n", after: 'TOKEN="$GOGS_TOKEN"\n', check: 'bash' },
  { name: "shell: ANSI-C $'…' string", languageId: 'shellscript',
    before: "printf $'token @@\\n'\n", after: `printf $'token '"$GOGS_TOKEN"$'\\n'\n`, check: 'bash' },
  { name: 'shell: escaped quotes before the token', languageId: 'shellscript',
    before: 'echo "say \\"hi\\" @@"\n', after: 'echo "say \\"hi\\" ${GOGS_TOKEN}"\n', check: 'bash' },
  { name: 'shell: comment', languageId: 'shellscript', before: '# old token: @@\necho hi\n', after: '# old token: $GOGS_TOKEN\necho hi\n', check: 'bash' },
  { name: "shell: an apostrophe in an earlier comment is not a quote", languageId: 'shellscript',
    before: "# don't commit this\necho \"x @@\"\n", after: "# don't commit this\necho \"x ${GOGS_TOKEN}\"\n", check: 'bash' },
  { name: 'shell: $(…) with quotes inside a double-quoted string', languageId: 'shellscript',
    before: `echo "$(printf '%s' "a") @@"\n`, after: `echo "$(printf '%s' "a") \${GOGS_TOKEN}"\n`, check: 'bash' },
  { name: 'shell: unquoted query parameter', languageId: 'shellscript', context: 'query',
    before: 'curl https://git.example.test/api/v1/user?token=@@\n', after: 'curl https://git.example.test/api/v1/user?token="$GOGS_TOKEN"\n', check: 'bash' },
  { name: 'shell: here-document (expanding)', languageId: 'shellscript',
    before: 'cat <<EOF\nAuthorization: token @@\nEOF\n', after: 'cat <<EOF\nAuthorization: token ${GOGS_TOKEN}\nEOF\n', check: 'bash' },
  { name: "shell: quoted here-document <<'EOF' becomes expanding, other $ escaped", languageId: 'shellscript',
    before: "cat > cfg <<'EOF'\ntoken: @@\ncost: $5 `x` \\n\nEOF\necho done\n",
    after: 'cat > cfg <<EOF\ntoken: ${GOGS_TOKEN}\ncost: \\$5 \\`x\\` \\\\n\nEOF\necho done\n', check: 'bash' },
  { name: 'shell: << inside $((…)) is a shift, not a here-document', languageId: 'shellscript',
    before: 'n=$((1 << 2))\necho "token @@"\n2\n', after: 'n=$((1 << 2))\necho "token ${GOGS_TOKEN}"\n2\n' },
  { name: 'shell: .envrc by file name', fileName: '/home/u/proj/.envrc',
    before: 'export GOGS_TOKEN=@@\n', after: 'export GOGS_TOKEN="$GOGS_TOKEN"\n', check: 'bash' },
  { name: 'shell: *.zsh by file name, plaintext language', languageId: 'plaintext', fileName: 'env.zsh',
    before: 'export TOKEN="@@"\n', after: 'export TOKEN="${GOGS_TOKEN}"\n', check: 'bash' },
  { name: 'shell: CRLF file keeps its line endings', languageId: 'shellscript',
    before: 'set -e\r\ncurl -H "Authorization: token @@" x\r\necho ok\r\n', after: 'set -e\r\ncurl -H "Authorization: token ${GOGS_TOKEN}" x\r\necho ok\r\n' },

  // ---- URL userinfo (any language) ----------------------------------------------------------
  { name: 'userinfo: password part in a shell git clone', languageId: 'shellscript', context: 'userinfo',
    before: 'git clone https://alice:@@@git.example.test/alice/repo.git\n', after: 'git clone https://git.example.test/alice/repo.git\n',
    check: 'bash', description: 'the URL without the credential' },
  { name: 'userinfo: token as the user name', languageId: 'shellscript',
    before: 'git remote set-url origin https://@@@git.example.test/a/r.git\n', after: 'git remote set-url origin https://git.example.test/a/r.git\n', check: 'bash' },
  { name: 'userinfo: token:x-oauth-basic', languageId: 'shellscript',
    before: 'git push https://@@:x-oauth-basic@git.example.test:3000/a/r.git\n', after: 'git push https://git.example.test:3000/a/r.git\n', check: 'bash' },
  { name: 'git config: an extra header gets a placeholder (git expands nothing)', languageId: 'properties', fileName: '/p/.git/config',
    before: '[http]\n\textraheader = Authorization: token @@\n', after: '[http]\n\textraheader = Authorization: token <GOGS_TOKEN from OS keychain>\n', placeholder: true },
  { name: 'userinfo: inside a JS string', languageId: 'javascript',
    before: 'const remote = "https://oauth2:@@@git.example.test/a/r.git";\n', after: 'const remote = "https://git.example.test/a/r.git";\n', check: 'js' },
  { name: 'userinfo: .git/config remote url', languageId: 'properties', fileName: '/p/.git/config',
    before: '[remote "origin"]\n\turl = https://alice:@@@git.example.test/a/r.git\n', after: '[remote "origin"]\n\turl = https://git.example.test/a/r.git\n' },

  // ---- PowerShell ---------------------------------------------------------------------------
  { name: 'powershell: double-quoted header', languageId: 'powershell',
    before: '$h = @{ Authorization = "token @@" }\n', after: '$h = @{ Authorization = "token $env:GOGS_TOKEN" }\n', description: '$env:GOGS_TOKEN' },
  { name: 'powershell: single-quoted header becomes double-quoted', languageId: 'powershell',
    before: "$h = @{ Authorization = 'token @@' }\n", after: '$h = @{ Authorization = "token $env:GOGS_TOKEN" }\n' },
  { name: 'powershell: whole single-quoted literal', languageId: 'powershell', before: "$t = '@@'\n", after: '$t = $env:GOGS_TOKEN\n' },
  { name: 'powershell: whole double-quoted literal', languageId: 'powershell', before: '$t = "@@"\n', after: '$t = $env:GOGS_TOKEN\n' },
  { name: "powershell: single quotes with '' and $ are escaped when switching quotes", languageId: 'powershell',
    before: "Write-Host 'it''s $5 \"q\" @@'\n", after: 'Write-Host "it\'s `$5 `"q`" $env:GOGS_TOKEN"\n' },
  { name: 'powershell: name characters after the token need ${env:…}', languageId: 'powershell',
    before: 'Invoke-X "key=@@_suffix"\n', after: 'Invoke-X "key=${env:GOGS_TOKEN}_suffix"\n' },
  { name: "powershell: @'…'@ here-string becomes @\"…\"@", fileName: 'deploy.ps1',
    before: "$body = @'\ntoken @@ costs $1\n'@\n", after: '$body = @"\ntoken $env:GOGS_TOKEN costs `$1\n"@\n' },
  { name: 'powershell: unquoted argument', fileName: 'deploy.ps1',
    before: 'curl.exe -u alice:@@ https://git.example.test/api/v1/user\n', after: 'curl.exe -u alice:$env:GOGS_TOKEN https://git.example.test/api/v1/user\n' },

  // ---- cmd / batch --------------------------------------------------------------------------
  { name: 'batch: set', fileName: 'deploy.cmd', before: 'set TOKEN=@@\r\n', after: 'set TOKEN=%GOGS_TOKEN%\r\n', description: '%GOGS_TOKEN%' },
  { name: 'batch: quoted header', languageId: 'bat',
    before: 'curl -H "Authorization: token @@" https://h\n', after: 'curl -H "Authorization: token %GOGS_TOKEN%" https://h\n' },

  // ---- Python -------------------------------------------------------------------------------
  { name: 'python: whole literal, adds import os', languageId: 'python',
    before: 'TOKEN = "@@"\n', after: 'import os\nTOKEN = os.environ["GOGS_TOKEN"]\n', check: 'python', description: 'os.environ["GOGS_TOKEN"]' },
  { name: 'python: existing import os is reused', languageId: 'python',
    before: "import os\n\nTOKEN = '@@'\n", after: 'import os\n\nTOKEN = os.environ["GOGS_TOKEN"]\n', check: 'python' },
  { name: 'python: import sys, os counts', languageId: 'python',
    before: "import sys, os\nTOKEN = '@@'\n", after: 'import sys, os\nTOKEN = os.environ["GOGS_TOKEN"]\n', check: 'python' },
  { name: 'python: import os.path binds os', languageId: 'python',
    before: "import os.path\nTOKEN = '@@'\n", after: 'import os.path\nTOKEN = os.environ["GOGS_TOKEN"]\n', check: 'python' },
  { name: 'python: header in double quotes becomes an f-string (inner quotes differ)', languageId: 'python',
    before: 'import os\nheaders = {"Authorization": "token @@"}\n', after: 'import os\nheaders = {"Authorization": f"token {os.environ[\'GOGS_TOKEN\']}"}\n', check: 'python' },
  { name: 'python: header in single quotes; import os joins the import block', languageId: 'python',
    before: "import requests\n\nheaders = {'Authorization': 'token @@'}\n",
    after: 'import os\nimport requests\n\nheaders = {\'Authorization\': f\'token {os.environ["GOGS_TOKEN"]}\'}\n', check: 'python' },
  { name: 'python: already an f-string', languageId: 'python',
    before: 'import os\nurl = f"{base}/api/v1/user?token=@@"\n', after: 'import os\nurl = f"{base}/api/v1/user?token={os.environ[\'GOGS_TOKEN\']}"\n', check: 'python' },
  { name: 'python: braces and escaped quotes are kept literal in the new f-string', languageId: 'python',
    before: 'import os\nbody = "{\\"token\\": \\"@@\\"}"\n', after: 'import os\nbody = f"{{\\"token\\": \\"{os.environ[\'GOGS_TOKEN\']}\\"}}"\n', check: 'python' },
  { name: 'python: \\N{…} escapes survive', languageId: 'python',
    before: 'import os\ns = "\\N{BULLET} @@ {x}"\n', after: 'import os\ns = f"\\N{BULLET} {os.environ[\'GOGS_TOKEN\']} {{x}}"\n', check: 'python' },
  { name: "python: escaped quote in a single-quoted string", languageId: 'python',
    before: "import os\ns = 'it\\'s @@'\n", after: 'import os\ns = f\'it\\\'s {os.environ["GOGS_TOKEN"]}\'\n', check: 'python' },
  { name: 'python: u-prefix becomes f', languageId: 'python',
    before: 'import os\ns = u"token @@"\n', after: 'import os\ns = f"token {os.environ[\'GOGS_TOKEN\']}"\n', check: 'python' },
  { name: 'python: r-prefix becomes rf', languageId: 'python',
    before: 'import os\ns = r"token\\s@@"\n', after: 'import os\ns = rf"token\\s{os.environ[\'GOGS_TOKEN\']}"\n', check: 'python' },
  { name: 'python: whole bytes literal', languageId: 'python',
    before: 'import os\nt = b"@@"\n', after: 'import os\nt = os.environ["GOGS_TOKEN"].encode()\n', check: 'python' },
  { name: 'python: part of a bytes literal', languageId: 'python',
    before: 'import os\nauth = b"token @@"\n', after: 'import os\nauth = b"token " + os.environ["GOGS_TOKEN"].encode()\n', check: 'python' },
  { name: 'python: triple-quoted expression string', languageId: 'python',
    before: 'import os\nq = """token @@"""\n', after: 'import os\nq = f"""token {os.environ[\'GOGS_TOKEN\']}"""\n', check: 'python' },
  { name: 'python: implicit concatenation neighbour keeps a string', languageId: 'python',
    before: 'import os\nt = "@@" "-suffix"\n', after: 'import os\nt = f"{os.environ[\'GOGS_TOKEN\']}" "-suffix"\n', check: 'python' },
  { name: 'python: import goes after shebang, docstring and __future__', fileName: 'tool.py',
    before: '#!/usr/bin/env python3\n"""Tool."""\nfrom __future__ import annotations\n\nimport sys\n\nT = "@@"\n',
    after: '#!/usr/bin/env python3\n"""Tool."""\nfrom __future__ import annotations\n\nimport os\nimport sys\n\nT = os.environ["GOGS_TOKEN"]\n', check: 'python' },
  { name: 'python: import after a coding line and a multi-line docstring', languageId: 'python',
    before: '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Multi\nline doc.\n"""\n\nT = "@@"\n',
    after: '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Multi\nline doc.\n"""\nimport os\n\nT = os.environ["GOGS_TOKEN"]\n', check: 'python' },
  { name: 'python: comment gets the reference, no import', languageId: 'python',
    before: '# token @@\nx = 1\n', after: '# token os.environ["GOGS_TOKEN"]\nx = 1\n', check: 'python' },
  { name: 'python: docstring gets the reference, stays a docstring', languageId: 'python',
    before: 'def f():\n    """Uses token @@."""\n    return 1\n', after: 'def f():\n    """Uses token os.environ["GOGS_TOKEN"]."""\n    return 1\n', check: 'python' },
  { name: 'python: CRLF file, import inserted with CRLF', languageId: 'python',
    before: 'import sys\r\nT = "@@"\r\n', after: 'import os\r\nimport sys\r\nT = os.environ["GOGS_TOKEN"]\r\n', check: 'python' },

  // ---- JavaScript / TypeScript --------------------------------------------------------------
  { name: 'js: whole double-quoted literal', languageId: 'javascript',
    before: 'const token = "@@";\n', after: 'const token = process.env.GOGS_TOKEN;\n', check: 'js', description: 'process.env.GOGS_TOKEN' },
  { name: 'js: whole single-quoted literal', languageId: 'javascript',
    before: "const token = '@@';\n", after: 'const token = process.env.GOGS_TOKEN;\n', check: 'js' },
  { name: 'js: header inside a string becomes a template literal', languageId: 'javascript',
    before: 'fetch(url, { headers: { Authorization: "token @@" } });\n',
    after: 'fetch(url, { headers: { Authorization: `token ${process.env.GOGS_TOKEN}` } });\n', check: 'js' },
  { name: 'js: backtick and ${ in the old string are escaped', languageId: 'javascript',
    before: "const s = 'a ` b ${c} @@';\n", after: 'const s = `a \\` b \\${c} ${process.env.GOGS_TOKEN}`;\n', check: 'js' },
  { name: 'js: inside a template literal', languageId: 'javascript',
    before: 'const s = `token ${x} @@`;\n', after: 'const s = `token ${x} ${process.env.GOGS_TOKEN}`;\n', check: 'js' },
  { name: 'js: string nested in a template expression', languageId: 'javascript',
    before: 'const s = `${"token @@"}`;\n', after: 'const s = `${`token ${process.env.GOGS_TOKEN}`}`;\n', check: 'js' },
  { name: 'js: escaped quotes', languageId: 'javascript',
    before: 'const s = "say \\"hi\\" @@";\n', after: 'const s = `say \\"hi\\" ${process.env.GOGS_TOKEN}`;\n', check: 'js' },
  { name: 'js: a quote inside a regex literal is not a string', languageId: 'javascript',
    before: 'const re = /"/; const t = "token @@";\n', after: 'const re = /"/; const t = `token ${process.env.GOGS_TOKEN}`;\n', check: 'js' },
  { name: 'js: legacy octal escape falls back to concatenation', languageId: 'javascript',
    before: 'var s = "\\01 @@";\n', after: 'var s = ("\\01 " + process.env.GOGS_TOKEN);\n', check: 'js' },
  { name: 'js: comment', languageId: 'javascript', before: '// token @@\n', after: '// token process.env.GOGS_TOKEN\n', check: 'js' },
  { name: 'tsx: whole JSX attribute string becomes an expression container', languageId: 'typescriptreact',
    before: 'export const A = () => <Api token="@@" base="x" />;\n', after: 'export const A = () => <Api token={process.env.GOGS_TOKEN} base="x" />;\n', check: 'tsx' },
  { name: 'jsx: part of a JSX attribute (backslash is literal there)', fileName: 'App.jsx',
    before: 'const a = <Api auth="C:\\x token @@" />;\n', after: 'const a = <Api auth={`C:\\\\x token ${process.env.GOGS_TOKEN}`} />;\n', check: 'tsx' },
  { name: 'ts: typed declaration', languageId: 'typescript',
    before: "const auth: string = 'token @@';\nexport default auth;\n", after: 'const auth: string = `token ${process.env.GOGS_TOKEN}`;\nexport default auth;\n', check: 'ts' },
  { name: 'ts: by file name (.mts), no language id', fileName: 'client.mts',
    before: 'export const token = "@@";\n', after: 'export const token = process.env.GOGS_TOKEN;\n', check: 'ts' },

  // ---- Go -----------------------------------------------------------------------------------
  { name: 'go: whole literal; "os" added to the import block in order', languageId: 'go',
    before: 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"strings"\n)\n\nfunc main() {\n\ttoken := "@@"\n\tfmt.Println(token)\n}\n',
    after: 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os"\n\t"strings"\n)\n\nfunc main() {\n\ttoken := os.Getenv("GOGS_TOKEN")\n\tfmt.Println(token)\n}\n',
    description: 'os.Getenv("GOGS_TOKEN")' },
  { name: 'go: header part, os already imported', languageId: 'go',
    before: 'package main\n\nimport "os"\n\nfunc f() { req.Header.Set("Authorization", "token @@") }\n',
    after: 'package main\n\nimport "os"\n\nfunc f() { req.Header.Set("Authorization", "token " + os.Getenv("GOGS_TOKEN")) }\n' },
  { name: 'go: const becomes var', languageId: 'go',
    before: 'package main\n\nimport "os"\n\nconst token = "@@"\n', after: 'package main\n\nimport "os"\n\nvar token = os.Getenv("GOGS_TOKEN")\n' },
  { name: 'go: single import line gets a second one', languageId: 'go',
    before: 'package main\n\nimport "fmt"\n\nvar t = "@@"\n', after: 'package main\n\nimport "fmt"\nimport "os"\n\nvar t = os.Getenv("GOGS_TOKEN")\n' },
  { name: 'go: no imports at all', languageId: 'go',
    before: 'package main\n\nvar t = "@@"\n', after: 'package main\n\nimport "os"\n\nvar t = os.Getenv("GOGS_TOKEN")\n' },
  { name: 'go: spec in a const block moves out as a var', languageId: 'go',
    before: 'package main\n\nimport "os"\n\nconst (\n\tbase  = "https://git.example.test"\n\ttoken = "@@" // api\n\tn     = iota\n)\n\nfunc main() {}\n',
    after: 'package main\n\nimport "os"\n\nconst (\n\tbase  = "https://git.example.test"\n\tn     = iota\n)\n\nvar token = os.Getenv("GOGS_TOKEN") // api\n\nfunc main() {}\n' },
  { name: 'go: CRLF file, import line added with CRLF', languageId: 'go',
    before: 'package main\r\n\r\nimport "fmt"\r\n\r\nvar t = "token @@"\r\n', after: 'package main\r\n\r\nimport "fmt"\r\nimport "os"\r\n\r\nvar t = "token " + os.Getenv("GOGS_TOKEN")\r\n' },
  { name: 'netrc: CRLF multi-line entry', fileName: '.netrc',
    before: 'machine h\r\n  login a\r\n  password @@\r\nmachine o login b\r\n', after: 'machine h\r\n  login a\r\nmachine o login b\r\n' },
  { name: 'go: raw string part', languageId: 'go',
    before: 'package main\n\nimport "os"\n\nvar s = `token @@`\n', after: 'package main\n\nimport "os"\n\nvar s = `token ` + os.Getenv("GOGS_TOKEN")\n' },
  { name: 'go: aliased os import is used', languageId: 'go',
    before: 'package main\n\nimport (\n\tstdos "os"\n)\n\nvar t = "@@"\n', after: 'package main\n\nimport (\n\tstdos "os"\n)\n\nvar t = stdos.Getenv("GOGS_TOKEN")\n' },

  // ---- Ruby / PHP / Java / Kotlin / C# ------------------------------------------------------
  { name: 'ruby: whole literal', languageId: 'ruby', before: 'TOKEN = "@@"\n', after: 'TOKEN = ENV["GOGS_TOKEN"]\n', description: 'ENV["GOGS_TOKEN"]' },
  { name: 'ruby: interpolation in double quotes', languageId: 'ruby',
    before: 'h = { "Authorization" => "token @@" }\n', after: 'h = { "Authorization" => "token #{ENV["GOGS_TOKEN"]}" }\n' },
  { name: 'ruby: single quotes become double quotes with escapes', languageId: 'ruby',
    before: "h = 'token @@ #1 \"x\"'\n", after: 'h = "token #{ENV["GOGS_TOKEN"]} \\#1 \\"x\\""\n' },
  { name: 'php: whole literal', languageId: 'php', before: "<?php\n$t = '@@';\n", after: "<?php\n$t = getenv('GOGS_TOKEN');\n", description: "getenv('GOGS_TOKEN')" },
  { name: 'php: header part concatenated', languageId: 'php',
    before: '<?php\n$h = "Authorization: token @@";\n', after: '<?php\n$h = "Authorization: token " . getenv(\'GOGS_TOKEN\');\n' },
  { name: 'php: outside <?php … ?> is template output', languageId: 'php',
    before: '<?php $x = 1; ?>\n<p>@@</p>\n', after: "<?php $x = 1; ?>\n<p><?= getenv('GOGS_TOKEN') ?></p>\n" },
  { name: 'java: whole literal', languageId: 'java',
    before: 'class Row { String t = "@@"; }\n', after: 'class Row { String t = System.getenv("GOGS_TOKEN"); }\n', check: 'java', description: 'System.getenv("GOGS_TOKEN")' },
  { name: 'java: part followed by .getBytes() is parenthesised', languageId: 'java',
    before: 'class Row { byte[] b = "alice:@@".getBytes(); }\n', after: 'class Row { byte[] b = ("alice:" + System.getenv("GOGS_TOKEN")).getBytes(); }\n', check: 'java' },
  { name: 'java: header part', fileName: 'Row.java',
    before: 'class Row { void f(java.net.URLConnection c) { c.setRequestProperty("Authorization", "token @@ x"); } }\n',
    after: 'class Row { void f(java.net.URLConnection c) { c.setRequestProperty("Authorization", "token " + System.getenv("GOGS_TOKEN") + " x"); } }\n', check: 'java' },
  { name: 'kotlin: string template', languageId: 'kotlin',
    before: 'val h = "token @@"\n', after: 'val h = "token ${System.getenv("GOGS_TOKEN")}"\n' },
  { name: 'csharp: concatenation', languageId: 'csharp',
    before: 'var h = "token @@";\n', after: 'var h = "token " + Environment.GetEnvironmentVariable("GOGS_TOKEN");\n' },
  { name: 'csharp: interpolated string', languageId: 'csharp',
    before: 'var h = $"token @@ {x}";\n', after: 'var h = $"token {Environment.GetEnvironmentVariable("GOGS_TOKEN")} {x}";\n' },

  // ---- YAML / compose / .env / properties / ini / .npmrc ------------------------------------
  { name: 'yaml: plain scalar', languageId: 'yaml',
    before: 'environment:\n  GOGS_TOKEN: @@\n', after: 'environment:\n  GOGS_TOKEN: ${GOGS_TOKEN}\n', check: 'yaml', description: '${GOGS_TOKEN}' },
  { name: 'yaml: double-quoted', languageId: 'yaml', before: 'token: "@@"\n', after: 'token: "${GOGS_TOKEN}"\n', check: 'yaml' },
  { name: "yaml: single-quoted with '' inside", languageId: 'yaml',
    before: "header: 'it''s token @@'\n", after: "header: 'it''s token ${GOGS_TOKEN}'\n", check: 'yaml' },
  { name: 'compose: environment list item', languageId: 'dockercompose', fileName: 'docker-compose.yml',
    before: 'services:\n  app:\n    environment:\n      - GOGS_TOKEN=@@\n', after: 'services:\n  app:\n    environment:\n      - GOGS_TOKEN=${GOGS_TOKEN}\n', check: 'yaml' },
  { name: 'yaml: flow sequence gets a quoted scalar', languageId: 'yaml',
    before: 'args: [--token, @@]\n', after: 'args: [--token, "${GOGS_TOKEN}"]\n', check: 'yaml' },
  { name: 'yaml: flow mapping, part of a plain scalar', languageId: 'yaml',
    before: 'headers: {auth: token @@, x: 1}\n', after: 'headers: {auth: "token ${GOGS_TOKEN}", x: 1}\n', check: 'yaml' },
  { name: 'yaml: block scalar with apostrophes above the token', fileName: 'ci.yml',
    before: "run: |\n  echo 'it'\n  curl -H \"Authorization: token @@\"\nafter: 1\n", after: "run: |\n  echo 'it'\n  curl -H \"Authorization: token ${GOGS_TOKEN}\"\nafter: 1\n", check: 'yaml' },
  { name: 'yaml: shell rules inside a `run: |` block (single quotes)', fileName: '.github/workflows/ci.yml',
    before: "jobs:\n  b:\n    steps:\n      - run: |\n          curl -H 'Authorization: token @@' https://h\n",
    after: "jobs:\n  b:\n    steps:\n      - run: |\n          curl -H 'Authorization: token '\"$GOGS_TOKEN\" https://h\n", check: 'yaml' },
  { name: 'yaml: list item at the top of a file that starts with a blank line', languageId: 'yaml',
    before: '\n- token @@\n', after: '\n- token ${GOGS_TOKEN}\n', check: 'yaml' },
  { name: 'yaml: shell rules in a GitLab `script:` list item', fileName: '.gitlab-ci.yml',
    before: "job:\n  script:\n    - export GOGS_TOKEN=@@\n    - make\n", after: 'job:\n  script:\n    - export GOGS_TOKEN="$GOGS_TOKEN"\n    - make\n', check: 'yaml' },
  { name: '.env: unquoted', fileName: '/p/.env', before: 'GOGS_TOKEN=@@\n', after: 'GOGS_TOKEN=${GOGS_TOKEN}\n', description: '${GOGS_TOKEN}' },
  { name: '.env: double-quoted part', fileName: '.env', languageId: 'dotenv', before: 'AUTH="token @@"\n', after: 'AUTH="token ${GOGS_TOKEN}"\n' },
  { name: '.env: single quotes are literal, switch to double quotes', fileName: '.env.local', languageId: 'plaintext',
    before: "AUTH='token @@ for alice'\n", after: 'AUTH="token ${GOGS_TOKEN} for alice"\n' },
  { name: '.env: $ elsewhere in a single-quoted value is refused (compose reads $$ as $, a shell as its PID)', fileName: '.env.local', languageId: 'plaintext',
    before: "AUTH='token @@ $HOME'\n", after: "AUTH='token <GOGS_TOKEN from OS keychain> $HOME'\n", refused: true },
  { name: '.env: backtick, backslash or double quote elsewhere in a single-quoted value is refused', fileName: '.env',
    before: "AUTH='token @@ `id` \\n \"q\"'\n", after: "AUTH='token <GOGS_TOKEN from OS keychain> `id` \\n \"q\"'\n", refused: true },
  { name: 'properties', languageId: 'properties', fileName: 'application.properties', before: 'gogs.token=@@\n', after: 'gogs.token=${GOGS_TOKEN}\n' },
  { name: 'ini', languageId: 'ini', fileName: 'tool.ini', before: '[gogs]\r\ntoken = @@\r\n', after: '[gogs]\r\ntoken = ${GOGS_TOKEN}\r\n' },
  { name: '.npmrc (npm expands ${VAR})', languageId: 'ini', fileName: '/home/u/.npmrc',
    before: '//git.example.test/api/packages/alice/npm/:_authToken=@@\n', after: '//git.example.test/api/packages/alice/npm/:_authToken=${GOGS_TOKEN}\n' },

  // ---- Dockerfile / Makefile ----------------------------------------------------------------
  { name: 'dockerfile: ENV gets ARG declared in the stage', languageId: 'dockerfile',
    before: 'FROM alpine:3\nENV GOGS_TOKEN=@@\n', after: 'FROM alpine:3\nARG GOGS_TOKEN\nENV GOGS_TOKEN=${GOGS_TOKEN}\n', description: '${GOGS_TOKEN}' },
  { name: 'dockerfile: RUN in double quotes, ARG already declared', fileName: 'Dockerfile',
    before: 'FROM alpine:3\nARG GOGS_TOKEN\nRUN curl -H "Authorization: token @@" https://h\n', after: 'FROM alpine:3\nARG GOGS_TOKEN\nRUN curl -H "Authorization: token ${GOGS_TOKEN}" https://h\n' },
  { name: 'dockerfile: single quotes on a continuation line; ARG before the instruction', fileName: 'build/Dockerfile.dev',
    before: "FROM alpine:3\nRUN apk add curl && \\\n    curl -H 'Authorization: token @@' https://h\n",
    after: "FROM alpine:3\nARG GOGS_TOKEN\nRUN apk add curl && \\\n    curl -H 'Authorization: token '\"${GOGS_TOKEN}\" https://h\n" },
  { name: 'dockerfile: ARG default value is dropped', languageId: 'dockerfile',
    before: 'FROM alpine:3\nARG GOGS_TOKEN=@@\n', after: 'FROM alpine:3\nARG GOGS_TOKEN\n' },
  { name: 'makefile: recipe in single quotes (make expands first)', languageId: 'makefile',
    before: "deploy:\n\tcurl -s -H 'Authorization: token @@' https://h\n", after: "deploy:\n\tcurl -s -H 'Authorization: token $(GOGS_TOKEN)' https://h\n", check: 'make', description: '$(GOGS_TOKEN)' },

  // ---- JSON ---------------------------------------------------------------------------------
  { name: 'json: VS Code settings.json gets a placeholder (${env:…} would read VS Code\'s own environment)', languageId: 'jsonc', fileName: '/p/.vscode/settings.json',
    before: '{\n  "terminal.integrated.env.linux": { "GOGS_TOKEN": "@@" }\n}\n', after: '{\n  "terminal.integrated.env.linux": { "GOGS_TOKEN": "<GOGS_TOKEN from OS keychain>" }\n}\n',
    check: 'json', description: '<GOGS_TOKEN from OS keychain>', placeholder: true },
  { name: 'json: tasks.json options.env gets the extension\'s token variable', languageId: 'jsonc', fileName: '/p/.vscode/tasks.json',
    before: '{\n  // deploy\n  "version": "2.0.0",\n  "tasks": [{ "label": "x", "type": "shell", "command": "./deploy.sh", "options": { "env": { "GOGS_TOKEN": "@@" } } }],\n}\n',
    after: '{\n  // deploy\n  "version": "2.0.0",\n  "tasks": [{ "label": "x", "type": "shell", "command": "./deploy.sh", "options": { "env": { "GOGS_TOKEN": "${command:gogsKeyHygiene.tokenValue}" } } }],\n}\n',
    description: '${command:gogsKeyHygiene.tokenValue}', placeholder: false },
  { name: 'json: launch.json env gets the extension\'s token variable', languageId: 'jsonc', fileName: '/p/.vscode/launch.json',
    before: '{"configurations": [{"type": "node", "request": "launch", "name": "sync", "env": {"GITEA_TOKEN": "@@"}}]}',
    after: '{"configurations": [{"type": "node", "request": "launch", "name": "sync", "env": {"GITEA_TOKEN": "${command:gogsKeyHygiene.tokenValue}"}}]}', check: 'json', placeholder: false },
  { name: 'json: tasks.json command (where the variable is refused) gets a placeholder', languageId: 'jsonc', fileName: 'C:\\p\\.vscode\\tasks.json',
    before: '{"tasks": [{"command": "curl -H \\"Authorization: token @@\\""}]}', after: '{"tasks": [{"command": "curl -H \\"Authorization: token <GOGS_TOKEN from OS keychain>\\""}]}', check: 'json', placeholder: true },
  { name: 'json: other JSON gets a clear placeholder', languageId: 'json', fileName: 'config.json',
    before: '{"token": "@@"}\n', after: '{"token": "<GOGS_TOKEN from OS keychain>"}\n', check: 'json', description: '<GOGS_TOKEN from OS keychain>', placeholder: true },

  // ---- .netrc / .git-credentials ------------------------------------------------------------
  { name: 'netrc: one-line entry keeps machine and login', fileName: '/home/u/.netrc',
    before: 'machine git.example.test login alice password @@\nmachine other.test login bob password x\n',
    after: 'machine git.example.test login alice\nmachine other.test login bob password x\n', description: 'the .netrc entry without the password' },
  { name: 'netrc: multi-line entry loses its password line', fileName: '.netrc',
    before: 'machine git.example.test\n  login alice\n  password @@\nmachine other.test\n  login bob\n  password x\n',
    after: 'machine git.example.test\n  login alice\nmachine other.test\n  login bob\n  password x\n' },
  { name: 'netrc: token as login removes the whole entry', fileName: '.netrc',
    before: 'machine git.example.test login @@ password x-oauth-basic\nmachine other.test login bob password x\n', after: 'machine other.test login bob password x\n' },
  { name: 'netrc: password without login removes the entry', fileName: '_netrc',
    before: 'default password @@\n', after: '' },
  { name: 'netrc: a netrc-like line in a plaintext file only loses the token', languageId: 'plaintext', fileName: 'netrc.txt', context: 'netrc',
    before: 'machine h login a password @@\r\nmore notes\r\n', after: 'machine h login a password <GOGS_TOKEN from OS keychain>\r\nmore notes\r\n', placeholder: true },
  { name: 'netrc: a netrc-like line in Markdown keeps the rest of the document', languageId: 'markdown', fileName: 'docs/setup.md', context: 'netrc',
    before: '# Setup\n\nmachine gitea.example.test password @@\n\nThen run `tea login`.\n\n## Next\nmachine words default macdef\n',
    after: '# Setup\n\nmachine gitea.example.test password $GOGS_TOKEN\n\nThen run `tea login`.\n\n## Next\nmachine words default macdef\n', placeholder: true },
  { name: 'netrc: a comment after the entry stays', fileName: '/home/u/.netrc',
    before: 'machine a.test password @@\n# b.test is the mirror\nmachine b.test login bob password x\n',
    after: '# b.test is the mirror\nmachine b.test login bob password x\n' },
  { name: 'netrc: the entry ends at a word that is no keyword', fileName: '.netrc',
    before: 'machine a.test\n  login @@\n  password x-oauth-basic\nstray words stay\nmachine b.test login bob password x\n',
    after: 'stray words stay\nmachine b.test login bob password x\n' },
  { name: 'netrc: a comment on the entry line stays', fileName: '.netrc',
    before: 'machine a.test login alice password @@ # work account\n', after: 'machine a.test login alice # work account\n' },
  { name: 'netrc: quoted password value', fileName: '.netrc',
    before: 'machine a.test login alice password "@@"\n', after: 'machine a.test login alice\n' },
  { name: 'netrc: .authinfo is netrc format (port key)', fileName: '/home/u/.authinfo',
    before: 'machine a.test login alice port 443 password @@\n', after: 'machine a.test login alice port 443\n' },
  { name: 'netrc: a token in a macdef body is not an entry value', fileName: '.netrc',
    before: 'machine a.test login alice password x\nmacdef init\nquote site token @@\n\nmachine b.test login bob password y\n',
    after: 'machine a.test login alice password x\nmacdef init\nquote site token <GOGS_TOKEN from OS keychain>\n\nmachine b.test login bob password y\n', placeholder: true },
  { name: 'git-credentials: the line is removed', fileName: '/home/u/.git-credentials',
    before: 'https://alice:@@@git.example.test\nhttps://bob:zz@other.test\n', after: 'https://bob:zz@other.test\n' },
  { name: 'git-credentials: last line without newline', fileName: '.git-credentials',
    before: 'https://bob:zz@other.test\nhttps://alice:@@@git.example.test', after: 'https://bob:zz@other.test' },

  // ---- spots where the literal cannot simply become an expression (issue 10, finding 15) -----
  { name: 'js: a string object key becomes a computed key', languageId: 'javascript',
    before: 'const headers = { "token @@": 1, b: 2 };\n', after: 'const headers = { [`token ${process.env.GOGS_TOKEN}`]: 1, b: 2 };\n', check: 'js' },
  { name: 'js: a whole-string key after a comment becomes a computed key', languageId: 'javascript',
    before: 'const m = {\n  a: 1, // first\n  /* the token */ \'@@\': "alice",\n};\n', after: 'const m = {\n  a: 1, // first\n  /* the token */ [process.env.GOGS_TOKEN]: "alice",\n};\n', check: 'js' },
  { name: 'js: a key in a destructuring pattern', languageId: 'javascript',
    before: 'const { "@@": user } = users;\n', after: 'const { [process.env.GOGS_TOKEN]: user } = users;\n', check: 'js' },
  { name: 'js: a ternary branch before its colon is no key', languageId: 'javascript',
    before: 'const t = ok ? /* x */ "@@" : "";\n', after: 'const t = ok ? /* x */ process.env.GOGS_TOKEN : "";\n', check: 'js' },
  { name: 'js: a static import specifier is refused', languageId: 'javascript', fileName: 'main.mjs',
    before: 'import api from "https://git.example.test/raw/@@/api.js";\napi();\n',
    after: 'import api from "https://git.example.test/raw/<GOGS_TOKEN from OS keychain>/api.js";\napi();\n', check: 'mjs', refused: true },
  { name: 'js: export … from is refused', languageId: 'javascript',
    before: 'export * from "./@@.js";\n', after: 'export * from "./<GOGS_TOKEN from OS keychain>.js";\n', check: 'mjs', refused: true },
  { name: 'js: a string export name is refused', languageId: 'javascript',
    before: 'const x = 1;\nexport { x as "@@" };\n', after: 'const x = 1;\nexport { x as "<GOGS_TOKEN from OS keychain>" };\n', check: 'mjs', refused: true },
  { name: 'js: a string import name over two lines is refused', languageId: 'javascript',
    before: 'import {\n  "@@" as y,\n} from "./m.js";\n', after: 'import {\n  "<GOGS_TOKEN from OS keychain>" as y,\n} from "./m.js";\n', check: 'mjs', refused: true },
  { name: 'js: a dynamic import takes a template literal', languageId: 'javascript',
    before: 'const m = import("https://git.example.test/raw/@@/m.js");\n', after: 'const m = import(`https://git.example.test/raw/${process.env.GOGS_TOKEN}/m.js`);\n', check: 'mjs' },
  { name: 'ts: import x = require("…") is refused', languageId: 'typescript',
    before: 'import cfg = require("./@@");\n', after: 'import cfg = require("./<GOGS_TOKEN from OS keychain>");\n', check: 'ts', refused: true },
  { name: 'ts: a literal type alias is refused', languageId: 'typescript',
    before: 'type Token = "@@";\n', after: 'type Token = "<GOGS_TOKEN from OS keychain>";\n', check: 'ts', refused: true },
  { name: 'ts: a literal type in an `as` assertion is refused', languageId: 'typescript',
    before: 'declare const x: string;\nconst t = x as "@@";\n', after: 'declare const x: string;\nconst t = x as "<GOGS_TOKEN from OS keychain>";\n', check: 'ts', refused: true },
  { name: 'python: raw string with \\{ becomes an rf-string with the brace doubled', languageId: 'python',
    before: 'import os\ns = r"\\{x} \\d{2} @@"\nprint(s)\n', after: 'import os\ns = rf"\\{{x}} \\d{{2}} {os.environ[\'GOGS_TOKEN\']}"\nprint(s)\n', check: 'python', same: 'python' },
  { name: 'python: \\{ in a plain string keeps its backslash and brace in the f-string', languageId: 'python',
    before: 'import os\ns = "C:\\\\{dir}\\{x} @@"\nprint(s)\n', after: 'import os\ns = f"C:\\\\{{dir}}\\{{x}} {os.environ[\'GOGS_TOKEN\']}"\nprint(s)\n', check: 'python', same: 'python' },
  { name: 'python: implicit concatenation across lines (neighbour before)', languageId: 'python',
    before: 'import os\nurl = ("https://git.example.test/api/v1/user?token="  # api\n       "@@")\nprint(url)\n',
    after: 'import os\nurl = ("https://git.example.test/api/v1/user?token="  # api\n       f"{os.environ[\'GOGS_TOKEN\']}")\nprint(url)\n', check: 'python', same: 'python' },
  { name: 'python: implicit concatenation across lines (neighbour after a comment line)', languageId: 'python',
    before: 'import os\nauth = ("@@"\n        # user\n        ":alice")\nprint(auth)\n',
    after: 'import os\nauth = (f"{os.environ[\'GOGS_TOKEN\']}"\n        # user\n        ":alice")\nprint(auth)\n', check: 'python', same: 'python' },
  { name: 'python: implicit concatenation after a backslash continuation', languageId: 'python',
    before: 'import os\nh = "token " \\\n    \'@@\'\nprint(h)\n', after: 'import os\nh = "token " \\\n    f\'{os.environ["GOGS_TOKEN"]}\'\nprint(h)\n', check: 'python', same: 'python' },
  { name: 'python: a # inside a string on the line above is no comment', languageId: 'python',
    before: 'import os\nx = "#"\nt = "@@"\nprint(t)\n', after: 'import os\nx = "#"\nt = os.environ["GOGS_TOKEN"]\nprint(t)\n', check: 'python', same: 'python' },
  { name: 'python: bytes joined to a neighbour are refused', languageId: 'python',
    before: 'import os\nauth = (b"alice:"\n        b"@@")\n', after: 'import os\nauth = (b"alice:"\n        b"<GOGS_TOKEN from OS keychain>")\n', check: 'python', refused: true },
  { name: 'python: bytes concatenation before % is parenthesised', languageId: 'python',
    before: 'import os\nx = b"!"\nh = b"token @@ %s" % x\nprint(h)\n', after: 'import os\nx = b"!"\nh = (b"token " + os.environ["GOGS_TOKEN"].encode() + b" %s") % x\nprint(h)\n', check: 'python', same: 'python' },
  { name: 'ruby: a literal joined to its neighbour stays a string', languageId: 'ruby',
    before: 'auth = "alice:" \\\n  "@@"\n', after: 'auth = "alice:" \\\n  "#{ENV["GOGS_TOKEN"]}"\n' },
  { name: 'shell: a partly quoted here-document word <<E"O"F does not expand: unquoted', languageId: 'shellscript',
    before: 'cat <<E"O"F\ntoken @@ costs $5\nEOF\necho done\n', after: 'cat <<EOF\ntoken ${GOGS_TOKEN} costs \\$5\nEOF\necho done\n', check: 'bash', same: 'bash' },
  { name: 'shell: <<\\EOF and <<-\'E\'OF do not expand either', languageId: 'shellscript',
    before: 'cat <<\\EOF\na @@ `b`\nEOF\ncat <<-\'E\'OF\n\tsecond\n\tEOF\n', after: 'cat <<EOF\na ${GOGS_TOKEN} \\`b\\`\nEOF\ncat <<-\'E\'OF\n\tsecond\n\tEOF\n', check: 'bash', same: 'bash' },
  { name: 'shell: a quoted delimiter that cannot be unquoted is refused', languageId: 'shellscript',
    before: "cat <<'END OF'\ntoken @@\nEND OF\n", after: "cat <<'END OF'\ntoken <GOGS_TOKEN from OS keychain>\nEND OF\n", check: 'bash', refused: true },

  // ---- no env idiom -------------------------------------------------------------------------
  { name: 'maven pom.xml: ${env.X}', languageId: 'xml', fileName: 'pom.xml', before: '<password>@@</password>\n', after: '<password>${env.GOGS_TOKEN}</password>\n' },
  { name: 'xml: placeholder without angle brackets', languageId: 'xml', fileName: 'app.xml',
    before: '<token>@@</token>\n', after: '<token>[GOGS_TOKEN from OS keychain]</token>\n', placeholder: true },
  { name: 'toml: placeholder', fileName: 'config.toml', before: 'token = "@@"\n', after: 'token = "<GOGS_TOKEN from OS keychain>"\n', placeholder: true },
  { name: 'terraform .tfvars: placeholder (no env function)', fileName: 'prod.tfvars',
    before: 'gogs_token = "@@"\n', after: 'gogs_token = "<GOGS_TOKEN from OS keychain>"\n', placeholder: true },
  { name: 'markdown: $VAR in docs', languageId: 'markdown', before: 'Run `curl -H "Authorization: token @@"`.\n', after: 'Run `curl -H "Authorization: token $GOGS_TOKEN"`.\n', placeholder: true },
  { name: 'plaintext: placeholder', languageId: 'plaintext', fileName: 'notes.txt', before: 'token @@\n', after: 'token <GOGS_TOKEN from OS keychain>\n', placeholder: true },
  { name: 'unknown: no language, no file name', before: 'x @@ y', after: 'x <GOGS_TOKEN from OS keychain> y', placeholder: true },
];

function build(row: Row): { text: string; token: string; start: number; end: number } {
  const token = newToken();
  const start = row.before.indexOf(TOKEN);
  assert.ok(start >= 0 && row.before.indexOf(TOKEN, start + TOKEN.length) < 0, 'row has exactly one @@ marker');
  return { text: row.before.replace(TOKEN, token), token, start, end: start + token.length };
}

function assertSafePlan(p: ReplacementPlan, text: string, token: string): void {
  for (const e of p.edits) assert.ok(!e.newText.includes(token), 'an edit contains the token');
  assert.ok(!p.description.includes(token), 'the description contains the token');
  for (let i = 1; i < p.edits.length; i++) assert.ok(p.edits[i - 1].end <= p.edits[i].start, 'edits sorted and non-overlapping');
  for (const e of p.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
}

describe('fix/planReplacement: idiom table', () => {
  const cases = rows.map((row) => {
    const b = build(row);
    let p: ReplacementPlan | undefined;
    let error: unknown;
    try {
      p = planReplacement({ text: b.text, start: b.start, end: b.end, envVar: row.envVar ?? 'GOGS_TOKEN', languageId: row.languageId, fileName: row.fileName, context: row.context });
    } catch (e) {
      error = e;
    }
    return { row, ...b, p, error, result: p ? applyEdits(b.text, p.edits) : undefined };
  });
  // python3 and javac start slowly: validate their rows in one process each
  const batched = new Map<string, string | null>();
  before(function () {
    this.timeout(180_000);
    for (const kind of ['python', 'java'] as const) {
      const sources = [...new Set(cases.filter((c) => c.row.check === kind).flatMap((c) => [c.text, c.result ?? '']))];
      const errors = kind === 'python' ? pythonErrors(sources) : javaErrors(sources);
      sources.forEach((src, i) => batched.set(`${kind}\0${src}`, errors[i]));
    }
    const runs = cases.filter((c) => c.row.same === 'python' && c.result !== undefined)
      .flatMap((c) => [{ code: c.text, token: c.token }, { code: c.result as string, token: c.token }]);
    pythonOutputs(runs).forEach((o, i) => outputs.set(`${runs[i].token}\0${runs[i].code}`, o));
  });
  const outputs = new Map<string, string>();
  const output = (kind: 'bash' | 'python', code: string, token: string): string => {
    if (kind === 'bash') return bashOutput(code, token);
    const o = outputs.get(`${token}\0${code}`);
    assert.notEqual(o, undefined, 'run in the batch');
    return o as string;
  };
  const validate = (check: Check, code: string): void => {
    if (check !== 'python' && check !== 'java') return checkers[check](code);
    const e = batched.get(`${check}\0${code}`);
    assert.notEqual(e, undefined, 'validated in the batch');
    if (e !== null) throw new Error(`${check} rejected the text: ${e}`);
  };

  for (const c of cases) {
    it(c.row.name, () => {
      const { row, text, token } = c;
      if (row.check) validate(row.check, text); // the fixture itself is valid
      if (c.error !== undefined) throw c.error;
      const p = c.p as ReplacementPlan;
      assertSafePlan(p, text, token);
      assert.equal(c.result, row.after);
      assert.ok(!(c.result as string).includes(token));
      if (row.check) validate(row.check, c.result as string);
      if (row.description !== undefined) assert.equal(p.description, row.description);
      assert.equal(p.placeholder, row.placeholder ?? row.refused ?? false);
      assert.equal(p.reason !== undefined, row.refused ?? false, `reason: ${p.reason}`);
      if (p.reason !== undefined) assert.ok(!p.reason.includes(token) && p.reason.length > 10);
      if (row.same) assert.equal(output(row.same, c.result as string, token), output(row.same, text, token), 'same output');
    });
  }
});

describe('fix/planReplacement: the parsers used above reject broken code', () => {
  // Proves the validity checks in the table can fail: each rejects what a naive splice would write.
  const broken: Array<[Check, string]> = [
    ['js', 'const s = "token "process.env.GOGS_TOKEN";\n'],
    ['mjs', 'import api from `https://git.example.test/${process.env.GOGS_TOKEN}/api.js`;\n'],
    ['ts', "const s: string = 'token 'process.env.GOGS_TOKEN;\n"],
    ['tsx', 'const a = <Api token=process.env.GOGS_TOKEN />;\n'],
    ['python', 'h = "token "os.environ["GOGS_TOKEN"]\n'],
    ['bash', "echo 'a \n"],
    ['json', '{"token": ${env:GOGS_TOKEN}}'],
    ['yaml', 'args: [--token, ${GOGS_TOKEN}]\n'],
    ['make', 'deploy:\n  curl x\n'],
  ];
  for (const [check, code] of broken) {
    it(`${check} rejects a broken splice`, () => {
      assert.throws(() => checkers[check](code));
    });
  }
  it('java rejects a broken splice', function () {
    this.timeout(60_000);
    assert.throws(() => checkers.java('class Row { String s = "token "System.getenv("X"); }\n'));
    assert.doesNotThrow(() => checkers.java('class Row { String s = "token " + System.getenv("X"); }\n'));
  });
});

describe('fix/planReplacement: argument checks', () => {
  it('rejects an invalid env var name without echoing the token', () => {
    const token = newToken();
    for (const bad of ['', '1ABC', 'A-B', 'A B', '$X', 'X;rm']) {
      assert.throws(() => planReplacement({ text: token, start: 0, end: 40, envVar: bad }), (e: Error) => e instanceof TypeError && !e.message.includes(token));
    }
  });
  it('rejects spans outside the text or empty', () => {
    const token = newToken();
    for (const [s, e] of [[-1, 40], [0, 41], [5, 5], [10, 3], [0.5, 40]]) {
      assert.throws(() => planReplacement({ text: token, start: s, end: e, envVar: 'GOGS_TOKEN' }), RangeError);
    }
  });
  it('chooses the idiom by file name when the language id is missing or plaintext', () => {
    const cases: Array<[string, string]> = [
      ['.env', 'GOGS_TOKEN=${GOGS_TOKEN}'], ['.envrc', 'GOGS_TOKEN="$GOGS_TOKEN"'], ['Dockerfile', 'GOGS_TOKEN=${GOGS_TOKEN}'],
      ['Makefile', 'GOGS_TOKEN=$(GOGS_TOKEN)'], ['x.ps1', 'GOGS_TOKEN=$env:GOGS_TOKEN'], ['x.bat', 'GOGS_TOKEN=%GOGS_TOKEN%'],
      ['main.tf', 'GOGS_TOKEN=<GOGS_TOKEN from OS keychain>'], ['a.py', 'GOGS_TOKEN=os.environ["GOGS_TOKEN"]'],
    ];
    for (const [fileName, expected] of cases) {
      for (const languageId of [undefined, 'plaintext']) {
        const token = newToken();
        const text = `GOGS_TOKEN=${token}`;
        const p = planReplacement({ text, start: 11, end: 51, envVar: 'GOGS_TOKEN', fileName, languageId });
        const out = applyEdits(text, p.edits);
        assert.ok(out.endsWith(expected), `${fileName}/${languageId}: ${out}`);
      }
    }
  });
});

describe('fix/planReplacement: properties over random documents', () => {
  const languages = ['shellscript', 'powershell', 'bat', 'python', 'javascript', 'typescript', 'typescriptreact', 'go', 'ruby', 'php', 'java', 'kotlin',
    'csharp', 'yaml', 'dotenv', 'properties', 'dockerfile', 'makefile', 'json', 'markdown', 'xml', 'plaintext', undefined];
  const files = [undefined, '.netrc', '.git-credentials', '.npmrc', '.env', 'Dockerfile', '.vscode/settings.json', 'pom.xml', 'App.jsx', '.git/config', 'ci.yml'];
  const piece = fc.constantFrom('"', "'", '`', ' ', '\n', '\r\n', '#', '//', '/*', '*/', '$', '${', '{', '}', '(', ')', '[', ']', '\\', '@',
    'https://', 'u:', ':', '=', 'a', 'token ', 'login ', 'password ', 'machine h ', 'default ', 'macdef ', '<<EOF\n', 'EOF\n', "<<'EOF'\n",
    '<?php ', '?>', 'import os\n', 'package main\n', 'import (\n', '"""', "'''", "@'\n", "'@", '@"\n', '"@', 'FROM x\n', 'ARG ', '\\\n',
    'f"', 'b"', "$'", '- ', 'key: ', 'run: ', '|\n', '  ', '\t', 'const ', '=begin\n', '\n=end', '#{', '$(', '$((', "''", '/re/', 'u:p@', '<Tag a=');
  const side = fc.array(piece, { maxLength: 25 }).map((a) => a.join(''));

  it('never throws, never writes the token, edits are sorted, disjoint and inside the text', () => {
    fc.assert(fc.property(side, side, fc.constantFrom(...languages), fc.constantFrom(...files), (pre, post, languageId, fileName) => {
      const token = newToken();
      const text = pre + token + post;
      const p = planReplacement({ text, start: pre.length, end: pre.length + 40, envVar: 'GOGS_TOKEN', languageId, fileName });
      assertSafePlan(p, text, token);
      assert.ok(p.edits.length > 0);
      assert.ok(!applyEdits(text, p.edits).includes(token));
    }), { numRuns: 5000 });
  });
});
