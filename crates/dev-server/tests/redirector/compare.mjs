// Netlify's redirect engine on a list of requests, for tests/netlify_redirector.rs.
// Usage: node compare.mjs <netlify.toml> <jwt secret> <cases.json> <answers.json>
// cases.json: [{"path": "/x/../admin", "cookie": "<nf_jwt>" | null}, ...]
// answers.json (written): [{"engine_path": "/admin", "match": {from, to, status, force} | null}
//                          | {"error": "..."}, ...], in the order of the cases.
//
// The rules are read by Netlify's own parser (@netlify/redirect-parser) and handed to the
// engine in the shape netlify-cli gives it (`from` as `origin`, `query` as `params`). Each
// request is put to the engine as netlify-cli put it: the path as a WHATWG URL resolves it
// (dot segments, also `%2e`, removed; a `..` above the root dropped), then
// `decodeURIComponent`; the `nf_jwt` cookie as a cookie value, roles read from
// `app_metadata.roles` (Netlify Identity's claim).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseAllRedirects } from '@netlify/redirect-parser';

const require = createRequire(import.meta.url);
const redirector = require('netlify-redirector');
const [,, tomlPath, secret, casesPath, answersPath] = process.argv;

const { redirects, errors } = await parseAllRedirects({
  redirectsFiles: [],
  netlifyConfigPath: tomlPath,
  minimal: false,
});
if (errors.length > 0) {
  throw new Error(`Netlify's parser refused ${tomlPath}: ${errors.map((e) => e.message).join('; ')}`);
}
const rules = redirects.map(({ from, query, conditions: { role, country, language, ...conditions }, ...rule }) => ({
  ...rule,
  origin: from,
  params: query,
  conditions: {
    ...conditions,
    ...(role && { Role: role }),
    ...(country && { Country: country }),
    ...(language && { Language: language }),
  },
}));
const matcher = await redirector.parseJSON(JSON.stringify(rules), {
  jwtSecret: secret,
  jwtRoleClaim: 'app_metadata.roles',
});

const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
const answers = cases.map(({ path, cookie }) => {
  let enginePath;
  try {
    enginePath = decodeURIComponent(new URL(`http://localhost${path}`).pathname);
  } catch (e) {
    return { error: String(e) };
  }
  const cookieValues = cookie ? { nf_jwt: cookie } : {};
  const headers = { host: 'localhost', ...(cookie && { cookie: `nf_jwt=${cookie}` }) };
  const found = matcher.match({
    scheme: 'http',
    host: 'localhost',
    path: enginePath,
    query: '',
    headers,
    cookieValues,
    getHeader: (name) => headers[name.toLowerCase()] || '',
    getCookie: (key) => cookieValues[key] || '',
  });
  const match = found && { from: found.from, to: found.to, status: found.status, force: found.force };
  return { engine_path: enginePath, match };
});
writeFileSync(answersPath, JSON.stringify(answers));
console.log(`ALL OK ${answers.length} requests`);
