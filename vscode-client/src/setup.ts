/**
 * What the user sees when the server's interpreter is missing or lacks nca, with the way out.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { findSourceDir, installAdvice, installCommand, Interpreter, isNcaCommand, isNcaSource } from './common/interpreter';
import { hasPythonExtension } from './python';

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch {
        return undefined;
    }
}

/** Runs an install command in a terminal, then offers the restart that picks it up. */
async function installInTerminal(command: string, cwd: string | undefined, restart: () => Promise<void>): Promise<void> {
    const terminal = vscode.window.createTerminal({ name: 'NCA install', cwd });
    terminal.show();
    terminal.sendText(command);
    const after = await vscode.window.showInformationMessage('Restart the NCA server once the install finishes.', 'Restart Server');
    if (after) {
        await restart();
    }
}

/** Asks for a checkout of nca's source and installs it into `python` from there. */
async function installFromChosenCheckout(python: string, restart: () => Promise<void>): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Install nca from this folder',
    });
    const folder = picked?.[0]?.fsPath;
    if (!folder) {
        return;
    }
    if (!isNcaSource(readText(path.join(folder, 'pyproject.toml')))) {
        void vscode.window.showErrorMessage(`NCA: ${folder} does not hold nca's source (its pyproject.toml does not name neural-coding-assistant).`);
        return;
    }
    await installInTerminal(installCommand(python, folder), folder, restart);
}

/**
 * Shows why `interpreter` cannot run the server and offers the fix: a setting or an install.
 * `extensionPath` is where this extension runs from: inside a checkout of nca (the development
 * host, or an install from `vscode-client/`), that checkout is what to install.
 */
export async function showImportFailure(interpreter: Interpreter, reason: string, detail: string,
    log: vscode.LogOutputChannel, restart: () => Promise<void>, extensionPath?: string): Promise<void> {
    const origin = interpreter.source === 'setting' ? ' (from the "nca.interpreter" setting)'
        : interpreter.source === 'python-extension' ? ' (the Python extension\'s interpreter)' : '';
    if (reason === 'missing-interpreter') {
        const buttons = hasPythonExtension() ? ['Select Interpreter', 'Open Settings'] : ['Open Settings'];
        const what = isNcaCommand(interpreter.python)
            ? `the nca command "${interpreter.python}"${origin} was not found. Set "nca.interpreter" to the nca that pipx installed, or to a Python 3.11+ that has nca.`
            : `the Python interpreter "${interpreter.python}"${origin} was not found. Set "nca.interpreter" to a Python 3.11+ executable, or to the nca command.`;
        const pick = await vscode.window.showErrorMessage(`NCA: ${what}`, ...buttons);
        if (pick === 'Select Interpreter') {
            await vscode.commands.executeCommand('python.setInterpreter');
        } else if (pick === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'nca.interpreter');
        }
        return;
    }
    if (reason === 'not-installed') {
        const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        const candidates = extensionPath ? [...folders, path.dirname(extensionPath)] : folders;
        const source = findSourceDir(candidates, readText);
        const advice = installAdvice(interpreter.python, source);
        const message = `NCA is not installed in ${interpreter.python}${origin}. ${advice.message}`;
        if (advice.command) {
            const pick = await vscode.window.showErrorMessage(message, 'Install in Terminal', 'Copy Command', 'Restart Server');
            if (pick === 'Install in Terminal') {
                await installInTerminal(advice.command, source, restart);
            } else if (pick === 'Copy Command') {
                await vscode.env.clipboard.writeText(advice.command);
            } else if (pick === 'Restart Server') {
                await restart();
            }
            return;
        }
        const pick = await vscode.window.showErrorMessage(message, 'Choose nca Checkout…', 'Open Settings', 'Restart Server');
        if (pick === 'Choose nca Checkout…') {
            await installFromChosenCheckout(interpreter.python, restart);
        } else if (pick === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'nca.interpreter');
        } else if (pick === 'Restart Server') {
            await restart();
        }
        return;
    }
    const pick = await vscode.window.showErrorMessage(`NCA: importing nca with ${interpreter.python} failed: ${detail}`, 'Show Output', 'Restart Server');
    if (pick === 'Show Output') {
        log.show();
    } else if (pick === 'Restart Server') {
        await restart();
    }
}
