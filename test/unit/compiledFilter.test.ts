import { strict as assert } from 'node:assert';
import { compileTopicFilter } from '../../src/extension/topics/compiledFilter';
import { topicMatches } from '../../src/shared/mqtt/topicFilter';

const FILTERS = ['#', '+', 'a', 'a/#', 'a/+', '+/b', 'a/+/c', '+/+', 'a/b/#', '/+', '+/', '$SYS/#', '+/broker', 'a//c', 'a/+/#'];
const TOPICS = ['a', 'a/', 'a/b', 'a/b/c', 'a//c', '/', '/a', 'b', 'x/b', '$SYS/broker', '$SYS', 'a/b/c/d', 'ab', 'a/bc', ''];

describe('compiled topic filter', () => {
  for (const filter of FILTERS) {
    it(`answers as topicMatches for "${filter}" over ${TOPICS.length} topics`, () => {
      const match = compileTopicFilter(filter);
      assert.deepEqual(TOPICS.map((t) => match(t)), TOPICS.map((t) => topicMatches(filter, t)));
    });
  }
});
