/** How many characters of each end of a token stay visible. */
const visible = 6;

/**
 * A token as the emulator shows it (stats, console): its first and last few
 * characters, enough to tell two tokens apart and never enough to use one.
 * A JWT's first characters are its header, shared by every token; the last
 * ones are its signature, different for each.
 */
export function shortenToken(token: string): string {
  if (token.length <= visible * 3) return '…';
  return `${token.slice(0, visible)}…${token.slice(-visible)}`;
}
