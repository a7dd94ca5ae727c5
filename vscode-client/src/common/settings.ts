/**
 * The extension's settings as typed, validated options, and the server's initializationOptions.
 * No `vscode` import: the caller reads the raw `nca` section and passes it in.
 */

export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface NcaSettings {
    interpreter: string;
    enginesFile: string;
    http: { host: string; port: number; token: string };
    diagnostics: { lint: boolean };
    tests: { command: string };
    trace: TraceLevel;
}

/**
 * What the server receives in `initialize` and `workspace/didChangeConfiguration`: the keys of
 * the `nca` section, nested; empty strings are left out so the server keeps its defaults.
 */
export interface InitializationOptions {
    engines: { file?: string };
    http: { host: string; port: number; token?: string };
    diagnostics: { lint: boolean };
    tests: { command?: string };
    logLevel: 'WARNING' | 'INFO' | 'DEBUG';
}

export const DEFAULT_SETTINGS: NcaSettings = {
    interpreter: '',
    enginesFile: '',
    // 0: a free port picked at each start, so every window has its own route (a fixed port
    // would make a second window's Continue talk to the first window's server)
    http: { host: '127.0.0.1', port: 0, token: '' },
    diagnostics: { lint: true },
    tests: { command: '' },
    trace: 'off',
};

/** Dotted keys whose change needs a new server process; the others are sent to the running one. */
export const RESTART_KEYS: readonly string[] = [
    'interpreter', 'enginesFile', 'http.host', 'http.port', 'http.token',
];

export const ALL_KEYS: readonly string[] = [
    ...RESTART_KEYS, 'diagnostics.lint', 'tests.command', 'trace.server',
];

const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/** Returns one dotted key of a settings object, flat (`{'http.port': 1}`) or nested. */
export function lookup(raw: unknown, key: string): unknown {
    if (raw === null || typeof raw !== 'object') {
        return undefined;
    }
    if (key in raw) {
        return (raw as Record<string, unknown>)[key];
    }
    let node: unknown = raw;
    for (const part of key.split('.')) {
        if (node === null || typeof node !== 'object' || !(part in node)) {
            return undefined;
        }
        node = (node as Record<string, unknown>)[part];
    }
    return node;
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * Returns the settings with each malformed value replaced by its default, and one message per
 * value replaced: bad config is reported, never fatal.
 */
export function parseSettings(raw: unknown): { settings: NcaSettings; problems: string[] } {
    const problems: string[] = [];
    const text = (key: string, fallback: string): string => {
        const value = lookup(raw, key);
        if (value === undefined || value === null) {
            return fallback;
        }
        if (typeof value !== 'string') {
            problems.push(`nca.${key} must be text, not ${show(value)}; using "${fallback}".`);
            return fallback;
        }
        return value.trim();
    };

    let host = text('http.host', DEFAULT_SETTINGS.http.host) || DEFAULT_SETTINGS.http.host;
    if (/[\s/]/.test(host)) {
        problems.push(`nca.http.host "${host}" is not a host name or address; using 127.0.0.1.`);
        host = DEFAULT_SETTINGS.http.host;
    }

    const rawPort = lookup(raw, 'http.port');
    let port = DEFAULT_SETTINGS.http.port;
    if (rawPort !== undefined && rawPort !== null) {
        const asNumber = typeof rawPort === 'string' && rawPort.trim() !== '' ? Number(rawPort) : rawPort;
        if (typeof asNumber === 'number' && Number.isInteger(asNumber) && asNumber >= 0 && asNumber <= 65535) {
            port = asNumber;
        } else {
            problems.push(`nca.http.port must be a whole number from 0 to 65535 (0 picks a free port), not ${show(rawPort)}; using ${port}.`);
        }
    }

    const rawLint = lookup(raw, 'diagnostics.lint');
    let lint = DEFAULT_SETTINGS.diagnostics.lint;
    if (typeof rawLint === 'boolean') {
        lint = rawLint;
    } else if (rawLint !== undefined && rawLint !== null) {
        problems.push(`nca.diagnostics.lint must be true or false, not ${show(rawLint)}; using true.`);
    }

    const rawTrace = text('trace.server', DEFAULT_SETTINGS.trace);
    let trace: TraceLevel = DEFAULT_SETTINGS.trace;
    if ((TRACE_LEVELS as readonly string[]).includes(rawTrace)) {
        trace = rawTrace as TraceLevel;
    } else {
        problems.push(`nca.trace.server must be one of ${TRACE_LEVELS.join(', ')}, not "${rawTrace}"; using off.`);
    }

    const settings: NcaSettings = {
        interpreter: text('interpreter', ''),
        enginesFile: text('enginesFile', ''),
        http: { host, port, token: text('http.token', '') },
        diagnostics: { lint },
        tests: { command: text('tests.command', '') },
        trace,
    };
    return { settings, problems };
}

/** Returns the server's initializationOptions for these settings (the interpreter stays here). */
export function toInitializationOptions(settings: NcaSettings): InitializationOptions {
    const logLevels: Record<TraceLevel, InitializationOptions['logLevel']> = {
        off: 'WARNING',
        messages: 'INFO',
        verbose: 'DEBUG',
    };
    const options: InitializationOptions = {
        engines: {},
        http: { host: settings.http.host, port: settings.http.port },
        diagnostics: { lint: settings.diagnostics.lint },
        tests: {},
        logLevel: logLevels[settings.trace],
    };
    if (settings.enginesFile) {
        options.engines.file = settings.enginesFile;
    }
    if (settings.http.token) {
        options.http.token = settings.http.token;
    }
    if (settings.tests.command) {
        options.tests.command = settings.tests.command;
    }
    return options;
}

/** Returns the dotted keys whose values differ between two settings objects. */
export function changedKeys(before: NcaSettings, after: NcaSettings): string[] {
    const value = (s: NcaSettings, key: string): unknown => (key === 'trace.server' ? s.trace : lookup(s, key));
    return ALL_KEYS.filter((key) => value(before, key) !== value(after, key));
}

/** Returns what a settings change needs: a new server process, a notification, or nothing. */
export function reactionTo(before: NcaSettings, after: NcaSettings): 'restart' | 'notify' | 'none' {
    const keys = changedKeys(before, after);
    if (keys.length === 0) {
        return 'none';
    }
    return keys.some((key) => RESTART_KEYS.includes(key)) ? 'restart' : 'notify';
}
