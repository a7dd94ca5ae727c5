/**
 * package.json against the sources: every contributed command is registered, every setting
 * the code reads is contributed, and the other way round.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_KEYS } from '../../src/common/settings';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const source = fs.readFileSync(path.join(ROOT, 'src', 'commands.ts'), 'utf8');

describe('package.json', () => {
    it('contributes exactly the commands the extension registers (besides its status bar menu)', () => {
        const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
        const registered = [...source.matchAll(/register\('([\w.]+)'/g)].map((m) => m[1])
            .filter((c) => c !== 'nca.client.menu').sort();
        assert.deepStrictEqual(contributed, registered);
    });

    it('never registers a server command id, which vscode-languageclient registers itself', () => {
        const clash = manifest.contributes.commands.filter((c: { command: string }) =>
            ['nca.fixFile', 'nca.fixWorkspace', 'nca.runTests', 'nca.debugLog', 'nca.listBackups',
                'nca.restoreBackup', 'nca.httpAddress', 'nca.showMemory'].includes(c.command));
        assert.deepStrictEqual(clash, []);
    });

    it('contributes a documented setting for each key the code reads', () => {
        const properties = manifest.contributes.configuration.properties;
        assert.deepStrictEqual(Object.keys(properties).sort(), ALL_KEYS.map((k) => `nca.${k}`).sort());
        for (const [key, spec] of Object.entries(properties)) {
            assert.ok((spec as { markdownDescription?: string }).markdownDescription, `${key} is undocumented`);
        }
    });

    it('activates on Python documents only, without walking the workspace', () => {
        // `workspaceContains:**/*.py` makes VS Code search every folder at startup
        assert.deepStrictEqual(manifest.activationEvents, ['onLanguage:python']);
        const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
            .filter((f) => f.endsWith('.ts'))
            .map((f) => fs.readFileSync(path.join(ROOT, 'src', f), 'utf8'));
        assert.ok(sources.length > 5);
        assert.ok(sources.every((text) => !/\bfindFiles\b/.test(text)), 'a workspace.findFiles call walks the tree');
    });

    it('defaults to a free HTTP port per window', () => {
        assert.strictEqual(manifest.contributes.configuration.properties['nca.http.port'].default, 0);
    });

    it('keeps the @types/vscode version within the engine it declares', () => {
        const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
        assert.strictEqual(types, manifest.engines.vscode.replace(/^\^/, ''));
    });
});
