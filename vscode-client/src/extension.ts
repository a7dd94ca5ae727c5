/**
 * Entry point: builds the output channel, server controller, status bar item and commands, then
 * starts `nca serve --stdio`. Activated by a Python document (`onLanguage:python`) or an NCA
 * command; nothing here walks the workspace.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { isNcaCommand } from './common/interpreter';
import { showsStatusFor, statusView } from './common/status';
import { onInterpreterChange } from './python';
import { CLIENT_ID, NcaServer } from './server';

let server: NcaServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const log = vscode.window.createOutputChannel('NCA', { log: true });
    server = new NcaServer(log, context.extensionPath);
    const item = vscode.window.createStatusBarItem(`${CLIENT_ID}.status`, vscode.StatusBarAlignment.Left, 10);
    item.name = 'NCA';
    item.command = 'nca.client.menu';
    const render = (): void => {
        const view = statusView(server!.info);
        item.text = view.text;
        item.tooltip = view.tooltip;
        item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    };
    // the item belongs to Python documents: other files' status bars stay as they were
    const show = (languageId: string | undefined): void => {
        if (showsStatusFor(languageId)) {
            item.show();
        } else {
            item.hide();
        }
    };
    const place = (editor: vscode.TextEditor | undefined): void => show(editor?.document.languageId);
    render();
    place(vscode.window.activeTextEditor);
    const ncaServer = server;

    // disposed in this order: the server before the output channel it logs to
    context.subscriptions.push(
        ncaServer,
        item,
        ncaServer.onDidChange(render),
        vscode.window.onDidChangeActiveTextEditor(place),
        vscode.workspace.onDidOpenTextDocument((document) => {
            // a language mode changed by hand reopens the active document under the new language
            if (document.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) {
                show(document.languageId);
            }
        }),
        ...registerCommands(ncaServer, context.globalStorageUri),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(CLIENT_ID)) {
                void ncaServer.onSettingsChanged();
            }
        }),
        log,
    );
    const interpreterWatch = await onInterpreterChange(() => {
        // the project's Python: the server's own unless a Python or nca command is set
        if (!ncaServer.settings.interpreter || isNcaCommand(ncaServer.settings.interpreter)) {
            log.info('The Python extension\'s interpreter changed: restarting the NCA server.');
            void ncaServer.restart(true);
        }
    });
    if (interpreterWatch) {
        context.subscriptions.push(interpreterWatch);
    }
    await ncaServer.start();
}

export async function deactivate(): Promise<void> {
    // VS Code disposes the subscriptions (the output channel too) without waiting for this
    await server?.stop(2000);
    server = undefined;
}
