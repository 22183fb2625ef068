// Runs Lighthouse on each URL given, in one Chromium, and writes one JSON report per
// URL into the output folder (named by position: 0.json, 1.json, ...). One process for
// all pages: starting node, Lighthouse and Chromium costs more than auditing a page.
// Usage: node lighthouse.mjs OUTPUT_DIR URL...   (CHROME_PATH names the browser)
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [outputDir, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  // The new headless mode: with the old one Lighthouse's API sees no first paint.
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let failed = false;
try {
  for (const [index, url] of urls.entries()) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["accessibility", "best-practices", "seo"],
      disableFullPageScreenshot: true,
    });
    writeFileSync(join(outputDir, `${index}.json`), result.report);
    if (result.lhr.runtimeError) {
      console.error(`${url}: ${result.lhr.runtimeError.message}`);
      failed = true;
    }
  }
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
