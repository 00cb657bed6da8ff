import { expect, test } from "@playwright/test";
import { meanwhile, signIn, STALE, VIEWER } from "./helpers";

// Fabrikam (Silver): Go-To-Market offers 1501 "Silver Core" and 1502 "ISV Co-Sell Ready"; no contact yet.

test("gtm_2 gtm_3 gtm_5 a contact first, then an offer goes pending (in German)", async ({ page }) => {
  await signIn(page, "mia@fabrikam.example", "/benefits/go-to-market");
  const offer = page.getByTestId("gtm-row-1501");
  await expect(offer.getByRole("button", { name: "Activate" })).toBeDisabled();
  await expect(offer.getByTestId("action-reason")).toHaveText(
    "Assign a company marketing contact first, at the top of this page.",
  );
  const contact = page.getByTestId("marketing-contact");
  await contact.getByLabel("Select a user").selectOption({ label: "Noor Viewer" });
  await contact.getByLabel("Contact e-mail address").fill("partnercenter@fabrikam.example");
  await contact.getByLabel("Phone number with country code").fill("+31 20 765 4321");
  await expect(contact.getByTestId("contact-reason")).toHaveText(
    "Use an e-mail address other than your company's Partner Center account e-mail.",
  );
  await contact.getByLabel("Contact e-mail address").fill("marketing@fabrikam.example");
  await contact.getByRole("button", { name: "Assign user" }).click();
  await expect(page.getByTestId("contact-summary")).toContainText("Noor Viewer · marketing@fabrikam.example");
  await page.getByTestId("language").selectOption("de");
  await page.getByTestId("gtm-row-1501").getByRole("button", { name: "Aktivieren" }).click();
  await expect(page.getByTestId("gtm-row-1501").getByTestId("status")).toHaveText("Ausstehend");
  await page.reload();
  await expect(page.getByTestId("gtm-row-1501").getByTestId("status")).toHaveText("Ausstehend");
});

test("gtm_1 only Global admin and MPN partner admin manage offers", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/go-to-market");
  const offer = page.getByTestId("gtm-row-1502");
  await expect(offer.getByRole("button", { name: "Activate" })).toBeDisabled();
  await expect(offer.getByTestId("action-reason")).toHaveText(
    "Only a Global admin or MPN partner admin can do this. Ask Ada Global (ada@fabrikam.example), Mia Partner (mia@fabrikam.example).",
  );
});

test("gtm_3 a server refusal: the offer was activated elsewhere meanwhile; the row reloads and says so", async ({ page, baseURL }) => {
  // Northwind (Gold): offer 3501, no contact yet.
  await signIn(page, "mia@northwind.example", "/benefits/go-to-market");
  const contact = page.getByTestId("marketing-contact");
  await contact.getByLabel("Select a user").selectOption({ label: "Noor Viewer" });
  await contact.getByLabel("Contact e-mail address").fill("marketing@northwind.example");
  await contact.getByLabel("Phone number with country code").fill("+31 20 765 4321");
  await contact.getByRole("button", { name: "Assign user" }).click();
  await expect(page.getByTestId("contact-summary")).toContainText("Noor Viewer · marketing@northwind.example");
  await expect(page.getByTestId("gtm-row-3501").getByRole("button", { name: "Activate" })).toBeEnabled();
  await meanwhile(baseURL, "ada@northwind.example", { command: "activate_go_to_market_offer", offer_id: 3501 }, 1);
  await page.getByTestId("gtm-row-3501").getByRole("button", { name: "Activate" }).click();
  await expect(page.getByTestId("gtm-row-3501").getByTestId("action-error")).toHaveText(STALE);
  await expect(page.getByTestId("gtm-row-3501").getByTestId("status")).toHaveText("Pending");
});
