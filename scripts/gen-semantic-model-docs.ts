/**
 * Writes docs/semantic-model.md from the catalogue (`npm run docs:model`).
 * `--check`: exit 1 when the file on disk is not what the catalogue generates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderSemanticModelMarkdown } from '../model/docs';

export const SEMANTIC_MODEL_DOC = path.join(__dirname, '..', 'docs', 'semantic-model.md');

function main(argv: string[]): number {
  const want = renderSemanticModelMarkdown();
  if (argv.includes('--check')) {
    const have = fs.existsSync(SEMANTIC_MODEL_DOC) ? fs.readFileSync(SEMANTIC_MODEL_DOC, 'utf8') : '';
    if (have === want) return 0;
    process.stderr.write('docs/semantic-model.md is stale: run npm run docs:model\n');
    return 1;
  }
  fs.writeFileSync(SEMANTIC_MODEL_DOC, want);
  process.stdout.write(`wrote ${path.relative(process.cwd(), SEMANTIC_MODEL_DOC)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
