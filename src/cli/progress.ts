// Progress of a long job on stderr: on a terminal a bar with the total, rate and time left
// (cli-progress); elsewhere (a log, a pipe, CI) one line at each tenth of the total, or every ten
// seconds when the total is not known.
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` of the total so far; `note` is shown after the figures ("12 new, 3 failed"). */
  update(done: number, note?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted: "documents", "rows", "events", "lines". */
  unit: string;
  total?: number;
  stream?: NodeJS.WriteStream;
  /** Seconds between lines when the total is not known and the stream is not a terminal. */
  every?: number;
  /**
   * Seconds before the first line off a terminal, so that short jobs stay quiet: 2 unless
   * OBSERVATORY_PROGRESS_DELAY says otherwise.
   */
  delay?: number;
  now?: () => number;
}

/** OBSERVATORY_PROGRESS_DELAY in seconds, when it is a number; else 2. */
function delayFromEnv(): number {
  const v = (process.env.OBSERVATORY_PROGRESS_DELAY ?? '').trim();
  return v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : 2;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Starts telling the progress of `label`. Example:
 * `const p = progress('import', { unit: 'rows', total: 50_700 }); ...; p.update(i, '12 failed'); p.stop();`
 */
export function progress(label: string, opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const started = now();
  const total = opts.total && opts.total > 0 ? opts.total : undefined;
  const rate = (done: number) => done / Math.max(0.001, (now() - started) / 1000);

  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: total
        ? `${label} [{bar}] {percentage}% | {value}/{total} ${opts.unit} | {rate}/s | {eta_formatted} left | {note}`
        : `${label} {value} ${opts.unit} | {rate}/s | {note}`,
      hideCursor: false,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    bar.start(total ?? 0, 0, { rate: '0', note: '' });
    return {
      update(done, note = '') {
        bar.update(done, { rate: n(rate(done)), note });
      },
      stop() {
        bar.stop();
      },
    };
  }

  let nextTenth = 1;
  let lastLine = started;
  const every = (opts.every ?? 10) * 1000;
  const quietUntil = started + (opts.delay ?? delayFromEnv()) * 1000;
  const line = (done: number, note: string) => {
    const r = rate(done);
    const figures = total
      ? `${Math.floor((done / total) * 100)}% (${n(done)} of ${n(total)} ${opts.unit}, ${n(r)}/s, about ${seconds((total - done) / r)} left)`
      : `${n(done)} ${opts.unit} (${n(r)}/s)`;
    stream.write(`${label}: ${figures}${note ? `; ${note}` : ''}\n`);
  };
  return {
    update(done, note = '') {
      if (now() < quietUntil) return;
      if (total) {
        if (done >= total || done < (total * nextTenth) / 10) return;
        while (done >= (total * nextTenth) / 10) nextTenth++;
        line(done, note);
      } else if (now() - lastLine >= every) {
        lastLine = now();
        line(done, note);
      }
    },
    stop() {},
  };
}
