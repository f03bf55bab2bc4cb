/** How often the RSS sampler reads the process's resident set by default. */
export const RSS_SAMPLE_INTERVAL_MS = 100;

export interface RssSampler {
  /** Stops sampling; returns the highest RSS seen, in bytes (read once more at stop). */
  stop(): number;
}

/**
 * Samples process RSS on an unref'd timer, so it never keeps the process alive. Node runs timers only between
 * JS callbacks, never while our code runs, so the read cannot land between the two clock reads of an iteration
 * as code; it can land in the event-loop turn that `session.run` waits for (onnxruntime-node defers each run by
 * setImmediate). A read costs a few µs, at most once per interval: under 0.01% of the timed total at 100 ms.
 */
export function startRssSampler(intervalMs: number = RSS_SAMPLE_INTERVAL_MS): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    stop(): number {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        const rss = process.memoryUsage.rss();
        if (rss > peak) peak = rss;
      }
      return peak;
    },
  };
}
