// A place found by name in the gazetteer, shared by corrections and field reports.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

export interface PlaceHit {
  name: string;
  country: string;
  admin1: string;
  latitude: number;
  longitude: number;
  geo_precision: 1 | 2 | 3;
}

export function PlaceSearch({ label, onPick }: { label: string; onPick: (p: PlaceHit) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PlaceHit[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits([]);
      return;
    }
    const t = setTimeout(() => {
      void api<{ places: PlaceHit[] }>(`/api/places?q=${encodeURIComponent(q.trim())}&limit=8`).then(
        (r) => setHits(r.places),
        () => setHits([]),
      );
    }, 200);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <div class="place-search">
      <label>
        {label}
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      {hits.length > 0 && (
        <ul role="listbox" aria-label="Places found">
          {hits.map((p) => (
            <li key={`${p.name}${p.latitude}`}>
              <button
                type="button"
                onClick={() => {
                  onPick(p);
                  setQ(`${p.name}, ${p.admin1 ? `${p.admin1}, ` : ''}${p.country}`);
                  setHits([]);
                }}
              >
                {p.name}
                {p.admin1 ? `, ${p.admin1}` : ''}, {p.country} (precision {p.geo_precision})
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
