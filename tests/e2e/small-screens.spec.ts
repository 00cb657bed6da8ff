// Every page on a 360 px phone: nothing wider than the screen, every control in view (no
// sideways scrolling inside a list either: lists are cards there) and tall enough to touch;
// an expanded row's details fit too.
import { expect, Page, test } from "@playwright/test";
import { ADMIN, EVERY_PAGE, signIn } from "./helpers";

/** Controls that stick out of the screen, or are too small to touch. */
async function misfits(page: Page, width: number) {
  return page.evaluate((width) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(".pb-app button, .pb-app a[href], .pb-app input, .pb-app select, .pb-app textarea")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      const name = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || el.id || "").trim().slice(0, 30)}"`;
      if (r.left < -1 || r.right > width + 1) found.push(`${name} out of view (${Math.round(r.left)}–${Math.round(r.right)})`);
      const checkable = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio");
      const inline = el.tagName === "A" && !el.classList.contains("pb-button-link") && getComputedStyle(el).display === "inline";
      if (!checkable && !inline && r.height < 43.5) found.push(`${name} ${Math.round(r.height)} px tall`);
    }
    return found;
  }, width);
}

for (const view of ["Workspaces view", "Current view"]) {
  test(`every page fits a 360 px phone in the ${view}: no control out of view, every one tall enough to touch`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, ADMIN);
    await page.getByRole("button", { name: view }).click();
    for (const path of EVERY_PAGE) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(360);
      expect(await misfits(page, 360), path).toEqual([]);
    }
  });
}

test("at 200% zoom on a 1280 px desktop (640 CSS px) every page fits the same way, in the Current view", async ({ browser }) => {
  // What a 200% zoom does to a page: half the CSS pixels, each drawn twice as large.
  const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.getByRole("button", { name: "Current view" }).click();
  for (const path of EVERY_PAGE) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(640);
    expect(await misfits(page, 640), path).toEqual([]);
  }
  await context.close();
});

test("in German, Current view, at 1280 px no list is cut off: every column and its arrow in view", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/benefits");
  await page.getByLabel("E-Mail-Adresse").fill(ADMIN);
  await page.getByLabel("Kennwort").fill("demo-benefits");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("button", { name: "Aktuelle Ansicht" }).click();
  for (const path of ["/benefits/software", "/benefits/azure", "/benefits/visual-studio", "/benefits/go-to-market", "/account", "/tracking/who-has-what", "/tracking/audit"]) {
    await page.goto(path);
    await expect(page.locator(".pb-table").first()).toBeVisible();
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll(".pb-table-scroll")].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
    );
    expect(cut, `${path}: a list wider than its box`).toBe(0);
  }
});
