import fs from 'node:fs';
import path from 'node:path';
import { catalogue } from '../../model/catalogue';
import { renderSemanticModelHtml, renderSemanticModelMarkdown } from '../../model/docs';

test('docs/semantic-model.md is what the catalogue generates (run `npm run docs:model` when this fails)', () => {
  const file = path.resolve(__dirname, '../../docs/semantic-model.md');
  expect(fs.readFileSync(file, 'utf8')).toBe(renderSemanticModelMarkdown());
});

test('the HTML page is complete, lists every term grouped by BG, and escapes every value', () => {
  const html = renderSemanticModelHtml();
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(html).toContain('<title>EN 16931 semantic model');
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
  for (const t of catalogue) expect(html).toContain(`<th scope="row">${t.id}</th>`);
  for (let i = 1; i <= 32; i++) expect(html).toContain(`<h2 id="bg-${i}">`);
  // Catalogue values contain quotes, apostrophes and < in paths/labels: none may reach the page raw.
  expect(html).toContain('cbc:ID[@schemeID=&#39;SEPA&#39;]');
  expect(html).toContain('Date d&#39;échéance');
  expect(html).not.toMatch(/\[@schemeID='SEPA'\]/);
  expect(html.match(/<table>/g)?.length).toBe(html.match(/<\/table>/g)?.length);
});
