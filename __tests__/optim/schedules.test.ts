import { constantSchedule, cosineSchedule, linearSchedule, polynomialSchedule } from '../../lib/optim/schedules';

describe('schedules', () => {
  it('linearSchedule is flat, then linear, then flat (ALL LinearScheduler semantics)', () => {
    // DQN classic: initial 1, final 0, decay from 1000 to 9000 -> at 5000: alpha = 4000/8000 = 0.5
    const s = linearSchedule(1, 0, 1000, 9000);
    expect(s(0)).toBe(1);
    expect(s(999)).toBe(1);
    expect(s(1000)).toBe(1);
    expect(s(5000)).toBeCloseTo(0.5, 12);
    expect(s(7000)).toBeCloseTo(0.25, 12);
    expect(s(9000)).toBe(0);
    expect(s(100000)).toBe(0);
  });

  it('reading a schedule never changes it', () => {
    const s = linearSchedule(1, 0, 0, 10);
    expect(s(5)).toBe(s(5));
  });

  it('cosine and polynomial decay match their formulas', () => {
    const c = cosineSchedule(1, 100);
    expect(c(0)).toBeCloseTo(1, 12);
    expect(c(50)).toBeCloseTo(0.5, 12); // (1 + cos(pi/2)) / 2
    expect(c(100)).toBe(0);
    const p = polynomialSchedule(2, 10, 0, 2);
    expect(p(5)).toBeCloseTo(2 * 0.25, 12); // 2 * (1 - 0.5)^2
    expect(constantSchedule(3)(1e9)).toBe(3);
  });

  it('rejects an end before the start', () => {
    expect(() => linearSchedule(1, 0, 10, 5)).toThrow(/decayEnd >= decayStart/);
  });
});
