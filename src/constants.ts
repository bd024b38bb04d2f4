/**
 * Every id the extension contributes or reads: commands, settings, views, context keys,
 * diagnostic source. One namespace: `gogsKeyHygiene`. Keep in sync with package.json `contributes`
 * (a unit test checks that every command and setting named here is declared there).
 */

/** Namespace prefix of every id. */
export const NS = 'gogsKeyHygiene';

/** Human-facing extension name; also the diagnostic `source`. */
export const DISPLAY_NAME = 'Gogs Key Hygiene';

/** `source` of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = DISPLAY_NAME;

/** Command ids (`contributes.commands`). */
export const Commands = {
  scanWorkspace: `${NS}.scanWorkspace`,
  moveToKeychain: `${NS}.moveToKeychain`,
  ignoreLine: `${NS}.ignoreLine`,
  ignoreTokenEverywhere: `${NS}.ignoreTokenEverywhere`,
  showOutput: `${NS}.showOutput`,
  // Token panel (src/panel/).
  showTokens: `${NS}.showTokens`,
  refreshTokens: `${NS}.refreshTokens`,
  addToken: `${NS}.addToken`,
  copyToken: `${NS}.copyToken`,
  renameToken: `${NS}.renameToken`,
  setTokenCreationDate: `${NS}.setTokenCreationDate`,
  deleteToken: `${NS}.deleteToken`,
  openTokenSource: `${NS}.openTokenSource`,
  /** Rotation flow (src/rotation/); argument: token id. */
  rotateToken: `${NS}.rotateToken`,
  /** Liveness check of a stored token against its server (src/rotation/); argument: token id. */
  verifyToken: `${NS}.verifyToken`,
  /** "I Deleted It": forget a replaced token once the server rejects it (src/rotation/); argument: token id. */
  confirmTokenDeleted: `${NS}.confirmTokenDeleted`,
  /** Terminal with the token in its environment (src/inject/); argument: token id. */
  openTerminal: `${NS}.openTerminal`,
  /** Inject stored tokens into new terminals (src/inject/); argument: token id (optional). */
  startInjection: `${NS}.startInjection`,
  /** Stop injecting tokens into new terminals (src/inject/). */
  stopInjection: `${NS}.stopInjection`,
  /** Variable command `${command:gogsKeyHygiene.tokenValue}` (src/inject/); hidden from the palette. */
  tokenValue: `${NS}.tokenValue`,
  /** Forget this workspace's task/launch token approvals (src/inject/). */
  forgetTaskApprovals: `${NS}.forgetTaskApprovals`,
  /** Write `credential.<url>.helper` for a stored token's server (src/git/); argument: token id (optional). */
  setUpGitCredentials: `${NS}.setUpGitCredentials`,
  /** Move every stored token from VS Code SecretStorage to the OS keychain (src/keychain/). */
  moveTokensToOsKeychain: `${NS}.moveTokensToOsKeychain`,
  /** Move every stored token from the OS keychain back to VS Code SecretStorage (src/keychain/). */
  moveTokensToSecretStorage: `${NS}.moveTokensToSecretStorage`,
} as const;

/** Setting keys, relative to the `gogsKeyHygiene` section. */
export const Settings = {
  section: NS,
  enable: 'enable',
  severity: 'severity',
  debounceMs: 'debounceMs',
  exclude: 'exclude',
  maxFileSizeKB: 'maxFileSizeKB',
  ignoredFingerprints: 'ignoredFingerprints',
  scanUseGitignore: 'scan.useGitignore',
  scanMaxFileSizeKB: 'scan.maxFileSizeKB',
  errorInTrackedFiles: 'errorInTrackedFiles',
  /** Token panel: rotate after this many days (default 90). */
  maxAgeDays: 'maxAgeDays',
  /** Token panel: remind this many days before `maxAgeDays` (default 7). */
  remindDaysBefore: 'remindDaysBefore',
  /** Injection: stop injecting into new terminals after this many minutes (0 = never). */
  injectionAutoStopMinutes: 'injection.autoStopMinutes',
  /** Gogs client: allow `http://` to hosts other than localhost (default false). */
  httpAllowInsecureHttp: 'http.allowInsecureHttp',
  /** Gogs client: per-request timeout in ms (default 10000). */
  httpTimeoutMs: 'http.timeoutMs',
  /** Gogs client: paths of PEM files with extra trusted CA certificates. */
  httpCaCertificates: 'http.caCertificates',
  /** Where token values live: `auto` (default), `os`, `secretStorage` (machine scope). */
  keychainBackend: 'keychain.backend',
} as const;

/** Task type that runs a command with a stored token in its environment (`contributes.taskDefinitions`). */
export const TASK_TYPE_GOGS_TOKEN = 'gogs-token';

/** Context keys set with `setContext`. */
export const ContextKeys = {
  /** True while new terminals get tokens (src/inject/). */
  injectionActive: `${NS}.injectionActive`,
} as const;

/** Views and containers of the token panel (`contributes.viewsContainers` / `views`). */
export const Views = {
  /** Activity-bar container id (letters only: VS Code allows alphanumerics, `_`, `-`). */
  container: NS,
  /** The "Gogs Tokens" tree view. */
  tokens: `${NS}.tokens`,
} as const;

/** Status-bar item ids (`window.createStatusBarItem(id, …)`: the id names the item in the status bar's menu). */
export const StatusBarItems = {
  /** A file was skipped or not fully checked (src/editor/). */
  skipped: `${NS}.skipped`,
  /** New terminals get tokens (src/inject/). */
  injection: `${NS}.injection`,
  /** Tokens due for rotation (src/panel/). */
  tokensDue: `${NS}.tokensDue`,
} as const;

/** Colours the extension contributes (`contributes.colors`), one per token age state of the panel. */
export const Colors = {
  tokenOk: `${NS}.tokenOk`,
  tokenDueSoon: `${NS}.tokenDueSoon`,
  tokenOverdue: `${NS}.tokenOverdue`,
  tokenPendingRevocation: `${NS}.tokenPendingRevocation`,
  tokenUnknown: `${NS}.tokenUnknown`,
} as const;

/** Theme colours of VS Code's own that the extension uses. */
export const WorkbenchColors = {
  /** Icon colour of a terminal opened with a token. */
  tokenTerminal: 'terminal.ansiYellow',
  /** Background of the status-bar item when a token is overdue. */
  warningBackground: 'statusBarItem.warningBackground',
} as const;

/**
 * `TreeItem.contextValue`s of the token panel, which `package.json` menus test with
 * `viewItem =~ /^gogsToken\.active\./` (rotate, terminal, set date) or `viewItem =~ /^gogsToken\./` (copy, rename, delete).
 */
export const TokenContextValues = {
  /** Prefix of an active token's value; the age state follows (`gogsToken.active.overdue`). */
  activePrefix: 'gogsToken.active.',
  pendingRevocation: 'gogsToken.pendingRevocation',
} as const;

/** Name of the diagnostic collection. */
export const DIAGNOSTIC_COLLECTION = NS;

/** Output channel name (log output; never a token value). */
export const OUTPUT_CHANNEL = DISPLAY_NAME;
