/**
 * Property test of the "Move token to OS keychain" replacement (issue 10, finding 6): for every
 * dialect the fix knows, random surrounding content before and after the token's own line(s)
 * comes out of the fix unchanged, except the insertions the fix documents (Python `import os`,
 * Go's "os" import, a Dockerfile `ARG`). Each case puts a "unit" (a line or a multi-line literal
 * holding a fresh random token) between random complete lines of that dialect.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { applyEdits, planReplacement } from '../../../src/fix';

interface Spec {
  name: string;
  languageId?: string;
  fileName?: string;
  /** The token's line(s); `@@` marks the token, `\n` the file's line break. */
  units: Array<{ text: string; context?: string }>;
  /** Complete lines (or blocks) of the dialect that leave its lexer in code. */
  lines?: string[];
  /** Line comment opener: arbitrary text behind it makes a line too. */
  comment?: string;
  /** Any line at all may surround the unit (the dialect has no lexer state across lines). */
  free?: boolean;
  /** Fixed first lines. */
  header?: string[];
  /** Insertions the fix documents (pure insertions, anywhere). */
  inserts?: RegExp;
  /** Lines of a generator of its own (netrc). */
  custom?: fc.Arbitrary<string>;
}

/** Characters of random line content: heavy on the ones that mean something to some lexer. */
const CHARS = fc.constantFrom(...'"\'`$\\{}()[]#/*<>=:;,.@!?%&|^~-+ \taz09XYéλ€'.split(''), '\u{1F600}');
const text = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: CHARS, maxLength });
const WORDS = fc.array(fc.oneof(
  fc.constantFrom('machine', 'login', 'password', 'account', 'default', 'macdef', 'port', '#', 'https://u:p@h/', '<<EOF', 'EOF', '"""', "'''"),
  text(10),
), { maxLength: 8 }).map((ws) => ws.join(' '));

/** A netrc value or name: printable, no blank, no quote (a `"` would open a quoted token). */
const NETRC_WORD = fc.stringMatching(/^[!#-~]{1,12}$/).filter((w) => !w.includes('"') && !w.includes('\\'));
const NETRC_LINES = fc.oneof(
  text(30).map((t) => `#${t}`),
  fc.constant(''),
  fc.tuple(NETRC_WORD, NETRC_WORD, NETRC_WORD).map(([m, l, p]) => `machine ${m} login ${l} password ${p}`),
  fc.tuple(NETRC_WORD, NETRC_WORD).map(([l, p]) => `default login ${l} password ${p}`),
  fc.tuple(NETRC_WORD, NETRC_WORD, NETRC_WORD).map(([m, l, p]) => `machine ${m}\n  login ${l}\n  password ${p}`),
  fc.tuple(NETRC_WORD, NETRC_WORD).map(([m, a]) => `machine ${m} account ${a} # ${m}`),
  fc.constant('macdef init\ncd /pub\n'),
  // a line that starts with a word that is no netrc keyword (prose, junk)
  fc.tuple(fc.constantFrom('stray', 'notes:', '---', 'x'), WORDS).map(([w, rest]) => `${w} ${rest}`),
);

const specs: Spec[] = [
  {
    name: 'netrc', fileName: '/home/u/.netrc', custom: NETRC_LINES,
    units: [
      { text: 'machine gitea.example.test login alice password @@' },
      { text: 'machine gitea.example.test password @@' },
      { text: 'machine gitea.example.test\n  login alice\n  password @@' },
      { text: 'machine gitea.example.test\n\tlogin @@\n\tpassword x-oauth-basic' },
      { text: 'default login alice password "@@"' },
      { text: 'machine h.test login alice password @@ # work' },
    ].map((u) => ({ ...u, context: 'netrc' })),
  },
  { name: 'authinfo', fileName: '.authinfo', custom: NETRC_LINES, units: [{ text: 'machine h.test login alice port 443 password @@', context: 'netrc' }] },
  {
    name: 'markdown (netrc-like lines are prose)', languageId: 'markdown', fileName: 'docs/setup.md', free: true,
    units: [
      { text: 'machine gitea.example.test password @@', context: 'netrc' },
      { text: 'machine gitea.example.test login alice password @@', context: 'netrc' },
      { text: 'Run `curl -H "Authorization: token @@"`.' },
    ],
  },
  {
    name: 'plaintext', languageId: 'plaintext', fileName: 'notes.txt', free: true,
    units: [{ text: 'machine h.test password @@', context: 'netrc' }, { text: 'default password @@', context: 'netrc' }, { text: 'token @@' }],
  },
  { name: 'git-credentials', fileName: '.git-credentials', free: true, units: [{ text: 'https://alice:@@@git.example.test' }] },
  { name: 'toml (placeholder)', fileName: 'config.toml', free: true, units: [{ text: 'token = "@@"' }] },
  { name: 'xml (markup)', languageId: 'xml', fileName: 'app.xml', free: true, units: [{ text: '<token>@@</token>' }] },
  { name: 'maven', languageId: 'xml', fileName: 'pom.xml', free: true, units: [{ text: '<password>@@</password>' }] },
  { name: 'json', languageId: 'json', fileName: 'c.json', free: true, units: [{ text: '"token": "@@",' }, { text: '@@' }] },
  { name: 'vscode json', languageId: 'jsonc', fileName: '.vscode/tasks.json', free: true, units: [{ text: '"env": { "GOGS_TOKEN": "@@" }' }] },
  { name: 'properties', languageId: 'properties', fileName: 'a.properties', free: true, units: [{ text: 'gogs.token=@@' }] },
  { name: 'ini', languageId: 'ini', fileName: 'tool.ini', free: true, units: [{ text: 'token = @@' }] },
  { name: 'npmrc', fileName: '.npmrc', free: true, units: [{ text: '//git.example.test/api/packages/a/npm/:_authToken=@@' }] },
  { name: 'makefile', languageId: 'makefile', free: true, units: [{ text: "\tcurl -H 'Authorization: token @@' https://h" }] },
  { name: 'batch', languageId: 'bat', free: true, units: [{ text: 'set TOKEN=@@' }, { text: 'curl -H "Authorization: token @@" https://h' }] },
  {
    name: 'shell', languageId: 'shellscript', comment: '#',
    lines: ['echo hi', "x='a b # c'", 'y="$x # not a comment"', "cat <<'EOF'\n$literal `x`\nEOF", 'cat <<E"O"F\nbody $x\nEOF',
      'if [ -n "$x" ]; then echo "it\'s"; fi', 'n=$((1 << 2))', 'f() { echo "}"; }', "printf $'a\\'b'"],
    units: [
      { text: 'TOKEN=@@' }, { text: 'curl -H "Authorization: token @@" https://h' }, { text: "curl -H 'Authorization: token @@' https://h" },
      { text: "echo 'a @@ b'" }, { text: "cat <<'EOF'\ntoken: @@ $5\nEOF" }, { text: 'cat <<E"O"F\ntoken @@ $5\nEOF' },
      { text: "cat <<'END OF'\ntoken @@\nEND OF" }, { text: '# old @@' }, { text: 'git clone https://alice:@@@git.example.test/a/r.git', context: 'userinfo' },
    ],
  },
  {
    name: 'dockerfile', languageId: 'dockerfile', comment: '#', header: ['FROM alpine:3'],
    lines: ['RUN echo hi', 'ENV A=b', 'ARG OTHER', 'FROM debian:12 AS build'],
    units: [{ text: 'ENV GOGS_TOKEN=@@' }, { text: "RUN curl -H 'Authorization: token @@' https://h" }, { text: 'ARG GOGS_TOKEN=@@' }],
    inserts: /^[ \t]*ARG GOGS_TOKEN\r?\n$/,
  },
  {
    name: 'powershell', languageId: 'powershell', comment: '#',
    lines: ["$a = 'it''s'", 'Write-Host "x $y"', '<# block #>', "$b = @'\nx 'y'\n'@"],
    units: [{ text: '$h = @{ Authorization = "token @@" }' }, { text: "$t = '@@'" }, { text: "Write-Host 'it''s $5 @@'" }, { text: "$body = @'\ntoken @@\n'@" }],
  },
  {
    name: 'python', languageId: 'python', comment: '#',
    lines: ['x = 1', 's = "a # b"', "t = '''doc\n'lines'\n'''", 'import sys', 'def f():\n    return "}"', '"""Module doc."""', 'y = (1,\n     2)'],
    units: [
      { text: 'TOKEN = "@@"' }, { text: 'h = {"Authorization": "token @@"}' }, { text: 's = r"\\{x} @@"' }, { text: 'b = b"token @@"' },
      { text: 'u = ("https://h/?t="\n     "@@")' }, { text: 'q = """token\n@@"""' }, { text: 'v = b"a" b"@@"' },
    ],
    inserts: /^(\r?\n)?import os\r?\n$/,
  },
  {
    name: 'javascript', languageId: 'javascript', comment: '//',
    lines: ['const a = 1;', 'const re = /"/;', 'const t = `x ${"}"} y`;', '/* block\n comment */', 'import x from "y";', 'const o = { a: "b" };'],
    units: [
      { text: 'const token = "@@";' }, { text: 'fetch(u, { headers: { Authorization: "token @@" } });' }, { text: 'const o = { "token @@": 1 };' },
      { text: 'import api from "https://h/@@/api.js";' }, { text: 'const s = `token ${x}\n@@`;' },
    ],
  },
  {
    name: 'go', languageId: 'go', comment: '//', header: ['package main'],
    lines: ['var a = 1', 'import "fmt"', 'func f() {}', 'var s = `raw\n"q"`'],
    units: [{ text: 'var t = "@@"' }, { text: 'const t = "@@"' }, { text: 'func g() { req.Header.Set("Authorization", "token @@") }' }],
    inserts: /^(\r?\n)*(import "os"|[ \t]*"os"\r?\n)$/,
  },
  {
    name: 'ruby', languageId: 'ruby', comment: '#', lines: ['x = 1', "s = 'it\\'s'", '=begin\ndoc "\n=end'],
    units: [{ text: 'TOKEN = "@@"' }, { text: "h = 'token @@ #1'" }, { text: 'auth = "alice:" \\\n  "@@"' }],
  },
  { name: 'php', languageId: 'php', comment: '//', header: ['<?php'], lines: ['$a = 1;', '# c'], units: [{ text: "$t = '@@';" }, { text: '$h = "Authorization: token @@";' }] },
  {
    name: 'java', languageId: 'java', comment: '//', lines: ['int a = 1;', 'String s = "a // b";', '/* c */'],
    units: [{ text: 'String t = "@@";' }, { text: 'c.setRequestProperty("Authorization", "token @@ x");' }, { text: 'String b = """\n    token @@\n    """;' }],
  },
  { name: 'kotlin', languageId: 'kotlin', comment: '//', lines: ['val a = 1'], units: [{ text: 'val h = "token @@"' }] },
  { name: 'csharp', languageId: 'csharp', comment: '//', lines: ['var a = 1;'], units: [{ text: 'var h = $"token @@ {x}";' }, { text: 'var h = "token @@";' }] },
  {
    name: 'yaml', languageId: 'yaml', comment: '#', lines: ['a: 1', 'list:\n  - x', "s: 'it''s'", 'run: |\n  echo "hi"'],
    units: [
      { text: 'GOGS_TOKEN: @@' }, { text: 'token: "@@"' }, { text: 'args: [--token, @@]' }, { text: 'headers: {auth: token @@, x: 1}' },
      { text: "run: |\n  curl -H 'Authorization: token @@' https://h" },
    ],
  },
  {
    name: 'dotenv', fileName: '.env', comment: '#', lines: ['A=b', "B='x y'", 'C="z"'],
    units: [{ text: 'GOGS_TOKEN=@@' }, { text: "AUTH='token @@ x'" }, { text: "AUTH='token @@ $HOME'" }, { text: 'AUTH="token @@"' }],
  },
];

function surroundings(spec: Spec): fc.Arbitrary<string[]> {
  const options: Array<fc.Arbitrary<string>> = [];
  if (spec.custom) options.push(spec.custom);
  if (spec.free) options.push(WORDS, text(40));
  if (spec.lines) options.push(fc.constantFrom(...spec.lines), fc.constant(''));
  if (spec.comment) options.push(text(40).map((t) => `${spec.comment} ${t}`));
  return fc.array(fc.oneof(...options), { maxLength: 6 });
}

describe('fix/planReplacement: nothing outside the token\'s own lines changes (every dialect)', () => {
  for (const spec of specs) {
    it(spec.name, () => {
      fc.assert(fc.property(
        surroundings(spec), surroundings(spec), fc.constantFrom(...spec.units), fc.constantFrom('\n', '\r\n'), fc.boolean(),
        (before, after, unit, eol, trailing) => {
          const token = randomBytes(20).toString('hex');
          const head = [...(spec.header ?? []), ...before].map((l) => l.replace(/\n/g, eol));
          const tail = after.map((l) => l.replace(/\n/g, eol));
          const unitText = unit.text.replace(/\n/g, eol).replace('@@', token);
          const prefix = head.length > 0 ? head.join(eol) + eol : '';
          const suffix = (tail.length > 0 ? eol + tail.join(eol) : '') + (trailing ? eol : '');
          const doc = prefix + unitText + suffix;
          const unitStart = prefix.length;
          const unitEnd = unitStart + unitText.length;
          const start = unitStart + unitText.indexOf(token);
          const p = planReplacement({ text: doc, start, end: start + 40, envVar: 'GOGS_TOKEN', languageId: spec.languageId, fileName: spec.fileName, context: unit.context });
          assert.ok(!applyEdits(doc, p.edits).includes(token), 'the token is gone');
          // the unit's line break may go with it (a removed line), or the one before it when it is the last line
          const lo = suffix === '' && unitStart > 0 ? unitStart - eol.length : unitStart;
          const hi = doc.startsWith(eol, unitEnd) ? unitEnd + eol.length : unitEnd;
          const documented = (e: { start: number; end: number; newText: string }): boolean =>
            spec.inserts !== undefined && e.start === e.end && spec.inserts.test(e.newText);
          for (const e of p.edits) {
            if (documented(e)) continue;
            assert.ok(e.start >= lo && e.end <= hi, `edit [${e.start}, ${e.end}) leaves the token's lines [${lo}, ${hi}): ${JSON.stringify(doc.slice(e.start, e.end).replace(token, '<token>'))}`);
          }
          const out = applyEdits(doc, p.edits.filter((e) => !documented(e)));
          assert.equal(out.slice(0, lo), doc.slice(0, lo), 'text before the token\'s lines');
          assert.equal(out.slice(out.length - (doc.length - hi)), doc.slice(hi), 'text after the token\'s lines');
        },
      ), { numRuns: 300 });
    });
  }
});
