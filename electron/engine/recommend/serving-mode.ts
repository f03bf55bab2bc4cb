import type { Span } from './overheads';

/**
 * How batches reach the GPU, which decides how the per-batch costs add up:
 * - session: one onnxruntime session.run after another, as this tool and a plain user program run it: framework,
 *   host→device copies and the compute follow one another (launches overlap the compute). The default.
 * - pipelined: a harness that keeps several batches in flight on separate CUDA streams (NVIDIA's MLPerf harness,
 *   Triton with several model instances): copies of the next batch overlap the compute of this one, so a batch
 *   costs its slowest stage.
 * - compute-only: figures that time the GPU's work alone (TensorRT's demoBERT benchmark says its times exclude
 *   copies): no framework, no copies.
 * - served: a session behind an inference server measured from its client (Triton's perf_analyzer): a session plus
 *   the request's trip through client and server, and its input/output bytes through the client protocol.
 */
export type ServingMode = 'session' | 'pipelined' | 'compute-only' | 'served';

export const SERVING_MODE_LABEL: Record<ServingMode, string> = {
  session: 'one session.run at a time (copies, then compute)',
  pipelined: 'pipelined harness (copies overlap compute)',
  'compute-only': 'GPU compute only (no copies, no framework)',
  served: 'through an inference server, timed at its client',
};

/**
 * Seconds a request spends in an inference server outside the model at concurrency 1: client send, network and
 * server send/receive, queueing and the server's input staging. NVIDIA's DeepLearningExamples Triton READMEs break
 * perf_analyzer's latency into these parts: "Network+server Send/recv" alone is 1.2–1.9 ms per request on a DGX
 * A100 and an A40 (ResNet-50, ONNX Runtime TensorRT backend, 16 concurrent requests), with client send ~0.07 ms and
 * server compute input 0.3 ms. At concurrency 1 we take 0.4–1.5 ms.
 */
export const SERVED_S_PER_REQUEST: Span = { low: 0.4e-3, high: 1.5e-3 };

/**
 * Bytes/s of tensor data through the client protocol when inputs are sent in the request (gRPC/HTTP, no shared
 * memory): protobuf/JSON marshalling and a loopback or LAN socket. The same READMEs' send/recv times for
 * 602 KB FP32 images put it at 1–3 GB/s; 10 GbE would cap it at 1.25 GB/s. With CUDA or system shared memory the
 * request carries handles only and this term is 0.
 */
export const SERVED_BYTES_PER_S: Span = { low: 1e9, high: 3e9 };

/** The per-batch costs a serving mode combines, each a [fast, slow] span in seconds. */
export type BatchParts = { framework: Span; copies: Span; launches: Span; compute: Span; serving: Span };

const ZERO: Span = { low: 0, high: 0 };

/** Time of one batch and its floor (what no amount of compute speed removes) under a serving mode. */
export function batchSeconds(parts: BatchParts, mode: ServingMode): { t: Span; floor: Span } {
  const end = (k: 'low' | 'high') => {
    const { framework, copies, launches, compute, serving } = {
      framework: parts.framework[k], copies: parts.copies[k], launches: parts.launches[k], compute: parts.compute[k], serving: parts.serving[k],
    };
    switch (mode) {
      case 'compute-only':
        return { t: Math.max(launches, compute), floor: launches };
      case 'pipelined':
        return { t: Math.max(framework, copies, launches, compute), floor: Math.max(framework, copies, launches) };
      case 'served':
        return { t: serving + framework + copies + Math.max(launches, compute), floor: serving + framework + copies + launches };
      case 'session':
        return { t: framework + copies + Math.max(launches, compute), floor: framework + copies + launches };
    }
  };
  const low = end('low');
  const high = end('high');
  return { t: { low: low.t, high: high.t }, floor: { low: low.floor, high: high.floor } };
}

/** The serving term of a batch: per-request cost plus its bytes through the client protocol (0 bytes with shared memory). */
export function servingSeconds(mode: ServingMode, clientBytes: number): Span {
  if (mode !== 'served') return ZERO;
  return { low: SERVED_S_PER_REQUEST.low + clientBytes / SERVED_BYTES_PER_S.high, high: SERVED_S_PER_REQUEST.high + clientBytes / SERVED_BYTES_PER_S.low };
}
