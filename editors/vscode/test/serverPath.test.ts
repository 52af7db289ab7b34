import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledCandidates, expandSetting, pathCandidates, resolveServerPath, type ResolveInput } from '../src/serverPath';

function input(files: string[], over: Partial<ResolveInput> = {}): ResolveInput {
  const set = new Set(files);
  return {
    extensionPath: '/ext',
    workspaceFolder: '/corpus',
    platform: 'linux',
    arch: 'x64',
    pathEnv: '/usr/local/bin:/usr/bin',
    home: '/home/ed',
    isExecutable: (p) => set.has(p),
    ...over,
  };
}

describe('resolveServerPath', () => {
  it('prefers the setting over a bundled binary and PATH', () => {
    const r = resolveServerPath(
      input(['/opt/newsdesk/bin/newsdesk', '/ext/server/newsdesk', '/usr/bin/newsdesk'], {
        configured: '/opt/newsdesk/bin/newsdesk',
      }),
    );
    assert.deepEqual(r, { ok: true, path: '/opt/newsdesk/bin/newsdesk', source: 'setting' });
  });

  it('expands ~ and ${workspaceFolder} and resolves relative settings against the folder', () => {
    assert.deepEqual(
      resolveServerPath(input(['/home/ed/.cargo/bin/newsdesk'], { configured: '~/.cargo/bin/newsdesk' })),
      { ok: true, path: '/home/ed/.cargo/bin/newsdesk', source: 'setting' },
    );
    assert.deepEqual(
      resolveServerPath(input(['/corpus/tools/newsdesk'], { configured: '${workspaceFolder}/tools/newsdesk' })),
      { ok: true, path: '/corpus/tools/newsdesk', source: 'setting' },
    );
    assert.deepEqual(
      resolveServerPath(input(['/corpus/target/release/newsdesk'], { configured: 'target/release/newsdesk' })),
      { ok: true, path: '/corpus/target/release/newsdesk', source: 'setting' },
    );
  });

  it('looks a bare name in the setting up on PATH', () => {
    assert.deepEqual(
      resolveServerPath(input(['/usr/bin/newsdesk-nightly'], { configured: 'newsdesk-nightly' })),
      { ok: true, path: '/usr/bin/newsdesk-nightly', source: 'setting' },
    );
  });

  it('does not fall back silently when the configured binary is missing', () => {
    const r = resolveServerPath(input(['/usr/bin/newsdesk'], { configured: '/nowhere/newsdesk' }));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /newsdesk\.server\.path.*\/nowhere\/newsdesk.*not found/);
  });

  it('treats an empty or blank setting as unset', () => {
    for (const configured of ['', '   ', null, undefined]) {
      const r = resolveServerPath(input(['/usr/bin/newsdesk'], { configured }));
      assert.deepEqual(r, { ok: true, path: '/usr/bin/newsdesk', source: 'path' });
    }
  });

  it('uses the bundled binary (platform folder first) before PATH', () => {
    assert.deepEqual(
      resolveServerPath(input(['/ext/server/newsdesk', '/ext/server/linux-x64/newsdesk', '/usr/bin/newsdesk'])),
      { ok: true, path: '/ext/server/linux-x64/newsdesk', source: 'bundled' },
    );
    assert.deepEqual(resolveServerPath(input(['/ext/server/newsdesk', '/usr/bin/newsdesk'])), {
      ok: true,
      path: '/ext/server/newsdesk',
      source: 'bundled',
    });
  });

  it('searches PATH in order', () => {
    assert.deepEqual(resolveServerPath(input(['/usr/bin/newsdesk', '/usr/local/bin/newsdesk'])), {
      ok: true,
      path: '/usr/local/bin/newsdesk',
      source: 'path',
    });
  });

  it('explains how to install when nothing is found', () => {
    const r = resolveServerPath(input([]));
    assert.equal(r.ok, false);
    const msg = !r.ok ? r.message : '';
    assert.match(msg, /not found/);
    assert.match(msg, /cargo install/);
    assert.match(msg, /newsdesk\.server\.path/);
  });

  it('handles Windows paths, PATHEXT and the .exe bundle', () => {
    const r = resolveServerPath(
      input(['C:\\tools\\newsdesk.EXE'.replace('.EXE', '.exe')], {
        platform: 'win32',
        extensionPath: 'C:\\ext',
        pathEnv: 'C:\\Windows;C:\\tools',
        pathExt: '.COM;.EXE',
      }),
    );
    assert.deepEqual(r, { ok: true, path: 'C:\\tools\\newsdesk.exe', source: 'path' });
    assert.deepEqual(bundledCandidates('C:\\ext', 'win32', 'x64'), [
      'C:\\ext\\server\\win32-x64\\newsdesk.exe',
      'C:\\ext\\server\\newsdesk.exe',
    ]);
  });
});

describe('helpers', () => {
  it('expandSetting leaves other text alone', () => {
    assert.equal(expandSetting(' /a/~b ', { home: '/h' }), '/a/~b');
    assert.equal(expandSetting('${userHome}/x', { home: '/h' }), '/h/x');
  });
  it('pathCandidates skips empty entries', () => {
    assert.deepEqual(pathCandidates('/a::/b:', 'linux'), ['/a/newsdesk', '/b/newsdesk']);
    assert.deepEqual(pathCandidates(undefined, 'linux'), []);
  });
});
