/**
 * IQ of time (COMPLIANCE A11-22, §6 attack 1): the clock is not behind the station's newest
 * entry, the operating system reports a synchronised time source, and — when a hub is given —
 * the clock is within DRIFT_LIMIT_MS of the hub's, measured at the midpoint of the round trip.
 */
import { spawnSync } from 'node:child_process';
import { check, type QualificationCheck } from './qualification-check.ts';

/** Annex 11 asks for a trustworthy clock; a minute is the limit the compliance map names. */
export const DRIFT_LIMIT_MS = 60_000;

export async function timeChecks(now: () => Date, lastEntryTime: string | null, hubUrl: string | undefined): Promise<QualificationCheck[]> {
  const at = now();
  const checks = [
    lastEntryTime === null
      ? check('IQ', 'IQ-12', 'Clock not behind the ledger', 'the clock is at or after the newest entry', 'the ledger has no entry to compare with', 'n/a')
      : check('IQ', 'IQ-12', 'Clock not behind the ledger', `at or after the newest entry (${lastEntryTime})`, `clock ${at.toISOString()}`, at.getTime() >= Date.parse(lastEntryTime)),
    timeSourceCheck(),
  ];
  checks.push(hubUrl === undefined ? check('IQ', 'IQ-14', 'Clock drift against the hub', `within ${DRIFT_LIMIT_MS / 1000} s of the hub`, 'no hub given', 'n/a') : await driftCheck(now, hubUrl));
  return checks;
}

function timeSourceCheck(): QualificationCheck {
  const expected = 'the operating system reports its clock synchronised (NTP)';
  if (process.platform !== 'linux') return check('IQ', 'IQ-13', 'Time source', expected, `not read on ${process.platform}: check the time service by hand; drift against the hub is measured`, 'n/a');
  const r = spawnSync('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], { encoding: 'utf8', timeout: 3000 });
  const answer = (r.stdout ?? '').trim();
  if (r.error || r.status !== 0 || (answer !== 'yes' && answer !== 'no')) {
    const why = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n')[0] || `exit ${r.status}`;
    return check('IQ', 'IQ-13', 'Time source', expected, `timedatectl cannot tell (${why}); drift against the hub is the evidence`, 'n/a');
  }
  return check('IQ', 'IQ-13', 'Time source', expected, `timedatectl: NTPSynchronized=${answer}`, answer === 'yes');
}

async function driftCheck(now: () => Date, hubUrl: string): Promise<QualificationCheck> {
  const expected = `within ${DRIFT_LIMIT_MS / 1000} s of the hub at ${hubUrl}`;
  const before = now().getTime();
  let body: unknown;
  try {
    const res = await fetch(`${hubUrl.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(10_000) });
    body = await res.json();
  } catch (e) {
    return check('IQ', 'IQ-14', 'Clock drift against the hub', expected, `the hub did not answer: ${(e as Error).message}`, false);
  }
  const after = now().getTime();
  const hubTime = typeof body === 'object' && body !== null && typeof (body as { time?: unknown }).time === 'string' ? Date.parse((body as { time: string }).time) : NaN;
  if (Number.isNaN(hubTime)) return check('IQ', 'IQ-14', 'Clock drift against the hub', expected, 'the hub /health answer carries no time', false);
  const drift = hubTime - (before + after) / 2;
  return check('IQ', 'IQ-14', 'Clock drift against the hub', expected, `station ${drift >= 0 ? 'behind' : 'ahead of'} the hub by ${(Math.abs(drift) / 1000).toFixed(3)} s (round trip ${after - before} ms)`, Math.abs(drift) <= DRIFT_LIMIT_MS);
}
