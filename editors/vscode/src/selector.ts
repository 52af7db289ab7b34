// Which documents the extension hands to the server: `.txt` reports under a folder
// that holds a `newsdesk.toml`, plus the `newsdesk.corpus.include` globs. Never
// every plain-text file.
//
// Pure: no `vscode` import. Filters use LSP relative patterns (`baseUri` + glob) so
// that folder names need no glob escaping.

export interface RelativePattern {
  baseUri: string;
  pattern: string;
}

export interface DocumentFilter {
  scheme: 'file';
  pattern: string | RelativePattern;
}

export const REPORT_GLOB = '**/*.txt';
export const CONFIG_FILE = 'newsdesk.toml';

function trimSlash(s: string): string {
  return s.replace(/[\\/]+$/, '');
}

/** Is `child` equal to or inside `parent` (file-system paths, either separator)? */
export function isInside(child: string, parent: string): boolean {
  const c = trimSlash(child).replace(/\\/g, '/');
  const p = trimSlash(parent).replace(/\\/g, '/');
  return c === p || c.startsWith(p + '/');
}

/** Corpus roots from the paths of the `newsdesk.toml` files found: their folders,
 * without those inside another root (already covered by its glob). */
export function corpusRoots(configFiles: readonly string[]): string[] {
  const dirs = [
    ...new Set(configFiles.map((f) => trimSlash(f.replace(/[\\/][^\\/]*$/, '')) || '/')),
  ].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const d of dirs) {
    if (!out.some((r) => isInside(d, r))) {
      out.push(d);
    }
  }
  return out;
}

/** Is a glob absolute (a POSIX path, a drive letter or a UNC path)? */
export function isAbsoluteGlob(glob: string): boolean {
  return glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob) || glob.startsWith('\\\\');
}

/**
 * The document selector.
 * @param rootUris URIs of the corpus roots (folders holding newsdesk.toml)
 * @param include the `newsdesk.corpus.include` globs
 * @param folderUris URIs of the workspace folders (relative globs apply to each)
 */
export function documentFilters(
  rootUris: readonly string[],
  include: readonly string[],
  folderUris: readonly string[],
): DocumentFilter[] {
  const out: DocumentFilter[] = [];
  const seen = new Set<string>();
  const push = (f: DocumentFilter) => {
    const key = JSON.stringify(f);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  };
  for (const baseUri of rootUris) {
    push({ scheme: 'file', pattern: { baseUri, pattern: REPORT_GLOB } });
  }
  for (const raw of include) {
    const glob = raw.trim();
    if (glob === '') {
      continue;
    }
    if (isAbsoluteGlob(glob)) {
      push({ scheme: 'file', pattern: glob.replace(/\\/g, '/') });
      continue;
    }
    const rel = glob.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const baseUri of folderUris) {
      push({ scheme: 'file', pattern: { baseUri, pattern: rel } });
    }
  }
  return out;
}

/** Should the extension start a server at all? */
export function hasCorpus(rootUris: readonly string[], include: readonly string[]): boolean {
  return rootUris.length > 0 || include.some((g) => g.trim() !== '');
}
