/**
 * Starts, restarts and stops `nca serve --stdio` behind a LanguageClient.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as vscode from 'vscode';
import {
    CancellationToken,
    CloseAction,
    CloseHandlerResult,
    DidChangeConfigurationNotification,
    ErrorAction,
    ErrorHandlerResult,
    ExecuteCommandRequest,
    LanguageClient,
    LanguageClientOptions,
    RevealOutputChannelOn,
    StreamInfo,
} from 'vscode-languageclient/node';
import { explainHttpFailure, parseAddressLine, parseHttpFailure } from './common/continueConfig';
import { checkImportable, chooseInterpreter, Interpreter, isNcaCommand, projectPython, serverArgs, serverEnv } from './common/interpreter';
import { explainExit, LineTail, RestartPolicy, SerialQueue } from './common/restart';
import { delay, safely, stopServer } from './common/shutdown';
import { NcaSettings, parseSettings, reactionTo, toInitializationOptions, ALL_KEYS } from './common/settings';
import { engineName, ServerInfo } from './common/status';
import { activeInterpreter } from './python';
import { showImportFailure } from './setup';

export const CLIENT_ID = 'nca';
const START_TIMEOUT_MS = 60_000;

/** Returns the raw `nca` settings of the first workspace folder, as flat dotted keys. */
function readRawSettings(): Record<string, unknown> {
    const config = vscode.workspace.getConfiguration(CLIENT_ID, workspaceFolder());
    return Object.fromEntries(ALL_KEYS.map((key) => [key, config.get(key)]));
}

/** Returns the first workspace folder: the server's working directory and `${workspaceFolder}`. */
export function workspaceFolder(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
}

export class NcaServer implements vscode.Disposable {
    private client?: LanguageClient;
    /** Settles when the current client's start settles. */
    private clientStarted?: Promise<unknown>;
    private child?: ChildProcess;
    private exited?: Promise<number | null>;
    /** Bumped by every stop: a start or a close handler of an older generation does nothing. */
    private generation = 0;
    /** Restarts run one after the other: settings can change twice in a second. */
    private readonly restarts = new SerialQueue();
    /** Set once the extension is being disposed: the output channel may be closed. */
    private disposed = false;
    private readonly stderr = new LineTail(40);
    private readonly policy = new RestartPolicy();
    private startedAt?: number;
    private stopping = false;
    private restartTimer?: NodeJS.Timeout;
    private starting?: Promise<void>;
    private reportedProblems = '';
    private readonly changed = new vscode.EventEmitter<ServerInfo>();
    readonly onDidChange = this.changed.event;
    info: ServerInfo = { state: 'stopped' };
    settings: NcaSettings;

    /** `extensionPath`: where the extension runs from (a checkout of nca is found from it). */
    constructor(readonly log: vscode.LogOutputChannel, private readonly extensionPath?: string) {
        this.settings = this.readSettings();
    }

    /** Logs at `level` unless the extension is going away; a closed channel is ignored. */
    private say(level: 'info' | 'warn' | 'error', message: string): void {
        if (!this.disposed) {
            safely((m) => this.log[level](m), message);
        }
    }

    /** The running client, if the server is up. */
    get running(): LanguageClient | undefined {
        return this.info.state === 'running' ? this.client : undefined;
    }

    private update(info: Partial<ServerInfo>): void {
        this.info = { ...this.info, ...info };
        if (!this.disposed) {
            this.changed.fire(this.info);
        }
    }

    /** Returns the settings, and reports malformed values once per distinct set of problems. */
    private readSettings(): NcaSettings {
        const { settings, problems } = parseSettings(readRawSettings());
        const key = problems.join('\n');
        if (key && key !== this.reportedProblems) {
            problems.forEach((p) => this.say('warn', p));
            void vscode.window.showWarningMessage(`NCA settings: ${problems.join(' ')}`, 'Open Settings').then((pick) => {
                if (pick) {
                    void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:nca.nca-vscode');
                }
            });
        }
        this.reportedProblems = key;
        return settings;
    }

    /**
     * Returns the interpreter to run the server with, per setting, Python extension, default.
     * A setting that names the `nca` command still asks the Python extension for the project's Python.
     */
    async interpreter(): Promise<Interpreter> {
        const folder = workspaceFolder();
        const asked = !this.settings.interpreter || isNcaCommand(this.settings.interpreter);
        const fromExtension = asked ? await activeInterpreter(folder, this.log) : undefined;
        return chooseInterpreter(this.settings.interpreter, fromExtension, folder?.fsPath);
    }

    /**
     * Returns the HTTP address of this window's server once it announced it; starts the server
     * when it is down. Undefined when the route did not start within `timeoutMs`.
     */
    async httpAddress(timeoutMs = 20_000): Promise<ServerInfo['address']> {
        if (!this.running) {
            await this.start();
        }
        const deadline = Date.now() + timeoutMs;
        while (!this.info.address && Date.now() < deadline && (this.info.state === 'running' || this.info.state === 'starting')) {
            await delay(100);
        }
        return this.info.address;
    }

    /** Starts the server unless it runs; a failure is shown to the user, never thrown. */
    start(): Promise<void> {
        if (this.client) {
            return Promise.resolve();
        }
        if (!this.starting) {
            const launching: Promise<void> = this.launch().finally(() => {
                if (this.starting === launching) {
                    this.starting = undefined;
                }
            });
            this.starting = launching;
        }
        return this.starting;
    }

    private async launch(): Promise<void> {
        clearTimeout(this.restartTimer);
        const generation = this.generation;
        this.settings = this.readSettings();
        this.update({ state: 'starting', address: undefined, engine: undefined, detail: undefined });
        const interpreter = await this.interpreter();
        if (generation !== this.generation) {
            return; // stopped meanwhile: the start that follows the stop reads the new settings
        }
        this.update({ interpreter });
        this.say('info', `Starting the NCA server with ${interpreter.python} (${interpreter.source})`);
        const folder = workspaceFolder()?.fsPath;

        const check = await checkImportable(interpreter.python, folder);
        if (generation !== this.generation) {
            return;
        }
        if (!check.ok) {
            this.update({ state: 'failed', detail: check.detail });
            this.say('error', check.detail);
            void showImportFailure(interpreter, check.reason, check.detail, this.log, () => this.restart(true),
                this.extensionPath);
            return;
        }

        this.stderr.clear();
        this.startedAt = undefined;
        this.stopping = false;
        // NCA_SERVER_PORT: talk to a server already listening (`nca serve --tcp`, under a debugger)
        const port = Number(process.env.NCA_SERVER_PORT);
        const serverOptions = Number.isInteger(port) && port > 0
            ? () => this.connect(port)
            : () => this.spawn(interpreter, folder, generation);
        const client = new LanguageClient(CLIENT_ID, 'NCA', serverOptions, this.clientOptions(generation));
        this.client = client;
        const starting = client.start();
        this.clientStarted = starting.catch(() => undefined);
        try {
            await Promise.race([starting, new Promise((_resolve, reject) => setTimeout(
                () => reject(new Error(`no answer to initialize within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS))]);
        } catch (error) {
            if (generation !== this.generation) {
                return;
            }
            this.say('error', `The NCA server did not start: ${String(error)}`);
            await this.failed('crashed-on-start');
            return;
        }
        if (generation !== this.generation) {
            return; // stopped while it started: stop() took the client and the process
        }
        this.startedAt = Date.now();
        this.update({ state: 'running', engine: engineName(client.initializeResult, this.settings.enginesFile) });
        void this.queryAddress(client);
    }

    private connect(port: number): Promise<StreamInfo> {
        this.say('info', `Connecting to the NCA server on 127.0.0.1:${port} (NCA_SERVER_PORT)`);
        return new Promise((resolve, reject) => {
            const socket = net.connect({ host: '127.0.0.1', port }, () => resolve({ reader: socket, writer: socket }));
            socket.once('error', (error) => {
                this.stderr.push(`${error.message}\n`);
                reject(error);
            });
        });
    }

    private spawn(interpreter: Interpreter, cwd: string | undefined, generation: number): Promise<ChildProcess> {
        if (generation !== this.generation) {
            // stopped before the client got this far: no process nobody would stop
            return Promise.reject(new Error('the NCA server was stopped before it started'));
        }
        const args = serverArgs(this.settings, interpreter.python);
        this.say('info', `${interpreter.python} ${args.join(' ')}`);
        const env = serverEnv(this.settings, process.env, projectPython(interpreter));
        const child = spawn(interpreter.python, args, { cwd, env, windowsHide: true });
        this.child = child;
        this.exited = new Promise((resolve) => {
            child.on('exit', (code) => resolve(code));
            child.on('error', (error) => {
                this.stderr.push(`${error.message}\n`);
                resolve(null);
            });
        });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
            for (const line of this.stderr.push(chunk)) {
                const address = parseAddressLine(line);
                if (address) {
                    this.update({ address });
                }
                const refused = parseHttpFailure(line);
                if (refused) {
                    // the language server runs on; only the route for Continue is missing
                    const message = explainHttpFailure(refused, this.settings.http.port);
                    this.say('warn', message);
                    this.update({ detail: message });
                    void vscode.window.showWarningMessage(message, 'Open Settings').then((pick) => pick
                        && vscode.commands.executeCommand('workbench.action.openSettings', 'nca.http'));
                }
            }
        });
        return Promise.resolve(child);
    }

    private clientOptions(generation: number): LanguageClientOptions {
        return {
            documentSelector: [
                { scheme: 'file', language: 'python' },
                { scheme: 'untitled', language: 'python' },
            ],
            outputChannel: this.log,
            revealOutputChannelOn: RevealOutputChannelOn.Never,
            initializationOptions: toInitializationOptions(this.settings),
            errorHandler: {
                error: (_error, _message, count): ErrorHandlerResult =>
                    ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
                // a client of an earlier generation was stopped on purpose: its close is no crash
                closed: () => (generation === this.generation ? this.onClosed()
                    : { action: CloseAction.DoNotRestart, handled: true }),
            },
        };
    }

    /** Decides what follows a closed connection: a delayed restart, or a message and a stop. */
    private async onClosed(): Promise<CloseHandlerResult> {
        const handled: CloseHandlerResult = { action: CloseAction.DoNotRestart, handled: true };
        if (this.stopping || this.startedAt === undefined) {
            return handled; // a stop we asked for, or a failed start that start() reports
        }
        const decision = this.policy.onCrash(Date.now(), this.startedAt);
        if (decision.action === 'restart') {
            const seconds = Math.round(decision.delayMs / 1000);
            this.say('warn', `The NCA server stopped; restarting in ${seconds} s (attempt ${decision.attempt}).`);
            this.forget();
            this.update({ state: 'starting', detail: `Restarting in ${seconds} s after a crash` });
            this.restartTimer = setTimeout(() => void this.start(), decision.delayMs);
        } else {
            void this.failed(decision.reason);
        }
        return handled;
    }

    /** Shows why the server stopped, from its last stderr lines; offers a restart, never loops. */
    private async failed(reason: 'crashed-on-start' | 'too-many-crashes'): Promise<void> {
        const code = await Promise.race([this.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
        const message = explainExit(this.stderr.last(8), this.settings.http.port, code);
        this.forget();
        const prefix = reason === 'too-many-crashes' ? 'The NCA server crashed repeatedly and was not restarted. ' : '';
        this.update({ state: 'failed', detail: message.split('\n')[0] });
        this.say('error', prefix + message);
        const pick = await vscode.window.showErrorMessage(prefix + message, 'Restart', 'Show Output', 'Open Settings');
        if (pick === 'Restart') {
            await this.restart(true);
        } else if (pick === 'Show Output') {
            this.log.show();
        } else if (pick === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:nca.nca-vscode');
        }
    }

    /** Asks the server for its HTTP address when it has the command; stderr may have told already. */
    private async queryAddress(client: LanguageClient): Promise<void> {
        if (!this.hasCommand('nca.httpAddress')) {
            return;
        }
        try {
            const result = await client.sendRequest(ExecuteCommandRequest.type, { command: 'nca.httpAddress', arguments: [] });
            const url = typeof result === 'string' ? result : (result as { url?: unknown } | null)?.url;
            const address = typeof url === 'string' ? parseAddressLine(`nca: ${url}`) : undefined;
            if (address) {
                this.update({ address });
            }
        } catch (error) {
            this.say('warn', `nca.httpAddress failed: ${String(error)}`);
        }
    }

    /** Returns whether the running server offers `command`. */
    hasCommand(command: string): boolean {
        const commands = this.running?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
        return commands.includes(command);
    }

    /** Returns the result of a server command; starts the server first when it is down. */
    async execute(command: string, args: unknown[], token?: CancellationToken): Promise<unknown> {
        if (!this.running) {
            await this.start();
        }
        const client = this.running;
        if (!client) {
            throw new Error('the NCA server is not running (see "NCA: Show Output")');
        }
        if (!this.hasCommand(command)) {
            throw new Error(`this nca server has no ${command} command; upgrade nca in ${this.info.interpreter?.python ?? 'its interpreter'}`);
        }
        return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token);
    }

    /**
     * Restarts the server; `userAsked` forgets past crashes so a fixed setup starts cleanly.
     * Restarts asked for while one runs follow it, each with the settings of its own time.
     */
    restart(userAsked: boolean): Promise<void> {
        if (userAsked) {
            this.policy.reset();
        }
        return this.restarts.run(async () => {
            await this.stop();
            if (!this.disposed) {
                await this.start();
            }
        });
    }

    /** Applies changed settings: a restart for process-level ones, a notification for the rest. */
    async onSettingsChanged(): Promise<void> {
        const before = this.settings;
        const after = this.readSettings();
        const reaction = reactionTo(before, after);
        this.settings = after;
        if (reaction === 'restart') {
            this.say('info', 'NCA settings changed: restarting the server.');
            await this.restart(true);
        } else if (reaction === 'notify' && this.running) {
            await this.running.sendNotification(DidChangeConfigurationNotification.type,
                { settings: { nca: toInitializationOptions(after) } });
        }
    }

    /** Drops the current client, which stopped or failed to start, and its process. */
    private forget(): void {
        const client = this.client;
        const child = this.child;
        this.client = undefined;
        this.child = undefined;
        this.startedAt = undefined;
        if (child && child.exitCode === null) {
            child.kill();
        }
        // after the client's own close handling has run: disposing inside it races its state
        setTimeout(() => void client?.dispose().catch(() => undefined), 0);
    }

    /**
     * Stops the server: the client shuts it down, and the process is killed when it does not
     * exit in time, whatever the client or the (maybe closed) output channel throw.
     */
    async stop(graceMs = 5000): Promise<void> {
        this.generation += 1;
        clearTimeout(this.restartTimer);
        const client = this.client;
        const started = this.clientStarted;
        const child = this.child;
        const exited = this.exited;
        this.stopping = true;
        this.client = undefined;
        this.clientStarted = undefined;
        this.child = undefined;
        this.exited = undefined;
        this.starting = undefined;
        this.startedAt = undefined;
        try {
            await stopServer({ client, started, child, exited, graceMs, exitMs: Math.min(graceMs, 2000),
                log: (message) => this.say('warn', message) });
        } finally {
            this.stopping = false;
            this.update({ state: 'stopped', address: undefined, detail: undefined });
        }
    }

    /** Stops for good: nothing is logged or announced any more (the channel is closing). */
    dispose(): void {
        const stopping = this.stop(2000);
        this.disposed = true;
        void stopping.finally(() => this.changed.dispose());
    }
}
