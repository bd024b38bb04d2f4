/**
 * The one way a notification names this extension: every message shown through `windowPrompts`
 * starts with "Gogs Key Hygiene: " (added here, once; call sites write the sentence only). PURE.
 */

/** The product name that opens every notification. */
export const PRODUCT_PREFIX = 'Gogs Key Hygiene: ';

/**
 * `message` as shown to the user: prefixed with {@link PRODUCT_PREFIX} unless it already starts
 * with it; the first letter after the prefix is kept as written.
 */
export function withProductPrefix(message: string): string {
  return message.startsWith(PRODUCT_PREFIX) ? message : PRODUCT_PREFIX + message;
}
