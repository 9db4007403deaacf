/**
 * Every URL the hub itself calls (today: the bodies' push webhooks) goes through ONE check,
 * `checkOutboundUrl`, at registration AND before every request, and the request then connects to
 * the address that was checked (`postToCheckedUrl`), never to a second resolution of the name: a
 * name that resolves to a public address when it is registered and to 127.0.0.1 afterwards (DNS
 * rebinding) is refused at the send.
 *
 * The rules:
 *  - an absolute `http(s)` URL of at most 2,000 characters, without credentials (400 `bad-url`);
 *  - `https` only; plain `http` only for a host the Authority names in
 *    `EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS` (422 `url-not-allowed`);
 *  - every address the host resolves to must be a public unicast address: loopback, link-local
 *    (169.254/16 — cloud metadata —, fe80::/10), private (10/8, 172.16/12, 192.168/16), unique-local
 *    (fc00::/7), shared/CGNAT (100.64/10), multicast, unspecified (0.0.0.0/8, ::), broadcast,
 *    IETF protocol (192.0.0/24, 2001::/23), documentation, benchmarking (198.18/15, 2001:2::/48) and
 *    reserved ranges are refused, IPv4 addresses embedded in IPv6 (mapped ::ffff:a.b.c.d, compatible,
 *    NAT64, 6to4) judged as the IPv4 address they carry (422 `url-not-allowed`);
 *  - a host the Authority names is also let through to private, unique-local and shared addresses
 *    (a receiver on the government network), and to loopback only when the name itself is a
 *    loopback address or `localhost` (the tests' receivers on 127.0.0.1 are allowed this way);
 *    link-local, multicast, unspecified and reserved addresses are refused for every host;
 *  - redirects are never followed, and a response body is read up to a bound, then dropped.
 *
 * A name that does not resolve when a webhook is registered is accepted (it reaches nothing);
 * it is checked like any other before each request.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { config } from '../../config';
import { CoreError } from '../errors';

export type AddressRange =
  | 'public' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'shared' | 'multicast' | 'unspecified'
  | 'broadcast' | 'protocol' | 'documentation' | 'benchmarking' | 'reserved';

export interface ResolvedAddress { address: string; family: 4 | 6 }
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Hosts (names or IP literals) the Authority excepts: plain http, and private addresses, accepted for them. */
  allowHttpHosts: readonly string[];
  /** How names are resolved (default: the system resolver, as a connection would). Tests inject one. */
  resolve?: Resolver;
  /** Longest wait for a name to resolve (default 5 s). */
  resolveTimeoutMs?: number;
}

export interface CheckedUrl {
  url: URL;
  /** Host name or IP literal (lower case, IPv6 without brackets). */
  host: string;
  /** Addresses checked, in the resolver's order; empty when the name did not resolve (registration only). */
  addresses: ResolvedAddress[];
  /** The host is one the Authority named. */
  excepted: boolean;
}

export const MAX_URL_LENGTH = 2000;

/** The policy of the configuration (`EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS`). */
export function outboundPolicyFromConfig(): OutboundPolicy {
  return { allowHttpHosts: config.webhookAllowHttpHosts };
}

// --- address ranges ---

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function v6ToBigInt(ip: string): bigint {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted !== null) {
    const v4 = v4ToInt(dotted[2]!);
    s = `${dotted[1]}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length < 2 || halves[1] === '' ? [] : halves[1]!.split(':');
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const V4_RANGES: [string, number, AddressRange][] = [
  ['0.0.0.0', 8, 'unspecified'], ['10.0.0.0', 8, 'private'], ['100.64.0.0', 10, 'shared'], ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], ['172.16.0.0', 12, 'private'], ['192.0.0.0', 24, 'protocol'], ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], ['192.168.0.0', 16, 'private'], ['198.18.0.0', 15, 'benchmarking'], ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'], ['224.0.0.0', 4, 'multicast'], ['255.255.255.255', 32, 'broadcast'], ['240.0.0.0', 4, 'reserved'],
];

function rangeOfV4(n: number): AddressRange {
  for (const [base, bits, range] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (Math.floor(n / size) === Math.floor(v4ToInt(base) / size)) return range;
  }
  return 'public';
}

const V6_RANGES: [string, number, AddressRange][] = [
  ['64:ff9b:1::', 48, 'private'], ['100::', 64, 'reserved'], ['2001::', 32, 'reserved'], ['2001:2::', 48, 'benchmarking'],
  ['2001:db8::', 32, 'documentation'], ['2001::', 23, 'protocol'], ['3fff::', 20, 'documentation'], ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'unique-local'], ['fe80::', 10, 'link-local'], ['fec0::', 10, 'private'], ['ff00::', 8, 'multicast'],
];

const inV6 = (n: bigint, base: string, bits: number): boolean => (n >> BigInt(128 - bits)) === (v6ToBigInt(base) >> BigInt(128 - bits));
const embeddedV4 = (n: bigint, shift: bigint): number => Number((n >> shift) & 0xffffffffn);

function rangeOfV6(n: bigint): AddressRange {
  if (n === 0n) return 'unspecified';
  if (n === 1n) return 'loopback';
  if (inV6(n, '::ffff:0:0', 96) || inV6(n, '64:ff9b::', 96)) return rangeOfV4(embeddedV4(n, 0n)); // mapped, NAT64: the IPv4 address carried
  if (inV6(n, '::', 96) || inV6(n, '::ffff:0:0:0', 96)) { // IPv4-compatible, IPv4-translated (deprecated forms)
    const r = rangeOfV4(embeddedV4(n, 0n));
    return r === 'public' ? 'reserved' : r;
  }
  if (inV6(n, '2002::', 16)) return rangeOfV4(embeddedV4(n, 80n)); // 6to4: 2002:AABB:CCDD::
  for (const [base, bits, range] of V6_RANGES) if (inV6(n, base, bits)) return range;
  return inV6(n, '2000::', 3) ? 'public' : 'reserved'; // global unicast is 2000::/3 only
}

/** The range an IP address belongs to (`public` for a globally reachable unicast address). */
export function addressRange(ip: string): AddressRange {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (net.isIPv4(bare)) return rangeOfV4(v4ToInt(bare));
  if (net.isIPv6(bare)) return rangeOfV6(v6ToBigInt(bare));
  throw new Error(`not an IP address: ${ip.slice(0, 80)}`);
}

// --- the check ---

const bad = (detail: string): CoreError => new CoreError('invalid', 'bad-url', 'Bad URL', detail);
const notAllowed = (detail: string, extra: Record<string, unknown> = {}): CoreError => new CoreError('unprocessable', 'url-not-allowed', 'URL not allowed', detail, extra);

/** A name that must be resolved, and it did not resolve (`ENOTFOUND`…, or no answer in time). */
export class UnresolvedHostError extends Error {
  constructor(readonly host: string, readonly code: string) {
    super(`${code}: ${host} does not resolve`);
    this.name = 'UnresolvedHostError';
  }
}

const systemResolver: Resolver = async (host) =>
  (await dns.promises.lookup(host, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

async function resolveHost(host: string, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const timeoutMs = policy.resolveTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => { timer = setTimeout(() => reject(new UnresolvedHostError(host, 'ETIMEOUT')), timeoutMs); });
  try {
    const found = await Promise.race([(policy.resolve ?? systemResolver)(host), timeout]);
    if (found.length === 0) throw new UnresolvedHostError(host, 'ENODATA');
    return found;
  } catch (err) {
    if (err instanceof UnresolvedHostError) throw err;
    throw new UnresolvedHostError(host, (err as NodeJS.ErrnoException).code ?? 'ERESOLVE');
  } finally {
    clearTimeout(timer);
  }
}

const normaliseHost = (h: string): string => {
  const s = h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return net.isIPv6(s) ? v6ToBigInt(s).toString(16) : s;
};
const isLoopbackName = (h: string): boolean => h === 'localhost' || h.endsWith('.localhost') || (net.isIP(h) !== 0 && addressRange(h) === 'loopback');

/** Ranges a host the Authority named may reach besides public addresses. */
function allowedFor(host: string, excepted: boolean, range: AddressRange): boolean {
  if (range === 'public') return true;
  if (!excepted) return false;
  if (range === 'private' || range === 'unique-local' || range === 'shared') return true;
  return range === 'loopback' && isLoopbackName(host);
}

function parse(raw: unknown): URL {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_URL_LENGTH) throw bad(`"url" must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters.`);
  let u: URL;
  try { u = new URL(raw.trim()); } catch { throw bad('"url" must be an absolute http(s) URL.'); }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad('"url" must be an absolute http(s) URL.');
  if (u.username !== '' || u.password !== '') throw bad('credentials in the URL are not accepted: the signature authenticates the hub.');
  if (u.hostname === '') throw bad('"url" must name a host.');
  return u;
}

/**
 * THE check of every outbound URL of the hub. `when: 'register'` accepts a name that does not
 * resolve (yet); `when: 'send'` throws `UnresolvedHostError` for it (a connection error: retried).
 * Refusals are CoreErrors: `bad-url` (400, malformed) or `url-not-allowed` (422, the rules above).
 */
export async function checkOutboundUrl(raw: unknown, policy: OutboundPolicy, when: 'register' | 'send'): Promise<CheckedUrl> {
  const url = parse(raw);
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const excepted = policy.allowHttpHosts.some((h) => normaliseHost(h) === normaliseHost(host));
  if (url.protocol === 'http:' && !excepted) {
    throw notAllowed('Webhooks are sent over HTTPS only: use an https:// URL (plain http is allowed only for a host the Authority names in EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS).', { reason: 'http' });
  }
  if (!excepted && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw notAllowed(`The host ${host} is a loopback name: webhooks reach public addresses only.`, { reason: 'address', range: 'loopback' });
  }
  let addresses: ResolvedAddress[];
  if (net.isIP(host) !== 0) addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  else {
    try {
      addresses = await resolveHost(host, policy);
    } catch (err) {
      if (when === 'register' && err instanceof UnresolvedHostError) return { url, host, addresses: [], excepted };
      throw err;
    }
  }
  for (const a of addresses) {
    const range = addressRange(a.address);
    if (!allowedFor(host, excepted, range)) {
      const what = net.isIP(host) !== 0 ? `The address ${a.address}` : `The host ${host} resolves to ${a.address}, which`;
      throw notAllowed(`${what} is in a ${range} range: webhooks reach public addresses only.`, { reason: 'address', range, address: a.address });
    }
  }
  return { url, host, addresses, excepted };
}

// --- the request ---

export type RequestOutcome =
  | { kind: 'response'; status: number; durationMs: number }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'error'; code: string; message: string; durationMs: number };

export interface OutboundRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Bytes of the response body read at most (the rest is dropped with the connection). */
  maxResponseBytes?: number;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/**
 * Sends one request to a checked URL, connected to the first checked address (the TLS certificate
 * is verified against the host name). No redirect is followed; the whole exchange (connection,
 * headers, bounded body) is limited to `timeoutMs`. Never throws.
 */
export function postToCheckedUrl(target: CheckedUrl, r: OutboundRequest): Promise<RequestOutcome> {
  const t0 = performance.now();
  const ms = (): number => Math.round(performance.now() - t0);
  const address = target.addresses[0];
  if (address === undefined) return Promise.resolve({ kind: 'error', code: 'ENOTFOUND', message: `${target.host} does not resolve`, durationMs: 0 });
  const secure = target.url.protocol === 'https:';
  const limit = r.maxResponseBytes ?? 64 * 1024;
  return new Promise((resolve) => {
    let done = false;
    let status: number | null = null;
    const finish = (o: RequestOutcome): void => { if (!done) { done = true; clearTimeout(timer); resolve(o); } };
    const req = (secure ? https : http).request({
      host: address.address, family: address.family, port: target.url.port === '' ? (secure ? 443 : 80) : Number(target.url.port),
      path: `${target.url.pathname}${target.url.search}`, method: r.method, agent: secure ? agents.https : agents.http,
      ...(secure && net.isIP(target.host) === 0 ? { servername: target.host } : {}),
      headers: { ...r.headers, Host: target.url.host, 'Content-Length': String(Buffer.byteLength(r.body)) },
    }, (res) => {
      const got = res.statusCode ?? 0;
      status = got;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > limit) { finish({ kind: 'response', status: got, durationMs: ms() }); res.destroy(); }
      });
      res.on('end', () => finish({ kind: 'response', status: got, durationMs: ms() }));
      res.on('error', () => finish({ kind: 'response', status: got, durationMs: ms() }));
    });
    // the status counts once it came; a body still streaming at the deadline is dropped
    const timer = setTimeout(() => { finish(status === null ? { kind: 'timeout', durationMs: ms() } : { kind: 'response', status, durationMs: ms() }); req.destroy(); }, r.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', code: err.code ?? '', message: err.message, durationMs: ms() }));
    req.end(r.body);
  });
}
