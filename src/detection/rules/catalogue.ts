/**
 * The rule catalogue: rule ids and their documentation as data ({@link RULES}, in evaluation priority), and the
 * shape of a rule's outcome ({@link Verdict}).
 */
import { Confidence, FindingContext, RuleInfo } from '../types';

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

/** Title of a rule by id (for messages). */
export function ruleTitle(id: string): string {
  return RULE_TITLE.get(id) ?? id;
}

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
