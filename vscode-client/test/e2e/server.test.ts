/**
 * End to end: `nca serve --stdio` started the way the extension starts it, driven over JSON-RPC
 * with the same initializationOptions the extension sends.
 */
import * as assert from 'assert';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import {
    CodeAction,
    CodeActionRequest,
    CodeActionResolveRequest,
    Diagnostic,
    DidChangeConfigurationNotification,
    DidOpenTextDocumentNotification,
    ExecuteCommandRequest,
    ExitNotification,
    InitializedNotification,
    InitializeRequest,
    ProtocolConnection,
    PublishDiagnosticsNotification,
    PublishDiagnosticsParams,
    ShutdownRequest,
    TextEdit,
    WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { explainHttpFailure, findAddress, parseHttpFailure } from '../../src/common/continueConfig';
import { checkImportable, serverArgs, serverEnv } from '../../src/common/interpreter';
import { DEFAULT_SETTINGS, NcaSettings, toInitializationOptions } from '../../src/common/settings';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

/** Returns the interpreter that has the repository's nca installed: $NCA_PYTHON or .venv. */
function repoPython(): string {
    if (process.env.NCA_PYTHON) {
        return process.env.NCA_PYTHON;
    }
    return process.platform === 'win32'
        ? path.join(REPO, '.venv', 'Scripts', 'python.exe')
        : path.join(REPO, '.venv', 'bin', 'python');
}

/** Returns why the server cannot run here, or undefined when it can. */
function whyNotRunnable(python: string): string | undefined {
    if (!fs.existsSync(python)) {
        return `no interpreter at ${python} (run "make dev" first, or set NCA_PYTHON)`;
    }
    const probe = spawnSync(python, ['-c', 'import nca.server.lsp, nca.server.cli'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status !== 0) {
        return `nca.server.lsp is not importable with ${python}: ${(probe.stderr || '').trim().split('\n').pop()}`;
    }
    const help = spawnSync(python, ['-m', 'nca.server.cli', 'serve', '--help'], { encoding: 'utf8', timeout: 60_000 });
    if (help.status !== 0) {
        return `this nca has no "serve" command yet: ${(help.stderr || '').trim().split('\n').pop()}`;
    }
    return undefined;
}

/** Returns the text after applying a code action's edit to one document. */
function applyEdit(doc: TextDocument, edit: WorkspaceEdit): string {
    const edits: TextEdit[] = [];
    for (const change of edit.documentChanges ?? []) {
        if ('textDocument' in change && change.textDocument.uri === doc.uri) {
            edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
        }
    }
    edits.push(...(edit.changes?.[doc.uri] ?? []));
    assert.ok(edits.length > 0, `the edit does not touch ${doc.uri}: ${JSON.stringify(edit)}`);
    return TextDocument.applyEdits(doc, edits);
}

/** The extension's defaults, with a free port: a fixed one may be taken where the tests run. */
const SETTINGS: NcaSettings = { ...DEFAULT_SETTINGS, http: { ...DEFAULT_SETTINGS.http, port: 0 } };

const BROKEN = [
    'import os',
    '',
    '',
    'def main():',
    '    return json.dumps({"cwd": os.getcwd()})',
    '',
].join('\n');

describe('nca serve --stdio (end to end)', function () {
    this.timeout(180_000);

    const python = repoPython();
    let child: ChildProcess | undefined;
    let connection: ProtocolConnection | undefined;
    let stderr = '';
    let workspace = '';
    const published: PublishDiagnosticsParams[] = [];
    const waiters: (() => void)[] = [];

    /** Returns the first diagnostics published for `uri` that satisfy `accept`. */
    async function diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean, since = 0): Promise<Diagnostic[]> {
        const deadline = Date.now() + 60_000;
        for (;;) {
            const found = published.slice(since).find((p) => p.uri === uri && accept(p.diagnostics));
            if (found) {
                return found.diagnostics;
            }
            if (Date.now() > deadline) {
                assert.fail(`no matching diagnostics for ${uri}; got ${JSON.stringify(published)}\nstderr:\n${stderr}`);
            }
            await new Promise<void>((resolve) => {
                waiters.push(resolve);
                setTimeout(resolve, 1000);
            });
        }
    }

    before(function () {
        const reason = whyNotRunnable(python);
        if (reason) {
            console.log(`      skipped: ${reason}`);
            this.skip();
        }
        workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nca-e2e-')));
        fs.writeFileSync(path.join(workspace, 'app.py'), BROKEN);
        child = spawn(python, serverArgs(SETTINGS), { cwd: workspace, env: serverEnv(SETTINGS) });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
            stderr += chunk;
        });
        connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            published.push(params);
            waiters.splice(0).forEach((wake) => wake());
        });
        connection.onRequest('window/workDoneProgress/create', () => null);
        connection.onRequest('client/registerCapability', () => null);
        connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        connection.onRequest('workspace/applyEdit', () => ({ applied: true }));
        connection.listen();
    });

    after(async () => {
        if (connection && child && child.exitCode === null) {
            try {
                await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
                await connection.sendNotification(ExitNotification.type);
            } catch {
                // the process may already be gone
            }
            const exited = new Promise((resolve) => child!.once('exit', resolve));
            await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
            if (child.exitCode === null) {
                child.kill();
            }
        }
        connection?.dispose();
        if (workspace) {
            fs.rmSync(workspace, { recursive: true, force: true });
        }
    });

    it('initializes with the extension\'s options and offers the nca commands and lazy code actions', async () => {
        const rootUri = `file://${workspace}`;
        const result = await connection!.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            workspaceFolders: [{ uri: rootUri, name: 'ws' }],
            initializationOptions: toInitializationOptions(SETTINGS),
            capabilities: {
                window: { workDoneProgress: true },
                workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: true },
                textDocument: {
                    publishDiagnostics: { relatedInformation: true },
                    codeAction: {
                        dataSupport: true,
                        resolveSupport: { properties: ['edit'] },
                        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
                    },
                },
            },
        });
        await connection!.sendNotification(InitializedNotification.type, {});
        const commands = result.capabilities.executeCommandProvider?.commands ?? [];
        for (const command of ['nca.fixFile', 'nca.fixWorkspace', 'nca.runTests', 'nca.debugLog', 'nca.listBackups', 'nca.restoreBackup']) {
            assert.ok(commands.includes(command), `${command} missing from ${JSON.stringify(commands)}`);
        }
        const provider = result.capabilities.codeActionProvider;
        assert.ok(typeof provider === 'object' && provider.resolveProvider === true, 'code actions must resolve lazily');
    });

    it('announces its HTTP route on stderr the way the status bar reads it, and by command', async () => {
        const deadline = Date.now() + 15_000;
        while (!findAddress(stderr) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 100));
        }
        const address = findAddress(stderr);
        assert.ok(address, `no "nca: http://HOST:PORT/v1" line in stderr:\n${stderr}`);
        assert.strictEqual(address.host, '127.0.0.1');
        assert.ok(address.port > 0);
        const url = await connection!.sendRequest(ExecuteCommandRequest.type, { command: 'nca.httpAddress', arguments: [] });
        assert.strictEqual(url, address.url);
    });

    it('fixes a broken document through a resolved quick fix', async () => {
        const uri = `file://${path.join(workspace, 'app.py')}`;
        const doc = TextDocument.create(uri, 'python', 1, BROKEN);
        await connection!.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'python', version: 1, text: BROKEN },
        });
        const diagnostics = await diagnosticsFor(uri, (d) => d.some((x) => /json/.test(x.message)));
        const undefinedJson = diagnostics.find((d) => /json/.test(d.message))!;
        assert.strictEqual(undefinedJson.range.start.line, 4);

        const actions = await connection!.sendRequest(CodeActionRequest.type, {
            textDocument: { uri },
            range: undefinedJson.range,
            context: { diagnostics: [undefinedJson], only: ['quickfix'] },
        });
        const fix = (actions ?? []).find((a): a is CodeAction => 'title' in a && a.title.startsWith('Fix with NCA:'));
        assert.ok(fix, `no "Fix with NCA" action in ${JSON.stringify(actions)}`);
        assert.strictEqual(fix.edit, undefined, 'the edit is computed on resolve, not when listing');

        const resolved = await connection!.sendRequest(CodeActionResolveRequest.type, fix);
        assert.ok(resolved.edit, `resolve gave no edit: ${JSON.stringify(resolved)}\nstderr:\n${stderr}`);
        const fixed = applyEdit(doc, resolved.edit);
        assert.match(fixed, /^import json$/m);
        assert.ok(fixed.includes('return json.dumps({"cwd": os.getcwd()})'), fixed);
    });

    it('offers source.fixAll.nca and lists backups', async () => {
        const uri = `file://${path.join(workspace, 'app.py')}`;
        const actions = await connection!.sendRequest(CodeActionRequest.type, {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: [], only: ['source.fixAll.nca'] },
        });
        assert.ok((actions ?? []).some((a) => 'kind' in a && a.kind === 'source.fixAll.nca'), JSON.stringify(actions));
        const backups = await connection!.sendRequest(ExecuteCommandRequest.type, { command: 'nca.listBackups', arguments: [] });
        assert.ok(Array.isArray(backups), `nca.listBackups gave ${JSON.stringify(backups)}`);
    });

    it('takes a settings change without a restart: lint off drops the undefined-name diagnostic', async () => {
        const uri = `file://${path.join(workspace, 'app.py')}`;
        const settings: NcaSettings = { ...SETTINGS, diagnostics: { lint: false } };
        const since = published.length;
        await connection!.sendNotification(DidChangeConfigurationNotification.type,
            { settings: { nca: toInitializationOptions(settings) } });
        const after = await diagnosticsFor(uri, () => true, since);
        assert.ok(!after.some((d) => /json/.test(d.message)), JSON.stringify(after));
        assert.strictEqual(child!.exitCode, null, 'the server keeps running');
    });
});

describe('nca.interpreter set to the nca command (end to end)', function () {
    this.timeout(60_000);

    it('runs `nca serve` directly, on a port of its own beside another window\'s server', async function () {
        const python = repoPython();
        const nca = path.join(path.dirname(python), process.platform === 'win32' ? 'nca.exe' : 'nca');
        const reason = whyNotRunnable(python) ?? (fs.existsSync(nca) ? undefined : `no nca command at ${nca}`);
        if (reason) {
            console.log(`      skipped: ${reason}`);
            this.skip();
        }
        assert.deepStrictEqual(await checkImportable(nca), { ok: true });
        // two windows: two servers, each on a free port of its own
        const windows = [0, 1].map(() => {
            const child = spawn(nca, serverArgs(SETTINGS, nca), { env: serverEnv(SETTINGS) });
            const state = { child, stderr: '' };
            child.stderr.setEncoding('utf8');
            child.stderr.on('data', (chunk: string) => {
                state.stderr += chunk;
            });
            const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
            connection.listen();
            return { ...state, connection, get text() { return state.stderr; } };
        });
        try {
            const urls: string[] = [];
            for (const w of windows) {
                const result = await w.connection.sendRequest(InitializeRequest.type,
                    { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: toInitializationOptions(SETTINGS) });
                assert.ok(result.capabilities.codeActionProvider, w.text);
                const url = await w.connection.sendRequest(ExecuteCommandRequest.type, { command: 'nca.httpAddress', arguments: [] });
                assert.strictEqual(typeof url, 'string', w.text);
                urls.push(url as string);
            }
            assert.notStrictEqual(urls[0], urls[1]);
            for (const w of windows) {
                await w.connection.sendRequest(ShutdownRequest.type);
                await w.connection.sendNotification(ExitNotification.type);
            }
        } finally {
            for (const w of windows) {
                w.connection.dispose();
                if (w.child.exitCode === null) {
                    w.child.kill();
                }
            }
        }
    });
});

describe('nca serve --stdio with its HTTP port taken (end to end)', function () {
    this.timeout(60_000);

    it('keeps serving the editor and says which port is in use', async function () {
        const python = repoPython();
        const reason = whyNotRunnable(python);
        if (reason) {
            console.log(`      skipped: ${reason}`);
            this.skip();
        }
        const blocker = net.createServer();
        await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
        const port = (blocker.address() as net.AddressInfo).port;
        const settings: NcaSettings = { ...DEFAULT_SETTINGS, http: { ...DEFAULT_SETTINGS.http, port } };
        const child = spawn(python, serverArgs(settings), { env: serverEnv(settings) });
        let stderr = '';
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk: string) => {
            stderr += chunk;
        });
        const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
        connection.listen();
        try {
            const result = await connection.sendRequest(InitializeRequest.type,
                { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: toInitializationOptions(settings) });
            assert.ok(result.capabilities.codeActionProvider, 'the language server runs on');
            const deadline = Date.now() + 15_000;
            let refused: string | undefined;
            while (!refused && Date.now() < deadline) {
                refused = stderr.split('\n').map(parseHttpFailure).find((r) => r !== undefined);
                await new Promise((r) => setTimeout(r, 100));
            }
            assert.ok(refused, `no "HTTP route not started" line in stderr:\n${stderr}`);
            assert.match(explainHttpFailure(refused, port), new RegExp(`port ${port} is in use`));
            assert.strictEqual(findAddress(stderr), undefined);
            await connection.sendRequest(ShutdownRequest.type);
            await connection.sendNotification(ExitNotification.type);
        } finally {
            connection.dispose();
            if (child.exitCode === null) {
                child.kill();
            }
            blocker.close();
        }
    });
});
