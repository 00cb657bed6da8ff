// The browser half of `cargo xtask bench`: what users feel, measured in headless Chromium
// (Debian's /usr/bin/chromium) with the Performance API. Prints one JSON object.
//
//   node bench/browser.mjs <base-url> <runs> <server-binary> <database>
//
// Every run uses a fresh browser context (cold cache). Times are milliseconds from the
// page's navigation start (performance.now()), polled at animation frames. Two profiles:
// `localhost` (no throttling) and `mobile` — the DevTools protocol's Slow 4G (1.6 Mbps
// down, 750 kbps up, 150 ms RTT) with a 4× slower CPU, what a phone on mobile data gets.
import { chromium } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as http from "node:http";
import * as zlib from "node:zlib";

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 7);
const serverBinary = process.argv[4];
const database = process.argv[5];
const PASSWORD = "demo-benefits";

const PROFILES = {
  localhost: { cpu: 1, network: null },
  mobile: {
    cpu: 4,
    network: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
  },
};

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

/** A fresh context (cold cache), signed in as `email` unless null, under `profile`
 * (a profile name, or a CPU slow-down factor for the older figures). */
async function session(email, profile = 1) {
  const { cpu, network } = typeof profile === "string" ? PROFILES[profile] : { cpu: profile, network: null };
  const context = await browser.newContext({ baseURL: base });
  if (email) {
    const signedIn = await context.request.post("/api/v1/session", { data: { email, password: PASSWORD } });
    if (!signedIn.ok()) throw new Error(`sign-in as ${email}: ${signedIn.status()}`);
  }
  const page = await context.newPage();
  // The wasm module's memory, as Trunk's loader hands it over.
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => {
      window.__pbWasmMemory = e.detail?.wasm?.memory;
    });
  });
  const cdp = await context.newCDPSession(page);
  if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  if (network) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", network);
  }
  await cdp.send("Performance.enable");
  return { context, page, cdp };
}

/** Navigates and returns ms from navigation start until `selector` is in the page. */
async function renderTime(page, path, selector) {
  await page.goto(path, { waitUntil: "commit" });
  return await page.waitForFunction(
    (sel) => (document.querySelector(sel) ? performance.now() : false),
    selector,
    { polling: "raf", timeout: 120_000 },
  ).then((h) => h.jsonValue());
}

/** Types one character into a search box and returns ms until the list changed and painted. */
async function keystroke(page, input, list, text) {
  return await page.evaluate(
    ([inputSel, listSel, value]) =>
      new Promise((resolve) => {
        const box = document.querySelector(inputSel);
        const target = document.querySelector(listSel);
        const start = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(target, { childList: true, subtree: true, characterData: true });
        box.value = value;
        box.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    [input, list, text],
  );
}

async function memory(page, cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
  const wasm = await page.evaluate(() => window.__pbWasmMemory?.buffer?.byteLength ?? 0);
  return { js_heap_bytes: heap, wasm_memory_bytes: wasm };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// A partner's site on another origin (`localhost` vs the API's 127.0.0.1), registered for
// Fabrikam (EMB-1): its page carries the widget; its backend mints tokens (EMB-2). It also
// serves the floor: a plain HTML page with the same data as the Benefits home (the company's
// workspace JSON), gzip-compressed like the API's answers, with no script at all.
const workspaceJson = await (async () => {
  const context = await browser.newContext({ baseURL: base });
  await context.request.post("/api/v1/session", { data: { email: "ada@fabrikam.example", password: PASSWORD } });
  const text = await (await context.request.get("/api/v1/workspace")).text();
  await context.close();
  return text;
})();
const escapeHtml = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const floorPage = zlib.gzipSync(
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Benefits</title></head>` +
    `<body><h1>Benefits</h1><pre>${escapeHtml(workspaceJson)}</pre><p id="done">Done</p></body></html>`,
);
let siteSecret = "";
const host = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  if (url.pathname === "/floor") {
    response.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(floorPage);
  } else if (url.pathname === "/") {
    response.writeHead(200, { "content-type": "text/html" }).end(`<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Partner site</title>
<script type="module" src="${base}/embed.js"></script>
<script type="module" src="/host.js"></script></head>
<body><main><h1>Our benefits</h1>
<partner-benefits api-base="${base}/api/v1" lang="en" area="visual-studio"></partner-benefits></main></body></html>`);
  } else if (url.pathname === "/host.js") {
    response.writeHead(200, { "content-type": "text/javascript" }).end(
      `document.querySelector("partner-benefits").tokenProvider = async () => (await fetch("/token")).text();`,
    );
  } else if (url.pathname === "/token") {
    const minted = await fetch(`${base}/api/v1/embed/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${siteSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@fabrikam.example" }),
    });
    response.writeHead(minted.status, { "content-type": "text/plain" }).end((await minted.json()).token ?? "");
  } else {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
const hostOrigin = `http://localhost:${host.address().port}`;
siteSecret = execFileSync(serverBinary, [
  "--database", database, "--demo-data", "false", "embed-sites", "add", "--origin", hostOrigin, "--company", "1",
]).toString().split("\n").find((line) => line.startsWith("pbsite_"));
if (!siteSecret) throw new Error("no site secret from embed-sites add");

/** Host page load → the widget shows its company's data (inside its shadow root); and
 * where that time went: when the main wasm and the last of its page's chunks had arrived. */
async function widgetTime(page) {
  await page.goto(`${hostOrigin}/`, { waitUntil: "commit" });
  const shown = await page.waitForFunction(
    () => (document.querySelector("partner-benefits")?.shadowRoot?.querySelector("[data-testid^=vs-row-]") ? performance.now() : false),
    null,
    { polling: "raf", timeout: 120_000 },
  ).then((h) => h.jsonValue());
  const arrived = await page.evaluate(() => {
    const wasm = performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm"));
    const main = wasm.filter((e) => e.name.endsWith("_bg.wasm")).map((e) => e.responseEnd);
    const chunks = wasm.filter((e) => !e.name.endsWith("_bg.wasm")).map((e) => e.responseEnd);
    return { main: Math.max(0, ...main), chunks: Math.max(0, ...chunks) };
  });
  return { shown, ...arrived };
}

// Each area's page as it shows its data, opened from the Benefits home by its tile.
const AREAS = {
  software: "[data-testid^=software-row-]",
  azure: "[data-testid^=credit-row-]",
  "visual-studio": "[data-testid^=vs-row-]",
  technical: "[data-testid^=support-]",
  "go-to-market": "[data-testid^=gtm-row-]",
};

/** Click on the home's tile → the area's data in the page, in ms. */
async function areaFromHome(page, slug, selector) {
  await page.locator(`main a[href$="/benefits/${slug}"]`).first().waitFor();
  const start = await page.evaluate(() => performance.now());
  await page.locator(`main a[href$="/benefits/${slug}"]`).first().click({ noWaitAfter: true });
  const end = await page.waitForFunction(
    (sel) => (document.querySelector(sel) ? performance.now() : false),
    selector,
    { polling: "raf", timeout: 120_000 },
  ).then((h) => h.jsonValue());
  return end - start;
}

const samples = {
  first_render_ms: [],
  first_render_throttled_ms: [],
  big_list_render_ms: [],
  big_list_keystroke_ms: [],
  who_has_what_render_ms: [],
  action_throttled_ms: [],
};
for (const profile of Object.keys(PROFILES)) {
  for (const key of ["home_demo", "home_10k", "directory_10k", "widget", "widget_main_wasm", "widget_chunks", "floor"]) {
    samples[`${key}_${profile}_ms`] = [];
  }
  for (const slug of Object.keys(AREAS)) samples[`area_${slug}_${profile}_ms`] = [];
}
let domRows = 0;
let mem = {};

for (let run = 0; run < runs; run++) {
  // First render of the Benefits home with its data, plain and on a 4× slower CPU.
  for (const [key, throttle] of [["first_render_ms", 1], ["first_render_throttled_ms", 4]]) {
    const { context, page, cdp } = await session("ada@fabrikam.example", throttle);
    samples[key].push(await renderTime(page, "/benefits", "[data-testid=tile-counters-visual-studio]"));
    if (run === 0 && throttle === 1) mem.after_load = await memory(page, cdp);
    await context.close();
  }

  // 10,000 users: the directory and who has what; one keystroke in the search box.
  {
    const { context, page, cdp } = await session("ada@benchpages.example");
    samples.big_list_render_ms.push(await renderTime(page, "/account", "[data-testid^=user-row-]"));
    domRows = await page.locator("[data-testid^=user-row-]").count();
    samples.big_list_keystroke_ms.push(
      await keystroke(page, "input[data-testid=search]", "table.pb-table tbody", "Person 0" + String(1000 + run)),
    );
    if (run === 0) mem.with_10k_rows = await memory(page, cdp);
    samples.who_has_what_render_ms.push(
      await renderTime(page, "/tracking/who-has-what", "[data-testid=who-has-what] tbody tr"),
    );
    await context.close();
  }

  // An action on a 4× slower CPU: click "Assign user" → the row shows the subscriber.
  {
    const { context, page } = await session("ada@northwind.example", 4);
    const id = 3303 + run; // Northwind has 10 (3301–3310); 3303 on are free.
    await renderTime(page, `/benefits/visual-studio/${id}`, `[data-testid=vs-details-${id}] select`);
    await page.locator(`[data-testid=vs-details-${id}] select`).selectOption({ index: 3 });
    samples.action_throttled_ms.push(
      await page.evaluate(
        (id) =>
          new Promise((resolve) => {
            const cell = document.querySelector(`[data-testid=vs-row-${id}] [data-testid=subscriber]`);
            const before = cell.textContent;
            const start = performance.now();
            const check = () => {
              const now = document.querySelector(`[data-testid=vs-row-${id}] [data-testid=subscriber]`);
              if (now && now.textContent !== before) resolve(performance.now() - start);
              else requestAnimationFrame(check);
            };
            document.querySelector(`[data-testid=vs-details-${id}] [data-testid=assign-button]`).click();
            check();
          }),
        id,
      ),
    );
    await context.close();
  }
  // Both profiles: the demo company's home, the 10,000-user company's home and directory,
  // the widget in the partner's page, each area from the home, and the plain-HTML floor.
  for (const profile of Object.keys(PROFILES)) {
    const at = (key) => samples[`${key}_${profile}_ms`];
    {
      const { context, page } = await session("ada@fabrikam.example", profile);
      at("home_demo").push(await renderTime(page, "/benefits", "[data-testid=tile-counters-visual-studio]"));
      await context.close();
    }
    for (const [slug, selector] of Object.entries(AREAS)) {
      const { context, page } = await session("ada@fabrikam.example", profile);
      await renderTime(page, "/benefits", "[data-testid=tile-counters-visual-studio]");
      at(`area_${slug}`).push(await areaFromHome(page, slug, selector));
      await context.close();
    }
    {
      const { context, page } = await session("ada@benchpages.example", profile);
      at("home_10k").push(await renderTime(page, "/benefits", "[data-testid=tile-counters-visual-studio]"));
      await context.close();
    }
    {
      const { context, page } = await session("ada@benchpages.example", profile);
      at("directory_10k").push(await renderTime(page, "/account", "[data-testid^=user-row-]"));
      await context.close();
    }
    {
      const { context, page } = await session(null, profile);
      const widget = await widgetTime(page);
      at("widget").push(widget.shown);
      at("widget_main_wasm").push(widget.main);
      at("widget_chunks").push(widget.chunks);
      await context.close();
    }
    {
      const { context, page } = await session(null, profile);
      at("floor").push(await renderTime(page, `${hostOrigin}/floor`, "#done"));
      await context.close();
    }
  }
}

host.close();
await browser.close();
const result = { runs, dom_rows_of_10k_users: domRows, memory: mem, samples, medians: {} };
for (const [key, xs] of Object.entries(samples)) result.medians[key] = median(xs);
console.log(JSON.stringify(result));
