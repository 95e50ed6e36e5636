import { describeApiSuite } from './api-suite.ts';

describeApiSuite('postgres');
