/** The file walk of the CLI: which files under the given paths are scanned. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { CliOptions, UsageError } from './args';
import { escapePath, maskPath } from './printable';
import { CliSkip } from './types';

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

/** A file to scan: absolute path, path to print, size in bytes, whether it was named on the command line. */
export interface FileJob {
  abs: string;
  file: string;
  size: number;
  explicit: boolean;
}

/**
 * Walks the given paths and lists the files to scan. Files named explicitly are always listed; inside folders,
 * `.gitignore` rules (of the folder and its subfolders) and `--exclude` globs apply, symlinks are not followed and
 * of `.git/` only `config` is listed. Paths to print are relative to `cwd`, with `/`.
 * Throws UsageError when a path cannot be read.
 */
export function collectFiles(o: CliOptions, cwd: string): { files: FileJob[]; skipped: CliSkip[] } {
  const files: FileJob[] = [];
  const skipped: CliSkip[] = [];
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs);
    return maskPath((rel === '' ? '.' : rel).split(path.sep).join('/'));
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
  const add = (abs: string, size: number, explicit = false): void => {
    files.push({ abs, file: display(abs), size, explicit });
  };

  const walk = (dir: string, root: string, layers: IgnoreLayer[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const skip: CliSkip = { file: display(dir), reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' };
      if (dir === root) skip.explicit = true;
      skipped.push(skip);
      return;
    }
    let here = layers;
    if (o.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        here = [...layers, { dir, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) }];
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
      if (isIgnored(here, abs, isDir) || excluded(abs, root)) continue;
      if (isDir) {
        if (e.name === '.git') {
          // of .git/ only `config` (remote URLs with credentials)
          const cfg = path.join(abs, 'config');
          try {
            const st = fs.statSync(cfg);
            if (st.isFile() && !excluded(cfg, root)) add(cfg, st.size);
          } catch {
            // no config: a gitdir file or a bare layout
          }
          continue;
        }
        walk(abs, root, here);
      } else {
        let size: number;
        try {
          size = fs.statSync(abs).size;
        } catch {
          size = 0;
        }
        add(abs, size);
      }
    }
  };

  for (const p of o.paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(`cannot read ${escapePath(maskPath(p))}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (st.isDirectory()) walk(abs, abs, []);
    else if (st.isFile()) add(abs, st.size, true);
    else skipped.push({ file: display(abs), reason: 'not-a-file', detail: `not a regular file (${specialKind(st)})`, explicit: true });
  }
  return { files, skipped };
}

/** What kind of special file `st` describes, for skip messages. */
function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

function isIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of layers) {
    let rel = path.relative(l.dir, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (isDir) rel += '/';
    const r = l.ig.test(rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}
