// The system Chromium is used (Debian's package); Puppeteer must not download its own.
module.exports = { skipDownload: true };
