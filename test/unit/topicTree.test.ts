import { strict as assert } from 'node:assert';
import { TopicIndex } from '../../src/extension/topics/topicIndex';
import { ROOT, TopicTree } from '../../src/extension/topics/topicTree';

function indexOf(topics: string[]): TopicIndex {
  const index = new TopicIndex();
  topics.forEach((topic, seq) => { index.count(topic, 2, false, 1000 + seq, seq); });
  return index;
}

const childNames = (tree: TopicTree, node: number) => tree.childIds(node).map((id) => tree.name(id)).sort();

describe('topic tree', () => {
  it('has the first levels of the topics as the root children', () => {
    const tree = TopicTree.of(indexOf(['a/b', 'a/c', 'x', '$SYS/broker/uptime']));
    assert.deepEqual(childNames(tree, ROOT), ['$SYS', 'a', 'x']);
  });

  it('finds a node by its path and gives the path back', () => {
    const tree = TopicTree.of(indexOf(['home/kitchen/temp']));
    assert.equal(tree.path(tree.find('home/kitchen')!), 'home/kitchen');
  });

  it('keeps an empty level as a node of its own', () => {
    const tree = TopicTree.of(indexOf(['/a']));
    assert.deepEqual(childNames(tree, ROOT), ['']);
  });

  it('sums the counts and bytes of a subtree, the node\'s own topic included', () => {
    const tree = TopicTree.of(indexOf(['a', 'a/b', 'a/b', 'a/c/d', 'z']));
    const stats = tree.stats(tree.find('a')!);
    assert.deepEqual([stats.count, stats.bytes, stats.topicsBelow], [4, 8, 2]);
  });

  it('grows with topics tracked after it was built', () => {
    const index = indexOf(['a/b']);
    const tree = TopicTree.of(index);
    index.count('a/c', 1, false, 0, 9);
    assert.deepEqual(childNames(tree, tree.find('a')!), ['b', 'c']);
  });

  it('starts again from the index after the index was cleared', () => {
    const index = indexOf(['a/b']);
    TopicTree.of(index);
    index.clear();
    index.count('q', 1, false, 0, 0);
    const tree = TopicTree.of(index);
    assert.deepEqual([childNames(tree, ROOT), tree.find('a')], [['q'], undefined]);
  });

  it('lists the topics of a subtree as index slots', () => {
    const index = indexOf(['a/b', 'a/c', 'b']);
    const tree = TopicTree.of(index);
    assert.deepEqual(tree.slotsBelow(tree.find('a')!).map((s) => index.topic(s)).sort(), ['a/b', 'a/c']);
  });

  it('does not find a path where nothing was received', () => {
    const tree = TopicTree.of(indexOf(['a/b']));
    assert.equal(tree.find('a/x'), undefined);
  });
});
