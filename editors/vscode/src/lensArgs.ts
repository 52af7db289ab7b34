// Arguments of the client-side command `newsdesk.showReferences` that the server
// puts in its "quoted in N other reports" code lenses: [uri, position, locations],
// in protocol (JSON) form. Checked here before they are converted for
// `editor.action.showReferences`.
//
// Pure: no `vscode` import.

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface LspLocation {
  uri: string;
  range: LspRange;
}

export interface ShowReferencesArgs {
  uri: string;
  position: LspPosition;
  locations: LspLocation[];
}

/** The client-side command of the server's code lenses. */
export const SHOW_REFERENCES_COMMAND = 'newsdesk.showReferences';

function isPosition(v: unknown): v is LspPosition {
  const p = v as LspPosition;
  return (
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0
  );
}

function isLocation(v: unknown): v is LspLocation {
  const l = v as LspLocation;
  return (
    typeof l === 'object' &&
    l !== null &&
    typeof l.uri === 'string' &&
    typeof l.range === 'object' &&
    l.range !== null &&
    isPosition(l.range.start) &&
    isPosition(l.range.end)
  );
}

/** Validate `[uri, position, locations]`; undefined when malformed. Locations that
 * are malformed are dropped. */
export function parseShowReferencesArgs(args: readonly unknown[]): ShowReferencesArgs | undefined {
  const [uri, position, locations] = args;
  const uriString = typeof uri === 'string' ? uri : (uri as { uri?: unknown } | null)?.uri;
  if (typeof uriString !== 'string' || !isPosition(position) || !Array.isArray(locations)) {
    return undefined;
  }
  return { uri: uriString, position, locations: locations.filter(isLocation) };
}
