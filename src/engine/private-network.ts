/**
 * Webhook receivers must be public: a subscriber could otherwise make the
 * server call addresses only it can reach (loopback, the private network,
 * cloud metadata at 169.254.169.254). Checked when each delivery is sent: the
 * host name is resolved once, every address it gives is judged, and the
 * worker connects to the address judged (src/engine/webhook-worker.ts), so a
 * name that answers otherwise a moment later cannot lead it elsewhere.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // NAT64 for local use (RFC 8215): the IPv4 address inside is the operator's, not a public one.
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** The sixteen bytes of an IPv6 address (with or without an IPv4 tail), or null when it is not one. */
function ipv6Bytes(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const before = groups(head);
  const after = groups(rest);
  const all = rest === undefined ? before : [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

const dotted = (bytes: number[]) => bytes.join('.');

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach it:
 * IPv4-compatible (::/96), IPv4-mapped (::ffff:0:0/96), IPv4-translated
 * (::ffff:0:0:0/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo
 * (2001::/32, the client's address inverted in the last four bytes).
 */
export function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const last = b.slice(12);
  if (zeros(0, 12)) return dotted(last);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return dotted(last);
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return dotted(last);
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return dotted(last);
  if (b[0] === 0x20 && b[1] === 0x02) return dotted(b.slice(2, 6));
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return dotted(last.map((x) => x ^ 0xff));
  return null;
}

/** True for loopback, private, link-local, shared, reserved and multicast addresses, IPv4 ones inside IPv6 included. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return true;
  if (family === 4) return PRIVATE.check(bare, 'ipv4');
  const inside = embeddedIpv4(bare);
  return PRIVATE.check(bare, 'ipv6') || (inside !== null && PRIVATE.check(inside, 'ipv4'));
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How a host name becomes addresses (the system's resolver; tests give their own). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** The host of a URL as a resolver or a socket takes it: an IPv6 literal without its brackets. */
export const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves a URL's host once: the address to connect to, or why none may be.
 * With `allowPrivate`, any address will do; otherwise every address the host
 * has must be public (one private answer refuses it).
 */
export async function addressToConnect(
  url: string,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<{ address: ResolvedAddress } | { refused: string }> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await (options.resolve ?? systemResolver)(host);
  const first = addresses[0];
  if (!first) return { refused: `${host} has no address` };
  if (!options.allowPrivate) {
    const found = addresses.find((a) => isPrivateAddress(a.address));
    if (found) return { refused: `${host} resolves to ${found.address}, a private address` };
  }
  return { address: first };
}

/** The reason a URL may not receive deliveries, or null when all its host's addresses are public. */
export async function privateAddressOf(url: string, resolve?: Resolver): Promise<string | null> {
  const judged = await addressToConnect(url, { allowPrivate: false, ...(resolve ? { resolve } : {}) });
  return 'refused' in judged ? judged.refused : null;
}
