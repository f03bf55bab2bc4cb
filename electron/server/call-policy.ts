import type { AppMethod, AppParams } from '../contract/app-api';
import { badInput, toErrorInfo } from '../engine/errors';
import { parseBuiltinArgument } from '../../models/catalog';
import type { AllowedDirs } from './allowed-dirs';
import type { TokenBucket } from './rate-limit';
import type { Vetted } from '../host/app-service';

/** A model argument: built-in models are built by us into our cache; a file path must be in an allowed folder. */
function modelArgument(dirs: AllowedDirs, what: string, model: string): string {
  return parseBuiltinArgument(model) === null ? dirs.check(what, model) : model;
}

function convertParams(dirs: AllowedDirs, params: AppParams<'convertModel'>): AppParams<'convertModel'> {
  const checked = { ...params, model: modelArgument(dirs, 'convertModel: model', params.model), outPath: dirs.check('convertModel: outPath', params.outPath) };
  if (params.calibration?.kind === 'folder') checked.calibration = { kind: 'folder', path: dirs.check('convertModel: calibration folder', params.calibration.path) };
  if (params.accuracyInputs !== undefined) checked.accuracyInputs = dirs.check('convertModel: accuracyInputs', params.accuracyInputs);
  if (params.referenceData !== undefined) checked.referenceData = dirs.check('convertModel: referenceData', params.referenceData);
  return checked;
}

/**
 * What browser mode allows on top of the contract: file paths only inside the allowed folders (passed on as
 * their real paths, so what is checked is what is opened), and run starts at a limited rate. Asked only for calls
 * on the contract: the service refuses the others with its own message first.
 */
export class CallPolicy {
  constructor(
    private readonly dirs: AllowedDirs,
    private readonly runStarts: TokenBucket,
  ) {}

  /** PARAMS as the contract parsed them (AppService.handle checks them once, then asks this). */
  check(method: AppMethod, params: unknown): Vetted {
    try {
      return { ok: true, params: this.checked(method, params) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  private checked(method: AppMethod, params: unknown): unknown {
    switch (method) {
      case 'inspectModel': {
        const p = params as AppParams<'inspectModel'>;
        return { ...p, model: modelArgument(this.dirs, 'inspectModel: model', p.model) };
      }
      case 'convertModel':
        return convertParams(this.dirs, params as AppParams<'convertModel'>);
      case 'checkModel': {
        const p = params as AppParams<'checkModel'>;
        return { ...p, model: modelArgument(this.dirs, 'checkModel: model', p.model), dataDir: this.dirs.check('checkModel: dataDir', p.dataDir) };
      }
      case 'startRun': {
        const p = params as AppParams<'startRun'>;
        const checked = { ...p, model: modelArgument(this.dirs, 'startRun: model', p.model) };
        const data = p.options.referenceData;
        if (data !== undefined) checked.options = { ...p.options, referenceData: this.dirs.check('startRun: options.referenceData', data) };
        if (!this.runStarts.take()) {
          const seconds = Math.ceil(this.runStarts.waitMs() / 1000);
          throw badInput(`rate-limited: at most ${this.runStarts.capacity} run starts per ${this.runStarts.periodMs / 1000} s on this server; try again in ${seconds} s`);
        }
        return checked;
      }
      default:
        return params;
    }
  }
}
