import { describe, expect, it } from 'vitest';
import { BoundedChannel } from './channel.ts';

describe('the bounded channel', () => {
  it('makes the producer wait while the queued weight is at capacity', async () => {
    const channel = new BoundedChannel<number>(10, (n) => n);
    await channel.push(6);
    await channel.push(4);
    let third = false;
    const pushing = channel.push(3).then(() => (third = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(third).toBe(false);
    expect(channel.queuedWeight).toBe(10);
    expect(await channel.take()).toEqual({ done: false, value: 6 });
    await pushing;
    expect(third).toBe(true);
    expect(channel.queuedWeight).toBe(7);
  });

  it('accepts an item heavier than the capacity once the queue is empty', async () => {
    const channel = new BoundedChannel<number>(5, (n) => n);
    await channel.push(50);
    expect(channel.takeNow()).toBe(50);
  });

  it('hands the close error to the consumer only after the items queued before it', async () => {
    const channel = new BoundedChannel<string>(5);
    await channel.push('a');
    channel.close(new Error('source failed at checkpoint 3'));
    expect(channel.drained).toBe(false);
    expect(await channel.take()).toEqual({ done: false, value: 'a' });
    await expect(channel.take()).rejects.toThrow('source failed at checkpoint 3');
    await expect(channel.push('b')).rejects.toThrow(/closed/);
  });

  it('wakes a waiting consumer when an item arrives and times out otherwise', async () => {
    const channel = new BoundedChannel<number>(5);
    const started = performance.now();
    await channel.wait(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const waiting = channel.wait(5_000);
    await channel.push(1);
    await waiting;
    expect(channel.takeNow()).toBe(1);
    expect(channel.takeNow()).toBeUndefined();
  });
});
