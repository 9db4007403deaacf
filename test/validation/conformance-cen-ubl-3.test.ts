import { conformanceSuite } from './conformance-suite';

conformanceSuite('en16931-ubl-invoice', 2, 3);
