// Preloaded into the process under test (NODE_OPTIONS=--require): writes its peak resident
// memory, in KiB, to HOSTILE_RSS_FILE when it exits.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  try {
    writeFileSync(process.env.HOSTILE_RSS_FILE, String(process.resourceUsage().maxRSS));
  } catch {
    // nowhere to report: the suite then fails on the missing file
  }
});
