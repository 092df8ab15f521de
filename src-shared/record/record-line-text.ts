/**
 * The words of a record line (record-line.ts) in each language the plant reads: templates with
 * {name} placeholders, and the labels of every code list. Both catalogues must hold the same
 * keys; record-line-text.test.ts fails on a gap and on a Latin word in a zh-CN template.
 */
import { RECORD_ENUMS, type RecordEnum, type RecordLine } from './record-line.ts';
import { RECONCILIATION_WORDS } from './reconciliation-lines.ts';

export const RECORD_LOCALES = ['en', 'zh-CN'] as const;
export type RecordLocale = (typeof RECORD_LOCALES)[number];

export interface RecordLineText {
  lines: Record<string, string>;
  codes: Record<RecordEnum, Record<string, string>>;
}

const en: RecordLineText = {
  lines: {
    entry: 'Entry {type}',
    orderImported: 'Order imported ({source}, {file}): {product}, recipe {recipe} v{version}, batch size {size}',
    orderStarted: 'Order started in {booth}; recipe {recipe} v{version}; master data {age} min old',
    orderCompleted: 'Order completed: {steps} steps, {portions} portions, {deviations} deviations',
    timerStarted: 'Timer started for {seconds} s (ends {endsAt})',
    labelPrinted: '{count} label(s) ({kind}) printed on {printer}',
    labelRecorded: '{count} label(s) ({kind}) recorded, no printer',
    labelPreviewed: '{count} label(s) ({kind}) previewed in training, not printed',
    containerScanned: 'Container {container} verified: {material}, lot {lot} {status}, expiry {expiry}, retest {retest}, {left} left; take {target} ({lower} … {upper})',
    containerScannedPartial: 'Container {container} verified: {material}, lot {lot} {status}, expiry {expiry}, retest {retest}, {left} left; take {target} ({lower} … {upper}), partial portion',
    balanceSelected: 'Balance {balance} ({model}, S/N {serial}, readability {readability}) qualified: calibration {certificate} due {due}, checked {checkedAt}, minimum weight {minimum}',
    weighWindow: 'weigh {target} ({lower} … {upper})',
    chosenByStation: 'chosen by the station among {candidates} (the finest that qualifies)',
    campaignStarted: 'Campaign {campaign} of {material} started in {booth} for {orders} order(s); previous material {previous}',
    campaignJoined: 'Weighed in campaign {campaign} of {material} in {booth} (order {position} of {of})',
    campaignEnded: 'Campaign {campaign} of {material} ended in {booth}: {completed} line(s) complete, {open} left open',
    changeoverRecorded: 'Changeover of {booth} recorded, {from} to {to} ({reason}): cleaned and line cleared',
    holdUntil: 'pre-weighed material on hold until {until}',
    kitScanned: 'Dispensed container {container} ({material}, lot {lot}, {net}) scanned into the kit ({scanned} of {of})',
    kitStaged: 'Kit of {count} container(s) staged at {location}',
    kitHandedOver: 'Kit of {count} container(s) handed over from {location}',
    kitCharged: 'Container {container} ({material}, lot {lot}, {net}) verified and charged at the point of use',
    holdChecked: 'hold time until {until} checked',
    stepCharge: 'Charge complete: {count} container(s) charged',
    volumeMeasured: 'Measured {volume} on {device} ({resolution} steps) of {container}: {net} at {density}; volume window {lower} … {upper}: {outcome}',
    volumeShown: 'makes {volume} at {density}',
    labelReprintRequested: 'Reprint of label {label} requested: {reason}',
    labelReprinted: 'Label {label} REPRINTED on {printer}, marked REPRINT',
    labelReprintPreviewed: 'Label {label} reprint previewed in training, not printed',
    labelPrintRequested: 'Print of {count} label(s) recorded before it was sent to the printer',
    labelPrintFailed: 'The print recorded in entry {seq} failed ({code}): no label was printed',
    labelPrintFailedUnknown: 'The print recorded in entry {seq} failed ({code}) after its data may have reached the printer: outcome unknown, its labels must be accounted for',
    labelPrintSettledApplied: 'Print of entry {seq} settled at the printer: {count} label(s) came out and are applied to their containers ({reason})',
    labelPrintSettledDestroyed: 'Print of entry {seq} settled at the printer: {count} label(s) came out and were destroyed, counted ({reason})',
    labelPrintSettledNone: 'Print of entry {seq} settled at the printer: no label came out ({reason})',
    labelUsed: 'Label {label} used on its container',
    labelDestroyed: 'Label {label} destroyed: {reason}',
    ppeConfirmed: 'PPE checklist for {material} ({level}) confirmed in {booth} (containment class {boothClass}): {items}',
    pieceCount: '{count} pieces ({pieces} at {pieceWeight} each), count window {lower} … {upper}',
    containerNotSuggested: 'NOT THE SUGGESTED CONTAINER (first expiry, first in: {suggested}): {reason}',
    typedByHand: 'TYPED BY HAND, verified by a supervisor: {reason}',
    beyondStock: "{shortfall} MORE THAN THE CONTAINER'S RECORDED STOCK",
    stockDiscrepancy: 'Stock discrepancy: {withdrawn} taken from {container}, which held {recorded} on record ({shortfall} more); a supervisor decides',
    stockDiscrepancyResolved: 'Stock discrepancy {decision} (stock of {container} set to {left} once approved): {reason}',
    portionLimits: 'portion limits {lower} … {upper}',
    pureSubstance: 'counts {contribution} of pure substance (× {fraction})',
    potencyAnhydrous: 'potency-adjusted target: {line} of pure substance ÷ ({assay} % assay × (100 − {water}) % water = {fraction}) = {target}',
    potencyAsIs: 'potency-adjusted target: {line} of pure substance ÷ ({assay} % assay, as is = {fraction}) = {target}',
    tareRequested: 'Balance {balance} to be tared again: the tare of entry {seq} no longer holds',
    tared: 'Tare ({method}): {reading}',
    weighed: 'Weighed {net} net (portion {portion}, {container} on {balance}); line total {cumulative} in {lower} … {upper}: {outcome}',
    deviationRaised: 'Deviation {id} ({category}) raised: {reason}',
    reason_yield_out_of_limits: 'Deviation {id} ({category}) raised: yield {percent} % is outside the recipe\'s limits {lower} % – {upper} % ({actual} of {theoretical})',
    reason_balance_not_closed: 'Deviation {id} ({category}) raised: the material balance does not close',
    reason_balance_material: '{material} issued {issued}, dispensed {dispensed}, returned {returned}, wasted {wasted}: difference {difference} beyond ±{tolerance}',
    reason_return_discrepancy: 'Deviation {id} ({category}) raised: container {container}: {difference} against its theoretical remaining — {note}',
    reason_ipqc_oos_above: 'Deviation {id} ({category}) raised: {check} ({checkId}) {value} {unit} is above the specification {lower} … {upper} {unit} (check #{occurrence})',
    reason_ipqc_oos_below: 'Deviation {id} ({category}) raised: {check} ({checkId}) {value} {unit} is below the specification {lower} … {upper} {unit} (check #{occurrence})',
    reason_ipqc_oot: 'Deviation {id} ({category}) raised: {check} ({checkId}) {value} {unit} is out of trend (check #{occurrence})',
    reason_ipqc_rules: 'trend rules broken: {rules}',
    environmentExcursion: 'Environmental excursion {event} in room {room}: {quantity} at the {level} level since {startedAt}, peak {peak} {unit} (limit {limit} {unit})',
    equipmentCleaned: 'Equipment {equipment} cleaned ({level} clean) from {startedAt} to {endedAt} with {agent}: {note}',
    equipmentMaintained: 'Preventive maintenance of equipment {equipment} at {at}: {note}',
    equipmentBrokeDown: 'Breakdown of equipment {equipment} at {at}: {note}',
    equipmentUsed: 'Equipment {equipment} ({class}) used for {product}: qualified (PQ {pq}), calibration due {calibrationDue}, maintenance due {maintenanceDue}, cleaning {cleaning} at {cleanedAt}',
    signed: 'Signed "{meaning}" by {name} ({username}) for entry {target}',
    corrected: 'Correction of entry {target}: {reason}',
    refused: 'Refused {command} at {step}: {code}',
    comment: 'Comment: {text}',
    balanceCheckPassed: 'Periodic check of balance {balance} passed ({points} test weights)',
    balanceCheckFailed: 'Periodic check of balance {balance} FAILED ({points} test weights)',
    masterDataApplied: 'Master data applied: {changes} changes ({origin})',
    userCreated: 'Account {username} ({name}) created with roles {roles}; identity: {verification}',
    userIdentityVerified: 'Identity of {user} verified: {method}',
    userRolesChanged: 'Roles of {user} changed from {old} to {new}: {reason}',
    userDisabled: 'Account {user} disabled: {reason}',
    userEnabled: 'Account {user} enabled: {reason}',
    passwordReset: 'Password of {user} reset by an administrator (one-time password)',
    passwordChanged: 'Password of {user} changed by its holder',
    userLocked: 'Account {user} locked ({reason}, {attempts} failed attempts)',
    userUnlocked: 'Account {user} unlocked: {reason}',
    certificateIssued: 'Certificate issued ({kind}) to {subject}, serial {serial}, valid {from} to {until}',
    revocationsReceived: 'Revocation list {number} of the hub CA received ({count} revoked certificates, issued {at})',
    revokedUseRefused: 'Signature of {user} on entry {seq} refused: the signing certificate was revoked at {revokedAt}',
    reissueRequested: 'Re-issue of the signing certificate of {user} requested: {reason}',
    reissueApproved: 'Re-issue of the signing certificate of {user} approved (request entry {request}; holder identified: {method})',
    login: '{user} logged in',
    loginFailed: 'Failed login as {username}: {code} ({attempts} failed attempts)',
    logout: '{user} logged out ({reason})',
    sessionLocked: 'Session of {user} locked ({reason})',
    sessionUnlocked: 'Session of {user} unlocked',
    stationInitialised: 'Station {station} ({name}, {site}) initialised; zone {zone}; software {version}',
    deviceInputRefused: 'Input from scanner {device} on {port} ignored: the device there ({found}) is not the enrolled one ({expected}); data {data}',
    settingsChanged: 'Settings "{key}" changed from {old} to {new}: {reason}',
    timeUntrusted: 'Station clock NOT TRUSTED: {drift} s off the hub (limit {max} s; hub {hubTime}, station {stationTime}); GMP work {policy}',
    timeTrusted: 'Station clock trusted again: {drift} s off the hub (hub {hubTime}, station {stationTime})',
    settingsChangedApproved: 'Settings "{key}" changed from {old} to {new} as proposed in entry {proposal}, approved by signature {approval}: {reason}; configuration version {version}',
    settingsProposed: 'Change of settings "{key}" proposed, waiting for approval: {reason} (against configuration version {version})',
    startedWithFlags: 'Station started ({command}) with flags that override the configuration: {flags} (configuration version {version})',
    softwareUpgraded: 'Software changed from {from} to {to}',
    esigAcknowledged: 'Account {user} signed that their electronic signature is the legally binding equivalent of their handwritten signature ({signedAt})',
    mfaEnrolled: 'Account {user} enrolled a second factor for signing ({method})',
    // The system's own reason ("dormant: no login for N days") is worded here, not shown as stored English (FR-102).
    userDisabledDormant: 'Account {user} disabled by the station after {days} days without login',
    backupCreated: 'Backup written to {file} (up to entry {seq})',
    backupFailed: 'Backup to {file} (entry {seq}) failed ({code}): no backup was written, the partial file was removed',
    backupFailedLeft: 'Backup to {file} (entry {seq}) failed ({code}): no backup was written; the partial file could not be removed',
    backupRestored: 'Restored from {file} (up to entry {seq})',
    auditExported: 'Audit trail exported: {count} entries ({format})',
    enrolmentRequested: 'Enrolment requested at {hub} (request {request})',
    enrolled: 'Enrolled at {hub} (request {request})',
    countersigned: 'Hub countersigned the first {size} entries at {at}',
    hubBehind: 'Hub {hub} holds only up to entry {hubSeq}, though it had acknowledged {acknowledged}: it was restored from an older backup; the missing history is sent again',
    qualified: 'IQ/OQ run by {by}: qualified ({pass} checks passed, software {version})',
    notQualified: 'IQ/OQ run by {by}: NOT qualified ({fail} checks failed, {pass} passed, software {version})',
    stepInstruction: 'Instruction acknowledged',
    stepChecklist: 'Checklist confirmed ({items} items)',
    stepChecklistBalances: 'Checklist confirmed ({items} items); balances qualified: {balances}',
    stepParameter: '{name}: {value} {unit} (limits {min} … {max} {unit})',
    stepIpc: '{name}: {value} {unit} (limits {min} … {max} {unit})',
    stepIpcOut: '{name}: {value} {unit} (limits {min} … {max} {unit}), OUT OF LIMITS',
    stepTimer: 'Timer stopped after {elapsed} s (minimum {minimum} s, maximum {maximum} s)',
    stepTimerOut: 'Timer stopped after {elapsed} s (minimum {minimum} s, maximum {maximum} s), EXCEEDED',
    stepStatement: 'Statement: {statement}',
    stepForm: 'Form recorded: {values}',
    formPartOpen: 'Part of the form recorded: {values}; still to fill (by another role): {open}',
    formPartLast: 'Last part of the form recorded: {values}; the form is complete',
    formValueCorrected: 'Form value corrected (entry {target}): {field} {old} → {new}{recalculated}; reason: {reason}',
    formValueCorrectionStale: 'Form value correction (entry {target}) NOT APPLIED: stale (value in force {inForce}): {field} {old} → {new}{recalculated}; signed when {field} was already {inForce}, the value stays {inForce}; reason: {reason}',
    formValueCorrectionStaleReturned: 'Form value correction (entry {target}) NOT APPLIED: stale (the value it replaces, {old}, was corrected by others and back to {inForce} before it was signed): {field} {old} → {new}{recalculated}; the value stays {inForce}; reason: {reason}',
    formValueCorrectionUnsigned: 'Form value correction (entry {target}) NOT SIGNED "corrected" by its recorder: no effect, not applied: {field} {old} → {new}{recalculated}; reason: {reason}',
    formValueCorrectionNoForm: 'Form value correction (entry {target}) NOT APPLIED: the order has no such form: {field} {old} → {new}{recalculated}; reason: {reason}',
    formValueCorrectionInconsistent: 'Form value correction (entry {target}) NOT APPLIED: record inconsistent, {field} is calculated or not a recorded field of the form: {field} {old} → {new}{recalculated}; reason: {reason}',
    stepRecorded: 'Step recorded ({stepType})',
    ...RECONCILIATION_WORDS.en.lines,
  },
  codes: {
    qcStatus: { quarantine: 'quarantine', released: 'released', rejected: 'rejected', 'on-hold': 'on hold' },
    outcome: { accepted: 'accepted', partial: 'partial portion', 'out-of-tolerance': 'out of tolerance, not counted' },
    method: { net: 'balance tare', gross: 'empty vessel', subtraction: 'full source container', count: 'balance tare, by count' },
    meaning: { performed: 'Performed', verified: 'Verified', reviewed: 'Reviewed', approved: 'Approved', released: 'Released', rejected: 'Rejected' },
    category: { 'out-of-tolerance': 'out of tolerance', 'ipc-out-of-limits': 'IPC out of limits', 'timer-exceeded': 'timer exceeded', 'master-data-stale': 'master data too old', other: 'other', reconciliation: 'reconciliation', 'yield-out-of-limits': 'yield out of limits', 'environment-excursion': 'room environment at the action level' },
    stepType: { instruction: 'instruction', 'line-clearance': 'line clearance', 'equipment-check': 'equipment check', parameter: 'parameter', ipc: 'in-process control', timer: 'timer', signature: 'signature', label: 'label', weigh: 'weighing', 'scan-material': 'material scan', kit: 'kit', charge: 'charge', form: 'form' },
    returnFinding: RECONCILIATION_WORDS.en.returnFinding,
    labelKind: { 'dispensed-material': 'dispensed material', 'batch-status': 'batch status', 'room-status': 'room status' },
    verdict: { below: 'below tolerance', within: 'within tolerance', above: 'above tolerance' },
    changeoverReason: { 'material-change': 'material change', 'material-flag': 'material requires it', precaution: 'precaution' },
    decision: { accepted: 'accepted', rejected: 'rejected', ...RECONCILIATION_WORDS.en.decision },
    source: { json: 'JSON file', b2mml: 'B2MML file', api: 'ERP interface', demo: 'demo' },
    role: { operator: 'operator', supervisor: 'supervisor', qa: 'QA', qp: 'QP', admin: 'administrator' },
    sessionReason: { user: 'by the user', inactivity: 'inactivity', shutdown: 'shutdown', concurrent: 'the same account logged in again' },
    lockReason: { failed_attempts: 'too many failed attempts', admin: 'by an administrator' },
    certificateKind: { 'user-signing': 'signing key of a person', station: 'station' },
    verification: { pending: 'to be verified by a second person', installation: 'verified at installation' },
    timePolicy: { block: 'blocked', flag: 'allowed and flagged' },
    quantity: { temperature: 'temperature', humidity: 'relative humidity', 'differential-pressure': 'differential pressure', 'particles-0.5um': 'particles ≥ 0.5 µm', 'particles-5um': 'particles ≥ 5 µm' },
    envEvent: { started: 'started', escalated: 'reached the action level', ended: 'ended' },
    envLevel: { alert: 'alert', action: 'action' },
    equipmentClass: { mixer: 'mixer', granulator: 'granulator', dryer: 'dryer', mill: 'mill', blender: 'blender', 'tablet-press': 'tablet press', coater: 'coater', 'capsule-filler': 'capsule filler', vessel: 'vessel', room: 'room', instrument: 'instrument', other: 'other equipment' },
    cleaningBasis: { cleaned: 'cleaned', campaign: 'not needed in a campaign of the same product', 'same-batch': 'in use by this batch' },
    cleaningLevel: { minor: 'minor', major: 'major' },
  },
};

const zhCN: RecordLineText = {
  lines: {
    entry: '记录 {type}',
    orderImported: '订单已导入（{source}，{file}）：产品 {product}，配方 {recipe} 第 {version} 版，批量 {size}',
    orderStarted: '订单已在 {booth} 开始；配方 {recipe} 第 {version} 版；主数据已有 {age} 分钟',
    orderCompleted: '订单已完成：{steps} 个步骤，{portions} 份，{deviations} 个偏差',
    timerStarted: '计时器已启动 {seconds} 秒（结束于 {endsAt}）',
    labelPrinted: '已在 {printer} 打印 {count} 张标签（{kind}）',
    labelRecorded: '已记录 {count} 张标签（{kind}），无打印机',
    labelPreviewed: '培训模式：已预览 {count} 张标签（{kind}），未打印',
    containerScanned: '容器 {container} 已核对：物料 {material}，批号 {lot}（{status}），有效期 {expiry}，复验期 {retest}，剩余 {left}；称取 {target}（{lower} … {upper}）',
    containerScannedPartial: '容器 {container} 已核对：物料 {material}，批号 {lot}（{status}），有效期 {expiry}，复验期 {retest}，剩余 {left}；称取 {target}（{lower} … {upper}），部分称量',
    balanceSelected: '天平 {balance}（{model}，序列号 {serial}，实际分度值 {readability}）已确认合格：校准证书 {certificate}，到期 {due}，期间核查 {checkedAt}，最小称量 {minimum}',
    weighWindow: '称取 {target}（{lower} … {upper}）',
    chosenByStation: '由工作站自动选择，候选 {candidates}（取合格者中分度值最细的）',
    campaignStarted: '集中称量 {campaign}（物料 {material}）已在 {booth} 开始，共 {orders} 个工单；上一物料 {previous}',
    campaignJoined: '在集中称量 {campaign}（物料 {material}，{booth}）中称量（第 {position} 个，共 {of} 个）',
    campaignEnded: '集中称量 {campaign}（物料 {material}）已在 {booth} 结束：{completed} 个物料行完成，{open} 个未完成',
    changeoverRecorded: '{booth} 换批已记录，从 {from} 到 {to}（{reason}）：已清洁并清场',
    holdUntil: '预称物料放置期限至 {until}',
    kitScanned: '已称容器 {container}（{material}，批号 {lot}，{net}）已扫描入配料套件（第 {scanned} 个，共 {of} 个）',
    kitStaged: '配料套件（{count} 个容器）已暂存于 {location}',
    kitHandedOver: '配料套件（{count} 个容器）已从 {location} 交接',
    kitCharged: '容器 {container}（{material}，批号 {lot}，{net}）已在使用点核对并投料',
    holdChecked: '已核对放置期限至 {until}',
    stepCharge: '投料完成：已投 {count} 个容器',
    volumeMeasured: '在 {device}（分度 {resolution}）量取 {container} {volume}：按 {density} 计 {net}；体积范围 {lower} … {upper}：{outcome}',
    volumeShown: '按 {density} 折合 {volume}',
    labelReprintRequested: '申请补打标签 {label}：{reason}',
    labelReprinted: '标签 {label} 已在 {printer} 补打，标有“补打”字样',
    labelReprintPreviewed: '标签 {label} 的补打仅在培训中预览，未打印',
    labelPrintRequested: '发送至打印机前已记录 {count} 张标签的打印',
    labelPrintFailed: '记录 {seq} 所记的打印失败（{code}）：未打印标签',
    labelPrintFailedUnknown: '记录 {seq} 所记的打印失败（{code}），数据可能已送达打印机：结果未知，须清点其标签',
    labelPrintSettledApplied: '记录 {seq} 所记的打印已在打印机处结清：打出 {count} 张标签，已贴于其容器（{reason}）',
    labelPrintSettledDestroyed: '记录 {seq} 所记的打印已在打印机处结清：打出 {count} 张标签，已清点并销毁（{reason}）',
    labelPrintSettledNone: '记录 {seq} 所记的打印已在打印机处结清：未打出标签（{reason}）',
    labelUsed: '标签 {label} 已贴于其容器',
    labelDestroyed: '标签 {label} 已销毁：{reason}',
    ppeConfirmed: '已在 {booth}（隔离等级 {boothClass}）确认 {material}（{level}）的个人防护装备检查表：{items}',
    pieceCount: '{count} 粒（按单粒 {pieceWeight} 计为 {pieces}），数量范围 {lower} … {upper}',
    containerNotSuggested: '未使用建议的容器（先到期先出、先进先出：{suggested}）：{reason}',
    typedByHand: '手工录入，已由主管复核：{reason}',
    beyondStock: '比容器记录库存多取 {shortfall}',
    stockDiscrepancy: '库存差异：从 {container} 取用 {withdrawn}，记录库存为 {recorded}（多取 {shortfall}）；由主管决定',
    stockDiscrepancyResolved: '库存差异已{decision}（批准后 {container} 库存设为 {left}）：{reason}',
    portionLimits: '本份限度 {lower} … {upper}',
    pureSubstance: '折纯计入 {contribution}（× {fraction}）',
    potencyAnhydrous: '按效价调整的目标量：纯品 {line} ÷（含量 {assay} % ×（100 − 水分 {water}）% = {fraction}）= {target}',
    potencyAsIs: '按效价调整的目标量：纯品 {line} ÷（含量 {assay} %，按原样 = {fraction}）= {target}',
    tareRequested: '天平 {balance} 将重新去皮：记录 {seq} 的皮重不再有效',
    tared: '去皮（{method}）：{reading}',
    weighed: '称得净重 {net}（第 {portion} 份，容器 {container}，天平 {balance}）；物料行累计 {cumulative}，范围 {lower} … {upper}：{outcome}',
    deviationRaised: '已提出偏差 {id}（{category}）：{reason}',
    reason_yield_out_of_limits: '已提出偏差 {id}（{category}）：收率 {percent} % 超出配方限度 {lower} % – {upper} %（实际 {actual}，理论 {theoretical}）',
    reason_balance_not_closed: '已提出偏差 {id}（{category}）：物料平衡不闭合',
    reason_balance_material: '{material} 发放 {issued}，称量 {dispensed}，退回 {returned}，损耗 {wasted}：差值 {difference} 超出 ±{tolerance}',
    reason_return_discrepancy: '已提出偏差 {id}（{category}）：容器 {container} 与理论剩余量相差 {difference} — {note}',
    reason_ipqc_oos_above: '已提出偏差 {id}（{category}）：{check}（{checkId}）{value} {unit} 高于质量标准 {lower} … {upper} {unit}（第 {occurrence} 次检查）',
    reason_ipqc_oos_below: '已提出偏差 {id}（{category}）：{check}（{checkId}）{value} {unit} 低于质量标准 {lower} … {upper} {unit}（第 {occurrence} 次检查）',
    reason_ipqc_oot: '已提出偏差 {id}（{category}）：{check}（{checkId}）{value} {unit} 超出趋势（第 {occurrence} 次检查）',
    reason_ipqc_rules: '违反的趋势规则：{rules}',
    environmentExcursion: '房间 {room} 环境偏移{event}：{quantity} 自 {startedAt} 起处于{level}级别，峰值 {peak} {unit}（限度 {limit} {unit}）',
    equipmentCleaned: '设备 {equipment} 已清洁（{level}），{startedAt} 至 {endedAt}，清洁剂 {agent}：{note}',
    equipmentMaintained: '设备 {equipment} 预防性维护，时间 {at}：{note}',
    equipmentBrokeDown: '设备 {equipment} 故障，时间 {at}：{note}',
    equipmentUsed: '设备 {equipment}（{class}）用于 {product}：性能确认文件 {pq}，校准到期 {calibrationDue}，维护到期 {maintenanceDue}，清洁 {cleaning}，时间 {cleanedAt}',
    signed: '{name}（{username}）已签名“{meaning}”，对应记录 {target}',
    corrected: '更正记录 {target}：{reason}',
    refused: '已拒绝 {command}（步骤 {step}）：{code}',
    comment: '备注：{text}',
    balanceCheckPassed: '天平 {balance} 期间核查通过（{points} 个砝码）',
    balanceCheckFailed: '天平 {balance} 期间核查未通过（{points} 个砝码）',
    masterDataApplied: '已应用主数据：{changes} 项变更（{origin}）',
    userCreated: '已创建账户 {username}（{name}），角色 {roles}；身份：{verification}',
    userIdentityVerified: '已核实 {user} 的身份：{method}',
    userRolesChanged: '{user} 的角色由 {old} 改为 {new}：{reason}',
    userDisabled: '账户 {user} 已停用：{reason}',
    userEnabled: '账户 {user} 已启用：{reason}',
    passwordReset: '管理员已重置 {user} 的密码（一次性密码）',
    passwordChanged: '{user} 本人已修改密码',
    userLocked: '账户 {user} 已锁定（{reason}，失败 {attempts} 次）',
    userUnlocked: '账户 {user} 已解锁：{reason}',
    certificateIssued: '已签发证书（{kind}）给 {subject}，序列号 {serial}，有效期 {from} 至 {until}',
    revocationsReceived: '已收到中心证书颁发机构的吊销列表 {number}（{count} 张已吊销证书，签发于 {at}）',
    revokedUseRefused: '{user} 对条目 {seq} 的签名被拒绝：签名证书已于 {revokedAt} 吊销',
    reissueRequested: '已申请重新签发 {user} 的签名证书：{reason}',
    reissueApproved: '已批准重新签发 {user} 的签名证书（申请条目 {request}；持有人身份核实：{method}）',
    login: '{user} 已登录',
    loginFailed: '以 {username} 登录失败：{code}（失败 {attempts} 次）',
    logout: '{user} 已退出（{reason}）',
    sessionLocked: '{user} 的会话已锁定（{reason}）',
    sessionUnlocked: '{user} 的会话已解锁',
    stationInitialised: '工作站 {station}（{name}，{site}）已初始化；时区 {zone}；软件版本 {version}',
    deviceInputRefused: '已忽略扫描器 {device}（{port}）的输入：该端口上的设备（{found}）不是已登记的设备（{expected}）；数据 {data}',
    settingsChanged: '设置“{key}”由 {old} 改为 {new}：{reason}',
    timeUntrusted: '工作站时钟不可信：与中心相差 {drift} 秒（限值 {max} 秒；中心 {hubTime}，工作站 {stationTime}）；生产操作{policy}',
    timeTrusted: '工作站时钟恢复可信：与中心相差 {drift} 秒（中心 {hubTime}，工作站 {stationTime}）',
    settingsChangedApproved: '设置“{key}”由 {old} 改为 {new}，已按条目 {proposal} 的提议变更，由签名 {approval} 批准：{reason}；配置版本 {version}',
    settingsProposed: '已提议变更设置“{key}”，等待批准：{reason}（基于配置版本 {version}）',
    startedWithFlags: '工作站以覆盖配置的启动参数启动（{command}）：{flags}（配置版本 {version}）',
    softwareUpgraded: '软件由 {from} 变更为 {to}',
    esigAcknowledged: '账户 {user} 已签署确认：其电子签名与手写签名具有同等法律效力（{signedAt}）',
    mfaEnrolled: '账户 {user} 已登记签名用第二因素（{method}）',
    userDisabledDormant: '账户 {user} 连续 {days} 天未登录，已由工作站停用',
    backupCreated: '已备份到 {file}（至记录 {seq}）',
    backupFailed: '备份到 {file}（记录 {seq}）失败（{code}）：未写入备份，不完整的文件已删除',
    backupFailedLeft: '备份到 {file}（记录 {seq}）失败（{code}）：未写入备份，不完整的文件未能删除',
    backupRestored: '已从 {file} 恢复（至记录 {seq}）',
    auditExported: '已导出审计追踪：{count} 条（{format}）',
    enrolmentRequested: '已向 {hub} 申请注册（申请 {request}）',
    enrolled: '已在 {hub} 注册（申请 {request}）',
    countersigned: '中心已会签前 {size} 条记录，时间 {at}',
    hubBehind: '中心 {hub} 只保存到记录 {hubSeq}，但曾确认至 {acknowledged}：中心已从较早的备份恢复；缺失的记录将重新发送',
    qualified: '{by} 执行了安装/运行确认：合格（{pass} 项通过，软件版本 {version}）',
    notQualified: '{by} 执行了安装/运行确认：不合格（{fail} 项未通过，{pass} 项通过，软件版本 {version}）',
    stepInstruction: '已确认操作说明',
    stepChecklist: '检查清单已确认（{items} 项）',
    stepChecklistBalances: '检查清单已确认（{items} 项）；合格天平：{balances}',
    stepParameter: '{name}：{value} {unit}（限度 {min} … {max} {unit}）',
    stepIpc: '{name}：{value} {unit}（限度 {min} … {max} {unit}）',
    stepIpcOut: '{name}：{value} {unit}（限度 {min} … {max} {unit}），超出限度',
    stepTimer: '计时器在 {elapsed} 秒后停止（最短 {minimum} 秒，最长 {maximum} 秒）',
    stepTimerOut: '计时器在 {elapsed} 秒后停止（最短 {minimum} 秒，最长 {maximum} 秒），已超时',
    stepStatement: '声明：{statement}',
    stepForm: '表单已记录：{values}',
    formPartOpen: '表单部分已记录：{values}；待（其他角色）填写：{open}',
    formPartLast: '表单最后部分已记录：{values}；表单已完整',
    formValueCorrected: '表单数值已更正（记录 {target}）：{field} {old} → {new}{recalculated}；理由：{reason}',
    formValueCorrectionStale: '表单数值更正（记录 {target}）未生效：已过时（现行值 {inForce}）：{field} {old} → {new}{recalculated}；签名时 {field} 已为 {inForce}，值仍为 {inForce}；理由：{reason}',
    formValueCorrectionStaleReturned: '表单数值更正（记录 {target}）未生效：已过时（其所替换的值 {old} 在其签名前已被他人更正，又改回 {inForce}）：{field} {old} → {new}{recalculated}；值仍为 {inForce}；理由：{reason}',
    formValueCorrectionUnsigned: '表单数值更正（记录 {target}）未经其记录人以“更正”签名：无效，未生效：{field} {old} → {new}{recalculated}；理由：{reason}',
    formValueCorrectionNoForm: '表单数值更正（记录 {target}）未生效：该工单无此表单：{field} {old} → {new}{recalculated}；理由：{reason}',
    formValueCorrectionInconsistent: '表单数值更正（记录 {target}）未生效：记录不一致，{field} 为计算字段或非表单已记录字段：{field} {old} → {new}{recalculated}；理由：{reason}',
    stepRecorded: '步骤已记录（{stepType}）',
    ...RECONCILIATION_WORDS['zh-CN'].lines,
  },
  codes: {
    qcStatus: { quarantine: '待验', released: '已放行', rejected: '不合格', 'on-hold': '暂停使用' },
    outcome: { accepted: '已接受', partial: '部分称量', 'out-of-tolerance': '超出允差，不计入' },
    method: { net: '天平去皮', gross: '空容器', subtraction: '满源容器', count: '天平去皮（计数）' },
    meaning: { performed: '操作', verified: '复核', reviewed: '审核', approved: '批准', released: '放行', rejected: '拒绝' },
    category: { 'out-of-tolerance': '超出允差', 'ipc-out-of-limits': '中间控制超限', 'timer-exceeded': '超时', 'master-data-stale': '主数据过期', other: '其他', reconciliation: '物料平衡', 'yield-out-of-limits': '收率超限', 'environment-excursion': '房间环境达到行动限' },
    stepType: { instruction: '操作说明', 'line-clearance': '清场', 'equipment-check': '设备检查', parameter: '工艺参数', ipc: '中间控制', timer: '计时', signature: '签名', label: '标签', weigh: '称量', 'scan-material': '物料扫描', kit: '配料套件', charge: '投料', form: '表单' },
    returnFinding: RECONCILIATION_WORDS['zh-CN'].returnFinding,
    labelKind: { 'dispensed-material': '已称物料', 'batch-status': '批状态', 'room-status': '房间状态' },
    verdict: { below: '低于允差', within: '在允差内', above: '高于允差' },
    changeoverReason: { 'material-change': '物料变更', 'material-flag': '物料要求', precaution: '预防' },
    decision: { accepted: '接受', rejected: '拒绝', ...RECONCILIATION_WORDS['zh-CN'].decision },
    source: { json: 'JSON 文件', b2mml: 'B2MML 文件', api: 'ERP 接口', demo: '演示' },
    role: { operator: '操作员', supervisor: '主管', qa: '质量保证', qp: '质量受权人', admin: '系统管理员' },
    sessionReason: { user: '本人操作', inactivity: '无操作超时', shutdown: '关机', concurrent: '同一账户再次登录' },
    lockReason: { failed_attempts: '失败次数过多', admin: '管理员操作' },
    certificateKind: { 'user-signing': '个人签名密钥', station: '工作站' },
    verification: { pending: '待第二人核实', installation: '安装时已核实' },
    timePolicy: { block: '已阻止', flag: '允许但已标记' },
    quantity: { temperature: '温度', humidity: '相对湿度', 'differential-pressure': '压差', 'particles-0.5um': '≥ 0.5 µm 粒子', 'particles-5um': '≥ 5 µm 粒子' },
    envEvent: { started: '开始', escalated: '达到行动限', ended: '结束' },
    envLevel: { alert: '警戒', action: '行动' },
    equipmentClass: { mixer: '混合机', granulator: '制粒机', dryer: '干燥机', mill: '粉碎机', blender: '总混机', 'tablet-press': '压片机', coater: '包衣机', 'capsule-filler': '胶囊充填机', vessel: '容器罐', room: '房间', instrument: '仪器', other: '其他设备' },
    cleaningBasis: { cleaned: '已清洁', campaign: '同品种连续生产，无需清洁', 'same-batch': '本批次使用中' },
    cleaningLevel: { minor: '一般清洁', major: '彻底清洁' },
  },
};

export const RECORD_LINE_TEXT: Record<RecordLocale, RecordLineText> = { en, 'zh-CN': zhCN };

export function recordLocale(locale: string): RecordLocale {
  return locale.startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * The line in words. `formatTime` shows an ISO time in the reader's zone (the screens pass
 * their own); without it the ISO string is shown as recorded. A code missing from a list is
 * shown as the code itself, never dropped.
 */
export function renderRecordLine(l: RecordLine, locale: string, formatTime?: (iso: string) => string): string {
  return renderRecordLineParts(l, locale, formatTime)
    .map((p) => p.text)
    .join('');
}

/**
 * A record line as pieces: the template's words (`data: false`, in the reader's language) and
 * the entry's own values (`data: true`: lot numbers, material names, masses as recorded), so a
 * screen can mark the plant's data as not-to-be-translated (HTML translate="no") and a language
 * check can tell an untranslated word from a material name.
 */
export function renderRecordLineParts(l: RecordLine, locale: string, formatTime?: (iso: string) => string): { text: string; data: boolean }[] {
  const sep = { text: recordLocale(locale) === 'zh-CN' ? '；' : '; ', data: false };
  const clauses = [l, ...(l.extra ?? [])].map((x) => renderClause(x, locale, formatTime));
  return clauses.flatMap((c, i) => (i === 0 ? c : [sep, ...c]));
}

function renderClause(l: Omit<RecordLine, 'extra'>, locale: string, formatTime?: (iso: string) => string): { text: string; data: boolean }[] {
  const text = RECORD_LINE_TEXT[recordLocale(locale)];
  const template = text.lines[l.key] ?? text.lines.entry!;
  const parts: { text: string; data: boolean }[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index), data: false });
    last = m.index + m[0].length;
    const name = m[1]!;
    const raw = name === 'type' && l.values.type === undefined ? l.key : l.values[name];
    const list = l.codes[name];
    if (raw === undefined) parts.push({ text: '—', data: false });
    // A list of codes (roles) is recorded as "a, b": each is translated.
    else if (list) parts.push({ text: String(raw).split(', ').map((c) => text.codes[list][c] ?? c).join(', '), data: false });
    else if (l.times.includes(name) && formatTime && typeof raw === 'string') parts.push({ text: formatTime(raw), data: false });
    else parts.push({ text: String(raw), data: true });
  }
  if (last < template.length) parts.push({ text: template.slice(last), data: false });
  return parts;
}

/** Every code list name, for catalogue tests. */
export { RECORD_ENUMS };
