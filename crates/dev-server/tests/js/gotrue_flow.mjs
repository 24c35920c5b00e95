// Drives a real gotrue-js against the local stack: signup → confirm (token from the dev
// mailbox) → login → jwt(true) refresh → update → logout → recovery.
// Usage: node gotrue_flow.mjs <v0|v1> <base-url>   (run by tests/gotrue_js.rs)
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const [,, which, base] = process.argv;
const store = new Map();
globalThis.localStorage = {
  getItem: k => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
  removeItem: k => store.delete(k),
};
// gotrue-js expects a browser: give it just enough of one.
globalThis.window = globalThis;
globalThis.addEventListener = () => {};
globalThis.removeEventListener = () => {};
let GoTrue = which === 'v0' ? require('gotrue-js-v0') : require('gotrue-js-v1');
GoTrue = GoTrue.default || GoTrue;
const auth = new GoTrue({ APIUrl: `${base}/.netlify/identity`, setCookie: false });
const email = `js-${which}-${Date.now()}@example.com`;
const mail = async (kind, to) => {
  const list = await (await fetch(`${base}/__dev/mail`)).json();
  const m = list.find(m => m.kind === kind && m.to === to);
  if (!m) throw new Error(`no ${kind} mail for ${to}`);
  return m.token;
};
const step = (name, v) => { console.log(`ok ${name}`); return v; };
const signed = await auth.signup(email, 'pw-one', { full_name: 'JS Client' });
step('signup', signed.email === email || (() => { throw new Error('signup email'); })());
const user = await auth.confirm(await mail('confirmation', email), true);
step('confirm', user.email === email || (() => { throw new Error('confirm'); })());
await user.logout();
const u = await auth.login(email, 'pw-one', true);
step('login', u.token.access_token);
const before = u.token.refresh_token;
const jwt = await u.jwt(true);
if (!jwt || u.token.refresh_token === before) throw new Error('refresh did not rotate');
step('jwt(true) refresh', jwt);
const updated = await u.update({ data: { city: 'Oslo' }, password: 'pw-two' });
if (updated.user_metadata.city !== 'Oslo') throw new Error('update');
step('update', updated);
await updated.logout();
step('logout', true);
try { await auth.login(email, 'pw-one', true); throw new Error('old password still works'); }
catch (e) { if (!String(e.message || e).includes('No user found')) throw e; step('old password refused: ' + (e.message || e.json?.error_description), true); }
await auth.requestPasswordRecovery(email);
const rec = await auth.recover(await mail('recovery', email), true);
step('recover', rec.email === email || (() => { throw new Error('recover'); })());
await rec.update({ password: 'pw-three' });
const again = await auth.login(email, 'pw-three', true);
step('login after recovery', again.email === email);
const settings = await auth.settings();
step('settings ' + JSON.stringify(settings.external), true);
console.log('ALL OK');
// gotrue-js 1.x leaves timers behind that would keep node alive for half a minute.
process.exit(0);
