/** A Peppol SBDH around a payload, for the tests (no other import: the CLI's unit tests use it too). */
import crypto from 'node:crypto';

/** The payload in a Peppol SBDH; its bytes are kept as they are (only an XML declaration is taken off). */
export function sbdh(payload: Buffer, o: { sender?: string; receiver?: string; instanceId?: string; country?: string } = {}): Buffer {
  const decl = /^<\?xml[^>]*\?>\s*/.exec(payload.subarray(0, 512).toString('latin1'))?.[0].length ?? 0;
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">${o.sender ?? '0088:9482348239847239874'}</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">${o.receiver ?? '9938:LU12345678'}</Identifier></Receiver>
    <DocumentIdentification>
      <Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>${o.instanceId ?? crypto.randomUUID()}</InstanceIdentifier>
      <Type>Invoice</Type>
      <CreationDateAndTime>2026-01-01T10:00:00Z</CreationDateAndTime>
    </DocumentIdentification>
    <BusinessScope>
      <Scope><Type>DOCUMENTID</Type><InstanceIdentifier>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1</InstanceIdentifier><Identifier>busdox-docid-qns</Identifier></Scope>
      <Scope><Type>PROCESSID</Type><InstanceIdentifier>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</InstanceIdentifier><Identifier>cenbii-procid-ubl</Identifier></Scope>
      <Scope><Type>COUNTRY_C1</Type><InstanceIdentifier>${o.country ?? 'BE'}</InstanceIdentifier></Scope>
    </BusinessScope>
  </StandardBusinessDocumentHeader>
  `;
  return Buffer.concat([Buffer.from(head, 'utf8'), payload.subarray(decl), Buffer.from('\n</StandardBusinessDocument>\n', 'utf8')]);
}
