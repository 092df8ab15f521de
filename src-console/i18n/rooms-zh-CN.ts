// Console text for the rooms and excursions screen (issue 13), zh-CN (mirrors rooms-en.ts).
export const roomsZhCN = {
  rooms: {
    title: '房间与环境偏离',
    hint: '各房间每个监测项的警戒限和行动限及其当前状态（以中心环境监测为准），以及超出限度的偏离。确认偏离时请填写已采取的措施；中心记录确认人和时间。限度在房间主数据中修改。',
    roomsTitle: '房间',
    noRooms: '主数据中没有房间。',
    noLimits: '该房间未设定限度。',
    alertLimits: '警戒限',
    actionLimits: '行动限',
    state: '当前状态',
    lastValue: '最近读数',
    noReading: '尚无读数',
    levels: { normal: '限度内', alert: '警戒', action: '行动' },
    excursionsTitle: '环境偏离',
    openOnly: '仅显示仍在进行的偏离',
    noExcursions: '没有环境偏离。',
    comment: '备注（已采取的措施，至少 3 个字符）',
    acknowledge: '确认',
  },
};
