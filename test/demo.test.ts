// The README's first command: `observatory demo` builds the sample database and serves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './helpers/cli.js';

test('demo ingests the sample corpus and serves the map and the API', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'obs-demo-')), 'demo.db');
  const child = spawn(process.execPath, [CLI, 'demo', '--db', db, '--port', '0'], { cwd: ROOT });
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /serving .* at (http:\/\/[^\s]+)\//.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`demo exited ${code}: ${err}`)));
      setTimeout(() => reject(new Error(`demo did not start: ${err}`)), 30_000);
    });
    const health = (await (await fetch(`${address}/health`)).json()) as { documents: number; events: number };
    assert.equal(health.documents, 12);
    assert.ok(health.events >= 12);
    const page = await fetch(`${address}/`);
    assert.match(await page.text(), /Observatory/);
    const events = (await (await fetch(`${address}/api/events?limit=1000`)).json()) as {
      events: Array<{ latitude: number | null }>;
    };
    assert.ok(events.events.filter((e) => e.latitude !== null).length >= 10, 'most sample events are mapped');
  } finally {
    child.kill('SIGTERM');
  }
});
