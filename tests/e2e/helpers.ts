import { expect, Page, request } from "@playwright/test";
import { ChildProcess, spawn } from "node:child_process";

export const PASSWORD = "demo-benefits";
export const ADMIN = "ada@fabrikam.example";
export const VIEWER = "noor@fabrikam.example";

/** Fails the test on any uncaught error in the page (a broken wasm is one). */
export function failOnPageErrors(page: Page) {
  page.on("pageerror", (error) => {
    throw new Error(`page error: ${error.message}`);
  });
}

export async function signIn(page: Page, email: string, path = "/benefits") {
  await signInWith(page, email, PASSWORD, path);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Fills in the sign-in form with this password; the caller checks what follows. */
export async function signInWith(page: Page, email: string, password: string, path = "/benefits") {
  failOnPageErrors(page);
  await page.goto(path);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export const STALE = "Someone else changed this in the meantime. The latest state is shown; please try again.";

/**
 * Another admin's change, made through the API while the page is open: what the page
 * shows is then out of date, and the server (not the browser) refuses the user's action.
 * `version`: the benefit's version, for a command on one benefit (demo benefits start at 1).
 */
export async function meanwhile(baseURL: string | undefined, admin: string, command: object, version?: number) {
  const api = await request.newContext({ baseURL });
  const signedIn = await api.post("/api/v1/session", { data: { email: admin, password: PASSWORD } });
  expect(signedIn.ok(), await signedIn.text()).toBeTruthy();
  const done = await api.post("/api/v1/commands", { data: { command, version } });
  expect(done.ok(), await done.text()).toBeTruthy();
  await api.dispose();
}

/** The server binary and the dist/ that `cargo xtask test` built. */
export const SERVER_BIN = process.env.PB_SERVER_BIN ?? "target/debug/benefits-server";
export const DIST_DIR = process.env.PB_DIST_DIR ?? "dist";

/**
 * A server of the test's own (a fresh database with the demo companies, any free port on
 * 127.0.0.1), for specs that need other settings than the shared one; `env` adds settings.
 */
export async function startServer(database: string, env: Record<string, string> = {}) {
  const server: ChildProcess = spawn(SERVER_BIN, [], {
    env: {
      ...process.env,
      PB_PORT: "0",
      PB_BIND: "127.0.0.1",
      PB_DATABASE: database,
      PB_DIST: DIST_DIR,
      PB_DEMO_DATA: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  const origin = await new Promise<string>((resolve, reject) => {
    server.stdout!.on("data", (chunk) => {
      seen += chunk.toString();
      const found = seen.match(/serving on (http:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    server.on("exit", (code) => reject(new Error(`the server stopped (${code}): ${seen}`)));
  });
  /** What the server printed so far (its setup link, SET-1). */
  const output = () => seen;
  return { server, origin, output };
}

/** Every page of the app, with an expanded row of each area that has rows (Fabrikam's). */
export const EVERY_PAGE = [
  "/benefits",
  "/benefits/software",
  "/benefits/software/1001",
  "/benefits/azure",
  "/benefits/azure/1101",
  "/benefits/azure/1201",
  "/benefits/visual-studio",
  "/benefits/visual-studio/1301",
  "/benefits/technical",
  "/benefits/go-to-market",
  "/membership",
  "/account",
  "/account/password",
  "/tracking/who-has-what",
  "/tracking/bulk",
  "/tracking/audit",
  "/tracking/insights",
];
