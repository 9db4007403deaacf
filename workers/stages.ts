/** The four stage processors, by name: validate, route, render, dispatch (each in workers/<stage>/stage.ts). */
import type { StageName } from '../core/documents/states';
import { dispatchStage } from './dispatch/stage';
import { renderStage } from './render/stage';
import { routeStage } from './route/stage';
import type { StageProcessor } from './stage-contract';
import { validateStage } from './validate/stage';

export const STAGE_PROCESSORS: Readonly<Record<StageName, StageProcessor>> = {
  validate: validateStage,
  route: routeStage,
  render: renderStage,
  dispatch: dispatchStage,
};
