import * as vscode from 'vscode';
import { userSetting } from '../config';
import { NS, Settings } from '../constants';
import type { Prompts } from '../ui/prompts';
import { sanitizeCause } from './errors';
import { FileMetadataBackend } from './fileMetadata';
import { KeytarBackend, KeytarLoad, loadKeytar } from './keytarBackend';
import { BackendChoice, BackendSetting, chooseBackend, SwitchableMetadata, SwitchableSecretBackend } from './selection';
import { SecretStorageBackend } from './secretStorageBackend';
import { METADATA_KEY } from './tokenStore';
import { TokenMeta } from './types';

/** The stores the extension can use and the one it chose (see {@link openKeychain}). */
export interface Keychain {
  /** The secret backend `TokenStore` uses (forwards to the chosen store). */
  readonly secrets: SwitchableSecretBackend;
  /** The metadata backend `TokenStore` uses (forwards to the chosen one). */
  readonly metadata: SwitchableMetadata;
  /** VS Code SecretStorage (with globalState for metadata). */
  readonly secretStorage: SecretStorageBackend;
  /** The OS keychain through keytar, when the native module loaded. */
  readonly os: KeytarBackend | undefined;
  /** The metadata file the OS keychain store uses. */
  readonly file: FileMetadataBackend;
  /** Result of loading keytar. */
  readonly keytar: KeytarLoad;
  /** Resolves with the choice once made (the probe takes at most ~3 s). */
  ready: Promise<BackendChoice>;
  /** The choice, once {@link ready} resolved. */
  choice?: BackendChoice;
}

const NOTICE_KEY = `${NS}.keychain.noticeShown`;

/** A value of `gogsKeyHygiene.keychain.backend`. */
function isBackendSetting(v: unknown): v is BackendSetting {
  return v === 'auto' || v === 'os' || v === 'secretStorage';
}

/**
 * Builds the two stores and chooses one per `gogsKeyHygiene.keychain.backend` (see
 * `chooseBackend`). Never throws and never blocks activation: until the choice is made, secret
 * operations wait for it (at most the probe's bound) and metadata comes from the store that will
 * most likely be chosen. A fallback is explained once (remembered in globalState).
 */
export function openKeychain(context: vscode.ExtensionContext, secretStorage: vscode.SecretStorage, log: vscode.LogOutputChannel, prompts: Prompts): Keychain {
  const web = vscode.env.uiKind === vscode.UIKind.Web;
  const ss = new SecretStorageBackend(secretStorage, web ? 'VS Code SecretStorage (this browser only)' : 'VS Code SecretStorage');
  const setting = userSetting(Settings.keychainBackend, isBackendSetting, 'auto');
  const keytar = loadKeytar();
  const os = keytar.api ? new KeytarBackend(keytar.api) : undefined;
  const file = new FileMetadataBackend();
  const inGlobalState = (context.globalState.get<TokenMeta[]>(METADATA_KEY) ?? []).length;
  const likelyOs = setting === 'os' ? !!os : setting === 'auto' && !!os && inGlobalState === 0;
  const needsProbe = setting === 'auto' && !!os;
  const secrets = new SwitchableSecretBackend(likelyOs ? os! : ss, needsProbe);
  const metadata = new SwitchableMetadata(likelyOs ? file : context.globalState);

  const keychain: Keychain = {
    secrets,
    metadata,
    secretStorage: ss,
    os,
    file,
    keytar,
    ready: Promise.resolve(undefined as unknown as BackendChoice),
  };
  keychain.ready = chooseBackend({ setting, keytar, os, tokensInSecretStorage: inGlobalState })
    .catch((err: unknown): BackendChoice => ({ kind: 'secretStorage', reason: sanitizeCause(String(err)) }))
    .then((choice) => {
      keychain.choice = choice;
      if (choice.kind === 'os' && os) {
        metadata.setTarget(file);
        secrets.setTarget(os);
      } else {
        metadata.setTarget(context.globalState);
        secrets.setTarget(ss);
      }
      log.info(`Tokens are kept in ${secrets.name}${choice.kind === 'os' ? ` (details in ${file.file})` : ''}: ${sanitizeCause(choice.reason)}.`);
      if (choice.notice && context.globalState.get<string>(NOTICE_KEY) !== choice.notice.slice(0, 40)) {
        void context.globalState.update(NOTICE_KEY, choice.notice.slice(0, 40));
        void prompts.showInformationMessage(`Gogs Key Hygiene: ${sanitizeCause(choice.notice)}`);
      }
      return choice;
    });
  return keychain;
}
