/**
 * The detection rules: metadata as data ({@link RULES}) and the evaluator that decides, from the context
 * around one 40-hex candidate, whether it is a Gogs/Gitea/Forgejo access token and which rule says so.
 *
 * Context reads are confined to a window around the candidate: at most {@link CONTEXT_LINES} lines and
 * {@link CONTEXT_CHARS} UTF-16 units on each side, plus the file's first line (CSV headers). The incremental
 * scanner relies on that bound.
 *
 * Every regex here is linear-time by construction, so that the work per candidate is linear in the window:
 * no two adjacent or nested unbounded quantifiers over overlapping classes (`[ \t]*:?[ \t]*` is written
 * `[ \t]*(?::[ \t]*)?`), and an unanchored regex never starts with an unbounded quantifier (a failing search would
 * rescan the rest of the input from every position). Where a pattern cannot be both (a value that may contain
 * its own key, a trailing run), the check is a hand-written scan. test/unit/detection/regexLinearity.test.ts
 * lists every regex of this directory with an adversarial input and compares the cost per KiB at 64 KiB and 1 MiB.
 */
import { Confidence, FindingContext, RuleInfo } from './types';
import { FileKind } from './fileKind';
import { isPlaceholder, isWordChar, TOKEN_LENGTH } from './candidates';
import { MatchIndex } from './matchIndex';
import {
  FORGE_EVIDENCE_SOURCE, FORGE_WORDS, KEY_QUALIFIERS, NEGATIVE_WORDS, OTHER_EVIDENCE_SOURCE, OTHER_SERVICE_HOSTS,
  OTHER_SERVICE_WORDS, PROSE_COMMIT_WORD_SOURCE, PROSE_TOKEN_WORD_SOURCE, TOKEN_WORDS,
} from './vocabulary';

/** Lines of context on each side of a candidate that rules may read. */
export const CONTEXT_LINES = 30;
/** UTF-16 units of context on each side of a candidate that rules may read (caps {@link CONTEXT_LINES} on long lines). */
export const CONTEXT_CHARS = 4096;

/** Rule ids (stable: they are diagnostic codes and appear in CLI output). */
export const RuleIds = {
  forgeKey: 'forge-key-assignment',
  tokenKey: 'token-key-near-forge',
  header: 'authorization-header',
  query: 'query-token',
  userinfo: 'url-userinfo',
  netrc: 'netrc-password',
  constructor: 'client-constructor',
  cli: 'cli-credential',
  apiResponse: 'token-api-response',
  table: 'access-token-table',
  prose: 'token-in-prose',
} as const;

/** The rules, as documentation for README, diagnostics and `--list-rules`. Order = evaluation priority. */
export const RULES: readonly RuleInfo[] = [
  {
    id: RuleIds.userinfo,
    title: 'Token in a URL',
    description: 'A token as the password or user name of a URL: git remotes, `.git-credentials`, `.git/config` `insteadOf`, pip/npm registry URLs, `git clone https://user:<t>@host/…`. Reported even in lockfiles, which can leak credentials in resolved URLs.',
    requires: '`scheme://user:<t>@host` or `scheme://<t>@host` (also `<t>:x-oauth-basic@`); not for github.com, gitlab.com, bitbucket.org and other services.',
    context: 'userinfo',
  },
  {
    id: RuleIds.query,
    title: 'Token in a query string',
    description: 'A token passed as `?token=` or `?access_token=` (also `&`, `&amp;` and percent-encoded `%3Ftoken%3D`), as old Gogs (≤ 0.14.1) and Gitea accept: scripts, request logs, proxy logs.',
    requires: 'the URL is a Gogs/Gitea API URL (`/api/v1/…`), or the context names Gogs/Gitea/Forgejo; not on another service\'s host.',
    context: 'query',
  },
  {
    id: RuleIds.table,
    title: 'Token in an access_token table dump',
    description: 'The plaintext `sha1` column of Gogs\' `access_token` table: SQL `INSERT INTO access_token …` (single- and multi-line), PostgreSQL `COPY access_token … FROM stdin`, CSV/TSV/psql exports with a `sha1` and `uid` column.',
    requires: 'an `INSERT`/`COPY` for the `access_token` table, or a table header naming the column.',
    context: 'other',
  },
  {
    id: RuleIds.apiResponse,
    title: 'Token in a token API response',
    description: 'The `sha1` field of a Gogs/Gitea token object (`POST/GET /api/v1/users/{username}/tokens` answer `{"name", "sha1"}`): API docs, saved responses, fixtures.',
    requires: 'a `sha1` key in an object that also has `name` or `token_last_eight` and no commit fields (`message`, `author`, `tree`, …).',
    context: 'other',
  },
  {
    id: RuleIds.header,
    title: 'Token in an Authorization header',
    description: '`Authorization: token <t>` (the Gogs form) or `Authorization: Bearer <t>` (Gitea/Forgejo) in any quoting: `curl -H`, HTTP dumps, header dicts and hashes, escaped JSON, `AuthenticationHeaderValue("token", "<t>")`, `Header.Set("Authorization", …)`.',
    requires: 'the header name next to the scheme; not when the nearest service named is another one (legacy GitHub tokens use the same header). `Bearer` without any Gogs/Gitea context is low confidence.',
    context: 'header',
  },
  {
    id: RuleIds.forgeKey,
    title: 'Token assigned to a Gogs/Gitea key',
    description: 'A token assigned to a key that names the forge: `GOGS_TOKEN=`, `GITEA_TOKEN:`, `export FORGEJO_TOKEN=`, `gitea_api_token`, `"gitea.token"`, `$env:GOGS_TOKEN =`, `set GITEA_TOKEN=`, `Environment="GOGS_TOKEN=…"`, `${GITEA_TOKEN:-<t>}`, `process.env.GOGS_TOKEN || \'<t>\'`, `env(\'GOGS_API_TOKEN\', \'<t>\')`, `- name: GITEA_TOKEN` / `value: <t>`.',
    requires: 'the key has a forge word (gogs, gitea, forgejo, codeberg, tea) and a credential word (token, pat, password, api_key, …) and no commit/checksum word (sha, rev, commit, hash, …).',
    context: 'assignment',
  },
  {
    id: RuleIds.tokenKey,
    title: 'Token assigned to a credential key near a Gogs/Gitea server',
    description: 'A token assigned to a generic credential key (`token:`, `TOKEN=`, `api_key:`, `ACCESS_TOKEN=`, `_authToken=`, `password =`, `<password>`) in a file that talks about a Gogs/Gitea/Forgejo server nearby: tool configs (tea, renovate, Helm values, JCasC, Drone plugins), CI files, client code.',
    requires: 'a credential key and Gogs/Gitea/Forgejo evidence within 30 lines (name, `/api/v1/repos…`, `/api/packages/`, file path), nearer than any other service; no other-service word in the key (`CIRCLE_TOKEN`, `DD_APP_KEY`, `GH_TOKEN`).',
    context: 'assignment',
  },
  {
    id: RuleIds.netrc,
    title: 'Token in a .netrc entry',
    description: '`machine <host> login <user> password <t>` entries of `.netrc`/`_netrc`/`.authinfo`, on one line or several.',
    requires: 'a `.netrc`-named file or a `machine` entry just above; not for other services\' hosts.',
    context: 'netrc',
  },
  {
    id: RuleIds.constructor,
    title: 'Token passed to a Gogs/Gitea client',
    description: 'A token literal passed to a client constructor or credential setter: `gogs.NewClient(url, "<t>")`, `gitea.SetToken("<t>")`, `Gitea(url, "<t>")`, `new GogsClient(url, \'<t>\')`, `Gogs::Client.new(…)`, `HTTPBasicAuth(user, "<t>")`, `auth=(user, "<t>")`, `UsernamePasswordCredentialsProvider(user, "<t>")`.',
    requires: 'a callee naming the forge, or a token/auth setter with Gogs/Gitea evidence nearby.',
    context: 'constructor',
  },
  {
    id: RuleIds.cli,
    title: 'Token on a command line',
    description: 'A token given to a command: `tea login add --token <t>`, `--password <t>`, `curl -u user:<t>`, `docker login -p <t>`, `echo <t> | docker login --password-stdin` for a Gitea registry.',
    requires: 'a credential flag or a stdin login, with Gogs/Gitea evidence nearby.',
    context: 'other',
  },
  {
    id: RuleIds.prose,
    title: 'Token labelled in prose or a comment',
    description: 'A value that notes, runbooks or comments call a token: `token: <t>`, `the old token was <t>`, `Токен бота: <t>`, `トークン：<t>`.',
    requires: 'a token word before the value on the same line ending in `:`/`=`/`is`/`was`/`→`, no commit/checksum word on that line, Gogs/Gitea evidence nearby.',
    context: 'other',
  },
];

const RULE_TITLE = new Map(RULES.map((r) => [r.id, r.title]));

/** Outcome of evaluating one candidate. */
export interface Verdict {
  ruleId: string;
  confidence: Confidence;
  context: FindingContext;
  keyName?: string;
  host?: string;
  quote?: string;
  /** Short detail for the message, e.g. "assigned to GITEA_TOKEN". Never contains the token. */
  detail: string;
}

// ---------------------------------------------------------------------------------------------------------
// Compiled patterns (once).

const FORGE_RE = new RegExp(FORGE_EVIDENCE_SOURCE, 'gi');
const OTHER_RE = new RegExp(OTHER_EVIDENCE_SOURCE, 'gi');
const FORGE_WORD_RE = /gogs|gitea|forgejo|codeberg/i;
const PROSE_TOKEN_RE = new RegExp(PROSE_TOKEN_WORD_SOURCE, 'gi');
const PROSE_COMMIT_RE = new RegExp(PROSE_COMMIT_WORD_SOURCE, 'i');
const SQL_INSERT_RE = /\binsert\s+(?:ignore\s+)?into\s+[`"[]?(?:\w+[`"\]]?\.[`"[]?)?access_token\b/i;
const SQL_COPY_RE = /^\s*copy\s+(?:\w+\.)?"?access_token"?\s*\(([^)]*)\)\s*from\s+stdin/i;
const QUERY_PLAIN_RE = /(?:[?&;]|\\u0026)(?:access_)?token=$/;
const QUERY_ENCODED_RE = /%(?:3f|26)(?:access_)?token%3d$/i;
const STDIN_LOGIN_RE = /^[^|\n]{0,8}\|\s*(?:sudo\s+)?(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry|crane\s+auth|regctl\s+registry)\s+login\b[^\n]*--password-stdin/;
const LOGIN_CMD_RE = /\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry)\s+login\b/;
const IDENTIFIER_LIKE_RE = /^[A-Za-z_$][\w.\-:$]{0,127}$/;
const SETTER_RE = /token|auth|login|credential|password|basic/i;
const CONSTRUCTOR_RE = /client|api|^new$|^gogs$|^gitea$|^forgejo$|connect|session|^open$|^init/i;
const HEADER_CALLEE_RE = /authenticationheadervalue|authorization/i;
const NAME_VALUE_RE = /(?:(?:^|[^\w-])(?:name|key|Name|Key|NAME|KEY)["']?\s*[:=]\s*["']?|<(?:name|key)>\s*)([A-Za-z_][\w.-]{0,127})/g;
const MACHINE_RE = /\bmachine[ \t]+([^\s]+)/g;
/** Keys of objects that have a `sha1` but are not tokens: commits, files and downloads. */
const OBJECT_COMMIT_KEYS_RE = /["']?\b(?:message|author|committer|tree|parents|html_url|files|stats|before|after|ref|commit|url|href|size|length|path|file|filename|download|browser_download_url|content_type|mime|checksum|md5)\b\\?["']?\s*:/i;
const OBJECT_NAME_KEY_RE = /(?:^|[\s{,])\\?["']?(?:name|token_last_eight)\\?["']?\s*:/i;
const CSV_SEPARATORS = [',', '\t', ';', '|'];

// ---------------------------------------------------------------------------------------------------------

/** Splits a key into lowercase words: `GITEA_API_TOKEN` → gitea, api, token; `_authToken` → auth, token. */
export function keyWords(key: string): string[] {
  return splitCamelCase(key)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * `key` with a space before each ASCII capital that starts a camel-case word: after a lowercase letter or digit
 * (`authToken` → `auth Token`), or the last capital of a run followed by a lowercase letter (`APIToken` →
 * `API Token`). Same result as `.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')`,
 * in one pass (the second regex rescans a run of capitals from each of its positions: quadratic).
 */
export function splitCamelCase(key: string): string {
  const parts: string[] = [];
  let last = 0;
  for (let i = 1; i < key.length; i++) {
    if (!isUpperCode(key.charCodeAt(i))) continue;
    const p = key.charCodeAt(i - 1);
    if (isLowerCode(p) || isDigitCode(p) || (isUpperCode(p) && isLowerCode(key.charCodeAt(i + 1)))) {
      parts.push(key.slice(last, i));
      last = i;
    }
  }
  if (last === 0) return key;
  parts.push(key.slice(last));
  return parts.join(' ');
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 represents `text.slice(a, b)` (13+ characters) as a
 * view into `text`: anything kept after a scan (caches, findings) must not hold such views, or it holds the whole
 * document. Concatenating flattens into a fresh string; slicing that copy only refers to the copy.
 */
export function detach<T extends string | undefined>(s: T): T {
  return (s === undefined ? s : (' ' + s).slice(1)) as T;
}

/** Classes of keys. */
export type KeyClass = 'forge' | 'generic' | 'negative' | 'other-service' | 'none';

/**
 * Classifies a key by its words: a commit/checksum word makes it `negative`; a forge word with a credential
 * word makes it `forge`; another service's name makes it `other-service`; a credential word alone `generic`.
 */
export function classifyKey(key: string): KeyClass {
  let c = KEY_CLASS_CACHE.get(key);
  if (c === undefined) {
    c = classifyKeyUncached(key);
    if (KEY_CLASS_CACHE.size > 10_000) KEY_CLASS_CACHE.clear();
    KEY_CLASS_CACHE.set(detach(key), c);
  }
  return c;
}

const KEY_CLASS_CACHE = new Map<string, KeyClass>();

function classifyKeyUncached(key: string): KeyClass {
  const words = keyWords(key);
  if (words.length === 0) return 'none';
  let forge = false;
  let cred = false;
  let other = false;
  let hasKey = false;
  let qualified = false;
  for (const w of words) {
    if (NEGATIVE_WORDS.has(w)) return 'negative';
    if (FORGE_WORDS.has(w)) forge = true;
    if (TOKEN_WORDS.has(w)) cred = true;
    if (isOtherServiceWord(w)) other = true;
    if (w === 'key') hasKey = true;
    if (KEY_QUALIFIERS.has(w)) qualified = true;
  }
  // GITEA__section__KEY: Gitea server configuration through the environment, never an access token.
  if (/^(?:gitea|forgejo)__/i.test(key)) return 'negative';
  if (hasKey && (qualified || forge)) cred = true;
  if (forge && cred) return 'forge';
  if (other) return 'other-service';
  if (cred) return 'generic';
  return 'none';
}

/** A word naming another service, also in the plural (`databases`, `mailers`). */
function isOtherServiceWord(w: string): boolean {
  return OTHER_SERVICE_WORDS.has(w) || (w.length > 3 && w.endsWith('s') && OTHER_SERVICE_WORDS.has(w.slice(0, -1)));
}

/** The environment-variable-like name of a key: `process.env.GOGS_TOKEN` → `GOGS_TOKEN`, `$Token` → `Token`. */
function keyDisplayName(key: string): string {
  let k = key.replace(/^[-$@%]+/, '');
  const m = /(?:^|\.)(?:env|environ|ENV|Env)\.([A-Za-z_]\w*)$/.exec(k);
  if (m) k = m[1];
  return k;
}

function isHostOther(host: string): boolean {
  const h = host.toLowerCase();
  return OTHER_SERVICE_HOSTS.some((o) => h === o || h.endsWith('.' + o));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Key characters read backwards: `[A-Za-z0-9_.$@-]`. */
function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 46 || c === 45 || c === 36 || c === 64;
}

/** Result of parsing what precedes a candidate on its line. */
interface Lhs {
  /** Operator between key and value: '=', ':', ':=', '=>', '||', '??', '?:', 'or', ':-', '-', ' ', '<>', ',', '(', '['. */
  op: string;
  /** Position of the operator's first character (for ',', '(', '[': the character itself). */
  opPos: number;
  key?: string;
  keyStart?: number;
  quote: string;
  scheme: string;
}

/** Where forge and other-service evidence occurs in the text. */
interface EvidenceIndex {
  forge: MatchIndex;
  other: MatchIndex;
}

interface Evidence {
  /** Line distance to the nearest forge evidence (Infinity when none; file path counts as CONTEXT_LINES + 1). */
  forge: number;
  /** Line distance to the nearest other-service evidence. */
  other: number;
}

/**
 * Evaluates the candidates of one text. Construct once per scan (or rescan) and call {@link evaluate} per
 * candidate. Each evaluation reads a window string of at most {@link CONTEXT_CHARS} units on each side of the
 * candidate (and {@link CONTEXT_LINES} lines for evidence), plus the file's first line: nothing else.
 */
export class Evaluator {
  private firstLineCache?: string;
  private readonly evidenceIndex: EvidenceIndex;
  /** Table-header verdicts per absolute line start (rows of one table share their header lookups). */
  private readonly headerMemo = new Map<number, { key: string; fields: string[] | null | undefined }>();

  constructor(private readonly text: string, private readonly file: FileKind) {
    this.evidenceIndex = { forge: new MatchIndex(text, FORGE_RE), other: new MatchIndex(text, OTHER_RE) };
  }

  /**
   * Decides whether the 40-hex value at offset `s` of the text is a token. Returns the verdict, or `undefined`
   * when it is not one (or is a placeholder).
   */
  evaluate(s: number): Verdict | undefined {
    const text = this.text;
    // Cheap rejections on the raw text first: most 40-hex values are commit ids in unambiguous positions.
    const p1 = s > 0 ? text.charCodeAt(s - 1) : 10;
    const p2 = s > 1 ? text.charCodeAt(s - 2) : 10;
    if (!(p1 === 58 || (p1 === 47 && p2 === 47))) {
      // not a possible URL credential (`://<t>@`, `:<t>@`)
      if (this.file.commitIds || this.file.serverConfig) return undefined;
      if (p1 === 64 || p1 === 47 || p1 === 35 || p1 === 94 || (p1 === 46 && p2 === 46)) return undefined;
    }
    const ctx = new Ctx(text, s, this.file.forgePath, this.evidenceIndex);
    const w = ctx.w;
    const ws = ctx.s;
    const we = ctx.e;
    const prev = ws > ctx.ls ? w.charCodeAt(ws - 1) : 10;
    const prev2 = ws - 1 > ctx.ls ? w.charCodeAt(ws - 2) : 10;
    const next = we < ctx.le ? w.charCodeAt(we) : 10;

    const v = this.decide(ctx, prev, prev2, next);
    // placeholders (`000…0`, `deadbeef`×5) are checked last: rare, and only positives need it
    if (v === undefined || isPlaceholder(w.slice(ws, we))) return undefined;
    return v;
  }

  private decide(ctx: Ctx, prev: number, prev2: number, next: number): Verdict | undefined {
    const w = ctx.w;
    const we = ctx.e;
    // URL credentials first: they are the one thing reported even in lockfiles.
    const ui = this.userinfo(ctx, prev, prev2, next);
    if (ui !== null) return ui;
    if (this.file.commitIds || this.file.serverConfig) return undefined;
    // Unambiguous commit-id positions: pinned `x@<sha>`, URL paths `/commit/<sha>`, fragments `#<sha>`,
    // peeled/excluded `^<sha>`, ranges `<a>..<b>`.
    if (prev === 64 || prev === 47 || prev === 35 || prev === 94) return undefined;
    if (prev === 46 && prev2 === 46) return undefined;
    // a value continued on the next line (`…\` + newline + more hex) or continuing the previous one
    if (next === 92 && continuesWithHex(w, ctx.e + 1)) return undefined;
    if (ctx.s === ctx.ls && ctx.lsTrue && endsWithHexContinuation(w, ctx.ls)) return undefined;
    if (next === 46 && we + 1 < ctx.le && w.charCodeAt(we + 1) === 46) return undefined;

    return this.query(ctx) ?? this.table(ctx) ?? this.assignment(ctx) ?? this.stdinLogin(ctx) ?? this.prose(ctx) ?? undefined;
  }

  /** First line of the text (capped at CONTEXT_CHARS), for table headers. */
  private firstLine(): string {
    if (this.firstLineCache === undefined) {
      const cap = this.text.slice(0, CONTEXT_CHARS);
      const nl = cap.indexOf('\n');
      this.firstLineCache = nl === -1 ? cap : cap.slice(0, nl);
    }
    return this.firstLineCache;
  }

  // ------------------------------------------------------------------ rules

  private userinfo(ctx: Ctx, prev: number, prev2: number, next: number): Verdict | null {
    const w = ctx.w;
    const { s, e, ls, le } = ctx;
    let asUser = false;
    if (prev === 47 && prev2 === 47) {
      // scheme://<t>@host or scheme://<t>:x@host
      if (s - 3 < ls || w.charCodeAt(s - 3) !== 58) return null;
      asUser = true;
    } else if (prev === 58) {
      // scheme://user:<t>@host
      let p = s - 1;
      const min = Math.max(ls, s - 130);
      while (p > min) {
        const c = w.charCodeAt(p - 1);
        if (c === 47 || c === 64 || isSpace(c) || c === 58 || isQuote(c)) break;
        p--;
      }
      if (p - 3 < ls || w.charCodeAt(p - 1) !== 47 || w.charCodeAt(p - 2) !== 47 || w.charCodeAt(p - 3) !== 58) return null;
    } else {
      return null;
    }
    // what follows: @host, or (token as user name) :password@host
    let q = e;
    if (next === 58 && asUser) {
      const max = Math.min(le, e + 130);
      q = e + 1;
      while (q < max) {
        const c = w.charCodeAt(q);
        if (c === 64 || c === 47 || isSpace(c) || isQuote(c)) break;
        q++;
      }
    }
    if (q >= le || w.charCodeAt(q) !== 64) return null;
    let h = q + 1;
    const hmax = Math.min(le, h + 253);
    while (h < hmax) {
      const c = w.charCodeAt(h);
      if (isWordChar(c) || c === 46 || c === 45) h++;
      else break;
    }
    const host = w.slice(q + 1, h).toLowerCase();
    if (host === '' || isHostOther(host)) return null;
    const forge = FORGE_WORD_RE.test(host) || ctx.evidence().forge !== Infinity;
    return {
      ruleId: RuleIds.userinfo,
      confidence: forge ? 'high' : 'medium',
      context: 'userinfo',
      host,
      detail: asUser ? `as the user name of a URL for ${host}` : `as the password of a URL for ${host}`,
    };
  }

  private query(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls } = ctx;
    const p1 = s > ls ? w.charCodeAt(s - 1) : 10;
    if (p1 !== 61 && p1 !== 68 && p1 !== 100) return null; // `=`, or `%3D` / `%3d`
    const before = w.slice(Math.max(ls, s - 24), s);
    let encoded = false;
    let m = QUERY_PLAIN_RE.exec(before);
    if (m === null) {
      m = QUERY_ENCODED_RE.exec(before);
      encoded = m !== null;
    }
    if (m === null) return null;
    // the URL (or path) holding the parameter: back to whitespace, a quote or a bracket
    let u = s;
    const umin = Math.max(ls, s - 2048);
    while (u > umin) {
      const c = w.charCodeAt(u - 1);
      if (isSpace(c) || isQuote(c) || c === 60 || c === 62 || c === 40) break;
      u--;
    }
    const url = w.slice(u, s);
    const hostM = /^[a-z][a-z0-9+.-]{0,15}:\/\/(?:[^@/]{0,128}@)?([^/:?#]{1,253})/i.exec(url);
    const host = hostM ? hostM[1].toLowerCase() : undefined;
    if (host !== undefined && isHostOther(host)) return null;
    const param = /access_token/i.test(m[0]) ? 'access_token' : 'token';
    const apiPath = /\/api\/v1\/|%2Fapi%2Fv1%2F/i.test(url);
    let confidence: Confidence;
    if (apiPath) confidence = 'high';
    else {
      if (!ctx.forgeNearer()) return null;
      confidence = 'medium';
    }
    return {
      ruleId: RuleIds.query,
      confidence,
      context: 'query',
      keyName: param,
      host: host !== undefined && !host.includes('$') ? host : ctx.host(),
      detail: `in the ${encoded ? 'percent-encoded ' : ''}${param} query parameter${apiPath ? ' of an API URL' : ''}`,
    };
  }

  private table(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls, le } = ctx;
    // the token must be a whole field: what surrounds it (past quotes and spaces) is a separator or the line edge
    const before = fieldEdgeBefore(w, ls, s);
    const after = fieldEdgeAfter(w, ctx.e, le);
    const quoteBefore = s > ls ? w.charCodeAt(s - 1) : 0;
    // SQL INSERT values `(1,1,'ci','<t>',…)`; multi-row inserts may start on an earlier line
    if ((quoteBefore === 39 || quoteBefore === 34) && (before === ',' || before === '(')) {
      const line = w.slice(ls, le);
      if (SQL_INSERT_RE.test(line)) return this.tableVerdict(ctx, 'in an INSERT into the access_token table');
      if (/^\s*\(/.test(line)) {
        let p = ls;
        for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
          const pls = ctx.lineStartOf(p - 1);
          const pl = w.slice(pls, p - 1);
          if (SQL_INSERT_RE.test(pl)) return this.tableVerdict(ctx, 'in an INSERT into the access_token table');
          if (!/^\s*\(/.test(pl) && !/\bvalues\s*$/i.test(pl)) break;
          p = pls;
        }
      }
    }
    const sepBefore = before === '' ? after : before;
    if (sepBefore === '' || (after !== '' && after !== sepBefore) || !CSV_SEPARATORS.includes(sepBefore)) return null;
    // PostgreSQL COPY … FROM stdin: tab-separated rows until `\.`
    if (sepBefore === '\t') {
      let p = ls;
      for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
        const pls = ctx.lineStartOf(p - 1);
        const pl = w.slice(pls, p - 1);
        const cm = SQL_COPY_RE.exec(pl);
        if (cm) {
          const cols = cm[1].split(',').map((c) => c.trim().replace(/"/g, '').toLowerCase());
          if (cols[fieldIndex(w, ls, s, '\t')] === 'sha1') return this.tableVerdict(ctx, 'in a COPY of the access_token table');
          return null;
        }
        if (pl.startsWith('\\.') || pl.indexOf('\t') === -1) break;
        p = pls;
      }
    }
    // CSV/TSV/psql/markdown tables: a header naming the column, or the key in the field before (rows of sane length)
    if (!ctx.lsTrue || le >= w.length || le - ls > MAX_ROW) return null;
    const sep = sepBefore;
    const line = w.slice(ls, le);
    const idx = fieldIndex(w, ls, s, sep);
    const fields = splitFields(line, sep);
    if (fields[idx] !== w.slice(s, ctx.e)) return null;
    // key<sep>value rows: `| GITEA_TOKEN | <t> |`, `GITEA_TOKEN,<t>`
    if (idx >= 1) {
      const keyField = trimQuotes(line.split(sep)[idx - 1].trim());
      if (IDENTIFIER_LIKE_RE.test(keyField)) {
        const v = this.keyed(ctx, keyField, { op: '=', opPos: ctx.ls, key: keyField, keyStart: ctx.ls, quote: '', scheme: '' });
        if (v !== null) return v;
      }
    }
    const header = this.findHeader(ctx, sep, fields.length, idx);
    if (header === undefined) return null;
    const col = header[idx];
    const names = new Set(header);
    if (col === 'sha1' && (names.has('uid') || names.has('created_unix') || names.has('user_id'))) {
      return this.tableVerdict(ctx, 'in the sha1 column of an access_token export');
    }
    const kc = classifyKey(col);
    if (kc === 'forge' || (kc === 'generic' && ctx.forgeNearer())) {
      return { ...this.tableVerdict(ctx, `in the ${col} column of a table`), keyName: col };
    }
    return null;
  }

  private tableVerdict(ctx: Ctx, detail: string): Verdict {
    return { ruleId: RuleIds.table, confidence: 'high', context: 'other', keyName: 'sha1', host: ctx.host(), detail };
  }

  /** Header fields for a table row with `count` fields: the nearest header-like line above, or the file's first line. */
  /**
   * Header fields for a table row with `count` fields: the nearest header-like line above within the table (the
   * walk stops at the first line that is neither a row of the same shape nor a rule line), or the file's first line.
   */
  private findHeader(ctx: Ctx, sep: string, count: number, idx: number): string[] | undefined {
    const w = ctx.w;
    const memoKey = `${sep}${count}/${idx}`;
    /** Header fields, `null` for a row of the same shape (keep walking), `undefined` for anything else. */
    const classify = (l: string): string[] | null | undefined => {
      if (countChar(l, sep) !== count - 1) return undefined;
      // a 40-hex value where the column name would be: a data row
      if (HEX40_FIELD_RE.test(fieldAt(l, sep, idx))) return null;
      const f = splitFields(l, sep);
      return f.every((x) => x === '' || HEADER_FIELD_RE.test(x)) && f.some((x) => x !== '') ? f : null;
    };
    let p = ctx.ls;
    for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
      const pls = ctx.lineStartOf(p - 1);
      const pl = w.slice(pls, p - 1);
      p = pls;
      if (/^[\s+|=:-]*$/.test(pl)) continue; // rules of psql/mysql/markdown tables
      const abs = ctx.lo + pls;
      let m = this.headerMemo.get(abs);
      if (m === undefined || m.key !== memoKey) {
        m = { key: memoKey, fields: classify(pl) };
        this.headerMemo.set(abs, m);
      }
      if (m.fields === undefined) break;
      if (m.fields !== null) return m.fields;
    }
    if (!ctx.onFirstLine()) return classify(this.firstLine()) ?? undefined;
    return undefined;
  }

  private assignment(ctx: Ctx): Verdict | null {
    const lhs = this.parseLhs(ctx);
    if (lhs === null) return this.blockValue(ctx);
    const { op } = lhs;
    if (op === ',' || op === '(' || op === '[') return this.callArgument(ctx, lhs);
    if (lhs.key === undefined) return null;
    let key = lhs.key;
    // name/value pairs: `- name: GITEA_TOKEN` + `value: <t>`, `<add key="X" value="<t>"/>`
    if (VALUE_KEYS.has(key)) {
      const named = this.pairName(ctx, lhs.keyStart ?? ctx.ls);
      if (named === undefined) return null;
      key = named;
    }
    return this.keyed(ctx, key, lhs);
  }

  /** Decides on a value keyed by `key` (assignment, env default, setter argument). */
  private keyed(ctx: Ctx, key: string, lhs: Lhs): Verdict | null {
    const { op, scheme } = lhs;
    const quote = lhs.quote || undefined;
    const flag = key.charCodeAt(0) === 45;
    let bare = flag ? key.replace(/^-+/, '') : key;
    const lower = bare.toLowerCase();

    // Authorization headers: `Authorization: token <t>`, `"Authorization": "Bearer <t>"`, `Set("Authorization", "token <t>")`
    if (lower === 'authorization' || lower.endsWith('.authorization')) return this.headerVerdict(ctx, scheme, quote);
    // the `sha1` field of a token object
    if (lower === 'sha1' && op === ':') return this.apiResponse(ctx, quote);
    // `-u user:<t>` / `--user user:<t>` (curl, httpie) arrives as key=user, op=':'
    if (op === ':' && ctx.basicAuthFlagBefore(lhs.keyStart ?? ctx.s)) {
      return this.cliVerdict(ctx, 'as the password of a command-line basic-auth credential', quote);
    }
    // .netrc entries
    if (op === ' ' && !flag && (lower === 'password' || lower === 'login' || lower === 'passwd' || lower === 'account')) {
      const machine = ctx.netrcMachine(this.file.netrc);
      if (machine === undefined || isHostOther(machine)) return null;
      const forge = FORGE_WORD_RE.test(machine) || ctx.evidence().forge !== Infinity;
      return {
        ruleId: RuleIds.netrc,
        confidence: forge ? 'high' : 'medium',
        context: 'netrc',
        keyName: lower,
        host: machine === 'default' ? ctx.host() : machine,
        detail: `as the ${lower} of the .netrc entry for ${machine}`,
      };
    }
    // `curl -u <t>: …` / `--user <t>:x`: the token as the basic-auth user name
    if (flag && (bare === 'u' || lower === 'user') && ctx.w.charCodeAt(ctx.e) === 58) {
      return this.cliVerdict(ctx, 'as the user name of a command-line basic-auth credential', quote);
    }
    let kc = classifyKey(bare);
    // a map from hosts to credentials (`"gitea-token": {"gitea.example": "<t>"}`, `tokens: {git.example: <t>}`):
    // the map's own key names the credential
    if (kc === 'none' && !flag && (op === ':' || op === '=' || op === '=>') && bare.includes('.')) {
      const parent = this.parentKey(ctx, lhs.keyStart ?? ctx.s);
      const pc = parent === undefined ? 'none' : classifyKey(parent);
      if (pc === 'forge' || pc === 'generic') {
        bare = parent as string;
        kc = pc;
      }
    }
    if (kc === 'negative' || kc === 'other-service' || kc === 'none') {
      // `docker login -p <t>` / `--password <t>`
      if (flag && (bare === 'p' || lower === 'password') && LOGIN_CMD_RE.test(ctx.line())) {
        return this.cliVerdict(ctx, 'as the password of a registry login', quote);
      }
      return null;
    }
    const name = keyDisplayName(bare);
    if (flag) return this.cliVerdict(ctx, `after the --${bare} option`, quote, name);
    // `token <sha>` in prose is the prose rule's business; `#define TOKEN "<t>"` is an assignment
    if (op === ' ' && kc !== 'forge' && !ctx.defineBefore(lhs.keyStart ?? ctx.s)) return null;
    if (kc === 'forge') {
      return { ruleId: RuleIds.forgeKey, confidence: 'high', context: 'assignment', keyName: name, host: ctx.host(), quote, detail: `assigned to ${name}` };
    }
    // generic credential key: not inside another service's section (`postgresql: … password:`), and forge
    // evidence nearer than any other service
    if (this.enclosingService(ctx, lhs.keyStart ?? ctx.s) === 'other') return null;
    const ev = ctx.evidence();
    if (ev.other < ev.forge) return null;
    if (ev.forge === Infinity) {
      if (scheme === '') return null;
      // `token = "Bearer <t>"` with no forge around: some 40-hex bearer credential
      return { ruleId: RuleIds.tokenKey, confidence: 'low', context: 'assignment', keyName: name, quote, detail: `assigned to ${name}` };
    }
    return {
      ruleId: RuleIds.tokenKey,
      confidence: ev.forge <= 5 ? 'high' : 'medium',
      context: 'assignment',
      keyName: name,
      host: ctx.host(),
      quote,
      detail: `assigned to ${name} near a Gogs/Gitea server`,
    };
  }

  /** The key of the object literal (`name: {` / `"name": {`) that directly encloses the key at `keyStart`. */
  private parentKey(ctx: Ctx, keyStart: number): string | undefined {
    const w = ctx.w;
    let depth = 0;
    for (let p = keyStart - 1; p >= ctx.ws; p--) {
      const c = w.charCodeAt(p);
      if (c === 125) depth++;
      else if (c === 123) {
        if (depth === 0) return keyBeforeBrace(w, p, ctx.ws);
        depth--;
      }
    }
    return undefined;
  }

  /**
   * Which service the sections around a key name, nearest first: enclosing `name: {` / `name = {` objects, then
   * less-indented `name:` / `name =>` block openers (YAML, PHP arrays, HCL), then the INI/TOML `[section]` above.
   * 'forge' or 'other' for the nearest section that names one, undefined when none does.
   */
  private enclosingService(ctx: Ctx, keyStart: number): 'forge' | 'other' | undefined {
    const w = ctx.w;
    const names: string[] = [];
    // enclosing braces (looked for within SECTION_CHARS of the key)
    let p = keyStart - 1;
    const min = Math.max(ctx.ws, keyStart - SECTION_CHARS);
    for (let level = 0; level < 3 && p >= min; level++) {
      let depth = 0;
      let open = -1;
      for (; p >= min; p--) {
        const c = w.charCodeAt(p);
        if (c === 125) depth++;
        else if (c === 123) {
          if (depth === 0) { open = p; break; }
          depth--;
        }
      }
      if (open === -1) break;
      const name = keyBeforeBrace(w, open, min);
      if (name !== undefined) names.push(name);
      p = open - 1;
    }
    // indentation: block openers above with less indentation
    if (names.length === 0) {
      const ls = ctx.lineStartOf(keyStart);
      let indent = leadingIndent(w, ls);
      let q = ls;
      for (let k = 0; k < CONTEXT_LINES && q > ctx.ws && indent > 0 && names.length < 3; k++) {
        const pls = ctx.lineStartOf(q - 1);
        const pl = w.slice(pls, q - 1);
        q = pls;
        if (/^\s*(?:#.*)?$/.test(pl)) continue;
        const ind = leadingIndent(w, pls);
        if (ind >= indent) continue;
        const m = INDENT_OPENER_RE.exec(pl);
        if (m === null) break;
        names.push(m[1]);
        indent = ind;
      }
    }
    // INI/TOML section
    let q = ctx.lineStartOf(keyStart);
    for (let k = 0; k < CONTEXT_LINES && q > ctx.ws; k++) {
      const pls = ctx.lineStartOf(q - 1);
      const m = SECTION_RE.exec(w.slice(pls, q - 1));
      q = pls;
      if (m !== null) {
        names.push(m[1]);
        break;
      }
    }
    for (const n of names) {
      const words = keyWords(n);
      if (words.some((x) => FORGE_WORDS.has(x))) return 'forge';
      if (words.some(isOtherServiceWord)) return 'other';
    }
    return undefined;
  }

  private headerVerdict(ctx: Ctx, scheme: string, quote: string | undefined): Verdict | null {
    const ev = ctx.evidence();
    if (ev.other < ev.forge) return null;
    let confidence: Confidence;
    if (scheme === 'token') confidence = ev.forge !== Infinity ? 'high' : 'medium';
    else if (scheme === 'bearer') confidence = ev.forge !== Infinity ? 'high' : 'low';
    else if (ev.forge !== Infinity) confidence = 'medium';
    else return null;
    return {
      ruleId: RuleIds.header,
      confidence,
      context: 'header',
      host: ctx.host(),
      quote,
      detail: scheme === '' ? 'in an Authorization header' : `in an Authorization: ${scheme === 'token' ? 'token' : 'Bearer'} header`,
    };
  }

  /** `"sha1": "<t>"` in an object that looks like a Gogs/Gitea token (has `name`, no commit fields). */
  private apiResponse(ctx: Ctx, quote: string | undefined): Verdict | null {
    const w = ctx.w;
    const { s, e } = ctx;
    let open = -1;
    for (let p = s - 1, min = Math.max(ctx.ws, s - 600); p >= min; p--) {
      const c = w.charCodeAt(p);
      if (c === 123) { open = p; break; }
      if (c === 125) break;
    }
    let close = -1;
    for (let p = e, max = Math.min(ctx.we, e + 600); p < max; p++) {
      const c = w.charCodeAt(p);
      if (c === 125) { close = p; break; }
      if (c === 123 || c === 91) break;
    }
    let obj: string;
    if (open !== -1 && close !== -1) obj = w.slice(open, close + 1);
    else obj = ctx.lines(3);
    if (!OBJECT_NAME_KEY_RE.test(obj) || OBJECT_COMMIT_KEYS_RE.test(obj) || hasFileLikeName(obj)) return null;
    return { ruleId: RuleIds.apiResponse, confidence: 'high', context: 'other', keyName: 'sha1', host: ctx.host(), quote, detail: 'in the sha1 field of a token object' };
  }

  private cliVerdict(ctx: Ctx, detail: string, quote: string | undefined, keyName?: string): Verdict | null {
    const ev = ctx.evidence();
    if (ev.forge === Infinity || ev.other < ev.forge) return null;
    return { ruleId: RuleIds.cli, confidence: ev.forge <= 5 ? 'high' : 'medium', context: 'other', keyName, host: ctx.host(), quote, detail };
  }

  /** Argument of a call or element of an array: env defaults, setters, constructors. */
  private callArgument(ctx: Ctx, lhs: Lhs): Verdict | null {
    const w = ctx.w;
    const call = this.enclosing(ctx, lhs);
    if (call === null) return null;
    const { open, openChar, prevArg, argIndex } = call;
    if (openChar === '[') {
      // `tokens: ["<t>", …]`, `TOKENS = ['<t>']`
      const inner = this.parseLhsAt(ctx, open, '');
      if (inner === null || inner.key === undefined || inner.op === ',' || inner.op === '(' || inner.op === '[') return null;
      return this.keyed(ctx, inner.key, { ...inner, quote: lhs.quote, scheme: lhs.scheme });
    }
    // callee: identifier chain before '(' (`gogs.NewClient`, `Gogs::Client.new`, `$this->client->setToken`)
    let c = open;
    while (c > ctx.ls && isSpace(w.charCodeAt(c - 1))) c--;
    let b = c;
    const bmin = Math.max(ctx.ls, c - 128);
    while (b > bmin) {
      const ch = w.charCodeAt(b - 1);
      if (isWordChar(ch) || ch === 46 || ch === 36 || ch === 58 || ch === 92 || (ch === 62 && b - 2 >= bmin && w.charCodeAt(b - 2) === 45) || (ch === 45 && w.charCodeAt(b) === 62)) b--;
      else break;
    }
    let callee = w.slice(b, c);
    if (callee === '') {
      // `auth=("user", "<t>")`: a tuple assigned to a key
      const inner = this.parseLhsAt(ctx, open, '');
      if (inner !== null && inner.key !== undefined && (inner.op === '=' || inner.op === ':')) callee = inner.key;
    }
    if (callee === '') return null;
    const lastSeg = callee.split(/\.|::|->|:|\\/).pop() ?? callee;

    // header-valued calls: AuthenticationHeaderValue("token", "<t>")
    if (HEADER_CALLEE_RE.test(lastSeg) && argIndex <= 1) {
      const pa = (prevArg ?? '').toLowerCase();
      return this.headerVerdict(ctx, lhs.scheme || (pa === 'token' || pa === 'bearer' ? pa : ''), lhs.quote || undefined);
    }
    // key/value calls: env('GOGS_TOKEN', '<t>'), ENV.fetch("GITEA_TOKEN", "<t>"), Header.Set("Authorization", "token <t>")
    if (argIndex >= 1 && prevArg !== undefined && IDENTIFIER_LIKE_RE.test(prevArg)) {
      const kc = classifyKey(prevArg);
      if (kc !== 'none' || prevArg.toLowerCase() === 'sha1') {
        return this.keyed(ctx, prevArg, { op: '=', opPos: lhs.opPos, key: prevArg, quote: lhs.quote, scheme: lhs.scheme });
      }
    }
    if (lhs.quote === '') return null; // constructor arguments are string literals
    const forgeCallee = FORGE_WORD_RE.test(callee);
    const setter = SETTER_RE.test(lastSeg);
    if (forgeCallee && (setter || CONSTRUCTOR_RE.test(lastSeg))) {
      return { ruleId: RuleIds.constructor, confidence: 'high', context: 'constructor', host: ctx.host(), quote: lhs.quote, detail: `passed to ${callee}()` };
    }
    if (setter) {
      const ev = ctx.evidence();
      if (ev.forge === Infinity || ev.other < ev.forge) return null;
      return {
        ruleId: RuleIds.constructor,
        confidence: ev.forge <= 5 ? 'high' : 'medium',
        context: 'constructor',
        host: ctx.host(),
        quote: lhs.quote,
        detail: `passed to ${callee}() near a Gogs/Gitea server`,
      };
    }
    return null;
  }

  /** The `(`/`[` enclosing the candidate's argument, the argument index and the previous argument's literal value. */
  private enclosing(ctx: Ctx, lhs: Lhs): { open: number; openChar: string; argIndex: number; prevArg?: string } | null {
    const w = ctx.w;
    if (lhs.op === '(' || lhs.op === '[') return { open: lhs.opPos, openChar: lhs.op, argIndex: 0 };
    // op ',': walk back over arguments, skipping string literals and balanced brackets
    let depth = 0;
    let argIndex = 1;
    let prevArg: string | undefined;
    let argEnd = lhs.opPos;
    let p = lhs.opPos;
    const min = Math.max(ctx.ls, lhs.opPos - 512);
    while (p > min) {
      const c = w.charCodeAt(p - 1);
      if (isQuote(c)) {
        const o = w.lastIndexOf(String.fromCharCode(c), p - 2);
        if (o < min) return null;
        p = o;
        continue;
      }
      if (c === 41 || c === 93 || c === 125) depth++;
      else if (c === 40 || c === 91 || c === 123) {
        if (depth === 0) {
          if (argIndex === 1) prevArg = literalOf(w.slice(p, argEnd));
          if (c === 123) return null; // object literal: its keys are the assignment parse's business
          return { open: p - 1, openChar: c === 40 ? '(' : '[', argIndex, prevArg };
        }
        depth--;
      } else if (c === 44 && depth === 0) {
        if (argIndex === 1) prevArg = literalOf(w.slice(p, argEnd));
        argIndex++;
        argEnd = p - 1;
      }
      p--;
    }
    return null;
  }

  /** For `value:` keys: the name given just before, on the line or the two lines above. */
  private pairName(ctx: Ctx, keyStart: number): string | undefined {
    const seg = ctx.w.slice(ctx.linesBackStart(2), keyStart);
    let last: string | undefined;
    NAME_VALUE_RE.lastIndex = 0;
    for (let m = NAME_VALUE_RE.exec(seg); m !== null; m = NAME_VALUE_RE.exec(seg)) last = m[1];
    return last;
  }

  /** A value alone on its line under `key: |`, `key:` or in a YAML list under `key:`. */
  private blockValue(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls, le } = ctx;
    if (!ctx.lsTrue) return null;
    const hm = /^([ \t]*)(-[ \t]+)?["']?$/.exec(w.slice(ls, s));
    if (hm === null) return null;
    if (!/^["']?,?\s*$/.test(w.slice(ctx.e, le))) return null;
    const indent = hm[1].length;
    const isItem = hm[2] !== undefined;
    let p = ls;
    for (let k = 0; k < 10 && p > ctx.ws; k++) {
      const pls = ctx.lineStartOf(p - 1);
      const pl = w.slice(pls, p - 1);
      p = pls;
      if (/^\s*$/.test(pl)) continue;
      const km = BLOCK_KEY_RE.exec(pl);
      if (km !== null && km[1].length <= indent) {
        if (km[1].length === indent && !isItem) return null;
        if (!isItem && !ctx.blockEndsAfterLine(km[1].length)) return null; // folded/multi-line scalars are not one token
        return this.keyed(ctx, km[2], { op: ':', opPos: pls, key: km[2], keyStart: pls + km[1].length, quote: '', scheme: '' });
      }
      if (isItem && /^[ \t]*-[ \t]/.test(pl) && leadingSpace(pl) === indent) continue;
      return null;
    }
    return null;
  }

  private stdinLogin(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, e, ls, le } = ctx;
    if (ctx.line().indexOf('login') === -1) return null;
    const head = w.slice(Math.max(ls, s - 512), s);
    if (isHereStringLogin(head)) return this.cliVerdict(ctx, 'fed to a registry login', undefined);
    if (!STDIN_HEAD_RE.test(head.slice(-40))) return null;
    if (!STDIN_LOGIN_RE.test(w.slice(e, Math.min(le, e + 512)))) return null;
    return this.cliVerdict(ctx, 'piped to a registry login', undefined);
  }

  private prose(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls } = ctx;
    const head = w.slice(Math.max(ls, s - 120), s);
    PROSE_TOKEN_RE.lastIndex = 0;
    let wordEnd = -1;
    for (let m = PROSE_TOKEN_RE.exec(head); m !== null; m = PROSE_TOKEN_RE.exec(head)) wordEnd = m.index + m[0].length;
    if (wordEnd === -1) return null;
    const gap = head.slice(wordEnd);
    if (gap.length > 64) return null;
    // separator right before the value: `:` `=` `is` `was` `→` `—` …, or nothing (`the token <t>`)
    const sep = trimProseTrailing(gap);
    if (sep !== '' && !PROSE_SEPARATOR_RE.test(sep)) return null;
    if (PROSE_COMMIT_RE.test(head)) return null;
    if (!ctx.forgeNearer()) return null;
    return { ruleId: RuleIds.prose, confidence: 'medium', context: 'other', host: ctx.host(), detail: 'labelled as a token' };
  }

  // ------------------------------------------------------------------ left-hand-side parsing

  private parseLhs(ctx: Ctx): Lhs | null {
    const w = ctx.w;
    const ls = ctx.ls;
    let p = ctx.s;
    let quote = '';
    // opening quote, possibly escaped (\" inside JSON strings)
    if (p > ls && isQuote(w.charCodeAt(p - 1))) {
      quote = w[p - 1];
      p--;
      while (p > ls && w.charCodeAt(p - 1) === 92) p--;
    }
    // auth scheme: `token <t>`, `Bearer <t>`
    let scheme = '';
    let t = p;
    while (t > ls && isSpace(w.charCodeAt(t - 1))) t--;
    if (t < p) {
      let b = t;
      while (b > ls && b > t - 7 && isLetter(w.charCodeAt(b - 1))) b--;
      const word = w.slice(b, t).toLowerCase();
      const before = b > ls ? w.charCodeAt(b - 1) : 32;
      if ((word === 'token' || word === 'bearer') && !isWordChar(before) && before !== 45 && before !== 46) {
        scheme = word;
        p = b;
        if (p > ls && isQuote(w.charCodeAt(p - 1))) {
          if (quote === '') quote = w[p - 1];
          p--;
          while (p > ls && w.charCodeAt(p - 1) === 92) p--;
        }
      }
    }
    return this.parseLhsAt(ctx, p, quote, scheme);
  }

  /** Parses `key op` ending at `p0` (exclusive). */
  private parseLhsAt(ctx: Ctx, p0: number, quote: string, scheme = ''): Lhs | null {
    const w = ctx.w;
    const ls = ctx.ls;
    let p = p0;
    const hadSpace = p > ls && isSpace(w.charCodeAt(p - 1));
    while (p > ls && isSpace(w.charCodeAt(p - 1))) p--;
    if (p <= ls) return null;
    const c = w.charCodeAt(p - 1);
    const c2 = p - 2 >= ls ? w.charCodeAt(p - 2) : 0;
    let op: string;
    let opStart: number;
    switch (c) {
      case 61: // '='
        if (c2 === 61 || c2 === 33 || c2 === 60 || c2 === 62 || c2 === 43 || c2 === 126) return null; // == != <= >= += =~
        if (c2 === 58) { op = ':='; opStart = p - 2; } else { op = '='; opStart = p - 1; }
        break;
      case 58: // ':'
        if (c2 === 58) return null;
        if (c2 === 63) { op = '?:'; opStart = p - 2; } else { op = ':'; opStart = p - 1; }
        break;
      case 62: // '>'
        if (c2 === 61) { op = '=>'; opStart = p - 2; break; }
        return this.xmlTag(ctx, p, quote, scheme);
      case 45: // '-': ${VAR:-x} / ${VAR-x}
        if (c2 === 58) { op = ':-'; opStart = p - 2; } else { op = '-'; opStart = p - 1; }
        break;
      case 124: // '|'
        if (c2 !== 124) return null;
        op = '||'; opStart = p - 2;
        break;
      case 63: // '?'
        if (c2 !== 63) return null;
        op = '??'; opStart = p - 2;
        break;
      case 44: return { op: ',', opPos: p - 1, quote, scheme };
      case 40: return { op: '(', opPos: p - 1, quote, scheme };
      case 91: return { op: '[', opPos: p - 1, quote, scheme };
      case 123: { // '{': a block default after a call, `ENV.fetch('GITEA_TOKEN') { '<t>' }`
        let q = p - 1;
        while (q > ls && isSpace(w.charCodeAt(q - 1))) q--;
        if (q <= ls || w.charCodeAt(q - 1) !== 41) return null;
        op = '{'; opStart = p - 1;
        break;
      }
      default:
        if (!hadSpace) return null;
        if (c === 114 && c2 === 111 && p - 3 >= ls && isSpace(w.charCodeAt(p - 3))) { op = 'or'; opStart = p - 2; break; }
        if (!isKeyChar(c) && !isQuote(c)) return null;
        op = ' '; opStart = p;
    }
    let k = opStart;
    while (k > ls && isSpace(w.charCodeAt(k - 1))) k--;
    if (op === '-' || op === ':-') {
      // only inside ${VAR-x} / ${VAR:-x}
      const km = /\$\{([A-Za-z_]\w{0,127})$/.exec(w.slice(Math.max(ls, k - 131), k));
      if (km === null) return null;
      return { op, opPos: opStart, key: km[1], keyStart: k - km[1].length, quote, scheme };
    }
    let key = this.readKey(ctx, k);
    if (key !== null && (op === '=' || op === ':=') && TYPE_NAMES.has(key.key)) {
      // a type annotation: `TOKEN: &str = "<t>"`, `val token: String = "<t>"`, `var token string = "<t>"`
      const m = TYPED_NAME_RE.exec(w.slice(Math.max(ls, key.start - 160), key.start));
      if (m !== null) key = { key: m[1], start: key.start - m[0].length };
    }
    if (key === null) return { op, opPos: opStart, quote, scheme };
    return { op, opPos: opStart, key: key.key, keyStart: key.start, quote, scheme };
  }

  /** `<password><t></password>`, `<token><t>`: the element name is the key. */
  private xmlTag(ctx: Ctx, p: number, quote: string, scheme: string): Lhs | null {
    const w = ctx.w;
    const lt = w.lastIndexOf('<', p - 1);
    if (lt < ctx.ls || p - lt > 130) return null;
    // the name, then (after a character that cannot continue it) attributes: `[^<>]*` right after `[\w.:-]*` would
    // trade characters with it
    const m = /^<([A-Za-z_][\w.:-]*)(?:[^\w.:<>-][^<>]*)?>$/.exec(w.slice(lt, p));
    if (m === null) return null;
    return { op: '<>', opPos: lt, key: m[1].split(':').pop(), keyStart: lt + 1, quote, scheme };
  }

  /** Reads the key that ends at `k` (exclusive): identifier chain, quoted name, `ENV['X']`, `getenv("X")`. */
  private readKey(ctx: Ctx, k: number): { key: string; start: number } | null {
    const w = ctx.w;
    const ls = ctx.ls;
    if (k <= ls) return null;
    const c = w.charCodeAt(k - 1);
    // closing bracket/paren: ENV['X'], os.environ["X"], getenv("X"), headers['Authorization']
    if (c === 93 || c === 41) {
      const open = w.lastIndexOf(c === 93 ? '[' : '(', k - 1);
      if (open < ls || k - open > 130) return null;
      const m = /^\s*["'`]([A-Za-z_][\w.-]{0,127})["'`]/.exec(w.slice(open + 1, k - 1));
      return m ? { key: m[1], start: open + 1 } : null;
    }
    // quoted key, possibly escaped: "gitea.token", \"Authorization\", 'GITEA_TOKEN'
    if (isQuote(c)) {
      let end = k - 1;
      while (end > ls && w.charCodeAt(end - 1) === 92) end--;
      const open = w.lastIndexOf(String.fromCharCode(c), end - 1);
      if (open < ls || end - open > 130) return null;
      let start = open + 1;
      let keyText = w.slice(start, end);
      if (!QUOTED_KEY_RE.test(keyText)) return null;
      // `//host/path/:_authToken` style keys: keep the last part
      const colon = keyText.lastIndexOf(':');
      if (colon !== -1) { start += colon + 1; keyText = keyText.slice(colon + 1); }
      return keyText === '' ? null : { key: keyText, start };
    }
    let b = k;
    const min = Math.max(ls, k - 128);
    while (b > min && isKeyChar(w.charCodeAt(b - 1))) b--;
    if (b === k) return null;
    let key = w.slice(b, k);
    // `\npassword=` inside an escaped string: drop the escape letter
    if (b - 1 >= ls && w.charCodeAt(b - 1) === 92 && /^[ntr]/.test(key)) { key = key.slice(1); b++; }
    if (key === '' || !hasWordChar(key)) return null;
    return { key, start: b };
  }
}

const HEADER_FIELD_RE = /^[a-z_][a-z0-9_ .-]{0,63}$/;
/** A line that opens a block: `name:`, `- name:`, `'name' => [`, `name = {`, `name {`. */
const INDENT_OPENER_RE = /^[ \t]*(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,63})["']?[ \t]*(?:(?::|=>|=)[ \t]*)?(?:[[{(][ \t]*)?\r?$/;
/**
 * INI/TOML section headers: `[database]`, `[[registries.gitea]]`, `[registries."gitea"]`. The name ends on a
 * non-space (not a lazy quantifier next to `[ \t]*`, which tries every split of a run of spaces).
 */
const SECTION_RE = /^[ \t]*\[\[?[ \t]*([A-Za-z_](?:[\w.\-" ]{0,62}[\w.\-"])?)[ \t]*\]\]?[ \t]*\r?$/;
const TYPE_NAMES: ReadonlySet<string> = new Set(['str', 'string', 'String', 'Str', 'text', 'Text']);
const VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'val', 'Value', 'VALUE']);
const TYPED_NAME_RE = /([A-Za-z_]\w{0,127})[ \t]*(?::[ \t]*)?&?(?:'static[ \t]+)?(?:mut[ \t]+)?$/;
const BLOCK_KEY_RE = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,127})["']?[ \t]*:(?:[ \t]*[|>][-+]?[0-9]?)?[ \t]*\r?$/;
const QUOTED_KEY_RE = /^[A-Za-z_$@/-][\w.\-:$@/]{0,127}$/;
const STDIN_HEAD_RE = /(?:^|[\s;&|(])(?:echo(?:\s{1,4}-[ne]{1,2})?|printf(?:\s{1,4}(?:'%s'|"%s"|%s))?)\s{1,4}["']?$/;
const PROSE_SEPARATOR_RE = /(?:[:：=→—–-]|\bis|\bwas|->|=>)$/i;

/** What `\s` matches in a JavaScript regex (ECMAScript WhiteSpace and LineTerminator). */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f
    || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * `s` without its trailing run of `[\s"'`*_()[\]]` (quotes, emphasis and brackets between a prose label and the
 * value). What `s.replace(/[\s"'`*_()[\]]+$/, '')` returns, without retrying the run from each of its positions.
 */
export function trimProseTrailing(s: string): string {
  let e = s.length;
  while (e > 0 && isProseTrailing(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

function isProseTrailing(c: number): boolean {
  return isJsSpace(c) || c === 34 || c === 39 || c === 96 || c === 42 || c === 95 || c === 40 || c === 41 || c === 91 || c === 93;
}

/**
 * True when `head` (the text before a candidate) ends like `… login … --password-stdin <<< "`: `login` as a word,
 * at most 400 characters (no line break) before `--password-stdin`, then `<<<` (a here-string) and an optional
 * quote, spaces and tabs between. What `/\blogin\b[^\n]{0,400}--password-stdin[ \t]*<<<[ \t]*["']?$/` says, read
 * from the end instead of tried at every `login`.
 */
export function isHereStringLogin(head: string): boolean {
  let p = head.length;
  if (p > 0 && (head.charCodeAt(p - 1) === 34 || head.charCodeAt(p - 1) === 39)) p--;
  while (p > 0 && isSpace(head.charCodeAt(p - 1))) p--;
  if (p < 3 || !head.startsWith('<<<', p - 3)) return false;
  p -= 3;
  while (p > 0 && isSpace(head.charCodeAt(p - 1))) p--;
  const flag = '--password-stdin';
  if (p < flag.length || !head.startsWith(flag, p - flag.length)) return false;
  const q = p - flag.length; // the `[^\n]{0,400}` run is [login end, q)
  if (q < 5) return false;
  const lo = Math.max(head.lastIndexOf('\n', q - 1) + 1, q - 405);
  // (lastIndexOf clamps a negative position to 0: stop explicitly after index 0)
  for (let l = head.lastIndexOf('login', q - 5); l >= lo; l = l === 0 ? -1 : head.lastIndexOf('login', l - 1)) {
    if ((l === 0 || !isWordChar(head.charCodeAt(l - 1))) && !isWordChar(head.charCodeAt(l + 5))) return true;
  }
  return false;
}

/**
 * True when an object's text has a `name` whose value looks like a file or path (`gogs_0.13.0_linux_amd64.tar.gz`,
 * `dist/app.zip`, `v1.2`): `name` (a word, any case), optional `\` and quote, `:`, optional `\` and quote, then a
 * value of characters other than quotes, whitespace, `,` and `}` that contains a `/` or ends in `.` and 1–5
 * letters or digits (before an optional trailing `\`), then an optional quote and a `,`, `}`, line break or the end.
 * The same as `/\bname\\?["']?\s*:\s*\\?["']?[^"'\s,}]*(?:\.[A-Za-z0-9]{1,5}|\/[^"'\s,}]*)\\?["']?\s*(?:[,}\n]|$)/i`,
 * which backtracks over every split of a run of `/` (quadratic) and rescans a value from each `name` inside it;
 * here each value run is measured once.
 */
export function hasFileLikeName(obj: string): boolean {
  const n = obj.length;
  let runStart = -1;
  let runEnd = -1; // the value run [runStart, runEnd) last measured
  let lastSlash = -1; // last `/` in that run
  let dot = -1; // start of the `.ext` the run ends with, or -1
  for (let k = indexOfNameWord(obj, 0); k !== -1; k = indexOfNameWord(obj, k + 4)) {
    let p = k + 4;
    if (obj.charCodeAt(p) === 92) p++;
    if (obj.charCodeAt(p) === 34 || obj.charCodeAt(p) === 39) p++;
    while (p < n && isJsSpace(obj.charCodeAt(p))) p++;
    if (obj.charCodeAt(p) !== 58) continue;
    p++;
    while (p < n && isJsSpace(obj.charCodeAt(p))) p++;
    if (obj.charCodeAt(p) === 92) p++;
    if (obj.charCodeAt(p) === 34 || obj.charCodeAt(p) === 39) p++;
    if (!(p >= runStart && p < runEnd)) {
      // a new value run (a `name` inside the last run shares its end)
      runStart = p;
      let e = p;
      lastSlash = -1;
      while (e < n && isValueChar(obj.charCodeAt(e))) {
        if (obj.charCodeAt(e) === 47) lastSlash = e;
        e++;
      }
      runEnd = e;
      dot = extensionStart(obj, p, e);
      if (e === p) continue;
    }
    const fileLike = lastSlash >= p || (dot !== -1 && dot >= p);
    if (fileLike && valueEndsField(obj, runEnd)) return true;
  }
  return false;
}

/** Next index ≥ `from` of `name` (ASCII, any case) not preceded by a word character, or -1. */
function indexOfNameWord(s: string, from: number): number {
  for (let i = from; i + 4 <= s.length; i++) {
    if ((s.charCodeAt(i) | 32) !== 110) continue; // n
    if ((s.charCodeAt(i + 1) | 32) !== 97 || (s.charCodeAt(i + 2) | 32) !== 109 || (s.charCodeAt(i + 3) | 32) !== 101) continue;
    if (i > 0 && isWordChar(s.charCodeAt(i - 1))) continue;
    return i;
  }
  return -1;
}

/** `[^"'\s,}]`: a character of an unquoted-looking value. */
function isValueChar(c: number): boolean {
  return c !== 34 && c !== 39 && c !== 44 && c !== 125 && !isJsSpace(c);
}

/** Start of the `.` of a `.ext` (1–5 ASCII letters/digits) that ends the run [a, e) (before one trailing `\`), or -1. */
function extensionStart(s: string, a: number, e: number): number {
  let end = e;
  if (end > a && s.charCodeAt(end - 1) === 92) end--;
  let d = end;
  while (d > a && end - d < 5 && isAlnumCode(s.charCodeAt(d - 1))) d--;
  // the longest alnum tail is at most 5 here; a `.` must sit right before some 1–5 of them
  for (let x = d; x < end; x++) if (x - 1 >= a && s.charCodeAt(x - 1) === 46) return x - 1;
  return -1;
}

function isAlnumCode(c: number): boolean {
  return isUpperCode(c) || isLowerCode(c) || isDigitCode(c);
}

/** After a value ending at `e`: an optional quote, then whitespace holding a line break, or `,`, `}` or the end. */
function valueEndsField(s: string, e: number): boolean {
  let p = e;
  if (s.charCodeAt(p) === 34 || s.charCodeAt(p) === 39) p++;
  while (p < s.length && isJsSpace(s.charCodeAt(p))) {
    if (s.charCodeAt(p) === 10) return true;
    p++;
  }
  return p >= s.length || s.charCodeAt(p) === 44 || s.charCodeAt(p) === 125;
}

/** True when `w[p…]` is a line break followed by a lowercase hex character (a `\`-continued value). */
function continuesWithHex(w: string, p: number): boolean {
  let q = p;
  if (w.charCodeAt(q) === 13) q++;
  return w.charCodeAt(q) === 10 && isHexCode(w.charCodeAt(q + 1));
}

/** True when the line ending just before `ls` ends with `<hex>\`. */
function endsWithHexContinuation(w: string, ls: number): boolean {
  let q = ls - 1; // the '\n'
  if (q < 1) return false;
  if (w.charCodeAt(q - 1) === 13) q--;
  return w.charCodeAt(q - 1) === 92 && q >= 2 && isHexCode(w.charCodeAt(q - 2));
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

function hasWordChar(k: string): boolean {
  for (let i = 0; i < k.length; i++) if (isWordChar(k.charCodeAt(i))) return true;
  return false;
}

/**
 * The name before an opening brace at `open`: `name: {`, `"name": {`, `name = {`, `'name' => {`, `name {`,
 * `provider "gitea" {` (the last label). Reads at most 64 characters of name; undefined when there is none.
 */
function keyBeforeBrace(w: string, open: number, min: number): string | undefined {
  let p = open;
  while (p > min && isSpace(w.charCodeAt(p - 1))) p--;
  const c = w.charCodeAt(p - 1);
  if (c === 58 || c === 61) {
    p--;
    if (c === 61 && p > min && w.charCodeAt(p - 1) === 58) p--; // :=
  } else if (c === 62 && p - 1 > min && w.charCodeAt(p - 2) === 61) p -= 2; // =>
  while (p > min && isSpace(w.charCodeAt(p - 1))) p--;
  if (p <= min) return undefined;
  const q = w.charCodeAt(p - 1);
  if (isQuote(q)) {
    const a = w.lastIndexOf(String.fromCharCode(q), p - 2);
    if (a < min || p - 1 - a > 65) return undefined;
    const name = w.slice(a + 1, p - 1);
    return /^[A-Za-z_][\w.-]*$/.test(name) ? name : undefined;
  }
  let b = p;
  while (b > min && p - b < 64 && (isWordChar(w.charCodeAt(b - 1)) || w.charCodeAt(b - 1) === 46 || w.charCodeAt(b - 1) === 45)) b--;
  return b < p ? w.slice(b, p) : undefined;
}

function leadingIndent(w: string, ls: number): number {
  let i = ls;
  while (i < w.length && isSpace(w.charCodeAt(i))) i++;
  return i - ls;
}

function leadingSpace(l: string): number {
  let i = 0;
  while (i < l.length && isSpace(l.charCodeAt(i))) i++;
  return i;
}

/** The content of a string literal argument (`"X"`, `'X'`), or undefined when the argument is not a plain literal. */
function literalOf(arg: string): string | undefined {
  const m = /^\s*\\?["'`]([^"'`\\]{0,128})\\?["'`]\s*$/.exec(arg);
  return m ? m[1] : undefined;
}

const HEX40_FIELD_RE = /^\s*["'`]?[0-9a-f]{40}["'`]?\s*$/;

function countChar(l: string, ch: string): number {
  let n = 0;
  for (let i = l.indexOf(ch); i !== -1; i = l.indexOf(ch, i + 1)) n++;
  return n;
}

/** Field `idx` of `l` split on `sep` (no quote handling: a quick look only). */
function fieldAt(l: string, sep: string, idx: number): string {
  let a = 0;
  for (let k = 0; k < idx; k++) {
    const i = l.indexOf(sep, a);
    if (i === -1) return '';
    a = i + 1;
  }
  const b = l.indexOf(sep, a);
  return l.slice(a, b === -1 ? l.length : b);
}

/** How far back (UTF-16 units) enclosing `name { … }` sections are looked for. */
const SECTION_CHARS = 2048;

/** Radius (UTF-16 units) of the first, cheap look for evidence and hosts. */
const NEAR_CHARS = 600;

/** Longest table row the table rule reads (UTF-16 units). */
const MAX_ROW = 2048;

/** The separator character before a field starting at `s` (skipping spaces and quotes), '' at the line start. */
function fieldEdgeBefore(w: string, ls: number, s: number): string {
  let p = s;
  while (p > ls && (w.charCodeAt(p - 1) === 32 || isQuote(w.charCodeAt(p - 1)))) p--;
  return p === ls ? '' : w[p - 1];
}

/** The separator character after a field ending at `e` (skipping spaces, quotes and a CR), '' at the line end. */
function fieldEdgeAfter(w: string, e: number, le: number): string {
  let p = e;
  while (p < le && (w.charCodeAt(p) === 32 || isQuote(w.charCodeAt(p)) || w.charCodeAt(p) === 13)) p++;
  return p === le ? '' : w[p];
}

/** 0-based index of the field containing `s` on the line starting at `ls`, for separator `sep`, honouring "…" quotes. */
function fieldIndex(w: string, ls: number, s: number, sep: string): number {
  let idx = 0;
  let inQuote = false;
  const sc = sep.charCodeAt(0);
  for (let p = ls; p < s; p++) {
    const c = w.charCodeAt(p);
    if (c === 34) inQuote = !inQuote;
    else if (c === sc && !inQuote) idx++;
  }
  return idx;
}

function splitFields(line: string, sep: string): string[] {
  return line.split(sep).map((f) => trimQuotes(f.trim()).toLowerCase());
}

/** Strips surrounding quote characters (no regex: runs of quotes are an adversarial input). */
function trimQuotes(f: string): string {
  let a = 0;
  let b = f.length;
  while (a < b && isQuote(f.charCodeAt(a))) a++;
  while (b > a && isQuote(f.charCodeAt(b - 1))) b--;
  return f.slice(a, b);
}

/**
 * Per-candidate context: a window string `w` around the candidate and positions relative to it.
 * `s`/`e`: the candidate; `ls`/`le`: its line (clamped to `w`); `ws`/`we`: the evidence window
 * (CONTEXT_LINES lines each side within `w`).
 */
class Ctx {
  readonly w: string;
  readonly s: number;
  readonly e: number;
  readonly ls: number;
  readonly le: number;
  /** True when `ls` is a real line start (not the window edge of a very long line). */
  readonly lsTrue: boolean;
  private wsCache = -1;
  private weCache = -1;
  private ev?: Evidence;
  private hostCache?: string | null;

  /** Offset of `w` in the text. */
  readonly lo: number;

  constructor(text: string, s: number, private readonly forgePath: boolean, private readonly index: EvidenceIndex) {
    const lo = Math.max(0, s - CONTEXT_CHARS);
    this.lo = lo;
    const hi = Math.min(text.length, s + TOKEN_LENGTH + CONTEXT_CHARS);
    const w = text.slice(lo, hi);
    this.w = w;
    this.s = s - lo;
    this.e = this.s + TOKEN_LENGTH;
    const nlb = w.lastIndexOf('\n', this.s - 1);
    this.ls = nlb + 1;
    this.lsTrue = nlb !== -1 || lo === 0;
    const nla = w.indexOf('\n', this.e);
    this.le = nla === -1 ? w.length : nla;
  }

  /** Start of the evidence window: CONTEXT_LINES lines above the candidate's line, within `w`. */
  get ws(): number {
    if (this.wsCache === -1) {
      let a = this.ls;
      for (let k = 0; k < CONTEXT_LINES && a > 0; k++) a = a >= 2 ? this.w.lastIndexOf('\n', a - 2) + 1 : 0;
      this.wsCache = a;
    }
    return this.wsCache;
  }

  /** End of the evidence window: CONTEXT_LINES lines below the candidate's line, within `w`. */
  get we(): number {
    if (this.weCache === -1) {
      const w = this.w;
      let b = this.le;
      for (let k = 0; k < CONTEXT_LINES && b < w.length; k++) {
        const n = w.indexOf('\n', b + 1);
        b = n === -1 ? w.length : n;
      }
      this.weCache = b;
    }
    return this.weCache;
  }

  /** Start of the line containing `pos` (clamped to the window). */
  lineStartOf(pos: number): number {
    return Math.max(this.ws, this.w.lastIndexOf('\n', pos - 1) + 1);
  }

  /** Start of the line `n` lines above the candidate's (clamped to the window). */
  linesBackStart(n: number): number {
    let a = this.ls;
    for (let k = 0; k < n && a > this.ws; k++) a = this.lineStartOf(a - 1);
    return a;
  }

  /** The candidate's line (clamped to the window). */
  line(): string {
    return this.w.slice(this.ls, this.le);
  }

  /** The candidate's line with `n` lines on each side (within the window). */
  lines(n: number): string {
    let b = this.le;
    for (let k = 0; k < n && b < this.we; k++) {
      const x = this.w.indexOf('\n', b + 1);
      b = x === -1 || x > this.we ? this.we : x;
    }
    return this.w.slice(this.linesBackStart(n), b);
  }

  /** True when the candidate sits on the first line of the text. */
  onFirstLine(): boolean {
    return this.lsTrue && this.ls === 0 && this.s <= CONTEXT_CHARS && this.w.lastIndexOf('\n', this.s) === -1;
  }

  /** Line distances from the candidate to the nearest forge and other-service evidence in the window. */
  evidence(): Evidence {
    if (this.ev !== undefined) return this.ev;
    let forge = this.nearestLines(this.index.forge);
    const other = this.nearestLines(this.index.other);
    if (forge === Infinity && this.forgePath) forge = CONTEXT_LINES + 1;
    this.ev = { forge, other };
    return this.ev;
  }

  private nearestLines(index: MatchIndex): number {
    const lo = this.lo;
    const [before, after] = index.nearest(lo + this.ws, lo + this.s, lo + this.we);
    let best = Infinity;
    if (before !== -1) best = countNewlines(this.w, before - lo, this.s);
    if (after !== -1) best = Math.min(best, countNewlines(this.w, this.s, after - lo));
    return best;
  }

  /** True when forge evidence exists and is at least as near as any other-service evidence. */
  forgeNearer(): boolean {
    const ev = this.evidence();
    return ev.forge !== Infinity && ev.forge <= ev.other;
  }

  /** True when the line after the candidate's is blank, the end of the window, or indented at most `indent`. */
  blockEndsAfterLine(indent: number): boolean {
    if (this.le >= this.w.length) return true;
    const a = this.le + 1;
    const nl = this.w.indexOf('\n', a);
    const next = this.w.slice(a, nl === -1 ? this.w.length : nl);
    return /^\s*$/.test(next) || leadingSpace(next) <= indent;
  }

  /** `#define ` right before the key at `k` (C preprocessor constants). */
  defineBefore(k: number): boolean {
    return /(?:^|\s)#[ \t]*define[ \t]+$/.test(this.w.slice(Math.max(this.ls, k - 24), k));
  }

  /** `-u ` / `--user ` / `--user=` right before the key at `k` (curl/httpie basic auth). */
  basicAuthFlagBefore(k: number): boolean {
    return /(?:^|\s)(?:-u|--user|-a|--auth)[ =]["']?$/.test(this.w.slice(Math.max(this.ls, k - 12), k));
  }

  /** The `machine` of the .netrc entry this line belongs to (same line or up to 4 lines above). */
  netrcMachine(netrcFile: boolean): string | undefined {
    const seg = this.w.slice(this.linesBackStart(4), this.s);
    let last: string | undefined;
    MACHINE_RE.lastIndex = 0;
    for (let m = MACHINE_RE.exec(seg); m !== null; m = MACHINE_RE.exec(seg)) last = m[1];
    if (last === undefined && netrcFile && /(?:^|\s)default\s/.test(seg)) return 'default';
    return last?.toLowerCase();
  }

  /**
   * Nearest plausible Gogs/Gitea host (URL host, npmrc `//host/`, netrc `machine`): looked for within NEAR_CHARS
   * first, then in the whole window; hosts named after the forge get a head start of a few lines.
   */
  host(): string | undefined {
    if (this.hostCache !== undefined) return this.hostCache ?? undefined;
    const best = this.hostIn(Math.max(this.ws, this.s - NEAR_CHARS), Math.min(this.we, this.e + NEAR_CHARS)) ?? this.hostIn(this.ws, this.we);
    this.hostCache = best ?? null;
    return best;
  }

  private hostIn(a: number, b: number): string | undefined {
    const w = this.w;
    let best: string | undefined;
    let bestScore = Infinity;
    const consider = (h: string, at: number): void => {
      const host = h.toLowerCase();
      if (!/[a-z0-9]\.[a-z0-9]/.test(host) || isHostOther(host) || host === '0.0.0.0') return;
      const d = Math.abs(at - this.s) + (FORGE_WORD_RE.test(host) ? 0 : 400);
      if (d < bestScore) { bestScore = d; best = host; }
    };
    for (let i = w.indexOf('//', a); i !== -1 && i < b; i = w.indexOf('//', i + 2)) {
      let p = i + 2;
      const max = Math.min(b, p + 300);
      // skip userinfo
      let q = p;
      while (q < max && !isSpace(w.charCodeAt(q)) && w.charCodeAt(q) !== 47 && w.charCodeAt(q) !== 64) q++;
      if (q < max && w.charCodeAt(q) === 64) p = q + 1;
      let h = p;
      while (h < max && (isWordChar(w.charCodeAt(h)) || w.charCodeAt(h) === 46 || w.charCodeAt(h) === 45)) h++;
      if (h > p) consider(w.slice(p, h), i);
    }
    const seg = w.slice(a, b);
    if (seg.indexOf('machine') !== -1) {
      MACHINE_RE.lastIndex = 0;
      for (let m = MACHINE_RE.exec(seg); m !== null; m = MACHINE_RE.exec(seg)) consider(m[1], a + m.index);
    }
    return best;
  }
}

function countNewlines(s: string, a: number, b: number): number {
  let d = 0;
  for (let i = s.indexOf('\n', a); i !== -1 && i < b; i = s.indexOf('\n', i + 1)) d++;
  return d;
}

/** Title of a rule by id (for messages). */
export function ruleTitle(id: string): string {
  return RULE_TITLE.get(id) ?? id;
}
