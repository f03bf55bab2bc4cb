import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** What the app remembers between launches, in userData/settings.json. */
export const settingsSchema = z.object({
  version: z.literal(1),
  window: z.object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(480).max(16384),
    height: z.number().int().min(360).max(16384),
    maximized: z.boolean(),
  }),
  /** Folders the file dialogs last opened, so the next dialog starts there. */
  lastModelDir: z.string().optional(),
  lastRunDir: z.string().optional(),
  zoomFactor: z.number().min(0.25).max(5),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  window: { width: 1280, height: 860, maximized: false },
  zoomFactor: 1,
};

export const SETTINGS_FILE = 'settings.json';

export type SettingsLoad = { settings: Settings; problem: string | null };

/** Reads the settings; a missing, unreadable or off-schema file gives the defaults and says why. */
export function loadSettings(dir: string): SettingsLoad {
  const file = path.join(dir, SETTINGS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { settings: structuredClone(DEFAULT_SETTINGS), problem: missing ? null : `${file}: cannot be read (${String(error)})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings: structuredClone(DEFAULT_SETTINGS), problem: `${file}: not JSON; using the defaults` };
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { settings: structuredClone(DEFAULT_SETTINGS), problem: `${file}: ${issue?.path.join('.') || 'file'} ${issue?.message ?? 'invalid'}; using the defaults` };
  }
  return { settings: parsed.data, problem: null };
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves a half file behind. */
export function saveSettings(dir: string, settings: Settings): void {
  const checked = settingsSchema.parse(settings);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SETTINGS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(checked, null, 2)}\n`);
  fs.renameSync(temp, file);
}
