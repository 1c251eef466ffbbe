// Strings of the shell's kill switch and halt banner, merged into the app's locales as `kill`
// (en.ts, zh-CN.ts). Both languages have the same keys (the type says so).

export const killEn = {
  button: 'Kill switch',
  buttonHint: 'Stop all trading now',
  engaged: { halted: 'Trading halted', 'reduce-only': 'Reduce-only' },
  scopeAll: 'all accounts',
  release: 'Release',
  confirm: {
    title: 'Kill switch',
    body: 'Stops every strategy on the chosen accounts and cancels every open order. It stays engaged — across restarts — until someone releases it.',
    scope: 'Accounts',
    mode: 'Mode',
    modes: { halted: 'Halt: nothing is sent', 'reduce-only': 'Reduce-only: only orders that reduce a position' },
    cancelOrders: 'Cancel all open orders',
    flatten: 'Also flatten positions (sell the spot balances of traded instruments at market)',
    go: 'Halt and cancel all open orders',
    goReduceOnly: 'Reduce-only and cancel all open orders',
  },
  done: '{{stopped}} strategies stopped, {{canceled}} orders canceled, {{unknown}} not confirmed yet, {{flattened}} positions flattened',
  banner: {
    global: { halted: 'Trading is halted on all accounts since {{time}} — {{reason}}.', 'reduce-only': 'All accounts are reduce-only since {{time}} — {{reason}}.' },
    account: { halted: 'Trading is halted on {{account}} since {{time}} — {{reason}}.', 'reduce-only': '{{account}} is reduce-only since {{time}} — {{reason}}.' },
    stopped: 'Account {{account}} is stopped by reconciliation ({{status}}): nothing trades until its differences are settled.',
    review: 'Review on the Trading screen',
  },
  status: { halted: 'halted', 'needs-decision': 'needs a decision' },
};

export const killZhCN: typeof killEn = {
  button: '紧急停止',
  buttonHint: '立即停止全部交易',
  engaged: { halted: '交易已停止', 'reduce-only': '只减仓' },
  scopeAll: '全部账户',
  release: '解除',
  confirm: {
    title: '紧急停止',
    body: '停止所选账户上的全部策略并撤销全部挂单。解除之前一直有效（重启后仍然有效）。',
    scope: '账户',
    mode: '方式',
    modes: { halted: '停止：不再发送任何订单', 'reduce-only': '只减仓：只允许减少持仓的订单' },
    cancelOrders: '撤销全部挂单',
    flatten: '同时平仓（以市价卖出已交易品种的现货余额）',
    go: '停止并撤销全部挂单',
    goReduceOnly: '只减仓并撤销全部挂单',
  },
  done: '已停止 {{stopped}} 个策略，已撤销 {{canceled}} 个订单，{{unknown}} 个尚未确认，已平仓 {{flattened}} 个',
  banner: {
    global: { halted: '全部账户的交易已停止，自 {{time}} 起 — {{reason}}。', 'reduce-only': '全部账户只减仓，自 {{time}} 起 — {{reason}}。' },
    account: { halted: '账户 {{account}} 的交易已停止，自 {{time}} 起 — {{reason}}。', 'reduce-only': '账户 {{account}} 只减仓，自 {{time}} 起 — {{reason}}。' },
    stopped: '账户 {{account}} 已被对账停止（{{status}}）：差异处理完之前不会交易。',
    review: '在交易页面查看',
  },
  status: { halted: '已停止', 'needs-decision': '需要决定' },
};
