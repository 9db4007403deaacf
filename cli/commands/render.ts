/**
 * `einvoice render <file> -o <out.pdf> [--lang fr|de|en] [--bt-codes] [--validate [--date YYYY-MM-DD]] [--id ID] [--received ISO-TIMESTAMP] [--delivered-to NAME [--delivered-to-id ID]] [--without-source]`
 *
 * Writes the standardised PDF of a UBL or CII invoice / credit note. Without `--validate` the footer
 * says that no validation was performed; with it, the document is validated first (rule packs in
 * force on `--date`, default today) and the PDF shows the outcome and the warnings. `--id` and
 * `--received` fill the footer as the hub would (the reception timestamp is also the PDF's creation
 * date; without it the output is byte-identical from run to run anyway). `--delivered-to` names the body
 * the hub delivered to (shown next to the buyer). The input file is attached to the PDF as its source
 * (PDF/A-3 associated file) unless `--without-source`.
 *
 * Exit 0: PDF written; 1: PDF written but `--validate` found the document invalid; 2: usage, I/O
 * error, or a file that is not an invoice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../config';
import { ModelReadError, readInvoice } from '../../model/read';
import { isLang } from '../../templates/format';
import { renderPdfWithInfo, type RenderValidation } from '../../templates/render';
import { validate } from '../../validation';
import { checkDateOption, parseCommandArgs, readDocumentFile, usageError } from '../args';
import type { CliCommand } from '../main';

const USAGE = 'usage: einvoice render <file> -o <out.pdf> [--lang fr|de|en] [--bt-codes] [--validate [--date YYYY-MM-DD]] [--id ID] [--received ISO-TIMESTAMP] [--delivered-to NAME [--delivered-to-id ID]] [--without-source]';

const fail = (message: string): number => usageError('render', message);

export const command: CliCommand = {
  summary: 'render the standardised PDF of an invoice or credit note (labels fr/de/en, optional BT codes)',
  async run(argv) {
    const parsed = parseCommandArgs('render', USAGE, argv, {
      output: { type: 'string', short: 'o' },
      lang: { type: 'string', default: 'fr' },
      'bt-codes': { type: 'boolean' },
      validate: { type: 'boolean' },
      date: { type: 'string' },
      id: { type: 'string' },
      received: { type: 'string' },
      'delivered-to': { type: 'string' },
      'delivered-to-id': { type: 'string' },
      'without-source': { type: 'boolean' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) return fail(`exactly one input file expected\n${USAGE}`);
    if (!values.output) return fail(`-o <out.pdf> is required\n${USAGE}`);
    if (!isLang(values.lang)) return fail(`--lang must be fr, de or en, got "${values.lang}"`);
    const badDate = checkDateOption('render', values.date);
    if (badDate !== null) return badDate;
    if (values.received !== undefined && Number.isNaN(Date.parse(values.received))) return fail(`--received must be an ISO 8601 timestamp, got "${values.received}"`);
    if (values['delivered-to-id'] !== undefined && values['delivered-to'] === undefined) return fail('--delivered-to-id needs --delivered-to NAME');
    const [file] = positionals;
    // the same size limit as validate, inspect and convert
    const bytes = readDocumentFile(file);
    if (typeof bytes === 'string') return fail(bytes);
    let model;
    try {
      model = readInvoice(bytes);
    } catch (err) {
      if (err instanceof ModelReadError) return fail(`${file}: ${err.message}`);
      throw err;
    }
    let validation: RenderValidation | null = null;
    if (values.validate) {
      validation = await validate(bytes, values.date ? { date: values.date } : {});
    }
    const { pdf, pages } = await renderPdfWithInfo(model, {
      lang: values.lang,
      btCodes: values['bt-codes'] === true,
      documentId: values.id,
      receivedAt: values.received,
      validation,
      maxLines: config.pdfMaxLines,
      deliveredTo: values['delivered-to'] !== undefined ? { name: values['delivered-to'], identifier: values['delivered-to-id'] } : null,
      source: values['without-source'] ? null : { bytes, filename: path.basename(file) },
    });
    try {
      fs.writeFileSync(values.output, pdf);
    } catch (err) {
      return fail(`cannot write ${values.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    process.stdout.write(`${values.output}: ${pages} page${pages === 1 ? '' : 's'}, ${pdf.length} bytes${validation ? `; ${validation.valid ? 'valid' : 'INVALID'}` : ''}\n`);
    return validation !== null && !validation.valid ? 1 : 0;
  },
};
