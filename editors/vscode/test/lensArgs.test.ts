import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShowReferencesArgs } from '../src/lensArgs';

const loc = { uri: 'file:///c/rt/a.txt', range: { start: { line: 6, character: 0 }, end: { line: 6, character: 40 } } };

describe('parseShowReferencesArgs', () => {
  it('accepts the server lens arguments', () => {
    assert.deepEqual(parseShowReferencesArgs(['file:///c/i/b.txt', { line: 15, character: 2 }, [loc]]), {
      uri: 'file:///c/i/b.txt',
      position: { line: 15, character: 2 },
      locations: [loc],
    });
  });
  it('accepts a text document identifier as the first argument', () => {
    assert.equal(parseShowReferencesArgs([{ uri: 'file:///x.txt' }, { line: 0, character: 0 }, []])?.uri, 'file:///x.txt');
  });
  it('drops malformed locations and rejects malformed calls', () => {
    assert.deepEqual(
      parseShowReferencesArgs(['file:///x.txt', { line: 0, character: 0 }, [loc, { uri: 3 }, null]])?.locations,
      [loc],
    );
    assert.equal(parseShowReferencesArgs([]), undefined);
    assert.equal(parseShowReferencesArgs(['file:///x.txt', { line: -1, character: 0 }, []]), undefined);
    assert.equal(parseShowReferencesArgs(['file:///x.txt', { line: 0, character: 0 }, 'nope']), undefined);
  });
});
