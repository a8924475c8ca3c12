/**
 * The micro-benchmarks' timer: warms `fn` up for n/10 calls, then runs five rounds of n/5 calls
 * and prints (and returns) the best round's time per call in microseconds.
 */
export function bestOf(name: string, n: number, fn: () => unknown, width = 28): number {
  for (let i = 0; i < n / 10; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n / 5; i++) fn();
    best = Math.min(best, ((performance.now() - t0) * 1000) / (n / 5));
  }
  process.stdout.write(`${name.padEnd(width)} ${best.toFixed(2).padStart(8)} us\n`);
  return best;
}
