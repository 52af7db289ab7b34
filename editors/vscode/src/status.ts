// The status bar text for `newsdesk/status` notifications:
//   { state: "indexing" | "ready", done: n, total: n, reports: n }
//
// Pure: no `vscode` import.

export interface StatusParams {
  state?: string;
  done?: number;
  total?: number;
  reports?: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  busy: boolean;
}

/** 12345 → "12,345". */
export function thousands(n: number): string {
  return Math.max(0, Math.round(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

export function statusView(params: StatusParams | null | undefined): StatusView {
  const state = params?.state;
  const done = num(params?.done);
  const total = num(params?.total);
  const reports = num(params?.reports);
  if (state === 'indexing') {
    if (done !== undefined && total !== undefined && total > 0) {
      const pct = Math.min(100, Math.floor((done * 100) / total));
      return {
        text: `$(sync~spin) newsdesk ${thousands(done)}/${thousands(total)}`,
        tooltip: `newsdesk: indexing reports, ${thousands(done)} of ${thousands(total)} (${pct}%). Click for the log.`,
        busy: true,
      };
    }
    return {
      text: '$(sync~spin) newsdesk',
      tooltip: 'newsdesk: indexing reports. Click for the log.',
      busy: true,
    };
  }
  if (state === 'ready') {
    const n = reports ?? total ?? done;
    if (n !== undefined) {
      return {
        text: `$(checklist) newsdesk: ${thousands(n)} ${plural(n, 'report', 'reports')}`,
        tooltip: `newsdesk: ${thousands(n)} ${plural(n, 'report', 'reports')} indexed. Click for the log.`,
        busy: false,
      };
    }
    return { text: '$(checklist) newsdesk', tooltip: 'newsdesk: ready. Click for the log.', busy: false };
  }
  return { text: '$(checklist) newsdesk', tooltip: 'newsdesk. Click for the log.', busy: false };
}

export function startingView(): StatusView {
  return { text: '$(loading~spin) newsdesk', tooltip: 'newsdesk: starting the server…', busy: true };
}

export function stoppedView(reason?: string): StatusView {
  return {
    text: '$(error) newsdesk',
    tooltip: `newsdesk: the server is not running${reason ? ` (${reason})` : ''}. Click for the log.`,
    busy: false,
  };
}
