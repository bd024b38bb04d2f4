import * as vscode from 'vscode';
import { Commands } from '../constants';
import { KeychainError, TokenMeta, tokenFingerprint } from '../keychain';
import type { Services } from '../services';
import { CalendarDay, dayKey, formatDay, instantOfLocalDay, localDay, parseDay } from './agePolicy';
import { nameOf, normalizeHost, tokenLabel } from '../tokens/naming';
import { findToken, refOf, unknownTokenMessage } from '../tokens/resolve';
import { messageOf } from '../util/errors';

/** How long a copied token stays in the clipboard before it is cleared, in ms (like password managers). */
export const CLIPBOARD_CLEAR_MS = 30_000;

/** Gogs/Gitea/Forgejo access token shape: 40 lowercase hex characters (design.md, "Facts about Gogs"). */
const TOKEN_SHAPE = /^[0-9a-f]{40}$/;
/** POSIX-portable environment variable name. */
const ENV_VAR_SHAPE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What a panel command receives: a token id (menus pass the tree element, which is the id;
 * other features and tests pass it directly), an object carrying `id` (a `TreeItem`), or
 * nothing (command palette: the user picks a token).
 */
export type TokenArg = string | { id?: unknown } | undefined;

/** Settings-independent context the panel commands need. */
export interface PanelCommandContext {
  services: Services;
  /** IANA time zone in which calendar days are counted. */
  timeZone(): string;
  /** Delay before a copied token is cleared from the clipboard, in ms. */
  clipboardClearMs(): number;
}

/** The Gogs page where a user revokes tokens (Gogs has no API for it): `<host>/user/settings/applications`. */
export function applicationsPage(host: string | undefined): vscode.Uri | undefined {
  if (!host) return undefined;
  try {
    const base = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') return undefined;
    return vscode.Uri.parse(`${base.origin}${base.pathname.replace(/\/+$/, '')}/user/settings/applications`);
  } catch {
    return undefined;
  }
}

/**
 * Registers the panel's token commands: Add, Copy, Rename, Set Creation Date, Delete, Open
 * Where Found. Each item command takes a {@link TokenArg}. Every prompt goes through
 * `services.prompts`. Returns the Disposables (commands and the clipboard timer).
 */
export function registerTokenCommands(ctx: PanelCommandContext): vscode.Disposable[] {
  const { services } = ctx;
  const { store, prompts, log } = services;
  let clipboardTimer: NodeJS.Timeout | undefined;

  async function pickToken(placeHolder: string): Promise<TokenMeta | undefined> {
    const all = store.list();
    if (all.length === 0) {
      void prompts.showInformationMessage('No Gogs tokens are stored in the keychain yet.');
      return undefined;
    }
    const picked = await prompts.showQuickPick(
      all.map((m) => ({ label: tokenLabel(m), description: `…${m.last4}`, id: m.id })),
      { placeHolder, title: 'Gogs Key Hygiene' },
    );
    return picked && store.meta(picked.id);
  }

  /** The token an item command acts on, or `undefined` (after telling the user) when there is none. */
  async function target(arg: TokenArg, placeHolder: string): Promise<TokenMeta | undefined> {
    const ref = refOf(arg);
    if (ref === undefined) return pickToken(placeHolder);
    const meta = findToken(store.list(), ref);
    if (!meta) void prompts.showWarningMessage(unknownTokenMessage(ref));
    return meta;
  }

  async function reportError(action: string, err: unknown): Promise<void> {
    // KeychainError messages are sanitized by construction; other errors never carry a value here.
    const detail = messageOf(err);
    log.error(`${action}: ${detail}`);
    await prompts.showErrorMessage(`Could not ${action}: ${detail}`);
  }

  const addToken = async (): Promise<TokenMeta | undefined> => {
    const value = await prompts.showInputBox({
      title: 'Add Gogs Token (1/3)',
      prompt: 'Paste the access token (40 hex characters). It goes straight into the keychain and is never shown again.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const t = text.trim();
        if (!t) return undefined;
        if (!TOKEN_SHAPE.test(t)) {
          return /^[0-9a-fA-F]{40}$/.test(t)
            ? 'Gogs, Gitea and Forgejo tokens are lowercase hex; check that this is the token.'
            : `Expected 40 lowercase hex characters (got ${t.length} characters).`;
        }
        const existing = store.findByFingerprint(tokenFingerprint(t));
        return existing ? `This token is already stored as ${nameOf(existing)}.` : undefined;
      },
    });
    const token = value?.trim();
    if (!token) return undefined;
    if (!TOKEN_SHAPE.test(token)) {
      await prompts.showErrorMessage('That is not a Gogs access token (40 lowercase hex characters). Nothing was stored.');
      return undefined;
    }
    const existing = store.findByFingerprint(tokenFingerprint(token));
    if (existing) {
      await prompts.showInformationMessage(`This token is already stored as ${nameOf(existing)}.`);
      return existing;
    }

    const envVar = await prompts.showInputBox({
      title: 'Add Gogs Token (2/3)',
      prompt: 'Environment variable name for this token (used in file references and terminals)',
      value: store.uniqueEnvVar('GOGS_TOKEN'),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const t = text.trim();
        if (!ENV_VAR_SHAPE.test(t)) return 'Use letters, digits and _, not starting with a digit (e.g. GOGS_TOKEN).';
        const clash = store.findByEnvVar(t);
        return clash ? `${t} is already used by ${nameOf(clash)}.` : undefined;
      },
    });
    if (envVar === undefined) return undefined;

    const hostText = await prompts.showInputBox({
      title: 'Add Gogs Token (3/3)',
      prompt: 'Server URL (optional; press Enter to skip), e.g. https://git.example.com',
      placeHolder: 'https://git.example.com',
      ignoreFocusOut: true,
      validateInput: (text) => (!text.trim() || normalizeHost(text) ? undefined : 'Enter an http(s) URL or host name, or leave empty.'),
    });
    if (hostText === undefined) return undefined;
    const host = normalizeHost(hostText);

    try {
      const meta = await store.add({
        value: token,
        envVar: envVar.trim(),
        host,
        // Typed by the user: Verify and Rotate use it without asking again.
        hostConfirmed: host !== undefined,
        label: host ? new URL(host).host : undefined,
      });
      void prompts.showInformationMessage(`Stored ${nameOf(meta)} in ${store.backendName} as $${meta.envVar}.`);
      return meta;
    } catch (err) {
      await reportError('store the token', err instanceof KeychainError ? err : new Error('the keychain rejected the token'));
      return undefined;
    }
  };

  const copyToken = async (arg: TokenArg): Promise<boolean> => {
    const meta = await target(arg, 'Token to copy to the clipboard');
    if (!meta) return false;
    let value: string | undefined;
    try {
      value = await store.get(meta.id);
    } catch (err) {
      await reportError(`read ${nameOf(meta)} from the keychain`, err);
      return false;
    }
    if (value === undefined) {
      await prompts.showErrorMessage(`The keychain no longer holds the value of ${nameOf(meta)}.`);
      return false;
    }
    await vscode.env.clipboard.writeText(value);
    if (clipboardTimer) clearTimeout(clipboardTimer);
    const delayMs = ctx.clipboardClearMs();
    const timer = setTimeout(() => {
      if (clipboardTimer === timer) clipboardTimer = undefined;
      void clearClipboardIfStill(meta.fingerprint).catch(() => undefined);
    }, delayMs);
    clipboardTimer = timer;
    const seconds = Math.round(delayMs / 1000);
    void Promise.resolve(
      prompts.showInformationMessage(
        `Copied ${nameOf(meta)} to the clipboard. It will be cleared in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
        'Keep in Clipboard',
      ),
    ).then((choice) => {
      if (choice === 'Keep in Clipboard' && clipboardTimer === timer) {
        clearTimeout(timer);
        clipboardTimer = undefined;
      }
    });
    return true;
  };

  const renameToken = async (arg: TokenArg): Promise<TokenMeta | undefined> => {
    const meta = await target(arg, 'Token to rename');
    if (!meta) return undefined;
    const label = await prompts.showInputBox({
      title: 'Rename Gogs Token',
      prompt: `New name for ${nameOf(meta)}`,
      value: meta.label,
      validateInput: (t) => (!t.trim() ? 'The name cannot be empty.' : t.trim().length > 100 ? 'At most 100 characters.' : undefined),
    });
    if (label === undefined || !label.trim() || label.trim() === meta.label) return undefined;
    try {
      return await store.rename(meta.id, label.trim());
    } catch (err) {
      await reportError('rename the token', err);
      return undefined;
    }
  };

  const setCreationDate = async (arg: TokenArg): Promise<TokenMeta | undefined> => {
    const meta = await target(arg, 'Token whose creation date to set');
    if (!meta) return undefined;
    const tz = ctx.timeZone();
    const today: CalendarDay = localDay(services.now(), tz);
    const current = new Date(meta.createdAt);
    const text = await prompts.showInputBox({
      title: 'Set Creation Date',
      prompt: `When was ${nameOf(meta)} created on the server? (YYYY-MM-DD; the age and reminders count from this day)`,
      value: Number.isNaN(current.getTime()) ? formatDay(today) : dayKey(current, tz),
      placeHolder: 'YYYY-MM-DD',
      validateInput: (t) => {
        const d = parseDay(t);
        if (!d) return 'Enter a real date as YYYY-MM-DD, e.g. 2025-03-01.';
        if (formatDay(d) > formatDay(today)) return `The date cannot be after today (${formatDay(today)}).`;
        if (d.year < 2000) return 'Enter a date in 2000 or later.';
        return undefined;
      },
    });
    if (text === undefined) return undefined;
    const day = parseDay(text);
    if (!day || formatDay(day) > formatDay(today)) return undefined;
    try {
      return await store.update(meta.id, { createdAt: instantOfLocalDay(day, tz).toISOString() });
    } catch (err) {
      await reportError('set the creation date', err);
      return undefined;
    }
  };

  const deleteToken = async (arg: TokenArg): Promise<boolean> => {
    const meta = await target(arg, 'Token to delete from the keychain');
    if (!meta) return false;
    const where = meta.host ?? 'the server';
    const confirm = 'Delete from Keychain';
    const answer = await prompts.showWarningMessage(
      `Delete ${nameOf(meta)} from the keychain? The token still works on ${where} until you revoke it there.`,
      {
        modal: true,
        detail:
          'Only the copy in the keychain is removed. Revoke the token on the server (Gogs: Your Settings → Applications) so that nobody can use it.',
      },
      confirm,
    );
    if (answer !== confirm) return false;
    try {
      await store.delete(meta.id);
    } catch (err) {
      await reportError(`delete ${nameOf(meta)} from the keychain`, err);
      return false;
    }
    log.info(`Deleted token …${meta.last4} (${meta.envVar}) from the keychain.`);
    // A sign-in page is offered only on a server the user confirmed, never on a guessed one.
    const page = meta.hostConfirmed === true ? applicationsPage(meta.host) : undefined;
    const open = 'Open Applications Page';
    const msg = `Deleted ${nameOf(meta)} from the keychain. It still works on ${where} until you revoke it there.`;
    void Promise.resolve(page ? prompts.showInformationMessage(msg, open) : prompts.showInformationMessage(msg)).then((choice) => {
      if (choice === open && page) void vscode.env.openExternal(page);
    });
    return true;
  };

  const openTokenSource = async (arg: TokenArg): Promise<boolean> => {
    const meta = await target(arg, 'Token whose source file to open');
    if (!meta?.foundIn) {
      if (meta) void prompts.showInformationMessage(`${nameOf(meta)} was not found in a file.`);
      return false;
    }
    const uri = vscode.Uri.parse(meta.foundIn.uri, true);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void prompts.showInformationMessage(`The file where ${nameOf(meta)} was found no longer exists: ${vscode.workspace.asRelativePath(uri)}`);
      return false;
    }
    const line = Math.max(0, meta.foundIn.line - 1);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
    return true;
  };

  async function clearClipboardIfStill(fingerprint: string): Promise<void> {
    const now = await vscode.env.clipboard.readText();
    if (now && tokenFingerprint(now) === fingerprint) await vscode.env.clipboard.writeText('');
  }

  return [
    vscode.commands.registerCommand(Commands.addToken, addToken),
    vscode.commands.registerCommand(Commands.copyToken, copyToken),
    vscode.commands.registerCommand(Commands.renameToken, renameToken),
    vscode.commands.registerCommand(Commands.setTokenCreationDate, setCreationDate),
    vscode.commands.registerCommand(Commands.deleteToken, deleteToken),
    vscode.commands.registerCommand(Commands.openTokenSource, openTokenSource),
    { dispose: () => clipboardTimer && clearTimeout(clipboardTimer) },
  ];
}
