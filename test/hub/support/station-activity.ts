/**
 * Realistic ledger traffic for sync tests: an operator records comments on a batch, every
 * third one signed by her ("performed") and every fifth co-signed by a supervisor
 * ("verified"), so pages carry signatures whose targets lie in earlier pages.
 */
import { unwrap } from '../../../src-shared/result.ts';
import type { Station } from '../../../src-main/compose.ts';
import { DEMO_PASSWORD } from '../../fakes/test-station.ts';

export interface Activity {
  /** Appends at least `n` entries; returns how many were appended. */
  record(n: number): number;
}

export function stationActivity(station: Station, batchRef = 'B-001'): Activity {
  const operator = unwrap(station.auth.login('op.li', DEMO_PASSWORD));
  let signedOnce = false;
  let count = 0;
  return {
    record(n) {
      const before = station.ledger.count();
      while (station.ledger.count() - before < n) {
        count++;
        const user = station.users.byUsername('op.li')!;
        const [entry] = unwrap(station.ledger.append([{ type: 'comment.recorded', actor: user.userId, batchRef, payload: { text: `observation ${count}` } }]));
        if (count % 3 === 0) {
          unwrap(station.signatures.sign({ sessionId: operator.sessionId, targetSeq: entry!.seq, meaning: 'performed', password: DEMO_PASSWORD, ...(signedOnce ? {} : { username: 'op.li' }) }));
          signedOnce = true;
        }
        if (count % 5 === 0) {
          unwrap(station.signatures.sign({ sessionId: operator.sessionId, targetSeq: entry!.seq, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
        }
      }
      return station.ledger.count() - before;
    },
  };
}
