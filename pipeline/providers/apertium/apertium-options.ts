import * as z from 'zod';

const positive = () => z.number().int().min(1).optional();

/**
 * The options a config target with `provider: apertium` may set, and nothing else (the config loader
 * rejects unknown keys against this schema). Defaults are applied by `resolveApertiumOptions`
 * (`apertium.ts`, which documents each option).
 */
export const apertiumOptionsSchema = z.strictObject({
  mode: z.enum(['command', 'server']).optional(),
  pair: z
    .string()
    .regex(/^[a-z]{2,3}(_\w+)?-[a-z]{2,3}(_\w+)?$/, 'must look like "ind-zlm"')
    .optional(),
  command: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  batchSize: positive(),
  batchBytes: positive(),
  concurrency: positive(),
  timeoutMs: positive(),
});

export type ApertiumConfigOptions = z.infer<typeof apertiumOptionsSchema>;
