// The field report form (a full screen on a phone) and document uploads: what was typed is kept
// when sending fails; a date in the future is refused; once sent, links lead to the coded events.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { PlaceSearch, type PlaceHit } from './place-search.js';

/** Where a request failed, in words for the user. */
async function failure(res: Response): Promise<string> {
  try {
    return ((await res.json()) as { error?: string }).error ?? `request failed (${res.status})`;
  } catch {
    return `request failed (${res.status})`;
  }
}

export interface SubmitProps {
  /** Asks the map for the next click; resolves with where it was. */
  pickOnMap: () => Promise<{ latitude: number; longitude: number }>;
  onSubmitted: (eventIds: string[]) => void;
  /** Opens a coded event in the panel. */
  onOpen: (id: string) => void;
}

/** The submissions route's body: what was typed, and the place if one was given. */
function submissionBody(text: string, date: string, source: string, contact: string, place: PlaceHit | null) {
  return {
    text,
    date,
    ...(source ? { source } : {}),
    ...(contact ? { contact } : {}),
    ...(place
      ? {
          place: {
            name: place.name,
            latitude: place.latitude,
            longitude: place.longitude,
            geo_precision: place.geo_precision,
            ...(place.country ? { country: place.country } : {}),
            ...(place.admin1 ? { admin1: place.admin1 } : {}),
          },
        }
      : {}),
  };
}

/** The form's values and what became of the last sending, with the two ways of sending. */
function useSubmission(onSubmitted: (eventIds: string[]) => void) {
  // What the user typed stays in state, so a failed submission loses nothing.
  const [text, setText] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [source, setSource] = useState('');
  const [contact, setContact] = useState('');
  const [place, setPlace] = useState<PlaceHit | null>(null);
  const [status, setStatus] = useState('');
  const [coded, setCoded] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setCoded([]);
    setStatus('Sending…');
    try {
      const r = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(submissionBody(text, date, source, contact, place)),
      });
      if (!r.ok) {
        setStatus(`Not sent: ${await failure(r)}. Your report is kept here; correct it and send again.`);
        return;
      }
      const out = (await r.json()) as { eventIds: string[]; status: string };
      setStatus(
        out.status === 'duplicate'
          ? 'Sent: this report was already in the record.'
          : `Sent: ${out.eventIds.length} event(s) coded, now in the review queue.`,
      );
      setCoded(out.eventIds);
      setText('');
      setContact('');
      onSubmitted(out.eventIds);
    } catch {
      setStatus('Not sent: the server could not be reached. Your report is kept here.');
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    const type = file.name.match(/\.html?$/i)
      ? 'text/html'
      : file.name.match(/\.(txt|md)$/i)
        ? 'text/plain'
        : file.type;
    const r = await fetch(
      `/api/uploads?published=${encodeURIComponent(date)}&title=${encodeURIComponent(file.name)}${source ? `&source=${encodeURIComponent(source)}` : ''}`,
      { method: 'POST', headers: { 'content-type': type || 'application/octet-stream' }, body: file },
    );
    if (!r.ok) return setStatus(`Not uploaded: ${await failure(r)}`);
    const out = (await r.json()) as { eventIds: string[]; status: string };
    setStatus(
      `Uploaded ${file.name}: ${out.status === 'duplicate' ? 'already stored' : `${out.eventIds.length} event(s) coded`}.`,
    );
    setCoded(out.eventIds);
    onSubmitted(out.eventIds);
  };
  return {
    text,
    setText,
    date,
    setDate,
    source,
    setSource,
    contact,
    setContact,
    place,
    setPlace,
    status,
    setStatus,
    coded,
    busy,
    submit,
    upload,
  };
}

function CodedLinks({ coded, onOpen }: { coded: string[]; onOpen: (id: string) => void }) {
  return (
    <ul class="coded">
      {coded.map((id) => (
        <li key={id}>
          <a
            href={`?event=${encodeURIComponent(id)}`}
            onClick={(ev) => {
              ev.preventDefault();
              onOpen(id);
            }}
          >
            See the coded event {id}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Submit({ pickOnMap, onSubmitted, onOpen }: SubmitProps) {
  const r = useSubmission(onSubmitted);
  const [picking, setPicking] = useState(false);
  const pick = () => {
    setPicking(true);
    r.setStatus('Click the map where it happened.');
    void pickOnMap().then((p) => {
      setPicking(false);
      r.setPlace({
        name: `${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)}`,
        country: '',
        admin1: '',
        ...p,
        geo_precision: 1,
      });
      r.setStatus('Place picked on the map.');
    });
  };
  return (
    <section class="submit" aria-label="Submit a field report">
      <form onSubmit={(ev) => void r.submit(ev)}>
        <label>
          Report
          <textarea
            required
            dir="auto"
            rows={6}
            value={r.text}
            onInput={(ev) => r.setText((ev.target as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          Date
          <input
            type="date"
            required
            max={new Date().toISOString().slice(0, 10)}
            value={r.date}
            onInput={(ev) => r.setDate((ev.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Source (you, or whoever sent it to you)
          <input
            value={r.source}
            placeholder="who reports it"
            onInput={(ev) => r.setSource((ev.target as HTMLInputElement).value)}
          />
        </label>
        <PlaceSearch label="Place" onPick={r.setPlace} />
        <button type="button" aria-pressed={picking} onClick={pick}>
          Pick on the map
        </button>
        {r.place && <p class="picked">Place: {r.place.name}</p>}
        <label>
          Contact details (kept protected, never shown or exported)
          <input value={r.contact} onInput={(ev) => r.setContact((ev.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={r.busy}>
          Send report
        </button>
      </form>
      <label class="upload">
        Or upload a document (.txt, .html; up to 5 MB)
        <input
          type="file"
          accept=".txt,.md,.html,.htm,text/plain,text/html"
          onChange={(ev) => {
            const f = (ev.target as HTMLInputElement).files?.[0];
            if (f) void r.upload(f);
          }}
        />
      </label>
      <p role="status" aria-live="polite">
        {r.status}
      </p>
      {r.coded.length > 0 && <CodedLinks coded={r.coded} onOpen={onOpen} />}
    </section>
  );
}

export function mountSubmit(container: HTMLElement, props: SubmitProps): void {
  render(<Submit {...props} />, container);
}
