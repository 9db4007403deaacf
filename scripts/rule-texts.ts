/**
 * Lists every rule id of every pack with rule texts (the manifest's, and the pending Invoice Response
 * and reporting packs) with its English text per pack@version: placeholders `{1}`, `{2}`… for the
 * dynamic parts, no `[RULE-ID]-` prefix.
 *
 *   npx tsx scripts/rule-texts.ts                 JSON on stdout: family → rule id → { flag, "pack@version": text }
 *   npx tsx scripts/rule-texts.ts --summary       rule ids per pack and family
 *   npx tsx scripts/rule-texts.ts --write-en      (re)writes schematron/texts/<family>.en.json
 *   npx tsx scripts/rule-texts.ts --check-en      exits 1 when those files are not what the rules give
 *
 * The rules directory is `EINVOICE_RULES_DIR` (default ../shared/rules).
 */
import { config } from '../config';
import { packKey } from '../schematron/manifest';
import { englishFile, extractAllTexts } from '../schematron/texts/extract';
import { readTextsFile, serializeTextsFile, writeTextsFile } from '../schematron/texts/files';
import { families } from '../schematron/texts/packs';

async function main(argv: string[]): Promise<number> {
  const texts = await extractAllTexts(config.rulesDir);
  if (argv.includes('--summary')) {
    for (const t of texts) console.log(`${packKey(t.pack).padEnd(36)} ${t.pack.family.padEnd(24)} ${String(t.rules.size).padStart(5)} rule ids${t.pack.inManifest ? '' : ' (not in the manifest yet)'}${t.reader === 'messages' ? ' (messages read directly)' : ''}`);
    for (const f of families) console.log(`${f.padEnd(24)} ${String(Object.keys(englishFile(f, texts).rules).length).padStart(5)} rule ids`);
    return 0;
  }
  if (argv.includes('--write-en') || argv.includes('--check-en')) {
    let stale = 0;
    for (const f of families) {
      const en = englishFile(f, texts);
      if (argv.includes('--write-en')) console.log(`wrote ${writeTextsFile(en)}`);
      else {
        const committed = readTextsFile(f, 'en');
        if (!committed || serializeTextsFile(committed) !== serializeTextsFile(en)) {
          console.log(`${f}.en.json is not what the rules directory gives: run npx tsx scripts/rule-texts.ts --write-en`);
          stale++;
        }
      }
    }
    return stale ? 1 : 0;
  }
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const t of texts) {
    const fam = (out[t.pack.family] ??= {});
    for (const [id, r] of t.rules) {
      const row = (fam[id] ??= { flag: r.flag });
      row[packKey(t.pack)] = r.en;
    }
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
