// Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core, one command a line: the
// Python side (harness/engines.py) writes {"id", "op", ...} as JSON on stdin and reads
// {"id", "ok", "value"} or {"id", "ok": false, "error"} on stdout. The browser is Debian's
// (`executablePath`); puppeteer downloads nothing. Console errors and page errors are kept and
// handed back by "errors". Usage: node firefox_driver.mjs <node_modules folder>
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import path from "node:path";

const require = createRequire(path.join(process.argv[2], "package.json"));
const puppeteer = require("puppeteer-core");

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.CARDGUIDE_FIREFOX || "/usr/bin/firefox-esr",
  headless: true,
});
// The page's clock starts at CARDGUIDE_CLOCK_MS (ms since 1970) and runs on, before any script of
// the page (BiDi's preload scripts), as Playwright's clock does in chromium: Firefox hangs at
// start under libfaketime, which the WebKit run uses.
const CLOCK = Number(process.env.CARDGUIDE_CLOCK_MS || "NaN");
function fixClock(start) {
  const Real = Date, t0 = Real.now();
  const now = () => start + (Real.now() - t0);
  class FixedDate extends Real {
    constructor(...args) { if (args.length) super(...args); else super(now()); }
    static now() { return now(); }
  }
  globalThis.Date = FixedDate;
}
let page = null;
let errors = [];

async function newPage(width, height) {
  if (page) await page.close();
  errors = [];
  page = await browser.newPage();
  if (Number.isFinite(CLOCK)) await page.evaluateOnNewDocument(fixClock, CLOCK);
  await page.setViewport({ width, height });
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e && e.message ? e.message : e)));
}

const ops = {
  version: async () => browser.version(),
  userAgent: async () => browser.userAgent(),
  goto: async ({ url, width = 1280, height = 900 }) => { await newPage(width, height); await page.goto(url, { waitUntil: "load" }); },
  // A function body, as Selenium's execute_script takes it: `arguments` are the args.
  js: async ({ body, args = [] }) => page.evaluate((b, a) => new Function(b).apply(null, a), body, args),
  // Polled from here, as `js` runs (puppeteer's waitForFunction would build the function inside
  // the page, whose strict policy refuses eval).
  waitFor: async ({ body, args = [], timeout = 20000 }) => {
    const end = Date.now() + timeout;
    for (;;) {
      if (await ops.js({ body, args }).catch(() => false)) return;
      if (Date.now() > end) throw new Error(`Waiting failed: ${timeout}ms exceeded`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
  click: async ({ css }) => page.click(css),
  press: async ({ css, key }) => { await page.focus(css); await page.keyboard.press(key); },
  // As a reader replaces a field's text: select all of it from the keyboard, type over it.
  type: async ({ css, text }) => {
    await page.click(css);
    await page.keyboard.down("Control");
    await page.keyboard.press("KeyA");
    await page.keyboard.up("Control");
    await page.keyboard.press("Backspace");
    await page.keyboard.type(text);
  },
  resize: async ({ width, height }) => page.setViewport({ width, height }),
  screenshot: async ({ file, full = false }) => { await page.screenshot({ path: file, fullPage: full }); },
  errors: async () => errors.slice(),
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const msg = JSON.parse(line);
  if (msg.op === "quit") break;
  let reply;
  try {
    const value = await ops[msg.op](msg);
    reply = { id: msg.id, ok: true, value: value === undefined ? null : value };
  } catch (exc) {
    reply = { id: msg.id, ok: false, error: String(exc && exc.stack ? exc.stack : exc) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
await browser.close();
process.exit(0);
