import * as assert from 'assert';
import {
    changedKeys,
    DEFAULT_SETTINGS,
    NcaSettings,
    parseSettings,
    reactionTo,
    toInitializationOptions,
} from '../../src/common/settings';

const clone = (s: NcaSettings): NcaSettings => JSON.parse(JSON.stringify(s));

describe('parseSettings', () => {
    it('gives the defaults for an empty section', () => {
        const { settings, problems } = parseSettings({});
        assert.deepStrictEqual(settings, DEFAULT_SETTINGS);
        assert.deepStrictEqual(problems, []);
    });

    it('picks a free HTTP port by default: one server per window, no clash with another window', () => {
        assert.strictEqual(DEFAULT_SETTINGS.http.port, 0);
    });

    it('reads flat dotted keys and nested objects alike', () => {
        const flat = parseSettings({ 'http.port': 8765, 'diagnostics.lint': false, 'tests.command': ' pytest -q ' });
        const nested = parseSettings({ http: { port: 8765 }, diagnostics: { lint: false }, tests: { command: 'pytest -q' } });
        assert.deepStrictEqual(flat.settings, nested.settings);
        assert.strictEqual(flat.settings.http.port, 8765);
        assert.strictEqual(flat.settings.diagnostics.lint, false);
        assert.strictEqual(flat.settings.tests.command, 'pytest -q');
    });

    const bad: [string, Record<string, unknown>, (s: NcaSettings) => unknown, unknown, RegExp][] = [
        ['a port out of range', { 'http.port': 70000 }, (s) => s.http.port, 0, /nca\.http\.port/],
        ['a fractional port', { 'http.port': 80.5 }, (s) => s.http.port, 0, /whole number/],
        ['a port that is not a number', { 'http.port': 'eighty' }, (s) => s.http.port, 0, /"eighty"/],
        ['a host with a path', { 'http.host': 'http://x/' }, (s) => s.http.host, '127.0.0.1', /nca\.http\.host/],
        ['lint as a string', { 'diagnostics.lint': 'yes' }, (s) => s.diagnostics.lint, true, /true or false/],
        ['an unknown trace level', { 'trace.server': 'loud' }, (s) => s.trace, 'off', /off, messages, verbose/],
        ['an interpreter that is not text', { interpreter: 3 }, (s) => s.interpreter, '', /nca\.interpreter must be text/],
    ];
    for (const [name, raw, pick, expected, message] of bad) {
        it(`replaces ${name} with the default and says so`, () => {
            const { settings, problems } = parseSettings(raw);
            assert.deepStrictEqual(pick(settings), expected);
            assert.strictEqual(problems.length, 1);
            assert.match(problems[0], message);
        });
    }

    it('accepts a port given as a numeric string and an IPv6 host', () => {
        const { settings, problems } = parseSettings({ 'http.port': '9000', 'http.host': '::1' });
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(settings.http.port, 9000);
        assert.strictEqual(settings.http.host, '::1');
    });

    it('survives a section that is not an object', () => {
        assert.deepStrictEqual(parseSettings(null).settings, DEFAULT_SETTINGS);
        assert.deepStrictEqual(parseSettings('nonsense').settings, DEFAULT_SETTINGS);
    });
});

describe('toInitializationOptions', () => {
    it('leaves empty strings out so the server keeps its defaults', () => {
        const options = toInitializationOptions(DEFAULT_SETTINGS);
        assert.deepStrictEqual(options, {
            engines: {},
            http: { host: '127.0.0.1', port: 0 },
            diagnostics: { lint: true },
            tests: {},
            logLevel: 'WARNING',
        });
    });

    it('carries every set value under the server\'s key names', () => {
        const { settings } = parseSettings({
            interpreter: '/venv/bin/python', enginesFile: '.nca/engines.toml',
            'http.token': 's3cret', 'diagnostics.lint': false, 'tests.command': 'pytest -x', 'trace.server': 'verbose',
            'http.port': 0,
        });
        const options = toInitializationOptions(settings);
        assert.deepStrictEqual(options, {
            engines: { file: '.nca/engines.toml' },
            http: { host: '127.0.0.1', port: 0, token: 's3cret' },
            diagnostics: { lint: false },
            tests: { command: 'pytest -x' },
            logLevel: 'DEBUG',
        });
        assert.ok(!('interpreter' in options), 'the interpreter is the client\'s business');
    });
});

describe('reactionTo', () => {
    const cases: [string, (s: NcaSettings) => void, 'restart' | 'notify' | 'none'][] = [
        ['nothing', () => undefined, 'none'],
        ['the interpreter', (s) => { s.interpreter = '/usr/bin/python3.12'; }, 'restart'],
        ['the engines file', (s) => { s.enginesFile = 'engines.toml'; }, 'restart'],
        ['the HTTP port', (s) => { s.http.port = 9000; }, 'restart'],
        ['the HTTP token', (s) => { s.http.token = 't'; }, 'restart'],
        ['lint diagnostics', (s) => { s.diagnostics.lint = false; }, 'notify'],
        ['the test command', (s) => { s.tests.command = 'pytest'; }, 'notify'],
        ['the trace level', (s) => { s.trace = 'messages'; }, 'notify'],
        ['lint and the host together', (s) => { s.diagnostics.lint = false; s.http.host = '0.0.0.0'; }, 'restart'],
    ];
    for (const [name, change, expected] of cases) {
        it(`answers ${expected} when ${name} changes`, () => {
            const after = clone(DEFAULT_SETTINGS);
            change(after);
            assert.strictEqual(reactionTo(DEFAULT_SETTINGS, after), expected);
        });
    }

    it('names the keys that changed', () => {
        const after = clone(DEFAULT_SETTINGS);
        after.http.port = 1;
        after.trace = 'verbose';
        assert.deepStrictEqual(changedKeys(DEFAULT_SETTINGS, after), ['http.port', 'trace.server']);
    });
});
