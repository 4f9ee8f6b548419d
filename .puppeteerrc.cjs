// Puppeteer must not download its own Chrome (no internet here): the project drives the system's Chromium or Chrome,
// found by docs-gen/chromium.ts ($PUPPETEER_EXECUTABLE_PATH, $CHROME_PATH, then chromium, chromium-browser,
// google-chrome in /usr/bin or on $PATH). mmdc with `-p puppeteer-config.json` reads $PUPPETEER_EXECUTABLE_PATH.
/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: true,
};
