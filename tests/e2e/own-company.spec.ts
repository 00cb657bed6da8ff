// A company of one's own, on a server of its own started WITHOUT demo data, as a partner
// admin meets it: the one-time setup link (SET-1, in German), offers that provision (OFR-1),
// renewal in and outside its window (OFR-2, OFR-3), the inventory import (OFR-1), removing
// someone who left (ACC-4), and recording Microsoft's confirmations (TS-7 in Dutch, GTM-6).
import { Browser, expect, Page, test } from "@playwright/test";
import { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { failOnPageErrors, startServer } from "./helpers";

test.describe.configure({ mode: "serial" });

const ADMIN_EMAIL = "tess@tailspin.example";
const ADMIN_PASSWORD = "tailspin partners 2026";

let server: ChildProcess;
let origin: string;
let setupLink: string;
let dir: string;

/** `days` before today, as the date input wants it. */
function daysAgo(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pb-own-company-"));
  const started = await startServer(path.join(dir, "benefits.db"), { PB_DEMO_DATA: "false" });
  server = started.server;
  origin = started.origin;
  await expect.poll(() => started.output()).toContain("/setup?token=");
  setupLink = started.output().match(/(http:\/\/\S+\/setup\?token=\S+)/)![1];
});

test.afterAll(async () => {
  server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signInAsAdmin(browser: Browser, locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ locale, baseURL: origin });
  const page = await context.newPage();
  failOnPageErrors(page);
  await page.goto("/benefits");
  await page.locator("#pb-email").fill(ADMIN_EMAIL);
  await page.locator("#pb-password").fill(ADMIN_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("user-name")).toHaveText("Tess Tailspin");
  return page;
}

/** A command through the API with the page's own session (what another tab would do). */
async function command(page: Page, body: object) {
  const response = await page.request.post(`${origin}/api/v1/commands`, { data: body });
  expect(response.ok(), await response.text()).toBeTruthy();
  return response.json();
}

test("set_1 the setup link of an empty server creates the company and its first Global admin, in German, and then no longer works", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE", baseURL: origin });
  const page = await context.newPage();
  failOnPageErrors(page);
  await page.goto(setupLink);
  await expect(page.getByRole("heading", { name: "Ihr Unternehmen einrichten" })).toBeVisible();
  // Sent empty: each message next to its field, in German; nothing is created.
  await page.getByRole("button", { name: "Unternehmen anlegen und anmelden" }).click();
  await expect(page.getByTestId("setup-account-email-error")).toContainText("Geben Sie eine E-Mail-Adresse ein");
  await page.getByLabel("E-Mail-Adresse des Partner Center-Kontos").fill("partnercenter@tailspin.example");
  await page.getByLabel("Vollständiger Name").fill("Tess Tailspin");
  await page.getByLabel("E-Mail-Adresse", { exact: true }).fill(ADMIN_EMAIL);
  await expect(page.getByTestId("setup-name-error")).toHaveText("Bitte ausfüllen: den Firmennamen.");
  await page.getByLabel("Firmenname").fill("Tailspin Partners");
  await expect(page.getByTestId("setup-offers-error")).toContainText("mindestens ein Angebot");
  // Silver bought 370 days ago (its renewal window is open), Gold 10 days ago.
  const silver = page.getByTestId("setup-offer-silver");
  await silver.getByRole("checkbox").check();
  await silver.getByLabel("Gekauft am").fill(daysAgo(370));
  const gold = page.getByTestId("setup-offer-gold");
  await gold.getByRole("checkbox").check();
  await gold.getByLabel("Gekauft am").fill(daysAgo(10));
  await page.getByLabel("Kennwort").fill("kurz");
  await expect(page.getByTestId("setup-password-error")).toContainText("mindestens 12 Zeichen");
  await page.getByLabel("Kennwort").fill(ADMIN_PASSWORD);
  await expect(page.getByTestId("setup-password-error")).toBeEmpty();
  await page.getByRole("button", { name: "Unternehmen anlegen und anmelden" }).click();
  // Signed in at once, on the Benefits home of the new company.
  await expect(page.getByTestId("user-name")).toHaveText("Tess Tailspin");
  await expect(page.getByTestId("company")).toContainText("Tailspin Partners");
  await expect(page).toHaveURL(/\/benefits$/);
  // OFR-1: the offers' benefits are there — Silver's 5 and Gold's 10 Visual Studio subscriptions.
  await page.goto("/benefits/visual-studio");
  await expect(page.locator("[data-testid^=vs-row-]")).toHaveCount(15);
  // The link is void now.
  const again = await (await browser.newContext({ locale: "de-DE" })).newPage();
  await again.goto(setupLink);
  await expect(again.getByTestId("setup-link-used")).toContainText("bereits verwendet");
  await expect(again.getByRole("button", { name: "Unternehmen anlegen und anmelden" })).toHaveCount(0);
});

test("az_1 credit amounts are in USD until a Global admin records the equivalent of USD 100, then in the company's EUR (Dutch)", async ({ browser }) => {
  const page = await signInAsAdmin(browser, "nl-NL");
  await page.goto("/benefits/azure");
  const amounts = page.locator("[data-testid^=credit-row-]").getByTestId("amount");
  await expect(amounts.first()).toContainText("USD 100,00");
  const note = page.getByTestId("currency-note");
  await expect(note).toContainText("Nog niet ingevuld");
  await note.getByRole("link", { name: "Azure-tegoed in uw valuta" }).click();
  await expect(page).toHaveURL(/\/membership$/);
  const form = page.getByTestId("credit-equivalent");
  await expect(form.getByTestId("credit-equivalent-now")).toHaveText("Nog niet ingevuld: tegoedbedragen worden in USD getoond.");
  const field = form.getByLabel("Equivalent van USD 100 (EUR)");
  await field.fill("twee euro");
  await expect(form.getByTestId("action-reason")).toHaveText("Vul een bedrag in, zoals 86,00.");
  await expect(form.getByRole("button", { name: "Opslaan" })).toBeDisabled();
  await field.fill("92,50");
  await expect(form.getByTestId("action-reason")).toBeEmpty();
  await form.getByRole("button", { name: "Opslaan" }).click();
  await expect(page.getByTestId("credit-equivalent-now")).toHaveText("USD 100,00 = EUR 92,50");
  await page.goto("/benefits/azure");
  await expect(page.getByTestId("currency-note")).toHaveCount(0);
  await expect(amounts.first()).toContainText("EUR 92,50");
  await expect(amounts.first()).toHaveAttribute("title", "USD 100,00");
  // Silver's bulk credit: USD 6,000 a year at 0.925.
  await expect(amounts.filter({ hasText: "EUR 5.550,00" }).first()).toBeVisible();
  await page.goto("/tracking/audit");
  const line = page.getByTestId("audit-log").locator("tr").filter({ hasText: "Tegoedequivalent ingevuld" });
  await expect(line).toContainText("EUR 92,50");
});

test("ofr_2 ofr_3 Renew works in the window and moves the anniversary a year; outside it Renew is disabled and says when", async ({ browser }) => {
  const page = await signInAsAdmin(browser);
  await page.goto("/membership");
  const gold = page.getByTestId("membership-gold");
  await expect(gold.getByRole("button", { name: "Renew" })).toBeDisabled();
  await expect(gold.getByTestId("renew-reason")).toContainText("Renewal is possible from");
  const silver = page.getByTestId("membership-silver");
  await expect(silver.getByTestId("offer-status")).toContainText("Renewal window open until");
  await silver.getByRole("button", { name: "Renew" }).click();
  await expect(silver.getByTestId("offer-status")).toContainText("Active · renewal opens on");
  await expect(silver.getByRole("button", { name: "Renew" })).toBeDisabled();
  // The renewal reminder is gone with the open window; the audit log has the renewal.
  await page.goto("/tracking/audit");
  await expect(page.getByText("Renewed an offer").first()).toBeVisible();
});

test("ofr_1 an inventory import: a verdict per row first, nothing written; then only the OK rows, keys never shown back", async ({ browser }) => {
  const page = await signInAsAdmin(browser);
  await page.goto("/membership");
  const section = page.getByTestId("inventory-import");
  const file = [
    "area,product,offer,quantity,key,language,os,download_link",
    "software,Office LTSC Professional Plus 2024,gold,40,TAILS-PINKE-YAAAA-BBBBB-CCCCC,,,",
    "software,Office LTSC Professional Plus 2024,gold,,,nl-NL,windows64,https://downloads.example/office-nl.iso",
    "licence,Microsoft 365 E3,gold,50,TAILS-PINLI-CENSE-AAAAA-BBBBB,,,",
    "software,Laptop,platinum,1,CCCCC-DDDDD-EEEEE-FFFFF-GGGGG,,,",
    "software,Project Professional 2024,gold,5,TAILS-PINKE-YAAAA-BBBBB-CCCCC,,,",
  ].join("\n");
  await section.getByLabel("Inventory file (CSV)").setInputFiles({ name: "inventory.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await section.getByRole("button", { name: "Check the file" }).click();
  await expect(section.getByTestId("import-summary")).toContainText("3 rows OK · 2 refused");
  await expect(section.getByTestId("import-line-5").getByTestId("verdict")).toHaveAttribute("data-code", "ROW-2");
  await expect(section.getByTestId("import-line-6").getByTestId("verdict")).toContainText("earlier in this file");
  await expect(section).not.toContainText("TAILS-PINKE");
  await section.getByTestId("apply-import").click();
  await expect(section.getByTestId("import-summary")).toContainText("Rows imported: 3");
  // The imported download is offered on the software page; the key only through Get keys.
  await page.goto("/benefits/software");
  await expect(page.locator("body")).not.toContainText("TAILS-PINKE");
  // A bad file: its message next to the file input, nothing written.
  await page.goto("/membership");
  await section.getByLabel("Inventory file (CSV)").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("area,product\nsoftware,=cmd()\n") });
  await section.getByRole("button", { name: "Check the file" }).click();
  await expect(section.getByTestId("import-error")).toContainText("formula");
});

test("acc_4 removing someone who holds a monthly credit and a Visual Studio subscription: what happens is shown first, then done", async ({ browser }) => {
  const page = await signInAsAdmin(browser);
  const added = await command(page, { command: { command: "add_user", user: { display_name: "Pat Leaver", email: "pat@tailspin.example", roles: [] } } });
  const pat = added.effect.user_id;
  const ws = await (await page.request.get(`${origin}/api/v1/workspace`)).json();
  const credit = ws.credits.find((c: { kind: string }) => c.kind === "monthly");
  const subscription = ws.visual_studio[0];
  await command(page, { command: { command: "assign_azure_credit", credit_id: credit.id, user_id: pat }, version: credit.version });
  await command(page, { command: { command: "assign_visual_studio_subscriber", subscription_id: subscription.id, user_id: pat }, version: subscription.version });
  await page.goto("/account");
  const row = page.getByTestId(`user-row-${pat}`);
  // One's own row can't be removed, and says why.
  const own = page.locator("tr", { hasText: ADMIN_EMAIL });
  await expect(own.getByTestId("remove-user")).toBeDisabled();
  await expect(own.getByTestId("remove-reason")).toHaveText("You can't remove yourself. Ask another Global admin or User management admin.");
  await row.getByTestId("remove-user").click();
  const confirmation = row.getByTestId("remove-confirmation");
  await expect(confirmation.getByTestId("remove-holdings")).toContainText(`Azure monthly credit ${credit.id}: taken back`);
  await expect(confirmation.getByTestId("remove-holdings")).toContainText(`Visual Studio subscription ${subscription.id}: freed; a new subscriber can be assigned from`);
  await confirmation.getByTestId("remove-user-now").click();
  await expect(page.getByTestId(`user-row-${pat}`)).toHaveCount(0);
  // The credit is free again.
  const after = await (await page.request.get(`${origin}/api/v1/workspace`)).json();
  expect(after.credits.find((c: { id: number }) => c.id === credit.id).holder).toBeNull();
  // The audit log still names who held what, never by a bare ID.
  await page.goto("/tracking/audit");
  const log = page.getByTestId("audit-log");
  await expect(log.getByTestId("audit-change").filter({ hasText: "Pat Leaver" }).first()).toBeVisible();
  await expect(log).not.toContainText(`#${pat}`);
});

test("ts_7 gtm_6 recording Microsoft's confirmation makes support and an offer Active (support in Dutch)", async ({ browser }) => {
  const page = await signInAsAdmin(browser, "nl-NL");
  const ws = await (await page.request.get(`${origin}/api/v1/workspace`)).json();
  const support = ws.support[0];
  await command(page, { command: { command: "activate_product_support", support_id: support.id, contact: null }, version: support.version });
  await page.goto("/benefits/technical");
  const card = page.getByTestId(`support-${support.id}`);
  const form = card.getByTestId("record-confirmation");
  await expect(form.getByRole("button", { name: "Bevestiging vastleggen" })).toBeDisabled();
  await form.getByLabel("Toegangs-id").fill("ACC-2026-0042");
  await form.getByLabel("Contract-id").fill("   ");
  await expect(form.getByRole("button", { name: "Bevestiging vastleggen" })).toBeDisabled();
  await form.getByLabel("Contract-id").fill("CON-7781");
  await form.getByRole("button", { name: "Bevestiging vastleggen" }).click();
  await expect(card.getByTestId("support-state")).toHaveText("Actief");
  await expect(card.getByTestId("access-id")).toHaveText("ACC-2026-0042");
  await expect(card.getByTestId("contract-id")).toHaveText("CON-7781");
  // GTM-6 (English this time): a pending offer gets the expiry date Microsoft gave.
  const english = await signInAsAdmin(browser);
  const me = (await (await english.request.get(`${origin}/api/v1/me`)).json()).user.id;
  await command(english, { command: { command: "set_marketing_contact", contact: { user: me, email: "marketing@tailspin.example", phone: "+31 20 555 0101", preferred_language: "en" } } });
  const offer = ws.go_to_market[0];
  await command(english, { command: { command: "activate_go_to_market_offer", offer_id: offer.id }, version: offer.version });
  await english.goto("/benefits/go-to-market");
  const row = english.getByTestId(`gtm-row-${offer.id}`);
  await expect(row.getByTestId("status")).toHaveText("Pending");
  await row.getByLabel("Expiry date Microsoft gave").fill(daysAgo(1));
  await expect(row.getByTestId("record-reason")).toContainText("can't be before today");
  await row.getByLabel("Expiry date Microsoft gave").fill(daysAgo(-200));
  await row.getByRole("button", { name: "Record activation" }).click();
  await expect(row.getByTestId("status")).toHaveText("Active");
});
