import { expect, test } from "@playwright/test";
import { ADMIN, meanwhile, signIn, STALE, VIEWER } from "./helpers";

// Fabrikam (Silver): Microsoft 365 E3 (1201) with keys 1211 (25 seats), 1212 (25), 1213 (100).

test("lic_1 lic_2 lic_3 lic_4 lic_5 redeeming keys: extend, refuse, warn and confirm, replace", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/azure");
  const licence = page.getByTestId("licence-1201");
  await expect(licence).toContainText("Redeem in a private browser window");
  await expect(licence.getByRole("link", { name: "Open the redemption portal" })).toHaveAttribute("href", /productkeystart/);

  await licence.getByTestId("key-1211").getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByTestId("licence-1201").getByTestId("active-seats")).toHaveText("25");
  await expect(page.getByTestId("licence-1201").getByTestId("key-1211").getByTestId("redeemed")).toContainText("Redeemed on");

  // LIC-4: 100 seats on 25 active is more than 3×.
  const big = page.getByTestId("licence-1201").getByTestId("key-1213");
  await expect(big.getByRole("button", { name: "Redeem" })).toBeDisabled();
  await expect(big.getByTestId("action-reason")).toContainText("more than 3 × the 25 active seats (75)");

  // LIC-3: adding seats shows the consequence and needs a second click.
  const more = page.getByTestId("licence-1201").getByTestId("key-1212");
  await more.getByLabel("How to redeem").selectOption({ label: "Add licences (seats)" });
  await more.getByRole("button", { name: "Redeem" }).click();
  await expect(more.getByTestId("warning")).toContainText("Adding licences without extending the end date: 50 licences, all ending on");
  await expect(page.getByTestId("licence-1201").getByTestId("active-seats")).toHaveText("25");
  // The confirmation takes the focus; Escape cancels it and gives the focus back.
  await expect(more.getByRole("button", { name: "Redeem anyway" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(more.getByTestId("warning")).toHaveCount(0);
  await expect(more.getByRole("button", { name: "Redeem", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(more.getByRole("button", { name: "Redeem anyway" })).toBeFocused();
  await more.getByRole("button", { name: "Redeem anyway" }).click();
  await expect(page.getByTestId("licence-1201").getByTestId("active-seats")).toHaveText("50");

  // LIC-5: one replacement.
  const first = page.getByTestId("licence-1201").getByTestId("key-1211");
  await first.getByRole("button", { name: "Request a replacement key" }).click();
  await expect(page.getByTestId("licence-1201").getByTestId("key-1211").getByTestId("replacement-reason")).toHaveText(
    "A replacement key was already issued for this key; it can be replaced only once.",
  );
  await page.reload();
  await expect(page.getByTestId("licence-1201").getByTestId("active-seats")).toHaveText("50");
});

test("role_3 redeeming needs Global admin or MPN partner admin", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/azure");
  const key = page.getByTestId("licence-1201").getByTestId("key-1213");
  await expect(key.getByRole("button", { name: "Redeem" })).toBeDisabled();
  await expect(key.getByTestId("action-reason")).toContainText("Only a Global admin or MPN partner admin can do this.");
});

test("lic_2 a server refusal: a key was redeemed elsewhere meanwhile; the page reloads and says so", async ({ page, baseURL }) => {
  // Northwind (Gold): Microsoft 365 E3 (3201) with keys 3211, 3212, 3213; none redeemed.
  await signIn(page, "ada@northwind.example", "/benefits/azure");
  const licence = page.getByTestId("licence-3201");
  await expect(licence.getByTestId("key-3212").getByRole("button", { name: "Redeem" })).toBeEnabled();
  await meanwhile(baseURL, "ada@northwind.example", {
    command: "redeem_product_key", subscription_id: 3201, key_id: 3211, mode: "extend_end_date", confirmed: false,
  }, 1);
  await licence.getByTestId("key-3212").getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByTestId("licence-3201").getByTestId("key-3212").getByTestId("action-error")).toHaveText(STALE);
  await expect(page.getByTestId("licence-3201").getByTestId("key-3211").getByTestId("redeemed")).toContainText("Redeemed on");
  await expect(page.getByTestId("licence-3201").getByTestId("active-seats")).toHaveText("25");
});
