import * as assert from 'assert';
import { EventEmitter } from 'events';
import { isAlive, KillableProcess, stopServer, StoppableClient } from '../../src/common/shutdown';

/** A child process that exits on the signals it is told to obey. */
class FakeChild extends EventEmitter implements KillableProcess {
    exitCode: number | null = null;
    signalCode: NodeJS.Signals | null = null;
    readonly signals: string[] = [];
    readonly exited = new Promise<void>((resolve) => this.once('exit', () => resolve()));

    constructor(private readonly obeys: string[] = ['SIGTERM', 'SIGKILL']) {
        super();
    }

    kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
        this.signals.push(signal);
        if (this.obeys.includes(signal)) {
            this.exit(null, signal);
        }
        return true;
    }

    exit(code: number | null, signal: NodeJS.Signals | null = null): void {
        this.exitCode = code;
        this.signalCode = signal;
        this.emit('exit', code, signal);
    }
}

const closedChannel = (): ((m: string) => void) => () => {
    throw new Error('Channel has been closed');
};

describe('stopServer', () => {
    it('kills the process even when the client throws and the output channel is closed', async () => {
        const child = new FakeChild();
        const client: StoppableClient = { stop: () => Promise.reject(new Error('Client is not running')) };
        await stopServer({ client, child, exited: child.exited, log: closedChannel(), graceMs: 50, exitMs: 20 });
        assert.deepStrictEqual(child.signals, ['SIGTERM']);
        assert.ok(!isAlive(child));
    });

    it('logs what went wrong only after the kill', async () => {
        const order: string[] = [];
        const child = new FakeChild();
        const originalKill = child.kill.bind(child);
        child.kill = (signal?: NodeJS.Signals) => {
            order.push(`kill ${signal ?? 'SIGTERM'}`);
            return originalKill(signal);
        };
        const client: StoppableClient = { stop: () => Promise.reject(new Error('timed out')) };
        await stopServer({ client, child, exited: child.exited, log: (m) => order.push(m), graceMs: 10, exitMs: 10 });
        assert.deepStrictEqual(order, ['kill SIGTERM', 'Stopping the NCA server: Error: timed out']);
    });

    it('leaves a server that exits after shutdown alone', async () => {
        const child = new FakeChild();
        const client: StoppableClient = {
            stop: async () => {
                setTimeout(() => child.exit(0), 5); // the exit notification ends it
            },
        };
        const logged: string[] = [];
        await stopServer({ client, child, exited: child.exited, log: (m) => logged.push(m), graceMs: 100, exitMs: 500 });
        assert.deepStrictEqual(child.signals, []);
        assert.strictEqual(child.exitCode, 0);
        assert.deepStrictEqual(logged, []);
    });

    it('uses SIGKILL on a process that ignores SIGTERM', async () => {
        const child = new FakeChild(['SIGKILL']);
        await stopServer({ child, exited: child.exited, graceMs: 10, exitMs: 10 });
        assert.deepStrictEqual(child.signals, ['SIGTERM', 'SIGKILL']);
        assert.ok(!isAlive(child));
    });

    it('waits for a client still starting before it stops it', async () => {
        const events: string[] = [];
        let started!: () => void;
        const starting = new Promise<void>((resolve) => {
            started = resolve;
        });
        const client: StoppableClient = {
            stop: async () => {
                events.push('stop');
            },
        };
        const stopping = stopServer({ client, started: starting.then(() => events.push('started')), graceMs: 1000 });
        await new Promise((r) => setTimeout(r, 20));
        started();
        await stopping;
        assert.deepStrictEqual(events, ['started', 'stop']);
    });

    it('does not stop a client whose start failed; its process is still killed', async () => {
        const child = new FakeChild();
        let stopped = false;
        const client: StoppableClient = {
            isRunning: () => false,
            stop: async () => {
                stopped = true;
            },
        };
        const logged: string[] = [];
        await stopServer({ client, child, exited: child.exited, log: (m) => logged.push(m), graceMs: 10, exitMs: 10 });
        assert.strictEqual(stopped, false);
        assert.deepStrictEqual(child.signals, ['SIGTERM']);
        assert.deepStrictEqual(logged, []);
    });

    it('does nothing without a client or a process', async () => {
        await stopServer({ log: closedChannel() });
    });
});
