// What a trial process (trial-process.ts) starts with beside the engine worker's environment: glibc's malloc asked
// to put its memory on transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1, glibc 2.35+: it madvises
// what it maps, so it works where the kernel's THP mode is "madvise", the common default). onnxruntime's weights,
// pre-packed weights and arena then sit on 2 MiB pages instead of 4 KiB ones whose physical placement differs from
// process to process. `npm run bench:process-spread`, builtin:mlp 4×1024 on a 2-vCPU AMD EPYC (THP madvise, glibc
// 2.36), fresh processes alternating: the spread of process means (CV) fell from 11–17% to 3–6% at batch 16 and
// from 3–11% to 1–3% at batch 1 in 3 runs of 6–14 processes each, and the median ran 0.92× the time (faster).
// Elsewhere it is ignored (musl, macOS, Windows, THP "never") or changes nothing (THP "always"). Opt out with
// INFERMETER_HUGE_PAGES=0; a GLIBC_TUNABLES that already says hugetlb is left as it is.
import type { SessionSettings } from '../../contract/run';
import { DEFAULT_SESSION_SETTINGS } from './session-settings';

export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';
/** Set to 0 to start trial processes without the huge-page tunable. */
export const HUGE_PAGES_OPT_OUT = 'INFERMETER_HUGE_PAGES';

/** Whether trial processes are asked to use huge pages: on Linux, unless opted out. */
export function trialHugePagesWanted(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' && env[HUGE_PAGES_OPT_OUT] !== '0';
}

/** The session settings of a run, as recorded and as its trial processes apply them. */
export function runSessionSettings(env: NodeJS.ProcessEnv = process.env): SessionSettings {
  return { ...DEFAULT_SESSION_SETTINGS, trialHugePages: trialHugePagesWanted(env) };
}

/** The environment of a trial process measured with these settings. */
export function trialProcessEnv(settings: SessionSettings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const tunables = env['GLIBC_TUNABLES'];
  if (settings.trialHugePages !== true || tunables?.includes('glibc.malloc.hugetlb=') === true) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}
