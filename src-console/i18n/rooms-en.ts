// Console text for the rooms and excursions screen (issue 13), English.
// Spread into the catalogue (en.ts); zh-CN mirrors every key (console-i18n.test.ts checks it).
export const roomsEn = {
  rooms: {
    title: 'Rooms and excursions',
    hint: "Each room's alert and action limits per quantity and its state now, as the hub's environmental monitoring sees it, and the excursions beyond the limits. Acknowledge an excursion with a comment on what was done; the hub records who and when. Limits are changed in the room master data.",
    roomsTitle: 'Rooms',
    noRooms: 'No rooms in the master data.',
    noLimits: 'No limits set for this room.',
    alertLimits: 'Alert limits',
    actionLimits: 'Action limits',
    state: 'State now',
    lastValue: 'Last reading',
    noReading: 'No reading yet',
    levels: { normal: 'Within limits', alert: 'Alert', action: 'Action' },
    excursionsTitle: 'Excursions',
    openOnly: 'Only excursions still open',
    noExcursions: 'No excursions.',
    comment: 'Comment (what was done, at least 3 characters)',
    acknowledge: 'Acknowledge',
  },
};
