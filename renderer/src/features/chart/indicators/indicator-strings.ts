// Strings of the chart's indicator picker, added to the app's locales under `indicators`
// (registered at first use, so the shared locale files need no edit). Both languages have the same keys.

export const indicatorsEn = {
  button: 'Indicators',
  title: 'Add an indicator',
  search: 'Search indicators',
  overlay: 'On price',
  pane: 'Own pane',
  placement: 'Draw',
  add: 'Add',
  apply: 'Apply',
  cancel: 'Cancel',
  remove: 'Remove {{name}}',
  edit: 'Edit {{name}}',
  computing: 'Computing {{name}}…',
  failed: '{{name}}: {{message}}',
  none: 'No indicator matches.',
  range: '{{min}} – {{max}}',
  groups: { overlap: 'Moving averages & bands', momentum: 'Momentum', trend: 'Trend', volatility: 'Volatility', volume: 'Volume', statistic: 'Statistics', price: 'Price studies' },
};

export const indicatorsZhCN: typeof indicatorsEn = {
  button: '指标',
  title: '添加指标',
  search: '搜索指标',
  overlay: '主图叠加',
  pane: '副图',
  placement: '绘制位置',
  add: '添加',
  apply: '应用',
  cancel: '取消',
  remove: '移除 {{name}}',
  edit: '编辑 {{name}}',
  computing: '正在计算 {{name}}…',
  failed: '{{name}}：{{message}}',
  none: '没有匹配的指标。',
  range: '{{min}} – {{max}}',
  groups: { overlap: '均线与通道', momentum: '动量', trend: '趋势', volatility: '波动率', volume: '成交量', statistic: '统计', price: '价格形态' },
};
