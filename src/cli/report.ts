/**
 * Output formats of the CLI, written as the results come: text lines (`file:line:column: confidence rule: message
 * [sha256:…]`, summary on stderr), one JSON document whose `findings` array is streamed, or a SARIF 2.1.0 log whose
 * `results` are streamed. Every field taken from a file or its name is masked and escaped (see ./printable); writes
 * wait for the stream to drain. The git modes (./git.ts) write through the same pieces.
 */
import { Writable } from 'node:stream';
import { CliOptions } from './args';
import { escapeJsonText, shown } from './printable';
import { SARIF_RESULT_INDENT, sarifHead, sarifResult, sarifTail } from './sarif';
import { CliFinding, CliSkip, FileResult } from './types';

/** The output stream failed (the reader closed the pipe: `code` EPIPE) or was closed; nothing more can be written. */
export class OutputClosed extends Error {
  constructor(readonly code: string | undefined) {
    super(`cannot write the output${code ? ` (${code})` : ''}`);
  }
}

/** A writable stream with back-pressure: {@link Output.write} resolves once the stream can take more. */
export class Output {
  private error: Error | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    // an 'error' event without a listener would end the process with a stack trace (EPIPE after `| head`)
    stream.on('error', (err: Error) => {
      this.error ??= err;
    });
  }

  /** Why the stream can take no more output, if it cannot. Checks the stream's own state too (set synchronously). */
  private failure(): OutputClosed | undefined {
    const w = this.stream as Partial<Writable>;
    const err = this.error ?? w.errored ?? undefined;
    if (err) return new OutputClosed((err as NodeJS.ErrnoException).code);
    if (w.destroyed || w.writableEnded) return new OutputClosed(undefined);
    return undefined;
  }

  /**
   * Writes `s`; when the stream's buffer is full, resolves on its 'drain' (or its 'close'/'error').
   * @throws OutputClosed when the stream failed or was closed, before or while writing
   */
  async write(s: string): Promise<void> {
    let f = this.failure();
    if (f) throw f;
    const ok = this.stream.write(s);
    f = this.failure();
    if (f) throw f;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
        this.stream.on('error', done);
      });
      f = this.failure();
      if (f) throw f;
    }
  }

  /** Like {@link Output.write}, for messages on stderr: never throws (a closed stderr drops them). */
  async note(s: string): Promise<void> {
    try {
      await this.write(s);
    } catch {
      // nowhere left to say it
    }
  }
}

/**
 * The text line of a finding (without the newline): `file:line:column: confidence rule: message [sha256:<12>]`; a
 * finding of `scan --git` adds ` in <commit 12> (<date>, pushed|not pushed[; N versions in M commits])` (the counts
 * only when one is over 1) before the fingerprint. Every field goes through {@link shown} (40-hex runs masked,
 * control and format characters escaped).
 */
export function textLine(f: CliFinding): string {
  let where = '';
  if (f.commit !== undefined) {
    const v = f.versions ?? 1;
    const c = f.commits ?? 1;
    const more = v > 1 || c > 1 ? `; ${v} version${v === 1 ? '' : 's'} in ${c} commit${c === 1 ? '' : 's'}` : '';
    where = ` in ${shown(f.commit.slice(0, 12))} (${shown(f.authorDate?.slice(0, 10) ?? '?')}, ${f.pushed ? 'pushed' : 'not pushed'}${more})`;
  }
  return `${shown(f.file)}:${f.line}:${f.column}: ${shown(f.confidence)} ${shown(f.ruleId)}: ${shown(f.message)}${where} [sha256:${shown(f.fingerprint.slice(0, 12))}]`;
}

/**
 * A JSON array written item by item inside a document laid out as `JSON.stringify(…, null, 2)` would: `head` (the
 * document up to and including the array's `[`) before the first item, each item indented by `indent`, and
 * {@link StreamedArray.end}'s `tail` after the closing `]`. Everything goes through {@link escapeJsonText}.
 */
export class StreamedArray {
  private started = false;
  /** Items written so far. */
  count = 0;

  constructor(private readonly out: Output, private readonly head: string, private readonly indent: string) {}

  /** Writes the head once. @throws OutputClosed */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.out.write(escapeJsonText(this.head));
  }

  /** Writes items (objects for `JSON.stringify`) in one write. @throws OutputClosed */
  async push(items: readonly unknown[]): Promise<void> {
    await this.start();
    if (items.length === 0) return;
    let s = '';
    for (const item of items) s += `${this.count++ === 0 ? '\n' : ',\n'}${this.indent}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${this.indent}`)}`;
    await this.out.write(escapeJsonText(s));
  }

  /** Closes the array (`]` on its own line when it has items) and writes `tail` (what follows `]`). @throws OutputClosed */
  async end(tail: string): Promise<void> {
    await this.start();
    await this.out.write(escapeJsonText(`${this.count > 0 ? `\n${this.indent.slice(2)}` : ''}]${tail}`));
  }
}

/** Counts of a scan so far, kept by every reporter. */
export interface Totals {
  findings: number;
  filesWithFindings: number;
  filesScanned: number;
  skipped: number;
  unreadable: number;
  explicitUnreadable: number;
  suppressed: number;
}

/** Writes results as they come and the closing summary. */
export interface Reporter {
  readonly totals: Totals;
  /** Writes one file's result. @throws OutputClosed */
  file(r: FileResult): Promise<void>;
  /** Writes what comes after the last result. @throws OutputClosed */
  end(): Promise<void>;
}

function count(t: Totals, r: FileResult): void {
  t.findings += r.findings.length;
  if (r.findings.length > 0) t.filesWithFindings++;
  if (r.scanned) t.filesScanned++;
  t.suppressed += r.suppressed;
  if (r.skip) {
    t.skipped++;
    if (r.skip.reason === 'unreadable') {
      t.unreadable++;
      if (r.skip.explicit) t.explicitUnreadable++;
    }
  }
}

const zero = (): Totals => ({ findings: 0, filesWithFindings: 0, filesScanned: 0, skipped: 0, unreadable: 0, explicitUnreadable: 0, suppressed: 0 });

/**
 * Text: one line per finding on stdout; on stderr, each skipped path named on the command line and each unreadable
 * file as it comes, and a summary line at the end.
 */
export class TextReporter implements Reporter {
  readonly totals = zero();

  constructor(private readonly out: Output, private readonly err: Output, private readonly o: Pick<CliOptions, 'inlineIgnores'>) {}

  async file(r: FileResult): Promise<void> {
    count(this.totals, r);
    if (r.findings.length > 0) {
      let s = '';
      for (const f of r.findings) s += `${textLine(f)}\n`;
      await this.out.write(s);
    }
    const k = r.skip;
    if (k?.explicit) await this.err.note(`gogs-key-hygiene: skipped ${shown(k.file)}: ${k.reason}, ${shown(k.detail)}\n`);
    else if (k?.reason === 'unreadable') await this.err.note(`gogs-key-hygiene: cannot read ${shown(k.file)}: ${shown(k.detail)}\n`);
  }

  async end(): Promise<void> {
    const t = this.totals;
    const suppressed = this.o.inlineIgnores ? `, ${t.suppressed} suppressed by ignore directives` : ', ignore directives disregarded';
    await this.err.note(`${t.findings} token finding(s) in ${t.filesWithFindings} file(s)${suppressed}; ${t.filesScanned} file(s) scanned, ${t.skipped} skipped (${t.unreadable} unreadable)\n`);
  }
}

/** Skipped files listed in the JSON output at most (paths named on the command line are always listed). */
export const JSON_SKIPPED_MAX = 10_000;

/**
 * JSON: one document, `{ version: 1, findings: [...], skipped: [...], filesScanned, suppressed, unreadable }`, as
 * `JSON.stringify(…, null, 2)` lays it out, with `findings` written as they come. `skipped` is written at the end:
 * at most {@link JSON_SKIPPED_MAX} entries beyond the explicit ones are kept, the rest are counted in
 * `skippedNotListed` (present only then). Characters JSON leaves raw that a terminal would act on are `\u` escapes.
 */
export class JsonReporter implements Reporter {
  readonly totals = zero();
  private readonly skipped: CliSkip[] = [];
  private notListed = 0;
  private readonly findings: StreamedArray;

  constructor(out: Output) {
    this.findings = new StreamedArray(out, '{\n  "version": 1,\n  "findings": [', '    ');
  }

  async file(r: FileResult): Promise<void> {
    count(this.totals, r);
    if (r.skip) {
      if (r.skip.explicit || this.skipped.length < JSON_SKIPPED_MAX) this.skipped.push(r.skip);
      else this.notListed++;
    }
    await this.findings.push(r.findings);
  }

  async end(): Promise<void> {
    const t = this.totals;
    const skipped = JSON.stringify(this.skipped, null, 2).replace(/\n/g, '\n  ');
    const notListed = this.notListed > 0 ? `  "skippedNotListed": ${this.notListed},\n` : '';
    await this.findings.end(`,\n  "skipped": ${skipped},\n${notListed}  "filesScanned": ${t.filesScanned},\n  "suppressed": ${t.suppressed},\n  "unreadable": ${t.unreadable}\n}\n`);
  }
}

/** The exit code of a file scan by its totals: 2 when a path named on the command line could not be read, 1 findings, else 0. */
export function fileScanExitCode(t: Totals): number {
  return t.explicitUnreadable > 0 ? 2 : t.findings > 0 ? 1 : 0;
}

/**
 * SARIF 2.1.0 (./sarif.ts): one log with one run, its `results` written as they come; the run's `properties` hold
 * `filesScanned`, `skipped`, `unreadable` and `suppressed`, its invocation the exit code.
 */
export class SarifReporter implements Reporter {
  readonly totals = zero();
  private readonly results: StreamedArray;

  constructor(out: Output) {
    this.results = new StreamedArray(out, sarifHead(), SARIF_RESULT_INDENT);
  }

  async file(r: FileResult): Promise<void> {
    count(this.totals, r);
    await this.results.push(r.findings.map(sarifResult));
  }

  async end(): Promise<void> {
    const t = this.totals;
    const properties = { mode: 'files', filesScanned: t.filesScanned, skipped: t.skipped, unreadable: t.unreadable, suppressed: t.suppressed };
    await this.results.end(sarifTail(properties, fileScanExitCode(t)));
  }
}
