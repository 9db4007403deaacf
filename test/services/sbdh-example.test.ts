/**
 * The README's SBDH hand-off example: `docs/examples/sbdh-invoice.xml` is built by the hub (the
 * model's sample invoice, written by the hub's UBL writer, wrapped in a Peppol SBDH) — this test
 * builds it again and compares (`EINVOICE_WRITE_EXAMPLES=1` writes it) —, then runs the README's
 * curl command as printed against a real hub: 202 with the answer the README shows, and the
 * document goes on to be validated and routed to the body it is addressed to.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createToken } from '../../core/accounts/tokens';
import { getDocument } from '../../core/documents/store';
import { seedDirectory } from '../../fixtures/directory/seed';
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { inlineCpu } from '../../workers/cpu/inline';
import { routeStage } from '../../workers/route/stage';
import { validateStage } from '../../workers/validate/stage';
import { openTestStore, type TestStore } from '../helpers/store';
import { ROOT, silent, startTestServer, type TestServer } from '../pipeline/helpers';

jest.setTimeout(120_000);

const FILE = path.join(ROOT, 'docs', 'examples', 'sbdh-invoice.xml');
const README = path.join(ROOT, 'README.md');
const SELLER = 'LU12345613';
/** The Ministère d'État in the fixture directory. */
const RECEIVER = 'LU15003772';
const INSTANCE = '6f1d2c3b-4a59-4e8d-9b7a-0c1e2f3a4b5c';

/** The example, as the hub builds it. */
function buildExample(): Buffer {
  const t = sampleInvoice(2);
  t['BT-1'] = 'INV-2026-0042';
  t['BT-10'] = 'BR-2026-0042';
  if (t['BG-16'] !== undefined) t['BG-16']['BT-83'] = 'INV-2026-0042';
  const seller = t['BG-4'];
  const buyer = t['BG-7'];
  if (seller === undefined || buyer === undefined) throw new Error('the sample has a seller and a buyer');
  seller['BT-31'] = SELLER;
  seller['BT-34'] = { value: SELLER, scheme: '9938' };
  buyer['BT-44'] = "Ministère d'État";
  buyer['BT-49'] = { value: RECEIVER, scheme: '9938' };
  const ubl = writeUbl(t).replace(/^<\?xml[^>]*\?>\s*/, '').trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<!-- A Peppol BIS Billing 3.0 invoice in its SBDH, as the access point hands it to POST /peppol/v1/inbound (README, "SBDH hand-off"). Built by test/services/sbdh-example.test.ts. -->
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">9938:${SELLER}</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">9938:${RECEIVER}</Identifier></Receiver>
    <DocumentIdentification>
      <Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>${INSTANCE}</InstanceIdentifier>
      <Type>Invoice</Type>
      <CreationDateAndTime>2026-05-04T10:15:00Z</CreationDateAndTime>
    </DocumentIdentification>
    <BusinessScope>
      <Scope><Type>DOCUMENTID</Type><InstanceIdentifier>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1</InstanceIdentifier><Identifier>busdox-docid-qns</Identifier></Scope>
      <Scope><Type>PROCESSID</Type><InstanceIdentifier>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</InstanceIdentifier><Identifier>cenbii-procid-ubl</Identifier></Scope>
      <Scope><Type>COUNTRY_C1</Type><InstanceIdentifier>LU</InstanceIdentifier></Scope>
    </BusinessScope>
  </StandardBusinessDocumentHeader>
${ubl}
</StandardBusinessDocument>
`, 'utf8');
}

/** The README's hand-off command: the ```sh block that sends the example file. */
function readmeCurl(): string {
  const blocks = [...fs.readFileSync(README, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const block = blocks.find((b) => b.includes('docs/examples/sbdh-invoice.xml') && b.includes('/peppol/v1/inbound'));
  if (block === undefined) throw new Error('README has no curl of docs/examples/sbdh-invoice.xml');
  return block.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n').trim();
}

let store: TestStore;
let srv: TestServer;

beforeAll(async () => {
  store = await openTestStore('sbdh-example');
  await seedDirectory(store);
  srv = await startTestServer(store);
});
afterAll(async () => {
  await srv.close();
  await store.close();
});

test('docs/examples/sbdh-invoice.xml is what the hub builds', () => {
  const built = buildExample();
  if (process.env.EINVOICE_WRITE_EXAMPLES === '1') {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, built);
  }
  expect(fs.readFileSync(FILE, 'utf8')).toBe(built.toString('utf8'));
});

test('the README\'s curl, as printed, answers 202 {id, status: received}; the invoice is validated and routed to its body', async () => {
  const token = (await createToken(store, { name: 'access point', scope: 'access-point' })).token;
  const cmd = readmeCurl();
  expect(cmd).toMatch(/^curl /);
  const { stdout } = await promisify(execFile)('bash', ['-c', cmd.replace(/localhost:8080/g, srv.url.replace(/^http:\/\//, ''))], {
    cwd: ROOT, env: { ...process.env, AP_TOKEN: token },
  });
  const [head, bodyText] = stdout.split(/\r?\n\r?\n/);
  expect(head).toMatch(/^HTTP\/1\.1 202 Accepted/);
  const answer = JSON.parse(bodyText ?? '') as { id: string; status: string };
  expect(answer).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'received' });
  expect(head).toContain(`Location: /api/v1/documents/${answer.id}`);
  // the README shows that answer
  const readme = fs.readFileSync(README, 'utf8');
  expect(readme).toContain('HTTP/1.1 202 Accepted');
  expect(readme).toMatch(/\{"id":"[0-9a-f-]{36}","status":"received"\}/);
  const deps = { store, cpu: inlineCpu, logger: silent, clock: () => new Date() };
  expect((await validateStage(answer.id, deps)).state).toBe('validated');
  expect((await routeStage(answer.id, deps)).state).toBe('routed');
  const doc = await getDocument(store, answer.id);
  expect(doc).toMatchObject({ resolvedBodyId: 'min-etat', instanceId: INSTANCE, senderId: `9938:${SELLER}`, receiverId: `9938:${RECEIVER}`, c1Country: 'LU', sendingAp: 'PLU000001', invoiceNumber: 'INV-2026-0042' });
  // the same message again: the same document
  const again = await promisify(execFile)('bash', ['-c', cmd.replace(/localhost:8080/g, srv.url.replace(/^http:\/\//, ''))], { cwd: ROOT, env: { ...process.env, AP_TOKEN: token } });
  expect(JSON.parse(again.stdout.split(/\r?\n\r?\n/)[1] ?? '')).toMatchObject({ id: answer.id });
});
