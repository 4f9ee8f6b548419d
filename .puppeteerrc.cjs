// Puppeteer must not download its own Chrome (no internet here); we drive Debian's /usr/bin/chromium.
/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: true,
  executablePath: '/usr/bin/chromium',
};
