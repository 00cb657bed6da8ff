import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

// Every page, expanded rows included, in both navigation views: no serious or critical
// axe-core violation.
const pages = [
  "/benefits",
  "/benefits/software/1001",
  "/benefits/azure/1102",
  "/benefits/visual-studio/1303",
  "/benefits/technical",
  "/benefits/go-to-market",
  "/account",
  "/tracking/who-has-what",
  "/tracking/bulk",
  "/tracking/audit",
  "/tracking/insights",
];

for (const view of ["Workspaces view", "Current view"]) {
  test(`no serious or critical accessibility violation on any page (${view})`, async ({ page }) => {
    await signIn(page, ADMIN);
    await page.getByRole("button", { name: view }).click();
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator(".pb-loading")).toHaveCount(0);
      const results = await new AxeBuilder({ page }).include(".pb-app").analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious, path).toEqual([]);
    }
  });
}

test("any device: at 360 px wide no page scrolls sideways; tables scroll in their box", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, ADMIN);
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
