// The built dist/ copied into a nested folder of a plain static file server (another origin
// than the API), as a partner deploys it: once in hash mode on a server without rewrites,
// once in path mode behind a server that answers unknown paths with index.html.
import { expect, Page, test } from "@playwright/test";
import { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ADMIN, DIST_DIR as DIST, failOnPageErrors, PASSWORD, startServer } from "./helpers";
// Nested, and named like one of the app's own pages on purpose.
const FOLDER = "/partners/benefits/";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

/** A plain static file server on 127.0.0.1: files or 404; `fallback`: index.html of FOLDER for unknown paths under it. */
function staticServer(root: string, fallback: boolean): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    let file = path.join(root, urlPath.endsWith("/") ? urlPath + "index.html" : urlPath);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (!(fallback && urlPath.startsWith(FOLDER))) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      file = path.join(root, FOLDER, "index.html");
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function origin(server: http.Server) {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** dist/ copied to `root` + FOLDER, with the deployer's settings written into its index.html. */
function deploy(root: string, settings: string) {
  const folder = path.join(root, FOLDER);
  fs.mkdirSync(folder, { recursive: true });
  fs.cpSync(DIST, folder, { recursive: true });
  const index = path.join(folder, "index.html");
  const html = fs.readFileSync(index, "utf8").replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n${settings}`);
  fs.writeFileSync(index, html);
  // The precompressed copies are for the bundled server only; this host sends files as they are.
  for (const name of fs.readdirSync(folder)) {
    if (name.endsWith(".br") || name.endsWith(".gz")) fs.rmSync(path.join(folder, name));
  }
}

let api: ChildProcess;
let apiBase: string;
let hashHost: http.Server;
let pathHost: http.Server;
let scratch: string;

test.beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pb-static-"));
  hashHost = await staticServer(path.join(scratch, "hash"), false);
  pathHost = await staticServer(path.join(scratch, "path"), true);
  // The API on its own origin, allowing the two hosts (CORS).
  ({ server: api, origin: apiBase } = await startServer(path.join(scratch, "benefits.db"), {
    PB_CORS_ORIGINS: `${origin(hashHost)},${origin(pathHost)}`,
  }));
  const apiMeta = `<meta name="pb-api-base" content="${apiBase}/api/v1" />`;
  deploy(path.join(scratch, "hash"), `${apiMeta}\n<meta name="pb-routing" content="hash" />`);
  deploy(path.join(scratch, "path"), apiMeta);
});

test.afterAll(async () => {
  api?.kill();
  hashHost?.close();
  pathHost?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Fails the test on any request the page makes that the host or the API answers 404 (an asset from the wrong folder). */
function failOnMissingFiles(page: Page) {
  page.on("response", (response) => {
    if (response.status() === 404) throw new Error(`404: ${response.url()}`);
  });
}

async function signIn(page: Page, url: string) {
  failOnPageErrors(page);
  failOnMissingFiles(page);
  await page.goto(url);
  await page.getByLabel("E-mail address").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

const AREAS: [string, string][] = [
  ["Software", "software"],
  ["Azure & Cloud products", "azure"],
  ["Visual Studio subscriptions", "visual-studio"],
  ["Technical benefits", "technical"],
  ["Go-To-Market offers", "go-to-market"],
];

/** Every area from the tiles and from the left navigation; a row expanded, reloaded by its deep link, and back. */
async function walk(page: Page, here: (appPath: string) => RegExp) {
  await expect(page).toHaveURL(here("/benefits"));
  for (const [title, slug] of AREAS) {
    await page.getByTestId("area-tiles").getByRole("link", { name: new RegExp(`^${title}`) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page).toHaveURL(here(`/benefits/${slug}`));
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Benefits" }).click();
    await expect(page).toHaveURL(here("/benefits"));
  }
  await page.getByRole("button", { name: "Current view" }).click();
  const nav = page.locator(".pb-leftnav");
  for (const [title, slug] of AREAS) {
    await nav.getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page).toHaveURL(here(`/benefits/${slug}`));
    await expect(nav.getByRole("link", { name: title })).toHaveAttribute("aria-current", "page");
  }
  await nav.getByRole("link", { name: "Who has what" }).click();
  await expect(page).toHaveURL(here("/tracking/who-has-what"));
  await nav.getByRole("link", { name: "Account settings" }).click();
  await expect(page).toHaveURL(here("/account"));

  // A row: expanded, its deep link reloaded, then back to the list.
  await nav.getByRole("link", { name: "Visual Studio subscriptions" }).click();
  await expect(page).toHaveURL(here("/benefits/visual-studio"));
  await page.getByTestId("vs-row-1304").getByRole("button", { name: /Show details/ }).click();
  await expect(page).toHaveURL(here("/benefits/visual-studio/1304"));
  await expect(page.getByTestId("vs-details-1304")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("vs-details-1304")).toBeVisible();
  await expect(page.getByTestId("vs-row-1304").getByRole("button", { name: /Hide details/ })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  await page.goBack();
  await expect(page).toHaveURL(here("/benefits/visual-studio"));
  await expect(page.getByTestId("vs-details-1304")).toHaveCount(0);
  await page.getByRole("button", { name: "Workspaces view" }).click();
}

test("hash mode: dist/ in a nested folder of a static host without rewrites, the API elsewhere", async ({ page }) => {
  const host = origin(hashHost);
  const here = (appPath: string) => new RegExp(`^${host}${FOLDER}#${appPath.replace(/[/]/g, "\\/")}$`);
  await signIn(page, `${host}${FOLDER}`);
  await walk(page, here);
  // A deep link typed in: the page of that hash.
  await page.goto(`${host}${FOLDER}#/benefits/azure`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Azure & Cloud products");
});

test("path mode: dist/ in a nested folder of a host that sends index.html for unknown paths", async ({ page }) => {
  const host = origin(pathHost);
  const here = (appPath: string) => new RegExp(`^${host}${FOLDER}${appPath.slice(1).replace(/[/]/g, "\\/")}$`);
  await signIn(page, `${host}${FOLDER}`);
  await walk(page, here);
  // A deep link opened anew: the host sends index.html, which finds its folder.
  await page.goto(`${host}${FOLDER}benefits/software`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Software");
  await page.goto(`${host}${FOLDER}tracking/audit?area=account`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
});
