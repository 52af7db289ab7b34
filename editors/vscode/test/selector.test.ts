import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusRoots, documentFilters, hasCorpus, isAbsoluteGlob, isInside } from '../src/selector';

describe('corpusRoots', () => {
  it('keeps the outermost folder holding newsdesk.toml', () => {
    assert.deepEqual(
      corpusRoots(['/w/news/newsdesk.toml', '/w/news/tass/newsdesk.toml', '/w/other/newsdesk.toml', '/w/news/newsdesk.toml']),
      ['/w/news', '/w/other'],
    );
  });
  it('does not confuse sibling prefixes', () => {
    assert.deepEqual(corpusRoots(['/w/news/newsdesk.toml', '/w/newsroom/newsdesk.toml']), ['/w/news', '/w/newsroom']);
    assert.equal(isInside('/w/newsroom', '/w/news'), false);
    assert.equal(isInside('C:\\w\\news\\a', 'C:\\w\\news'), true);
  });
});

describe('documentFilters', () => {
  it('selects .txt reports under each corpus root, never all plain text', () => {
    const f = documentFilters(['file:///w/news'], [], ['file:///w']);
    assert.deepEqual(f, [{ scheme: 'file', pattern: { baseUri: 'file:///w/news', pattern: '**/*.txt' } }]);
    for (const filter of f) {
      assert.equal((filter as { language?: string }).language, undefined);
    }
  });
  it('applies relative include globs to every workspace folder and keeps absolute ones', () => {
    const f = documentFilters([], ['./reports/**/*.txt', '/data/wire/*.txt', ' '], ['file:///a', 'file:///b']);
    assert.deepEqual(f, [
      { scheme: 'file', pattern: { baseUri: 'file:///a', pattern: 'reports/**/*.txt' } },
      { scheme: 'file', pattern: { baseUri: 'file:///b', pattern: 'reports/**/*.txt' } },
      { scheme: 'file', pattern: '/data/wire/*.txt' },
    ]);
  });
  it('removes duplicates', () => {
    assert.equal(documentFilters(['file:///w'], ['/x/*.txt', '/x/*.txt'], []).length, 2);
  });
});

describe('hasCorpus', () => {
  it('needs a newsdesk.toml or an include glob', () => {
    assert.equal(hasCorpus([], []), false);
    assert.equal(hasCorpus([], ['  ']), false);
    assert.equal(hasCorpus(['file:///w'], []), true);
    assert.equal(hasCorpus([], ['*.txt']), true);
    assert.equal(isAbsoluteGlob('D:/news/*.txt'), true);
    assert.equal(isAbsoluteGlob('news/*.txt'), false);
  });
});
