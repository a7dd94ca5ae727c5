/**
 * What the user sees when the server's interpreter is missing or lacks nca, with the way out.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { findSourceDir, installCommand, Interpreter } from './common/interpreter';
import { hasPythonExtension } from './python';

/** Shows why `interpreter` cannot run the server and offers the fix: a setting or an install. */
export async function showImportFailure(interpreter: Interpreter, reason: string, detail: string,
    log: vscode.LogOutputChannel, restart: () => Promise<void>): Promise<void> {
    const origin = interpreter.source === 'setting' ? ' (from the "nca.interpreter" setting)'
        : interpreter.source === 'python-extension' ? ' (the Python extension\'s interpreter)' : '';
    if (reason === 'missing-interpreter') {
        const buttons = hasPythonExtension() ? ['Select Interpreter', 'Open Settings'] : ['Open Settings'];
        const pick = await vscode.window.showErrorMessage(
            `NCA: the Python interpreter "${interpreter.python}"${origin} was not found. Set "nca.interpreter" to a Python 3.11+ executable.`,
            ...buttons);
        if (pick === 'Select Interpreter') {
            await vscode.commands.executeCommand('python.setInterpreter');
        } else if (pick === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'nca.interpreter');
        }
        return;
    }
    if (reason === 'not-installed') {
        const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        const source = findSourceDir(folders, (file) => {
            try {
                return fs.readFileSync(file, 'utf8');
            } catch {
                return undefined;
            }
        });
        const command = installCommand(interpreter.python, source);
        const pick = await vscode.window.showErrorMessage(
            `NCA is not installed in ${interpreter.python}${origin}. Install it with: ${command}`,
            'Install in Terminal', 'Copy Command', 'Restart Server');
        if (pick === 'Install in Terminal') {
            const terminal = vscode.window.createTerminal({ name: 'NCA install', cwd: source ?? folders[0] });
            terminal.show();
            terminal.sendText(command);
            const after = await vscode.window.showInformationMessage('Restart the NCA server once the install finishes.', 'Restart Server');
            if (after) {
                await restart();
            }
        } else if (pick === 'Copy Command') {
            await vscode.env.clipboard.writeText(command);
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
