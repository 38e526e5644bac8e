/**
 * Whether a socket's remote address is this machine: `127.0.0.0/8`, `::1`,
 * or an IPv4 loopback address mapped into IPv6 (`::ffff:127.0.0.1`, what a
 * dual-stack listener reports). Without a control token, only such peers may
 * use the control plane, wherever the emulator listens.
 */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
