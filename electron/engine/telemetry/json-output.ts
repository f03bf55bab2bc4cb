// The JSON a ROCm tool printed, without what some releases print around it: a warning line before it on stdout
// ("WARNING: ... render group", ROCm/amdsmi#114) or the same document printed twice (amd-smi metric --gpu N --json,
// ROCm/rocm-systems#3068). The first JSON object or array that starts a line is the answer.

/** Where the JSON value starting at `start` ends (exclusive), or -1 when the text ends first. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The first JSON document in a tool's stdout. Throws, naming the tool's first line, when no line starts one or it
 * does not parse (the caller says which tool and command).
 */
export function parseToolJson(text: string): unknown {
  const start = /^[ \t]*[[{]/m.exec(text);
  const end = start ? valueEnd(text, start.index + start[0].length - 1) : -1;
  if (!start || end < 0) throw new Error(`not JSON: ${text.trim().split('\n')[0]?.slice(0, 200) || '(no output)'}`);
  return JSON.parse(text.slice(start.index, end)) as unknown;
}
