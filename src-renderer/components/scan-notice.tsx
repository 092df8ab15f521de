/** Tells the operator that a scan arrived where no scan is expected (it went nowhere). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScans } from '../scanner/scan-store.ts';

export function ScanIgnoredNotice() {
  const { t } = useTranslation();
  const ignored = useScans((s) => s.ignored);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!ignored) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), 4000);
    return () => clearTimeout(timer);
  }, [ignored]);
  if (!visible || !ignored) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="scan-ignored">
      {t('scan.ignored')} ({ignored.data})
    </div>
  );
}
