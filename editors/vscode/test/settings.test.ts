import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSeverity, parseThreshold, RULE_SETTINGS, toServerConfig } from '../src/settings';

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('toServerConfig', () => {
  it('maps rule settings to diagnostic codes', () => {
    const cfg = toServerConfig(
      getter({
        'rules.boilerplate': 'hint',
        'rules.missingDateline': 'off',
        'rules.malformedDateline': 'error',
        'rules.mismatchedQuote': 'warning',
        'quotes.threshold': 0.8,
      }),
    );
    assert.deepEqual(cfg, {
      rules: {
        boilerplate: 'hint',
        'missing-dateline': 'off',
        'malformed-dateline': 'error',
        'mismatched-quote': 'warning',
      },
      quotes: { threshold: 0.8 },
    });
  });

  it('leaves "default" and unset values to newsdesk.toml', () => {
    assert.deepEqual(
      toServerConfig(getter({ 'rules.boilerplate': 'default', 'quotes.threshold': null })),
      { rules: {}, quotes: {} },
    );
    assert.deepEqual(toServerConfig(getter({})), { rules: {}, quotes: {} });
  });

  it('covers the later rules too', () => {
    const cfg = toServerConfig(getter({ 'rules.quoteVariant': 'information', 'rules.reusedPassage': 'hint' }));
    assert.deepEqual(cfg.rules, { 'quote-variant': 'information', 'reused-passage': 'hint' });
  });

  it('produces JSON-serialisable output with kebab-case codes only', () => {
    const all = Object.fromEntries(Object.keys(RULE_SETTINGS).map((k) => [`rules.${k}`, 'error']));
    const cfg = toServerConfig(getter(all));
    for (const code of Object.keys(cfg.rules)) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(cfg)), cfg);
  });
});

describe('parsers', () => {
  it('parseSeverity accepts aliases and rejects junk', () => {
    assert.equal(parseSeverity('Warn'), 'warning');
    assert.equal(parseSeverity('info'), 'information');
    assert.equal(parseSeverity(' none '), 'off');
    assert.equal(parseSeverity('fatal'), undefined);
    assert.equal(parseSeverity(3), undefined);
  });
  it('parseThreshold clamps to 0..1 and rejects non-numbers', () => {
    assert.equal(parseThreshold(1.5), 1);
    assert.equal(parseThreshold(-2), 0);
    assert.equal(parseThreshold('0.7'), 0.7);
    assert.equal(parseThreshold(''), undefined);
    assert.equal(parseThreshold(Number.NaN), undefined);
    assert.equal(parseThreshold('high'), undefined);
  });
});
