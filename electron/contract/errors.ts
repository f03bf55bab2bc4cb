import { z } from 'zod';

/** What went wrong, as plain data that crosses processes. The code decides the CLI's exit status. */
export const errorCodeSchema = z.enum(['bad-input', 'engine-crashed', 'points-not-valid', 'cancelled', 'internal']);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorInfoSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  detail: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/** DESIGN: CLI exit codes — 0 ok, 2 bad input, 3 some points not valid, 4 engine crashed, 1 anything else. */
export const exitCodeFor: Record<ErrorCode, number> = {
  'bad-input': 2,
  'points-not-valid': 3,
  'engine-crashed': 4,
  cancelled: 1,
  internal: 1,
};
