// Requests the server and the watcher make to addresses others give them (feeds, webhooks). They go
// to public addresses only: a feed or webhook URL, or a redirect, naming this machine or the
// network it sits in would otherwise let whoever sets it probe or call what only this machine can
// reach. The address is checked when the connection is made (no DNS rebinding in between), every
// redirect is checked again, and a request with a body never follows one. An admin may allow
// named hosts (OBSERVATORY_ALLOW_HOSTS, --allow-hosts) for feeds or receivers inside the network.
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Addresses that are not the public internet (IANA special-purpose registries). */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** Whether an address is on the public internet; IPv4 written as IPv6 (::ffff:a.b.c.d) as the IPv4. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface OutboundPolicy {
  /** Host names (or addresses) whose requests may go to any address, lower case. */
  allowHosts: string[];
}

/** The policy from OBSERVATORY_ALLOW_HOSTS (comma-separated) and any given hosts. */
export function outboundPolicy(extra: string[] = [], env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  const listed = [...(env.OBSERVATORY_ALLOW_HOSTS ?? '').split(','), ...extra];
  return {
    allowHosts: listed
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean),
  };
}

/** A refusal of the policy's, or of the destination's: what the caller tells its user. */
export class OutboundError extends Error {
  constructor(
    message: string,
    /** Whether trying again may help (a network error, a timeout), or never will (a refusal). */
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborts the whole exchange, redirects included. */
  signal: AbortSignal;
  /** Redirects followed for a GET (a POST never follows one). */
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The body as it arrives; read it or destroy it. */
  body: IncomingMessage;
  /** Where the answer came from after redirects. */
  url: string;
}

/** One request, the address checked as the connection is made. */
function once(url: URL, req: OutboundRequest, policy: OutboundPolicy): Promise<IncomingMessage> {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const allowed = policy.allowHosts.includes(host);
  const lookup = (
    hostname: string,
    options: object,
    done: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return done(err, []);
      const usable = allowed ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (usable.length === 0)
        return done(
          new OutboundError(
            `${host} is not a public address; an admin may allow it (OBSERVATORY_ALLOW_HOSTS or --allow-hosts)`,
            false,
          ),
          [],
        );
      const all = (options as { all?: boolean }).all;
      if (all) return done(null, usable);
      done(null, usable[0]!.address, usable[0]!.family);
    });
  return new Promise((resolve, reject) => {
    // An address written in the URL is checked here: no lookup is made for it.
    if (isIP(host) && !allowed && !isPublicAddress(host))
      return reject(
        new OutboundError(
          `${host} is not a public address; an admin may allow it (OBSERVATORY_ALLOW_HOSTS or --allow-hosts)`,
          false,
        ),
      );
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = make(url, { method: req.method, headers: req.headers, lookup, signal: req.signal }, resolve);
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * A request under the policy. A GET follows up to `maxRedirects` redirects, each destination
 * checked like the first; a POST's redirect is answered as it came (never re-sent elsewhere with
 * its body and signature).
 */
export async function outbound(
  target: string,
  req: OutboundRequest,
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  let url = new URL(target);
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new OutboundError(`${url.protocol} is not http or https`, false);
    const res = await once(url, req, policy);
    const location = res.headers.location;
    const redirect = res.statusCode !== undefined && [301, 302, 303, 307, 308].includes(res.statusCode);
    if (!redirect || !location || req.method !== 'GET' || hop >= (req.maxRedirects ?? 5))
      return { status: res.statusCode ?? 0, headers: res.headers, body: res, url: url.toString() };
    res.destroy();
    url = new URL(location, url);
  }
}
