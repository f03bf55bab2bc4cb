import { z } from 'zod';

/** The precisions a model is measured at: the source (FP32) and the variants the converter makes. */
export const precisionSchema = z.enum(['fp32', 'fp16', 'int8']);
export type Precision = z.infer<typeof precisionSchema>;
