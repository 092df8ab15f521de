// 工作站报警（issue 13 item 5），简体中文。键与 en/alarms.ts 相同。
export const alarmsZhCN = {
  alarms: {
    title: '报警',
    titleCount: '未关闭的报警（{{count}}）',
    barCount: '未关闭的报警：{{count}}',
    details: '状态及确认人',
    detailsAcknowledge: '状态与确认',
    none: '没有未确认的报警。',
    severity: { warning: '警告', critical: '严重' },
    state: { active: '报警中', acknowledged: '已确认', 'cleared-unacknowledged': '已解除，未确认', closed: '已关闭' },
    message: {
      'environment-action': '房间 {{room}}：{{quantity}} {{value}} {{unit}} 超出行动限 {{limit}} {{unit}}',
      'ipqc-oos': '批号 {{batch}}：{{check}} {{value}} {{unit}} 超出质量标准（OOS）',
      'ipqc-oot': '批号 {{batch}}：{{check}} {{value}} {{unit}} 超出趋势（OOT）',
      'revocation-list-stale': '证书吊销列表生成于 {{thisUpdate}}，已超过 {{maxAgeHours}} 小时：在工作站与中心同步之前，拒绝使用中心签发证书的签名',
      'balance-lost': '天平 {{balance}} 失去连接：{{reason}}',
    },
    lostCause: { silent: '{{ms}} 毫秒无数据', port: '连接中断' },
    quantity: { temperature: '温度', humidity: '湿度', 'differential-pressure': '压差', 'particles-0_5um': '≥0.5 µm 粒子', 'particles-5um': '≥5 µm 粒子' },
    raisedAt: '报警时间 {{time}}',
    clearedAt: '解除时间 {{time}}',
    atHub: '已到达中心服务器',
    notAtHub: '尚未到达中心服务器',
    comment: '备注（已采取的措施）',
    acknowledge: '确认',
    onlySupervisor: '报警由主管或 QA 确认。',
  },
};
