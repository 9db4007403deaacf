// Worker-thread entry of the validation pool: loads the TypeScript sources through tsx (no build step).
require('tsx/cjs/api').register();
require('./pool-worker-main.ts');
