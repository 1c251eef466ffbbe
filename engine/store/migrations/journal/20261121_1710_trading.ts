import { sql, type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
// Trading: accounts (never a secret), orders and their events, fills (unique venue trade id per
// account), the ledger, position and daily PnL snapshots, the kill switch, deployments.
// Decimals are TEXT in canonical form (engine/trading/decimal.ts), never REAL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trading_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('paper', 'exchange')`))
    .addColumn('venue', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sandbox', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sandbox in (0, 1)`))
    .addColumn('base_url', 'text')
    .addColumn('max_order_notional', 'text')
    .addColumn('options', 'text', (c) => c.check(sql`options is null or json_valid(options)`))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('account_id', 'text', (c) => c.notNull().references('trading_accounts.id'))
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('buy', 'sell')`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('price', 'text')
    .addColumn('trigger_price', 'text')
    .addColumn('time_in_force', 'text', (c) => c.notNull())
    .addColumn('reduce_only', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text')
    .addColumn('venue_order_id', 'text')
    .addColumn('filled_qty', 'text', (c) => c.notNull())
    .addColumn('filled_notional', 'text', (c) => c.notNull())
    .addColumn('fee', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('spec', 'text', (c) => c.notNull().check(sql`json_valid(spec)`))
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('ts_init', 'integer', (c) => c.notNull())
    .addColumn('ts_last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('orders_pk', ['account_id', 'client_order_id'])
    .execute();
  await db.schema.createIndex('orders_status').on('orders').columns(['account_id', 'status']).execute();
  await db.schema.createIndex('orders_strategy').on('orders').columns(['strategy_id', 'ts_init']).execute();
  await db.schema.createIndex('orders_venue_id').on('orders').columns(['account_id', 'venue_order_id']).execute();

  await db.schema
    .createTable('order_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('ts_event', 'integer', (c) => c.notNull())
    .addColumn('ts_init', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().check(sql`json_valid(payload)`))
    .addForeignKeyConstraint('order_events_order', ['account_id', 'client_order_id'], 'orders', ['account_id', 'client_order_id'])
    .execute();
  await db.schema.createIndex('order_events_order').on('order_events').columns(['account_id', 'client_order_id', 'seq']).execute();

  await db.schema
    .createTable('order_event_refusals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().check(sql`json_valid(payload)`))
    .addColumn('ts', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fills')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('trade_id', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('venue_order_id', 'text')
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('buy', 'sell')`))
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('price', 'text', (c) => c.notNull())
    .addColumn('fee', 'text', (c) => c.notNull())
    .addColumn('fee_currency', 'text', (c) => c.notNull())
    .addColumn('liquidity', 'text')
    .addColumn('ts_event', 'integer', (c) => c.notNull())
    .addColumn('ts_init', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('fills_pk', ['account_id', 'trade_id'])
    .addForeignKeyConstraint('fills_order', ['account_id', 'client_order_id'], 'orders', ['account_id', 'client_order_id'])
    .execute();
  await db.schema.createIndex('fills_order').on('fills').columns(['account_id', 'client_order_id']).execute();
  await db.schema.createIndex('fills_time').on('fills').columns(['account_id', 'ts_event']).execute();

  await db.schema
    .createTable('ledger')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('trade', 'fee', 'deposit', 'withdrawal', 'funding', 'adjustment')`))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text')
    .addColumn('ts_event', 'integer', (c) => c.notNull())
    .addColumn('ts_init', 'integer', (c) => c.notNull())
    .addUniqueConstraint('ledger_once', ['account_id', 'kind', 'currency', 'ref'])
    .execute();
  await db.schema.createIndex('ledger_account_currency').on('ledger').columns(['account_id', 'currency', 'id']).execute();

  await db.schema
    .createTable('position_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ts', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('avg_price', 'text', (c) => c.notNull())
    .addColumn('realized_pnl', 'text', (c) => c.notNull())
    .addColumn('fees', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('position_snapshots_key').on('position_snapshots').columns(['account_id', 'strategy_id', 'instrument_id', 'ts']).execute();

  await db.schema
    .createTable('pnl_daily')
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('avg_price', 'text', (c) => c.notNull())
    .addColumn('mark', 'text')
    .addColumn('realized_pnl', 'text', (c) => c.notNull())
    .addColumn('unrealized_pnl', 'text')
    .addColumn('fees', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pnl_daily_pk', ['day', 'account_id', 'strategy_id', 'instrument_id'])
    .execute();

  await db.schema
    .createTable('kill_switch')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('off', 'halted', 'reduce-only')`))
    .addColumn('reason', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('flatten', 'integer', (c) => c.notNull())
    .addColumn('ts_event', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('trading_accounts.id'))
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('strategy_version', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().check(sql`json_valid(params)`))
    .addColumn('symbols', 'text', (c) => c.notNull().check(sql`json_valid(symbols)`))
    .addColumn('timeframe', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.check(sql`state is null or json_valid(state)`))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deployments_account').on('deployments').columns(['account_id', 'status']).execute();
}
