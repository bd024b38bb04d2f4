/** The file walk of the CLI: which files under the given paths are scanned, produced one at a time. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { IgnoreLayer, ignoreLayer, isIgnoredEntry } from '../util/gitignore';
import { maskHexRuns } from '../util/mask';
import { CliOptions, UsageError } from './args';
import { shown } from './printable';
import { CliSkip } from './types';

/** A file to scan: absolute path, path to print, size in bytes (from `stat`), whether it was named on the command line. */
export interface FileJob {
  abs: string;
  file: string;
  size: number;
  explicit: boolean;
}

/** One entry of the walk, in walk order: a file to scan, or a path that is not scanned and why. */
export type WalkItem = { job: FileJob } | { skip: CliSkip };

/** A path named on the command line, resolved and `stat`ed. */
export interface Root {
  abs: string;
  st: fs.Stats;
}

/**
 * Resolves and `stat`s every path named on the command line, before anything is scanned or printed.
 * @throws UsageError when a path cannot be `stat`ed (its name escaped and masked in the message)
 */
export function resolveRoots(o: CliOptions, cwd: string): Root[] {
  return o.paths.map((p) => {
    const abs = path.resolve(cwd, p);
    try {
      return { abs, st: fs.statSync(abs) };
    } catch (err) {
      throw new UsageError(`cannot read ${shown(p)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  });
}

/**
 * Walks the given paths (from {@link resolveRoots}) lazily, yielding the files to scan and the paths skipped, in
 * order: command-line order, then by name within each folder. Files named explicitly are always listed; inside
 * folders, `.gitignore` rules (of the folder and its subfolders, and its `.git/info/exclude`; as git applies them, see
 * src/util/gitignore.ts) and `--exclude` globs apply, symlinks are not
 * followed, FIFOs/devices/sockets are not listed and of `.git/` only `config` is. Paths to print are relative to
 * `cwd`, with `/`, 40-hex runs masked. Holds only the entries of the folders on the current path in memory.
 */
export function* walkFiles(o: CliOptions, cwd: string, roots: readonly Root[]): Generator<WalkItem> {
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs);
    return maskHexRuns((rel === '' ? '.' : rel).split(path.sep).join('/'));
  };
  const excluded = (abs: string, root: string): boolean => {
    if (o.exclude.length === 0) return false;
    const relRoot = path.relative(root, abs).split(path.sep).join('/');
    const relCwd = display(abs);
    return o.exclude.some((g) => {
      const opts = { dot: true, matchBase: !g.includes('/') };
      return minimatch(relRoot, g, opts) || minimatch(relCwd, g, opts);
    });
  };
  const job = (abs: string, size: number, explicit = false): WalkItem => ({ job: { abs, file: display(abs), size, explicit } });

  function* walk(dir: string, root: string, layers: IgnoreLayer[]): Generator<WalkItem> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const skip: CliSkip = { file: display(dir), reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' };
      if (dir === root) skip.explicit = true;
      yield { skip };
      return;
    }
    let here = layers;
    if (o.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        here = [...layers, ignoreLayer(relTo(root, dir), fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'))];
      } catch {
        // an unreadable .gitignore ignores nothing
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isSymbolicLink()) continue;
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue;
      if (isIgnoredEntry(here, relTo(root, abs), isDir) || excluded(abs, root)) continue;
      if (isDir) {
        if (e.name === '.git') {
          // of .git/ only `config` (remote URLs with credentials)
          const cfg = path.join(abs, 'config');
          let st: fs.Stats | undefined;
          try {
            st = fs.statSync(cfg);
          } catch {
            // no config: a gitdir file or a bare layout
          }
          if (st?.isFile() && !excluded(cfg, root)) yield job(cfg, st.size);
          continue;
        }
        yield* walk(abs, root, here);
      } else {
        let size: number;
        try {
          size = fs.statSync(abs).size;
        } catch {
          size = 0;
        }
        yield job(abs, size);
      }
    }
  }

  for (const { abs, st } of roots) {
    if (st.isDirectory()) yield* walk(abs, abs, o.gitignore ? infoExclude(abs) : []);
    else if (st.isFile()) yield job(abs, st.size, true);
    else yield { skip: { file: display(abs), reason: 'not-a-file', detail: `not a regular file (${specialKind(st)})`, explicit: true } };
  }
}

/** What kind of special file `st` describes, for skip messages. */
function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** A POSIX path of `abs` relative to `root` (`''` for the root). */
function relTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** The root's `.git/info/exclude` as the lowest ignore layer (git reads it beside the `.gitignore` files), if any. */
function infoExclude(root: string): IgnoreLayer[] {
  try {
    return [ignoreLayer('', fs.readFileSync(path.join(root, '.git', 'info', 'exclude'), 'utf8'))];
  } catch {
    return [];
  }
}
