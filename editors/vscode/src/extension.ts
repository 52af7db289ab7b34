// The VS Code side of newsdesk: starts `newsdesk lsp` for the reports of a corpus
// (a folder holding newsdesk.toml, or the `newsdesk.corpus.include` globs), maps
// the settings to the server's `newsdesk` configuration section, and adds the
// commands and the status bar item. The logic worth testing lives in the pure
// modules beside this file.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  ReferencesRequest,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { parseShowReferencesArgs, SHOW_REFERENCES_COMMAND } from './lensArgs';
import { CONFIG_FILE, corpusRoots, documentFilters, hasCorpus } from './selector';
import { resolveServerPath } from './serverPath';
import { RESTART_SETTINGS, toServerConfig } from './settings';
import { startingView, type StatusParams, statusView, stoppedView, type StatusView } from './status';

/** The server's command (see `workspace/executeCommand`). */
const SERVER_REMOVE_ALL_BOILERPLATE = 'newsdesk.removeAllBoilerplate';
const SERVER_WRITE_OVERVIEW = 'newsdesk.writeOverview';
const STATUS_NOTIFICATION = 'newsdesk/status';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let extensionPath: string;
/** Serialises starts, stops and restarts. */
let lifecycle: Promise<void> = Promise.resolve();

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function showStatus(view: StatusView): void {
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.show();
}

/** The `newsdesk` section as the server wants it, for one resource scope. */
function serverConfig(scope?: vscode.Uri): ReturnType<typeof toServerConfig> {
  const cfg = vscode.workspace.getConfiguration('newsdesk', scope ?? null);
  return toServerConfig((key) => cfg.get(key));
}

async function findCorpusRoots(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(`**/${CONFIG_FILE}`, '**/{node_modules,.git,target}/**', 50);
  return corpusRoots(files.filter((f) => f.scheme === 'file').map((f) => f.fsPath)).map((p) =>
    vscode.Uri.file(p),
  );
}

function includeGlobs(): string[] {
  return vscode.workspace.getConfiguration('newsdesk').get<string[]>('corpus.include', []) ?? [];
}

async function startClient(): Promise<void> {
  const roots = await findCorpusRoots();
  const include = includeGlobs();
  if (!hasCorpus(roots.map((r) => r.toString()), include)) {
    output.info('no newsdesk.toml in this workspace and no "newsdesk.corpus.include" globs: not starting the server');
    statusItem.hide();
    await vscode.commands.executeCommand('setContext', 'newsdesk.active', false);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resolved = resolveServerPath({
    configured: vscode.workspace.getConfiguration('newsdesk').get<string | null>('server.path'),
    extensionPath,
    workspaceFolder: folder,
    platform: process.platform,
    arch: process.arch,
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
    isExecutable,
  });
  if (!resolved.ok) {
    output.error(resolved.message);
    showStatus(stoppedView('binary not found'));
    const choice = await vscode.window.showErrorMessage(resolved.message, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'newsdesk.server.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
    return;
  }
  output.info(`using ${resolved.path} (${resolved.source})`);

  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: ['lsp'],
    options: { env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'newsdesk=info' } },
  };
  const folderUris = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentFilters(
      roots.map((r) => r.toString()),
      include,
      folderUris,
    ),
    outputChannel: output,
    diagnosticCollectionName: 'newsdesk',
    // pull diagnostics for the reports in the open tabs too
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: true },
    middleware: {
      workspace: {
        // `workspace/configuration` for section "newsdesk": answer in the server's
        // shape ({rules: {code: severity}, quotes: {threshold}}), not VS Code's.
        configuration: async (params, token, next) => {
          const answers: unknown[] = [];
          const others: number[] = [];
          params.items.forEach((item, i) => {
            if (item.section === 'newsdesk') {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              answers[i] = serverConfig(scope);
            } else {
              others.push(i);
            }
          });
          if (others.length > 0) {
            const rest = await next({ items: others.map((i) => params.items[i]) }, token);
            if (rest instanceof Error || !Array.isArray(rest)) {
              return rest;
            }
            others.forEach((i, k) => {
              answers[i] = rest[k];
            });
          }
          return answers;
        },
      },
    },
  };
  const c = new LanguageClient('newsdesk', 'newsdesk', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Starting) {
      showStatus(startingView());
    } else if (e.newState === State.Stopped && client === c) {
      showStatus(stoppedView());
      void vscode.commands.executeCommand('setContext', 'newsdesk.active', false);
    } else if (e.newState === State.Running) {
      void vscode.commands.executeCommand('setContext', 'newsdesk.active', true);
    }
  });
  c.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => showStatus(statusView(params)));
  showStatus(startingView());
  try {
    await c.start();
    showStatus(statusView({ state: 'ready' }));
  } catch (e) {
    output.error(`the server did not start: ${String(e)}`);
    showStatus(stoppedView(String(e)));
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.warn(`stopping the server: ${String(e)}`);
    }
    await c.dispose().catch(() => undefined);
  }
}

function queue(work: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(work, work).catch((e) => output.error(String(e)));
  return lifecycle;
}

function restart(): Promise<void> {
  return queue(async () => {
    await stopClient();
    await startClient();
  });
}

function runningClient(): LanguageClient | undefined {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('newsdesk: the server is not running for this workspace.');
    return undefined;
  }
  return client;
}

async function removeAllBoilerplate(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = runningClient();
  if (!editor || !c) {
    return;
  }
  // the server answers with workspace/applyEdit, which the client applies
  await c.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_REMOVE_ALL_BOILERPLATE,
    arguments: [c.code2ProtocolConverter.asUri(editor.document.uri)],
  });
}

/**
 * Ask the server to write the corpus overview page (the page of `newsdesk
 * report --html`) and show it in a webview beside the editor; the page has no
 * script and nothing from elsewhere, so the webview needs neither.
 */
async function showOverview(): Promise<void> {
  const c = runningClient();
  if (!c) {
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  const at = doc?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'newsdesk: writing the corpus overview' },
    () =>
      c.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_WRITE_OVERVIEW,
        arguments: at ? [{ uri: c.code2ProtocolConverter.asUri(at) }] : [],
      }),
  );
  const path = (result as { path?: string } | null)?.path;
  if (!path) {
    void vscode.window.showErrorMessage('newsdesk: the overview could not be written.');
    return;
  }
  const file = vscode.Uri.file(path);
  const html = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file));
  const panel = vscode.window.createWebviewPanel('newsdesk.overview', 'Corpus overview', vscode.ViewColumn.Beside, {
    enableScripts: false,
  });
  panel.webview.html = html;
  output.info(`overview written to ${path}`);
}

async function showQuoteReports(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = runningClient();
  if (!editor || !c) {
    return;
  }
  const position = editor.selection.active;
  const result = await c.sendRequest(ReferencesRequest.type, {
    textDocument: c.code2ProtocolConverter.asTextDocumentIdentifier(editor.document),
    position: c.code2ProtocolConverter.asPosition(position),
    context: { includeDeclaration: false },
  });
  const locations = (await c.protocol2CodeConverter.asReferences(result)) ?? [];
  if (locations.length === 0) {
    void vscode.window.showInformationMessage('newsdesk: no other report quotes this.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, position, locations);
}

/** The client-side command of the "quoted in N other reports" code lenses. */
async function showReferencesFromLens(...args: unknown[]): Promise<void> {
  const c = client;
  const parsed = parseShowReferencesArgs(args);
  if (!c || !parsed) {
    output.warn(`${SHOW_REFERENCES_COMMAND}: unexpected arguments ${JSON.stringify(args)}`);
    return;
  }
  const uri = c.protocol2CodeConverter.asUri(parsed.uri);
  const position = c.protocol2CodeConverter.asPosition(parsed.position);
  const locations = (await c.protocol2CodeConverter.asReferences(parsed.locations)) ?? [];
  await vscode.commands.executeCommand('editor.action.showReferences', uri, position, locations);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('newsdesk', { log: true });
  statusItem = vscode.window.createStatusBarItem('newsdesk.status', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'newsdesk';
  statusItem.command = 'newsdesk.showOutput';
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('newsdesk.restart', () => restart()),
    vscode.commands.registerCommand('newsdesk.removeBoilerplate', () => removeAllBoilerplate()),
    vscode.commands.registerCommand('newsdesk.showQuoteReports', () => showQuoteReports()),
    vscode.commands.registerCommand('newsdesk.showOverview', () => showOverview()),
    vscode.commands.registerCommand('newsdesk.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, showReferencesFromLens),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void restart();
        return;
      }
      if (e.affectsConfiguration('newsdesk') && client?.isRunning()) {
        // the server asks again with workspace/configuration
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { newsdesk: serverConfig() },
        });
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => restart()),
  );
  // a newsdesk.toml created or deleted changes which folders are corpora
  const tomlWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`, false, true, false);
  context.subscriptions.push(
    tomlWatcher,
    tomlWatcher.onDidCreate(() => restart()),
    tomlWatcher.onDidDelete(() => restart()),
  );
  await queue(startClient);
}

export function deactivate(): Promise<void> {
  return queue(stopClient);
}
