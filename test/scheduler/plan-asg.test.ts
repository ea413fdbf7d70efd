/** The dry run (planActions) with an Auto Scaling group as a server group: ordered like any other kind. */
import { planActions } from '../../lambda/scheduler/core/plan';
import { group, holidays, kst, scheduleItem } from './fixtures';

test('an Auto Scaling group starts after the groups it depends on and stops before them', () => {
  const groups = [group('DB', [], { InstanceType: 'AURORA' }), group('API', ['DB']), group('WORKERS', ['API'], { InstanceType: 'ASG' })];
  const result = planActions({
    tables: { schedules: [scheduleItem()], groups, exceptions: [] },
    from: kst('2026-11-23 00:00'),
    to: kst('2026-11-24 00:00'),
    timezone: 'Asia/Seoul',
    holidays,
  });
  expect(result.problems).toEqual([]);
  expect(result.actions.map((a) => `${a.at.slice(11, 16)} ${a.group ?? '-'} ${a.action}`)).toEqual([
    '09:30 DB start',
    '09:35 API start',
    '09:40 WORKERS start',
    '21:50 - warn',
    '22:00 WORKERS stop',
    '22:05 API stop',
    '22:10 DB stop',
  ]);
});
