import { launchBrowser } from './tests/helpers/browser.js';
const b = await launchBrowser();
const p = await b.newPage({ viewport: { width: 1440, height: 900 } });
p.on('console', (m) => console.log('console', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror', e.message));
p.on('requestfailed', (r) => console.log('failed', r.url()));
const t0 = Date.now();
await p.goto('http://127.0.0.1:3111/');
try { await p.waitForSelector('[data-testid=map][data-drawn=true]', { timeout: 20000 }); console.log('drawn', Date.now() - t0); } catch (e) { console.log('not drawn'); }
await p.screenshot({ path: '/tmp/shot1.png' });
await b.close();
