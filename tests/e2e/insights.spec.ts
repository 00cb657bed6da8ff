import { expect, test } from "@playwright/test";
import { meanwhile, signIn } from "./helpers";

// Northwind (Gold): Go-To-Market offer 3502 "ISV Co-Sell Ready" is active and ends in 12 days;
// Visual Studio 3304 is free.

test("reminders: what ends soon is listed, opens its page, and stays dismissed for this user only", async ({ page }) => {
  await signIn(page, "mia@northwind.example", "/benefits");
  await expect(page.getByTestId("reminder-count")).toHaveText("1");
  await page.getByTestId("reminders-button").click();
  await expect(page.getByTestId("reminders-button")).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator("#pb-reminder-list")).toBeFocused();
  const reminder = page.getByTestId("reminder-go_to_market:3502:15");
  await expect(reminder).toContainText(/^ISV Co-Sell Ready expires on \d+ \w+ \d{4}\./);
  await reminder.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(/\/benefits\/go-to-market$/);
  await page.getByTestId("reminders-button").click();
  await page.getByTestId("reminder-go_to_market:3502:15").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("reminder-count")).toHaveText("0");
  await expect(page.locator("#pb-reminder-list")).toContainText("Nothing ends within 30 days.");
  await page.reload();
  await expect(page.getByTestId("reminder-count")).toHaveText("0");
  // Another user of the company still has it.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "ada@northwind.example", "/benefits");
  await expect(page.getByTestId("reminder-count")).toHaveText("1");
});

test("counters on the Benefits home follow the pools, and insights chart the same figures", async ({ page, baseURL }) => {
  await signIn(page, "ada@northwind.example", "/benefits");
  const tile = page.getByTestId("tile-counters-visual-studio");
  await expect(tile).toContainText(/Assigned\d+ \/ 10 · \d+ available/);
  const assigned = Number((await tile.locator("dd").textContent())!.split(" / ")[0]);
  await expect(page.getByTestId("tile-counters-technical")).toContainText(/Hours left\d+ \/ \d+/);
  await expect(page.getByTestId("tile-counters-software")).toContainText("Activations used");

  await meanwhile(baseURL, "ada@northwind.example", {
    command: "assign_visual_studio_subscriber", subscription_id: 3304, user_id: 307,
  }, 1);
  await page.reload();
  await expect(tile.locator("dd")).toHaveText(`${assigned + 1} / 10 · ${10 - assigned - 1} available`);

  await page.getByRole("link", { name: /Insights/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Insights");
  await expect(page.locator("svg[role=img]")).toHaveCount(3);
  const thisMonth = page.getByTestId("insight-table-visualstudio").locator("tbody tr").last();
  await expect(thisMonth.locator("td").nth(0)).toHaveText("10");
  await expect(thisMonth.locator("td").nth(1)).toHaveText(String(assigned + 1));
  await page.getByTestId("language").selectOption("de");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Einblicke");
  await expect(page.getByTestId("insight-table-visualstudio").locator("thead")).toContainText("Aktiviert");
});
