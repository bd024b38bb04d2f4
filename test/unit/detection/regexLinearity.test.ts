/**
 * Every regex of the detector (src/detection/) and of the fix lexer (src/fix/lexer.ts, which the detector runs on
 * whole documents to classify ignore directives) is linear-time on adversarial input.
 *
 * The inventory is read from the sources with the TypeScript parser (regex literals, `new RegExp(X_SOURCE, …)`,
 * the lexer's `sticky('…')` patterns), so a regex added later fails the first test until it is listed here: with
 * adversarial inputs, or as one that never sees document text (file names, single characters). For each input the
 * test compares the cost per KiB of running the regex as the code does (every match of a global regex, one
 * attempt of a sticky one, a search otherwise) at 64 KiB and at 1 MiB. Linear work keeps the ratio near 1;
 * quadratic work makes it 16. It allows 3.5, and measures again (up to 3 times) before failing, as other processes
 * share the machine. The hand-written scans that replaced quadratic regexes are checked the same way, and
 * against the regexes they replaced on random inputs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as vocabulary from '../../../src/detection/vocabulary';
import { hasFileLikeName, isHereStringLogin, splitCamelCase, trimProseTrailing } from '../../../src/detection/rules';
import * as lexer from '../../../src/fix/lexer';

const ROOT = path.resolve(__dirname, '../../../..');
/** Every `.ts` file of src/detection and its folders (the rules live in src/detection/rules/). */
const SOURCES = [
  ...(fs.readdirSync(path.join(ROOT, 'src/detection'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/detection/${f.split(path.sep).join('/')}`)
    .sort(),
  'src/fix/lexer.ts',
];

/** `/source/flags` of every regex in the sources, with where it is. */
function inventory(): Map<string, string> {
  const found = new Map<string, string>();
  for (const rel of SOURCES) {
    const file = ts.createSourceFile(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node): string => `${rel}:${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    // string constants of the file (and the vocabulary's), for `new RegExp(NAME)` and `new RegExp(\`…${NAME}…\`)`
    const constants = new Map<string, string>();
    for (const [name, value] of Object.entries(vocabulary as Record<string, unknown>)) if (typeof value === 'string') constants.set(name, value);
    const valueOf = (e: ts.Expression | undefined): string | undefined => {
      if (e === undefined) return undefined;
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
      if (ts.isIdentifier(e)) return constants.get(e.text);
      if (ts.isTemplateExpression(e)) {
        let out = e.head.text;
        for (const span of e.templateSpans) {
          const v = valueOf(span.expression);
          if (v === undefined) return undefined;
          out += v + span.literal.text;
        }
        return out;
      }
      return undefined;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
        const v = valueOf(n.initializer);
        if (v !== undefined) constants.set(n.name.text, v);
      }
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        found.set((n as ts.RegularExpressionLiteral).text, where(n));
      } else if (ts.isCallExpression(n) && n.expression.getText() === 'sticky' && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0])) {
        found.set(`/${n.arguments[0].text}/y`, where(n));
      } else if (ts.isNewExpression(n) && n.expression.getText() === 'RegExp') {
        const [src, flags] = n.arguments ?? [];
        const value = valueOf(src);
        if (value !== undefined) found.set(`/${value}/${valueOf(flags) ?? ''}`, where(n));
        else if (!(rel === 'src/fix/lexer.ts' && src?.getText() === 'src')) found.set(`new RegExp(${n.arguments?.map((a) => a.getText()).join(', ')})`, where(n));
        // (the lexer's `new RegExp(src, 'y')` is `sticky`, whose patterns are listed one by one)
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  return found;
}

function toRegExp(key: string): RegExp {
  const i = key.lastIndexOf('/');
  return new RegExp(key.slice(1, i), key.slice(i + 1));
}

/** A text of length n: `head`, then `unit` repeated, then `tail`. */
const pump = (unit: string, head = '', tail = '') => (n: number): string => {
  const body = Math.max(0, n - head.length - tail.length);
  return head + unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + tail;
};

/** Regexes that never see document text. */
const NOT_DOCUMENT_TEXT: Record<string, string> = {
  '/[0-9a-f]/': 'builds a character table from single characters',
  '/[0-9A-Fa-f]/': 'builds a character table from single characters',
  '/\\w/': 'builds a character table from single characters',
  '/[\\\\/]/': 'splits a file path',
  '/(?:^|[\\\\/])(?:\\.vscode[\\\\/][^\\\\/]+|tsconfig[^\\\\/]*|jsconfig[^\\\\/]*|devcontainer|\\.devcontainer|settings|keybindings|launch|tasks|extensions|\\.eslintrc|\\.babelrc|\\.swcrc|renovate|\\.renovaterc)\\.json5?$|\\.jsonc$/i': 'file name',
  '/(?:^|[\\\\/])(?:\\.env[^\\\\/]*|[^\\\\/]*\\.(?:env|sh|bash|zsh|fish|ya?ml|ini|toml|cfg|conf|properties|tfvars|tf|hcl|service|netrc|npmrc|pypirc|gitconfig|rb|py|pl|ps1|r)|\\.?netrc|_netrc|\\.npmrc|\\.pypirc|\\.gitconfig|config|dockerfile|makefile|\\.envrc)$/i': 'file name',
  '/(?:^|[\\\\/])\\.git-credentials$/i': 'file name',
  '/\\.(?:md|markdown|html?|xml)$/i': 'file name',
  '/\\.(?:bat|cmd)$/i': 'file name',
  '/\\.(?:js|ts|go|java|c|cc|cpp|h|cs|rs|swift|kt|php|jsonc)$/i': 'file name',
  '/\\.json$/i': 'file name',
  '/gogs|gitea|forgejo|codeberg|(?:^|[\\\\/])tea[\\\\/]|\\.gitearc/i': 'file path',
  '/(?:^|[\\\\/])\\.git[\\\\/](?:logs|refs)[\\\\/]/': 'file path',
};

const sp = ' \t';
/** Adversarial inputs per regex (what makes it work hardest: near misses, runs its quantifiers share, long runs). */
const ADVERSARIAL: Record<string, Array<(n: number) => string>> = {
  // directives
  '/[ \\t]*(ignore-next-line|disable-next-line|ignore-line|disable-line|disable|enable)(?![\\w-])/iy': [pump(sp, '', 'ignore-next-lin'), pump(sp, '', 'disable-x')],
  // evidence and words
  [`/${vocabulary.FORGE_EVIDENCE_SOURCE}/gi`]: [pump('gite '), pump('tea    x'), pump('/api/v1/x'), pump('%2Fapi%2Fv1%2Fx'), pump('gitea')],
  [`/${vocabulary.OTHER_EVIDENCE_SOURCE}/gi`]: [pump('githu '), pump('DD_'), pump('travis-c'), pump('github')],
  '/gogs|gitea|forgejo|codeberg/i': [pump('gite '), pump('gog')],
  [`/${vocabulary.PROSE_TOKEN_WORD_SOURCE}/gi`]: [pump(' access_toke'), pump(' access '), pump('токе'), pump(' token')],
  [`/${vocabulary.PROSE_COMMIT_WORD_SOURCE}/i`]: [pump('commi sha- re fi'), pump('коммитx'.slice(0, 5))],
  // tables
  '/\\binsert\\s+(?:ignore\\s+)?into\\s+[`"[]?(?:\\w+[`"\\]]?\\.[`"[]?)?access_token\\b/i': [pump('a', 'insert into '), pump(' ', 'insert'), pump('insert into `x`.`'), pump('insert ignore ')],
  '/^\\s*copy\\s+(?:\\w+\\.)?"?access_token"?\\s*\\(([^)]*)\\)\\s*from\\s+stdin/i': [pump('a', 'copy access_token ('), pump(' ', 'copy access_token (x)'), pump('a', 'copy ')],
  '/(?:[?&;]|\\\\u0026)(?:access_)?token=$/': [pump('?token'), pump('&access_token=x'), pump('\\u0026token')],
  '/%(?:3f|26)(?:access_)?token%3d$/i': [pump('%3ftoken%3'), pump('%26access_token%3dx')],
  '/^[A-Za-z_$][\\w.\\-:$]{0,127}$/': [pump('a', '', '!')],
  '/^[a-z_][a-z0-9_ .-]{0,63}$/': [pump('a ', '', '!')],
  '/^[\\s+|=:-]*$/': [pump('+-|=: ', '', 'x')],
  '/^\\s*["\'`]?[0-9a-f]{40}["\'`]?\\s*$/': [pump(' ', '', 'x'), pump('a')],
  '/"/g': [pump('"')],
  '/gogs-key-hygiene:/gi': [pump('gogs-key-hygiene'), pump('gogs-key-hygiene:')],
  '/^\\s*\\(/': [pump(sp, '', 'x')],
  '/\\bvalues\\s*$/i': [pump(' ', 'values', 'x'), pump('values ', '', 'x')],
  // registry logins
  '/^[^|\\n]{0,8}\\|\\s*(?:sudo\\s+)?(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\\s+registry|crane\\s+auth|regctl\\s+registry)\\s+login\\b[^\\n]*--password-stdin/': [pump('-', '| docker login '), pump(' ', '|'), pump('--password-stdi', '| docker login ')],
  '/\\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\\s+registry)\\s+login\\b/': [pump(' ', 'docker'), pump('helm registry '), pump('docker ')],
  '/(?:^|[\\s;&|(])(?:echo(?:\\s{1,4}-[ne]{1,2})?|printf(?:\\s{1,4}(?:\'%s\'|"%s"|%s))?)\\s{1,4}["\']?$/': [pump(' echo '), pump(' printf %s'), pump(' echo -n  x')],
  // calls and keys
  '/token|auth|login|credential|password|basic/i': [pump('toke')],
  '/client|api|^new$|^gogs$|^gitea$|^forgejo$|connect|session|^open$|^init/i': [pump('clien')],
  '/authenticationheadervalue|authorization/i': [pump('authorizatio')],
  '/(?:(?:^|[^\\w-])(?:name|key|Name|Key|NAME|KEY)["\']?\\s*[:=]\\s*["\']?|<(?:name|key)>\\s*)([A-Za-z_][\\w.-]{0,127})/g': [pump(' name: '), pump(' ', ' name', 'x'), pump(' ', '<name>', '!'), pump('a', ' key="')],
  '/\\bmachine[ \\t]+([^\\s]+)/g': [pump('machine '), pump(sp, 'machine', '\n'), pump('a', 'machine ')],
  '/["\']?\\b(?:message|author|committer|tree|parents|html_url|files|stats|before|after|ref|commit|url|href|size|length|path|file|filename|download|browser_download_url|content_type|mime|checksum|md5)\\b\\\\?["\']?\\s*:/i': [pump(' ', '"message" ', 'x'), pump('message '), pump('"filenam')],
  '/(?:^|[\\s{,])\\\\?["\']?(?:name|token_last_eight)\\\\?["\']?\\s*:/i': [pump(' ', ' name', 'x'), pump(' name\\"'), pump(',token_last_eigh')],
  '/[^a-z0-9]+/': [pump('_-.'), pump('_-', 'a', 'A')],
  '/^(?:gitea|forgejo)__/i': [pump('gitea_')],
  '/^[-$@%]+/': [pump('-$@%', '', 'x')],
  '/(?:^|\\.)(?:env|environ|ENV|Env)\\.([A-Za-z_]\\w*)$/': [pump('.env.'), pump('a', '.env.', '.'), pump('.environ')],
  '/^[a-z][a-z0-9+.-]{0,15}:\\/\\/(?:[^@/]{0,128}@)?([^/:?#]{1,253})/i': [pump('a', 'https://'), pump('a+'), pump(':', 'http://')],
  '/access_token/i': [pump('access_toke')],
  '/\\/api\\/v1\\/|%2Fapi%2Fv1%2F/i': [pump('/api/v1'), pump('%2Fapi%2Fv1%2')],
  '/^-+/': [pump('-', '', 'x')],
  '/^\\s*(?:#.*)?$/': [pump(' \n', '', 'x'), pump('a', '#', '\nx')],
  '/\\.|::|->|:|\\\\/': [pump('-x')],
  '/^([ \\t]*)(-[ \\t]+)?["\']?$/': [pump(sp, '', 'x'), pump(sp, '- ', 'x')],
  '/^["\']?,?\\s*$/': [pump(' ', '",', 'x')],
  '/^\\s*$/': [pump(' \t\n', '', 'x')],
  '/^[ \\t]*-[ \\t]/': [pump(sp)],
  '/\\$\\{([A-Za-z_]\\w{0,127})$/': [pump('${a'), pump('a', '${', '!')],
  '/^<([A-Za-z_][\\w.:-]*)(?:[^\\w.:<>-][^<>]*)?>$/': [pump(' ', '<a', '<'), pump('a', '<', '<'), pump('a.:-', '<a ', '<')],
  '/^\\s*["\'`]([A-Za-z_][\\w.-]{0,127})["\'`]/': [pump(' ', '', 'x'), pump('a', '"')],
  '/^[ntr]/': [pump('n')],
  // block and section structure
  '/^[ \\t]*(?:-[ \\t]+)?["\']?([A-Za-z_][\\w.-]{0,63})["\']?[ \\t]*(?:(?::|=>|=)[ \\t]*)?(?:[[{(][ \\t]*)?\\r?$/': [pump(sp, 'key', 'x'), pump(sp, '- "key": ', 'x'), pump(sp, 'key = [', 'x')],
  '/^[ \\t]*\\[\\[?[ \\t]*([A-Za-z_](?:[\\w.\\-" ]{0,62}[\\w.\\-"])?)[ \\t]*\\]\\]?[ \\t]*\\r?$/': [pump(' ', '[a', 'x'), pump(' b', '[a', 'x'), pump(sp, '[[ a ] ', 'x')],
  '/([A-Za-z_]\\w{0,127})[ \\t]*(?::[ \\t]*)?&?(?:\'static[ \\t]+)?(?:mut[ \\t]+)?$/': [pump(sp, 'a', 'x'), pump(sp, 'a:', '!'), pump('a '), pump('a', '', '!')],
  '/^([ \\t]*)(?:-[ \\t]+)?["\']?([A-Za-z_][\\w.-]{0,127})["\']?[ \\t]*:(?:[ \\t]*[|>][-+]?[0-9]?)?[ \\t]*\\r?$/': [pump(sp, 'key:', 'x'), pump(sp, 'key: |', 'x'), pump(sp, '', 'key')],
  '/^[A-Za-z_$@/-][\\w.\\-:$@/]{0,127}$/': [pump('a/', '', '!')],
  '/(?:[:：=→—–-]|\\bis|\\bwas|->|=>)$/i': [pump('->x'), pump(' is x')],
  '/^[A-Za-z_][\\w.-]*$/': [pump('a.-', '', '!')],
  '/^\\s*\\\\?["\'`]([^"\'`\\\\]{0,128})\\\\?["\'`]\\s*$/': [pump(' ', '', '"'), pump('a', '"')],
  '/(?:^|\\s)#[ \\t]*define[ \\t]+$/': [pump(sp, ' #', 'x'), pump(sp, ' # define', 'x'), pump(' #')],
  '/(?:^|\\s)(?:-u|--user|-a|--auth)[ =]["\']?$/': [pump(' -u ', '', 'x'), pump(' --use')],
  '/(?:^|\\s)default\\s/': [pump(' defaul')],
  '/[a-z0-9]\\.[a-z0-9]/': [pump('.-'), pump('a-')],
  // lexer
  [String.raw`/<<(-?)[ \t]*((?:[A-Za-z0-9_]|'[^'\n]*'|"(?:[^"\\\n]|\\[^\n])*"|\\[^\s])(?:[^\s;|&<>()'"\\]|'[^'\n]*'|"(?:[^"\\\n]|\\[^\n])*"|\\[^\s])*)/y`]:
    [pump('a', "<<'"), pump('\\"', '<<"'), pump('a"b"\'c\'\\d', '<<'), pump(sp, '<<-', 'x'), pump('a', '<<')],
  '/\\s/': [pump('a')],
  '/^\\t+/': [pump('\t', '', 'x')],
  '/[A-Za-z0-9_]/': [pump('-')],
  '/[A-Za-z_$]/': [pump('-')],
  '/[A-Za-z0-9_$]/': [pump('-')],
  '/[a-z]/': [pump('-')],
  '/^[|>][1-9+-]{0,2}[ \\t]*(#[^\\n]*)?\\r?(\\n|$)/': [pump(sp, '|-', 'x'), pump('a', '| #', '\rx')],
  '/^[ \\t]*/': [pump(sp)],
  '/\\r$/': [pump('\r', '', 'x')],
  '/^ */': [pump(' ')],
  '/()(`)/y': [pump('`')],
  '/()(")/y': [pump('"')],
  "/()(')/y": [pump("'")],
  '/([rRbBuUfF]{0,2})(""")/y': [pump('"', 'rb')],
  "/([rRbBuUfF]{0,2})(''')/y": [pump("'", 'rb')],
  '/([rRbBuUfF]{0,2})(")/y': [pump('r')],
  "/([rRbBuUfF]{0,2})(')/y": [pump('r')],
  '/()(""")/y': [pump('"')],
  '/(?<!\\$)(\\$*)(""")/y': [pump('$', '', '""'), pump('$', 'x', '')],
  '/(\\$?@\\$?)(")/y': [pump('$@')],
  '/(\\$)(")/y': [pump('$')],
  "/(\\$)(')/y": [pump('$')],
  '/()(@"[ \\t]*\\r?\\n)/y': [pump(sp, '@"', 'x')],
  "/()(@'[ \\t]*\\r?\\n)/y": [pump(sp, "@'", 'x')],
};

/** Runs `re` over `text` the way the code uses it. */
function run(re: RegExp, text: string): void {
  re.lastIndex = 0;
  if (re.global) {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[0].length === 0) re.lastIndex++;
  } else {
    re.exec(text);
  }
}

/** Milliseconds per KiB of `work(text)`, the best of 3 timings, each repeated until it took at least 10 ms. */
function costPerKiB(work: (text: string) => void, text: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    let reps = 0;
    const t0 = process.hrtime.bigint();
    let elapsed: number;
    do {
      work(text);
      reps++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
    } while (elapsed < 10);
    best = Math.min(best, elapsed / reps);
  }
  return best / (text.length / 1024);
}

const SMALL = 64 * 1024;
const LARGE = 1024 * 1024;
const RATIO = 3.5;

/**
 * Fails when the cost per KiB at 1 MiB is more than RATIO times that at 64 KiB, three measurements in a row. A quick
 * look at 256 B → 2 KiB comes first, so that a quadratic or cubic case fails in seconds instead of running for hours.
 */
function assertLinear(name: string, work: (text: string) => void, make: (n: number) => string): void {
  const probe = [make(256), make(2 * 1024)];
  work(probe[0]); // warm up
  let a = 0;
  let b = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    a = costPerKiB(work, probe[0]);
    b = costPerKiB(work, probe[1]);
    if (b <= RATIO * a) break;
    if (attempt === 2) assert.fail(`${name}: ${(a * 1024).toFixed(2)} ms/MiB at 256 B vs ${(b * 1024).toFixed(2)} ms/MiB at 2 KiB`);
  }
  const small = make(SMALL);
  const large = make(LARGE);
  for (let attempt = 0; attempt < 3; attempt++) {
    a = costPerKiB(work, small);
    b = costPerKiB(work, large);
    if (b <= RATIO * a) return;
  }
  assert.fail(`${name}: ${(a * 1024).toFixed(2)} ms/MiB at 64 KiB vs ${(b * 1024).toFixed(2)} ms/MiB at 1 MiB`);
}

describe('regex linearity (cost per KiB at 64 KiB vs 1 MiB of adversarial input)', function () {
  this.timeout(600_000);
  const found = inventory();

  it('lists every regex of src/detection and the fix lexer, with adversarial inputs or as not run on document text', () => {
    const unlisted = [...found].filter(([key]) => ADVERSARIAL[key] === undefined && NOT_DOCUMENT_TEXT[key] === undefined);
    assert.deepEqual(unlisted.map(([key, where]) => `${where} ${key}`), [], 'regexes without adversarial inputs');
    const stale = [...Object.keys(ADVERSARIAL), ...Object.keys(NOT_DOCUMENT_TEXT)].filter((key) => !found.has(key));
    assert.deepEqual(stale, [], 'entries for regexes that are gone');
  });

  for (const [key, inputs] of Object.entries(ADVERSARIAL)) {
    it(key, () => {
      const re = toRegExp(key);
      inputs.forEach((make, k) => assertLinear(`${key} input ${k + 1}`, (t) => run(re, t), make));
    });
  }
});

describe('hand-written scans that replaced quadratic regexes', function () {
  this.timeout(600_000);

  /** The regexes they replaced: the reference for random inputs. */
  const OLD = {
    fileName: /\bname\\?["']?\s*:\s*\\?["']?[^"'\s,}]*(?:\.[A-Za-z0-9]{1,5}|\/[^"'\s,}]*)\\?["']?\s*(?:[,}\n]|$)/i,
    hereString: /\blogin\b[^\n]{0,400}--password-stdin[ \t]*<<<[ \t]*["']?$/,
    proseTrailing: /[\s"'`*_()[\]]+$/,
  };
  const camelOld = (k: string): string => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');

  let seed = 20240611;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const randomText = (pieces: readonly string[], max: number): string => {
    let s = '';
    for (let k = Math.floor(rnd() * max); k > 0; k--) s += pieces[Math.floor(rnd() * pieces.length)];
    return s;
  };

  it('answer as the regexes they replaced, on 20,000 random inputs each', () => {
    for (let k = 0; k < 20_000; k++) {
      const obj = randomText(['name', 'NAME', '\\', '"', "'", ':', ' ', '\n', '\t', '/', '.', 'a', '0', 'tar', 'gz', ',', '}', '{', '\u00a0', '.abcdef', 'names', '_'], 16);
      assert.equal(hasFileLikeName(obj), OLD.fileName.test(obj), JSON.stringify(obj));
      const head = randomText(['login', ' ', '\t', '\n', '--password-stdin', '<<<', '<', '"', "'", 'x', '-', 'alogin', 'login_', 'y'.repeat(97), 'y'.repeat(100)], 24);
      assert.equal(isHereStringLogin(head), OLD.hereString.test(head), JSON.stringify(head));
      const gap = randomText([' ', '\t', '"', "'", '`', '*', '_', '(', ')', '[', ']', 'a', ':', '\u00a0', '\u2028', '\n'], 12);
      assert.equal(trimProseTrailing(gap), gap.replace(OLD.proseTrailing, ''), JSON.stringify(gap));
      const key = randomText(['A', 'B', 'a', 'b', '0', '_', '-', 'K', 'İ', 'Z', 'z'], 12);
      assert.equal(splitCamelCase(key), camelOld(key), JSON.stringify(key));
    }
  });

  const cases: Array<[string, (t: string) => unknown, Array<(n: number) => string>]> = [
    ['hasFileLikeName', hasFileLikeName, [pump('/', '"name": "', '"x'), pump('name:'), pump('a.b', 'name: '), pump(' ', 'name', 'x')]],
    ['isHereStringLogin', isHereStringLogin, [pump('login ', '', '--password-stdin <<< "'), pump(' ', 'login', '--password-stdin <<<'), pump('<<<')]],
    ['trimProseTrailing', trimProseTrailing, [pump(' "*_', 'x'), pump(' ')]],
    ['splitCamelCase', splitCamelCase, [pump('A'), pump('aB')]],
  ];
  for (const [name, fn, inputs] of cases) {
    it(`${name} is linear`, () => inputs.forEach((make, k) => assertLinear(`${name} input ${k + 1}`, (t) => fn(t), make)));
  }
});

describe('fix lexer linearity (one pass over adversarial documents)', function () {
  this.timeout(600_000);
  const L = lexer as unknown as Record<string, lexer.Rules>;
  const cases: Array<[string, string, Array<(n: number) => string>]> = [
    ['JS_RULES', 'unterminated regex literals, template literals, comments', [pump('([/'), pump('=/\\\n'), pump('`a${b}`/*x*/ // y\n'), pump('"\\"\'`')]],
    ['SHELL_RULES', 'here-documents and arithmetic', [pump('x<<y '), pump('((a<<b '), pump('cat <<EOF\nbody\nEOF\n'), pump('"$(a)" ')]],
    ['CSHARP_RULES', 'runs of $ before raw strings', [pump('$'), pump('$@"x" @$"')]],
    ['PYTHON_RULES', 'string prefixes and triple quotes', [pump('rb'), pump('f"""x""" #\n'), pump("'''")]],
    ['YAML_RULES', 'block scalars and flow collections', [pump('[|'), pump('k: |\n  x\n'), pump("- 'a''b' ")]],
    ['POWERSHELL_RULES', 'here-strings and block comments', [pump('@"  '), pump('<#x#> `'), pump('@"\nx\n"@\n')]],
    ['RUBY_RULES', 'interpolations and =begin', [pump('"#{x}" '), pump('=begin\n=end\n')]],
    // (not deeply nested interpolations: the lexer recurses into them; see inLexerComment for what happens then)
    ['GO_RULES', 'raw strings', [pump('`a` "b" \'c\' //\n')]],
    ['JAVA_RULES', 'text blocks', [pump('"""\nx\n""" ')]],
    ['KOTLIN_RULES', 'raw strings with ${}', [pump('"""${a}""" ')]],
    ['PHP_RULES', 'multi-line strings and comments', [pump("'a' \"b\" # c\n")]],
    ['JSON_RULES', 'strings and comments', [pump('"a": "b", /* c */ // d\n')]],
    ['DOTENV_RULES', 'quoted values', [pump('A="b"\n# c\n')]],
  ];
  for (const [name, what, inputs] of cases) {
    it(`${name}: ${what}`, () => {
      const rules = L[name];
      inputs.forEach((make, k) => assertLinear(`${name} input ${k + 1}`, (t) => {
        // ask about a few offsets spread over the text, as the detector does for directives
        lexer.locateKinds(t, [0, t.length >> 2, t.length >> 1, t.length - 1], rules);
      }, make));
    });
  }
});
