/**
 * The Python extension's active interpreter, through its public API when it is installed.
 */
import * as vscode from 'vscode';

/** The part of `ms-python.python`'s exported API this extension uses. */
interface PythonExtensionApi {
    environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string } | undefined;
        resolveEnvironment?(env: { id: string; path: string } | string):
            Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
        onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
    };
}

export const PYTHON_EXTENSION_ID = 'ms-python.python';

async function api(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    if (!extension.isActive) {
        await extension.activate();
    }
    return extension.exports;
}

/** Returns the executable of the Python extension's active environment, or undefined. */
export async function activeInterpreter(resource: vscode.Uri | undefined,
    log: vscode.LogOutputChannel): Promise<string | undefined> {
    try {
        const environments = (await api())?.environments;
        const active = environments?.getActiveEnvironmentPath(resource);
        if (!environments || !active) {
            return undefined;
        }
        // `path` can be an environment folder; the resolved executable is what we can run.
        const resolved = await environments.resolveEnvironment?.(active);
        return resolved?.executable.uri?.fsPath ?? active.path;
    } catch (error) {
        log.warn(`The Python extension did not give an interpreter: ${String(error)}`);
        return undefined;
    }
}

/** Returns a subscription to the Python extension's interpreter changes, if it is installed. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
    try {
        return (await api())?.environments?.onDidChangeActiveEnvironmentPath?.(listener);
    } catch {
        return undefined;
    }
}

/** Returns whether the Python extension is installed (it offers "Select Interpreter"). */
export function hasPythonExtension(): boolean {
    return vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
}
