// The motivating case, the 2017 article on the Qalamoun evacuation convoy, through the public CLI:
// an evaluation on ../shared/seeds (skipped without it); test/article.test.ts runs the same checks
// on the project's own fixture.
import { existsSync } from 'node:fs';
import { convoyArticleTests } from './helpers/article-checks.js';
import { SEED } from './helpers/cli.js';

convoyArticleTests('the seed article', SEED, existsSync(SEED) ? false : 'evaluation: no ../shared/seeds', {
  gives: /300 ISIS fighters/,
  inReturnFor: /bodies of Lebanese soldiers/,
  // The 2014 captures and the earlier Beirut bombings are not new events.
  background: /\b2014\b|bomb blasts|captured/,
});
