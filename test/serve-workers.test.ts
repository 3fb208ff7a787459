// `observatory serve --workers 2` as a user runs it: two processes share the port over one SQLite
// file, a write through one is read through the other at once (kept answers included), a webhook
// is sent once, not once per process, a process that dies is started again, and SIGTERM stops all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './helpers/cli.js';
import { until } from './helpers/wait.js';

/** A GET on a connection of its own, so that the connections go to the processes in turn. */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const children = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

test('serve --workers 2: one port, shared writes, one webhook, a dead process replaced, all stopped together', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-workers-'));
  const db = join(dir, 'team.db');
  // A webhook receiver that counts deliveries, and answers slowly: each process reads the change log
  // every second, so a second sender would post the same change while the first waits.
  const deliveries: string[] = [];
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push(Buffer.concat(chunks).toString());
      setTimeout(() => res.end('ok'), 2500);
    });
  });
  hook.listen(0, '127.0.0.1');
  await once(hook, 'listening');
  const hookPort = (hook.address() as { port: number }).port;

  const server = spawn(
    process.execPath,
    [CLI, 'serve', '--db', db, '--port', '0', '--workers', '2', '--allow-hosts', '127.0.0.1'],
    {
      cwd: ROOT,
    },
  );
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const base = await until(
      'the server',
      () => /serving .* at (http:\/\/\S+?)\/ \(.*2 processes\)/.exec(stderr)?.[1],
      20_000,
      100,
    );
    assert.equal(children(server.pid!).length, 2, 'two server processes');

    const sub = await fetch(`${base}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'all', filter: {}, webhook_url: `http://127.0.0.1:${hookPort}/hook` }),
    });
    assert.equal(sub.status, 201, await sub.clone().text());

    // Asked on fresh connections, both processes answer (and keep) the empty list.
    const url = `${base}/api/events?start=2017-01-01&end=2017-12-31`;
    for (let i = 0; i < 4; i++) assert.equal(JSON.parse((await getFresh(url)).body).total, 0);

    const post = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Government forces shelled the town of Saraqib in Idlib on Monday, killing three civilians, SOHR said.',
        published: '2017-09-05',
        source: 'SOHR',
      }),
    });
    assert.equal(post.status, 201, await post.clone().text());
    // Whichever process answers, the new event is there at once.
    for (let i = 0; i < 6; i++) assert.ok(JSON.parse((await getFresh(url)).body).total >= 1, `answer ${i}`);

    // One delivery of the change, though two processes read the change log.
    await until('a webhook delivery', () => (deliveries.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(deliveries.length, 1, 'delivered once');

    // A process killed outright is started again, and the port keeps answering.
    const [victim] = children(server.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(
      'a replacement process',
      () => {
        const now = children(server.pid!);
        return now.length === 2 && !now.includes(victim!) ? true : undefined;
      },
      20_000,
      100,
    );
    assert.match(stderr, /server process \d ended \(SIGKILL\); starting it again/);
    await until('answers again', async () =>
      (await getFresh(`${base}/health`)).status === 200 ? true : undefined,
    );
    for (let i = 0; i < 4; i++) assert.equal((await getFresh(`${base}/health`)).status, 200);

    const pid = server.pid!;
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.deepEqual(children(pid), [], 'no server process left');
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    hook.close();
  }
});

test('serve --workers: a store that cannot be opened stops the start with its error, not a restart loop', async () => {
  const r = spawn(
    process.execPath,
    [CLI, 'serve', '--db', '/nonexistent/dir/x.db', '--port', '0', '--workers', '2'],
    {
      cwd: ROOT,
    },
  );
  let stderr = '';
  r.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(r, 'exit')) as [number | null];
  assert.notEqual(code, 0);
  assert.match(stderr, /x\.db/);
  assert.doesNotMatch(stderr, /starting it again/);
});
