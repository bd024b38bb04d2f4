/**
 * The message of anything thrown: `Error.message`, else `String(value)`. With `firstLine`, only its first line
 * (native modules and child processes put stacks and details below it). Callers still redact what may hold a
 * secret (`sanitizeCause`, `redactSecrets`): this only extracts the text.
 */
export function messageOf(err: unknown, options: { firstLine?: boolean } = {}): string {
  const text = err instanceof Error ? err.message : String(err);
  return options.firstLine ? text.split('\n')[0] : text;
}
