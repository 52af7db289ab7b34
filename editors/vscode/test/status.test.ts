import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusView, thousands } from '../src/status';

describe('statusView', () => {
  it('shows indexing progress', () => {
    const v = statusView({ state: 'indexing', done: 1200, total: 48000, reports: 1200 });
    assert.equal(v.text, '$(sync~spin) newsdesk 1,200/48,000');
    assert.match(v.tooltip, /2%/);
    assert.equal(v.busy, true);
  });
  it('shows the report count when ready', () => {
    assert.equal(statusView({ state: 'ready', done: 5, total: 5, reports: 48123 }).text, '$(checklist) newsdesk: 48,123 reports');
    assert.equal(statusView({ state: 'ready', reports: 1 }).text, '$(checklist) newsdesk: 1 report');
  });
  it('copes with partial or unknown params', () => {
    assert.equal(statusView({ state: 'indexing' }).text, '$(sync~spin) newsdesk');
    assert.equal(statusView({ state: 'indexing', done: 0, total: 0 }).text, '$(sync~spin) newsdesk');
    assert.equal(statusView(null).busy, false);
    assert.equal(statusView({ state: 'ready', reports: Number.NaN }).text, '$(checklist) newsdesk');
  });
  it('thousands', () => {
    assert.equal(thousands(0), '0');
    assert.equal(thousands(999), '999');
    assert.equal(thousands(1234567), '1,234,567');
  });
});
