/**
 * SARIF 2.1.0 output of the CLI (OASIS Static Analysis Results Interchange Format Version 2.1.0, errata 01), written
 * as a stream: {@link sarifHead} (the log, its one run and the run's tool with the detection rules as
 * `tool.driver.rules`, help links to the README's rule sections), then one {@link sarifResult} per finding as the
 * scan goes, then {@link sarifTail} (the invocation with the exit code, and the run's counts). Each result carries
 * the token's SHA-256 as `partialFingerprints` (how code-scanning services match a result across runs). Never holds
 * a token: findings carry fingerprint and last 4 characters only, and their text fields come masked (CliFinding);
 * the caller escapes the JSON text (printable.ts). Pure Node.
 */
import { Confidence, RULES } from '../detection';
import { version } from '../../package.json';
import { CliFinding } from './types';

/** Where the project lives; rule help links point into its README (as the editor's diagnostic codes do). */
export const PROJECT_URL = 'https://github.com/gogs-key-hygiene/gogs-key-hygiene';

/** The `$schema` of the log: the OASIS errata 01 schema of SARIF 2.1.0. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The URL of the README section on `ruleId` (`#rule-<id>`), as the editor's diagnostic codes link. */
export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}#rule-${ruleId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

/** The `partialFingerprints` key of the token's SHA-256 (versioned, as SARIF §3.27.17 recommends). */
export const FINGERPRINT_KEY = 'tokenSha256/v1';

/** What the run looked at, for `run.properties` (counts and the mode, never content). */
export type SarifRunProperties = Record<string, number | string | boolean>;

/** SARIF result level by confidence: a likely token fails a CI gate (`error`), a doubtful one warns. */
const LEVEL: Record<Confidence, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

/** `url-userinfo` → `UrlUserinfo` (SARIF's `name` is an identifier-like label). */
const pascal = (id: string): string => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** A relative path as a URI reference (each segment percent-encoded, `/` kept; SARIF §3.4.4). */
export function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** Indentation of the results in the streamed log: inside `runs[0].results`, as `JSON.stringify(…, null, 2)` lays it out. */
export const SARIF_RESULT_INDENT = ' '.repeat(8);

/**
 * The start of the log up to and including `"results": [`, laid out as `JSON.stringify(…, null, 2)` would: the
 * `$schema`, `version` and the run's `tool` (driver `gogs-key-hygiene` and its rules in {@link RULES} order, so a
 * result's `ruleIndex` is the rule's index there), `columnKind` and `originalUriBaseIds`.
 */
export function sarifHead(): string {
  const run = {
    tool: {
      driver: {
        name: 'gogs-key-hygiene',
        version,
        semanticVersion: version,
        informationUri: PROJECT_URL,
        rules: RULES.map((r) => ({
          id: r.id,
          name: pascal(r.id),
          shortDescription: { text: r.title },
          fullDescription: { text: r.description },
          helpUri: ruleDocUrl(r.id),
          help: { text: `${r.description} Requires: ${r.requires} See ${ruleDocUrl(r.id)}`, markdown: `${r.description}\n\n*Requires:* ${r.requires}\n\n[Rule documentation](${ruleDocUrl(r.id)})` },
          defaultConfiguration: { level: 'error' },
          properties: { tags: ['security', 'secret', 'gogs', 'gitea', 'forgejo'], context: r.context },
        })),
      },
    },
    columnKind: 'utf16CodeUnits',
    originalUriBaseIds: { SRCROOT: { description: { text: 'The folder or repository scanned.' } } },
  };
  // the run's members without its closing brace, indented to stand inside `runs`
  const members = JSON.stringify(run, null, 2).slice(0, -2).replace(/\n/g, '\n    ');
  return `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    ${members},\n      "results": [`;
}

/** The result (an object for `JSON.stringify`) of one finding; its text fields are already masked (CliFinding). */
export function sarifResult(f: CliFinding): object {
  const result: Record<string, unknown> = {
    ruleId: f.ruleId,
  };
  const i = RULES.findIndex((r) => r.id === f.ruleId);
  if (i !== -1) result.ruleIndex = i;
  result.level = LEVEL[f.confidence];
  result.message = { text: f.commit === undefined ? f.message : `${f.message}, added in commit ${f.commit}${f.pushed ? ' (pushed)' : ''}` };
  result.locations = [{
    physicalLocation: {
      artifactLocation: { uri: uriOf(f.file), uriBaseId: 'SRCROOT' },
      region: { startLine: f.line, startColumn: f.column, endLine: f.line, endColumn: f.column + 40 },
    },
  }];
  result.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  result.properties = {
    confidence: f.confidence, last4: f.last4,
    ...(f.blob !== undefined ? { blob: f.blob } : {}),
    ...(f.commit !== undefined ? { commit: f.commit } : {}),
    ...(f.authorDate !== undefined ? { authorDate: f.authorDate } : {}),
    ...(f.pushed !== undefined ? { pushed: f.pushed } : {}),
    ...(f.versions !== undefined ? { versions: f.versions } : {}),
    ...(f.commits !== undefined ? { commits: f.commits } : {}),
  };
  return result;
}

/**
 * The end of the log, what follows the closing `]` of `results`: the run's `invocations` (the exit code: 0 nothing
 * found, 1 findings, 2 an error; `executionSuccessful` unless 2) and `properties`, then the closing brackets.
 */
export function sarifTail(properties: SarifRunProperties, exitCode: number): string {
  const rest = JSON.stringify({ invocations: [{ executionSuccessful: exitCode !== 2, exitCode }], properties }, null, 2).slice(2, -2).replace(/\n/g, '\n    ');
  return `,\n    ${rest}\n    }\n  ]\n}\n`;
}
