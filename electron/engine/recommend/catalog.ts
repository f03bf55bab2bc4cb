import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { badInput } from '../errors';

const num = z.number().finite();

const cpuDetailSchema = z.object({
  cores_per_socket: num,
  vcpus_per_socket: num.positive(),
  clock_ghz_assumed: num,
  clock_basis: z.string(),
  fp32_flops_per_cycle_per_core: num,
  fp32_gflops_per_socket: num,
  fp32_gflops_per_vcpu: num.positive(),
  peak_tflops_scope: z.string(),
});

export const acceleratorSchema = z.strictObject({
  id: z.string().min(1),
  vendor: z.string(),
  name: z.string(),
  kind: z.enum(['cpu', 'gpu', 'npu']),
  memory_gb: num.nullable(),
  memory_bandwidth_gbs: num.positive().nullable(),
  peak_tflops: z.strictObject({ fp32: num.positive().nullable(), fp16: num.positive().nullable(), int8_tops: num.positive().nullable(), bf16: num.positive().nullable() }),
  tdp_w: num.nullable(),
  source: z.string(),
  note: z.string().optional(),
  cpu_detail: cpuDetailSchema.optional(),
});
export type CatalogAccelerator = z.infer<typeof acceleratorSchema>;

const discount = num.min(0).max(0.99);

export const instanceSchema = z.strictObject({
  provider: z.string(),
  id: z.string().min(1),
  vcpus: z.number().int().positive(),
  memory_gb: num,
  accelerator_id: z.string().nullable(),
  accelerator_count: z.number().int().min(0),
  price_on_demand_usd_hr: num.positive(),
  price_spot_usd_hr: num.positive().nullable(),
  region: z.string(),
  price_date: z.string(),
  source: z.string(),
  note: z.string().optional(),
  cpu_id: z.string().nullable().optional(),
  /** Reserved / committed-use discount as a fraction of the on-demand price (0.4 = 40% off). */
  reserved_discount: discount.optional(),
});
export type CatalogInstance = z.infer<typeof instanceSchema>;

const userFileSchema = z.union([
  z.array(z.unknown()),
  z.strictObject({ instances: z.array(z.unknown()).optional(), accelerators: z.array(z.unknown()).optional(), reserved_discount: discount.optional() }),
]);

export type Catalog = {
  instances: CatalogInstance[];
  accelerators: Map<string, CatalogAccelerator>;
  /** The files the catalog was read from, shipped first. */
  files: string[];
};

/** The shipped catalog folder: `data/` at the package root, found from here in the sources (tsx) and in dist/. */
export function shippedDataDir(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'data', 'instances.json'))) return join(dir, 'data');
    dir = dirname(dir);
  }
  throw badInput(`the hardware catalog (data/instances.json) was not found above ${from}: reinstall infermeter`);
}

function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw badInput(`${flag}${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseJsonText(text, file, flag);
}

function parseJsonText(text: string, file: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`${flag}${file}: not valid JSON (${(error as Error).message})`);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, file: string, where: string, flag: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [where, ...(issue?.path ?? []).map(String)].filter((s) => s !== '').join('.');
  throw badInput(`${flag}${file}: ${field || 'root'}: ${issue?.message ?? 'invalid'} — fix that field (see data/README.md for the format)`);
}

/** Reads and validates the shipped catalog, then applies the user's price file when given. */
export function loadCatalog(options: { dataDir?: string; pricesFile?: string; prices?: { fileName: string; content: string } | null } = {}): Catalog {
  const dir = options.dataDir ?? shippedDataDir();
  const instancesFile = join(dir, 'instances.json');
  const acceleratorsFile = join(dir, 'accelerators.json');
  const instances = parseOrThrow(z.array(instanceSchema), readJson(instancesFile, ''), instancesFile, '', '');
  const accList = parseOrThrow(z.array(acceleratorSchema), readJson(acceleratorsFile, ''), acceleratorsFile, '', '');
  const catalog: Catalog = { instances, accelerators: new Map(accList.map((a) => [a.id, a])), files: [instancesFile, acceleratorsFile] };
  if (options.pricesFile) applyUserFile(catalog, options.pricesFile, readJson(options.pricesFile, '--prices '));
  else if (options.prices) applyUserFile(catalog, options.prices.fileName, parseJsonText(options.prices.content, options.prices.fileName, 'prices '));
  checkReferences(catalog, options.pricesFile ?? options.prices?.fileName);
  return catalog;
}

/**
 * A user file overrides entries by id (only the fields it gives) and adds new ones (which must be complete).
 * The top-level `reserved_discount` applies to every instance that has none of its own.
 */
function applyUserFile(catalog: Catalog, file: string, json: unknown): void {
  const flag = '--prices ';
  const raw = parseOrThrow(userFileSchema, json, file, '', flag);
  const body = Array.isArray(raw) ? { instances: raw, accelerators: undefined, reserved_discount: undefined } : raw;
  (body.accelerators ?? []).forEach((entry, i) => {
    const id = parseOrThrow(z.object({ id: z.string().min(1) }), entry, file, `accelerators.${i}`, flag).id;
    const existing = catalog.accelerators.get(id);
    const merged = existing ? { ...existing, ...(entry as object) } : entry;
    catalog.accelerators.set(id, parseOrThrow(acceleratorSchema, merged, file, `accelerators.${i}`, flag));
  });
  (body.instances ?? []).forEach((entry, i) => {
    const id = parseOrThrow(z.object({ id: z.string().min(1) }), entry, file, `instances.${i}`, flag).id;
    const at = catalog.instances.findIndex((x) => x.id === id);
    const merged = at >= 0 ? { ...catalog.instances[at], ...(entry as object) } : entry;
    const parsed = parseOrThrow(instanceSchema, merged, file, `instances.${i}`, flag);
    if (at >= 0) catalog.instances[at] = parsed;
    else catalog.instances.push(parsed);
  });
  if (body.reserved_discount !== undefined) {
    const d = body.reserved_discount;
    catalog.instances = catalog.instances.map((x) => (x.reserved_discount === undefined ? { ...x, reserved_discount: d } : x));
  }
  catalog.files.push(file);
}

function checkReferences(catalog: Catalog, pricesFile: string | undefined): void {
  const where = pricesFile ? `--prices ${pricesFile}` : catalog.files[0] ?? 'catalog';
  catalog.instances.forEach((x, i) => {
    for (const field of ['accelerator_id', 'cpu_id'] as const) {
      const ref = x[field];
      if (ref && !catalog.accelerators.has(ref)) throw badInput(`${where}: instances.${i}.${field}: "${ref}" (instance ${x.id}) is not in accelerators — add it or fix the id`);
    }
    if ((x.accelerator_id === null) !== (x.accelerator_count === 0)) {
      throw badInput(`${where}: instances.${i}.accelerator_count: instance ${x.id} needs an accelerator_id exactly when accelerator_count > 0`);
    }
  });
}
