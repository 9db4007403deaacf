/**
 * The whole official conformance suite (every CEN and Peppol test in ../shared/conformance) on the
 * compiled engine, judged by the same harness as the reference engine (test/validation/conformance-suite.ts).
 */
import { conformanceSuites } from '../../validation/conformance';
import { conformanceSuite } from '../validation/conformance-suite';

for (const suite of Object.keys(conformanceSuites)) conformanceSuite(suite, 0, 1, 'compiled');
