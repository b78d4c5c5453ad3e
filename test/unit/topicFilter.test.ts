import { strict as assert } from 'node:assert';
import { topicFilterError, topicMatches, topicNameError } from '../../src/shared/mqtt/topicFilter';

describe('topic filters', () => {
  const cases: [string, string, boolean][] = [
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/+/c', 'a/x/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'anything/at/all', true],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['+/+', '/x', true],
    ['a/b', 'a/b/', false],
    ['a/+', 'a/', true],
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
  ];
  for (const [filter, topic, expected] of cases) {
    it(`${filter} ${expected ? 'matches' : 'does not match'} ${topic}`, () => {
      assert.equal(topicMatches(filter, topic), expected);
    });
  }

  it('validates filters with a reason in words', () => {
    assert.equal(topicFilterError('a/+/b/#'), undefined);
    assert.match(topicFilterError('') ?? '', /empty/);
    assert.match(topicFilterError('a/#/b') ?? '', /'#'/);
    assert.match(topicFilterError('a/b#') ?? '', /'#'/);
    assert.match(topicFilterError('a/b+') ?? '', /'\+'/);
    assert.match(topicFilterError('a\u0000b') ?? '', /NUL/);
    assert.match(topicFilterError('x'.repeat(70_000)) ?? '', /65,535/);
  });

  it('refuses wildcards and empty names for publishing', () => {
    assert.equal(topicNameError('a/b'), undefined);
    assert.match(topicNameError('a/+') ?? '', /Wildcards/);
    assert.match(topicNameError('a/#') ?? '', /Wildcards/);
    assert.match(topicNameError('') ?? '', /empty/);
  });
});
