/** The CPU work on the caller's thread, without a pool (tests, benchmarks of one stage, the CLI). */
import type { CpuWork } from '../stage-contract';
import { renderTask, validateTask } from './tasks';

export const inlineCpu: CpuWork = {
  validate: validateTask,
  render: renderTask,
};
