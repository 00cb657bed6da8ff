// The widget inside a partner's page on another site than the API: the host's backend mints
// a token with its registered secret, the page hands it to <partner-benefits> through
// `tokenProvider`, under a strict Content-Security-Policy and aggressive global CSS.
import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { ChildProcess, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { failOnPageErrors, PASSWORD, SERVER_BIN as SERVER, startServer } from "./helpers";

let api: ChildProcess;
let apiOrigin: string;
let host: http.Server;
let hostOrigin: string;
let secret: string;
let scratch: string;

// What a partner's site looks like to the widget: global CSS that would wreck any widget it
// reached, a root font size of its own, its own navigation.
const HOST_CSS = `
html { font-size: 24px; }
* { font-family: "Comic Sans MS", cursive !important; }
td { border: 5px solid red; }
button { padding: 40px; }
a { color: green; }
main.narrow partner-benefits { width: 340px; }
`;

function hostPage(widget: boolean, tokens: boolean, two: boolean, narrow = false, flaky = false) {
  const element = !widget
    ? ""
    : two
      ? `<partner-benefits id="first" api-base="${apiOrigin}/api/v1" lang="en" area="software" routing="hash"></partner-benefits>
         <partner-benefits id="second" api-base="${apiOrigin}/api/v1" lang="de" area="visual-studio"></partner-benefits>`
      : `<partner-benefits api-base="${apiOrigin}/api/v1" lang="en" area="visual-studio"></partner-benefits>`;
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Partner site</title>
<link rel="stylesheet" href="/host.css">
${widget ? `<script type="module" src="${apiOrigin}/embed.js"></script>` : ""}
${widget && tokens ? `<script type="module" src="${flaky ? "/host-flaky.js" : "/host.js"}"></script>` : ""}
</head><body>
<nav><a href="/about">About us</a> <button type="button">Host button</button></nav>
<main${narrow ? ' class="narrow"' : ""}><h1>Our benefits</h1><table><tr><td>Host cell</td></tr></table>${element}</main>
<footer>Partner site footer</footer>
</body></html>`;
}

// The host page's script: tokens from its own backend, the widget's events kept for the test.
const HOST_JS = `
window.pbEvents = [];
for (const widget of document.querySelectorAll("partner-benefits")) {
  for (const name of ["pb-ready", "pb-signed-in", "pb-signed-out", "pb-navigate"]) {
    widget.addEventListener(name, (event) => window.pbEvents.push([name, event.detail]));
  }
  widget.tokenProvider = async () => (await fetch("/token")).text();
}
`;

async function mintToken(email: string): Promise<string> {
  const response = await fetch(`${apiOrigin}/api/v1/embed/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

test.beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pb-embed-"));
  const database = path.join(scratch, "benefits.db");
  host = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    // A strict policy: only the host itself and the widget's origin; no inline script or style.
    const csp =
      `default-src 'self'; script-src 'self' ${apiOrigin} 'wasm-unsafe-eval'; ` +
      `connect-src 'self' ${apiOrigin}; style-src 'self' ${apiOrigin}; img-src 'self' data: ${apiOrigin}`;
    const send = (type: string, body: string) =>
      response.writeHead(200, { "content-type": type, "content-security-policy": csp }).end(body);
    if (url.pathname === "/") {
      const query = url.searchParams;
      return send(
        "text/html",
        hostPage(!query.has("nowidget"), !query.has("notoken"), query.has("two"), query.has("narrow"), query.has("flaky")),
      );
    }
    if (url.pathname === "/host.css") return send("text/css", HOST_CSS);
    if (url.pathname === "/host.js") return send("text/javascript", HOST_JS);
    // A host whose token endpoint fails the widget's first asks (busy, a dropped connection):
    // both of its first requests (who is signed in, the workspace) go without a token.
    if (url.pathname === "/host-flaky.js") {
      return send(
        "text/javascript",
        `let asked = 0;
         document.querySelector("partner-benefits").tokenProvider = async () => {
           asked += 1;
           window.pbTokenAsks = asked;
           if (asked <= 2) throw new Error("busy");
           return (await fetch("/token")).text();
         };`,
      );
    }
    if (url.pathname === "/about") return send("text/html", "<!DOCTYPE html><title>About</title><h1>About us</h1>");
    if (url.pathname === "/token") return send("text/plain", await mintToken("ada@fabrikam.example"));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", () => resolve()));
  // Another site than the API's 127.0.0.1: cookies of the API would be third-party here.
  hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
  ({ server: api, origin: apiOrigin } = await startServer(database));
  // EMB-1: the operator registers the host's origin for Fabrikam (company 1).
  const added = execFileSync(SERVER, [
    "--database", database, "--demo-data", "false",
    "embed-sites", "add", "--origin", hostOrigin, "--company", "1",
  ]).toString();
  secret = added.split("\n").find((line) => line.startsWith("pbsite_"))!;
});

test.afterAll(async () => {
  api?.kill();
  host?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** The computed styles the host's own elements end up with. */
async function hostStyles(page: Page) {
  return page.evaluate(() =>
    ["nav a", "nav button", "td", "footer", "h1", "body"].map((selector) => {
      const style = getComputedStyle(document.querySelector(selector)!);
      return [selector, style.fontFamily, style.fontSize, style.color, style.padding, style.borderTopWidth, style.margin];
    }),
  );
}

test("emb_3 emb_2 the widget lives in the host's element, isolated both ways, signs in with the host's token and assigns a subscriber", async ({ page, browser }) => {
  failOnPageErrors(page);
  const bare = await browser.newPage();
  await bare.goto(`${hostOrigin}/?nowidget`);
  const without = await hostStyles(bare);
  await bare.close();

  await page.goto(`${hostOrigin}/`);
  const widget = page.locator("main partner-benefits");
  await expect(widget.locator(".pb-app")).toHaveAttribute("data-ready", "true");
  // Signed in by the token: the company and the user.
  await expect(widget.getByTestId("company")).toContainText("Fabrikam Partners");
  await expect(widget.getByTestId("user-name")).toHaveText("Ada Global");
  await expect(widget.getByRole("heading", { level: 1 })).toHaveText("Visual Studio subscriptions");
  // Inside the host's <main>, above its footer — not after it.
  const widgetBox = (await widget.boundingBox())!;
  const footerBox = (await page.locator("footer").boundingBox())!;
  expect(widgetBox.y + widgetBox.height).toBeLessThanOrEqual(footerBox.y + 1);

  // The host's page is as it was: styles, language, title, URL.
  expect(await hostStyles(page)).toEqual(without);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page).toHaveTitle("Partner site");
  // The widget looks as the app does, whatever the host's CSS says.
  const arrow = widget.getByTestId("vs-row-1303").getByRole("button", { name: /Show details/ });
  expect((await arrow.boundingBox())!.height).toBeLessThan(60);
  const cell = await widget.locator("td").first().evaluate((td) => getComputedStyle(td).borderTopWidth);
  expect(cell).not.toBe("5px");
  const fontSize = await widget.getByRole("heading", { level: 1 }).evaluate((h) => getComputedStyle(h).fontSize);
  expect(fontSize).toBe("24px"); // 1.5 × 16 px, not 1.5 × the host's 24 px

  // Assign a subscriber inside the widget; it is stored.
  await arrow.click();
  await expect(page).toHaveURL(`${hostOrigin}/`);
  const details = widget.getByTestId("vs-details-1303");
  await details.getByLabel("Select a user").selectOption({ label: "Noor Viewer (noor@fabrikam.example)" });
  await details.getByRole("button", { name: "Assign user" }).click();
  await expect(widget.getByTestId("vs-row-1303")).toContainText("Noor Viewer");
  await page.reload();
  await expect(page.locator("partner-benefits").getByTestId("vs-row-1303")).toContainText("Noor Viewer");

  // Events for the host.
  const events: string[] = await page.evaluate(() => (window as any).pbEvents.map((e: any[]) => e[0]));
  expect(events).toEqual(expect.arrayContaining(["pb-ready", "pb-signed-in", "pb-navigate"]));

  // No serious accessibility issue inside the widget.
  const results = await new AxeBuilder({ page }).include("partner-benefits").analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The host's own links are the host's.
  await page.getByRole("link", { name: "About us" }).click();
  await expect(page).toHaveURL(`${hostOrigin}/about`);
  await expect(page.getByRole("heading", { name: "About us" })).toBeVisible();
});

test("emb_3 a widget removed by the host's script unmounts, and mounts again when added back", async ({ page }) => {
  failOnPageErrors(page);
  await page.goto(`${hostOrigin}/`);
  const widget = page.locator("partner-benefits");
  await expect(widget.getByTestId("user-name")).toHaveText("Ada Global");
  await page.evaluate(() => {
    const element = document.querySelector("partner-benefits")!;
    (window as any).kept = element;
    element.remove();
  });
  await expect(page.locator("partner-benefits")).toHaveCount(0);
  const emptied = await page.evaluate(() => (window as any).kept.shadowRoot.childElementCount);
  expect(emptied).toBe(0);
  await page.evaluate(() => document.querySelector("main")!.append((window as any).kept));
  await expect(page.locator("partner-benefits").getByTestId("user-name")).toHaveText("Ada Global");
});

test("emb_2 a site's token is refused from another origin", async ({ request }) => {
  const token = await mintToken("ada@fabrikam.example");
  const from = async (origin: string) =>
    (await request.get(`${apiOrigin}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, origin } })).status();
  expect(await from(hostOrigin)).toBe(200);
  expect(await from("http://localhost:1")).toBe(401);
});

test("emb_2 without a token, a sign-in that can't work in this page says so and offers the workspace's own tab", async ({ page }) => {
  failOnPageErrors(page);
  await page.goto(`${hostOrigin}/?notoken`);
  const widget = page.locator("partner-benefits");
  await widget.getByLabel("E-mail address").fill("ada@fabrikam.example");
  await widget.getByLabel("Password").fill(PASSWORD);
  await widget.getByRole("button", { name: "Sign in" }).click();
  const blocked = widget.getByTestId("cookies-blocked");
  await expect(blocked).toContainText("Signing in can't work inside this page");
  await expect(blocked.getByRole("link", { name: "Open the workspace in its own tab" })).toHaveAttribute(
    "href",
    `${apiOrigin}/`,
  );
  // Still the form, with the reason beside it: not a silent loop.
  await expect(widget.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("emb_3 two widgets on one page are independent; one keeps its page in the host's hash, the other touches no URL", async ({ page }) => {
  failOnPageErrors(page);
  await page.goto(`${hostOrigin}/?two`);
  const first = page.locator("#first");
  const second = page.locator("#second");
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("Software");
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-Abonnements");
  await expect(page).toHaveURL(`${hostOrigin}/?two#pb=/benefits/software`);
  // The first goes home: the second stays where it is, in its own language.
  await first.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Benefits" }).click();
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("Benefits");
  await expect(page).toHaveURL(`${hostOrigin}/?two#pb=/benefits`);
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-Abonnements");
  // Back, and a reload, bring the first's page back from the host's hash.
  await page.goBack();
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("Software");
  await page.goto(`${hostOrigin}/?two#pb=/benefits/azure`);
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("Azure & Cloud products");
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-Abonnements");
  // Signed in by the host's tokens: signing out is the host's, so neither offers it.
  await expect(first.getByTestId("user-name")).toHaveText("Ada Global");
  await expect(first.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(second.getByRole("button", { name: "Abmelden" })).toHaveCount(0);
  // In-app links of the hash-mode widget change only the hash: no page load.
  await page.evaluate(() => ((window as any).stillHere = true));
  await first.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Benefits" }).click();
  await expect(page).toHaveURL(`${hostOrigin}/?two#pb=/benefits`);
  expect(await page.evaluate(() => (window as any).stillHere)).toBe(true);
});

test("emb_3 in a narrow column of a wide page the widget takes the phone layout: its lists are cards, every control inside it", async ({ page }) => {
  failOnPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${hostOrigin}/?narrow`);
  const widget = page.locator("partner-benefits");
  await expect(widget.getByTestId("user-name")).toHaveText("Ada Global");
  const rows = widget.locator(".pb-table tbody tr");
  await expect(rows.first()).toBeVisible();
  // The layout follows the widget's 340 px, not the window's 1280: rows are cards.
  await expect(rows.first()).toHaveCSS("display", "block");
  const outside = await page.evaluate(() => {
    const host = document.querySelector("partner-benefits")!;
    const box = host.getBoundingClientRect();
    return [...host.shadowRoot!.querySelectorAll<HTMLElement>("button, a[href], input, select")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return (r.width > 0 || r.height > 0) && (r.left < box.left - 1 || r.right > box.right + 1);
      })
      .map((el) => `${el.tagName} ${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}`);
  });
  expect(outside).toEqual([]);
});

test("emb_2 a host whose first tokens fail: the widget asks once more, signs in and shows its data", async ({ page }) => {
  failOnPageErrors(page);
  await page.goto(`${hostOrigin}/?flaky`);
  const widget = page.locator("partner-benefits");
  await expect(widget.getByTestId("user-name")).toHaveText("Ada Global");
  await expect(widget.locator("[data-testid^=vs-row-]").first()).toBeVisible();
  await expect(widget.getByTestId("widget-not-signed-in")).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).pbTokenAsks)).toBeGreaterThan(2);
});
