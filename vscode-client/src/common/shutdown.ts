/**
 * Stopping the server for good: on a restart, a reload or when the window closes. No `vscode`
 * import. The process is always gone afterwards, whatever the client or the log do: VS Code
 * disposes the output channel while a stop is still under way, and a log call that throws
 * must not skip the kill.
 */

/** The part of a LanguageClient a stop needs. */
export interface StoppableClient {
    stop(timeout?: number): Promise<void>;
    /** False for a client whose start failed or whose connection is gone: nothing to stop. */
    isRunning?(): boolean;
}

/** The part of a ChildProcess a stop needs. */
export interface KillableProcess {
    readonly exitCode: number | null;
    readonly signalCode?: NodeJS.Signals | string | null;
    kill(signal?: NodeJS.Signals): boolean;
}

export interface StopOptions {
    client?: StoppableClient;
    /** Settles when the client's start settles: a client still starting cannot be stopped. */
    started?: Promise<unknown>;
    child?: KillableProcess;
    /** Resolves when the child has exited. */
    exited?: Promise<unknown>;
    /** Where to say what went wrong; it may throw (a closed channel): that is ignored. */
    log?: (message: string) => void;
    /** How long the client may take to shut the server down politely. */
    graceMs?: number;
    /** How long the process may take to exit after that, and after SIGTERM. */
    exitMs?: number;
}

/** Returns whether a child process is still running. */
export function isAlive(child: KillableProcess | undefined): boolean {
    return child !== undefined && child.exitCode === null && !child.signalCode;
}

/** Resolves after `ms`, with `undefined`. */
export function delay(ms: number): Promise<undefined> {
    return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), ms);
        timer.unref?.();
    });
}

/** Calls `log`, ignoring its failure: the output channel may be closed already. */
export function safely(log: ((message: string) => void) | undefined, message: string): void {
    try {
        log?.(message);
    } catch {
        // the channel is gone: nobody can read it anyway
    }
}

/**
 * Stops the client (shutdown, exit), then makes sure the process is gone: SIGTERM when it
 * does not exit in time, SIGKILL after that. Never throws; problems are logged afterwards.
 */
export async function stopServer(options: StopOptions): Promise<void> {
    const { client, started, child, exited, log } = options;
    const graceMs = options.graceMs ?? 5000;
    const exitMs = options.exitMs ?? 2000;
    const problems: string[] = [];
    if (client) {
        try {
            if (started) {
                await Promise.race([started.catch(() => undefined), delay(graceMs)]);
            }
            if (client.isRunning?.() !== false) {
                await client.stop(graceMs);
            }
        } catch (error) {
            problems.push(`Stopping the NCA server: ${String(error)}`);
        }
    }
    if (isAlive(child)) {
        const gone = exited ?? delay(0);
        await Promise.race([gone, delay(client ? exitMs : 0)]);
        if (isAlive(child)) {
            try {
                child!.kill();
            } catch (error) {
                problems.push(`Killing the NCA server: ${String(error)}`);
            }
            await Promise.race([gone, delay(exitMs)]);
            if (isAlive(child)) {
                try {
                    child!.kill('SIGKILL');
                } catch {
                    // it is gone, or cannot be killed at all
                }
            }
        }
    }
    for (const problem of problems) {
        safely(log, problem);
    }
}
