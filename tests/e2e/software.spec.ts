import { expect, Page, test } from "@playwright/test";
import { meanwhile, signIn, VIEWER } from "./helpers";

// Fabrikam (Silver): 1001 Office LTSC (downloads in en-US, nl-NL, de-DE for x64 and x86),
// 1002 Windows Server CAL (no download).

function row(page: Page, id: number) {
  return page.getByTestId(`software-row-${id}`);
}

test("sw_1 sw_4 an MPN partner admin gets the keys; they are not kept in the page", async ({ page }) => {
  await signIn(page, "mia@fabrikam.example", "/benefits/software");
  await expect(row(page, 1001).getByTestId("activations")).toHaveText("0 / 10");
  await row(page, 1001).getByRole("button", { name: /Show details/ }).click();
  const details = page.getByTestId("software-details-1001");
  await expect(details).toContainText("Install with the volume-licence media only.");
  await details.getByRole("button", { name: "Get keys" }).click();
  await expect(details.getByTestId("keys").locator("code")).toHaveText(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/);
  await page.reload();
  await expect(page.getByTestId("software-details-1001")).toBeVisible();
  await expect(page.getByTestId("keys")).toHaveCount(0);
});

test("sw_1 role_3 role_6 without the role Get keys is disabled and says whom to ask", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/software/1001");
  const details = page.getByTestId("software-details-1001");
  await expect(details.getByRole("button", { name: "Get keys" })).toBeDisabled();
  await expect(details.getByTestId("action-reason")).toHaveText(
    "Only a Global admin or MPN partner admin can do this. Ask Ada Global (ada@fabrikam.example), Mia Partner (mia@fabrikam.example).",
  );
});

test("sw_2 sw_3 downloads follow the product's language and operating system", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/software/1001");
  const details = page.getByTestId("software-details-1001");
  await details.getByLabel("Language of the product").selectOption("nl-NL");
  await details.getByLabel("Operating system").selectOption("Windows (x86)");
  await expect(details.getByTestId("download-links").getByRole("link")).toHaveText("office-2024-nl-nl-windows32.iso");
  await page.goto("/benefits/software/1002");
  await expect(page.getByTestId("software-details-1002").getByTestId("no-downloads")).toHaveText(
    "No further details available",
  );
});

test("the Software page in Dutch uses Partner Center's words", async ({ page }) => {
  await signIn(page, "mia@fabrikam.example", "/benefits/software/1001");
  await page.getByTestId("language").selectOption("nl");
  await expect(page.getByTestId("software-details-1001").getByRole("button", { name: "Sleutels ophalen" })).toBeEnabled();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Software");
});

test("role_3 a server refusal: the role was taken away meanwhile; Get keys is refused by the server", async ({ page, baseURL }) => {
  await signIn(page, "mia@northwind.example", "/benefits/software/3001");
  const details = page.getByTestId("software-details-3001");
  await expect(details.getByRole("button", { name: "Get keys" })).toBeEnabled();
  await meanwhile(baseURL, "ada@northwind.example", { command: "set_roles", user_id: 304, roles: [] });
  try {
    await details.getByRole("button", { name: "Get keys" }).click();
    await expect(details.getByTestId("action-error")).toHaveText(
      "Only a Global admin or MPN partner admin can do this. Ask Ada Global (ada@northwind.example).",
    );
    await expect(details.getByTestId("keys")).toHaveCount(0);
  } finally {
    await meanwhile(baseURL, "ada@northwind.example", { command: "set_roles", user_id: 304, roles: ["mpn_partner_admin"] });
  }
});

test("nav_3 software is searched and sorted by any column", async ({ page }) => {
  await signIn(page, VIEWER, "/benefits/software");
  await page.getByRole("button", { name: "Product" }).click();
  await expect(page.getByRole("columnheader", { name: "Product" })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.locator("[data-testid^=software-row-]").first()).toHaveAttribute("data-testid", "software-row-1001");
  await page.getByRole("button", { name: "Product" }).click();
  await expect(page.locator("[data-testid^=software-row-]").first()).toHaveAttribute("data-testid", "software-row-1002");
  await page.getByLabel("Search").fill("windows server");
  await expect(page.locator("[data-testid^=software-row-]")).toHaveCount(1);
});
