// The peer for cujo's CDP round-trip benchmark: the same Runtime.evaluate("1+1") loop through
// puppeteer-core, connected to the browser cujo's benchmark launched (same browser, same run).
// Usage: node puppeteer_rtt.mjs WS_URL ITERATIONS  -> prints {"median_us":..,"p99_us":..}
import puppeteer from 'puppeteer-core';

const [wsUrl, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg || 1000);
const browser = await puppeteer.connect({ browserWSEndpoint: wsUrl, protocolTimeout: 30000 });
const context = await browser.createBrowserContext();
const page = await context.newPage();
for (let i = 0; i < 50; i++) await page.evaluate('1+1');  // warm-up, like cujo's side
const samples = [];
for (let i = 0; i < iterations; i++) {
  const start = process.hrtime.bigint();
  await page.evaluate('1+1');
  samples.push(Number(process.hrtime.bigint() - start) / 1000);
}
samples.sort((a, b) => a - b);
const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
await context.close();
await browser.disconnect();
console.log(JSON.stringify({ median_us: at(0.5), p99_us: at(0.99) }));
