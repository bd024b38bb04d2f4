/**
 * How every feature names a stored token and its server, in messages, pickers and the panel.
 * PURE (no `vscode` import): shared by the panel, rotation, injection and the CLI. Never more
 * of a token than its last 4 characters.
 */
import type { TokenMeta } from '../keychain/types';

/** `“label” (…abcd)`: how messages name a token; never more than its last 4 characters. */
export function nameOf(meta: Pick<TokenMeta, 'label' | 'last4'>): string {
  return `“${meta.label}” (…${meta.last4})`;
}

/** Tree item and picker label: the token's label, and its env var name when the label is not already that. */
export function tokenLabel(meta: { label: string; envVar: string }): string {
  return meta.label === meta.envVar ? meta.envVar : `${meta.label} — ${meta.envVar}`;
}

/**
 * Normalizes a server URL typed by the user: adds `https://` when no scheme is given, keeps
 * origin and sub-path (Gogs may live under one), drops a trailing slash, query and fragment.
 * @returns `undefined` for anything that is not an http(s) URL, or one that carries userinfo
 */
export function normalizeHost(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !u.hostname || u.username || u.password) return undefined;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
