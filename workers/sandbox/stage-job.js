// Entry file of the sandboxed stage processor (BullMQ loads it with plain Node in a worker thread):
// registers tsx so the TypeScript body can be required, under `npm start` and under jest alike.
require('tsx/cjs/api').register();
const mod = require('./stage-job.ts');
module.exports = mod.default || mod;
