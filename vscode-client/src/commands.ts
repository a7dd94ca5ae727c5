/**
 * The editor commands: each collects its input, runs one `nca.*` server command, and says what happened.
 */
import { execFile } from 'child_process';
import * as fs from 'fs/promises';
import * as vscode from 'vscode';
import { ResponseError } from 'vscode-languageclient/node';
import {
    connectedNote,
    continueConfigArgs,
    continueConfigPath,
    continueRoute,
    describeChange,
    explainCliFailure,
} from './common/continueConfig';
import { cliPrefix, projectPython, serverEnv } from './common/interpreter';
import {
    backupLabel,
    describeFindings,
    describeFixFile,
    describeFixWorkspace,
    describeRestore,
    memoryDocument,
    Outcome,
    parseBackups,
} from './common/results';
import { NcaServer, workspaceFolder } from './server';

/** Shows an outcome at its level; returns the button picked, if any. */
function show(outcome: Outcome, ...buttons: string[]): Thenable<string | undefined> {
    const method = outcome.level === 'info' ? vscode.window.showInformationMessage
        : outcome.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    return method(outcome.message, ...buttons);
}

/** Returns a server command's result, with a spinner in the status bar; errors become messages. */
async function run(server: NcaServer, title: string, command: string, args: unknown[]): Promise<unknown> {
    try {
        return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title },
            () => server.execute(command, args));
    } catch (error) {
        const text = error instanceof ResponseError || error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`NCA: ${text}`, 'Show Output').then((pick) => {
            if (pick) {
                server.log.show();
            }
        });
        return undefined;
    }
}

async function fixFile(server: NcaServer, uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
        void vscode.window.showWarningMessage('NCA: open a Python file to fix.');
        return;
    }
    const result = await run(server, 'NCA: fixing the file', 'nca.fixFile', [target.toString()]);
    if (result !== undefined) {
        void show(describeFixFile(result));
    }
}

async function fixWorkspace(server: NcaServer): Promise<void> {
    const result = await run(server, 'NCA: fixing the workspace', 'nca.fixWorkspace', []);
    if (result !== undefined) {
        void show(describeFixWorkspace(result));
    }
}

async function showFindings(server: NcaServer, what: 'tests' | 'log', result: unknown): Promise<void> {
    if (result === undefined) {
        return;
    }
    const outcome = describeFindings(result, what);
    const buttons = outcome.files.length ? ['Show Problems', 'Open First File'] : [];
    const pick = await show(outcome, ...buttons);
    if (pick === 'Show Problems') {
        await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else if (pick === 'Open First File') {
        await vscode.window.showTextDocument(vscode.Uri.parse(outcome.files[0]));
    }
}

async function runTests(server: NcaServer): Promise<void> {
    await showFindings(server, 'tests', await run(server, 'NCA: running the tests', 'nca.runTests', []));
}

/** Returns log text or a log file's path, from the selection, the clipboard or a file. */
async function pickLog(): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    const choices: (vscode.QuickPickItem & { from: string })[] = [];
    if (selection.trim()) {
        choices.push({ label: '$(selection) Selection', description: `${selection.split('\n').length} lines`, from: 'selection' });
    }
    choices.push({ label: '$(clippy) Clipboard', from: 'clipboard' }, { label: '$(file) File…', from: 'file' });
    const choice = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { placeHolder: 'Debug which log?' });
    if (choice?.from === 'selection') {
        return selection;
    }
    if (choice?.from === 'clipboard') {
        const text = await vscode.env.clipboard.readText();
        if (!text.trim()) {
            void vscode.window.showWarningMessage('NCA: the clipboard is empty.');
            return undefined;
        }
        return text;
    }
    if (choice?.from === 'file') {
        const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Debug this log', defaultUri: workspaceFolder() });
        return files?.[0]?.fsPath;
    }
    return undefined;
}

async function debugLog(server: NcaServer): Promise<void> {
    const log = await pickLog();
    if (log) {
        await showFindings(server, 'log', await run(server, 'NCA: reading the log', 'nca.debugLog', [log]));
    }
}

async function showMemory(server: NcaServer): Promise<void> {
    const result = await run(server, 'NCA: reading the memory', 'nca.showMemory', []);
    if (result !== undefined) {
        const { language, content } = memoryDocument(result);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
    }
}

async function restoreBackup(server: NcaServer): Promise<void> {
    const backups = parseBackups(await run(server, 'NCA: listing backups', 'nca.listBackups', []));
    if (backups.length === 0) {
        void vscode.window.showInformationMessage('NCA: no backups yet. NCA backs files up before it writes a fix.');
        return;
    }
    const picked = await vscode.window.showQuickPick(
        backups.map((backup) => ({ ...backupLabel(backup), backup })),
        { placeHolder: 'Restore which backup? (the current files are backed up first)', matchOnDescription: true, matchOnDetail: true });
    if (!picked) {
        return;
    }
    const { backup } = picked;
    const confirm = await vscode.window.showWarningMessage(
        `Restore ${backup.files.length} file(s) from ${backup.id.slice(0, 12)}?`,
        { modal: true, detail: `${backup.message}\n${backup.files.join('\n')}\n\nThe current contents are backed up first.` },
        'Restore');
    if (confirm === 'Restore') {
        const result = await run(server, 'NCA: restoring', 'nca.restoreBackup', [backup.id]);
        if (result !== undefined) {
            void show(describeRestore(result, backup.id));
        }
    }
}

/** Returns the text of a file, or undefined when it does not exist. */
async function readIfExists(file: string): Promise<string | undefined> {
    try {
        return await fs.readFile(file, 'utf8');
    } catch {
        return undefined;
    }
}

async function connectContinue(server: NcaServer, storage: vscode.Uri): Promise<void> {
    // this window's own server, on the port it announced: another window's Continue config
    // must not keep talking to a server of another workspace
    const address = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'NCA: waiting for the HTTP route' },
        () => server.httpAddress());
    if (!address) {
        const why = server.info.detail ?? 'the server has not announced its HTTP route';
        void vscode.window.showErrorMessage(`NCA: cannot connect Continue: ${why}.`, 'Show Output').then((pick) => pick && server.log.show());
        return;
    }
    const interpreter = server.info.interpreter ?? await server.interpreter();
    const route = continueRoute(address);
    const file = continueConfigPath();
    const before = await readIfExists(file);
    const folder = workspaceFolder()?.fsPath;
    const args = [...cliPrefix(interpreter.python), ...continueConfigArgs(route, file, folder)];
    server.log.info(`${interpreter.python} ${args.join(' ')}`);
    // the token the route requires goes into Continue's config as its apiKey
    const env = serverEnv(server.settings, process.env, projectPython(interpreter));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(interpreter.python, args, { cwd: folder, env, timeout: 60_000, windowsHide: true },
            (error, out, err) => resolve({
                code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
                stdout: String(out),
                stderr: error && !err ? error.message : String(err),
            }));
    });
    if (stdout.trim()) {
        server.log.info(stdout.trim());
    }
    if (code !== 0) {
        server.log.error(stderr.trim());
        void vscode.window.showErrorMessage(explainCliFailure(code, stderr), 'Show Output').then((pick) => pick && server.log.show());
        return;
    }
    if (stderr.trim()) {
        server.log.warn(stderr.trim());
    }
    const after = await readIfExists(file);
    const change = describeChange(file, before, after);
    const buttons = change.kind === 'updated' || change.kind === 'created' ? ['Show Changes'] : [];
    const message = `NCA: ${change.message} ${connectedNote(route, server.settings.http.port)}`;
    const pick = await show({ level: change.kind === 'missing' ? 'warning' : 'info', message }, ...buttons);
    if (pick === 'Show Changes') {
        await vscode.workspace.fs.createDirectory(storage);
        const snapshot = vscode.Uri.joinPath(storage, 'continue-config.before.yaml');
        await vscode.workspace.fs.writeFile(snapshot, Buffer.from(before ?? '', 'utf8'));
        await vscode.commands.executeCommand('vscode.diff', snapshot, vscode.Uri.file(file), 'Continue config: before ↔ after nca');
    }
}

async function menu(): Promise<void> {
    const items: (vscode.QuickPickItem & { command: string })[] = [
        { label: 'Fix File', command: 'nca.client.fixFile' },
        { label: 'Fix Workspace', command: 'nca.client.fixWorkspace' },
        { label: 'Run Tests and Show Failures', command: 'nca.client.runTests' },
        { label: 'Debug a Log', command: 'nca.client.debugLog' },
        { label: 'Show Memory', command: 'nca.client.showMemory' },
        { label: 'List and Restore Backups', command: 'nca.client.restoreBackup' },
        { label: 'Connect Continue', command: 'nca.client.connectContinue' },
        { label: 'Restart Server', command: 'nca.client.restart' },
        { label: 'Show Output', command: 'nca.client.showOutput' },
    ];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'NCA' });
    if (picked) {
        await vscode.commands.executeCommand(picked.command);
    }
}

/** Returns the registrations of every editor command. */
export function registerCommands(server: NcaServer, storage: vscode.Uri): vscode.Disposable[] {
    const register = vscode.commands.registerCommand;
    return [
        register('nca.client.fixFile', (uri?: vscode.Uri) => fixFile(server, uri)),
        register('nca.client.fixWorkspace', () => fixWorkspace(server)),
        register('nca.client.runTests', () => runTests(server)),
        register('nca.client.debugLog', () => debugLog(server)),
        register('nca.client.showMemory', () => showMemory(server)),
        register('nca.client.restoreBackup', () => restoreBackup(server)),
        register('nca.client.restart', () => server.restart(true)),
        register('nca.client.connectContinue', () => connectContinue(server, storage)),
        register('nca.client.showOutput', () => server.log.show()),
        register('nca.client.menu', () => menu()),
    ];
}
