/**
 * The packaged extension: `nca.vsix` (built by `make vsix`) holds the compiled client, its
 * runtime dependencies and a valid manifest, and nothing of the sources or tests.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as yauzl from 'yauzl';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(ROOT, 'nca.vsix');

/** Returns every entry of a zip file, name -> content (text). */
function readZip(file: string): Promise<Map<string, string>> {
    return new Promise((resolve, reject) => {
        const entries = new Map<string, string>();
        yauzl.open(file, { lazyEntries: true }, (error, zip) => {
            if (error || !zip) {
                reject(error);
                return;
            }
            zip.on('entry', (entry: yauzl.Entry) => {
                zip.openReadStream(entry, (err, stream) => {
                    if (err || !stream) {
                        reject(err);
                        return;
                    }
                    const chunks: Buffer[] = [];
                    stream.on('data', (c: Buffer) => chunks.push(c));
                    stream.on('end', () => {
                        entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
                        zip.readEntry();
                    });
                });
            });
            zip.on('end', () => resolve(entries));
            zip.on('error', reject);
            zip.readEntry();
        });
    });
}

describe('nca.vsix', function () {
    this.timeout(30_000);
    let entries: Map<string, string>;

    before(async function () {
        if (!fs.existsSync(VSIX)) {
            console.log('      skipped: no nca.vsix (build it with "make vsix" or "npm run package")');
            this.skip();
        }
        entries = await readZip(VSIX);
    });

    it('holds the compiled client and its runtime dependencies', () => {
        for (const name of ['extension/out/src/extension.js', 'extension/out/src/server.js',
            'extension/out/src/common/settings.js', 'extension/node_modules/vscode-languageclient/node.js',
            'extension/node_modules/vscode-languageserver-protocol/package.json', 'extension/LICENSE.txt']) {
            assert.ok(entries.has(name), `${name} missing`);
        }
    });

    it('leaves sources, tests and dev tools out', () => {
        const leaked = [...entries.keys()].filter((name) =>
            /^extension\/(src|test|out\/test)\//.test(name)
            || /^extension\/node_modules\/(typescript|mocha|eslint|@vscode\/vsce)\//.test(name)
            || /\.vsix$/.test(name));
        assert.deepStrictEqual(leaked, []);
    });

    it('has a manifest whose entry point, commands and settings hold together', () => {
        const manifest = JSON.parse(entries.get('extension/package.json') ?? '{}');
        assert.strictEqual(manifest.name, 'nca-vscode');
        assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
        const main = `extension/${path.posix.normalize(manifest.main)}`;
        assert.ok(entries.has(main.endsWith('.js') ? main : `${main}.js`), `main ${manifest.main} is not packaged`);
        const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
        const inMenus = Object.values(manifest.contributes.menus).flat().map((m) => (m as { command: string }).command);
        assert.deepStrictEqual(inMenus.filter((c) => !declared.has(c)), [], 'menus name undeclared commands');
        const settings = Object.keys(manifest.contributes.configuration.properties);
        assert.ok(settings.every((key) => key.startsWith('nca.')), settings.join(', '));

        const vsixManifest = entries.get('extension.vsixmanifest') ?? '';
        assert.match(vsixManifest, /<Identity [^>]*Id="nca-vscode"[^>]*Version="0\.1\.0"[^>]*Publisher="nca"/);
        assert.match(vsixManifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.\d+\.\d+"/);
    });
});
