/**
 * A tree that tells the file policy apart: nested `.gitignore` files with a re-include, `.git/info/exclude`, a folder
 * git never enters, UTF-16 files with a BOM, a NUL byte between 8,000 and 8,192 bytes. The CLI's walk (unit test) and
 * the editor's workspace scan (host test) must find tokens in exactly {@link PolicyTree.expected}.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PolicyTree {
  /** Paths (POSIX, relative to `root`) that must have exactly one finding each. */
  readonly expected: string[];
  /** Paths that hold a token but must not be reported (ignored or binary). */
  readonly notExpected: string[];
  /** Every token written (for "never in the output" checks). */
  readonly tokens: string[];
}

/** Writes the tree under `root/prefix/`, and `root/.git/info/exclude` naming `prefix/private/`. */
export function writePolicyTree(root: string, prefix: string): PolicyTree {
  const tokens: string[] = [];
  const tok = (): string => {
    const t = randomBytes(20).toString('hex');
    tokens.push(t);
    return t;
  };
  const put = (rel: string, data: string | Buffer): void => {
    const abs = path.join(root, prefix, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
  };
  const utf16le = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  const utf16be = (s: string): Buffer => {
    const b = Buffer.from(s, 'utf16le');
    b.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
  };
  fs.mkdirSync(path.join(root, '.git', 'info'), { recursive: true });
  fs.writeFileSync(path.join(root, '.git', 'info', 'exclude'), `${prefix}/private/\n`);
  put('.gitignore', '*.env\nskipped-dir/\n');
  put('sub/.gitignore', '!keep.env\n');
  put('sub/keep.env', `GITEA_TOKEN=${tok()}\n`);
  put('other.env', `GITEA_TOKEN=${tok()}\n`);
  put('private/config.properties', `GITEA_TOKEN=${tok()}\n`);
  put('skipped-dir/.gitignore', '!x.properties\n');
  put('skipped-dir/x.properties', `GITEA_TOKEN=${tok()}\n`);
  put('utf16le.properties', utf16le(`# settings\nGITEA_TOKEN=${tok()}\n`));
  put('utf16be.properties', utf16be(`GITEA_TOKEN=${tok()}\n`));
  put('late-nul.properties', Buffer.concat([Buffer.from('#'.repeat(8100) + '\n'), Buffer.from([0]), Buffer.from(`\nGITEA_TOKEN=${tok()}\n`)]));
  const p = (rel: string): string => `${prefix}/${rel}`;
  return {
    expected: [p('sub/keep.env'), p('utf16be.properties'), p('utf16le.properties')],
    notExpected: [p('other.env'), p('private/config.properties'), p('skipped-dir/x.properties'), p('late-nul.properties')],
    tokens,
  };
}
