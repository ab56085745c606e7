// The gate the docker runtime creates through: closing it waits for what was admitted and refuses the rest.
import { GateClosedError, WorkGate } from '../../../sandbox/util/work-gate';

describe('WorkGate', () => {
  it('waits on close for work already admitted, failures included', async () => {
    const gate = new WorkGate('stopped');
    const log: string[] = [];
    let finish!: () => void;
    const ok = gate.run(() => new Promise<void>((resolve) => (finish = resolve)).then(() => void log.push('created')));
    const failed = gate.run(() => Promise.reject(new Error('engine said no'))).catch(() => log.push('failed'));
    const closed = gate.close().then(() => log.push('closed'));
    await failed;
    expect(log).toEqual(['failed']);
    finish();
    await Promise.all([ok, failed, closed]);
    expect(log).toEqual(['failed', 'created', 'closed']);
  });

  it('refuses work once closed, with its message', async () => {
    const gate = new WorkGate('the runtime has stopped');
    await gate.close();
    let ran = false;
    await expect(gate.run(async () => void (ran = true))).rejects.toEqual(new GateClosedError('the runtime has stopped'));
    expect(ran).toBe(false);
  });
});
