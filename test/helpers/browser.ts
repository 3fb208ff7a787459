// Debian's Chromium through playwright-core, as every browser test starts it, and the page's map
// read back: what MapLibre was given to draw and what it rendered.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './cli.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Where browser tests leave their screenshots. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const noBrowser = existsSync(CHROMIUM)
  ? false
  : 'Debian chromium is not installed (.ci/run installs it)';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Chromium, with the screenshots' folder made. */
export async function startBrowser(): Promise<Browser> {
  const browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
  return browser;
}

/** The map's draw counter now: a later draw changes it. */
export async function drawCount(page: Page): Promise<string> {
  return (await page.locator('#map').getAttribute('data-drawn')) ?? '';
}

/** Waits until the map has drawn something newer than `after` and has nothing left to render. */
export async function settled(page: Page, after = ''): Promise<void> {
  await page.waitForFunction(
    (before) => {
      const el = document.getElementById('map');
      const map = (window as unknown as { observatoryMap?: { loaded(): boolean; isMoving(): boolean } })
        .observatoryMap;
      const drawn = el?.dataset.drawn ?? '';
      return drawn !== '' && drawn !== before && !!map && map.loaded() && !map.isMoving();
    },
    after,
    { timeout: 60_000 },
  );
}

/** The event ids the map's point source holds, and those MapLibre rendered in view, sorted. */
export async function mapIds(page: Page): Promise<{ source: string[]; rendered: string[]; mode: string }> {
  return page.evaluate(async () => {
    type Feature = { properties: { id: string } };
    const map = (
      window as unknown as {
        observatoryMap: {
          getSource(id: string): { getData(): Promise<{ features: Feature[] }> };
          queryRenderedFeatures(o: { layers: string[] }): Feature[];
        };
      }
    ).observatoryMap;
    const data = await map.getSource('events').getData();
    const rendered = map.queryRenderedFeatures({ layers: ['events-point'] }).map((f) => f.properties.id);
    return {
      source: data.features.map((f) => f.properties.id).sort(),
      rendered: [...new Set(rendered)].sort(),
      mode: document.getElementById('map')?.dataset.mode ?? '',
    };
  });
}

/** The grid cells the map was given: how many events they count in all, and the view's box. */
export async function gridTotal(page: Page): Promise<{ count: number; cells: number; bbox: string }> {
  return page.evaluate(async () => {
    const map = (
      window as unknown as {
        observatoryMap: {
          getSource(id: string): {
            getData(): Promise<{ features: Array<{ properties: { count: number } }> }>;
          };
          getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
        };
      }
    ).observatoryMap;
    const data = await map.getSource('grid').getData();
    const b = map.getBounds();
    // No named functions in here: the test loader would wrap them in a helper the page lacks.
    const box = [
      [b.getWest(), 180],
      [b.getSouth(), 90],
      [b.getEast(), 180],
      [b.getNorth(), 90],
    ].map(([v, m]) => Math.max(-m!, Math.min(m!, v!)).toFixed(4));
    return {
      count: data.features.reduce((n, f) => n + f.properties.count, 0),
      cells: data.features.length,
      bbox: box.join(','),
    };
  });
}
