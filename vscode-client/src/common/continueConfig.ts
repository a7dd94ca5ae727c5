/**
 * The HTTP route for Continue: the address `nca serve` announces on stderr, where Continue keeps
 * its config, and what `nca continue-config` changed there. No `vscode` import.
 */
import * as os from 'os';
import * as path from 'path';

export interface HttpAddress {
    host: string;
    port: number;
    /** The OpenAI-style base URL, e.g. `http://127.0.0.1:8765/v1`. */
    url: string;
}

const ADDRESS_LINE = /^nca: (https?:\/\/(\[[0-9a-fA-F:.]+\]|[^\s/:]+):(\d{1,5})\/v1)\/?\s*$/;

/** Returns the HTTP address in one stderr line of `nca serve`, or undefined for any other line. */
export function parseAddressLine(line: string): HttpAddress | undefined {
    const match = ADDRESS_LINE.exec(line.trim());
    if (!match) {
        return undefined;
    }
    const port = Number(match[3]);
    if (port < 1 || port > 65535) {
        return undefined;
    }
    return { host: match[2].replace(/^\[|\]$/g, ''), port, url: match[1] };
}

/** Returns the first HTTP address announced in a chunk of stderr text, if any. */
export function findAddress(text: string): HttpAddress | undefined {
    for (const line of text.split(/\r?\n/)) {
        const found = parseAddressLine(line);
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** Returns the reason in a `nca: HTTP route not started: REASON` stderr line, if it is one. */
export function parseHttpFailure(line: string): string | undefined {
    const match = /^nca: HTTP route not started: (.+)$/.exec(line.trim());
    return match ? match[1] : undefined;
}

/** Returns what to tell the user when the HTTP route did not start; `port` is the configured one. */
export function explainHttpFailure(reason: string, port: number): string {
    if (/address already in use|EADDRINUSE|errno 98|errno 48|10048/i.test(reason)) {
        return `NCA: port ${port} is in use, so Continue cannot reach nca (fixes in the editor still work). `
            + 'Set "nca.http.port" to 0 (the default: a free port for each window), or to a free port.';
    }
    return `NCA: the HTTP route for Continue did not start: ${reason}`;
}

/** Returns the path of Continue's config file (`CONTINUE_GLOBAL_DIR` overrides `~/.continue`). */
export function continueConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
    const dir = env.CONTINUE_GLOBAL_DIR?.trim() || path.join(home, '.continue');
    return path.join(dir, 'config.yaml');
}

/** Returns where Continue reaches a route: a wildcard bind is reached through loopback. */
export function continueRoute(address: { host: string; port: number }): { host: string; port: number } {
    return { host: ['0.0.0.0', '::', ''].includes(address.host) ? '127.0.0.1' : address.host, port: address.port };
}

/**
 * Returns what to add to the "connected" message: which server Continue talks to now, and,
 * when the port is picked at each start (`configuredPort` 0), that a restart needs a reconnect.
 */
export function connectedNote(route: { host: string; port: number }, configuredPort: number): string {
    const host = route.host.includes(':') ? `[${route.host}]` : route.host;
    const base = `Continue talks to this window's NCA server (http://${host}:${route.port}/v1).`;
    return configuredPort === 0
        ? `${base} Its port is picked at each start: run "NCA: Connect Continue" again after a restart.`
        : base;
}

/**
 * Returns the `nca` arguments that point Continue's config at the route on `host:port`
 * (or print the merged config, with `print`). The file is named so nca and the extension agree.
 */
export function continueConfigArgs(route: { host: string; port: number }, configFile: string,
    workspace?: string, print = false): string[] {
    const args = workspace ? ['--workspace', workspace] : [];
    args.push('continue-config', '--host', route.host, '--port', String(route.port), '--config', configFile);
    if (print) {
        args.push('--print');
    }
    return args;
}

export interface ConfigChange {
    kind: 'created' | 'updated' | 'unchanged' | 'missing';
    added: number;
    removed: number;
    /** One line for a notification. */
    message: string;
}

/** Returns how a config file changed, counting lines added and removed (as a multiset). */
export function describeChange(file: string, before: string | undefined, after: string | undefined): ConfigChange {
    if (after === undefined) {
        return { kind: 'missing', added: 0, removed: 0, message: `${file} was not written.` };
    }
    const count = (text: string | undefined): Map<string, number> => {
        const counts = new Map<string, number>();
        for (const line of (text ?? '').split(/\r?\n/)) {
            if (line.trim() !== '') {
                counts.set(line, (counts.get(line) ?? 0) + 1);
            }
        }
        return counts;
    };
    const old = count(before);
    const now = count(after);
    let added = 0;
    let removed = 0;
    for (const [line, n] of now) {
        added += Math.max(0, n - (old.get(line) ?? 0));
    }
    for (const [line, n] of old) {
        removed += Math.max(0, n - (now.get(line) ?? 0));
    }
    if (before === undefined) {
        return { kind: 'created', added, removed: 0, message: `Created ${file} (${added} lines).` };
    }
    if (added === 0 && removed === 0) {
        return { kind: 'unchanged', added, removed, message: `${file} already points at nca; nothing changed.` };
    }
    return { kind: 'updated', added, removed, message: `Updated ${file}: ${added} lines added, ${removed} removed.` };
}

/** Returns a clear message for a failed `nca continue-config` run, from its exit code and stderr. */
export function explainCliFailure(code: number | null, stderr: string): string {
    if (/invalid choice: '?continue-config'?/.test(stderr)) {
        return 'This nca has no continue-config command yet: upgrade nca in the server\'s interpreter.';
    }
    const last = stderr.trim().split(/\r?\n/).filter((l) => l.trim()).slice(-3).join(' ');
    return `nca continue-config failed (exit ${code ?? 'signal'})${last ? `: ${last}` : '.'}`;
}
