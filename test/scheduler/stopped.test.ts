import type { ObservedInstance } from '../../lambda/scheduler/core/decide';
import { stoppedBySize } from '../../lambda/scheduler/core/stopped';

test('stopped servers by size: EC2 types, RDS classes, an Aurora cluster counted per member; running ones not at all', () => {
  const base = { scheduleTag: 'Development', name: 'x' };
  const instances: ObservedInstance[] = [
    { ...base, id: 'i-1', kind: 'EC2', state: 'stopped', size: 't3.large' },
    { ...base, id: 'i-2', kind: 'EC2', state: 'stopped', size: 't3.large' },
    { ...base, id: 'i-3', kind: 'EC2', state: 'running', size: 't3.large' },
    { ...base, id: 'db-1', kind: 'RDS', state: 'stopped', size: 'db.t4g.medium' },
    { ...base, id: 'cluster-1', kind: 'AURORA', state: 'stopped', size: 'db.r6g.large+db.r6g.large' },
    { ...base, id: 'cluster-2', kind: 'AURORA', state: 'stopped' },
    { ...base, id: 'i-4', kind: 'EC2', state: 'stopping', size: 'm5.xlarge' },
  ];
  expect(stoppedBySize(instances)).toEqual({ 't3.large': 2, 'db.t4g.medium': 1, 'db.r6g.large': 2, 'unknown-aurora': 1 });
});

test('a stopped Auto Scaling group counts the instances it ran when stopped; one never stopped by the scheduler counts nothing', () => {
  const base = { scheduleTag: 'Development', kind: 'ASG' as const };
  const instances: ObservedInstance[] = [
    { ...base, id: 'workers', state: 'stopped', size: 'm5.xlarge+m5.xlarge' },
    { ...base, id: 'never-stopped', state: 'stopped' },
    { ...base, id: 'web', state: 'running', size: 't3.large' },
  ];
  expect(stoppedBySize(instances)).toEqual({ 'm5.xlarge': 2 });
});
