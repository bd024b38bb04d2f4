/**
 * Which reference idiom a file speaks, from its VS Code language id and/or its file name.
 * Pure (no `vscode` import).
 */

/** The idioms the replacement knows. `placeholder` means "no way to read an env var here". */
export type Dialect =
  | 'shell' | 'powershell' | 'batch'
  | 'python' | 'js' | 'go' | 'ruby' | 'php' | 'java' | 'kotlin' | 'csharp'
  | 'yaml' | 'dotenv' | 'properties' | 'ini' | 'npmrc' | 'dockerfile' | 'makefile'
  | 'json' | 'vscodeJson' | 'mavenXml'
  | 'netrc' | 'gitCredentials'
  | 'markdown' | 'markup' | 'placeholder';

/** VS Code language ids (built-in and common extensions) to dialects. */
const BY_LANGUAGE: Record<string, Dialect> = {
  shellscript: 'shell', sh: 'shell', bash: 'shell', zsh: 'shell',
  powershell: 'powershell',
  bat: 'batch',
  python: 'python',
  javascript: 'js', typescript: 'js', javascriptreact: 'js', typescriptreact: 'js',
  go: 'go',
  ruby: 'ruby',
  php: 'php',
  java: 'java',
  kotlin: 'kotlin',
  csharp: 'csharp',
  yaml: 'yaml', dockercompose: 'yaml', 'github-actions-workflow': 'yaml',
  dotenv: 'dotenv', env: 'dotenv',
  properties: 'properties', 'java-properties': 'properties', 'spring-boot-properties': 'properties',
  ini: 'ini',
  npmrc: 'npmrc',
  dockerfile: 'dockerfile',
  makefile: 'makefile',
  json: 'json', jsonc: 'json', jsonl: 'json', json5: 'json',
  markdown: 'markdown',
  xml: 'markup', html: 'markup', svg: 'markup', xsl: 'markup',
  terraform: 'placeholder', hcl: 'placeholder', toml: 'placeholder',
};

/** Language ids that say nothing about the content; the file name decides for them. */
const WEAK_LANGUAGES = new Set(['plaintext', 'ini', 'properties', 'ignore', 'log', 'dotenv', 'shellscript', 'unknown', '']);

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

function parentDir(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts.length >= 2 ? parts[parts.length - 2] ?? '' : '';
}

/** File names whose format is fixed whatever the language mode says. */
function byExactFile(fileName: string): Dialect | undefined {
  const base = baseName(fileName).toLowerCase();
  // netrc-format files (the detector's NETRC_FILE_NAMES): `.authinfo` is the same format, plus `port`
  if (['.netrc', '_netrc', 'netrc', '.authinfo', 'authinfo'].includes(base)) return 'netrc';
  if (base === '.git-credentials') return 'gitCredentials';
  if (base === '.npmrc' || base === 'npmrc') return 'npmrc';
  // git config files: git expands no variables in values (a URL credential is still removed)
  if (base === '.gitconfig' || base === '.gitmodules' || (base === 'config' && parentDir(fileName) === '.git')) return 'placeholder';
  return undefined;
}

/** File names with a strong convention (used when the language id is missing or generic). */
function byFileName(fileName: string): Dialect | undefined {
  const exact = byExactFile(fileName);
  if (exact) return exact;
  const original = baseName(fileName);
  const base = original.toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  if (/^\.env(\.(local|dev|development|prod|production|test|testing|staging|stage|example|sample|template|defaults?|ci|docker))*$/.test(base)
    || (ext === 'env' && base !== '.env' && !base.startsWith('.env.'))) return 'dotenv';
  if (['.envrc', '.bashrc', '.bash_profile', '.bash_login', '.bash_aliases', '.profile', '.zshrc', '.zshenv',
    '.zprofile', '.kshrc'].includes(base)) return 'shell';
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base === 'containerfile' || ext === 'dockerfile') return 'dockerfile';
  if (base === 'makefile' || base === 'gnumakefile' || ext === 'mk' || ext === 'mak') return 'makefile';
  if (base === 'pom.xml' || (base === 'settings.xml' && parentDir(fileName).toLowerCase() === '.m2')) return 'mavenXml';
  if ((['settings.json', 'launch.json', 'tasks.json'].includes(base)
    && ['.vscode', 'user'].includes(parentDir(fileName).toLowerCase())) || ext === 'code-workspace') return 'vscodeJson';
  switch (ext) {
    case 'sh': case 'bash': case 'zsh': case 'ksh': return 'shell';
    case 'ps1': case 'psm1': case 'psd1': return 'powershell';
    case 'bat': case 'cmd': return 'batch';
    case 'py': case 'pyw': case 'pyi': return 'python';
    case 'js': case 'mjs': case 'cjs': case 'jsx': case 'ts': case 'mts': case 'cts': case 'tsx': return 'js';
    case 'go': return 'go';
    case 'rb': case 'rake': case 'gemspec': return 'ruby';
    case 'php': return 'php';
    case 'java': return 'java';
    case 'kt': case 'kts': return 'kotlin';
    case 'cs': return 'csharp';
    case 'yml': case 'yaml': return 'yaml';
    case 'properties': return 'properties';
    case 'ini': case 'cfg': case 'conf': return 'ini';
    case 'json': case 'jsonc': case 'json5': return 'json';
    case 'md': case 'markdown': return 'markdown';
    case 'xml': case 'html': case 'htm': case 'svg': return 'markup';
    case 'tf': case 'tfvars': case 'hcl': case 'toml': return 'placeholder';
  }
  if (base === 'gemfile' || base === 'rakefile') return 'ruby';
  return undefined;
}

/**
 * Picks the dialect for a document.
 *
 * Order: a file whose format is fixed by its name (`.netrc`, `_netrc`, `.authinfo`, `.git-credentials`,
 * `.npmrc`) wins over any language id; then a specific language id (VS Code `TextDocument.languageId`,
 * e.g. `python`); for a missing or generic id (`plaintext`, `ini`, `properties`, `dotenv`,
 * `shellscript`) the file name decides (`.env*`, `.envrc`, `Dockerfile`, `Makefile`, `*.ps1`,
 * `*.bat`/`*.cmd`, `*.tf`/`*.tfvars`, `.vscode/settings.json`, …) and otherwise the generic id's own
 * dialect; `placeholder` when nothing is known.
 *
 * @param languageId VS Code language id, if known.
 * @param fileName path or base name (either separator), if known.
 */
export function dialectOf(languageId: string | undefined, fileName: string | undefined): Dialect {
  const lang = (languageId ?? '').toLowerCase();
  if (fileName) {
    const exact = byExactFile(fileName);
    if (exact) return exact;
  }
  const fromName = fileName ? byFileName(fileName) : undefined;
  if (lang === 'json' || lang === 'jsonc') {
    if (fromName === 'vscodeJson') return 'vscodeJson';
  }
  if (lang === 'xml' && fromName === 'mavenXml') return 'mavenXml';
  if (!WEAK_LANGUAGES.has(lang) && BY_LANGUAGE[lang]) return BY_LANGUAGE[lang];
  if (fromName) return fromName;
  return BY_LANGUAGE[lang] ?? 'placeholder';
}
