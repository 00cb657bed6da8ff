// End-to-end tests: Playwright drives Debian's /usr/bin/chromium (never a downloaded
// browser) against the real server that `cargo xtask test` starts on a fresh database.
import { defineConfig } from "@playwright/test";

const baseURL = process.env.PB_BASE_URL;
if (!baseURL) {
  throw new Error("PB_BASE_URL is not set: run the end-to-end tests through `cargo xtask test`.");
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "target/playwright",
  use: {
    baseURL,
    locale: "en-GB",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PB_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
