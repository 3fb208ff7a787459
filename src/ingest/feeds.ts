// RSS and Atom feeds as a source of reports: fetched with conditional GET (ETag, Last-Modified) and
// a deadline, parsed by @extractus/feed-extractor, each item turned into a raw input for the ingest
// pipeline. An item that cannot be a document is reported by its number; the others go on.
import { extractFromXml } from '@extractus/feed-extractor';
import { outbound, OutboundError, outboundPolicy, type OutboundPolicy } from './outbound.js';
import { InputError, validDate, type RawInput } from './read.js';

/** What a feed said last time, sent back so an unchanged feed costs a 304 and no parsing. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  checkedAt?: string;
}

export type FeedFetch =
  { status: 'not_modified'; state: FeedState } | { status: 'ok'; body: string; state: FeedState };

/** A feed larger than this is refused rather than read into memory. */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;

/**
 * GETs a feed, sending the validators of the last fetch. Fails with an InputError naming the URL
 * when the server errs, sends too much, or does not finish within `timeoutMs` (headers and body),
 * or when the feed or a redirect leads to an address that is not public (unless the policy allows
 * its host: see outbound.ts).
 */
export async function fetchFeed(
  url: string,
  previous: FeedState,
  timeoutMs: number,
  policy: OutboundPolicy = outboundPolicy(),
): Promise<FeedFetch> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
    'user-agent': 'observatory-watch',
  };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  const signal = AbortSignal.timeout(timeoutMs);
  const checkedAt = new Date().toISOString();
  try {
    const res = await outbound(url, { method: 'GET', headers, signal, maxRedirects: 5 }, policy);
    if (res.status === 304) {
      res.body.destroy();
      return { status: 'not_modified', state: { ...previous, checkedAt } };
    }
    if (res.status < 200 || res.status >= 300) {
      res.body.destroy();
      throw new InputError(
        url,
        res.status >= 300 && res.status < 400
          ? `the server answered ${res.status} (more than 5 redirects, or one without a Location)`
          : `the server answered ${res.status}`,
      );
    }
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > MAX_FEED_BYTES) {
      res.body.destroy();
      throw new InputError(url, `the feed is ${declared} bytes; the limit is ${MAX_FEED_BYTES}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > MAX_FEED_BYTES) {
        res.body.destroy();
        throw new InputError(url, `the feed is over the limit of ${MAX_FEED_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw new InputError(url, 'the feed is not valid UTF-8');
    }
    const header = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    return {
      status: 'ok',
      body,
      state: { etag: header('etag'), lastModified: header('last-modified'), checkedAt },
    };
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof OutboundError) throw new InputError(url, e.message);
    const err = e as Error & { code?: string };
    if (signal.aborted || err.name === 'TimeoutError' || err.name === 'AbortError')
      throw new InputError(url, `no complete answer within ${timeoutMs / 1000} s; gave up`);
    throw new InputError(url, `cannot be fetched: ${err.code ?? err.message}`);
  }
}

interface RawEntry {
  id: string;
  title: string;
  link: string;
  published: string;
  description: string;
  content: string;
  guid: string;
}

/** The text of an XML node as fast-xml-parser gives it: a string, or an object with #text. */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>))
    return textOf((node as Record<string, unknown>)['#text']);
  return '';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A feed's items as raw inputs, in feed order, or errors naming the item by its number (1-based).
 * An item's document is its title and its full content (or, lacking it, its summary) as the feed
 * gave them, as HTML; its id is the item's guid (or link); its date the item's, else `fetchedOn`.
 */
export function feedItems(
  xml: string,
  url: string,
  opts: { fetchedOn: string; source?: string },
): { title: string; items: Array<RawInput | InputError> } {
  let feed: { title?: string; entries?: RawEntry[] };
  try {
    feed = extractFromXml(xml, {
      descriptionMaxLen: 0,
      getExtraEntryFields: (entry: Record<string, unknown>) => ({
        guid: textOf(entry.guid) || textOf(entry.id),
        content:
          textOf(entry['content:encoded']) ||
          textOf(entry.content) ||
          textOf(entry.summary) ||
          textOf(entry.description),
      }),
    }) as unknown as { title?: string; entries?: RawEntry[] };
  } catch (e) {
    // An Atom feed with no entries yet is a feed, not an error.
    if (/<feed[\s>]/.test(xml) && !/<entry[\s>]/.test(xml) && (e as Error).message.includes('Unrecognized'))
      return { title: '', items: [] };
    throw new InputError(url, `not an RSS or Atom feed: ${(e as Error).message}`);
  }
  const title = (feed.title ?? '').trim();
  const items = (feed.entries ?? []).map((entry, i): RawInput | InputError => {
    const where = `${url} item ${i + 1}`;
    const heading = (entry.title ?? '').trim();
    const content = (entry.content ?? '').trim();
    if (!heading && !content) return new InputError(where, 'has neither a title nor any text');
    const id = (entry.guid || entry.link || '').trim();
    if (!id) return new InputError(where, 'has no guid, id or link to know it by');
    const day = (entry.published ?? '').slice(0, 10);
    const published = validDate(day) ? day : opts.fetchedOn;
    const html = `<article>${heading ? `<h1>${escapeHtml(heading)}</h1>\n` : ''}${content}</article>\n`;
    return {
      id,
      bytes: Buffer.from(html, 'utf8'),
      format: 'html',
      published,
      source: opts.source ?? (title || new URL(url).hostname),
      url: entry.link || undefined,
      title: heading || undefined,
      captureMethod: 'feed',
      capturedFrom: where,
    };
  });
  return { title, items };
}
