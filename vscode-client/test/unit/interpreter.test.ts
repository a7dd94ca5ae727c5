import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
    checkImportable,
    chooseInterpreter,
    cliPrefix,
    expandPath,
    findSourceDir,
    installAdvice,
    installCommand,
    isNcaCommand,
    pipxCommand,
    projectPython,
    serverArgs,
    serverEnv,
    shellQuote,
} from '../../src/common/interpreter';

describe('chooseInterpreter', () => {
    const cases: [string, string, string | undefined, NodeJS.Platform, string, string][] = [
        ['the setting wins', '/opt/py/bin/python', '/ext/python', 'linux', '/opt/py/bin/python', 'setting'],
        ['then the Python extension', '', '/ext/python', 'linux', '/ext/python', 'python-extension'],
        ['then python3', '', undefined, 'linux', 'python3', 'default'],
        ['python on Windows', '  ', '', 'win32', 'python', 'default'],
        ['the setting expands the workspace folder', '${workspaceFolder}/.venv/bin/python', undefined, 'linux', '/ws/.venv/bin/python', 'setting'],
    ];
    for (const [name, setting, fromExtension, platform, python, source] of cases) {
        it(name, () => {
            assert.deepStrictEqual(chooseInterpreter(setting, fromExtension, '/ws', platform), { python, source });
        });
    }
});

describe('expandPath', () => {
    it('expands ~, ${userHome} and ${env:NAME}', () => {
        assert.strictEqual(expandPath('~/py', undefined, {}, '/home/u'), '/home/u/py');
        assert.strictEqual(expandPath('${userHome}/py', undefined, {}, '/home/u'), '/home/u/py');
        assert.strictEqual(expandPath('${env:VENV}/bin/python', undefined, { VENV: '/v' }, '/h'), '/v/bin/python');
        assert.strictEqual(expandPath('a~b', undefined, {}, '/h'), 'a~b');
    });
});

describe('installCommand', () => {
    const cases: [string, string, string, NodeJS.Platform, string][] = [
        ['an install of the checkout', '/v/bin/python', '/src/nca', 'linux', '/v/bin/python -m pip install /src/nca'],
        ['a path with spaces', '/my env/bin/python', '/my src', 'linux', "'/my env/bin/python' -m pip install '/my src'"],
        ['a Windows path with spaces', 'C:\\My Env\\python.exe', 'C:\\src\\nca', 'win32', '& "C:\\My Env\\python.exe" -m pip install C:\\src\\nca'],
    ];
    for (const [name, python, source, platform, expected] of cases) {
        it(name, () => assert.strictEqual(installCommand(python, source, platform), expected));
    }

    it('gives pipx the checkout too', () => {
        assert.strictEqual(pipxCommand('/src/my nca', 'linux'), "pipx install '/src/my nca'");
    });

    it('never names an unpublished package: the checkout found, or how to use one', () => {
        const found = installAdvice('/v/bin/python', '/src/nca', 'linux');
        assert.strictEqual(found.command, '/v/bin/python -m pip install /src/nca');
        assert.match(found.message, /from \/src\/nca: \/v\/bin\/python -m pip install \/src\/nca/);
        const none = installAdvice('/v/bin/python', undefined, 'linux');
        assert.strictEqual(none.command, undefined);
        assert.match(none.message, /not on PyPI.*\/v\/bin\/python -m pip install \/path\/to\/nca.*pipx install \/path\/to\/nca.*nca\.interpreter/);
        for (const advice of [found, none]) {
            assert.doesNotMatch(`${advice.message} ${advice.command ?? ''}`, /install neural-coding-assistant/);
        }
    });

    it('quotes single quotes for a POSIX shell', () => {
        assert.strictEqual(shellQuote("it's", 'linux'), `'it'\\''s'`);
    });
});

describe('the nca command as nca.interpreter', () => {
    const names: [string, boolean][] = [
        ['/home/u/.local/bin/nca', true], ['nca', true], ['C:\\pipx\\venvs\\nca\\Scripts\\nca.exe', true],
        ['NCA.EXE', true], ['/usr/bin/python3', false], ['/opt/nca/bin/python', false], ['/x/ncat', false], ['', false],
    ];
    for (const [file, expected] of names) {
        it(`${expected ? 'recognises' : 'does not take'} ${JSON.stringify(file)}`, () => assert.strictEqual(isNcaCommand(file), expected));
    }

    it('runs `nca serve` directly, with no -m', () => {
        const http = { host: '127.0.0.1', port: 0, token: '' };
        assert.deepStrictEqual(serverArgs({ http, trace: 'off' }, '/home/u/.local/bin/nca'),
            ['serve', '--stdio', '--http-host', '127.0.0.1', '--http-port', '0']);
        assert.deepStrictEqual(cliPrefix('/home/u/.local/bin/nca'), []);
        assert.deepStrictEqual(cliPrefix('/v/bin/python'), ['-m', 'nca.server.cli']);
    });

    it('keeps the Python extension\'s interpreter as the project\'s, not nca\'s own', () => {
        const chosen = chooseInterpreter('~/.local/bin/nca', '/ws/.venv/bin/python', '/ws', 'linux');
        assert.strictEqual(chosen.source, 'setting');
        assert.ok(chosen.python.endsWith('/.local/bin/nca'), chosen.python);
        assert.strictEqual(projectPython(chosen), '/ws/.venv/bin/python');
        assert.strictEqual(projectPython(chooseInterpreter('nca', undefined, '/ws', 'linux')), undefined);
        assert.strictEqual(projectPython(chooseInterpreter('/v/bin/python', '/other', '/ws', 'linux')), '/v/bin/python');
        const env = serverEnv({ http: { host: '127.0.0.1', port: 0, token: '' } }, {}, projectPython(chosen));
        assert.strictEqual(env.NCA_PYTHON, '/ws/.venv/bin/python');
    });
});

describe('serverArgs and serverEnv', () => {
    const http = { host: '127.0.0.1', port: 8765, token: '' };
    it('runs the CLI module on stdio with the HTTP route\'s host and port', () => {
        assert.deepStrictEqual(serverArgs({ http, trace: 'off' }),
            ['-m', 'nca.server.cli', 'serve', '--stdio', '--http-host', '127.0.0.1', '--http-port', '8765']);
    });
    it('adds a debug log level for a verbose trace', () => {
        assert.deepStrictEqual(serverArgs({ http, trace: 'verbose' }).slice(-2), ['--log-level', 'DEBUG']);
    });
    it('allows a remote host only when the user chose one', () => {
        const cases: [string, boolean][] = [['127.0.0.1', false], ['127.1.2.3', false], ['localhost', false],
            ['::1', false], ['0.0.0.0', true], ['192.168.1.5', true]];
        for (const [host, remote] of cases) {
            assert.strictEqual(serverArgs({ http: { ...http, host }, trace: 'off' }).includes('--http-allow-remote'), remote, host);
        }
    });
    it('passes the token as NCA_API_KEY and nothing when there is none', () => {
        assert.strictEqual(serverEnv({ http: { ...http, token: 't0k' } }, {}).NCA_API_KEY, 't0k');
        const env = serverEnv({ http }, { NCA_API_KEY: undefined, PATH: '/bin' });
        assert.strictEqual(env.NCA_API_KEY, undefined);
        assert.strictEqual(env.PATH, '/bin');
        assert.strictEqual(env.PYTHONUNBUFFERED, '1');
    });
    it('names the chosen interpreter as the project\'s (NCA_PYTHON)', () => {
        assert.strictEqual(serverEnv({ http }, {}, '/proj/.venv/bin/python').NCA_PYTHON, '/proj/.venv/bin/python');
        assert.strictEqual(serverEnv({ http }, {}).NCA_PYTHON, undefined);
    });
});

describe('findSourceDir', () => {
    it('finds the folder whose pyproject names nca', () => {
        const files: Record<string, string> = {
            [path.join('/a', 'pyproject.toml')]: '[project]\nname = "other"\n',
            [path.join('/b', 'pyproject.toml')]: '[project]\nname = "neural-coding-assistant"\n',
        };
        assert.strictEqual(findSourceDir(['/none', '/a', '/b'], (f) => files[f]), '/b');
        assert.strictEqual(findSourceDir(['/a'], (f) => files[f]), undefined);
    });
});

describe('checkImportable', function () {
    this.timeout(20000);
    const python = process.platform === 'win32' ? 'python' : 'python3';

    it('says the interpreter is missing when it does not exist', async () => {
        const result = await checkImportable(path.join(os.tmpdir(), 'no-such-python-here'));
        assert.strictEqual(result.ok, false);
        assert.strictEqual(!result.ok && result.reason, 'missing-interpreter');
    });

    it('checks the nca command with `nca serve --help`, and names one given as a Python', async function () {
        if (process.platform === 'win32') {
            this.skip();
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-cmd-'));
        // an nca command as argparse answers: `serve --help` works, `-c ...` is a usage error
        const script = '#!/bin/sh\nif [ "$1" = serve ]; then echo "usage: nca serve"; exit 0; fi\n'
            + 'echo "usage: nca [-h] [--workspace WORKSPACE] COMMAND ..." >&2\n'
            + 'echo "nca: error: argument COMMAND: invalid choice: \'import nca.server.cli\'" >&2\nexit 2\n';
        for (const name of ['nca', 'nca-dev']) {
            fs.writeFileSync(path.join(dir, name), script, { mode: 0o755 });
        }
        assert.deepStrictEqual(await checkImportable(path.join(dir, 'nca')), { ok: true });
        const renamed = await checkImportable(path.join(dir, 'nca-dev'));
        assert.strictEqual(!renamed.ok && renamed.reason, 'failed');
        assert.match(!renamed.ok ? renamed.detail : '', /is the nca command, not a Python interpreter/);
        const missing = await checkImportable(path.join(dir, 'gone', 'nca'));
        assert.strictEqual(!missing.ok && missing.reason, 'missing-interpreter');
    });

    it('says nca is not installed when the import fails', async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-empty-'));
        // -I would be cleaner, but the check must use the real command; an empty cwd and no
        // site-packages with nca is what a fresh interpreter looks like
        const result = await checkImportable(python, empty);
        if (result.ok) {
            return; // this python has nca installed: nothing to show here
        }
        assert.strictEqual(result.reason, 'not-installed');
        assert.match(result.detail, /No module named 'nca/);
    });
});
