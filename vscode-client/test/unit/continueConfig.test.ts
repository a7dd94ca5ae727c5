import * as assert from 'assert';
import * as path from 'path';
import {
    connectedNote,
    continueConfigArgs,
    continueRoute,
    continueConfigPath,
    describeChange,
    explainCliFailure,
    explainHttpFailure,
    findAddress,
    parseAddressLine,
    parseHttpFailure,
} from '../../src/common/continueConfig';

describe('parseAddressLine', () => {
    const good: [string, string, number, string][] = [
        ['nca: http://127.0.0.1:8765/v1', '127.0.0.1', 8765, 'http://127.0.0.1:8765/v1'],
        ['  nca: http://localhost:9000/v1/  \r', 'localhost', 9000, 'http://localhost:9000/v1'],
        ['nca: http://[::1]:8080/v1', '::1', 8080, 'http://[::1]:8080/v1'],
    ];
    for (const [line, host, port, url] of good) {
        it(`reads ${JSON.stringify(line.trim())}`, () => {
            assert.deepStrictEqual(parseAddressLine(line), { host, port, url });
        });
    }
    const bad = [
        'INFO nca.server: listening on http://127.0.0.1:8765/v1',
        'nca: http://127.0.0.1/v1',
        'nca: http://127.0.0.1:0/v1',
        'nca: http://127.0.0.1:99999/v1',
        'nca: error: something',
        '',
    ];
    for (const line of bad) {
        it(`ignores ${JSON.stringify(line)}`, () => assert.strictEqual(parseAddressLine(line), undefined));
    }
    it('finds the address inside a chunk of log lines', () => {
        const chunk = 'INFO starting\nnca: http://127.0.0.1:4321/v1\nINFO ready\n';
        assert.strictEqual(findAddress(chunk)?.port, 4321);
        assert.strictEqual(findAddress('nothing here'), undefined);
    });
});

describe('continueConfigPath', () => {
    it('uses ~/.continue unless CONTINUE_GLOBAL_DIR says otherwise', () => {
        assert.strictEqual(continueConfigPath({}, '/home/u'), path.join('/home/u', '.continue', 'config.yaml'));
        assert.strictEqual(continueConfigPath({ CONTINUE_GLOBAL_DIR: '/cfg' }, '/home/u'), path.join('/cfg', 'config.yaml'));
    });
    it('builds the CLI arguments, naming the file so nca and the extension agree', () => {
        const route = { host: '127.0.0.1', port: 8765 };
        assert.deepStrictEqual(continueConfigArgs(route, '/c/config.yaml', '/ws'),
            ['--workspace', '/ws', 'continue-config', '--host', '127.0.0.1', '--port', '8765', '--config', '/c/config.yaml']);
        assert.deepStrictEqual(continueConfigArgs(route, '/c.yaml', undefined, true).slice(-1), ['--print']);
    });
});

describe('describeChange', () => {
    const before = 'name: me\nmodels:\n  - name: gpt\n    apiBase: http://x/v1\n';
    const cases: [string, string | undefined, string | undefined, string, number, number][] = [
        ['a new file', undefined, 'models:\n  - name: nca\n', 'created', 2, 0],
        ['the same text', before, before, 'unchanged', 0, 0],
        ['a model added', before, `${before}  - name: nca\n    apiBase: http://127.0.0.1:8765/v1\n`, 'updated', 2, 0],
        ['a line replaced', before, before.replace('http://x/v1', 'http://y/v1'), 'updated', 1, 1],
        ['no file written', undefined, undefined, 'missing', 0, 0],
    ];
    for (const [name, old, now, kind, added, removed] of cases) {
        it(`reports ${kind} for ${name}`, () => {
            const change = describeChange('/c/config.yaml', old, now);
            assert.deepStrictEqual([change.kind, change.added, change.removed], [kind, added, removed]);
            assert.match(change.message, /config\.yaml/);
        });
    }
});

describe('the HTTP route not starting', () => {
    it('reads the reason from the stderr line', () => {
        assert.strictEqual(parseHttpFailure('nca: HTTP route not started: [Errno 98] address already in use\n'),
            '[Errno 98] address already in use');
        assert.strictEqual(parseHttpFailure('nca: http://127.0.0.1:1/v1'), undefined);
    });
    it('names a port in use and the setting to change', () => {
        assert.match(explainHttpFailure('[Errno 98] address already in use', 8765), /port 8765 is in use.*"nca\.http\.port"/);
        assert.match(explainHttpFailure('needs NCA_API_KEY', 8765), /did not start: needs NCA_API_KEY/);
    });
});

describe('explainCliFailure', () => {
    it('says when the command does not exist in this nca', () => {
        const stderr = "usage: nca ...\nnca: error: argument COMMAND: invalid choice: 'continue-config' (choose from fix, clean)\n";
        assert.match(explainCliFailure(2, stderr), /no continue-config command/);
    });
    it('quotes the last lines otherwise', () => {
        assert.strictEqual(explainCliFailure(1, 'a\nb\nnca: error: no HOME\n'),
            'nca continue-config failed (exit 1): a b nca: error: no HOME');
    });
});

describe('connecting Continue to this window\'s server', () => {
    it('reaches a wildcard bind through loopback and keeps any other host', () => {
        assert.deepStrictEqual(continueRoute({ host: '0.0.0.0', port: 4100 }), { host: '127.0.0.1', port: 4100 });
        assert.deepStrictEqual(continueRoute({ host: '::', port: 4100 }), { host: '127.0.0.1', port: 4100 });
        assert.deepStrictEqual(continueRoute({ host: '::1', port: 4100 }), { host: '::1', port: 4100 });
    });
    it('passes the port the server announced to nca continue-config, not a fixed one', () => {
        const announced = findAddress('nca: http://127.0.0.1:41873/v1\n')!;
        const args = continueConfigArgs(continueRoute(announced), '/c/config.yaml', '/ws');
        assert.deepStrictEqual(args.slice(args.indexOf('--port'), args.indexOf('--port') + 2), ['--port', '41873']);
    });
    it('says which server Continue talks to, and that a picked port changes on restart', () => {
        assert.match(connectedNote({ host: '127.0.0.1', port: 41873 }, 0), /http:\/\/127\.0\.0\.1:41873\/v1.*again after a restart/);
        assert.doesNotMatch(connectedNote({ host: '127.0.0.1', port: 8765 }, 8765), /restart/);
        assert.match(connectedNote({ host: '::1', port: 9 }, 9), /http:\/\/\[::1\]:9\/v1/);
    });
});
