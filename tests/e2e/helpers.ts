import { expect, Page } from "@playwright/test";

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
  failOnPageErrors(page);
  await page.goto(path);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
