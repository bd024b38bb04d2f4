/**
 * `.gitignore` rules as git applies them, shared by the CLI's file walk and the editor's workspace scan: each
 * `.gitignore` applies to paths below its own folder, a deeper file's rules override a shallower one's (the last
 * matching pattern wins, so `!pattern` re-includes), `.git/info/exclude` acts as the root's lowest layer, and nothing
 * below an ignored folder can be re-included (git does not descend into it). Follows git's documentation
 * (gitignore(5), "PATTERN FORMAT"); matching is the `ignore` package's. Pure: no I/O.
 */
import ignore, { Ignore } from 'ignore';

/** The rules of one `.gitignore` (or `.git/info/exclude`), for paths below `dir`. */
export interface IgnoreLayer {
  /** The folder the rules belong to: a POSIX path relative to the walk's root, `''` for the root itself. */
  readonly dir: string;
  readonly ig: Ignore;
}

/** A layer from a file's text (`dir` relative to the root, POSIX, `''` for the root). */
export function ignoreLayer(dir: string, text: string): IgnoreLayer {
  return { dir, ig: ignore().add(text) };
}

/**
 * Whether `rel` (a POSIX path relative to the root; `isDir` for a folder) is ignored by `layers`, ordered from the
 * root down (`.git/info/exclude` first, then shallower before deeper `.gitignore` files). Looks only at the entry
 * itself: a walk that does not enter ignored folders needs no more (see {@link isIgnoredPath}).
 */
export function isIgnoredEntry(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of layers) {
    if (l.dir !== '' && !rel.startsWith(`${l.dir}/`)) continue;
    let sub = l.dir === '' ? rel : rel.slice(l.dir.length + 1);
    if (sub === '') continue;
    if (isDir) sub += '/';
    const r = l.ig.test(sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Whether a file at `rel` is ignored, looking at every folder above it first (a file below an ignored folder stays
 * ignored whatever a deeper `!pattern` says), for a flat list of files such as `workspace.findFiles` gives.
 * `layers` ordered as for {@link isIgnoredEntry} (see {@link byDepth}).
 */
export function isIgnoredPath(layers: readonly IgnoreLayer[], rel: string): boolean {
  if (layers.length === 0) return false;
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (isIgnoredEntry(layers, parts.slice(0, i).join('/'), true)) return true;
  return isIgnoredEntry(layers, rel, false);
}

/** Orders layers from the root down, as {@link isIgnoredEntry} expects (`.git/info/exclude` given first stays first). */
export function byDepth(layers: readonly IgnoreLayer[]): IgnoreLayer[] {
  const depth = (d: string): number => (d === '' ? 0 : d.split('/').length);
  return layers.map((l, i) => ({ l, i })).sort((a, b) => depth(a.l.dir) - depth(b.l.dir) || a.i - b.i).map((x) => x.l);
}
