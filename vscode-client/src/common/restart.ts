/**
 * When a crashed server is started again, and what to tell the user when it is not.
 * No `vscode` import.
 */

export type CrashDecision =
    | { action: 'restart'; delayMs: number; attempt: number }
    | { action: 'stop'; reason: 'crashed-on-start' | 'too-many-crashes' };

export interface RestartPolicyOptions {
    /** Crashes allowed inside `windowMs` before giving up. */
    maxCrashes: number;
    windowMs: number;
    /** Delay before the first restart; it doubles for each crash in the window, up to `maxDelayMs`. */
    baseDelayMs: number;
    maxDelayMs: number;
    /** A server that ran shorter than this crashed on start: it is never restarted automatically. */
    minUptimeMs: number;
}

export const DEFAULT_RESTART_OPTIONS: RestartPolicyOptions = {
    maxCrashes: 3,
    windowMs: 3 * 60_000,
    baseDelayMs: 1_000,
    maxDelayMs: 16_000,
    minUptimeMs: 5_000,
};

/** Bounded restarts with exponential backoff; a crash on start or a crash loop stops them. */
export class RestartPolicy {
    private crashes: number[] = [];

    constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_OPTIONS) {}

    /** Returns whether to restart after a crash at `now` of a server that started at `startedAt`. */
    onCrash(now: number, startedAt: number | undefined): CrashDecision {
        if (startedAt === undefined || now - startedAt < this.options.minUptimeMs) {
            return { action: 'stop', reason: 'crashed-on-start' };
        }
        this.crashes = this.crashes.filter((t) => now - t < this.options.windowMs);
        this.crashes.push(now);
        if (this.crashes.length > this.options.maxCrashes) {
            return { action: 'stop', reason: 'too-many-crashes' };
        }
        const attempt = this.crashes.length;
        const delayMs = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
        return { action: 'restart', delayMs, attempt };
    }

    /** Forgets past crashes: the user asked for a restart. */
    reset(): void {
        this.crashes = [];
    }
}

/** Keeps the last lines of a stream that arrives in arbitrary chunks. */
export class LineTail {
    private lines: string[] = [];
    private partial = '';

    constructor(private readonly size = 20) {}

    /** Returns the complete lines this chunk finished. */
    push(chunk: string): string[] {
        const parts = (this.partial + chunk).split(/\r?\n/);
        this.partial = parts.pop() ?? '';
        const done = parts.filter((line) => line.trim() !== '');
        this.lines.push(...done);
        if (this.lines.length > this.size) {
            this.lines = this.lines.slice(-this.size);
        }
        return done;
    }

    /** Returns the last `n` lines, the unfinished one included. */
    last(n = this.size): string[] {
        const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
        return all.slice(-n);
    }

    clear(): void {
        this.lines = [];
        this.partial = '';
    }
}

/**
 * Returns a message that says why the server stopped and what to do, from its last stderr lines.
 * `port` is the configured HTTP port (0: any free one).
 */
export function explainExit(stderr: readonly string[], port: number, code?: number | null): string {
    const text = stderr.join('\n');
    if (/address already in use|EADDRINUSE|errno 98|errno 48|WinError 10048/i.test(text)) {
        const which = port ? `port ${port}` : 'the HTTP port';
        return `NCA could not start its HTTP route: ${which} is in use. Set "nca.http.port" to a free port, or to 0 to pick one.`;
    }
    if (/No module named ['"]?nca/.test(text)) {
        return 'NCA is not installed in the server\'s interpreter.';
    }
    if (/invalid choice: '?serve'?/.test(text)) {
        return 'This nca has no "serve" command: upgrade nca in the server\'s interpreter.';
    }
    const tail = stderr.slice(-5).join('\n');
    const exit = code === undefined || code === null ? '' : ` (exit code ${code})`;
    return tail ? `The NCA server stopped${exit}. Last output:\n${tail}` : `The NCA server stopped${exit} without output.`;
}

/** Runs tasks one after the other, each once the one before it settled (failed ones too). */
export class SerialQueue {
    private tail: Promise<unknown> = Promise.resolve();

    /** Returns the result of `task`, run after every task queued before it. */
    run<T>(task: () => Promise<T>): Promise<T> {
        const result = this.tail.then(task, task);
        this.tail = result.catch(() => undefined);
        return result;
    }
}
