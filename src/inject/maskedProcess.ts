/**
 * A shell command run with a token in its environment, its output masked — the engine behind the
 * `gogs-token` task type. Structurally a `vscode.Pseudoterminal` (`onDidWrite`, `onDidClose`,
 * `open`, `close`, `handleInput`), so `CustomExecution` can hand it to VS Code as is; it does not
 * import `vscode`, so it is unit-tested under plain mocha.
 *
 * The token goes only into the child's environment (`env`), never into the command line: the
 * command runs as `/bin/sh -c <command>` (`cmd.exe /d /s /c` on Windows) through Node's
 * `child_process.spawn` with `shell: true`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { Emitter, Event } from '../util/event';
import { StreamMasker } from './mask';
import { messageOf } from '../util/errors';

/** What {@link MaskedProcess} runs. */
export interface MaskedProcessOptions {
  /** Shell command line (no token in it). */
  command: string;
  /** Working directory (absolute path); defaults to the extension host's. */
  cwd?: string;
  /** Extra environment (merged over the extension host's `process.env`), the token included. */
  env: Record<string, string>;
  /** Values masked in the output (the injected token). */
  secrets: string[];
  /** First line(s) written before the process starts (already free of secrets), e.g. which token is set. */
  banner?: string;
  /** Sees every piece of text written to the terminal (already masked); a test hook. */
  onOutput?: (text: string) => void;
}

/** Converts lone `\n` to `\r\n`, as a terminal needs. */
export function toTerminalNewlines(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * Runs {@link MaskedProcessOptions.command} when {@link open} is called and writes its stdout and
 * stderr, each through its own {@link StreamMasker}, to {@link onDidWrite}. Fires
 * {@link onDidClose} with the exit code (1 when the process could not start or was killed).
 * Input typed in the terminal goes to the process's stdin; Ctrl+C stops it.
 */
export class MaskedProcess {
  private readonly writeEmitter = new Emitter<string>();
  private readonly closeEmitter = new Emitter<number>();
  private child: ChildProcess | undefined;
  private closed = false;

  /** Text for the terminal (masked, `\r\n` newlines). */
  readonly onDidWrite: Event<string> = this.writeEmitter.event;
  /** The exit code, once. */
  readonly onDidClose: Event<number> = this.closeEmitter.event;

  constructor(private readonly options: MaskedProcessOptions) {}

  /** Starts the process (called by VS Code when the terminal is ready). */
  open(): void {
    const o = this.options;
    if (o.banner) this.write(o.banner);
    const outMask = new StreamMasker(o.secrets);
    const errMask = new StreamMasker(o.secrets);
    let child: ChildProcess;
    try {
      child = spawn(o.command, {
        shell: true,
        cwd: o.cwd,
        env: { ...process.env, ...o.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (err) {
      this.write(`Could not start the command: ${messageOf(err)}\n`);
      this.finish(1);
      return;
    }
    this.child = child;
    const pipe = (stream: NodeJS.ReadableStream | null, masker: StreamMasker): Promise<void> =>
      new Promise((resolve) => {
        if (!stream) return resolve();
        const decoder = new StringDecoder('utf8');
        stream.on('data', (b: Buffer) => this.write(masker.push(decoder.write(b))));
        stream.on('end', () => {
          this.write(masker.push(decoder.end()) + masker.flush());
          resolve();
        });
        stream.on('error', () => resolve());
      });
    const drained = Promise.all([pipe(child.stdout, outMask), pipe(child.stderr, errMask)]);
    child.stdin?.on('error', () => undefined);
    child.on('error', (err) => {
      this.write(`Could not start the command: ${err.message}\n`);
      this.finish(1);
    });
    child.on('close', (code, signal) => {
      void drained.then(() => {
        if (signal) this.write(`\nStopped (${signal}).\n`);
        this.finish(code ?? 1);
      });
    });
  }

  /** Forwards terminal input to stdin; Ctrl+C (`\x03`) interrupts the process group. */
  handleInput(data: string): void {
    if (!this.child) return;
    if (data === '\x03') {
      this.kill('SIGINT');
      return;
    }
    this.child.stdin?.write(data === '\r' ? '\n' : data);
  }

  /** Called when the user closes the terminal: stops the process. */
  close(): void {
    this.kill('SIGTERM');
  }

  private kill(signal: NodeJS.Signals): void {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
    try {
      if (process.platform !== 'win32') process.kill(-c.pid, signal);
      else c.kill(signal);
    } catch {
      c.kill(signal);
    }
  }

  private write(text: string): void {
    if (!text || this.closed) return;
    const t = toTerminalNewlines(text);
    this.options.onOutput?.(t);
    this.writeEmitter.fire(t);
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(code);
  }
}
