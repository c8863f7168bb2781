import { describe, expect, it } from 'vitest';
import type { DeviceDetails } from '@tabline/protocol';
import {
  DEVICE_BACKLOG_AGE_ALERT_MS,
  DEVICE_CLOCK_SKEW_ALERT_MS,
  DEVICE_OFFLINE_AFTER_MS,
  deviceHealth,
  summariseFleet,
} from '../src/dashboard/devices/device-health.ts';

const NOW = Date.parse('2026-07-05T20:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const device = (overrides: Partial<DeviceDetails> = {}): DeviceDetails => ({
  id: '00000000-0000-7000-8000-000000000030',
  name: 'Main Bar POS 1',
  locationId: null,
  locationName: null,
  createdAt: ago(86_400_000),
  paired: true,
  lastSeenAt: ago(10_000),
  lastHeartbeatAt: ago(10_000),
  appVersion: '0.1.0',
  backlogCount: 0,
  amountAtRiskCents: 0,
  oldestQueuedAgeMs: null,
  clockSkewMs: 0,
  // The server's own view; the client's health reads the fields above.
  sinceLastSeenMs: 10_000,
  oldestQueuedAgeNowMs: null,
  alerts: [],
  ...overrides,
});

describe('the health of a device on the dashboard', () => {
  it('is online and quiet when seen lately with nothing old queued and its clock right', () => {
    expect(deviceHealth(device(), NOW)).toEqual({
      state: 'online',
      alerts: [],
      oldestUnsyncedAgeMs: null,
    });
  });

  it('is offline, with an alert, once not seen for longer than the limit', () => {
    const seen = ago(DEVICE_OFFLINE_AFTER_MS + 1);
    const health = deviceHealth(device({ lastSeenAt: seen, lastHeartbeatAt: seen }), NOW);
    expect(health.state).toBe('offline');
    expect(health.alerts).toEqual([{ kind: 'offline', forMs: DEVICE_OFFLINE_AFTER_MS + 1 }]);
    const justSeen = ago(DEVICE_OFFLINE_AFTER_MS);
    expect(deviceHealth(device({ lastSeenAt: justSeen }), NOW).state).toBe('online');
  });

  it('ages its oldest unsynced sale from its last heartbeat, and alerts past the limit', () => {
    const health = deviceHealth(
      device({
        backlogCount: 3,
        amountAtRiskCents: 2150,
        oldestQueuedAgeMs: DEVICE_BACKLOG_AGE_ALERT_MS - 5_000,
        lastHeartbeatAt: ago(10_000),
      }),
      NOW,
    );
    expect(health.oldestUnsyncedAgeMs).toBe(DEVICE_BACKLOG_AGE_ALERT_MS + 5_000);
    expect(health.alerts).toEqual([
      { kind: 'old-backlog', ageMs: DEVICE_BACKLOG_AGE_ALERT_MS + 5_000 },
    ]);
  });

  it('alerts on a clock beyond the tolerance either way, not at it', () => {
    const ahead = DEVICE_CLOCK_SKEW_ALERT_MS + 1;
    expect(deviceHealth(device({ clockSkewMs: ahead }), NOW).alerts).toEqual([
      { kind: 'clock-skew', skewMs: ahead },
    ]);
    expect(deviceHealth(device({ clockSkewMs: -ahead }), NOW).alerts).toHaveLength(1);
    expect(deviceHealth(device({ clockSkewMs: DEVICE_CLOCK_SKEW_ALERT_MS }), NOW).alerts).toEqual(
      [],
    );
  });

  it('tells a revoked device from one never paired, and alerts on a revoked one holding sales', () => {
    expect(deviceHealth(device({ paired: false, lastSeenAt: null }), NOW).state).toBe('unpaired');
    const revoked = deviceHealth(
      device({ paired: false, backlogCount: 2, amountAtRiskCents: 900 }),
      NOW,
    );
    expect(revoked.state).toBe('revoked');
    expect(revoked.alerts).toContainEqual({ kind: 'revoked-with-backlog', backlogCount: 2 });
    expect(deviceHealth(device({ lastSeenAt: null, lastHeartbeatAt: null }), NOW).state).toBe(
      'never-seen',
    );
  });

  it('sums the fleet: money at risk, backlog, paired and online devices, alerts', () => {
    const stale = ago(DEVICE_OFFLINE_AFTER_MS * 3);
    expect(
      summariseFleet(
        [
          device({ backlogCount: 2, amountAtRiskCents: 1300 }),
          device({
            lastSeenAt: stale,
            lastHeartbeatAt: stale,
            backlogCount: 5,
            amountAtRiskCents: 4200,
          }),
          device({ paired: false, lastSeenAt: null, backlogCount: null, amountAtRiskCents: null }),
        ],
        NOW,
      ),
    ).toEqual({
      devices: 3,
      paired: 2,
      online: 1,
      withAlerts: 1,
      backlogCount: 7,
      amountAtRiskCents: 5500,
      devicesAtRisk: 2,
    });
  });
});
