/**
 * The content hash of a recipe version (issue 14 item 5): SHA-256 over the RFC 8785 canonical
 * JSON of the recipe as its schema parsed it, without `status` (the approval flow's, not the
 * content's: a version keeps its hash from draft to effective to retired). The hub stores it
 * with every saved version; the station writes it into the plan of every order it starts, so
 * the batch record names the version and the hash the approvers signed.
 */
import { createHash } from 'node:crypto';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';

export function recipeContent(recipe: Recipe): Omit<Recipe, 'status'> {
  const { status: _status, ...content } = recipe;
  return content;
}

export function recipeContentHash(recipe: Recipe): string {
  return createHash('sha256').update(canonicalJson(recipeContent(recipe)), 'utf8').digest('hex');
}
