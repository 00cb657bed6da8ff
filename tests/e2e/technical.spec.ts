import { expect, test } from "@playwright/test";
import { meanwhile, signIn, STALE, VIEWER } from "./helpers";

// Fabrikam (Silver): product support 1401, not activated; 20 advisory hours.

test("ts_2 ts_6 an MPN partner admin activates support with a contact; it goes pending", async ({ page }) => {
  await signIn(page, "mia@fabrikam.example", "/benefits/technical");
  const card = page.getByTestId("support-1401");
  await expect(card.getByTestId("support-state")).toHaveText("Not activated");
  await expect(page.getByTestId("signature")).toHaveText("Eligible for Signature Cloud Support");
  await card.getByLabel("Also send the instructions to a support contact").check();
  await card.getByLabel("Select a user").selectOption({ label: "Noor Viewer" });
  await card.getByLabel("Contact e-mail address").fill("partnercenter@fabrikam.example");
  await expect(card.getByRole("button", { name: "Activate" })).toBeDisabled();
  await expect(card.getByTestId("action-reason")).toHaveText(
    "Use an e-mail address other than your company's Partner Center account e-mail.",
  );
  await card.getByLabel("Contact e-mail address").fill("support@fabrikam.example");
  await card.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByTestId("support-1401").getByTestId("support-state")).toHaveText(
    "Activation pending (takes several days)",
  );
  await page.reload();
  await expect(page.getByTestId("support-1401").getByTestId("support-state")).toHaveText(
    "Activation pending (takes several days)",
  );
});

test("pah_1 pah_2 pah_3 any user requests advisory hours and gets a confirmation number", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/technical");
  await expect(page.getByTestId("advisory-balance")).toContainText("20 / 20");
  const form = page.getByTestId("advisory-form");
  await form.getByLabel("Title").fill("Landing zone review");
  await form.getByLabel("Description").fill("Review before go-live");
  await form.getByLabel("Product").fill("Azure");
  await form.getByLabel("Phone number with country code").fill("020 123");
  await expect(form.getByText("Enter the phone number with + and the country code")).toBeVisible();
  await form.getByLabel("Phone number with country code").fill("+31 20 123 4567");
  await form.getByLabel("Country/region").selectOption("NL");
  await form.getByLabel("Language", { exact: true }).selectOption("nl");
  await form.getByLabel("Hours").fill("26");
  await expect(form.getByTestId("action-reason")).toHaveText("Engagements over 25 hours are out of scope (26 requested).");
  await expect(form.getByRole("button", { name: "Submit request" })).toBeDisabled();
  await form.getByLabel("Hours").fill("4");
  await form.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByTestId("confirmation")).toContainText("TPD-000001-0001");
  await expect(page.getByTestId("advisory-balance")).toContainText("16 / 20");
  await page.reload();
  await expect(page.getByTestId("advisory-requests")).toContainText("TPD-000001-0001 · Landing zone review · 4 h");
});

test("role_3 role_6 ts_4 without the role Activate is disabled; Action Pack has no Signature support", async ({ page }) => {
  // Contoso (Action Pack, company 2): support 2401 not activated.
  await signIn(page, "aldo@contoso.example", "/benefits/technical");
  const card = page.getByTestId("support-2401");
  await expect(card.getByRole("button", { name: "Activate" })).toBeDisabled();
  await expect(card.getByTestId("action-reason")).toHaveText(
    "Only a Global admin or MPN partner admin can do this. Ask Ada Global (ada@contoso.example), Mia Partner (mia@contoso.example).",
  );
  await expect(page.getByTestId("signature")).toHaveText(
    "Signature Cloud Support is for Gold and Silver competency partners only, not for Action Pack subscribers.",
  );
});

test("ts_2 a server refusal: support was activated elsewhere meanwhile; the card reloads and says so", async ({ page, baseURL }) => {
  // Northwind (Gold): product support 3401, not activated.
  await signIn(page, "mia@northwind.example", "/benefits/technical");
  const card = page.getByTestId("support-3401");
  await expect(card.getByRole("button", { name: "Activate" })).toBeEnabled();
  await meanwhile(baseURL, "ada@northwind.example", { command: "activate_product_support", support_id: 3401, contact: null }, 1);
  await card.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByTestId("support-3401").getByTestId("action-error")).toHaveText(STALE);
  await expect(page.getByTestId("support-3401").getByTestId("support-state")).toHaveText(
    "Activation pending (takes several days)",
  );
});
