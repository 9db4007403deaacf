#!/usr/bin/env node
// Command-line entry point: loads the TypeScript sources through tsx (no build step).
require('tsx/cjs/api').register();
require('../cli/main.ts');
