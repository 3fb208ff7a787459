// A long-form convoy report written for the project (test/fixtures/convoy-article.txt) through
// the public CLI: the same checks the seed article gets, needing nothing outside the repository.
import { convoyArticleTests } from './helpers/article-checks.js';
import { CONVOY_ARTICLE } from './helpers/cli.js';

convoyArticleTests('the long-form report', CONVOY_ARTICLE, false, {
  gives: /300 Islamic State fighters/,
  inReturnFor: /bodies of Lebanese soldiers/,
  // The 2014 captures, the earlier clashes and the bomb attacks in Beirut are not new events.
  background: /\b2014\b|bomb attacks|captured|clashes/,
});
