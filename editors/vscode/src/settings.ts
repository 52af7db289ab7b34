// VS Code settings (`newsdesk.*`) to the server's `newsdesk` configuration section:
//   { "rules": { "<code>": "error"|"warning"|"information"|"hint"|"off" },
//     "quotes": { "threshold": 0.0-1.0 } }
//
// Pure: no `vscode` import.

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Setting key under `newsdesk.rules.` → the diagnostic code the server uses. */
export const RULE_SETTINGS: Readonly<Record<string, string>> = {
  boilerplate: 'boilerplate',
  missingDateline: 'missing-dateline',
  malformedDateline: 'malformed-dateline',
  mismatchedQuote: 'mismatched-quote',
  quoteVariant: 'quote-variant',
  reusedPassage: 'reused-passage',
  nearDuplicate: 'near-duplicate',
};

export interface ServerConfig {
  rules: Record<string, Severity>;
  quotes: { threshold?: number };
}

/** Reads one setting below `newsdesk.`, e.g. `get('rules.boilerplate')`. */
export type SettingGetter = (key: string) => unknown;

const ALIASES: Readonly<Record<string, Severity>> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
};

/** A severity from a setting value; undefined for "default", empty or unknown values. */
export function parseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  return ALIASES[value.trim().toLowerCase()];
}

/** A quote-similarity threshold from a setting value, clamped to 0..1. */
export function parseThreshold(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    return undefined;
  }
  return Math.min(1, Math.max(0, n));
}

/**
 * The `newsdesk` section as the server expects it. Settings left at "default" (or
 * empty) are omitted: the built-in level applies (and newsdesk.toml wins anyway).
 */
export function toServerConfig(get: SettingGetter): ServerConfig {
  const rules: Record<string, Severity> = {};
  for (const [key, code] of Object.entries(RULE_SETTINGS)) {
    const sev = parseSeverity(get(`rules.${key}`));
    if (sev !== undefined) {
      rules[code] = sev;
    }
  }
  const quotes: { threshold?: number } = {};
  const threshold = parseThreshold(get('quotes.threshold'));
  if (threshold !== undefined) {
    quotes.threshold = threshold;
  }
  return { rules, quotes };
}

/** Settings whose change needs a new server process (not just a configuration push). */
export const RESTART_SETTINGS: readonly string[] = ['newsdesk.server.path', 'newsdesk.corpus.include'];
