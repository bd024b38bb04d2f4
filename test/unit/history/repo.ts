/**
 * A generated git repository for the history tests, with a random token in each place a leaked token hides:
 * committed on main then removed (pushed to a local bare "remote"), kept unchanged over later commits and copied
 * to a second path, kept while its file was edited twice more (three versions of one file), on an unpushed branch,
 * on a tag of a commit no branch holds, in the newest stash, in an older stash (only in the stash reflog), in a
 * stash's untracked-files commit, and in a dangling blob (reachable from nothing: must not be reported). Every
 * token is `crypto.randomBytes(20).toString('hex')`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli';
import { randomToken } from '../detection/helpers';

/** The test process's environment without inherited `GIT_*` (a hook running the tests sets GIT_DIR). */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('GIT_'))), ...extra };
}

/** Runs plain git (the test's own set-up, not the code under test) with a fixed identity and optional date. */
export function git(cwd: string, args: string[], date?: string): string {
  const env = plainEnv(date === undefined ? {} : { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.test', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgSign=false', ...args], { cwd, env, encoding: 'utf8' }).trim();
}

export interface LeakRepo {
  work: string;
  remote: string;
  tokens: { removed: string; edited: string; branch: string; tag: string; stash: string; oldStash: string; untrackedStash: string; dangling: string };
  /** Commit ids, by what they did (`edited`: the first of the three commits of config/app.env). */
  commits: { added: string; edited: string; copied: string; branch: string; tag: string };
  /** Author dates (ISO, UTC) of those commits. */
  dates: { added: string; edited: string; copied: string; branch: string; tag: string };
}

const write = (dir: string, rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** Builds the repository under `root` (which must exist and be empty). */
export function makeLeakRepo(root: string): LeakRepo {
  const tokens = {
    removed: randomToken(), edited: randomToken(), branch: randomToken(), tag: randomToken(), stash: randomToken(), oldStash: randomToken(), untrackedStash: randomToken(), dangling: randomToken(),
  };
  const remote = path.join(root, 'remote.git');
  const work = path.join(root, 'work');
  git(root, ['init', '-q', '--bare', remote]);
  git(remote, ['config', 'uploadpack.allowFilter', 'true']);
  fs.mkdirSync(work);
  git(work, ['init', '-q']);
  git(work, ['remote', 'add', 'origin', `file://${remote}`]);
  const dates = { added: '2021-02-03T04:05:06.000Z', edited: '2021-02-20T08:00:00.000Z', copied: '2021-03-01T10:00:00.000Z', branch: '2022-05-06T07:08:09.000Z', tag: '2023-01-02T03:04:05.000Z' };

  write(work, 'README.md', '# demo\n');
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'init'], '2021-01-01T00:00:00Z');
  write(work, 'deploy/prod.env', `HOST=gitea.example.test\nGITEA_TOKEN=${tokens.removed}\n`);
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'deploy settings'], dates.added);
  const added = git(work, ['rev-parse', 'HEAD']);
  for (let k = 0; k < 3; k++) {
    write(work, 'README.md', `# demo\n\nchange ${k}\n`);
    git(work, ['commit', '-qam', `docs ${k}`], `2021-02-1${k}T00:00:00Z`);
  }
  // one token, three versions of its file (each edit is another blob), three commits
  write(work, 'config/app.env', `GITEA_TOKEN=${tokens.edited}\n`);
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'app settings'], dates.edited);
  const edited = git(work, ['rev-parse', 'HEAD']);
  write(work, 'config/app.env', `GITEA_TOKEN=${tokens.edited}\nLOG_LEVEL=info\n`);
  git(work, ['commit', '-qam', 'log level'], '2021-02-21T08:00:00Z');
  write(work, 'config/app.env', `# app\nGITEA_TOKEN=${tokens.edited}\nLOG_LEVEL=debug\n`);
  git(work, ['commit', '-qam', 'debug'], '2021-02-22T08:00:00Z');
  fs.copyFileSync(path.join(work, 'deploy/prod.env'), path.join(work, 'deploy/staging.env'));
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'staging'], dates.copied);
  const copied = git(work, ['rev-parse', 'HEAD']);
  git(work, ['rm', '-q', 'deploy/prod.env', 'deploy/staging.env']);
  git(work, ['commit', '-qm', 'remove the token'], '2021-04-01T00:00:00Z');
  git(work, ['push', '-q', 'origin', 'main']);

  git(work, ['checkout', '-q', '-b', 'feature']);
  write(work, 'src/app.js', `const GOGS_TOKEN = process.env.GOGS_TOKEN || '${tokens.branch}';\n`);
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'feature'], dates.branch);
  const branch = git(work, ['rev-parse', 'HEAD']);

  git(work, ['checkout', '-q', '--detach', 'main']);
  write(work, 'release/notes.yml', `gitea:\n  url: https://gitea.example.test\n  token: "${tokens.tag}"\n`);
  git(work, ['add', '.']);
  git(work, ['commit', '-qm', 'release'], dates.tag);
  const tag = git(work, ['rev-parse', 'HEAD']);
  git(work, ['tag', '-a', '-m', 'v1', 'v1.0.0'], dates.tag);
  git(work, ['checkout', '-q', 'main']);

  write(work, 'README.md', `# demo\n\nexport GITEA_TOKEN=${tokens.oldStash}\n`);
  git(work, ['stash', '-q'], '2023-06-01T00:00:00Z');
  write(work, 'README.md', `# demo\n\nexport GITEA_TOKEN=${tokens.stash}\n`);
  git(work, ['stash', '-q'], '2023-06-02T00:00:00Z');
  write(work, 'scratch/.env', `GOGS_TOKEN=${tokens.untrackedStash}\n`);
  git(work, ['stash', '-q', '-u'], '2023-06-03T00:00:00Z');

  const dangling = path.join(root, 'dangling.env');
  fs.writeFileSync(dangling, `GITEA_TOKEN=${tokens.dangling}\n`);
  git(work, ['hash-object', '-w', dangling]);
  fs.rmSync(dangling);
  return { work, remote, tokens, commits: { added, edited, copied, branch, tag }, dates };
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI's main() in `cwd`; its exit code and what it wrote to stdout and stderr. */
export async function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, out, err);
    return { code, out: out.text, err: err.text };
  } finally {
    process.chdir(prev);
  }
}

