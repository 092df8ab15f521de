/**
 * A calculation's parse reason in the reader's language (FR-118): the station's parser gives a
 * code and values (src-shared/recipe/form-expression.ts); the console words them from its
 * catalogue (designer.fb.exprReason, designer.fb.exprAt), what then where. The English
 * catalogue says what the parser's own English words say (expression-words.test.ts).
 */
import type { TFunction } from 'i18next';
import type { ExpressionReasonCode, ExpressionReasonParams } from '../../src-shared/recipe/form-expression.ts';

export function expressionReason(t: TFunction, code: ExpressionReasonCode, params: ExpressionReasonParams): string {
  const what = t(`designer.fb.exprReason.${code}`, { ...params });
  if (params.position === undefined) return what;
  const where = params.found === undefined ? 'plain' : params.found === null ? 'end' : 'token';
  return t(`designer.fb.exprAt.${where}`, { what, position: params.position, found: params.found ?? '' });
}

