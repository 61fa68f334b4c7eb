import assert from 'node:assert/strict';
import { didYouMean, editDistance, similarNames, suggester } from '../../src/core/config';

describe('similar names for "Did you mean …?"', () => {
  it('editDistance counts inserts, deletes, substitutions and swapped neighbours; stops above the cap', () => {
    assert.equal(editDistance('aks-prod-workload', 'aks-prod-workload'), 0);
    assert.equal(editDistance('aks-prod-workoad', 'aks-prod-workload'), 1, 'a letter left out');
    assert.equal(editDistance('prod-entra-grpah', 'prod-entra-graph'), 1, 'two letters swapped');
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3, 'capped: cap + 1');
    assert.equal(editDistance('a', 'abcdefgh', 2), 3, 'lengths too far apart: cap + 1 at once');
  });

  it('similarNames: another case first, then the nearest, at most three, none beyond what a typo explains', () => {
    const names = [
      'aks-prod-workload',
      'AKS-prod-workload',
      'aks-prod-workloads',
      'aks-dev-workload',
      'vm-runner',
    ];
    assert.deepEqual(similarNames('aks-prod-workoad', names), [
      'aks-prod-workload',
      'AKS-prod-workload',
      'aks-prod-workloads',
    ]);
    assert.deepEqual(
      similarNames('Aks-Prod-Workload', names).slice(0, 2).sort(),
      ['AKS-prod-workload', 'aks-prod-workload'].sort(),
      'both other cases rank before any edit',
    );
    assert.deepEqual(similarNames('vm-runner', names), [], 'the name itself is not offered');
    assert.deepEqual(similarNames('ci', ['cd', 'ca', 'x']), ['ca', 'cd'], 'short names: one edit');
    assert.deepEqual(similarNames('completely-different', names), []);
  });

  it('didYouMean words one, two or three names', () => {
    assert.equal(didYouMean([]), '');
    assert.equal(didYouMean(['a']), ' Did you mean "a"?');
    assert.equal(didYouMean(['a', 'b']), ' Did you mean "a" or "b"?');
    assert.equal(didYouMean(['a', 'b', 'c']), ' Did you mean "a", "b" or "c"?');
  });

  it('a suggester stops after its limit (a file of another organization has every name unknown)', () => {
    const suggest = suggester(2);
    assert.deepEqual(suggest('ab', ['ac']), ['ac']);
    assert.deepEqual(suggest('ab', ['ac']), ['ac']);
    assert.deepEqual(suggest('ab', ['ac']), []);
  });
});
