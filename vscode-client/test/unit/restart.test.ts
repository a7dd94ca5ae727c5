import * as assert from 'assert';
import { explainExit, LineTail, RestartPolicy, SerialQueue } from '../../src/common/restart';

const options = { maxCrashes: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 3000, minUptimeMs: 5000 };

describe('RestartPolicy', () => {
    it('never restarts a server that crashed on start', () => {
        const policy = new RestartPolicy(options);
        assert.deepStrictEqual(policy.onCrash(10_000, undefined), { action: 'stop', reason: 'crashed-on-start' });
        assert.deepStrictEqual(policy.onCrash(10_000, 9_000), { action: 'stop', reason: 'crashed-on-start' });
    });

    it('backs off, caps the delay, then stops a crash loop', () => {
        const policy = new RestartPolicy(options);
        const started = 0;
        const decisions = [10_000, 20_000, 30_000, 40_000].map((t) => policy.onCrash(t, started));
        assert.deepStrictEqual(decisions, [
            { action: 'restart', delayMs: 1000, attempt: 1 },
            { action: 'restart', delayMs: 2000, attempt: 2 },
            { action: 'restart', delayMs: 3000, attempt: 3 },
            { action: 'stop', reason: 'too-many-crashes' },
        ]);
    });

    it('forgets crashes outside the window and after a reset', () => {
        const policy = new RestartPolicy(options);
        policy.onCrash(10_000, 0);
        policy.onCrash(20_000, 0);
        policy.onCrash(30_000, 0);
        assert.deepStrictEqual(policy.onCrash(200_000, 0), { action: 'restart', delayMs: 1000, attempt: 1 });
        policy.onCrash(201_000, 0);
        policy.reset();
        assert.strictEqual((policy.onCrash(202_000, 0) as { attempt: number }).attempt, 1);
    });
});

describe('LineTail', () => {
    it('joins lines split across chunks and keeps the last ones', () => {
        const tail = new LineTail(3);
        assert.deepStrictEqual(tail.push('one\ntw'), ['one']);
        assert.deepStrictEqual(tail.push('o\r\nthree\nfour\nfi'), ['two', 'three', 'four']);
        assert.deepStrictEqual(tail.last(), ['three', 'four', 'fi']);
        assert.deepStrictEqual(tail.last(2), ['four', 'fi']);
        tail.clear();
        assert.deepStrictEqual(tail.last(), []);
    });
});

describe('explainExit', () => {
    const cases: [string, string[], number, RegExp][] = [
        ['a port in use (Linux)', ['OSError: [Errno 98] error while attempting to bind on address (\'127.0.0.1\', 8765): address already in use'], 8765, /port 8765 is in use.*nca\.http\.port/],
        ['a port in use (macOS)', ['OSError: [Errno 48] Address already in use'], 0, /the HTTP port is in use/],
        ['nca missing', ["ModuleNotFoundError: No module named 'nca'"], 0, /not installed/],
        ['an old nca', ["nca: error: argument COMMAND: invalid choice: 'serve'"], 0, /no "serve" command/],
        ['a traceback', ['Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: bad'], 0, /stopped \(exit code 1\)\. Last output:\n.*ValueError: bad/s],
        ['silence', [], 0, /without output/],
    ];
    for (const [name, lines, port, expected] of cases) {
        it(`explains ${name}`, () => assert.match(explainExit(lines, port, 1), expected));
    }
});

describe('SerialQueue', () => {
    it('runs restarts one after the other, a failed one included', async () => {
        const queue = new SerialQueue();
        const events: string[] = [];
        const step = (name: string, ms: number, fail = false) => async () => {
            events.push(`${name} start`);
            await new Promise((r) => setTimeout(r, ms));
            events.push(`${name} end`);
            if (fail) {
                throw new Error(name);
            }
            return name;
        };
        const first = queue.run(step('a', 30, true));
        const second = queue.run(step('b', 5));
        await assert.rejects(first, /a/);
        assert.strictEqual(await second, 'b');
        assert.deepStrictEqual(events, ['a start', 'a end', 'b start', 'b end']);
    });
});
