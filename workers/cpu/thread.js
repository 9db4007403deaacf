// Thread entry of the CPU pool: loads the TypeScript sources through tsx (no build step).
require('tsx/cjs/api').register();
require('./thread-main.ts');
