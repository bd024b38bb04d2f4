/**
 * The words and file names the rules reason with, as data. Each list says what kind of file or
 * idiom it serves; none is tuned to a particular sample file.
 */

/** Key segments that name the forge itself (`GOGS_TOKEN`, `gitea.token`, `forgejo_pat`, `TEA_TOKEN`). */
export const FORGE_WORDS: ReadonlySet<string> = new Set(['gogs', 'gitea', 'forgejo', 'codeberg', 'tea']);

/**
 * Key segments that make a key a credential slot (`token`, `api_token`, `_authToken`, `password`, `pat`).
 * `key` only counts together with `api`/`access`/`auth` or a forge word (`api_key`, `gitea_key`):
 * a bare `key` or `SECRET_KEY` is usually something else.
 */
export const TOKEN_WORDS: ReadonlySet<string> = new Set([
  'token', 'tokens', 'pat', 'apitoken', 'accesstoken', 'authtoken', 'apikey', 'password', 'passwd',
  'pass', 'pwd', 'auth', 'authorization', 'credential', 'credentials', 'cred', 'creds', 'bearer', 'privatetoken',
]);

/** Segments that, together with `key`, make a credential slot (`api_key`, `access_key`). */
export const KEY_QUALIFIERS: ReadonlySet<string> = new Set(['api', 'access', 'auth', 'app']);

/**
 * Key segments that say the value is a commit id, checksum, signature or other non-token 40-hex value
 * (lockfiles, build recipes, git metadata, webhook payloads, forge server config). They win over any
 * token word: `GOGS_SHA1`, `token_hash`, `token_last_eight`, `SRCREV`, `EGIT_COMMIT`, `SECRET_KEY`.
 */
export const NEGATIVE_WORDS: ReadonlySet<string> = new Set([
  'sha', 'sha1', 'sha256', 'sha512', 'md5', 'rev', 'revs', 'revision', 'srcrev', 'commit', 'commits', 'commitid',
  'commitish', 'hash', 'hashed', 'checksum', 'checksums', 'digest', 'integrity', 'shasum', 'ref', 'refs',
  'reference', 'oid', 'tree', 'blob', 'parent', 'parents', 'head', 'before', 'after', 'version', 'tag',
  'fingerprint', 'signature', 'sig', 'hmac', 'salt', 'nonce', 'secret', 'webhook', 'hook', 'uuid', 'guid',
  'etag', 'eight', 'internal', 'jwt', 'csrf', 'session', 'cookie', 'lfs', 'signing', 'gpg', 'pgp', 'ssh',
  'id', 'egit', 'merge', 'checkout',
]);

/**
 * Key segments naming services whose tokens are also 40-hex (legacy GitHub PATs, CircleCI, Datadog application
 * keys, SonarQube, Buildkite, Bitly, Redmine, …): a value under such a key is not a Gogs token.
 */
export const OTHER_SERVICE_WORDS: ReadonlySet<string> = new Set([
  'github', 'gh', 'ghe', 'gitlab', 'gl', 'glab', 'circle', 'circleci', 'cci', 'dd', 'datadog', 'sonar',
  'sonarqube', 'sonarcloud', 'travis', 'bitbucket', 'buildkite', 'bitly', 'redmine', 'codecov', 'sentry',
  'slack', 'heroku', 'aws', 'azure', 'gcp', 'google', 'cloudflare', 'snyk', 'jira', 'atlassian', 'twilio',
  'stripe', 'openai', 'hf', 'huggingface', 'mailgun', 'sendgrid', 'pagerduty', 'newrelic', 'algolia',
  'pusher', 'rollbar', 'bugsnag', 'vercel', 'netlify', 'telegram', 'discord', 'coveralls',
  'mapbox', 'shopify', 'dropbox', 'asana', 'linear', 'notion', 'trello', 'zendesk', 'postmark', 'vault',
  // databases, mail, directories, object stores: their passwords sit next to forge settings in compose files,
  // Helm values and app configs, and a generated 40-hex password is not an access token
  'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'redis', 'db', 'database', 'smtp', 'mail', 'mailer', 'ldap',
  'minio', 's3', 'mongo', 'mongodb', 'elastic', 'elasticsearch', 'rabbitmq', 'amqp', 'kafka', 'memcached', 'sql',
]);

/** Host names (and their subdomains) of services other than Gogs/Gitea/Forgejo that take 40-hex credentials. */
export const OTHER_SERVICE_HOSTS: readonly string[] = [
  'github.com', 'githubusercontent.com', 'ghcr.io', 'gitlab.com', 'bitbucket.org', 'circleci.com',
  'datadoghq.com', 'datadoghq.eu', 'sonarcloud.io', 'buildkite.com', 'bitly.com', 'api-ssl.bitly.com',
  'dev.azure.com', 'visualstudio.com', 'travis-ci.com', 'travis-ci.org', 'codecov.io', 'sentry.io',
];

/**
 * Words that call a value a token in prose, comments and notes, in the languages teams write runbooks in:
 * English/German/Dutch "token", Russian/Ukrainian "токен", Japanese "トークン", Korean "토큰", Chinese "令牌",
 * French "jeton".
 */
export const PROSE_TOKEN_WORD_SOURCE = '(?:^|[^A-Za-z0-9_])(?:access[ _-]?)?tokens?(?![A-Za-z0-9_])|токен|トークン|토큰|令牌|jeton';

/**
 * Words that make a line about commits/checksums rather than a token (`Revert …`, `commit`, `sha`, `Коммит`),
 * which silences the prose rule on that line.
 */
export const PROSE_COMMIT_WORD_SOURCE =
  'commit|коммит|コミット|커밋|提交|\\bsha\\b|sha-?1|sha-?256|revision|\\brev\\b|hash|checksum|digest|merge|revert|cherry|\\bref\\b|\\bblob\\b|\\btree\\b|signature|fingerprint|hmac|secret|\\bpinned?\\b|\\bbuild\\b|release|\\bfix(?:e[sd])?\\b|\\bbug\\b|\\bpatch\\b|\\bpull\\b|\\bissue\\b';

/**
 * Evidence that the surrounding text is about a Gogs/Gitea/Forgejo server: the names, the `tea` CLI, and API
 * paths only these forges use (`/api/v1/repos/…`, `/api/v1/user`, the `/api/packages/` registry).
 */
export const FORGE_EVIDENCE_SOURCE =
  'gogs|gitea|forgejo|codeberg|\\btea[ \\t]{1,4}logins?\\b|/api/v1/(?:repos|users?|orgs?|admin|markdown|miscellaneous|notifications|topics|packages)\\b|/api/packages/|%2Fapi%2Fv1%2F(?:repos|users?|orgs?)';

/** Evidence that the surrounding text is about another service taking 40-hex credentials. */
export const OTHER_EVIDENCE_SOURCE =
  'github|gitlab|bitbucket|circleci|datadog|\\bDD_[A-Z]|travis-ci|sonarcloud|sonarqube|buildkite|bitly|redmine|codecov';

/**
 * File names whose 40-hex values are commit ids or checksums by construction: lockfiles, git metadata,
 * checksum manifests. Only URL credentials (`https://user:<t>@host`, which lockfiles can leak) are reported there.
 */
export const COMMIT_ID_FILE_NAMES: ReadonlySet<string> = new Set([
  // lockfiles
  'yarn.lock', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'bun.lock', 'cargo.lock',
  'composer.lock', 'go.sum', 'go.work.sum', 'package.resolved', 'gemfile.lock', 'flake.lock', 'podfile.lock',
  'poetry.lock', 'pipfile.lock', 'pdm.lock', 'uv.lock', 'mix.lock', 'pubspec.lock', 'packages.lock.json',
  'gradle.lockfile', 'cartfile.resolved', 'manifest.toml', 'deno.lock', 'sources.json', 'bazel.lock',
  'module.bazel.lock', 'conan.lock', 'vcpkg-lock.json', 'renv.lock', 'stack.yaml.lock', 'cabal.project.freeze',
  // git metadata
  'packed-refs', 'fetch_head', 'orig_head', 'merge_head', 'cherry_pick_head', 'revert_head', 'head',
  '.gitmodules', '.git-blame-ignore-revs', 'shallow',
  // checksum manifests
  'sha1sums', 'sha1sum', 'sha1sums.txt', 'sha256sums', 'sha256sums.txt', 'checksums.txt', 'md5sums',
]);

/** File-name suffixes with the same meaning as {@link COMMIT_ID_FILE_NAMES} (`*.lock`, `*.sha1`, `*.sum`). */
export const COMMIT_ID_FILE_SUFFIXES: readonly string[] = ['.lock', '.sha1', '.sha256', '.sum', '.lockb', '.rev'];

/**
 * Forge server configuration (Gogs/Gitea/Forgejo `app.ini`): its 40-hex values are server secrets (SECRET_KEY,
 * database and mailer passwords), never access tokens. Only URL credentials are reported there.
 */
export const FORGE_SERVER_CONFIG_NAMES: ReadonlySet<string> = new Set(['app.ini', 'app.example.ini']);

/**
 * Well-known 40-hex values that are hashes of nothing: SHA-1 of the empty string, git's empty tree and empty blob.
 * They appear in code and tests as constants and are never tokens.
 */
export const KNOWN_NON_TOKENS: ReadonlySet<string> = new Set([
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
]);

/** Files in `netrc` format (`machine … login … password …`). */
export const NETRC_FILE_NAMES: ReadonlySet<string> = new Set(['.netrc', '_netrc', 'netrc', '.authinfo', 'authinfo']);
