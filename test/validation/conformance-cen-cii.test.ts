import { conformanceSuite } from './conformance-suite';

conformanceSuite('en16931-cii');
