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
  "/membership",
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

test("the dark theme, from the system and from the switch, passes axe (WCAG AA contrast included) on every page", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ADMIN);
  const background = () => page.evaluate(() => getComputedStyle(document.querySelector(".pb-app")!).backgroundColor);
  // As the system says: dark.
  expect(await background()).toBe("rgb(31, 31, 31)");
  for (const [i, path] of pages.entries()) {
    // Half the pages with the system's dark, half with the switch's.
    await page.emulateMedia({ colorScheme: i % 2 ? "light" : "dark" });
    await page.goto(path);
    if (i % 2) await page.getByTestId("theme").selectOption("dark");
    else await page.getByTestId("theme").selectOption("system");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator(".pb-loading")).toHaveCount(0);
    expect(await background(), path).toBe("rgb(31, 31, 31)");
    const results = await new AxeBuilder({ page }).include(".pb-app").withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious, path).toEqual([]);
  }
  // The switch is remembered: light stays light on a dark system.
  await page.getByTestId("theme").selectOption("light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await background()).toBe("rgb(250, 250, 250)");
});
