import { expect, Page, test } from "@playwright/test";
import { ADMIN, meanwhile, signIn, STALE, VIEWER } from "./helpers";

// Fabrikam (Silver): monthly credits 1101 (held by Daan), 1102, 1103; bulk credit 1111.

function row(page: Page, id: number) {
  return page.getByTestId(`credit-row-${id}`);
}

async function open(page: Page, id: number) {
  await row(page, id).getByRole("button", { name: /Show details/ }).click();
  await expect(page).toHaveURL(new RegExp(`/benefits/azure/${id}$`));
  return page.getByTestId(`credit-details-${id}`);
}

test("az_2 az_7 az_8 a Global admin assigns monthly credit; it persists, counts and filters", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/azure");
  await expect(row(page, 1102).getByTestId("reassignments-left")).toHaveText("5");
  await expect(row(page, 1111).getByTestId("reassignments-left")).toHaveText("—");
  const details = await open(page, 1102);
  await details.getByLabel("Select a user").selectOption({ label: "Noor Viewer (noor@fabrikam.example)" });
  await details.getByRole("button", { name: "Assign user" }).click();
  await expect(row(page, 1102).getByTestId("holder")).toHaveText("Noor Viewer");
  await expect(row(page, 1102).getByTestId("status")).toHaveText("Not yet redeemed");
  await page.reload();
  await expect(row(page, 1102).getByTestId("holder")).toHaveText("Noor Viewer");
  await expect(page.getByTestId("credit-counters")).toContainText("Assigned2");
  await page.getByLabel("Show only credit not yet redeemed").check();
  await expect(page.locator("[data-testid^=credit-row-]")).toHaveCount(2);
});

test("az_6 a user who holds credit is refused before the click, with the reason", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/azure/1103");
  const details = page.getByTestId("credit-details-1103");
  await details.getByLabel("Select a user").selectOption({ label: "Daan de Vries (daan@fabrikam.example)" });
  await expect(details.getByRole("button", { name: "Assign user" })).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toHaveText(
    "Daan de Vries already holds an Azure credit: one active credit per user.",
  );
});

test("az_4 bulk credit can be transferred but not removed", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/azure/1111");
  let details = page.getByTestId("credit-details-1111");
  await details.getByLabel("Select a user").selectOption({ label: "Lena Fischer (lena@fabrikam.example)" });
  await details.getByRole("button", { name: "Assign user" }).click();
  await expect(row(page, 1111).getByTestId("holder")).toHaveText("Lena Fischer");
  details = page.getByTestId("credit-details-1111");
  await expect(details.getByRole("button", { name: "Remove user" })).toBeDisabled();
  await expect(details.getByTestId("remove-reason")).toContainText("can't be removed, only transferred");
  await expect(details.getByLabel("Transfer to")).toBeEnabled();
});

test("role_2 without the role credit actions are disabled with whom to ask, in German too", async ({ page }) => {
  // 1103 is still free (the tests share one database; 1102 was assigned above).
  await signIn(page, VIEWER, "/benefits/azure/1103");
  const details = page.getByTestId("credit-details-1103");
  await expect(details.getByLabel("Select a user")).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toHaveText(
    "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example).",
  );
  await page.getByTestId("language").selectOption("de");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Azure- und Cloudprodukte");
  // AZ-1: in the company's currency (Fabrikam recorded EUR 86.00 for USD 100); Microsoft's
  // USD figure on hover.
  await expect(row(page, 1103).getByTestId("amount")).toHaveText("86,00 EUR / Monat");
  await expect(row(page, 1103).getByTestId("amount")).toHaveAttribute("title", "100,00 USD");
  await expect(details.getByTestId("action-reason")).toContainText("Nur ein Globaler Administrator kann das tun.");
});

test("az_2 a server refusal: someone else assigned the credit meanwhile; the row reloads and says so", async ({ page, baseURL }) => {
  // Northwind (Gold): monthly credit 3103 is free.
  await signIn(page, "ada@northwind.example", "/benefits/azure/3103");
  const details = page.getByTestId("credit-details-3103");
  await details.getByLabel("Select a user").selectOption({ label: "Noor Viewer (noor@northwind.example)" });
  await meanwhile(baseURL, "ada@northwind.example", { command: "assign_azure_credit", credit_id: 3103, user_id: 304 }, 1);
  await details.getByRole("button", { name: "Assign user" }).click();
  await expect(page.getByTestId("credit-details-3103").getByTestId("action-error")).toHaveText(STALE);
  await expect(row(page, 3103).getByTestId("holder")).toHaveText("Mia Partner");
  await page.reload();
  await expect(row(page, 3103).getByTestId("holder")).toHaveText("Mia Partner");
});

test("nav_3 credits are searched and sorted by any column", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/azure");
  await page.getByLabel("Search").fill("noor");
  await expect(page.locator("[data-testid^=credit-row-]")).toHaveCount(1);
  await expect(row(page, 1102)).toBeVisible();
  await page.getByLabel("Search").fill("");
  await page.getByRole("button", { name: "Reassignments left" }).click();
  await expect(page.getByRole("columnheader", { name: "Reassignments left" })).toHaveAttribute("aria-sort", "ascending");
  // The bulk credit has no count ("—") and sorts last.
  await expect(page.locator("[data-testid^=credit-row-]").last()).toHaveAttribute("data-testid", "credit-row-1111");
});

test("az_3 a held credit opens with its facts — who holds it since when, redeemed or not — before Transfer and Remove", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/azure/1101");
  const facts = page.getByTestId("credit-details-1101").getByTestId("credit-facts");
  await expect(facts).toContainText("Daan de Vries");
  await expect(facts).toContainText("Assigned on");
  await expect(facts).toContainText("Redeemed");
  await expect(facts).toContainText("No");
});
