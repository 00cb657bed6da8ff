import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

test("role_5 a user management admin adds a user; the temporary password is shown once", async ({ page }) => {
  await signIn(page, "uma@fabrikam.example", "/account");
  const form = page.getByTestId("add-user");
  await form.getByLabel("Full name").fill("Kim Nieuw");
  await form.getByLabel("E-mail address").fill("kim@fabrikam.example");
  await form.getByLabel("Admin agent").check();
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("temporary-password").locator("code")).toHaveText(/^[A-Za-z0-9]{16}$/);
  await expect(page.getByRole("row", { name: /Kim Nieuw/ })).toContainText("kim@fabrikam.example");
  await page.reload();
  await expect(page.getByTestId("temporary-password")).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Kim Nieuw/ })).toBeVisible();
});

test("role_7 the last Global admin cannot give up the role", async ({ page }) => {
  await signIn(page, ADMIN, "/account");
  const ada = page.getByTestId("user-row-101");
  await expect(ada.getByTestId("roles")).toHaveText("Global admin");
  const change = ada.getByRole("button", { name: "Change roles: Ada Global" });
  await expect(change).toHaveAttribute("aria-expanded", "false");
  await change.click();
  await expect(change).toHaveAttribute("aria-expanded", "true");
  await ada.getByLabel("Global admin").uncheck();
  await expect(ada.getByRole("button", { name: "Save roles" })).toBeDisabled();
  await expect(ada.getByTestId("action-reason")).toHaveText(
    "This is the company's last Global admin: give another user the role first.",
  );
});

test("role_8 a guest may hold MPN partner admin only", async ({ page }) => {
  await signIn(page, ADMIN, "/account");
  const form = page.getByTestId("add-user");
  await form.getByLabel("Full name").fill("Gina Gast");
  await form.getByLabel("E-mail address").fill("gina@partner.example");
  await form.getByLabel("Guest user (outside your company's directory)").check();
  await form.getByLabel("Global admin").check();
  await expect(form.getByTestId("action-reason")).toHaveText(
    "A guest user can't be Global admin; guests may hold MPN partner admin only.",
  );
  await expect(form.getByRole("button", { name: "Add user" })).toBeDisabled();
});

test("role_5 an MPN partner admin may look but not change users, in Dutch", async ({ page }) => {
  await signIn(page, "mia@fabrikam.example", "/account");
  await page.getByTestId("language").selectOption("nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accountinstellingen");
  const form = page.getByTestId("add-user");
  await expect(form.getByTestId("action-reason")).toHaveText(
    "Alleen een Globale beheerder of Gebruikersbeheerder kan dit doen. Vraag het aan Ada Global (ada@fabrikam.example), Uma Users (uma@fabrikam.example).",
  );
  // Roles are visible; changing them is refused with the same reason.
  const daan = page.getByTestId("user-row-106");
  await expect(daan.getByTestId("roles")).toHaveText("—");
  await daan.getByRole("button", { name: "Rollen wijzigen: Daan de Vries" }).click();
  await daan.getByLabel("Beheeragent").check();
  await expect(daan.getByRole("button", { name: "Rollen opslaan" })).toBeDisabled();
  await expect(daan.getByTestId("action-reason")).toHaveText(
    "Alleen een Globale beheerder of Gebruikersbeheerder kan dit doen. Vraag het aan Ada Global (ada@fabrikam.example), Uma Users (uma@fabrikam.example).",
  );
});

test("role_5 a Global admin changes a user's roles in the directory; the list shows them at once", async ({ page }) => {
  await signIn(page, "ada@contoso.example", "/account");
  const daan = page.getByTestId("user-row-206");
  await daan.getByRole("button", { name: "Change roles: Daan de Vries" }).click();
  await daan.getByLabel("Admin agent").check();
  await daan.getByRole("button", { name: "Save roles" }).click();
  await expect(daan.getByTestId("roles")).toHaveText("Admin agent");
  await page.reload();
  await expect(page.getByTestId("user-row-206").getByTestId("roles")).toHaveText("Admin agent");
});

test("can_1 an offer bought days ago is cancelled with a refund, once; the request can be followed", async ({ page }) => {
  // Contoso Starter (Action Pack), bought 10 days ago, nothing activated or viewed.
  await signIn(page, "ada@contoso.example", "/membership");
  const offer = page.getByTestId("membership-action_pack");
  await expect(offer).toContainText("Purchased on");
  await offer.getByRole("button", { name: "Cancel with refund" }).click();
  await expect(page.getByTestId("cancellations")).toContainText("Action Pack");
  await expect(page.getByTestId("cancellations")).toContainText("Submitted");
  await expect(page.getByTestId("membership-action_pack").getByRole("button", { name: "Cancel with refund" })).toBeDisabled();
  await expect(page.getByTestId("membership-action_pack").getByTestId("action-reason")).toHaveText(
    "A cancellation of this offer is already requested.",
  );
});

test("role_5 a server refusal: an address used in another company is refused by the server; nothing is added", async ({ page }) => {
  await signIn(page, "uma@northwind.example", "/account");
  const form = page.getByTestId("add-user");
  await form.getByLabel("Full name").fill("Noor Elsewhere");
  await form.getByLabel("E-mail address").fill("noor@fabrikam.example");
  await expect(form.getByRole("button", { name: "Add user" })).toBeEnabled();
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByTestId("action-error")).toHaveText("noor@fabrikam.example is already in use by another user.");
  await expect(page.getByTestId("temporary-password")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("row", { name: /Noor Elsewhere/ })).toHaveCount(0);
});

test("nav_3 users are searched and sorted, in Dutch", async ({ page }) => {
  await signIn(page, ADMIN, "/account");
  await page.getByTestId("language").selectOption("nl");
  await page.getByLabel("Zoeken").fill("gast");
  await expect(page.locator("[data-testid^=user-row-]")).toHaveCount(1);
  await expect(page.getByTestId("user-row-108")).toBeVisible();
  await page.getByLabel("Zoeken").fill("");
  await page.getByRole("button", { name: "Naam" }).click();
  await page.getByRole("button", { name: "Naam" }).click();
  await expect(page.getByRole("columnheader", { name: "Naam" })).toHaveAttribute("aria-sort", "descending");
  await expect(page.locator("[data-testid^=user-row-]").first()).toHaveAttribute("data-testid", "user-row-102");
});
