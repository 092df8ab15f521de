/** Review and decision states as badges: a word and a symbol, never colour alone. */
import { useTranslation } from 'react-i18next';
import type { BatchDecision, ReviewState } from '../../src-shared/quality/review-contract.ts';

export function ReviewBadge({ review }: { review: ReviewState }) {
  const { t } = useTranslation();
  const cls = review === 'current' ? 'badge-ok' : review === 'outdated' ? 'badge-bad' : 'badge-muted';
  const mark = review === 'current' ? '✓ ' : review === 'outdated' ? '! ' : '';
  return <span className={`badge ${cls}`} data-testid="review-state" data-state={review}>{mark}{t(`review.${review}`)}</span>;
}

export function DecisionBadge({ decision }: { decision: BatchDecision | null }) {
  const { t } = useTranslation();
  const cls = decision === 'released' ? 'badge-ok' : decision === 'rejected' ? 'badge-bad' : 'badge-muted';
  const mark = decision === 'released' ? '✓ ' : decision === 'rejected' ? '✗ ' : '';
  return <span className={`badge ${cls}`} data-testid="decision-state" data-state={decision ?? 'pending'}>{mark}{t(`decision.${decision ?? 'pending'}`)}</span>;
}
