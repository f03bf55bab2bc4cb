import * as ort from 'onnxruntime-node';
import { type ProviderId, providerIds, type ProviderStatus } from '../../contract/hardware';
import { buildProbeModel, matchesExpected, type ProbeModel } from './probe-model';
import { classifyProviderError, notBundledVerdict, type ProviderFacts } from './provider-errors';
import { currentCudaInstallCommand } from './install-method';
import { findVulkanLoader, missingProviderDependencies, providerLibsPresent } from './provider-libs';

const PROBE_TIMEOUT_MS = 20_000;
/** onnxruntime's ERROR severity: keeps its warnings off stderr while probing. */
const QUIET_LOG_SEVERITY = 3;

function target(): string {
  return `${process.platform}/${process.arch}`;
}

/** The backends this onnxruntime-node build knows, by name; empty if the binding cannot say. */
function listedBackends(): Set<string> {
  try {
    return new Set(ort.listSupportedBackends().map((b) => b.name));
  } catch {
    return new Set(['cpu']);
  }
}

function available(id: ProviderId, probeMs: number): ProviderStatus {
  return { id, available: true, status: 'available', reason: null, remedy: null, probeMs };
}

function unavailable(id: ProviderId, verdict: { status: ProviderStatus['status']; reason: string; remedy: string }, probeMs: number | null): ProviderStatus {
  return { id, available: false, status: verdict.status, reason: verdict.reason, remedy: verdict.remedy, probeMs };
}

type Attempt = { ok: true } | { ok: false; message: string; wrongNumbers?: boolean };

/** Creates a session on `id` alone, runs it once and checks the answer. */
async function attempt(id: ProviderId, model: ProbeModel): Promise<Attempt> {
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(model.bytes, {
      executionProviders: [id],
      logSeverityLevel: QUIET_LOG_SEVERITY,
      graphOptimizationLevel: 'disabled',
    });
    const feeds = { [model.inputName]: new ort.Tensor('float32', model.input, model.inputDims) };
    const out = await session.run(feeds);
    const data = out[model.outputName]?.data;
    if (!(data instanceof Float32Array) || !matchesExpected(data, model.expected)) {
      const got = data instanceof Float32Array ? `[${[...data].join(', ')}]` : 'no float32 output';
      return { ok: false, wrongNumbers: true, message: `got ${got}, expected [${[...model.expected].join(', ')}]` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    await session?.release().catch(() => undefined);
  }
}

async function factsFor(id: ProviderId): Promise<ProviderFacts> {
  if (id === 'cuda' || id === 'tensorrt') {
    const present = providerLibsPresent(id);
    return { providerLibsPresent: present, missingLibraries: present ? await missingProviderDependencies(id) : [], cudaInstall: currentCudaInstallCommand() };
  }
  if (id === 'webgpu' && process.platform === 'linux') return { vulkanLoader: await findVulkanLoader() };
  return {};
}

async function probeOne(id: ProviderId, listed: Set<string>, model: ProbeModel): Promise<ProviderStatus> {
  if (!listed.has(id)) return unavailable(id, notBundledVerdict(id, target()), null);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), PROBE_TIMEOUT_MS);
  });
  // A native call cannot be interrupted: on timeout the attempt is left to finish (and release) on its own.
  const result = await Promise.race([attempt(id, model), timedOut]);
  clearTimeout(timer);
  const probeMs = Math.round((performance.now() - started) * 100) / 100;
  if (result === 'timeout') {
    return unavailable(
      id,
      { status: 'failed', reason: `the probe session did not finish within ${PROBE_TIMEOUT_MS / 1000} s`, remedy: 'check the GPU driver (a hung driver stalls session creation) and try again' },
      probeMs,
    );
  }
  if (result.ok) return available(id, probeMs);
  if (result.wrongNumbers) {
    return unavailable(
      id,
      { status: 'failed', reason: `the probe session ran but computed wrong numbers (${result.message})`, remedy: 'update the GPU driver and onnxruntime-node; do not benchmark this provider until it computes correctly' },
      probeMs,
    );
  }
  return unavailable(id, classifyProviderError(id, result.message, target(), await factsFor(id)), probeMs);
}

/**
 * Which execution providers work here. A provider is available only when a one-node session created with it
 * alone ran and returned the right numbers; each probe is bounded in time and never throws.
 */
export async function probeProviders(): Promise<ProviderStatus[]> {
  const listed = listedBackends();
  const model = buildProbeModel();
  const results: ProviderStatus[] = [];
  // One at a time: GPU providers initialise drivers, and parallel probes would blur each probe's time.
  for (const id of providerIds) {
    try {
      results.push(await probeOne(id, listed, model));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push(unavailable(id, { status: 'failed', reason: `probe error: ${message}`, remedy: 'report this as a bug in infermeter' }, null));
    }
  }
  return results;
}

/**
 * Provider status without running any session. What is certain is said (not built for this platform; CUDA/TensorRT
 * provider libraries missing); everything else is 'not-probed', never 'available', since only a run proves that.
 */
export function providersWithoutProbing(): ProviderStatus[] {
  const listed = listedBackends();
  return providerIds.map((id) => {
    if (!listed.has(id)) return unavailable(id, notBundledVerdict(id, target()), null);
    if (providerLibsPresent(id) === false) return unavailable(id, classifyProviderError(id, 'Failed to load shared library', target(), { providerLibsPresent: false, cudaInstall: currentCudaInstallCommand() }), null);
    return unavailable(
      id,
      { status: 'not-probed', reason: `listed by onnxruntime-node for ${target()}, but no test session was run`, remedy: 'detect hardware with provider probing on to find out whether it works here' },
      null,
    );
  });
}
