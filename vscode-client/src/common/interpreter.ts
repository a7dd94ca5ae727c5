/**
 * Which Python runs the server, whether `nca` is importable there, and how to install it.
 * No `vscode` import: the Python extension's answer is passed in.
 */
import { execFile } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import type { NcaSettings } from './settings';

export type InterpreterSource = 'setting' | 'python-extension' | 'default';

export interface Interpreter {
    /** The executable, expanded. */
    python: string;
    source: InterpreterSource;
}

/** The module the server's command line lives in; importing it proves `nca` is installed. */
export const CLI_MODULE = 'nca.server.cli';
export const DISTRIBUTION = 'neural-coding-assistant';

/** Returns `value` with `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~` expanded. */
export function expandPath(value: string, workspaceFolder: string | undefined,
    env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
    let out = value.trim();
    if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
        out = home + out.slice(1);
    }
    out = out.replace(/\$\{userHome\}/g, home);
    out = out.replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => env[name] ?? '');
    if (workspaceFolder !== undefined) {
        out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    }
    return out;
}

/**
 * Returns the interpreter to use: the `nca.interpreter` setting, else the Python extension's
 * active interpreter, else `python3` (`python` on Windows).
 */
export function chooseInterpreter(setting: string, fromPythonExtension: string | undefined,
    workspaceFolder: string | undefined, platform: NodeJS.Platform = process.platform): Interpreter {
    if (setting.trim()) {
        return { python: expandPath(setting, workspaceFolder), source: 'setting' };
    }
    if (fromPythonExtension && fromPythonExtension.trim()) {
        return { python: fromPythonExtension.trim(), source: 'python-extension' };
    }
    return { python: platform === 'win32' ? 'python' : 'python3', source: 'default' };
}

/** Returns whether `host` is a loopback address, reachable from this machine only. */
export function isLoopback(host: string): boolean {
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Returns the interpreter arguments that start the language server on stdio with its HTTP route. */
export function serverArgs(settings: Pick<NcaSettings, 'http' | 'trace'>): string[] {
    const args = ['-m', CLI_MODULE, 'serve', '--stdio',
        '--http-host', settings.http.host, '--http-port', String(settings.http.port)];
    if (!isLoopback(settings.http.host)) {
        args.push('--http-allow-remote'); // the user chose this host; the token guards it
    }
    if (settings.trace === 'verbose') {
        args.push('--log-level', 'DEBUG');
    }
    return args;
}

/** Returns the server's environment: `base` plus the API token, unbuffered UTF-8 output. */
export function serverEnv(settings: Pick<NcaSettings, 'http'>, base: NodeJS.ProcessEnv = process.env,
    python?: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
    if (python) {
        // the project's interpreter: what the user's code can import is judged in it
        env.NCA_PYTHON = python;
    }
    if (settings.http.token) {
        env.NCA_API_KEY = settings.http.token;
    }
    return env;
}

/** Returns `arg` quoted for a POSIX shell or for PowerShell/cmd when it needs quoting. */
export function shellQuote(arg: string, platform: NodeJS.Platform = process.platform): string {
    if (/^[\w@%+=:,./\\-]+$/.test(arg)) {
        return arg;
    }
    if (platform === 'win32') {
        return `"${arg.replace(/"/g, '""')}"`;
    }
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Returns the exact shell command that installs `nca` into `python`: an editable install of
 * `sourceDir` when the workspace holds nca's own source, else the published distribution.
 */
export function installCommand(python: string, sourceDir?: string,
    platform: NodeJS.Platform = process.platform): string {
    const target = sourceDir ? `-e ${shellQuote(sourceDir, platform)}` : DISTRIBUTION;
    const exe = shellQuote(python, platform);
    // PowerShell needs the call operator to run a quoted path.
    const prefix = platform === 'win32' && exe.startsWith('"') ? '& ' : '';
    return `${prefix}${exe} -m pip install ${target}`;
}

export type ImportCheck =
    | { ok: true }
    | { ok: false; reason: 'missing-interpreter'; detail: string }
    | { ok: false; reason: 'not-installed'; detail: string }
    | { ok: false; reason: 'failed'; detail: string };

/** Returns whether `python` runs and can import nca's command line, with the reason when not. */
export function checkImportable(python: string, cwd?: string, timeoutMs = 20000): Promise<ImportCheck> {
    return new Promise((resolve) => {
        execFile(python, ['-c', `import ${CLI_MODULE}`], { cwd, timeout: timeoutMs, windowsHide: true },
            (error, _stdout, stderr) => {
                if (!error) {
                    resolve({ ok: true });
                    return;
                }
                const code = (error as NodeJS.ErrnoException).code;
                if (code === 'ENOENT' || code === 'EACCES') {
                    resolve({ ok: false, reason: 'missing-interpreter', detail: `${python}: ${code === 'ENOENT' ? 'not found' : 'not executable'}` });
                    return;
                }
                const text = String(stderr).trim();
                if (/ModuleNotFoundError|No module named/.test(text)) {
                    resolve({ ok: false, reason: 'not-installed', detail: lastLines(text, 1).join('') });
                    return;
                }
                resolve({ ok: false, reason: 'failed', detail: lastLines(text || error.message, 5).join('\n') });
            });
    });
}

/** Returns the last `n` non-empty lines of `text`. */
export function lastLines(text: string, n: number): string[] {
    return text.split(/\r?\n/).filter((line) => line.trim() !== '').slice(-n);
}

/** Returns the folder among `folders` whose pyproject.toml declares nca's distribution, if any. */
export function findSourceDir(folders: readonly string[], readFile: (file: string) => string | undefined): string | undefined {
    return folders.find((folder) => {
        const text = readFile(path.join(folder, 'pyproject.toml'));
        return text !== undefined && new RegExp(`^name\\s*=\\s*["']${DISTRIBUTION}["']`, 'm').test(text);
    });
}
