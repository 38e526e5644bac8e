/**
 * Whether a request's `Host` header names this machine on `port`:
 * `localhost`, an IPv4 loopback literal (`127.0.0.0/8`) or `[::1]`, with
 * `port` (a Host without a port means 80). A browser sends the name it
 * resolved, so a page on a DNS-rebinding name (`evil.example` pointed at
 * 127.0.0.1) is refused even though its requests come from a loopback peer
 * and are same-origin with that page. Without a control token, the control
 * plane takes requests only from a loopback peer with such a Host.
 *
 * Self-contained on purpose: the emulator depends on none of our packages,
 * so a sidecar applying the same rule keeps its own copy.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  const parts = /^(\[::1\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host ?? '');
  if (parts === null) return false;
  const [, name = '', givenPort] = parts;
  if ((givenPort === undefined ? '80' : givenPort) !== String(port)) return false;
  return name === '[::1]' || name.toLowerCase() === 'localhost' || isIpv4Loopback(name);
}

function isIpv4Loopback(name: string): boolean {
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}
