// What the engine is doing right now, for the host's deadlines: a session being created ('session'), a model being
// run ('inference') or other work. The worker forwards each phase to its host; anywhere else nobody listens.

export type PhaseKind = 'session' | 'inference' | 'work';
export type Phase = { kind: PhaseKind; what: string };

let listener: ((phase: Phase) => void) | null = null;

/** The engine worker's hook: one listener, the port to the host. */
export function onPhase(report: (phase: Phase) => void): void {
  listener = report;
}

export function enterPhase(kind: PhaseKind, what: string): void {
  listener?.({ kind, what });
}
