// Localised through and through: every page (and an expanded row of every area) in Dutch
// and in German, with no English sentence and no internal code left on it. Product names
// stay as Partner Center shows them; literal file formats (in <code>) are what a file
// must contain, and people's names are theirs.
import { expect, Page, test } from "@playwright/test";
import { ADMIN, EVERY_PAGE } from "./helpers";

/** English words that are no Dutch or German word, and snake_case codes. */
const ENGLISH = /\b(the|and|with|your|this|from|until|only|which|will|can't|don't|assign|assigned|redeem|install|available|expired|expires|users?|credit|month|none|yes|key|keys|request|requested|active|pending|not|remove|transfer|subscription|benefits?)\b/gi;
const CODE = /\b[a-z]+_[a-z_]+\b/g;

async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const hidden: HTMLElement[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(".pb-app code")) {
      if (el.style.display !== "none") {
        el.style.display = "none";
        hidden.push(el);
      }
    }
    const text = (document.querySelector(".pb-app") as HTMLElement).innerText;
    for (const el of hidden) el.style.display = "";
    return text;
  });
}

for (const [locale, labels] of [
  ["nl-NL", { email: "E-mailadres", password: "Wachtwoord", signIn: "Aanmelden", current: "Huidige weergave" }],
  ["de-DE", { email: "E-Mail-Adresse", password: "Kennwort", signIn: "Anmelden", current: "Aktuelle Ansicht" }],
] as const) {
  test(`every page in ${locale} has no English sentence and no internal code`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto("/benefits");
    await page.getByLabel(labels.email).fill(ADMIN);
    await page.getByLabel(labels.password).fill("demo-benefits");
    await page.getByRole("button", { name: labels.signIn }).click();
    await expect(page.getByTestId("user-name")).toHaveText("Ada Global");
    const found: string[] = [];
    for (const path of EVERY_PAGE) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await page.waitForLoadState("networkidle");
      // The demo's people keep their names ("Uma Users").
      const text = (await shownText(page)).replace(/Uma Users/g, "");
      const english = [...new Set(text.match(ENGLISH) ?? [])];
      const codes = [...new Set(text.match(CODE) ?? [])];
      if (english.length || codes.length) found.push(`${path}: ${[...english, ...codes].join(", ")}`);
    }
    expect(found).toEqual([]);
  });
}
