import { expect, Page, test } from "@playwright/test";
import { ADMIN, meanwhile, signIn, STALE, VIEWER } from "./helpers";

// Fabrikam Partners (company 1, Silver; VS-4: 5 × Visual Studio Enterprise, IDs 1301–1305):
// 1301 held for 120 days by Daan, 1302 held for 10 days by Lena, 1303–1305 not assigned.

function row(page: Page, id: number) {
  return page.getByTestId(`vs-row-${id}`);
}

async function expand(page: Page, id: number) {
  const toggle = row(page, id).getByRole("button", { name: /Show details/ });
  await toggle.click();
  await expect(row(page, id).getByRole("button", { name: /Hide details/ })).toHaveAttribute("aria-expanded", "true");
  await expect(page).toHaveURL(new RegExp(`/benefits/visual-studio/${id}$`));
}

test("vs_1 role_2 a Global admin assigns a subscriber and it persists", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/visual-studio");
  const counters = page.getByTestId("counters");
  await expect(counters).toContainText("Assigned2");
  await expand(page, 1303);
  const details = page.getByTestId("vs-details-1303");
  const assign = details.getByRole("button", { name: "Assign user" });
  await expect(assign).toBeDisabled(); // nobody picked yet
  await details.getByLabel("Select a user").selectOption({ label: "Uma Users (uma@fabrikam.example)" });
  await expect(assign).toBeEnabled();
  await assign.click();
  await expect(page.getByRole("status")).toContainText("Subscription assigned.");
  await expect(row(page, 1303).getByTestId("subscriber")).toHaveText("Uma Users");
  await expect(counters).toContainText("Assigned3");

  await page.reload();
  await expect(row(page, 1303).getByTestId("subscriber")).toHaveText("Uma Users");
  await expect(page.getByTestId("vs-details-1303")).toContainText("Assigned on");
});

test("role_2 role_6 a user without the role sees Assign user disabled with why and whom to ask", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/visual-studio/1304");
  const details = page.getByTestId("vs-details-1304");
  await expect(details.getByRole("button", { name: "Assign user" })).toBeDisabled();
  await expect(details.getByLabel("Select a user")).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toHaveText(
    "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example).",
  );
});

test("vs_3 reassigning before 90 days is disabled and says from which date", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/visual-studio");
  await expand(page, 1302);
  const details = page.getByTestId("vs-details-1302");
  await expect(details.getByRole("button", { name: "Reassign" })).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toContainText("it can be reassigned from");
  await expect(details.getByTestId("action-reason")).toContainText("when 90 days have passed");
  await expect(details).toContainText("Can be reassigned from");
});

test("vs_3 after 90 days a Global admin reassigns to another subscriber", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/visual-studio/1301");
  const details = page.getByTestId("vs-details-1301");
  await expect(details.getByTestId("action-reason")).toBeEmpty();
  // VS-2: the current subscriber is not offered again.
  await expect(details.getByRole("option", { name: /Daan de Vries/ })).toHaveCount(0);
  await details.getByLabel("Select a user").selectOption({ label: "Mia Partner (mia@fabrikam.example)" });
  await details.getByRole("button", { name: "Reassign" }).click();
  await expect(row(page, 1301).getByTestId("subscriber")).toHaveText("Mia Partner");
  await page.reload();
  await expect(row(page, 1301).getByTestId("subscriber")).toHaveText("Mia Partner");
  // The clock restarted: the next reassign waits another 90 days.
  await expect(page.getByTestId("vs-details-1301").getByRole("button", { name: "Reassign" })).toBeDisabled();
});

test("the Visual Studio flow in Dutch and German uses Partner Center's own words", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/visual-studio/1305");
  await page.getByTestId("language").selectOption("nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-abonnementen");
  const details = page.getByTestId("vs-details-1305");
  await expect(details.getByRole("button", { name: "Gebruiker toewijzen" })).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toContainText("Alleen een Globale beheerder kan dit doen.");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Visual Studio-abonnementen");
  await page.getByTestId("language").selectOption("de");
  await expect(details.getByRole("button", { name: "Benutzer zuweisen" })).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toContainText("Nur ein Globaler Administrator kann das tun.");
});

test("nav_3 a row expands in place by the arrow at the far right, by keyboard, with its own URL", async ({ page }) => {
  await signIn(page, ADMIN, "/benefits/visual-studio");
  const toggle = row(page, 1304).getByRole("button", { name: /Show details/ });
  // The arrow is the row's last cell.
  await expect(row(page, 1304).locator("tr").first().locator("td").last().getByRole("button")).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await expect(page.getByTestId("vs-details-1304")).toHaveCount(0);
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/benefits\/visual-studio\/1304$/);
  await expect(page.getByTestId("vs-details-1304")).toBeVisible();
  await expect(row(page, 1304).getByRole("button", { name: /Hide details/ })).toBeFocused();

  await page.goBack();
  await expect(page).toHaveURL(/\/benefits\/visual-studio$/);
  await expect(page.getByTestId("vs-details-1304")).toHaveCount(0);
  await page.goForward();
  await expect(page.getByTestId("vs-details-1304")).toBeVisible();

  await row(page, 1304).getByRole("button", { name: /Hide details/ }).click();
  await expect(page.getByTestId("vs-details-1304")).toHaveCount(0);
  await expect(page).toHaveURL(/\/benefits\/visual-studio$/);
});

test("nav_3 the list is searched and sorted by any column", async ({ page }) => {
  // Runs after the tests above: 1301 Mia, 1302 Lena, 1303 Uma, 1304–1305 free.
  await signIn(page, ADMIN, "/benefits/visual-studio");
  await page.getByTestId("search").fill("lena");
  await expect(page.locator("[data-testid^=vs-row-]")).toHaveCount(1);
  await expect(row(page, 1302)).toBeVisible();
  await page.getByTestId("search").fill("");
  await expect(page.locator("[data-testid^=vs-row-]")).toHaveCount(5);
  const subscriber = page.getByRole("columnheader", { name: "Subscriber" });
  await subscriber.getByRole("button").click();
  await expect(subscriber).toHaveAttribute("aria-sort", "ascending");
  await subscriber.getByRole("button").click();
  await expect(subscriber).toHaveAttribute("aria-sort", "descending");
  await expect(page.locator("[data-testid^=vs-row-]").first().getByTestId("subscriber")).toHaveText("Uma Users");
});

test("vs_1 a server refusal: someone else assigned the subscription meanwhile; the row reloads and says so", async ({ page, baseURL }) => {
  await signIn(page, "ada@northwind.example", "/benefits/visual-studio/3303");
  const details = page.getByTestId("vs-details-3303");
  await details.getByLabel("Select a user").selectOption({ label: "Lena Fischer (lena@northwind.example)" });
  await meanwhile(baseURL, "ada@northwind.example", {
    command: "assign_visual_studio_subscriber", subscription_id: 3303, user_id: 305,
  }, 1);
  await details.getByRole("button", { name: "Assign user" }).click();
  await expect(page.getByTestId("vs-details-3303").getByTestId("action-error")).toHaveText(STALE);
  await expect(page.getByTestId("vs-row-3303").getByTestId("subscriber")).toHaveText("Noor Viewer");
});
