// Agreements (who agreed with whom, brokered by whom, on what terms, and what came of them) and the
// tracks of movements, each one open to its route, its stops and the events behind it.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Agreement, Track } from '../../model/index.js';
import { api } from '../api.js';

export interface AgreementsProps {
  onOpen: (eventId: string) => void;
  /** A track to open first (one clicked on the map). */
  track?: string;
}

function TrackDetail({ t, onOpen }: { t: Track; onOpen: (id: string) => void }) {
  return (
    <article class="track" id={`track-${t.id}`} data-track={t.id}>
      <h3>
        {t.mover}: {t.origin ?? '?'} → {t.destination ?? '?'}
      </h3>
      <p>
        {t.firstSeen} to {t.lastSeen}, last {t.status}
        {t.gaps.length
          ? `; unreported for ${t.gaps.map((g) => `${g.days} days after ${g.after}`).join(', ')}`
          : ''}
      </p>
      <ol class="stops">
        {t.routePlaces.map((p) => (
          <li key={`${p.name}${p.earliest}`}>
            {p.earliest}: {p.status} at {p.name} (precision {p.geoPrecision})
          </li>
        ))}
      </ol>
      <p>
        Events:{' '}
        {t.eventIds.map((id) => (
          <button type="button" class="link" key={id} onClick={() => onOpen(id)}>
            {id}
          </button>
        ))}
      </p>
    </article>
  );
}

const TERM: Record<string, string> = {
  evacuation: 'evacuation',
  release: 'release of captives or remains',
  weapons_handover: 'weapons handed over',
  territory_handover: 'territory handed over',
  siege_lifted: 'siege lifted',
  ceasefire: 'ceasefire',
};
const STEP: Record<string, string> = {
  fulfilled_part: 'fulfilled in part',
};
const step = (s: string) => STEP[s] ?? s;
const range = (n: { low: number; best: number; high: number }) =>
  n.low === n.high ? `${n.best}` : `${n.low}-${n.high}`;

/** The terms as what-for-what lines: what moves or changes hands, from where to where, how many. */
function Clauses({ a }: { a: Agreement }) {
  if (!a.clauses?.length) return null;
  return (
    <ul class="clauses">
      {a.clauses.map((c, i) => (
        <li key={i} data-term={c.kind}>
          {TERM[c.kind] ?? c.kind}
          {c.from || c.to ? `: ${c.from ?? '?'} → ${c.to ?? '?'}` : ''}
          {c.people ? `, ${range(c.people)} people` : ''}
          {c.vehicles ? `, ${range(c.vehicles)} vehicles` : ''}
          {c.forWhat ? `, in return for ${c.forWhat}` : ''}
          {c.documentIds.length > 1 ? ` (${c.documentIds.length} reports)` : ''}
        </li>
      ))}
    </ul>
  );
}

/** The deal's life: each dated step with who says so and the words it rests on. */
function LifeLine({ a }: { a: Agreement }) {
  if (!a.life?.length) return <span>no step reported</span>;
  const disputed = new Set((a.contested?.status ?? []).map((c) => c.value));
  return (
    <ol class="life-line">
      {a.life.map((o, i) => (
        <li key={i} data-step={o.status} class={disputed.has(o.status) ? 'contested' : undefined}>
          <time dateTime={o.date}>{o.date}</time>
          {o.timePrecision > 1 ? ' (report day)' : ''} <strong>{step(o.status)}</strong>
          {o.by ? ` by ${o.by}` : ''} — {o.source}
          {o.evidence.length ? <q>{o.evidence.map((e) => e.text).join(' … ')}</q> : null}
        </li>
      ))}
    </ol>
  );
}

/** One agreement: who, what for what, when reached, its life and what became of it since. */
function AgreementCard({
  a,
  onOpen,
  onTrack,
}: {
  a: Agreement;
  onOpen: (id: string) => void;
  onTrack: (trackId: string) => void;
}) {
  return (
    <article class="agreement" data-agreement={a.id}>
      <h3>
        {a.date}, {a.location || 'place not given'}
        {a.status && <span class={`deal-status status-${a.status}`}>{step(a.status)}</span>}
      </h3>
      <dl>
        <dt>Parties</dt>
        <dd>{a.parties.join(', ') || 'not named'}</dd>
        <dt>Brokers</dt>
        <dd>{a.brokers.join(', ') || 'none named'}</dd>
        <dt>Terms</dt>
        <dd>
          {[
            a.terms.gives && `${a.terms.gives}`,
            a.terms.inReturnFor && `in return for ${a.terms.inReturnFor}`,
            a.terms.peopleMoved !== undefined && `${a.terms.peopleMoved} people to move`,
            a.terms.vehicles !== undefined && `${a.terms.vehicles} vehicles`,
          ]
            .filter(Boolean)
            .join('; ') || (a.clauses?.length ? '' : 'not reported')}
          <Clauses a={a} />
        </dd>
        <dt>Reached</dt>
        <dd>
          {a.reached
            ? `${a.reached.date}${a.reached.timePrecision > 1 ? ' (day of the report)' : ''}, say ${a.reached.sources.join(', ')}`
            : 'not dated'}
        </dd>
        <dt>Life</dt>
        <dd>
          <LifeLine a={a} />
          {a.contested && (
            <p class="contested-note">
              Contested:{' '}
              {a.contested.status.map((c) => `${step(c.value)} (${c.sources.join(', ')})`).join(' against ')}
            </p>
          )}
        </dd>
        <dt>Fulfilment</dt>
        <dd>
          {a.fulfilment.length === 0
            ? 'nothing reported since'
            : a.fulfilment.map((f) => (
                <div key={f.trackId}>
                  <button type="button" class="link" onClick={() => onTrack(f.trackId)}>
                    {f.mover}: {f.origin ?? '?'} → {f.destination ?? '?'}
                  </button>{' '}
                  {f.status} by {f.lastSeen}
                  {f.vehiclesArrived !== null ? `, ${f.vehiclesArrived} vehicles arrived` : ''}
                </div>
              ))}
        </dd>
        <dt>Sources</dt>
        <dd>{a.sources.join(', ')}</dd>
      </dl>
      <button type="button" class="link" onClick={() => onOpen(a.id)}>
        Open the agreement’s event
      </button>
    </article>
  );
}

function Agreements({ onOpen, track }: AgreementsProps) {
  const [agreements, setAgreements] = useState<Agreement[] | null>(null);
  const [tracks, setTracks] = useState<Track[]>([]);
  const [open, setOpen] = useState<string | undefined>(track);
  const [error, setError] = useState('');
  useEffect(() => {
    void api<{ agreements: Agreement[] }>('/api/agreements').then(
      (r) => setAgreements(r.agreements),
      (e: Error) => setError(e.message),
    );
    void api<{ tracks: Track[] }>('/api/tracks').then(
      (r) => setTracks(r.tracks),
      () => undefined,
    );
  }, []);
  useEffect(() => setOpen(track), [track]);
  useEffect(() => {
    if (open) document.getElementById(`track-${open}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, tracks]);
  return (
    <div class="agreements">
      {error && <p role="alert">{error}</p>}
      <h2>Agreements</h2>
      {agreements?.length === 0 && <p>No agreement in the record.</p>}
      {(agreements ?? []).map((a) => (
        <AgreementCard key={a.id} a={a} onOpen={onOpen} onTrack={setOpen} />
      ))}
      <h2>Tracks</h2>
      {tracks.length === 0 && <p>No movement in the record.</p>}
      <ul class="track-list">
        {tracks.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              class="link"
              aria-expanded={open === t.id}
              onClick={() => setOpen(open === t.id ? undefined : t.id)}
            >
              {t.mover}: {t.firstSeen} to {t.lastSeen}, {t.status}
            </button>
            {open === t.id && <TrackDetail t={t} onOpen={onOpen} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function mountAgreements(container: HTMLElement, props: AgreementsProps): void {
  render(<Agreements {...props} />, container);
}
