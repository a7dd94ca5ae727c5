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
    /** The executable, expanded: a Python, or the `nca` command itself (see `isNcaCommand`). */
    python: string;
    source: InterpreterSource;
    /**
     * The project's Python when `python` is the `nca` command (the Python extension's
     * interpreter; undefined: nca finds it as `nca fix` does). Given to the server as NCA_PYTHON.
     */
    project?: string;
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

/** Returns whether `executable` is the `nca` command (`nca`, `nca.exe`...) rather than a Python. */
export function isNcaCommand(executable: string): boolean {
    const base = executable.trim().split(/[\\/]/).pop() ?? '';
    return /^nca(\.(exe|cmd|bat))?$/i.test(base);
}

/**
 * Returns the interpreter to use: the `nca.interpreter` setting, else the Python extension's
 * active interpreter, else `python3` (`python` on Windows). The setting may name the `nca`
 * command (a pipx install): the server then runs as `nca serve`, and the Python extension's
 * interpreter, if any, is still the project's.
 */
export function chooseInterpreter(setting: string, fromPythonExtension: string | undefined,
    workspaceFolder: string | undefined, platform: NodeJS.Platform = process.platform): Interpreter {
    if (setting.trim()) {
        const python = expandPath(setting, workspaceFolder);
        if (isNcaCommand(python)) {
            const project = fromPythonExtension?.trim();
            return project ? { python, source: 'setting', project } : { python, source: 'setting' };
        }
        return { python, source: 'setting' };
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

/** Returns the arguments that run nca's command line with `executable`: none for the `nca` command. */
export function cliPrefix(executable?: string): string[] {
    return executable !== undefined && isNcaCommand(executable) ? [] : ['-m', CLI_MODULE];
}

/**
 * Returns the arguments that start the language server on stdio with its HTTP route, for
 * `executable` (a Python by default; the `nca` command takes them without `-m`).
 */
export function serverArgs(settings: Pick<NcaSettings, 'http' | 'trace'>, executable?: string): string[] {
    const args = [...cliPrefix(executable), 'serve', '--stdio',
        '--http-host', settings.http.host, '--http-port', String(settings.http.port)];
    if (!isLoopback(settings.http.host)) {
        args.push('--http-allow-remote'); // the user chose this host; the token guards it
    }
    if (settings.trace === 'verbose') {
        args.push('--log-level', 'DEBUG');
    }
    return args;
}

/** Returns the project's Python of an interpreter: itself, or what was found beside the `nca` command. */
export function projectPython(interpreter: Interpreter): string | undefined {
    return isNcaCommand(interpreter.python) ? interpreter.project : interpreter.python;
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
 * Returns the shell command that installs nca from its source folder (a checkout) into
 * `python`. nca is not published on PyPI: without the folder there is no command to give.
 */
export function installCommand(python: string, sourceDir: string,
    platform: NodeJS.Platform = process.platform): string {
    const exe = shellQuote(python, platform);
    // PowerShell needs the call operator to run a quoted path.
    const prefix = platform === 'win32' && exe.startsWith('"') ? '& ' : '';
    return `${prefix}${exe} -m pip install ${shellQuote(sourceDir, platform)}`;
}

/** Returns the command that installs the `nca` command from a checkout in its own environment. */
export function pipxCommand(sourceDir: string, platform: NodeJS.Platform = process.platform): string {
    return `pipx install ${shellQuote(sourceDir, platform)}`;
}

/**
 * Returns what to tell a user whose `python` lacks nca: the command that installs it from the
 * checkout at `sourceDir` when one was found, else how to install it from one (nca is not on
 * PyPI, so no package name would work).
 */
export function installAdvice(python: string, sourceDir: string | undefined,
    platform: NodeJS.Platform = process.platform): { message: string; command?: string } {
    if (sourceDir) {
        const command = installCommand(python, sourceDir, platform);
        return { message: `Install it from ${sourceDir}: ${command}`, command };
    }
    const placeholder = platform === 'win32' ? 'C:\\path\\to\\nca' : '/path/to/nca';
    return {
        message: `nca is not on PyPI: install it from a checkout of its source, `
            + `${installCommand(python, placeholder, platform)}, or ${pipxCommand(placeholder, platform)} `
            + 'and set "nca.interpreter" to the nca command it installs.',
    };
}

/** Returns whether the text of a pyproject.toml declares nca's distribution. */
export function isNcaSource(pyproject: string | undefined): boolean {
    return pyproject !== undefined && new RegExp(`^name\\s*=\\s*["']${DISTRIBUTION}["']`, 'm').test(pyproject);
}

export type ImportCheck =
    | { ok: true }
    | { ok: false; reason: 'missing-interpreter'; detail: string }
    | { ok: false; reason: 'not-installed'; detail: string }
    | { ok: false; reason: 'failed'; detail: string };

/**
 * Returns whether `python` runs and can import nca's command line, with the reason when not.
 * For the `nca` command itself, whether `nca serve --help` runs.
 */
export function checkImportable(python: string, cwd?: string, timeoutMs = 20000): Promise<ImportCheck> {
    const nca = isNcaCommand(python);
    const args = nca ? ['serve', '--help'] : ['-c', `import ${CLI_MODULE}`];
    return new Promise((resolve) => {
        execFile(python, args, { cwd, timeout: timeoutMs, windowsHide: true },
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
                if (!nca && /^usage: nca\b/m.test(text)) {
                    // an nca command under another name: it parsed `-c` as its own option
                    resolve({ ok: false, reason: 'failed', detail: `${python} is the nca command, not a Python interpreter: `
                        + 'set "nca.interpreter" to a Python that has nca installed, or to the nca command itself (named nca).' });
                    return;
                }
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
    return folders.find((folder) => isNcaSource(readFile(path.join(folder, 'pyproject.toml'))));
}
