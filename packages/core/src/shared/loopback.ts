const ipv4Loopback = /^127\.(?:\d{1,3})\.(?:\d{1,3})\.(?:\d{1,3})$/;

/**
 * Whether `hostname` names the local machine: `localhost`, any `*.localhost`
 * name (RFC 6761 reserves them for loopback), an IPv4 address in
 * 127.0.0.0/8, or the IPv6 loopback `::1` (with or without brackets, as
 * `URL.hostname` gives it). Such hosts may be reached over plain `http:`,
 * because the traffic never leaves the machine.
 *
 * Pass a hostname as `URL.hostname` normalises it (lowercase, `127.1` already
 * expanded to `127.0.0.1`); no DNS lookup is done.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.1:8080/connect/token').hostname); // true
 * isLoopbackHost('api.aspose.cloud'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  // A fully qualified name may end with the root label's dot.
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '[::1]') return true;
  return ipv4Loopback.test(host) && host.split('.').every((octet) => Number(octet) <= 255);
}
