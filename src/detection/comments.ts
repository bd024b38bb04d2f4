/**
 * Which ignore directives really stand in a comment, for files whose syntax has multi-line strings.
 *
 * The directive scan ({@link findDirectives}) looks at one line: a comment opener before the marker, outside quotes
 * counted from the line start. That cannot see a string opened on an earlier line: a JavaScript template literal, a
 * Python `"""` string, a YAML `|` block scalar, a shell here-document. For the languages the quick-fix lexer knows
 * (src/fix/lexer.ts: a pure module without imports, shared here rather than copied), one pass of that lexer over
 * the text decides: a directive whose marker it does not place in a comment is dropped.
 *
 * Languages the lexer does not model (Markdown, HTML, SQL, PHP with its inline HTML, …) keep the line check alone.
 */
import {
  CSHARP_RULES, DOTENV_RULES, GO_RULES, JAVA_RULES, JS_RULES, KOTLIN_RULES, locateKinds, POWERSHELL_RULES,
  PYTHON_RULES, RUBY_RULES, Rules, SHELL_RULES, YAML_RULES,
} from '../fix/lexer';

/** VS Code language ids the lexer models, with their tables. */
const BY_LANGUAGE: Readonly<Record<string, Rules>> = {
  javascript: JS_RULES, typescript: JS_RULES, javascriptreact: JS_RULES, typescriptreact: JS_RULES,
  python: PYTHON_RULES,
  go: GO_RULES,
  java: JAVA_RULES,
  kotlin: KOTLIN_RULES,
  csharp: CSHARP_RULES,
  ruby: RUBY_RULES,
  shellscript: SHELL_RULES,
  powershell: POWERSHELL_RULES,
  yaml: YAML_RULES, dockercompose: YAML_RULES, 'github-actions-workflow': YAML_RULES,
  dotenv: DOTENV_RULES,
};

/** File-name extensions for texts without a (specific) language id: the CLI, the workspace scan, plain text. */
const BY_EXTENSION: Readonly<Record<string, Rules>> = {
  js: JS_RULES, mjs: JS_RULES, cjs: JS_RULES, jsx: JS_RULES, ts: JS_RULES, mts: JS_RULES, cts: JS_RULES, tsx: JS_RULES,
  py: PYTHON_RULES, pyw: PYTHON_RULES, pyi: PYTHON_RULES,
  go: GO_RULES,
  java: JAVA_RULES,
  kt: KOTLIN_RULES, kts: KOTLIN_RULES,
  cs: CSHARP_RULES,
  rb: RUBY_RULES, rake: RUBY_RULES, gemspec: RUBY_RULES,
  sh: SHELL_RULES, bash: SHELL_RULES, zsh: SHELL_RULES, ksh: SHELL_RULES,
  ps1: POWERSHELL_RULES, psm1: POWERSHELL_RULES, psd1: POWERSHELL_RULES,
  yml: YAML_RULES, yaml: YAML_RULES,
  env: DOTENV_RULES,
};

/** Language ids that say nothing about the syntax: the file name decides. */
const GENERIC_LANGUAGES: ReadonlySet<string> = new Set(['', 'plaintext', 'unknown']);

/**
 * The lexer table for a text, or undefined when its syntax is not one the lexer models. A specific VS Code language
 * id decides (`typescript`, `python`, `yaml`, …; `markdown` → undefined); without one (the CLI and the workspace
 * scan pass only a path, or `plaintext`) the extension of `fileName` does, and `.env`/`.env.*` mean dotenv.
 */
export function lexerRulesFor(languageId: string | undefined, fileName: string | undefined): Rules | undefined {
  const id = (languageId ?? '').toLowerCase();
  if (!GENERIC_LANGUAGES.has(id)) return BY_LANGUAGE[id];
  const base = (fileName ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base === '.env' || base.startsWith('.env.')) return DOTENV_RULES;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION[base.slice(dot + 1)] : undefined;
}

/**
 * For each offset of `offsets` (ascending, distinct: directive markers), whether the lexer places it in a comment.
 * One pass over `text` up to the last offset: linear in that length (test/unit/detection/regexLinearity.test.ts
 * compares the lexer's cost per KiB at two sizes on adversarial texts). When the lexer gives up (it recurses into
 * nested `${…}` and string interpolations, and thousands of levels exhaust the stack) no directive counts: a text
 * built to break the lexer must not hide a token.
 */
export function inLexerComment(text: string, offsets: readonly number[], rules: Rules): boolean[] {
  try {
    return locateKinds(text, offsets, rules).map((k) => k === 'comment');
  } catch {
    return offsets.map(() => false);
  }
}
