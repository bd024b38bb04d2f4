/** Output formats of the CLI. */
import { escapePath } from './printable';
import { CliReport } from './types';

/** The text report: one line per finding, `file:line:column: confidence rule: message [sha256:…]`. */
export function formatText(r: CliReport): string {
  const out: string[] = [];
  for (const f of r.findings) out.push(`${escapePath(f.file)}:${f.line}:${f.column}: ${f.confidence} ${f.ruleId}: ${f.message} [sha256:${f.fingerprint.slice(0, 12)}]`);
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
