// The browser half of `cargo xtask bench`: what users feel, measured in headless Chromium
// (Debian's /usr/bin/chromium) with the Performance API. Prints one JSON object.
//
//   node bench/browser.mjs <base-url> <runs>
//
// Every run uses a fresh browser context (cold cache). Times are milliseconds from the
// page's navigation start (performance.now()), polled at animation frames.
import { chromium } from "@playwright/test";

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 7);
const PASSWORD = "demo-benefits";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

async function session(email, throttle = 1) {
  const context = await browser.newContext({ baseURL: base });
  const signedIn = await context.request.post("/api/v1/session", { data: { email, password: PASSWORD } });
  if (!signedIn.ok()) throw new Error(`sign-in as ${email}: ${signedIn.status()}`);
  const page = await context.newPage();
  // The wasm module's memory, as Trunk's loader hands it over.
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => {
      window.__pbWasmMemory = e.detail?.wasm?.memory;
    });
  });
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
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

const samples = {
  first_render_ms: [],
  first_render_throttled_ms: [],
  big_list_render_ms: [],
  big_list_keystroke_ms: [],
  who_has_what_render_ms: [],
  action_throttled_ms: [],
};
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
}

await browser.close();
const result = { runs, dom_rows_of_10k_users: domRows, memory: mem, samples, medians: {} };
for (const [key, xs] of Object.entries(samples)) result.medians[key] = median(xs);
console.log(JSON.stringify(result));
