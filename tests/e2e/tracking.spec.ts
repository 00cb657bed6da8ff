import { expect, Page, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signIn } from "./helpers";

// Contoso (Action Pack): credit 2101 and Visual Studio 2301 held by Daan de Vries,
// Visual Studio 2302 held by Lena Fischer (10 days ago); credits 2102, 2103 free.
const ADMIN = "ada@contoso.example";

function rows(page: Page) {
  return page.getByTestId("who-has-what").locator("tbody tr");
}

test("who has what: by person and by benefit, filtered, with its URL, exported as CSV", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits");
  await page.getByRole("link", { name: /Who has what/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Who has what");
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).first()).toContainText("Daan de Vries");
  await page.getByLabel("Area").selectOption("visual_studio");
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole("button", { name: "By benefit" }).click();
  await page.getByTestId("report-search").fill("lena");
  await expect(rows(page)).toHaveCount(1);
  await expect(page).toHaveURL(/by=benefit&area=visual_studio&q=lena/);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Lena Fischer");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const csv = readFileSync((await download.path())!, "utf8").trim().split("\n");
  expect(csv[0]).toBe("person,email,area,benefit_id,benefit,offer,status,since,expires_on");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain("Lena Fischer,lena@contoso.example,visual_studio,2302");
});

test("az_6 vs_3 bulk assignment: a verdict per row before anything is written, then the OK rows", async ({ page }) => {
  await signIn(page, ADMIN, "/tracking/bulk");
  const file = [
    "email,area,benefit",
    "noor@contoso.example,azure_credit,2102",
    "noor@contoso.example,azure_credit,2103",
    "noor@contoso.example,visual_studio,2302",
    "nobody@contoso.example,azure_credit,2103",
  ].join("\n");
  await page.getByLabel("CSV file, columns: email, area, benefit").setInputFiles({
    name: "assign.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(file),
  });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByTestId("bulk-summary")).toHaveText("1 rows OK · 3 refused · Nothing has been changed yet.");
  await expect(page.getByTestId("bulk-line-2").getByTestId("verdict")).toHaveText("OK");
  await expect(page.getByTestId("bulk-line-3").getByTestId("verdict")).toHaveText(
    "Noor Viewer already holds an Azure credit: one active credit per user.",
  );
  await expect(page.getByTestId("bulk-line-3").getByTestId("verdict")).toHaveAttribute("data-code", "AZ-6");
  await expect(page.getByTestId("bulk-line-4").getByTestId("verdict")).toHaveAttribute("data-code", "VS-3");
  await expect(page.getByTestId("bulk-line-5").getByTestId("verdict")).toHaveText(
    "No user with the e-mail address nobody@contoso.example in your company.",
  );
  // Nothing written yet.
  await page.goto("/tracking/who-has-what?q=noor");
  await expect(rows(page)).toHaveCount(0);
  await page.goto("/tracking/bulk");
  await page.getByLabel("CSV file, columns: email, area, benefit").setInputFiles({
    name: "assign.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(file),
  });
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.getByTestId("apply-bulk").click();
  await expect(page.getByTestId("bulk-summary")).toContainText("Assignments made: 1");
  await page.goto("/tracking/who-has-what?q=noor");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("2102");
});

test("a file with a formula is refused with the reason next to the file; nothing is written", async ({ page }) => {
  await signIn(page, ADMIN, "/tracking/bulk");
  await page.getByTestId("language").selectOption("nl");
  await page.getByLabel("CSV-bestand, kolommen: email, area, benefit").setInputFiles({
    name: "evil.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("email,area,benefit\n=cmd|' /C calc'!A0,azure_credit,2103\n"),
  });
  await page.getByRole("button", { name: "Bestand controleren" }).click();
  await expect(page.getByTestId("bulk-error")).toHaveText(
    "Het bestand bevat een formule (een cel die begint met =, +, - of @); dat wordt niet geaccepteerd: regel 2, kolom email",
  );
  await expect(page.getByTestId("bulk-verdicts")).toHaveCount(0);
});

test("the audit log shows who did what, filtered by person and area, in German too", async ({ page }) => {
  await signIn(page, ADMIN, "/tracking/audit");
  await expect(page.getByTestId("audit-action").first()).toHaveText("Assigned Azure credit");
  await expect(page.getByTestId("audit-log")).toContainText("Ada Global");
  // One page: both pager buttons are there, named, and disabled.
  await expect(page.getByRole("button", { name: "Next page", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Previous page", exact: true })).toBeDisabled();
  await page.getByLabel("Area").selectOption("visual-studio");
  await expect(page).toHaveURL(/area=visual-studio/);
  await expect(page.getByTestId("audit-log").locator("tbody tr")).toHaveCount(0);
  await page.getByLabel("Area").selectOption("azure");
  await expect(page.getByTestId("audit-action").first()).toHaveText("Assigned Azure credit");
  await page.getByTestId("language").selectOption("de");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Überwachungsprotokoll");
  await expect(page.getByTestId("audit-action").first()).toHaveText("Azure-Guthaben zugewiesen");
  // The change as a person reads it: the benefit by name, the holder by name, no JSON.
  await expect(page.getByTestId("audit-subject").first()).toHaveText(/Azure-Guthaben \d+$/);
  await expect(page.getByTestId("audit-change").first()).toContainText(/Inhaber: .+ → [A-Z][a-z]+ /);
  await expect(page.getByTestId("audit-log")).not.toContainText("{");
  await expect(page.getByTestId("audit-log")).not.toContainText("azure_credit");
});
