import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The import rules of docs/ARCHITECTURE.md that a linter can say file by file (scripts/deps-check.ts checks the whole graph). */
const noDrizzle = { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'drizzle-orm is used only in db/ (repositories): call a function of db/repositories/ from core/.' };
/** An import of the top-level folder `f` from anywhere below the root (`../../f`, `../f/x`), not of a local module that happens to share its name. */
const topFolder = (f) => [`**/${f}/*`, `**/${f}/**`, ...[1, 2, 3, 4].map((n) => `${'../'.repeat(n)}${f}`)];
const noDb = { group: topFolder('db'), message: 'Reach the database through core/ (core/<capability>/…), never db/ directly.' };
const noUpper = (folders, why) => ({ group: folders.flatMap(topFolder), message: why });

export default tseslint.config(
  { ignores: ['node_modules/', 'var/', '.cache/', 'coverage/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // drizzle-orm only in db/ (tests, benchmarks and scripts may inspect the database directly)
  { files: ['core/**/*.ts', 'services/**/*.ts', 'workers/**/*.ts', 'templates/**/*.ts', 'web/**/*.ts', 'model/**/*.ts', 'validation/**/*.ts', 'schematron/**/*.ts', 'cli/**/*.ts', 'fixtures/**/*.ts', 'config/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDrizzle] }] } },
  { files: ['services/**/*.ts', 'workers/**/*.ts', 'fixtures/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDrizzle, noDb] }] } },
  { files: ['templates/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDrizzle, noUpper(['services', 'core', 'workers', 'db', 'validation', 'schematron'], 'templates/ import only model/ and the web kit (web/): pass view models in.')] }] } },
  { files: ['web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDrizzle, noUpper(['services', 'core', 'workers', 'db', 'templates', 'model', 'validation', 'schematron'], 'the web kit (web/) stands below templates and services.')] }] } },
  { files: ['core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDrizzle, noUpper(['services', 'workers'], 'core/ knows no HTTP and no queues: take a callback instead.'), { group: ['express', 'bullmq', 'ioredis'], message: 'core/ knows no HTTP and no queues.' }] }] } },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' }, languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } } },
);
