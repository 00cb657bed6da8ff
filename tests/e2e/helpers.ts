import { expect, Page, request } from "@playwright/test";

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
