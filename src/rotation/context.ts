/**
 * What the three rotation commands share: the token an argument names (the one resolver of
 * src/tokens/resolve.ts), the server the user confirmed, a Gogs client built from the settings,
 * the stored value, the browser, and forgetting a revoked token. Built once by
 * `registerRotation` and handed to each command's module.
 */
import * as vscode from 'vscode';
import { GogsClient } from '../gogs';
import type { TokenMeta } from '../keychain';
import type { Services } from '../services';
import { nameOf, normalizeHost, tokenLabel } from '../tokens/naming';
import { findToken, refOf, unknownTokenMessage } from '../tokens/resolve';
import { messageOf } from '../util/errors';
import { createGogsClient, readHttpSettings } from './clientFactory';
import { HttpSettingsError } from './clientOptions';
import { RotationActions, RotationCommandArgs } from './types';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A failure of {@link RotationContext.readToken}, already shown to the user. */
export interface ReadTokenFailure {
  status: 'failed';
  kind: 'keychain' | 'missing-token';
  message: string;
}

/** The shared pieces of the rotation commands (see the module comment). */
export interface RotationContext {
  readonly services: Services;
  /** Re-applies injected terminal environments after a token changed (the injection feature's). */
  readonly refreshInjection: () => Promise<void>;
  /** URLs opened in the browser (or, in test mode, recorded), in order. */
  readonly openedUrls: string[];
  /** Opens `url` in the browser (in test mode: records it, and calls the test's stand-in if any). */
  openExternal(url: string): Promise<void>;
  /** Replaces the browser (test seam); `undefined` restores the default. */
  setOpenOverride(fn: ((url: string) => void | Promise<void>) | undefined): void;
  /** The token reference (id, env var name or label) and the remaining arguments of a command call. */
  argsOf(arg: unknown): { id?: string; args: RotationCommandArgs };
  /** The token a command acts on (`id` resolved, else a pick among `candidates`), or `undefined` after telling the user. */
  target(id: string | undefined, candidates: (m: TokenMeta) => boolean, what: string): Promise<TokenMeta | undefined>;
  /** The token's server base URL, confirmed by the user; `undefined` when cancelled or unusable (after saying why). */
  hostOf(meta: TokenMeta, args: RotationCommandArgs): Promise<string | undefined>;
  /** A client for `host`, or `undefined` after telling the user what is wrong with the settings. */
  clientFor(host: string): Promise<GogsClient | undefined>;
  /** The stored value of `meta`, or a failure already shown (`doing` and `hint` complete the messages). */
  readToken(meta: TokenMeta, doing: string, hint: string): Promise<{ ok: true; value: string } | { ok: false; failed: ReadTokenFailure }>;
  /** Removes a token the server rejects from the store, saying so; `false` when the keychain failed (shown). */
  forget(meta: TokenMeta): Promise<boolean>;
}

/**
 * Builds the {@link RotationContext}.
 * @param testMode the browser is never opened (URLs are only recorded)
 */
export function createRotationContext(services: Services, refreshInjection: () => Promise<void>, testMode: boolean): RotationContext {
  return new RotationCommandContext(services, refreshInjection, testMode);
}

/** The {@link RotationContext} of one registration. */
class RotationCommandContext implements RotationContext {
  readonly openedUrls: string[] = [];
  private openOverride: ((url: string) => void | Promise<void>) | undefined;

  constructor(
    readonly services: Services,
    readonly refreshInjection: () => Promise<void>,
    private readonly testMode: boolean,
  ) {}

  private get store(): Services['store'] {
    return this.services.store;
  }
  private get prompts(): Services['prompts'] {
    return this.services.prompts;
  }
  private get log(): Services['log'] {
    return this.services.log;
  }

  readonly setOpenOverride = (fn: ((url: string) => void | Promise<void>) | undefined): void => {
    this.openOverride = fn;
  };

  /** Opens `url` in the browser (in test mode: records it, and calls the test's stand-in if any). */
  readonly openExternal = async (url: string): Promise<void> => {
    this.openedUrls.push(url);
    if (this.openOverride) return void (await this.openOverride(url));
    if (this.testMode) return;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  };

  readonly argsOf = (arg: unknown): { id?: string; args: RotationCommandArgs } => {
    const id = refOf(arg);
    return { id, args: arg && typeof arg === 'object' ? (arg as RotationCommandArgs) : {} };
  };

  /** The token a command acts on; picks one (no pick when there is only one candidate). */
  readonly target = async (id: string | undefined, candidates: (m: TokenMeta) => boolean, what: string): Promise<TokenMeta | undefined> => {
    if (id !== undefined) {
      const meta = findToken(this.store.list(), id);
      if (!meta) void this.prompts.showWarningMessage(unknownTokenMessage(id));
      return meta;
    }
    const all = this.store.list().filter(candidates);
    if (all.length === 0) {
      void this.prompts.showInformationMessage(`No stored Gogs token to ${what}.`);
      return undefined;
    }
    if (all.length === 1) return all[0];
    const picked = await this.prompts.showQuickPick(
      all.map((m) => ({ label: tokenLabel(m), description: `…${m.last4}${m.host ? ` · ${m.host}` : ''}`, id: m.id })),
      { title: 'Gogs Key Hygiene', placeHolder: `Token to ${what}` },
    );
    return picked && this.store.meta(picked.id);
  };

  /** Why `text` cannot be a server URL, or `undefined` when it can. */
  readonly serverUrlProblem = (text: string): string | undefined => {
    const host = normalizeHost(text);
    if (!host) return 'Enter the address of the Gogs home page, e.g. https://git.example.com.';
    const u = new URL(host);
    if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname) && readHttpSettings().allowInsecureHttp !== true) {
      return 'Plain http:// would send your password unencrypted: use https://, or turn on the setting gogsKeyHygiene.http.allowInsecureHttp for a trusted network.';
    }
    return undefined;
  };

  /**
   * The token's server base URL, confirmed by the user. A host the user stands behind
   * (`meta.hostConfirmed`: typed, confirmed before, or the host of the URL that carried the token)
   * is returned as is. A host guessed from text near the token is only a suggestion: it is shown
   * in an input box, prefilled, and nothing is sent anywhere until the user accepts (or corrects)
   * it; the answer is saved with `hostConfirmed: true`, so this is asked once. A token without a
   * host gets the same box, empty. `args.serverUrl` only prefills the box: a command argument
   * (another extension, a link) never confirms a server by itself.
   * @returns `undefined` when the user cancelled or the URL is unusable (after saying why)
   */
  readonly hostOf = async (meta: TokenMeta, args: RotationCommandArgs): Promise<string | undefined> => {
    const known = meta.host ? normalizeHost(meta.host) : undefined;
    if (known && meta.hostConfirmed === true) return known;
    const suggestion = known ?? (args.serverUrl !== undefined ? normalizeHost(args.serverUrl) : undefined);
    const where = meta.foundIn ? ` in ${foundInText(meta.foundIn)}` : '';
    const text = await this.prompts.showInputBox({
      title: known ? 'Confirm Gogs Server' : 'Gogs Server',
      prompt: known
        ? `${nameOf(meta)} would be sent to ${known}, a server guessed from the text near the token${where}. Check it: correct it if it is not the Gogs (or Gitea/Forgejo) server that issued the token. Nothing is sent before you confirm; the answer is saved with the token.`
        : `Server of ${nameOf(meta)}: the address of its Gogs (or Gitea/Forgejo) home page. It is saved with the token.`,
      placeHolder: 'https://git.example.com',
      value: suggestion ?? '',
      ignoreFocusOut: true,
      validateInput: (t) => (t.trim() ? this.serverUrlProblem(t) : undefined),
    });
    if (text === undefined || !text.trim()) return undefined;
    const problem = this.serverUrlProblem(text);
    if (problem) {
      await this.prompts.showErrorMessage(problem);
      return undefined;
    }
    const host = normalizeHost(text) as string;
    try {
      if (this.store.meta(meta.id)) await this.store.update(meta.id, { host, hostConfirmed: true });
    } catch (err) {
      this.log.warn(`Could not save the server URL of token …${meta.last4}: ${messageOf(err)}`);
    }
    this.log.info(`Server of token …${meta.last4} confirmed: ${host}.`);
    return host;
  };

  /** A client for `host`, or `undefined` after telling the user what is wrong with the settings. */
  readonly clientFor = async (host: string): Promise<GogsClient | undefined> => {
    try {
      return await createGogsClient(host);
    } catch (err) {
      const msg = err instanceof HttpSettingsError ? err.message : `Could not set up the connection: ${messageOf(err)}`;
      this.log.error(msg);
      void this.prompts.showErrorMessage(msg, RotationActions.showOutput).then((c) => c && this.log.show());
      return undefined;
    }
  };

  /**
   * The stored value of `meta`, or a failure already shown to the user: the keychain failed
   * (`keychain`) or no longer holds it (`missing-token`). `doing` and `hint` complete the messages.
   */
  readonly readToken = async (
    meta: TokenMeta,
    doing: string,
    hint: string,
  ): Promise<{ ok: true; value: string } | { ok: false; failed: { status: 'failed'; kind: 'keychain' | 'missing-token'; message: string } }> => {
    let value: string | undefined;
    try {
      value = await this.store.get(meta.id);
    } catch (err) {
      const message = messageOf(err);
      void this.prompts.showErrorMessage(`Could not read ${nameOf(meta)} from the keychain${doing}: ${message}`);
      return { ok: false, failed: { status: 'failed', kind: 'keychain', message } };
    }
    if (!value) {
      const message = `The keychain no longer holds the value of ${nameOf(meta)}${hint}.`;
      void this.prompts.showErrorMessage(message);
      return { ok: false, failed: { status: 'failed', kind: 'missing-token', message } };
    }
    return { ok: true, value };
  };

  readonly forget = async (meta: TokenMeta): Promise<boolean> => {
    try {
      await this.store.delete(meta.id);
    } catch (err) {
      void this.prompts.showErrorMessage(`The server rejects ${nameOf(meta)}, but it could not be removed from the keychain: ${messageOf(err)}`);
      return false;
    }
    this.log.info(`Token …${meta.last4} is rejected by the server and was removed from the keychain.`);
    void this.prompts.showInformationMessage(`The server rejects ${nameOf(meta)} now: it was removed from the keychain.`);
    return true;
  };
}

/** `path/of/file.env line 3` (workspace-relative when possible) for a token's first place. */
function foundInText(foundIn: { uri: string; line: number }): string {
  let where: string;
  try {
    where = vscode.workspace.asRelativePath(vscode.Uri.parse(foundIn.uri, true));
  } catch {
    where = foundIn.uri;
  }
  // A file name is shown, never a token in it (a 40-hex run keeps its last 4 characters).
  return `${where.replace(/[0-9a-fA-F]{40,}/g, (run) => `…${run.slice(-4)}`)} line ${foundIn.line}`;
}

/** `<host>/user/settings/applications`: where a Gogs user deletes tokens (same as the client's). */
export function applicationsUrl(host: string): string {
  return `${(normalizeHost(host) ?? host).replace(/\/+$/, '')}/user/settings/applications`;
}

