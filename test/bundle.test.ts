// The web app's size budget (README, "Web app"): what a browser downloads before the first map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './helpers/cli.js';

/** Gzipped bytes allowed per kind of asset; MapLibre GL alone is about 290 KB of the script, the workspace's own code the rest. */
export const BUDGET = { script: 370 * 1024, worker: 200 * 1024, style: 16 * 1024 };

test('the built web app stays within its size budget', () => {
  const dir = join(ROOT, 'dist', 'web', 'assets');
  const files = readdirSync(dir);
  const size = (f: string) => gzipSync(readFileSync(join(dir, f))).length;
  const scripts = files.filter((f) => f.endsWith('.js'));
  const workers = files.filter((f) => f.endsWith('.mjs'));
  const styles = files.filter((f) => f.endsWith('.css'));
  assert.ok(scripts.length > 0 && workers.length > 0 && styles.length > 0, files.join(', '));
  const total = (fs: string[]) => fs.reduce((n, f) => n + size(f), 0);
  for (const [kind, fs] of [
    ['script', scripts],
    ['worker', workers],
    ['style', styles],
  ] as const)
    assert.ok(
      total(fs) <= BUDGET[kind],
      `${kind}: ${(total(fs) / 1024).toFixed(0)} KB gzipped, budget ${BUDGET[kind] / 1024} KB`,
    );
});
