/**
 * The PPE checklist of a contained material (issue 17 item 8), before its first weighing in the
 * order: every item of the band confirmed, then signed "performed" by the operator. The engine
 * refuses the scan until then (PPE_CHECKLIST_REQUIRED) and a booth of a lower class outright.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';
import { SignDialog } from './sign-dialog.tsx';
import type { StepProps } from './step-panels.tsx';

export function ContainmentPanel({ cur, busy, exec, error }: StepProps) {
  const { t, i18n } = useTranslation();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [signing, setSigning] = useState(false);
  const c = cur.weigh?.containment;
  if (!c || c.confirmed || !cur.allowed.includes('confirm-ppe')) return null;
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const items = c.items.map((i) => i.itemId);
  const all = items.every((id) => checked[id]);
  const material = cur.weigh!.materialCode;
  return (
    <div className="notice notice-warn" data-testid="ppe-checklist">
      <strong>{t('ppe.title', { material, level: c.level, boothClass: c.boothClass })}</strong>
      <p>{t('ppe.help')}</p>
      {c.items.map((i) => (
        <Checkbox key={i.itemId} label={i.text[lang]} checked={!!checked[i.itemId]} onChange={(e) => setChecked({ ...checked, [i.itemId]: e.target.checked })} data-testid={`ppe-${i.itemId}`} />
      ))}
      <Button variant="primary" big disabled={!all || busy} onClick={() => setSigning(true)} data-testid="ppe-sign">
        {t('ppe.sign')}
      </Button>
      {signing ? (
        <SignDialog
          request={{ meaning: 'performed', what: <Data>{t('ppe.what', { material, level: c.level, items: c.items.map((i) => i.text[lang]).join('; ') })}</Data>, signer: 'own-first' }}
          busy={busy}
          error={error}
          onCancel={() => setSigning(false)}
          onSign={({ username, password, otp }) => {
            void exec({ type: 'confirm-ppe', stepId: cur.stepId, items, username, password, ...(otp ? { otp } : {}) }).then((ok) => ok && setSigning(false));
          }}
        />
      ) : null}
    </div>
  );
}
