import { conformanceSuite } from './conformance-suite';

conformanceSuite('peppol-ubl');
