/**
 * Gogs Key Hygiene detector: finds Gogs/Gitea/Forgejo access tokens (40 lowercase hex) in text by their
 * context. Pure TypeScript, no `vscode` import: shared by the extension, the CLI and the tests.
 *
 * ```ts
 * const { findings, skipped } = scan(text, { fileName: 'deploy.env', languageId: 'dotenv' });
 * const next = rescan(previous, oldText, newText, event.contentChanges, options); // equals scan(newText, options)
 * ```
 */
export type { Confidence, Finding, FindingContext, RuleInfo, ScanJob, ScanOptions, ScanResult, TextChange } from './types';
export { DEFAULT_MAX_BYTES } from './types';
export { scan, rescan, startScan, startRescan, MINIFIED_MIN_LENGTH, MINIFIED_AVG_LINE } from './scanner';
export { fingerprint, last4 } from '../util/fingerprint';
export { RULES, RuleIds, CONTEXT_LINES, CONTEXT_CHARS, classifyKey, keyWords } from './rules';
export type { KeyClass } from './rules';
export { ignoreDirectiveFor, Directives, DIRECTIVE_PREFIX } from './directives';
export { ignoreLineInserts } from './ignoreEdits';
export type { LineInsert } from './ignoreEdits';
export { classifyFile } from './fileKind';
export type { FileKind } from './fileKind';
export { isPlaceholder, TOKEN_LENGTH } from './candidates';
