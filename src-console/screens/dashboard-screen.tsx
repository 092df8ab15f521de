/**
 * Dashboards (issue 15 item 4; FR-57): production progress, the review and release queue,
 * deviations and CAPA by age and class, sync health, OEE (not available until equipment signals
 * reach the hub) and right first time. Each panel draws one hub figure API's numbers. The wall
 * display (#/dashboard/wall, or #/dashboard/wall/<seconds>) hides the navigation, enlarges the
 * type and reloads every figure by itself (default every 60 s), in the language chosen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { AgeingPanel, OeePanel, ProductionPanel, ReviewQueuePanel, RightFirstTimePanel, SyncPanel } from './dashboard-panels.tsx';

export const WALL_REFRESH_SECONDS = 60;

export function DashboardScreen({ route }: { route: string[] }) {
  const { t } = useTranslation();
  const { navigate } = useConsole();
  const wall = route[0] === 'wall';
  const asked = Number(route[1]);
  const seconds = wall && Number.isInteger(asked) && asked >= 2 && asked <= 3600 ? asked : WALL_REFRESH_SECONDS;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    document.body.classList.toggle('wall-mode', wall);
    if (!wall) return () => document.body.classList.remove('wall-mode');
    const timer = setInterval(() => setTick((n) => n + 1), seconds * 1000);
    return () => {
      clearInterval(timer);
      document.body.classList.remove('wall-mode');
    };
  }, [wall, seconds]);
  return (
    <div className="dashboard" data-testid="dashboard" data-wall={wall} data-tick={tick}>
      <h1>{t('dash.title')}</h1>
      <div className="toolbar">
        <Button onClick={() => setTick((n) => n + 1)}>{t('common.refresh')}</Button>
        {wall ? (
          <Button onClick={() => navigate('dashboard')} data-testid="dash-leave-wall">
            {t('dash.leaveWall')}
          </Button>
        ) : (
          <Button onClick={() => navigate('dashboard/wall')} data-testid="dash-wall">
            {t('dash.wall')}
          </Button>
        )}
      </div>
      <div className="dash-grid">
        <ProductionPanel tick={tick} seconds={wall ? seconds : null} />
        <ReviewQueuePanel tick={tick} />
        <AgeingPanel tick={tick} />
        <SyncPanel tick={tick} />
        <RightFirstTimePanel tick={tick} />
        <OeePanel tick={tick} />
      </div>
    </div>
  );
}
