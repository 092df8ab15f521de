/**
 * The personal protective equipment an operator confirms before the first weighing of a
 * contained material in an order (issue 17 item 8). The items grow with the occupational
 * exposure band (OEB 1 … 5; a band-n material needs every item of bands ≤ n). The text is part
 * of the catalogue in both languages the plant reads, so the signed checklist in the record
 * names exactly what was confirmed; the engine records the item ids and the English text.
 */
export interface PpeItem {
  itemId: string;
  /** Lowest band that needs the item. */
  fromLevel: 1 | 2 | 3 | 4 | 5;
  text: { en: string; 'zh-CN': string };
}

export const PPE_ITEMS: readonly PpeItem[] = [
  { itemId: 'gown', fromLevel: 1, text: { en: 'Clean-room gown, fully closed', 'zh-CN': '洁净服，完全闭合' } },
  { itemId: 'gloves', fromLevel: 1, text: { en: 'Nitrile gloves, intact', 'zh-CN': '丁腈手套，完好无损' } },
  { itemId: 'glasses', fromLevel: 2, text: { en: 'Safety glasses', 'zh-CN': '护目镜' } },
  { itemId: 'mask', fromLevel: 2, text: { en: 'FFP3 mask, fit-checked', 'zh-CN': 'FFP3 口罩，已做密合性检查' } },
  { itemId: 'double-gloves', fromLevel: 3, text: { en: 'Second pair of gloves, taped to the sleeves', 'zh-CN': '第二层手套，已用胶带与袖口密封' } },
  { itemId: 'coverall', fromLevel: 3, text: { en: 'Disposable coverall and overshoes', 'zh-CN': '一次性连体防护服和鞋套' } },
  { itemId: 'papr', fromLevel: 4, text: { en: 'Powered air-purifying respirator (PAPR), airflow checked', 'zh-CN': '动力送风过滤式呼吸器（PAPR），已检查气流' } },
  { itemId: 'isolator', fromLevel: 5, text: { en: 'Isolator glove ports and pressure checked; material handled inside the isolator only', 'zh-CN': '已检查隔离器手套口和压力；物料仅在隔离器内操作' } },
];

/** The checklist of a band: every item needed from that band down. */
export function ppeChecklist(level: number): PpeItem[] {
  return PPE_ITEMS.filter((i) => i.fromLevel <= level);
}
