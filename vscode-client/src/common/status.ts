/**
 * What the status bar item says about the server. No `vscode` import.
 */
import * as path from 'path';
import type { HttpAddress } from './continueConfig';
import type { Interpreter } from './interpreter';

export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export interface ServerInfo {
    state: ServerState;
    interpreter?: Interpreter;
    address?: HttpAddress;
    engine?: string;
    /** Why the server is stopped or failed, or when it restarts. */
    detail?: string;
}

/** Returns the engine the server reports in `initialize` (`capabilities.experimental.nca.engine`), else the configured file's name, else `rules`. */
export function engineName(initializeResult: unknown, enginesFile: string): string {
    const reported = (initializeResult as { capabilities?: { experimental?: { nca?: { engine?: unknown } } } } | undefined)
        ?.capabilities?.experimental?.nca?.engine;
    if (typeof reported === 'string' && reported) {
        return reported;
    }
    return enginesFile ? path.basename(enginesFile) : 'rules';
}

/** Returns the status bar item's text and tooltip, and whether it shows an error. */
export function statusView(info: ServerInfo): { text: string; tooltip: string; error: boolean } {
    const icons: Record<ServerState, string> = {
        stopped: '$(circle-slash)',
        starting: '$(sync~spin)',
        running: '$(check)',
        failed: '$(error)',
    };
    const parts = [`${icons[info.state]} NCA`];
    if (info.state === 'running') {
        if (info.engine) {
            parts.push(info.engine);
        }
        if (info.address) {
            parts.push(`:${info.address.port}`);
        }
    }
    const lines = [`NCA server: ${info.state}`];
    if (info.detail) {
        lines.push(info.detail);
    }
    if (info.interpreter) {
        lines.push(`Python: ${info.interpreter.python} (${info.interpreter.source.replace('-', ' ')})`);
    }
    if (info.engine) {
        lines.push(`Engine: ${info.engine}`);
    }
    if (info.address) {
        lines.push(`HTTP for Continue: ${info.address.url}`);
    }
    lines.push('Click for NCA commands');
    return { text: parts.join(' · '), tooltip: lines.join('\n'), error: info.state === 'failed' };
}

/** Returns whether the status bar item shows for the active editor's language (Python only). */
export function showsStatusFor(languageId: string | undefined): boolean {
    return languageId === 'python';
}
