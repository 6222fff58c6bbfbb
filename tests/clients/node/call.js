// One call of @dojnaz/whmcs, a published Node client of WHMCS's classic API, for the tests:
//   node call.js <serverUrl> <config JSON> <module> <method> <parameters JSON>
// Prints {"ok": true, "data": ...} or {"ok": false, "error": "..."} as one JSON line.
'use strict';

const WHMCS = require('@dojnaz/whmcs');

async function main() {
  const [serverUrl, config, moduleName, method, parameters] = process.argv.slice(2);
  const whmcs = new WHMCS({ serverUrl, ...JSON.parse(config) });
  const area = moduleName === '-' ? null : whmcs[moduleName];
  try {
    const params = JSON.parse(parameters);
    const data = area ? await area[method](params) : await whmcs.callApi(method, params);
    process.stdout.write(JSON.stringify({ ok: true, data }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error.message) }) + '\n');
  }
}

main();
