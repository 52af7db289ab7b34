// Where the `newsdesk` binary is: the `newsdesk.server.path` setting, then the
// binary bundled in the extension under `server/`, then `PATH`.
//
// Pure: no `vscode` import, so that it can be unit-tested with node's test runner.

import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Resolution =
  | { ok: true; path: string; source: ServerSource }
  | { ok: false; message: string };

export interface ResolveInput {
  /** The `newsdesk.server.path` setting (empty or null: not set). */
  configured?: string | null;
  /** The extension's install folder (holds `server/` when a binary is bundled). */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative settings. */
  workspaceFolder?: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The `PATH` environment variable. */
  pathEnv?: string;
  /** The `PATHEXT` environment variable (Windows). */
  pathExt?: string;
  /** The user's home folder, for `~`. */
  home?: string;
  /** Is there an executable file at this path? */
  isExecutable: (p: string) => boolean;
}

export const INSTALL_HINT =
  'Install it with `cargo install --path .` from the newsdesk sources (or put a release binary on PATH), ' +
  'or set "newsdesk.server.path" to the binary.';

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The binary's file name on this platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'newsdesk.exe' : 'newsdesk';
}

/** Expand `~`, `${userHome}` and `${workspaceFolder}` in a configured path. */
export function expandSetting(
  value: string,
  vars: { home?: string; workspaceFolder?: string },
): string {
  let v = value.trim();
  if (vars.home !== undefined) {
    if (v === '~') {
      v = vars.home;
    } else if (v.startsWith('~/') || v.startsWith('~\\')) {
      v = vars.home + v.slice(1);
    }
    v = v.split('${userHome}').join(vars.home);
  }
  if (vars.workspaceFolder !== undefined) {
    v = v.split('${workspaceFolder}').join(vars.workspaceFolder);
  }
  return v;
}

/** Candidate locations of a bundled binary, most specific first. */
export function bundledCandidates(
  extensionPath: string,
  platform: NodeJS.Platform,
  arch: string,
): string[] {
  const p = pathApi(platform);
  const name = binaryName(platform);
  return [
    p.join(extensionPath, 'server', `${platform}-${arch}`, name),
    p.join(extensionPath, 'server', name),
  ];
}

/** Every place `PATH` would find the binary, in order. */
export function pathCandidates(
  pathEnv: string | undefined,
  platform: NodeJS.Platform,
  pathExt?: string,
): string[] {
  if (!pathEnv) {
    return [];
  }
  const p = pathApi(platform);
  const sep = platform === 'win32' ? ';' : ':';
  const exts =
    platform === 'win32'
      ? (pathExt || '.COM;.EXE;.BAT;.CMD')
          .split(';')
          .filter((e) => e.length > 0)
          .map((e) => e.toLowerCase())
      : [''];
  const out: string[] = [];
  for (const dir of pathEnv.split(sep)) {
    if (dir.trim() === '') {
      continue;
    }
    for (const ext of exts) {
      out.push(p.join(dir.replace(/^"(.*)"$/, '$1'), 'newsdesk' + ext));
    }
  }
  return out;
}

/** Find the server binary, or explain how to install it. */
export function resolveServerPath(input: ResolveInput): Resolution {
  const p = pathApi(input.platform);
  const configured = (input.configured ?? '').trim();
  if (configured !== '') {
    let candidate = expandSetting(configured, {
      home: input.home,
      workspaceFolder: input.workspaceFolder,
    });
    if (!p.isAbsolute(candidate)) {
      // a bare name is looked up on PATH, like a shell would
      if (!candidate.includes('/') && !candidate.includes('\\')) {
        const dirs = input.pathEnv ? input.pathEnv.split(input.platform === 'win32' ? ';' : ':') : [];
        for (const dir of dirs.filter((d) => d.trim() !== '')) {
          const full = p.join(dir, candidate);
          if (input.isExecutable(full)) {
            return { ok: true, path: full, source: 'setting' };
          }
        }
      }
      if (input.workspaceFolder !== undefined) {
        candidate = p.resolve(input.workspaceFolder, candidate);
      }
    }
    if (input.isExecutable(candidate)) {
      return { ok: true, path: candidate, source: 'setting' };
    }
    return {
      ok: false,
      message: `newsdesk: the server set in "newsdesk.server.path" (${configured}) was not found or is not executable. Fix the setting, or clear it to use the bundled binary or the one on PATH.`,
    };
  }
  for (const c of bundledCandidates(input.extensionPath, input.platform, input.arch)) {
    if (input.isExecutable(c)) {
      return { ok: true, path: c, source: 'bundled' };
    }
  }
  for (const c of pathCandidates(input.pathEnv, input.platform, input.pathExt)) {
    if (input.isExecutable(c)) {
      return { ok: true, path: c, source: 'path' };
    }
  }
  return {
    ok: false,
    message: `newsdesk: the newsdesk language server was not found (not bundled with this extension, not on PATH). ${INSTALL_HINT}`,
  };
}
