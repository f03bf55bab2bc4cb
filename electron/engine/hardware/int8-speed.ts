// What INT8 gains over FP32 on this CPU, for each weight encoding: the figure a user needs beside the INT8 path to
// decide whether INT8 pays here (on AVX2 without VNNI the safe encoding can make it slower than FP32).
import * as ort from 'onnxruntime-node';
import type { Int8Speed } from '../../contract/hardware';
import { median } from '../../../common/stats/percentile';
import { matmulKernel, type MatmulKernel } from '../recommend/rate-kernels';

/** Big enough that the per-call quantization of A is small beside the product, small enough for a hw probe. */
export const INT8_SPEED_N = 512;
const ROUNDS = 7;
const RUNS_PER_ROUND = 3;

async function fastestRun(session: ort.InferenceSession, kernel: MatmulKernel, runs: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(kernel.feeds, kernel.fetches);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/**
 * FP32 MatMul against the INT8 DynamicQuantizeMatMul the converter emits, with int8 (s8) and uint8 (u8) weights, on
 * the CPU provider: the three kernels alternate round by round (a drift of the machine's speed lands on all three),
 * each round keeps each kernel's fastest of a few runs, and the speed-up is the median over rounds of the per-round
 * ratio FP32 time / INT8 time.
 */
export async function measureInt8Speed(n = INT8_SPEED_N, rounds = ROUNDS): Promise<Int8Speed> {
  const kernels = { fp32: matmulKernel('fp32', n), s8: matmulKernel('int8', n, 's8'), u8: matmulKernel('int8', n, 'u8') };
  const sessions: Partial<Record<keyof typeof kernels, ort.InferenceSession>> = {};
  try {
    for (const [name, kernel] of Object.entries(kernels) as [keyof typeof kernels, MatmulKernel][]) {
      const session = await ort.InferenceSession.create(kernel.model, { executionProviders: ['cpu'], logSeverityLevel: 3 });
      sessions[name] = session;
      await session.run(kernel.feeds, kernel.fetches);
    }
    const ratios = { s8: [] as number[], u8: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const fp32 = await fastestRun(sessions.fp32 as ort.InferenceSession, kernels.fp32, RUNS_PER_ROUND);
      ratios.s8.push(fp32 / (await fastestRun(sessions.s8 as ort.InferenceSession, kernels.s8, RUNS_PER_ROUND)));
      ratios.u8.push(fp32 / (await fastestRun(sessions.u8 as ort.InferenceSession, kernels.u8, RUNS_PER_ROUND)));
    }
    return {
      s8: median(ratios.s8),
      u8: median(ratios.u8),
      spread: { s8: [Math.min(...ratios.s8), Math.max(...ratios.s8)], u8: [Math.min(...ratios.u8), Math.max(...ratios.u8)] },
      method:
        `${n}×${n} MatMul on the CPU provider: FP32 MatMul against DynamicQuantizeMatMul with int8 (s8) and uint8 (u8) weights, ` +
        `${rounds} alternating rounds of ${RUNS_PER_ROUND} runs each, fastest run per round, median of the per-round ratios`,
    };
  } finally {
    for (const session of Object.values(sessions)) await session.release();
  }
}
