"""Tests of the alignment scorer's bookkeeping (no binary needed)."""

import unittest

from align import check_gold, clean_links, f1, pairs_of, unmatched


class AlignScorerTest(unittest.TestCase):
    def test_beyond_paragraphs_leave_links_and_empty_links_go(self):
        links = [[[0], [0]], [[1, 2], [1]], [[3], []], [[], [2]]]
        cleaned = clean_links(links, beyond_a={2, 3}, beyond_b={2})
        self.assertEqual(cleaned, [(frozenset({0}), frozenset({0})), (frozenset({1}), frozenset({1}))])

    def test_pairs_and_unmatched_sides(self):
        links = clean_links([[[0, 1], [0]], [[2], []], [[], [1]]], set(), set())
        self.assertEqual(pairs_of(links), {(0, 0), (1, 0)})
        self.assertEqual(unmatched(links, 0), {2})
        self.assertEqual(unmatched(links, 1), {1})

    def test_gold_must_cover_every_paragraph_once(self):
        item = {"a": "x", "b": "y", "links": [[[0], [0]], [[1], []]], "beyond": {"a": [], "b": [1]}}
        check_gold(item, 2, 2)
        with self.assertRaises(SystemExit):
            check_gold(item, 3, 2)

    def test_f1_of_nothing_predicted_is_zero_recall(self):
        self.assertEqual(f1(0, 0, 4), (1.0, 0.0, 0.0))
        self.assertEqual(f1(2, 4, 2), (0.5, 1.0, 2 / 3))


if __name__ == "__main__":
    unittest.main()
