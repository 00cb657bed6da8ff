import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signInWith } from "./helpers";

test("role_9 a User management admin can't make a Global admin or change their own roles: disabled, saying whom to ask", async ({ page }) => {
  await signIn(page, "uma@fabrikam.example", "/account");
  const ask = "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example).";
  // Adding a user: the Global admin box is disabled, the others are not.
  const form = page.getByTestId("add-user");
  await expect(form.getByLabel("Global admin")).toBeDisabled();
  await expect(form.getByLabel("Admin agent")).toBeEnabled();
  await expect(form.getByTestId("role-lock-reason")).toHaveText(ask);
  await expect(form.getByLabel("Global admin")).toHaveAttribute("aria-describedby", "add-user-role-lock");
  // Someone else's roles: the same.
  const noor = page.getByTestId("user-row-105");
  await noor.getByRole("button", { name: "Change roles: Noor Viewer" }).click();
  await expect(noor.getByLabel("Global admin")).toBeDisabled();
  await expect(noor.getByTestId("roles-lock-reason")).toHaveText(ask);
  await noor.getByLabel("Admin agent").check();
  await expect(noor.getByRole("button", { name: "Save roles" })).toBeEnabled();
  // Their own roles: every box.
  const uma = page.getByTestId("user-row-102");
  await uma.getByRole("button", { name: "Change roles: Uma Users" }).click();
  for (const role of ["Global admin", "User management admin", "Admin agent", "MPN partner admin"]) {
    await expect(uma.getByLabel(role)).toBeDisabled();
  }
  await expect(uma.getByTestId("roles-lock-reason")).toHaveText(
    "You can't change your own roles. Ask a Global admin: Ada Global (ada@fabrikam.example).",
  );
});

test("acc_3 a password reset shows the new temporary password once, with the name and a copy button; acc_1 it must be changed first, in German", async ({ browser }) => {
  const admin = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await admin.newPage();
  await signIn(page, "uma@northwind.example", "/account");
  const daan = page.getByTestId("user-row-306");
  // A Global admin's password is not a User management admin's to reset.
  await expect(page.getByTestId("user-row-301").getByRole("button", { name: "Reset password: Ada Global" })).toBeDisabled();
  await daan.getByRole("button", { name: "Reset password: Daan de Vries" }).click();
  await expect(daan).toContainText("Daan de Vries gets a new temporary password, shown once, and is signed out everywhere.");
  await daan.getByRole("button", { name: "Reset now" }).click();
  const shown = page.getByTestId("temporary-password");
  await expect(shown.getByTestId("temporary-password-for")).toHaveText("Daan de Vries");
  const value = shown.getByTestId("temporary-password-value");
  await expect(value).toHaveText(/^[A-Za-z0-9]{16}$/);
  const temporary = (await value.textContent())!;
  await shown.getByRole("button", { name: "Copy" }).click();
  await expect(shown.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(temporary);
  // Shown once: gone after a reload.
  await page.reload();
  await expect(page.getByTestId("user-row-306")).toBeVisible();
  await expect(page.getByTestId("temporary-password")).toHaveCount(0);
  await admin.close();

  // Daan signs in with it: nothing but choosing a new password until he has.
  const own = await browser.newContext();
  const daanPage = await own.newPage();
  await signInWith(daanPage, "daan@northwind.example", temporary);
  await expect(daanPage.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await daanPage.getByTestId("language").selectOption("de");
  await expect(daanPage.getByRole("heading", { name: "Neues Kennwort wählen" })).toBeVisible();
  await daanPage.goto("/benefits/visual-studio");
  await expect(daanPage.getByRole("heading", { name: "Neues Kennwort wählen" })).toBeVisible();
  await expect(daanPage.getByRole("table")).toHaveCount(0);
  await daanPage.getByLabel("Aktuelles Kennwort").fill(temporary);
  await daanPage.getByLabel("Neues Kennwort", { exact: true }).fill("zu kurz");
  await expect(daanPage.getByTestId("action-reason")).toHaveText("Das neue Kennwort braucht mindestens 12 Zeichen.");
  await expect(daanPage.getByRole("button", { name: "Kennwort ändern" })).toBeDisabled();
  await daanPage.getByLabel("Neues Kennwort", { exact: true }).fill("daans eigenes kennwort");
  await daanPage.getByLabel("Neues Kennwort wiederholen").fill("daans eigenes kennwort");
  await daanPage.getByRole("button", { name: "Kennwort ändern" }).click();
  await expect(daanPage.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await expect(daanPage.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-Abonnements");
  await own.close();
});

test("acc_2 a user changes their own password in Dutch; a wrong current password is refused; their other sign-ins end", async ({ browser }) => {
  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, "daan@contoso.example");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "daan@contoso.example", "/account");
  await page.getByTestId("language").selectOption("nl");
  await page.getByTestId("change-password-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wachtwoord wijzigen");
  await page.getByLabel("Huidig wachtwoord").fill("not my password");
  await page.getByLabel("Nieuw wachtwoord", { exact: true }).fill("daans nieuwe wachtwoord");
  await page.getByLabel("Nieuw wachtwoord nogmaals").fill("daans nieuwe wachtwoord!");
  await expect(page.getByTestId("action-reason")).toHaveText("De twee nieuwe wachtwoorden zijn niet gelijk.");
  await page.getByLabel("Nieuw wachtwoord nogmaals").fill("daans nieuwe wachtwoord");
  await page.getByRole("button", { name: "Wachtwoord wijzigen" }).click();
  await expect(page.getByTestId("change-password").getByTestId("action-error")).toHaveText("Het huidige wachtwoord is onjuist.");
  await page.getByLabel("Huidig wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Wachtwoord wijzigen" }).click();
  await expect(page.getByText("Uw wachtwoord is gewijzigd.")).toBeVisible();
  // This page goes on; the other sign-in has ended.
  await page.goto("/benefits");
  await expect(page.getByRole("button", { name: "Afmelden" })).toBeVisible();
  await elsewhere.reload();
  await expect(elsewhere.getByRole("button", { name: "Sign in" })).toBeVisible();
});
