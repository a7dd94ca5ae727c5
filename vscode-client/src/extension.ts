/**
 * Entry point: builds the output channel, server controller, status bar item and commands, then
 * starts `nca serve --stdio`.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { statusView } from './common/status';
import { onInterpreterChange } from './python';
import { CLIENT_ID, NcaServer } from './server';

let server: NcaServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const log = vscode.window.createOutputChannel('NCA', { log: true });
    server = new NcaServer(log);
    const item = vscode.window.createStatusBarItem(`${CLIENT_ID}.status`, vscode.StatusBarAlignment.Left, 10);
    item.name = 'NCA';
    item.command = 'nca.client.menu';
    const render = (): void => {
        const view = statusView(server!.info);
        item.text = view.text;
        item.tooltip = view.tooltip;
        item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    };
    render();
    item.show();
    const ncaServer = server;

    context.subscriptions.push(
        log,
        item,
        ncaServer,
        ncaServer.onDidChange(render),
        ...registerCommands(ncaServer, context.globalStorageUri),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(CLIENT_ID)) {
                void ncaServer.onSettingsChanged();
            }
        }),
    );
    const interpreterWatch = await onInterpreterChange(() => {
        if (!ncaServer.settings.interpreter) {
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
    await server?.stop();
    server = undefined;
}
