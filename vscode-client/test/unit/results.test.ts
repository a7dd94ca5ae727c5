import * as assert from 'assert';
import {
    addressUrl,
    backupLabel,
    describeFindings,
    describeFixFile,
    describeFixWorkspace,
    describeRestore,
    memoryDocument,
    parseBackups,
} from '../../src/common/results';
import { engineName, showsStatusFor, statusView } from '../../src/common/status';

describe('command results', () => {
    it('reads backups and skips malformed entries', () => {
        const backups = parseBackups([
            { id: '0123456789abcdef', created: '2025-01-02T03:04:05+00:00', message: 'nca fix a.py', files: ['a.py', 3] },
            { created: 'no id' },
            'junk',
        ]);
        assert.strictEqual(backups.length, 1);
        assert.deepStrictEqual(backups[0].files, ['a.py']);
        assert.deepStrictEqual(backupLabel(backups[0]), {
            label: '0123456789ab  2025-01-02 03:04:05', description: 'nca fix a.py', detail: 'a.py',
        });
        assert.deepStrictEqual(parseBackups({ not: 'a list' }), []);
    });

    it('summarises many files in a backup row', () => {
        const row = backupLabel({ id: 'x', created: '', message: '', files: ['a', 'b', 'c', 'd', 'e'] });
        assert.strictEqual(row.detail, 'a, b, c and 2 more');
    });

    const fixCases: [string, unknown, string, RegExp][] = [
        ['applied fixes', { fixes: 2, left: 0, applied: true }, 'info', /applied 2 verified fixes\.$/],
        ['fixes with problems left', { fixes: 1, left: 2, applied: true }, 'warning', /applied 1 verified fix; 2 problems left/],
        ['nothing to fix', { fixes: 0, left: 0 }, 'info', /nothing to fix/],
        ['no verified fix', { fixes: 0, left: 1, reason: 'no candidate verified' }, 'warning', /no verified fix: no candidate verified/],
        ['an edit the editor refused', { fixes: 1, left: 0, applied: false }, 'warning', /did not apply/],
        ['cancelled', { cancelled: true }, 'info', /cancelled/],
        ['no result', null, 'error', /no result/],
    ];
    for (const [name, result, level, message] of fixCases) {
        it(`describes a fix: ${name}`, () => {
            const outcome = describeFixFile(result);
            assert.strictEqual(outcome.level, level);
            assert.match(outcome.message, message);
        });
    }

    it('describes a workspace fix', () => {
        assert.match(describeFixWorkspace({ files: 4, changed: 2, fixes: 3, skipped: 1, applied: true }).message,
            /3 verified fixes in 2 files \(4 files checked, 1 skipped\)/);
        assert.match(describeFixWorkspace({ files: 1, changed: 0, fixes: 0, skipped: 0 }).message, /no verified fixes/);
    });

    const findings: [string, unknown, 'tests' | 'log', string, RegExp, number][] = [
        ['passing tests', { returncode: 0, problems: 0, files: [] }, 'tests', 'info', /the tests pass/, 0],
        ['failing tests', { returncode: 1, headline: '1 failed', problems: 2, files: ['file:///a.py'] }, 'tests', 'warning', /1 failed\. 2 problems in 1 file; see Problems/, 1],
        ['timed-out tests', { timedOut: true, command: 'pytest' }, 'tests', 'error', /timed out \(pytest\)/, 0],
        ['an empty log', { headline: '', problems: 0, files: [] }, 'log', 'info', /nothing recognised/, 0],
        ['a traceback', { headline: 'NameError: x', problems: 1, files: ['file:///b.py'] }, 'log', 'warning', /NameError: x\. 1 problem in 1 file/, 1],
    ];
    for (const [name, result, what, level, message, files] of findings) {
        it(`describes ${name}`, () => {
            const outcome = describeFindings(result, what);
            assert.strictEqual(outcome.level, level);
            assert.match(outcome.message, message);
            assert.strictEqual(outcome.files.length, files);
        });
    }

    it('describes a restore', () => {
        assert.strictEqual(describeRestore({ restored: ['a.py'] }, 'abcdef0123456789').message,
            'NCA: restored 1 file from abcdef012345: a.py.');
        assert.strictEqual(describeRestore('?', 'x').level, 'error');
    });

    it('shows memory as markdown or JSON', () => {
        assert.deepStrictEqual(memoryDocument('# Memory'), { language: 'markdown', content: '# Memory' });
        assert.deepStrictEqual(memoryDocument({ markdown: '# M' }), { language: 'markdown', content: '# M' });
        assert.deepStrictEqual(memoryDocument({ a: 1 }), { language: 'json', content: '{\n  "a": 1\n}' });
    });

    it('reads an address result', () => {
        assert.strictEqual(addressUrl('http://127.0.0.1:1/v1'), 'http://127.0.0.1:1/v1');
        assert.strictEqual(addressUrl({ url: 'http://h:2/v1' }), 'http://h:2/v1');
        assert.strictEqual(addressUrl({ url: 'ftp://h' }), undefined);
        assert.strictEqual(addressUrl(null), undefined);
    });
});

describe('status bar', () => {
    it('shows only for Python documents', () => {
        assert.strictEqual(showsStatusFor('python'), true);
        for (const other of ['markdown', 'json', 'plaintext', 'typescript', undefined]) {
            assert.strictEqual(showsStatusFor(other), false, String(other));
        }
    });

    it('shows state, engine and port when running', () => {
        const view = statusView({
            state: 'running', engine: 'rules',
            address: { host: '127.0.0.1', port: 8765, url: 'http://127.0.0.1:8765/v1' },
            interpreter: { python: '/v/bin/python', source: 'python-extension' },
        });
        assert.strictEqual(view.text, '$(check) NCA · rules · :8765');
        assert.match(view.tooltip, /Python: \/v\/bin\/python \(python extension\)/);
        assert.match(view.tooltip, /HTTP for Continue: http:\/\/127\.0\.0\.1:8765\/v1/);
        assert.strictEqual(view.error, false);
    });

    it('marks a failed server and says why', () => {
        const view = statusView({ state: 'failed', detail: 'port 8765 is in use', engine: 'rules' });
        assert.strictEqual(view.text, '$(error) NCA');
        assert.match(view.tooltip, /port 8765 is in use/);
        assert.strictEqual(view.error, true);
    });

    it('names the engine the server reports, else the configured file, else rules', () => {
        assert.strictEqual(engineName({ capabilities: { experimental: { nca: { engine: 'openai' } } } }, ''), 'openai');
        assert.strictEqual(engineName({ capabilities: {} }, '/ws/.nca/engines.toml'), 'engines.toml');
        assert.strictEqual(engineName(undefined, ''), 'rules');
    });
});
