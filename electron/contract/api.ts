import type { z } from 'zod';
import { sideTable } from './methods';

/**
 * The engine's methods: the engine side of the one method table (contract/methods.ts).
 * Hosts, shells and the worker derive their types from it.
 */
export const engineMethods = sideTable('engine');

export type EngineMethods = typeof engineMethods;
export type EngineMethod = keyof EngineMethods;
export type ParamsOf<M extends EngineMethod> = z.infer<EngineMethods[M]['params']>;
export type ResultOf<M extends EngineMethod> = z.infer<EngineMethods[M]['result']>;
