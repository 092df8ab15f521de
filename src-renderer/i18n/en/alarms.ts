// Alarms at the station (issue 13 item 5), English. zh-CN/alarms.ts has the same keys.
export const alarmsEn = {
  alarms: {
    title: 'Alarms',
    titleCount: 'Open alarms ({{count}})',
    barCount: 'Open alarms: {{count}}',
    barCleared: '(cleared, not acknowledged)',
    details: 'State and who acknowledges',
    detailsAcknowledge: 'State and acknowledgement',
    none: 'No open alarms.',
    severity: { warning: 'Warning', critical: 'CRITICAL' },
    state: { active: 'Active', acknowledged: 'Acknowledged', 'cleared-unacknowledged': 'Cleared, not acknowledged', closed: 'Closed' },
    message: {
      'environment-action': 'Room {{room}}: {{quantity}} {{value}} {{unit}} beyond the action limit {{limit}} {{unit}}',
      'ipqc-oos': 'Batch {{batch}}: {{check}} {{value}} {{unit}} out of specification (OOS)',
      'ipqc-oot': 'Batch {{batch}}: {{check}} {{value}} {{unit}} out of trend (OOT)',
      'revocation-list-stale': 'The certificate revocation list is from {{thisUpdate}}, older than {{maxAgeHours}} h: signatures with hub-issued certificates are refused until the station syncs with the hub',
      'balance-lost': 'Balance {{balance}} lost: {{reason}}',
    },
    lostCause: { silent: 'no data for {{ms}} ms', port: 'the connection failed' },
    // Keyed without a dot (i18next's key separator): particles-0.5um is particles-0_5um.
    quantity: { temperature: 'temperature', humidity: 'humidity', 'differential-pressure': 'differential pressure', 'particles-0_5um': 'particles ≥0.5 µm', 'particles-5um': 'particles ≥5 µm' },
    raisedAt: 'Raised {{time}}',
    clearedAt: 'cleared {{time}}',
    atHub: 'at the hub',
    notAtHub: 'not yet at the hub',
    comment: 'Comment (what was done)',
    acknowledge: 'Acknowledge',
    onlySupervisor: 'A supervisor or QA acknowledges alarms.',
  },
};
